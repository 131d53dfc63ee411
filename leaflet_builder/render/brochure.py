"""The combined brochure: every treatment in one booklet.

Takes an Edition, the checked Layouts (the brochure's Layout and Booklet, each treatment's Layout) and,
optionally, a Practice; gives back the PDF bytes of the brochure (at A5 for a booklet, which build/
imposes, with the sheet's crop marks from ``sheet_marks``): its parts in the Booklet's order
(layouts/brochure.yaml): cover, contents, introduction, the comparison table, one chapter per treatment
made of the leaflets' parts from parts.py, what helps instead, what you can do (with the questions to
ask), source and method, the imprint (imprint.py), back cover. Parts and chapters open under a title
band (the page templates of document.py), start on the page the Booklet asks for and have a PDF
bookmark. 'Notes' pages fill the gaps and pad the count to the Booklet's multiple. The contents' page
numbers are drawn at the end of the one pass (Contents).
"""
from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, PageBreak, Spacer, Table, TopPadder
from reportlab.platypus.doctemplate import LayoutError
from reportlab.pdfbase.pdfmetrics import stringWidth

from . import fonts, parts
from ..inputs.content import Edition, Treatment
from .document import COVER_GAP, BrochurePages, Furniture, band_height, draw_crop_marks
from ..errors import RenderError
from .icons import icon_drawing
from ..inputs.icons import Icon
from .imprint import based_on, footer_text, imprint_entries, notice, translated
from ..inputs.layouts import Booklet, Layout, Layouts
from .leaflet import leaflet_name, metadata
from .rtl import paragraph
from .script import current, writing
from .markup import linked, plain, to_paragraph
from .press import canvas_class
from .reportlab_internals import ZeroSizeFlowable, binary_streams, callback_position, flowables_on_page
from ..inputs.paper import a4_scale
from ..inputs.practice import LARGEST_LOGO_BOX, Practice
from .styles import Styles, colour, stylesheet
from .tagging import item_table, tag

COVER_STAMP = (90 * mm, 45 * mm)  # these sizes are for A4; smaller paper shrinks them
COVER_LOGO_HEIGHT = LARGEST_LOGO_BOX[1]  # the largest a logo prints, which sets the pixels it keeps
COVER_LOGO_BOX = (COVER_STAMP[0], COVER_LOGO_HEIGHT)
COVER_ICON, COVER_COLUMN = 12 * mm, 37 * mm  # an icon, and the least width of a column of them
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
    icon: Icon | None = None
    subtitle: str | None = None
    in_contents: bool = True
    in_outline: bool = True
    group: Opening | None = None  # a heading above this one that starts on the same page
    series: str = ""  # the line above the title

    @property
    def furniture(self) -> Furniture:
        """What its title band shows."""
        return Furniture(title=self.title, subtitle=self.subtitle, series=self.series, icon=self.icon, footer="",
                         page_label="", level=self.level + 2,  # under the cover's H1
                         series_level=self.level + 1 if self.group else None, series_repeated=not self.group)


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


class _Anchor(ZeroSizeFlowable):
    """The bookmark, outline entry and contents entry of an opening, on the page it starts."""

    def __init__(self, opening: Opening):
        super().__init__()
        self.opening = opening

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.canv.bookmarkPage(self.opening.key)
        if self.opening.in_outline:
            self.canv.addOutlineEntry(plain(self.opening.title), self.opening.key, self.opening.level)


