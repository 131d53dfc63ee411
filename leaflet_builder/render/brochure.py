"""The combined brochure: every treatment in one booklet.

Takes the project folder (for the brochure's and each treatment's layout), an Edition, the paper and,
optionally, a Practice; gives back the PDF bytes of the brochure, or of the same at A5 imposed as a
booklet: its parts in the Booklet's order (layouts/brochure.yaml): cover, contents,
introduction, the comparison table, one chapter per treatment made of the leaflets' parts from
parts.py, what helps instead, questions, source and method, back cover. Parts and chapters open
under a title band, start on the page the Booklet asks for and have a PDF bookmark; later pages carry
the part's name at the top; every page but the covers has the footer the Booklet asks for. 'Notes' pages fill
the gaps and pad the count to the Booklet's multiple. A second pass puts the right numbers in the
contents.
"""
from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, NextPageTemplate,
                                PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle, TopPadder)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.tableofcontents import TableOfContents

from . import fonts, parts
from ..inputs.content import Edition, Treatment
from .document import BAND_TEXT_TOP, FOOTER_BASE, Furniture, band_height, draw_band, draw_crop_marks, settings
from ..errors import RenderError
from .icons import icon_drawing
from ..inputs.layouts import Booklet, Layout, load_brochure_layout, load_layout
from .leaflet import footer_text, leaflet_name, metadata
from .markup import linked, plain, to_paragraph
from ..inputs.paper import a4_scale
from ..inputs.practice import LARGEST_LOGO_BOX, Practice
from .styles import Styles, stylesheet

NOTES_LINE_GAP = 10 * mm
COVER_STAMP = (90 * mm, 45 * mm)  # these sizes are for A4; smaller paper shrinks them
COVER_LOGO_HEIGHT = LARGEST_LOGO_BOX[1]  # the largest a logo prints, which sets the pixels it keeps
COVER_LOGO_BOX = (COVER_STAMP[0], COVER_LOGO_HEIGHT)
BOOKLET_PAPER = "a5"  # the brochure's page size when it is imposed as a booklet on A4 sheets
COVER_ICON, COVER_COLUMN = 12 * mm, 37 * mm  # an icon, and the least width of a column of them
COVER_GAP = 10 * mm  # between the cover's band and its text
TEMPLATES = {"cover": "cover", "back_cover": "back_cover", "at_a_glance": "wide_opening"}


@dataclass(frozen=True)
class Opening:
    """The start of a part or chapter: its title band, bookmark, contents entry and page rule."""

    key: str
    title: str
    layout: Layout
    styles: Styles
    start: str  # next, right, left, or last: the page that makes the count a multiple
    template: str
    level: int = 0
    icon: str | None = None
    subtitle: str | None = None
    in_contents: bool = True
    in_outline: bool = True
    group: Opening | None = None  # a heading above this one that starts on the same page
    series: str | None = None  # the line above the title, if not the series title


class _Turn(Flowable):
    """Where a part starts; the document turns it into page breaks and 'Notes' pages."""

    locChanger = 1  # never bundled into a KeepTogether, where the document would not see it

    def __init__(self, opening: Opening | None):
        super().__init__()
        self.opening = opening


class _AtFoot(TopPadder):
    """Its flowable at the foot of the frame, or whole in the next frame: ReportLab's TopPadder would
    split it there into pieces that cannot be laid out."""

    def split(self, available_width, available_height):
        return []


class _Anchor(Flowable):
    """The bookmark, outline entry and contents entry of an opening, on the page it starts."""

    _ZEROSIZE = 1

    def __init__(self, opening: Opening):
        super().__init__()
        self.opening = opening

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.canv.bookmarkPage(self.opening.key)
        if self.opening.in_outline:
            self.canv.addOutlineEntry(plain(self.opening.title), self.opening.key, self.opening.level)


