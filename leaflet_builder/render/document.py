"""Page templates, frames and the fixed parts of every page.

Takes a Layout, Styles, the page furniture (title band, footer texts) and the PDF metadata; gives back
a ReportLab document that lays out a story into PDF bytes: a first page under a coloured title band,
later pages with the full frame, and a footer with the practice's name and phone (if any), source, date
and "page n of N" on every page. A print-ready layout (``Layout.print_marks``) puts the finished page
in the middle of a larger sheet: the title band runs into the bleed, crop marks stand outside it, and
every page gets a TrimBox (the finished size) and a BleedBox. Every colour is CMYK: ReportLab's RGB
defaults become CMYK black and any other RGB colour fails the build.
"""
from __future__ import annotations

import datetime
import io
import os
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from . import fonts
from .icons import icon_drawing
from ..inputs.layouts import Layout, PrintMarks
from .markup import escape, plain, to_paragraph
from .styles import Styles
from .tagging import TaggedCanvas, artifact, tag

# Page streams stay binary (Flate only): ReportLab's default ASCII85 layer makes them a quarter larger
# and, without its C accelerator, costs a tenth of the render time.
rl_config.useA85 = 0

BAND_TEXT_TOP = 9 * mm  # the least room above the title band's text, clear of the printer's edge
BAND_TEXT_BOTTOM = 5 * mm  # the least room below it, so a name on two lines stays on the colour
ICON_PADDING = 7 * mm  # around the band's icon
FOOTER_BASE = 9 * mm  # the footer's lowest line, clear of office printers' unprintable edge
FOOTER_GAP = 3 * mm  # the least room between the footer and the text above it
PAGE_LABEL_WIDTH = 30 * mm


@dataclass(frozen=True)
class Furniture:
    """What the fixed parts of the pages print."""

    title: str
    subtitle: str | None
    series: str
    icon: str | None
    footer: str
    page_label: str  # with {page} and {pages}
    practice: str = ""  # the practice's name and phone, above the footer
    level: int = 1  # the title's heading level in the document's structure
    series_level: int | None = None  # the series line's, when it heads a group of titles


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple
    lang: str
    date: datetime.date | None = None  # the content's "last checked" date


def pdf_date(day: datetime.date | None) -> str | None:
    """The creation and modification date a PDF records: SOURCE_DATE_EPOCH when it is set, else ``day``
    at midnight UTC, never the clock, so the same input gives the same bytes (None: ReportLab's
    invariant date, 2000-01-01)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        when = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    elif day is not None:
        when = datetime.datetime(day.year, day.month, day.day)
    else:
        return None
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def band_lines(layout: Layout, styles: Styles, furniture: Furniture) -> list:
    """(paragraph, height) of each line of text in the band, wrapped to the room beside the icon."""
    paper = layout.paper
    text_width = paper.frame_width - (icon_size(layout) + ICON_PADDING if furniture.icon else 0)
    series = f"H{furniture.series_level}" if furniture.series_level else "P"
    lines = [tag(Paragraph(to_paragraph(furniture.series), styles.series), series),
             tag(Paragraph(to_paragraph(furniture.title), styles.title), f"H{furniture.level}")]
    if furniture.subtitle:
        lines.append(Paragraph(to_paragraph(furniture.subtitle), styles.subtitle))
    return [(line, line.wrap(text_width, paper.height)[1]) for line in lines]


def icon_size(layout: Layout) -> float:
    return layout.paper.band_height - 2 * ICON_PADDING


def band_height(layout: Layout, styles: Styles, furniture: Furniture) -> float:
    """The layout's band height, taller only when a long name needs two lines."""
    return max(layout.paper.band_height, BAND_TEXT_TOP + BAND_TEXT_BOTTOM + sum(
        height for _, height in band_lines(layout, styles, furniture)))


def draw_band(canvas, layout: Layout, styles: Styles, furniture: Furniture, bleed: float = 0):
    """The coloured band across the top of a page: the icon (if any), the series line, the title and
    the subtitle; the brochure draws its part and chapter openings with it too. With a ``bleed`` the
    colour runs that far past the page's top and sides."""
    paper, colours = layout.paper, layout.colours
    band = band_height(layout, styles, furniture)
    canvas.saveState()
    with artifact(canvas):
        canvas.setFillColor(colours.accent)
        canvas.rect(-bleed, paper.height - band, paper.width + 2 * bleed, band + bleed, stroke=0, fill=1)
    size = icon_size(layout)
    text_x = paper.left + (size + ICON_PADDING if furniture.icon else 0)
    lines = band_lines(layout, styles, furniture)
    y = paper.height - max(BAND_TEXT_TOP, (band - sum(height for _, height in lines)) / 2)
    for line, height in lines:
        y -= height
        line.drawOn(canvas, text_x, y)
    if furniture.icon:  # after the title, which a screen reader reads first
        icon = tag(icon_drawing(furniture.icon, size, colours.on_accent), alt=plain(furniture.title))
        icon.drawOn(canvas, paper.left, paper.height - (band + size) / 2)
    canvas.restoreState()