class BrochureDocument(BrochurePages):
    """Where each part starts: page breaks and 'Notes' pages before it, its bookmark and contents entry."""

    def __init__(self, edition: Edition, layout: Layout, booklet: Booklet, styles: Styles, first: Opening,
                 pages: dict, practice: Practice | None = None):
        self.edition, self.pages = edition, pages
        self.first = self.opening = first
        shared = edition.shared
        names = tuple(edition.treatment(treatment_id).name for treatment_id in booklet.treatments)
        info = metadata(edition, shared.series_title, shared.brochure["subtitle"],
                        (shared.series_title, *names, shared.source.short))
        cover = Furniture(title=shared.series_title, subtitle=shared.brochure["subtitle"], icon=None, footer="",
                          series=edition.strings.label("patient_information"), page_label="",
                          notice=notice(edition))
        super().__init__(layout, styles, booklet, info, cover, footer_text(edition), first.template)

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
        if self.page == 1 and not flowables_on_page(self):
            return anchors
        after = self.page + 1
        fillers = {"next": 0, "right": (after + 1) % 2, "left": after % 2,
                   "last": -after % self.booklet.page_multiple}[opening.start]
        self.opening = opening
        return [*self._notes(fillers), NextPageTemplate(opening.template), PageBreak(), *anchors]

    def _notes(self, count: int) -> list:
        heading = to_paragraph(self.edition.strings.label("notes"))
        return [flowable for _ in range(count) for flowable in
                (NextPageTemplate("notes"), PageBreak(),
                 tag(paragraph(heading, self.styles.page_heading), role="Artifact"))]

    def afterFlowable(self, flowable):
        if isinstance(flowable, _Anchor):
            self.pages[flowable.opening.key] = self.page


def chapter_key(treatment: Treatment) -> str:
    """The name of the destination a link to the treatment's chapter points at."""
    return f"chapter-{treatment.id}"


class Contents(Flowable):
    """The contents, in one pass: each entry's title links to its opening; its leader dots and page
    number are a form that the canvas draws at save, once ``pages`` (opening key -> page) is complete.
    Its ``entries``, the Openings listed, are set once the story is composed."""

    DOT = " . "

    def __init__(self, styles: Styles, layout: Layout, pages: dict):
        super().__init__()
        self.styles, self.layout, self.pages = styles, layout, pages
        self.entries: list[Opening] = []

    def wrap(self, available_width, available_height):
        self.canv.setNamedCB("contents_entry_end", self._entry_end)
        rows = []
        for index, opening in enumerate(self.entries):
            style = self._style(opening)
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            title = linked(to_paragraph(opening.title), opening.key)
            rows.append([paragraph(f'{title}<onDraw name="contents_entry_end" label="{index}"/>', style)])
        self.table = item_table(parts.table(rows, [available_width], self.layout, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0)]), "TOC", "TOCI")
        self.width = available_width
        return self.table.wrapOn(self.canv, available_width, available_height)

    def split(self, available_width, available_height):
        return self.table.splitOn(self.canv, available_width, available_height)

    def drawOn(self, canvas, x, y, _sW=0):
        self.table.drawOn(canvas, x, y, _sW)

    def _style(self, opening: Opening):
        return self.styles.contents_sub if opening.level else self.styles.contents

    def _entry_end(self, canvas, kind, label):
        """After an entry's title: a link to its page over the rest of the line, and the form that
        draws its dots and number; in a right-to-left page the rest of the line is on the left."""
        opening = self.entries[int(label)]
        style, width, rtl = self._style(opening), self.width, current().rtl
        x, y = callback_position(canvas)
        canvas.linkRect("", opening.key, (0, y, x, y + style.leading) if rtl else (x, y, width, y + style.leading),
                        relative=1)

        def leader(canvas):
            number = str(self.pages[opening.key])
            number_width = stringWidth(number, style.fontName, style.fontSize)
            dot_width = stringWidth(self.DOT, style.fontName, style.fontSize)
            dots = max(0, int(((x if rtl else width - x) - number_width) / dot_width))
            start = number_width if rtl else width - dots * dot_width - number_width
            text = canvas.beginText(0 if rtl else width - number_width, y)
            text.setFont(style.fontName, style.fontSize)
            text.setFillColor(style.textColor)
            text.textLine(number)
            canvas.drawText(text)
            # the dots are drawn, not written: a screen reader reads the title and the page number only
            dot_at = stringWidth(self.DOT[:self.DOT.index(".")], style.fontName, style.fontSize)
            fonts.fill_glyphs(canvas, style.fontName, style.fontSize, style.textColor,
                        [(".", start + index * dot_width + dot_at, y) for index in range(dots)])
        canvas.later(f"contents-{opening.key}", leader)


