"""Page templates, frames and the fixed parts of every page, for the leaflet and the brochure alike.

Takes a Layout, Styles, the page furniture (title band, footer texts) and the PDF metadata; gives back a
ReportLab document that lays out a story into PDF bytes. A leaflet: a first page under a coloured title
band, later pages with the full frame, and a footer with the practice's name and phone (if any) and
"page n of N" on every page (the review sheet's footer adds source and date). The brochure
(BrochurePages): a cover, openings under a part's band, body pages with a running header, ruled 'Notes'
pages and a back cover, each drawn with the same band, footer text and sheet. A print-ready layout
(``Layout.print_marks``) puts the finished page in the middle of a larger sheet: the title band runs
into the bleed, crop marks stand outside it, and every page gets a TrimBox (the finished size) and a
BleedBox. Every colour is CMYK: ReportLab's RGB defaults become CMYK black and any other RGB colour
fails the build.
"""
from __future__ import annotations

import dataclasses
import datetime
import io
import os
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from . import fonts
from .icons import icon_drawing
from ..inputs.icons import Icon
from ..inputs.layouts import Booklet, Layout, PrintMarks
from ..inputs.typeface import FAMILIES
from .rtl import paragraph
from .script import current
from .markup import fitted, to_paragraph
from .press import canvas_class
from .reportlab_internals import binary_streams
from .tagging import TaggedCanvas, artifact, tag, untagged
from .styles import Styles, colour

BAND_TEXT_TOP = 9 * mm  # the least room above the title band's text, clear of the printer's edge
BAND_TEXT_BOTTOM = 5 * mm  # the least room below it, so a name on two lines stays on the colour
ICON_PADDING = 7 * mm  # around the band's icon
FOOTER_BASE = 9 * mm  # the footer's lowest line, clear of office printers' unprintable edge
FOOTER_GAP = 3 * mm  # the least room between the footer and the text above it
PAGE_LABEL_WIDTH = 30 * mm
FURNITURE_GAP = 4 * mm  # the least room between the page number and the footer's text
NOTES_LINE_GAP = 10 * mm
COVER_GAP = 10 * mm  # between the brochure cover's band and its text


@dataclass(frozen=True)
class Furniture:
    """What the fixed parts of the pages print."""

    title: str
    subtitle: str | None
    series: str
    icon: Icon | None
    footer: str  # source and date, under the practice; a leaflet has none, its line on itself says them
    page_label: str  # with {page} and {pages}
    practice: tuple[str, ...] = ()  # what the footer may print of the practice, longest first
    notice: str = ""  # a line under the title, e.g. that no qualified reviewer has checked the text
    level: int = 1  # the title's heading level in the document's structure
    series_level: int | None = None  # the series line's, when it heads a group of titles
    # the series line repeats what an earlier page said (the brochure's title, its group's heading):
    # an artifact, read once where it was first said
    series_repeated: bool = False


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple
    lang: str
    date: datetime.date | None = None  # the day our copy of the article was taken


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
    """(paragraph, height) of each line of text in the band, wrapped to the room beside the icon. A
    notice goes on top; where the band has no room to spare for it, it takes the series line's place,
    so that it never makes the band taller and the page shorter."""
    paper = layout.paper
    text_width = paper.frame_width - (icon_size(layout) + ICON_PADDING if furniture.icon else 0)
    series = ("Artifact" if furniture.series_repeated
              else f"H{furniture.series_level}" if furniture.series_level else "P")
    lines = [tag(paragraph(to_paragraph(furniture.series), styles.series), series),
             tag(paragraph(to_paragraph(furniture.title), styles.title), f"H{furniture.level}")]
    if furniture.subtitle:
        lines.append(paragraph(to_paragraph(furniture.subtitle), styles.subtitle))
    measured = [(line, line.wrap(text_width, paper.height)[1]) for line in lines]
    if furniture.subtitle:
        # a gap above the subtitle: Arabic's deep letters would otherwise touch it
        subtitle, height = measured[-1]
        measured[-1] = (subtitle, height + styles.subtitle.fontSize * 0.3)
    if not furniture.notice:
        return cleared(measured)
    notice = paragraph(to_paragraph(furniture.notice), styles.notice)
    notice_height = notice.wrap(text_width, paper.height)[1]
    spare = paper.band_height - BAND_TEXT_TOP - BAND_TEXT_BOTTOM - sum(height for _, height in measured)
    return cleared([(notice, notice_height), *(measured if notice_height <= spare else measured[1:])])


CAP_HEIGHT = 0.75  # how tall capitals and Arabic's alef stand, in ems, with a little to spare


