"""Page templates, frames and the fixed parts of every page.

Takes a Layout, Styles, the page furniture (title band, footer texts) and the PDF metadata; gives back
a ReportLab document that lays out a story into PDF bytes: a first page under a coloured title band,
later pages with the full frame, and a footer with source, date and "page n of N" on every page.
A print-ready layout (``Layout.print_marks``) puts the finished page in the middle of a larger sheet:
the title band runs into the bleed, crop marks stand outside it, and every page gets a TrimBox (the
finished size) and a BleedBox. Every colour is CMYK: ReportLab's RGB defaults become CMYK black and
any other RGB colour fails the build.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import LayoutError

from . import fonts
from .icons import icon_drawing
from .layouts import Layout, PrintMarks
from .markup import to_paragraph
from .styles import Styles

BAND_TEXT_TOP = 9 * mm  # the least room above the title band's text, clear of the printer's edge
BAND_TEXT_BOTTOM = 3 * mm  # the least room below it
ICON_PADDING = 7 * mm  # around the band's icon
FOOTER_BASE = 9 * mm  # the footer's lowest line, clear of office printers' unprintable edge


@dataclass(frozen=True)
class Furniture:
    """What the fixed parts of the pages print."""

    title: str
    subtitle: str | None
    series: str
    icon: str
    footer: str
    page_label: str  # with {page} and {pages}


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple
    lang: str


class _CountingCanvas(Canvas):
    """Holds pages back until the end so each can print the total page count."""

    def __init__(self, *args, on_final_page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._on_final_page = on_final_page

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for state in self._pages:
            self.__dict__.update(state)
            self._on_final_page(self, self._pageNumber, len(self._pages))
            super().showPage()
        super().save()


def print_boxes(width: float, height: float, marks: PrintMarks | None) -> dict:
    """The sheet size and the TrimBox and BleedBox of a page whose finished size is width x height."""
    if marks is None:
        return {"pagesize": (width, height)}
    o, b = marks.margin, marks.bleed
    return {"pagesize": (width + 2 * o, height + 2 * o), "trimBox": (o, o, o + width, o + height),
            "bleedBox": (o - b, o - b, o + width + b, o + height + b)}


def draw_crop_marks(canvas, width: float, height: float, marks: PrintMarks) -> None:
    """Marks at the finished page's corners (its origin at 0, 0), each starting past the bleed."""
    near, far = marks.bleed + marks.gap, marks.margin
    canvas.saveState()
    canvas.setStrokeColor(marks.colour)
    canvas.setLineWidth(marks.weight)
    for x, y in ((0, 0), (width, 0), (0, height), (width, height)):
        out_x, out_y = (-1 if x == 0 else 1), (-1 if y == 0 else 1)
        canvas.line(x + out_x * near, y, x + out_x * far, y)
        canvas.line(x, y + out_y * near, x, y + out_y * far)
    canvas.restoreState()


