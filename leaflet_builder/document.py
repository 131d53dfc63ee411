"""Page templates, frames and the fixed parts of every page.

Takes a Layout, Styles, the page furniture (title band, footer texts) and the PDF metadata; gives back
a ReportLab document that lays out a story into PDF bytes: a first page under a coloured title band,
later pages with the full frame, and a footer with source, date and "page n of N" on every page.
"""
from __future__ import annotations

import datetime
import io
import os
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from . import fonts
from .icons import icon_drawing
from .layouts import Layout
from .markup import to_paragraph
from .styles import Styles

# Page streams stay binary (Flate only): ReportLab's default ASCII85 layer makes them a quarter larger
# and, without its C accelerator, costs a tenth of the render time.
rl_config.useA85 = 0

BAND_TEXT_TOP = 9 * mm  # the least room above the title band's text, clear of the printer's edge
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


class LeafletDocument(BaseDocTemplate):
    def __init__(self, layout: Layout, styles: Styles, furniture: Furniture, metadata: Metadata):
        self.layout, self.styles, self.furniture = layout, styles, furniture
        self.date = pdf_date(metadata.date)
        self.page_count = 0
        paper = layout.paper
        self.buffer = io.BytesIO()
        super().__init__(
            self.buffer, pagesize=(paper.width, paper.height),
            leftMargin=paper.left, rightMargin=paper.right, topMargin=paper.top, bottomMargin=paper.bottom,
            title=metadata.title, author=metadata.author, subject=metadata.subject,
            keywords=list(metadata.keywords), lang=metadata.lang, creator="leaflet-builder",
            invariant=1, initialFontName=fonts.register()["regular"], initialFontSize=styles.body.fontSize,
        )
        band_bottom = paper.height - paper.band_height
        first = Frame(paper.left, paper.bottom, paper.frame_width, band_bottom - paper.bottom - 6 * mm,
                      id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        later = Frame(paper.left, paper.bottom, paper.frame_width, paper.height - paper.top - paper.bottom,
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
        paper, colours, furniture = self.layout.paper, self.layout.colours, self.furniture
        canvas.saveState()
        canvas.setFillColor(colours.accent)
        canvas.rect(0, paper.height - paper.band_height, paper.width, paper.band_height, stroke=0, fill=1)
        icon_size = paper.band_height - 14 * mm
        icon_x = paper.left
        icon = icon_drawing(furniture.icon, icon_size, colours.on_accent)
        icon.drawOn(canvas, icon_x, paper.height - paper.band_height + 7 * mm)
        text_x = icon_x + icon_size + 7 * mm
        text_width = paper.width - paper.right - text_x
        lines = [Paragraph(to_paragraph(furniture.series), self.styles.series),
                 Paragraph(to_paragraph(furniture.title), self.styles.title)]
        if furniture.subtitle:
            lines.append(Paragraph(to_paragraph(furniture.subtitle), self.styles.subtitle))
        heights = [line.wrap(text_width, paper.band_height)[1] for line in lines]
        y = paper.height - max(BAND_TEXT_TOP, (paper.band_height - sum(heights)) / 2)
        for line, height in zip(lines, heights):
            y -= height
            line.drawOn(canvas, text_x, y)
        canvas.restoreState()

    def _draw_footer(self, canvas, page: int, pages: int):
        paper, styles = self.layout.paper, self.styles
        self.page_count = pages
        canvas.saveState()
        label = Paragraph(to_paragraph(self.furniture.page_label.format(page=page, pages=pages)),
                          styles.footer_right)
        label_width = 30 * mm
        label.wrap(label_width, paper.bottom)
        footer = Paragraph(to_paragraph(self.furniture.footer), styles.footer)
        _, height = footer.wrap(paper.frame_width - label_width - 4 * mm, paper.bottom)
        footer.drawOn(canvas, paper.left, FOOTER_BASE)
        label.drawOn(canvas, paper.width - paper.right - label_width, FOOTER_BASE + height - styles.footer.leading)
        canvas.restoreState()