def cleared(lines: list) -> list:
    """(paragraph, height) of lines set one under another, each (drawn at the foot of its height) made
    taller where the descenders of the line above would reach into its capitals: a paragraph's box
    ends at its last baseline, and Arabic's letters reach 0.4 em below it, into a subtitle set at the
    title's leading."""
    depth = FAMILIES[current().family].descender
    return lines[:1] + [(line, height + max(0, depth * above.style.fontSize
                                            - (line.style.leading - CAP_HEIGHT * line.style.fontSize)))
                        for (above, _), (line, height) in zip(lines, lines[1:])]


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
        canvas.setFillColor(colour(colours.accent))
        canvas.rect(-bleed, paper.height - band, paper.width + 2 * bleed, band + bleed, stroke=0, fill=1)
    text_x = paper.left
    size = icon_size(layout)
    rtl = current().rtl  # the icon stands where reading starts: on the right of a right-to-left page
    if furniture.icon:
        text_x += 0 if rtl else size + ICON_PADDING
    lines = band_lines(layout, styles, furniture)
    y = paper.height - max(BAND_TEXT_TOP, (band - sum(height for _, height in lines)) / 2)
    for line, height in lines:
        y -= height
        line.drawOn(canvas, text_x, y)
    if furniture.icon:  # after the title, which a screen reader reads first
        icon_x = paper.width - paper.right - size if rtl else paper.left
        # beside the title that names it: an artifact, or the name is read twice
        icon = tag(icon_drawing(furniture.icon, size, colour(colours.on_accent)), role="Artifact")
        icon.drawOn(canvas, icon_x, paper.height - (band + size) / 2)
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