def settings(layout: Layout, styles: Styles, metadata: Metadata) -> dict:
    """What every document of ours gives BaseDocTemplate: sheet size, print boxes and margins,
    metadata, our font, and CMYK as the only colour space."""
    paper, marks = layout.paper, layout.print_marks
    o = marks.margin if marks else 0
    return dict(
        **print_boxes(paper.width, paper.height, marks),
        leftMargin=paper.left + o, rightMargin=paper.right + o, topMargin=paper.top + o,
        bottomMargin=paper.bottom + o,
        title=metadata.title, author=metadata.author, subject=metadata.subject,
        keywords=list(metadata.keywords), lang=metadata.lang, creator="leaflet-builder",
        invariant=1, initialFontName=fonts.register()["regular"], initialFontSize=styles.body.fontSize,
        enforceColorSpace="cmyk", displayDocTitle=True,
    )


class _CountingCanvas(TaggedCanvas):
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
        self.date = pdf_date(metadata.date)
        self.page_count = 0
        paper, marks = layout.paper, layout.print_marks
        self.offset = marks.margin if marks else 0  # where the finished page starts on the sheet
        self.bleed = marks.bleed if marks else 0
        o = self.offset
        self.buffer = io.BytesIO()
        super().__init__(self.buffer, **settings(layout, styles, metadata))
        band_bottom = paper.height - band_height(layout, styles, furniture)
        # a footer that wraps, e.g. under a long practice name, lifts the text above it
        bottom = max(paper.bottom, FOOTER_BASE + self._footer().wrap(self._footer_width(), paper.bottom)[1]
                     + FOOTER_GAP)
        first = Frame(paper.left + o, bottom + o, paper.frame_width, band_bottom - bottom - 6 * mm,
                      id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        later = Frame(paper.left + o, bottom + o, paper.frame_width, paper.height - paper.top - bottom,
                      id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("first", [first], onPage=self._draw_band, autoNextPageTemplate="later"),
            PageTemplate("later", [later]),
        ])

    def render(self, story: list) -> bytes:
        self.build(story, canvasmaker=self._canvas)
        return self.buffer.getvalue()

    def _canvas(self, *args, **kwargs):
        canvas = _CountingCanvas(*args, on_final_page=self._draw_footer, **kwargs)
        if self.date:
            canvas.setDateFormatter(lambda *_: self.date)
        return canvas

    def _draw_band(self, canvas, doc):
        canvas.saveState()
        canvas.translate(self.offset, self.offset)
        draw_band(canvas, self.layout, self.styles, self.furniture, bleed=self.bleed)
        canvas.restoreState()

    def _footer_width(self) -> float:
        return self.layout.paper.frame_width - PAGE_LABEL_WIDTH - 4 * mm

    def _footer(self) -> Paragraph:
        """The footer's text: the practice's name and phone in bold, if any, above source and date."""
        practice = self.furniture.practice
        lines = [f"<b>{escape(practice)}</b>"] if practice else []
        return Paragraph("<br/>".join([*lines, to_paragraph(self.furniture.footer)]), self.styles.small)

    def _draw_footer(self, canvas, page: int, pages: int):
        paper, styles = self.layout.paper, self.styles
        self.page_count = pages
        with artifact(canvas):
            canvas.saveState()
            canvas.translate(self.offset, self.offset)
            if self.layout.print_marks:
                draw_crop_marks(canvas, paper.width, paper.height, self.layout.print_marks)
            label = Paragraph(to_paragraph(self.furniture.page_label.format(page=page, pages=pages)),
                              styles.footer_right)
            label.wrap(PAGE_LABEL_WIDTH, paper.bottom)
            footer = self._footer()
            _, height = footer.wrap(self._footer_width(), paper.bottom)
            footer.drawOn(canvas, paper.left, FOOTER_BASE)
            label.drawOn(canvas, paper.width - paper.right - PAGE_LABEL_WIDTH,
                         FOOTER_BASE + height - styles.small.leading)
            canvas.restoreState()