class LeafletDocument(BaseDocTemplate):
    def __init__(self, layout: Layout, styles: Styles, furniture: Furniture, metadata: Metadata):
        self.layout, self.styles, self.furniture = layout, styles, furniture
        self.page_count = 0
        paper, marks = layout.paper, layout.print_marks
        self.offset = marks.margin if marks else 0  # where the finished page starts on the sheet
        self.bleed = marks.bleed if marks else 0
        o = self.offset
        self.buffer = io.BytesIO()
        super().__init__(
            self.buffer, **print_boxes(paper.width, paper.height, marks),
            leftMargin=paper.left + o, rightMargin=paper.right + o, topMargin=paper.top + o,
            bottomMargin=paper.bottom + o,
            title=metadata.title, author=metadata.author, subject=metadata.subject,
            keywords=list(metadata.keywords), lang=metadata.lang, creator="leaflet-builder",
            invariant=1, initialFontName=fonts.register()["regular"], initialFontSize=styles.body.fontSize,
            enforceColorSpace="cmyk",
        )
        self.band_lines, self.band_height = self._band_text()
        band_bottom = paper.height - self.band_height
        first = Frame(paper.left + o, paper.bottom + o, paper.frame_width, band_bottom - paper.bottom - 6 * mm,
                      id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        later = Frame(paper.left + o, paper.bottom + o, paper.frame_width,
                      paper.height - paper.top - paper.bottom,
                      id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("first", [first], onPage=self._draw_band, autoNextPageTemplate="later"),
            PageTemplate("later", [later]),
        ])

    def render(self, story: list) -> bytes:
        self.build(story, canvasmaker=self._canvas)
        return self.buffer.getvalue()

    def _canvas(self, *args, **kwargs):
        return _CountingCanvas(*args, on_final_page=self._draw_footer, **kwargs)

    def _icon_size(self) -> float:
        return self.layout.paper.band_height - 2 * ICON_PADDING

    def _band_text(self) -> tuple[list, float]:
        """The band's lines, wrapped beside the icon, and the band's height: the layout's, or more when
        the text needs it (large type on small paper, a long title)."""
        paper, furniture, styles = self.layout.paper, self.furniture, self.styles
        lines = [Paragraph(to_paragraph(furniture.series), styles.series),
                 Paragraph(to_paragraph(furniture.title), styles.title)]
        if furniture.subtitle:
            lines.append(Paragraph(to_paragraph(furniture.subtitle), styles.subtitle))
        text_width = paper.width - paper.right - (paper.left + self._icon_size() + ICON_PADDING)
        text_height = sum(line.wrap(text_width, paper.height)[1] for line in lines)
        return lines, max(paper.band_height, BAND_TEXT_TOP + text_height + BAND_TEXT_BOTTOM)

    def _draw_band(self, canvas, doc):
        paper, colours = self.layout.paper, self.layout.colours
        band_height, icon_size = self.band_height, self._icon_size()
        canvas.saveState()
        canvas.translate(self.offset, self.offset)
        canvas.setFillColor(colours.accent)
        bleed = self.bleed  # the band runs into the bleed on three sides
        canvas.rect(-bleed, paper.height - band_height, paper.width + 2 * bleed, band_height + bleed,
                    stroke=0, fill=1)
        icon = icon_drawing(self.furniture.icon, icon_size, colours.on_accent)
        icon.drawOn(canvas, paper.left, paper.height - ICON_PADDING - icon_size)
        text_x = paper.left + icon_size + ICON_PADDING
        heights = [line.height for line in self.band_lines]
        y = paper.height - max(BAND_TEXT_TOP, (band_height - sum(heights)) / 2)
        for line, height in zip(self.band_lines, heights):
            y -= height
            line.drawOn(canvas, text_x, y)
        canvas.restoreState()

    def _draw_footer(self, canvas, page: int, pages: int):
        paper, styles = self.layout.paper, self.styles
        self.page_count = pages
        canvas.saveState()
        canvas.translate(self.offset, self.offset)
        if self.layout.print_marks:
            draw_crop_marks(canvas, paper.width, paper.height, self.layout.print_marks)
        label = Paragraph(to_paragraph(self.furniture.page_label.format(page=page, pages=pages)),
                          styles.footer_right)
        label_width = 30 * mm
        label.wrap(label_width, paper.bottom)
        footer = Paragraph(to_paragraph(self.furniture.footer), styles.footer)
        _, height = footer.wrap(paper.frame_width - label_width - 4 * mm, paper.bottom)
        if FOOTER_BASE + height > paper.bottom:
            raise LayoutError(f"the footer reaches {(FOOTER_BASE + height) / mm:.0f} mm up the page, into the "
                              f"text above the {paper.bottom / mm:.0f} mm bottom margin")
        footer.drawOn(canvas, paper.left, FOOTER_BASE)
        label.drawOn(canvas, paper.width - paper.right - label_width, FOOTER_BASE + height - styles.footer.leading)
        canvas.restoreState()