class BrochureDocument(BaseDocTemplate):
    def __init__(self, edition: Edition, layout: Layout, booklet: Booklet, styles: Styles, first: Opening):
        self.edition, self.layout, self.booklet, self.styles = edition, layout, booklet, styles
        self.first = self.opening = first
        self.buffer = io.BytesIO()
        shared = edition.shared
        names = tuple(edition.treatment(treatment_id).name for treatment_id in booklet.treatments)
        info = metadata(edition, shared.series_title, shared.brochure["subtitle"],
                        (shared.series_title, *names, shared.source.short))
        super().__init__(self.buffer, **settings(layout, styles, info))
        marks = layout.print_marks
        self.offset, self.bleed = (marks.margin, marks.bleed) if marks else (0, 0)
        templates = self._templates()
        self.addPageTemplates([templates.pop(first.template), *templates.values()])

    def _templates(self) -> dict:
        paper, booklet = self.layout.paper, self.booklet
        below_band = paper.height - paper.band_height - 6 * mm
        below_cover = paper.height - booklet.cover_band_height - COVER_GAP
        full = paper.height - paper.top

        def frame(top, margin=None):
            left = paper.left if margin is None else margin
            width = paper.width - left - (paper.right if margin is None else margin)
            return [Frame(left + self.offset, paper.bottom + self.offset, width, top - paper.bottom,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)]

        wide = booklet.table_margin
        return {name: PageTemplate(name, frames, onPage=self._on_sheet(on_page), autoNextPageTemplate=after)
                for name, frames, on_page, after in (
                    ("cover", frame(below_cover), self._cover, None),
                    ("opening", frame(below_band), self._opening_page, "body"),
                    ("body", frame(full), self._body_page, None),
                    ("wide_opening", frame(below_band, wide), self._opening_page, "wide_body"),
                    ("wide_body", frame(full, wide), self._body_page, None),
                    ("notes", frame(full), self._notes_page, None),
                    ("back_cover", frame(full), _nothing, None),
                )}

    def _on_sheet(self, draw):
        """``draw`` on the finished page; a print-ready sheet holds it inside its bleed and crop marks."""
        def on_page(canvas, doc):
            canvas.saveState()
            canvas.translate(self.offset, self.offset)
            if self.layout.print_marks:
                draw_crop_marks(canvas, self.layout.paper.width, self.layout.paper.height, self.layout.print_marks)
            draw(canvas, doc)
            canvas.restoreState()
        return on_page

    def render(self, story: list) -> bytes:
        self.multiBuild(story)
        return self.buffer.getvalue()

    def beforeDocument(self):
        self.opening = self.first

    def handle_flowable(self, flowables):
        if isinstance(flowables[0], _Turn):
            flowables[0:1] = self._turn(flowables[0].opening)
        else:
            super().handle_flowable(flowables)

    def _turn(self, opening: Opening | None) -> list:
        """Page breaks and 'Notes' pages up to where ``opening`` starts, or, for None, up to the end."""
        if opening is None:
            return self._notes(-self.page % self.booklet.page_multiple)
        anchors = [_Anchor(o) for o in (opening.group, opening) if o]
        if self.page == 1 and not self._curPageFlowableCount:
            return anchors
        after = self.page + 1
        fillers = {"next": 0, "right": (after + 1) % 2, "left": after % 2,
                   "last": -after % self.booklet.page_multiple}[opening.start]
        self.opening = opening
        return [*self._notes(fillers), NextPageTemplate(opening.template), PageBreak(), *anchors]

    def _notes(self, count: int) -> list:
        heading = to_paragraph(self.edition.strings.label("notes"))
        return [flowable for _ in range(count) for flowable in
                (NextPageTemplate("notes"), PageBreak(), Paragraph(heading, self.styles.page_heading))]

    def afterFlowable(self, flowable):
        if isinstance(flowable, _Anchor) and flowable.opening.in_contents:
            opening = flowable.opening
            self.notify("TOCEntry", (opening.level, to_paragraph(opening.title), self.page, opening.key))

    def _cover(self, canvas, doc):
        shared = self.edition.shared
        canvas.showOutline()
        cover = dataclasses.replace(self.layout, paper=dataclasses.replace(
            self.layout.paper, band_height=self.booklet.cover_band_height))
        draw_band(canvas, cover, self.styles, Furniture(
            title=shared.series_title, subtitle=shared.brochure["subtitle"], icon=None, footer="",
            series=self.edition.strings.label("patient_information"), page_label=""), bleed=self.bleed)

    def _opening_page(self, canvas, doc):
        opening = self.opening
        draw_band(canvas, opening.layout, opening.styles, band_furniture(opening, self.edition), bleed=self.bleed)
        self._footer(canvas)

    def _body_page(self, canvas, doc):
        if self.booklet.running_header:
            self._furniture(canvas, self.layout.paper.height - BAND_TEXT_TOP - self.styles.small.leading,
                            None, Paragraph(to_paragraph(self.opening.title), self.opening.styles.small))
        self._footer(canvas)

    def _notes_page(self, canvas, doc):
        paper, styles = self.layout.paper, self.styles
        canvas.saveState()
        canvas.setStrokeColor(self.layout.colours.tint)
        canvas.setLineWidth(1)
        y = paper.height - paper.top - styles.heading.leading - NOTES_LINE_GAP
        while y >= paper.bottom:
            canvas.line(paper.left, y, paper.width - paper.right, y)
            y -= NOTES_LINE_GAP
        canvas.restoreState()
        self._footer(canvas)

    def _footer(self, canvas):
        shown = self.booklet.footer
        source = Paragraph(to_paragraph(footer_text(self.edition)), self.styles.small)
        number = Paragraph(str(self.page), self.styles.small)
        self._furniture(canvas, FOOTER_BASE, source if "source" in shown else None,
                        number if "page_number" in shown else None)

    def _furniture(self, canvas, y: float, inner, outer):
        """A line of page furniture: ``outer`` at the outer edge, ``inner`` towards the fold."""
        paper = self.layout.paper
        right_hand = self.page % 2 == 1
        canvas.saveState()
        for flowable, at_outer in ((inner, False), (outer, True)):
            if flowable is None:
                continue
            flowable.wrap(paper.frame_width, paper.bottom)
            used = max(flowable.getActualLineWidths0())
            at_right = at_outer == right_hand
            flowable.drawOn(canvas, paper.width - paper.right - used if at_right else paper.left, y)
        canvas.restoreState()