class _Composer:
    """Builds the story part by part from the Booklet; one method per part."""

    def __init__(self, edition: Edition, layout: Layout, booklet: Booklet, treatment_layouts: dict,
                 practice: Practice | None):
        self.edition, self.layout, self.booklet, self.practice = edition, layout, booklet, practice
        self.strings = edition.strings
        self.styles = stylesheet(layout, edition.strings.hyphenation)
        self.treatment_layouts = treatment_layouts
        self.pages: dict[str, int] = {}  # opening key -> the page it starts on, known once laid out
        self.contents_list = Contents(self.styles, layout, self.pages)

    def opening(self, part: str, title: str, **kwargs) -> Opening:
        start = "last" if part == "back_cover" else self.booklet.start.get(part, "next")
        kwargs.setdefault("series", self.edition.shared.series_title)
        return Opening(key=part, title=title, layout=self.layout, styles=self.styles, start=start,
                       template=TEMPLATES.get(part, "opening"), **kwargs)

    def story(self) -> tuple[Opening, list]:
        story = [flowable for part in self.booklet.parts for flowable in getattr(self, part)()]
        if "back_cover" not in self.booklet.parts:
            story.append(_Turn(None))
        self.contents_list.entries = [opening for turn in story if isinstance(turn, _Turn) and turn.opening
                                      for opening in (turn.opening.group, turn.opening)
                                      if opening and opening.in_contents]
        return story[0].opening, story

    def cover(self) -> list:
        """Title band, source and date, the treatments by their icons, and the practice at the foot;
        on paper too small for all of it the icons give way (the contents list the treatments too), and
        then the practice (the back cover has it too)."""
        paper, scale = self.layout.paper, a4_scale(self.layout.paper.height)
        width, height = COVER_STAMP[0] * scale, COVER_STAMP[1] * scale
        if self.practice:
            stamp = parts.table([[parts.practice_masthead(self.practice, self.layout, self.styles, width,
                                                            COVER_LOGO_HEIGHT * scale)]], [width], self.layout,
                                 [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
        else:
            stamp = parts.stamp_box(self.edition, self.layout, self.styles, width, height)
        stamp.hAlign = "RIGHT" if current().rtl else "LEFT"  # where reading starts
        source = paragraph(to_paragraph(footer_text(self.edition)), self.styles.body)
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
        cells, style = [], self.styles.icon_name
        room = width - 6  # the cell's right padding

        def fits(line: str) -> bool:
            return stringWidth(line, style.fontName, style.fontSize) <= room

        for treatment in self.treatments():
            own = self.treatment_layouts[treatment.id]
            # names break between words; only a word wider than its column breaks, with a hyphen
            name = linked(to_paragraph(treatment.name, fits=fits), chapter_key(treatment))
            icon = tag(icon_drawing(own.icon, size, colour(own.colours.accent)), role="Artifact")  # beside its name
            cells.append([icon, paragraph(name, style)])
        rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
        rows[-1] += [""] * (columns - len(rows[-1]))
        return parts.table(rows, [width] * columns, self.layout, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)])

    def contents(self) -> list:
        return [_Turn(self.opening("contents", self.strings.label("contents"), in_contents=False)),
                self.contents_list]

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
        how_to_read = self.edition.shared.brochure["how_to_read"]
        return [_Turn(self.opening("at_a_glance", self.strings.label("comparison"))),
                paragraph(to_paragraph(how_to_read), self.styles.table),
                parts.symbol_key(self.edition, self.layout, self.styles, width), Spacer(1, 4 * mm),
                parts.comparison_table(self.edition, self.treatments(), self.layout, self.styles, width,
                                        anchor=chapter_key)]

    def chapters(self) -> list:
        group = self.opening("chapters", self.strings.label("chapters"))
        return [flowable for index, treatment in enumerate(self.treatments())
                for flowable in self.chapter(treatment, group if index == 0 else None)]

    def chapter(self, treatment: Treatment, group: Opening | None) -> list:
        own = self.treatment_layouts[treatment.id]
        layout = dataclasses.replace(own, paper=self.layout.paper, type=self.layout.type,
                                     sections=self.layout.sections)
        styles = stylesheet(layout, self.strings.hyphenation)
        opening = dataclasses.replace(
            self.opening("chapters", treatment.name, level=1, icon=layout.icon, subtitle=treatment.subtitle,
                         group=group, series=self.strings.label("chapters")),
            key=chapter_key(treatment), layout=layout, styles=styles)
        sections = parts.treatment_sections(self.edition, treatment, layout, styles)
        # a name on two lines makes the band taller than the frame below it allows for
        taller = band_height(layout, styles, opening.furniture) - layout.paper.band_height
        return [_Turn(opening), Spacer(1, taller), parts.key_message(treatment, styles),
                parts.glance_box(self.edition, treatment, layout, styles), *map(KeepTogether, sections)]

    def helps_instead(self) -> list:
        return self.shared_part("helps_instead")

    def what_you_can_do(self) -> list:
        return self.shared_part("what_you_can_do")

    def shared_part(self, name: str) -> list:
        return [_Turn(self.opening(name, self.strings.headings[name])),
                *parts.section_body(name, self.edition, None, self.layout, self.styles)]

    def source_and_method(self) -> list:
        styles = self.styles
        method = [*self.edition.shared.brochure["method"], translated(self.edition)]
        return [_Turn(self.opening("source_and_method", self.strings.label("source_and_method"))),
                *parts.paragraphs([text for text in method if text], styles.body), Spacer(1, styles.body.leading),
                *parts.paragraphs(based_on(self.edition), styles.body, self.layout.paper.frame_width)]

    def imprint(self) -> list:
        """The imprint's entries (imprint.imprint_entries), each under its label."""
        styles, width = self.styles, self.layout.paper.frame_width
        entries = imprint_entries(self.edition, self.practice)
        # the gap goes between entries only: after the last, at a page's foot, it would start a page of its
        # own, empty but for the running header, which the brochure then counts as the imprint's
        return [_Turn(self.opening("imprint", self.strings.label("imprint"))), *(
            flowable for index, (key, texts) in enumerate(entries) for flowable in (
                *[Spacer(1, styles.body.leading * 0.5)] * bool(index),
                paragraph(to_paragraph(self.strings.label(key)), styles.glance_label),
                *parts.paragraphs(texts, styles.body, width)))]

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
        # the cover's title again, a closing line rather than a heading
        return [_Turn(opening), tag(paragraph(to_paragraph(shared.series_title), styles.page_heading), role="P"),
                *foot]

    def treatments(self) -> list:
        return [self.edition.treatment(treatment_id) for treatment_id in self.booklet.treatments]