class _Canvas(TaggedCanvas):
    """Draws what is known only once every page is laid out, the page count and the contents' page
    numbers, as forms: a page places a form by name now (``later``), and ``save`` draws each form before
    writing the file. One pass, and no page is held back."""

    def __init__(self, *args, date: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._later: dict = {}
        if date:
            self.setDateFormatter(lambda *_: date)

    def later(self, name: str, draw) -> None:
        """Place the form ``name`` here; ``draw(canvas)`` paints it, in this place's coordinates, at save."""
        self.doForm(name)
        self._later[name] = draw

    def save(self):
        for name, draw in self._later.items():
            self.beginForm(name)
            with untagged(self):  # each form is placed inside marked content or an artifact
                draw(self)
            self.endForm()
        super().save()


def print_boxes(width: float, height: float, marks: PrintMarks | None) -> dict:
    """The sheet size and the TrimBox and BleedBox of a page whose finished size is width x height."""
    if marks is None:
        return {"pagesize": (width, height)}
    o, b = marks.margin, marks.bleed
    return {"pagesize": (width + 2 * o, height + 2 * o), "trimBox": (o, o, o + width, o + height),
            "bleedBox": (o - b, o - b, o + width + b, o + height + b)}


def draw_crop_marks(canvas, width: float, height: float, marks: PrintMarks) -> None:
    """Marks at the finished page's corners (its origin at 0, 0), each starting past the bleed; none
    when the layout asks for none."""
    if not marks.crop:
        return
    near, far = marks.bleed + marks.gap, marks.margin
    canvas.saveState()
    canvas.setStrokeColor(colour(marks.colour))
    canvas.setLineWidth(marks.weight)
    for x, y in ((0, 0), (width, 0), (0, height), (width, height)):
        out_x, out_y = (-1 if x == 0 else 1), (-1 if y == 0 else 1)
        canvas.line(x + out_x * near, y, x + out_x * far, y)
        canvas.line(x, y + out_y * near, x, y + out_y * far)
    canvas.restoreState()


class PageDocument(BaseDocTemplate):
    """The sheet every document of ours is laid out on: the finished page with, for a print-ready
    layout, its bleed and crop marks around it; our metadata, font, CMYK and recorded date. Subclasses
    add their page templates with ``frame`` and ``template``."""

    def __init__(self, layout: Layout, styles: Styles, metadata: Metadata):
        self.layout, self.styles = layout, styles
        self.date = pdf_date(metadata.date)
        marks = layout.print_marks
        self.offset, self.bleed = (marks.margin, marks.bleed) if marks else (0, 0)  # where the page starts
        self.buffer = io.BytesIO()
        super().__init__(self.buffer, **settings(layout, styles, metadata))

    def frame(self, left: float, bottom: float, width: float, height: float) -> Frame:
        """A frame on the finished page, without padding."""
        return Frame(left + self.offset, bottom + self.offset, width, height,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def template(self, name: str, frame: Frame, draw=None, after: str | None = None) -> PageTemplate:
        """A page template whose fixed parts ``draw(canvas)`` paints on the finished page."""
        return PageTemplate(name, [frame], onPage=self._on_sheet(draw), autoNextPageTemplate=after)

    def _on_sheet(self, draw):
        def on_page(canvas, doc):
            if draw is None and not self.layout.print_marks:
                return
            canvas.saveState()
            canvas.translate(self.offset, self.offset)
            if self.layout.print_marks:
                with artifact(canvas):
                    draw_crop_marks(canvas, self.layout.paper.width, self.layout.paper.height,
                                    self.layout.print_marks)
            if draw:
                draw(canvas)
            canvas.restoreState()
        return on_page

    def render(self, story: list) -> bytes:
        # page streams and images stay binary (Flate only): ReportLab's default ASCII85 layer makes them a
        # quarter larger and, without its C accelerator, costs a tenth of the render time
        with binary_streams():
            self.build(story, canvasmaker=self._canvas)
        return self.buffer.getvalue()

    def _canvas(self, *args, **kwargs):
        return canvas_class(_Canvas, self.layout)(*args, date=self.date, **kwargs)


class PastPageLimit(Exception):
    """A leaflet began a page past the limit it was given: it cannot fit, and the rest is not laid out."""


class LeafletDocument(PageDocument):
    """A leaflet's pages: the first under the title band, every page with the footer and "page n of N".
    With a ``page_limit``, laying out stops with PastPageLimit as a page past it begins."""

    def __init__(self, layout: Layout, styles: Styles, furniture: Furniture, metadata: Metadata,
                 page_limit: int | None = None):
        super().__init__(layout, styles, metadata)
        self.furniture, self.page_limit = furniture, page_limit
        paper = layout.paper
        band_bottom = paper.height - band_height(layout, styles, furniture)
        # a footer that wraps, e.g. under a long practice name, lifts the text above it
        bottom = max(paper.bottom, FOOTER_BASE + self._footer_height() + FOOTER_GAP)
        first = self.frame(paper.left, bottom, paper.frame_width, band_bottom - bottom - 6 * mm)
        later = self.frame(paper.left, bottom, paper.frame_width, paper.height - paper.top - bottom)
        self.addPageTemplates([self.template("first", first, self._first_page, after="later"),
                               self.template("later", later, self._draw_footer)])

    def handle_pageBegin(self):
        if self.page_limit is not None and self.page >= self.page_limit:
            raise PastPageLimit
        super().handle_pageBegin()

    def _first_page(self, canvas):
        # the footer first: PDF.js ends no line before a form (the page label), so the title drawn just
        # before it ran into "Page 1 of 2" for a reader copying or searching the text
        self._draw_footer(canvas)
        draw_band(canvas, self.layout, self.styles, self.furniture, bleed=self.bleed)

    def _footer_width(self) -> float:
        return self.layout.paper.frame_width - PAGE_LABEL_WIDTH - 4 * mm

    def _footer_height(self) -> float:
        """The footer's text or the page label, whichever is taller (large type wraps the label), with
        the most pages the layout allows as the stand-in for the count, which is known only at the end."""
        pages = self.layout.paper.max_pages
        label = self._page_label(pages, pages)
        return max(self._footer().wrap(self._footer_width(), self.layout.paper.bottom)[1],
                   label.wrap(PAGE_LABEL_WIDTH, self.layout.paper.bottom)[1])

    def _page_label(self, page: int, pages: int) -> Paragraph:
        return paragraph(to_paragraph(self.furniture.page_label.format(page=page, pages=pages)),
                         self.styles.footer_right)

    def _footer(self) -> Paragraph:
        """The footer's text: the practice's name and phone in bold, if any, above source and date (a leaflet has
        none: it says them once, at its end).
        On every page, so one line of it: the first of the practice's forms that fits one line (a long
        name leaves the phone alone), else the last broken over lines, never drawn over the page label."""
        style, width = self.styles.small, self._footer_width()
        bold, hyphenation = fonts.register()["bold"], style.hyphenationLang

        def fits(line: str) -> bool:
            return stringWidth(line, bold, style.fontSize) <= width

        forms = self.furniture.practice
        practice = next((form for form in forms if fits(form)), forms[-1] if forms else "")
        lines = [f"<b>{fitted(practice, fits, hyphenation.breaks if hyphenation else None)}</b>"] if practice else []
        footer = [to_paragraph(self.furniture.footer)] if self.furniture.footer else []
        return paragraph("<br/>".join([*lines, *footer]), style)

    def _draw_footer(self, canvas):
        """The footer's text, and "page n of N" as a form drawn once N is known."""
        paper, page = self.layout.paper, self.page
        footer, height = self._footer(), self._footer_height()
        footer_height = footer.wrap(self._footer_width(), paper.bottom)[1]
        # the page number stands where reading ends: on the left of a right-to-left page
        footer_x, label_x = paper.left, paper.width - paper.right - PAGE_LABEL_WIDTH
        if current().rtl:
            footer_x, label_x = paper.width - paper.right - self._footer_width(), paper.left

        def draw_label(canvas):
            label = self._page_label(page, self.page)
            _, label_height = label.wrap(PAGE_LABEL_WIDTH, paper.bottom)
            label.drawOn(canvas, label_x, FOOTER_BASE + height - label_height)  # tops in line
        with artifact(canvas):
            footer.drawOn(canvas, footer_x, FOOTER_BASE + height - footer_height)
            canvas.later(f"page-label-{page}", draw_label)


class BrochurePages(PageDocument):
    """The brochure's page templates: the cover under a tall band; a part's or chapter's opening
    under its band; body pages with the part's name at the top; ruled 'Notes' pages; the back cover;
    the wide variants for the comparison table; the footer the Booklet asks for on all but the covers,
    the page number at the outer edge. ``self.opening`` is the part being laid out: its ``layout``,
    ``styles``, ``title`` and band ``furniture``."""

    def __init__(self, layout: Layout, styles: Styles, booklet: Booklet, metadata: Metadata, cover: Furniture,
                 footer: str, first_template: str):
        super().__init__(layout, styles, metadata)
        self.booklet, self.cover, self.footer = booklet, cover, footer
        paper = layout.paper
        below_band = paper.height - paper.band_height - 6 * mm
        below_cover = paper.height - booklet.cover_band_height - COVER_GAP
        full = paper.height - paper.top
        if booklet.running_header:  # the text starts under the running header, whatever the margin
            full = min(full, paper.height - BAND_TEXT_TOP - styles.small.leading * 1.5)

        def frame(top, margin=None):
            left = paper.left if margin is None else margin
            width = paper.width - left - (paper.right if margin is None else margin)
            return self.frame(left, paper.bottom, width, top - paper.bottom)

        wide = booklet.table_margin
        templates = {name: self.template(name, frame, draw, after) for name, frame, draw, after in (
            ("cover", frame(below_cover), self._cover, None),
            ("opening", frame(below_band), self._opening_page, "body"),
            ("body", frame(full), self._body_page, None),
            ("wide_opening", frame(below_band, wide), self._opening_page, "wide_body"),
            ("wide_body", frame(full, wide), self._body_page, None),
            ("notes", frame(full), self._notes_page, None),
            ("back_cover", frame(full), None, None),
        )}
        self.addPageTemplates([templates.pop(first_template), *templates.values()])

    def _cover(self, canvas):
        canvas.showOutline()
        cover = dataclasses.replace(self.layout, paper=dataclasses.replace(
            self.layout.paper, band_height=self.booklet.cover_band_height))
        draw_band(canvas, cover, self.styles, self.cover, bleed=self.bleed)

    def _opening_page(self, canvas):
        opening = self.opening
        draw_band(canvas, opening.layout, opening.styles, opening.furniture, bleed=self.bleed)
        self._footer(canvas)

    def _body_page(self, canvas):
        if self.booklet.running_header:
            self._furniture(canvas, self.layout.paper.height - BAND_TEXT_TOP - self.styles.small.leading,
                            None, paragraph(to_paragraph(self.opening.title), self.opening.styles.small))
        self._footer(canvas)

    def _notes_page(self, canvas):
        paper, styles = self.layout.paper, self.styles
        with artifact(canvas):
            canvas.saveState()
            canvas.setStrokeColor(colour(self.layout.colours.tint))
            canvas.setLineWidth(1)
            y = paper.height - paper.top - styles.heading.leading - NOTES_LINE_GAP
            while y >= paper.bottom:
                canvas.line(paper.left, y, paper.width - paper.right, y)
                y -= NOTES_LINE_GAP
            canvas.restoreState()
        self._footer(canvas)

    def _footer(self, canvas):
        shown = self.booklet.footer
        source = paragraph(to_paragraph(self.footer), self.styles.small)
        number = paragraph(str(self.page), self.styles.small)
        self._furniture(canvas, FOOTER_BASE, source if "source" in shown else None,
                        number if "page_number" in shown else None)

    def _furniture(self, canvas, y: float, inner, outer):
        """A line of page furniture: ``outer`` at the outer edge, ``inner`` towards the fold in the
        room ``outer`` leaves it, so that large type wraps rather than runs into the page number."""
        paper = self.layout.paper
        # a right-to-left booklet is bound on the right: its odd pages are left-hand pages
        right_hand = self.page % 2 == (0 if current().rtl else 1)
        room = paper.frame_width
        canvas.saveState()
        for flowable, at_outer in ((outer, True), (inner, False)):
            if flowable is None:
                continue
            flowable.wrap(room, paper.bottom)
            used = max(flowable.getActualLineWidths0())
            flowable.wrap(used + 0.01, paper.bottom)  # as wide as its text, whichever side it aligns to
            room -= used + FURNITURE_GAP
            at_right = at_outer == right_hand
            with artifact(canvas):
                flowable.drawOn(canvas, paper.width - paper.right - used if at_right else paper.left, y)
        canvas.restoreState()