def _nothing(canvas, doc):
    pass


def chapter_key(treatment: Treatment) -> str:
    """The name of the destination a link to the treatment's chapter points at."""
    return f"chapter-{treatment.id}"


def contents_table(styles: Styles, layout: Layout) -> TableOfContents:
    """The contents, filled in by the second pass; each entry links to its page."""
    regular = fonts.register()["regular"]
    return TableOfContents(levelStyles=[styles.contents, styles.contents_sub], dotsMinLevel=0,
                           tableStyle=TableStyle([("FONTNAME", (0, 0), (-1, -1), regular),
                                                  ("TEXTCOLOR", (0, 0), (-1, -1), layout.colours.text),
                                                  ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))


def band_furniture(opening: Opening, edition: Edition) -> Furniture:
    """What the band of a part's or chapter's opening page shows."""
    return Furniture(title=opening.title, subtitle=opening.subtitle,
                     series=opening.series or edition.shared.series_title, icon=opening.icon, footer="",
                     page_label="")


class _Composer:
    """Builds the story part by part from the Booklet; one method per part."""

    def __init__(self, edition: Edition, layout: Layout, booklet: Booklet, chapter_layout,
                 practice: Practice | None):
        self.edition, self.layout, self.booklet, self.practice = edition, layout, booklet, practice
        self.strings = edition.strings
        self.styles = stylesheet(layout, edition.strings.hyphenation)
        self.chapter_layout = cache(chapter_layout)

    def opening(self, part: str, title: str, **kwargs) -> Opening:
        start = "last" if part == "back_cover" else self.booklet.start.get(part, "next")
        return Opening(key=part, title=title, layout=self.layout, styles=self.styles, start=start,
                       template=TEMPLATES.get(part, "opening"), **kwargs)

    def story(self) -> tuple[Opening, list]:
        story = [flowable for part in self.booklet.parts for flowable in getattr(self, part)()]
        if "back_cover" not in self.booklet.parts:
            story.append(_Turn(None))
        return story[0].opening, story

    def cover(self) -> list:
        """Title band, source and date, the treatments by their icons, and the practice at the foot;
        on paper too small for all of it the icons give way (the contents list the treatments too), and
        then the practice (the back cover has it too)."""
        paper, scale = self.layout.paper, a4_scale(self.layout.paper.height)
        width, height = COVER_STAMP[0] * scale, COVER_STAMP[1] * scale
        if self.practice:
            stamp = parts.table([[parts.practice_masthead(self.practice, self.styles, width,
                                                            COVER_LOGO_HEIGHT * scale)]], [width], self.layout,
                                 [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
        else:
            stamp = parts.stamp_box(self.edition, self.layout, self.styles, width, height)
        stamp.hAlign = "LEFT"
        source = Paragraph(to_paragraph(footer_text(self.edition)), self.styles.body)
        room = paper.height - self.booklet.cover_band_height - COVER_GAP - paper.bottom
        fitting = (shown for shown in ([source, Spacer(1, self.styles.body.leading), self.icon_grid(), stamp],
                                       [source, stamp], [source])
                   if parts.stacked_height(shown, paper.frame_width) <= room)
        *above, last = next(fitting, [source])
        at_foot = [_AtFoot(last)] if last is stamp else [last]
        return [_Turn(self.opening("cover", self.edition.shared.series_title, in_contents=False)), *above,
                *at_foot]

    def icon_grid(self) -> Table:
        """The treatments inside, each by its icon in its colour and its name."""
        paper = self.layout.paper
        columns = max(2, int(paper.frame_width // COVER_COLUMN))
        size, width = COVER_ICON * a4_scale(paper.height), paper.frame_width / columns
        cells = []
        for treatment in self.treatments():
            own = self.chapter_layout(treatment.id)
            name = linked(to_paragraph(treatment.name), chapter_key(treatment))
            cells.append([icon_drawing(own.icon, size, own.colours.accent), Paragraph(name, self.styles.table)])
        rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
        rows[-1] += [""] * (columns - len(rows[-1]))
        return parts.table(rows, [width] * columns, self.layout, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)])

    def contents(self) -> list:
        return [_Turn(self.opening("contents", self.strings.label("contents"), in_contents=False)),
                contents_table(self.styles, self.layout)]

    def introduction(self) -> list:
        shared, label, styles = self.edition.shared, self.strings.label, self.styles
        intro = shared.introduction
        sections = [(label("passive_and_active"), intro["passive_and_active"]),
                    (label("research"), intro["research"]), (label("guideline_heading"), intro["guideline"]),
                    (self.strings.headings["who_pays"], shared.who_pays)]
        return [_Turn(self.opening("introduction", label("introduction"))),
                *(KeepTogether(parts.section(heading, parts.paragraphs(texts, styles.body), styles))
                  for heading, texts in sections)]

    def at_a_glance(self) -> list:
        width = self.layout.paper.width - 2 * self.booklet.table_margin
        return [_Turn(self.opening("at_a_glance", self.strings.label("comparison"))),
                parts.comparison_table(self.edition, self.treatments(), self.layout, self.styles, width,
                                        anchor=chapter_key)]

    def chapters(self) -> list:
        group = self.opening("chapters", self.strings.label("chapters"))
        return [flowable for index, treatment in enumerate(self.treatments())
                for flowable in self.chapter(treatment, group if index == 0 else None)]

    def chapter(self, treatment: Treatment, group: Opening | None) -> list:
        own = self.chapter_layout(treatment.id)
        layout = dataclasses.replace(own, paper=self.layout.paper, type=self.layout.type,
                                     sections=self.layout.sections)
        styles = stylesheet(layout, self.strings.hyphenation)
        opening = dataclasses.replace(
            self.opening("chapters", treatment.name, level=1, icon=layout.icon, subtitle=treatment.subtitle,
                         group=group, series=self.strings.label("chapters")),
            key=chapter_key(treatment), layout=layout, styles=styles)
        sections = parts.treatment_sections(self.edition, treatment, layout, styles)
        # a name on two lines makes the band taller than the frame below it allows for
        taller = band_height(layout, styles, band_furniture(opening, self.edition)) - layout.paper.band_height
        return [_Turn(opening), Spacer(1, taller), parts.key_message(treatment, styles),
                parts.glance_box(self.edition, treatment, layout, styles), *map(KeepTogether, sections)]

    def helps_instead(self) -> list:
        return self.shared_part("helps_instead")

    def questions(self) -> list:
        return self.shared_part("questions")

    def shared_part(self, name: str) -> list:
        return [_Turn(self.opening(name, self.strings.headings[name])),
                *parts.section_body(name, self.edition, None, self.layout, self.styles)]

    def source_and_method(self) -> list:
        shared, label, styles = self.edition.shared, self.strings.label, self.styles
        source = shared.source
        checked = label("last_checked", date=self.strings.date(shared.last_checked))
        facts = [f"**{label('source')}:** {label('quoted', text=source.title)}, {source.publisher}",
                 f"[{source.url}]({source.url})", checked]
        return [_Turn(self.opening("source_and_method", label("source_and_method"))),
                *parts.paragraphs(shared.brochure["method"], styles.body), Spacer(1, styles.body.leading),
                *parts.paragraphs(facts, styles.body)]

    def back_cover(self) -> list:
        """The series title; at the foot the disclaimer and source beside the practice's box (or the
        stamp box) and the QR code; one after the other where large type makes that block too tall."""
        shared, styles, paper = self.edition.shared, self.styles, self.layout.paper
        beside = parts.paragraphs([shared.brochure["disclaimer"], footer_text(self.edition)], styles.body)
        column = parts.practice_column(self.edition, self.layout, styles, parts.PRACTICE_COLUMN, self.practice)
        block = parts.closing(beside, column, self.layout)
        room = paper.height - paper.top - paper.bottom - styles.page_heading.leading * 2
        foot = [_AtFoot(block)] if parts.stacked_height([block], paper.frame_width) <= room else [*beside, *column]
        opening = self.opening("back_cover", shared.series_title, in_contents=False, in_outline=False)
        return [_Turn(opening), Paragraph(to_paragraph(shared.series_title), styles.page_heading), *foot]

    def treatments(self) -> list:
        return [self.edition.treatment(treatment_id) for treatment_id in self.booklet.treatments]


def render_brochure(edition: Edition, layout: Layout, booklet: Booklet, chapter_layout,
                    practice: Practice | None = None) -> bytes:
    """The brochure's PDF bytes; ``chapter_layout(treatment_id)`` gives a treatment's own Layout."""
    composer = _Composer(edition, layout, booklet, chapter_layout, practice)
    first, story = composer.story()
    document = BrochureDocument(edition, layout, booklet, composer.styles, first)
    where = leaflet_name("brochure", edition.lang, layout.variant_name)
    try:
        pdf = document.render(story)
    except LayoutError as err:
        problem = str(err).splitlines()[0][:120]
        raise RenderError(f"{where}: a part does not fit on a page: {problem}") from err
    if document.page > layout.paper.max_pages:
        raise RenderError(f"{where}: needs {document.page} pages, layout allows {layout.paper.max_pages}")
    return pdf


def brochure_pdf(root: Path, edition: Edition, paper: str = "a4", practice: Practice | None = None,
                 large_print: bool = False, print_ready: bool = False) -> bytes:
    """The edition's brochure as PDF bytes, at ``paper`` size."""
    layout, booklet = load_brochure_layout(root, [t.id for t in edition.treatments], paper, large_print,
                                           print_ready)
    return render_brochure(edition, layout, booklet,
                           lambda treatment_id: load_layout(root, treatment_id, paper, large_print), practice)


def booklet_pdf(root: Path, edition: Edition, practice: Practice | None = None, large_print: bool = False) -> bytes:
    """The brochure laid out at A5 and imposed two-up on A4 sheets in saddle-stitch order."""
    from ..pdf.impose import impose_booklet  # pypdf takes a tenth of a second to load: only for a booklet

    try:
        return impose_booklet(brochure_pdf(root, edition, BOOKLET_PAPER, practice, large_print))
    except ValueError as err:
        raise RenderError(f"brochure-booklet ({edition.lang}, {BOOKLET_PAPER.upper()} on A4): {err}") from err