def render_brochure(edition: Edition, brochure: tuple, treatment_layouts: dict,
                    practice: Practice | None = None) -> bytes:
    """The brochure's PDF bytes from its (Layout, Booklet); ``treatment_layouts`` give each chapter its
    treatment's colours and icon."""
    with writing(edition):
        return _render_brochure(edition, brochure, treatment_layouts, practice)


def _render_brochure(edition: Edition, brochure: tuple, treatment_layouts: dict, practice: Practice | None) -> bytes:
    layout, booklet = brochure
    composer = _Composer(edition, layout, booklet, treatment_layouts, practice)
    first, story = composer.story()
    document = BrochureDocument(edition, layout, booklet, composer.styles, first, composer.pages, practice)
    where = leaflet_name("brochure", edition.lang, layout.variant_name)
    try:
        pdf = document.render(story)
    except LayoutError as err:
        problem = str(err).splitlines()[0][:120]
        raise RenderError(f"{where}: a part does not fit on a page: {problem}") from err
    if document.page > layout.paper.max_pages:
        raise RenderError(f"{where}: needs {document.page} pages, layout allows {layout.paper.max_pages}")
    return pdf


def sheet_marks(layout: Layout, width: float, height: float) -> bytes:
    """A one-page PDF of a print-ready booklet sheet of width x height with its crop marks and nothing else."""
    marks = layout.print_marks
    buffer = io.BytesIO()
    with binary_streams():  # as every page of ours
        canvas = canvas_class(Canvas, layout)(buffer, pagesize=(width + 2 * marks.margin, height + 2 * marks.margin),
                                              invariant=1, enforceColorSpace="cmyk",
                                              initialFontName=fonts.register()["regular"])
        canvas.translate(marks.margin, marks.margin)
        draw_crop_marks(canvas, width, height, marks)
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()


def brochure_pdf(edition: Edition, layouts: Layouts, practice: Practice | None = None) -> bytes:
    """The edition's brochure as PDF bytes, at the layouts' paper size."""
    return render_brochure(edition, layouts.brochure, layouts.treatments, practice)
