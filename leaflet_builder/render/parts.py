"""Content and layout to flowables.

Takes an Edition (content in one language), a treatment, its Layout and the Styles; gives back
ReportLab flowables: the parts of a leaflet (key message, at-a-glance box, the sections in the
layout's order, the closing box with the practice's box or an empty stamp box), each made by one
function that the brochure composes too, and the brochure's comparison table of all treatments. No
file is read or written here.
"""
from __future__ import annotations

import io
from functools import cache
from itertools import groupby

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (Flowable, Image, KeepTogether, ListFlowable, ListItem, Paragraph, Spacer, Table,
                                TableStyle)

from . import fonts, imprint, layout_cache
from .icons import icon_drawing
from ..inputs.content import Edition, Treatment
from ..inputs.layouts import Layout
from .rtl import mirrored_table, paragraph
from .script import current
from .markup import escape, fitted, linked, quoteattr, split_address, to_paragraph
from .press import print_logo
from ..inputs.practice import Logo, Practice
from .styles import Styles, colour
from .tagging import data_table, item_table, mirrored, tag

QR_SIZE = 24 * mm
QR_QUIET_ZONE = 4  # modules, as ISO/IEC 18004 asks for a reader to find the code
STAMP_HEIGHT = 28 * mm
PRACTICE_COLUMN = 56 * mm
LOGO_HEIGHT = 12 * mm
BOX_PADDING = 6
TWO_COLUMN_BOX = 70 * mm  # the least width inside a practice box for logo and name beside the details
TWO_COLUMN_LETTERS = 11  # ems of the details' type each column needs, some 25 letters
COLUMN_GAP = 7 * mm
LEAFLET_LOGO_BOX = (PRACTICE_COLUMN - 2 * BOX_PADDING, LOGO_HEIGHT)


def table(rows, col_widths, layout: Layout, commands: list, **kwargs) -> Table:
    """A Table whose cells start in our font and CMYK text colour: ReportLab's defaults, Helvetica and
    RGB black, are otherwise set in every cell even when it holds no text."""
    if current().rtl:
        rows, col_widths, commands = mirrored_table(rows, col_widths, commands)
    grid = Table(rows, colWidths=col_widths, **kwargs)
    if current().rtl:
        mirrored(grid)
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.register()["regular"]),
                              ("TEXTCOLOR", (0, 0), (-1, -1), colour(layout.colours.text)), *commands]))
    return grid


def paragraphs(texts, style, width: float | None = None) -> list:
    """Paragraphs of author markup; with ``width``, a word too wide for it (an address) is broken into
    lines as wide as it lets them be, not into lines of LONGEST_ADDRESS_LINE characters."""
    fits = width and (lambda line: stringWidth(line, style.fontName, style.fontSize) <= width)
    return [paragraph(to_paragraph(text, fits=fits or None), style) for text in texts]


def bullets(texts, styles: Styles, bullet_colour) -> ListFlowable:
    size = styles.bullet.fontSize
    if current().rtl:  # ListFlowable puts its bullets on the left only
        return rtl_bullets(texts, styles, bullet_colour)
    items = [ListItem(paragraph(to_paragraph(text), styles.bullet)) for text in texts]
    # a bullet a little larger than the text, its baseline on the first line's
    return ListFlowable(items, bulletType="bullet", start="•", bulletColor=bullet_colour,
                        bulletFontName=styles.bullet.fontName, bulletFontSize=size * 1.3,
                        bulletOffsetY=size * 0.3, leftIndent=size * 1.3)


def rtl_bullets(texts, styles: Styles, bullet_colour, marks=None, last=None) -> Table:
    """Bulleted (or, with ``marks``, numbered) items with the mark on the right: a table of mark and
    text (or a flowable made of it), mirrored; ``last``, if given, stands under the last item."""
    size = styles.bullet.fontSize
    mark = ParagraphStyle("bullet_mark", parent=styles.bullet, textColor=bullet_colour, spaceAfter=0)
    rows = [[tag(paragraph(sign, mark), role="Lbl"),
             paragraph(to_paragraph(text), styles.bullet) if isinstance(text, str) else text]
            for sign, text in zip(marks or ["•"] * len(texts), texts)]
    if last:
        rows[-1][1] = [rows[-1][1], last]
    rows, widths, commands = mirrored_table(rows, [size * (1.6 if marks else 1.3), None], [
        ("FONTNAME", (0, 0), (-1, -1), styles.bullet.fontName), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    return item_table(mirrored(Table(rows, colWidths=widths, style=TableStyle(commands), hAlign="RIGHT")), "L", "LI")


def tick_box(styles: Styles, colour) -> Drawing:
    """An empty square, about as tall as a capital, for the reader to tick with a pen."""
    size = styles.bullet.fontSize * 0.8
    drawing = fonts.drawing(size + 2, styles.bullet.leading)
    drawing.add(Rect(1, styles.bullet.leading * 0.18, size, size, fillColor=None, strokeColor=colour, strokeWidth=1.2))
    return drawing


def checklist(texts, layout: Layout, styles: Styles) -> Table:
    """Items with an empty tick box each: a list the reader marks up and takes along."""
    box = styles.bullet.fontSize * 1.6
    # the box is for a pen: a screen reader reads the questions without it
    return table([[tag(tick_box(styles, colour(layout.colours.accent)), role="Artifact"),
                   paragraph(to_paragraph(text), styles.bullet)]
                  for text in texts], [box, None], layout, [
                     ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 2)], hAlign="RIGHT" if current().rtl else "LEFT")


def pictured_step(text: str, icon, layout: Layout, styles: Styles) -> Table:
    """A step with a picture of what to do beside it (PEMAT-P items 15 and 26: a visual aid to act on);
    the picture shows the step written beside it, so it is an artifact: a screen reader reads the step
    once."""
    size = styles.bullet.fontSize * 2.2
    picture = tag(icon_drawing(icon, size, colour(layout.colours.accent)), role="Artifact")
    return table([[picture, paragraph(to_paragraph(text), styles.bullet)]], [size + styles.bullet.fontSize * 0.6, None],
                 layout, [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 2)], hAlign="RIGHT" if current().rtl else "LEFT")


def steps(texts, layout: Layout, styles: Styles, last=None):
    """A numbered list: steps to take in order, each with its picture from the layout's step icons
    while there are icons; ``last``, if given, stands under the last step."""
    accent = colour(layout.colours.accent)
    icons = layout.step_icons
    bodies = [pictured_step(text, icons[i], layout, styles) if i < len(icons)
              else paragraph(to_paragraph(text), styles.bullet) for i, text in enumerate(texts)]
    if current().rtl:  # ListFlowable puts its numbers on the left only
        # the full stop on the inner side, by the text, as a right-to-left list sets it: a right-to-left
        # mark makes the number a right-to-left label
        return rtl_bullets(bodies, styles, accent, [f"{number}.\u200f" for number in range(1, len(texts) + 1)], last)
    items = [ListItem([body, *([last] if last and i == len(bodies) - 1 else [])]) for i, body in enumerate(bodies)]
    size = styles.bullet.fontSize
    return ListFlowable(items, bulletType="1", bulletFormat="%s.", bulletColor=accent,
                        bulletFontName=fonts.register()["bold"], bulletFontSize=size, leftIndent=size * 1.6)


def section(heading: str, body: list, styles: Styles) -> list:
    """A question heading and its answer; the heading style keeps it with the answer's start."""
    return [paragraph(to_paragraph(heading), styles.heading), *body]


def evidence_symbol(category: str, edition: Edition, layout: Layout, styles: Styles) -> Drawing:
    """The evidence category's symbol, about as tall as a capital; its wording always stands beside it,
    so it is an artifact: a screen reader reads the wording once."""
    return tag(icon_drawing(edition.evidence_symbols[category], styles.body.fontSize * 1.1,
                            colour(layout.colours.accent)), role="Artifact")


def symbol_key(edition: Edition, layout: Layout, styles: Styles, width: float) -> Table:
    """The key to the evidence symbols: its label, then each symbol beside its wording, the entries
    flowing like words over as few lines as ``width`` allows; a wording too long for a line wraps. A
    label wider than a third of the key stands on a line of its own above the entries."""
    style = styles.table
    glance = edition.shared.glance
    symbol_width = style.fontSize * 1.1 + 4
    gap = style.fontSize
    label = paragraph(to_paragraph(glance["key"]), styles.table_head)
    label_width = stringWidth(glance["key"], styles.table_head.fontName, style.fontSize) + 6
    above = label_width > width / 3
    line_width = width if above else width - label_width
    lines: list[list] = [[]]  # each line: (category, wording, text width)
    room = line_width
    for category, wording in glance["evidence"].items():
        text_width = min(stringWidth(wording, style.fontName, style.fontSize) + 2, line_width - symbol_width - gap)
        if lines[-1] and symbol_width + text_width > room:
            lines.append([])
            room = line_width
        lines[-1].append((category, wording, text_width))
        room -= symbol_width + text_width + gap

    def line_table(entries) -> Table:
        cells, widths = [], []
        for category, wording, text_width in entries:
            cells += [evidence_symbol(category, edition, layout, styles), paragraph(to_paragraph(wording), style)]
            widths += [symbol_width, text_width + gap]
        return table([cells], widths, layout, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2)], hAlign="RIGHT" if current().rtl else "LEFT")

    padding = [("VALIGN", (0, 0), (-1, -1), "TOP"),
               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
               ("TOPPADDING", (0, 0), (0, 0), 1)]
    if above:
        return table([[label], *([line_table(entries)] for entries in lines)], [width], layout, padding)
    rows = [[label if index == 0 else "", line_table(entries)] for index, entries in enumerate(lines)]
    return table(rows, [label_width, width - label_width], layout, padding)


def glance_wording(edition: Edition, treatment: Treatment) -> dict:
    """The treatment's evidence, effect and guideline categories in the language's fixed wording."""
    glance = edition.shared.glance
    facts = treatment.facts
    return {"evidence": glance["evidence"][facts.evidence], "effect": glance["effect"][facts.effect],
            "guideline": glance["guideline"][facts.guideline]}


def glance_box(edition: Edition, treatment: Treatment, layout: Layout, styles: Styles) -> Table:
    """The at-a-glance box: the facts file's categories in the language's fixed wording. The one
    evidence symbol stands beside its wording, so the box needs no key to the others (a key to five
    symbols where one applies only distracts: PEMAT item 2, issue 20); the brochure's table has one."""
    facts, glance, labels = treatment.facts, glance_wording(edition, treatment), edition.strings
    width = layout.paper.frame_width
    rows = [
        # the box is our summary, not the article's words: said beside its heading, where it takes no room
        [paragraph(to_paragraph(labels.label("at_a_glance")), styles.glance_heading), "",
         paragraph(to_paragraph(edition.shared.glance["note"]), styles.table)],
        [paragraph(to_paragraph(labels.label("evidence")), styles.glance_label),
         evidence_symbol(facts.evidence, edition, layout, styles),
         paragraph(to_paragraph(glance["evidence"]), styles.body)],
        [paragraph(to_paragraph(labels.label("effect")), styles.glance_label),
         paragraph(to_paragraph(glance["effect"]), styles.body), ""],
        [paragraph(to_paragraph(labels.label("guideline")), styles.glance_label),
         paragraph(to_paragraph(glance["guideline"]), styles.body), ""],
    ]
    dots_width = styles.body.fontSize * 1.1 + 8 + 6
    # as wide as the longest label, so a language with short labels gives its longer values more room
    widest = max(stringWidth(labels.label(key), styles.glance_label.fontName, styles.glance_label.fontSize)
                 for key in ("evidence", "effect", "guideline"))
    label_width = min(width * 0.45, widest + 16 + styles.body.fontSize)
    return data_table(table(rows, [label_width, dots_width, width - label_width - dots_width], layout, [
        ("SPAN", (0, 0), (1, 0)),
        ("SPAN", (1, 2), (2, 2)), ("SPAN", (1, 3), (2, 3)),
        ("BACKGROUND", (0, 0), (-1, -1), colour(layout.colours.tint)),
        ("ROUNDEDCORNERS", [6, 6, 6, 6]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("VALIGN", (2, 0), (2, 0), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, 0), 8), ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ("RIGHTPADDING", (1, 1), (1, 1), 0), ("LEFTPADDING", (2, 1), (2, 1), 0),
    ]), header_rows=0, header_columns=1)  # each row's label heads it, "At a glance" the note beside it


def section_body(name: str, edition: Edition, treatment: Treatment | None, layout: Layout,
                 styles: Styles) -> list:
    """The answer under one section's heading; empty when the content has none. The sections every
    treatment shares (who pays, what helps instead, questions) need no ``treatment``."""
    shared = edition.shared
    if name == "side_effects":
        texts = treatment.sections.get(name, (shared.side_effects_not_described,))
    elif name == "who_pays":
        texts = shared.who_pays
    elif name == "helps_instead":
        return [paragraph(to_paragraph(shared.helps_instead_lead), styles.body),
                bullets(shared.helps_instead_items, styles, colour(layout.colours.accent))]
    elif name == "what_you_can_do":
        return [steps(shared.what_you_can_do, layout, styles, last=checklist(shared.questions, layout, styles))]
    else:
        texts = treatment.sections.get(name, ())
    return paragraphs(texts, styles.body)


def treatment_section(name: str, edition: Edition, treatment: Treatment, layout: Layout,
                      styles: Styles) -> list:
    """One section by its name in the layout; empty when the treatment's content has none."""
    if name == "extra":
        return [flowable for question, answer in treatment.extra
                for flowable in section(question, paragraphs(answer, styles.body), styles)]
    body = section_body(name, edition, treatment, layout, styles)
    return section(edition.strings.headings[name], body, styles) if body else []


def treatment_sections(edition: Edition, treatment: Treatment, layout: Layout, styles: Styles) -> list:
    """The layout's sections that the treatment has, each a list of flowables."""
    return [part for name in layout.sections
            for part in [treatment_section(name, edition, treatment, layout, styles)] if part]


def key_message(treatment: Treatment, styles: Styles) -> Paragraph:
    return paragraph(to_paragraph(treatment.key_message), styles.key_message)


def break_address(url: str, style, width: float) -> list[str]:
    """Lines of a web or e-mail address that fit ``width`` (markup.split_address)."""
    return split_address(url, lambda line: stringWidth(line, style.fontName, style.fontSize) <= width)


@cache
def qr_operators(url: str) -> tuple[str, int]:
    """PDF operators that fill the QR code's dark modules, as a square of QR_SIZE without a quiet zone,
    and how many modules a side has. Made once per process: ReportLab's QrCodeWidget encoded the address
    on every measure and draw and formatted some 1,400 numbers, half the time a leaflet took."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.L)
    code.addData(url)
    code.make()
    unit = QR_SIZE / code.getModuleCount()
    rectangles = []
    for row, modules in enumerate(code.modules):
        column = 0
        for dark, run in groupby(map(bool, modules)):
            length = len(list(run))
            if dark:
                # each run filled on its own, so that a reader of the page sees the code's modules
                rectangles.append(f"{fp_str(column * unit, QR_SIZE - (row + 1) * unit, length * unit, unit)} re f")
            column += length
    return "\n".join(rectangles), code.getModuleCount()


class QrCode(Flowable):
    """The QR code to ``url`` in one colour, in its quiet zone: QR_QUIET_ZONE modules of white on every
    side, part of the flowable, so that nothing else is drawn there."""

    def __init__(self, url: str, colour):
        super().__init__()
        self.operators, modules = qr_operators(url)
        self.quiet = QR_QUIET_ZONE * QR_SIZE / modules
        self.width = self.height = QR_SIZE + 2 * self.quiet
        self.colour = colour

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.translate(self.quiet, self.quiet)
        self.canv.setFillColor(self.colour)
        self.canv.addLiteral(self.operators)
        self.canv.restoreState()


def qr_code(url: str, layout: Layout, alt: str) -> QrCode:
    return tag(QrCode(url, colour(layout.colours.text)), alt=alt)


def logo_image(logo: Logo, layout: Layout, width: float, height: float) -> Image:
    """The logo at the largest size that fits ``width`` × ``height``, keeping its aspect ratio; in a
    print-ready layout in the CMYK of its output condition."""
    printed_width, printed_height = logo.size_within(width, height)
    data = print_logo(logo.data, layout.print_marks.condition) if layout.print_marks else logo.data
    image = Image(io.BytesIO(data), width=printed_width, height=printed_height, mask="auto")
    layout_cache.share_image(image, data)
    image.hAlign = "RIGHT" if current().rtl else "LEFT"
    return image


def address_lines(text: str, href: str, style, width: float) -> Paragraph:
    """A web or e-mail address as a link, broken into lines that fit ``width``."""
    lines = "<br/>".join(escape(line) for line in break_address(text, style, width))
    # an address reads left to right in every language: ReportLab's own paragraph, aligned as the style says
    return Paragraph(f"<a href={quoteattr(href)}>{lines}</a>", style)


def practice_text(text: str, style, width: float, styles: Styles) -> Paragraph:
    """One of the practice's fields as typed, each word too wide for ``width`` broken where the
    language allows (markup.fitted), so that nothing runs out of its box. ReportLab breaks nothing
    more: its own hyphenation, given the paragraph again at another width, drops a compound's hyphen
    ("FriedrichWilhelm")."""
    hyphenation = styles.body.hyphenationLang
    typed = ParagraphStyle(f"{style.name}_typed", parent=style, hyphenationLang="", embeddedHyphenation=0)
    return paragraph(fitted(text, lambda line: stringWidth(line, style.fontName, style.fontSize) <= width,
                            hyphenation.breaks if hyphenation else None), typed)


def practice_masthead(practice: Practice, layout: Layout, styles: Styles, width: float,
                      logo_height: float = LOGO_HEIGHT) -> list:
    """The practice's logo and name, e.g. for the brochure's cover."""
    logo = ([tag(logo_image(practice.logo, layout, width, logo_height), role="Artifact"), Spacer(1, 3 * mm)]
            if practice.logo else [])
    return [*logo, practice_text(practice.name, styles.practice_name, width, styles)]


def practice_details(practice: Practice, styles: Styles, width: float) -> list:
    """The practice's address, phone, e-mail, website and note."""
    details = [practice_text(line, styles.small, width, styles) for line in (*practice.address, practice.phone) if line]
    if practice.email:
        details.append(address_lines(practice.email, f"mailto:{practice.email}", styles.small, width))
    if practice.website:
        shown = practice.website.removeprefix("https://").rstrip("/")
        details.append(address_lines(shown, practice.website, styles.small, width))
    note = practice.note_in(current().lang)
    return details + ([Spacer(1, 2 * mm), practice_text(note, styles.small, width, styles)] if note else [])


def practice_box(practice: Practice, layout: Layout, styles: Styles, width: float) -> Table:
    """The practice's box: logo, name, address, phone, e-mail, website and note, framed like the stamp
    box; in a box wide enough, logo and name beside the details, which keeps it low. A row per field,
    so that a box taller than the room left (large type on small paper) goes on over the page."""
    inner = width - 2 * BOX_PADDING
    half = (inner - BOX_PADDING) / 2
    # two columns where each holds some 25 letters of the details' type: large type gets one
    if inner >= TWO_COLUMN_BOX and half >= TWO_COLUMN_LETTERS * styles.small.fontSize:
        details = practice_details(practice, styles, half) or [""]
        rows = [[practice_masthead(practice, layout, styles, half), details[0]],
                *([""] + [detail] for detail in details[1:])]
        widths = [half + 2 * BOX_PADDING, half + BOX_PADDING]
    else:
        rows = [[part] for part in [*practice_masthead(practice, layout, styles, inner),
                                    *practice_details(practice, styles, inner)]]
        widths = [width]
    return table(rows, widths, layout, [
        ("BOX", (0, 0), (-1, -1), 1.2, colour(layout.colours.accent)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (0, 0), (0, -1), BOX_PADDING), ("RIGHTPADDING", (-1, 0), (-1, -1), BOX_PADDING),
        ("TOPPADDING", (0, 0), (-1, 0), BOX_PADDING), ("BOTTOMPADDING", (0, -1), (-1, -1), BOX_PADDING),
    ])


def stamp_box(edition: Edition, layout: Layout, styles: Styles, width: float,
              height: float = STAMP_HEIGHT) -> Table:
    """An empty box, labelled, where staff stamp the practice's address by hand."""
    return table([[paragraph(to_paragraph(edition.strings.label("practice_stamp")), styles.small)]],
                 [width], layout, [
                     ("BOX", (0, 0), (-1, -1), 1.2, colour(layout.colours.accent)),
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 4),
                 ], rowHeights=[height])


def qr_target(edition: Edition, practice: Practice | None) -> str:
    """Where the QR code leads: the practice's choice, else the source article in this language."""
    return practice.qr_url if practice and practice.qr_url else edition.shared.source.url


def practice_slot(edition: Edition, layout: Layout, styles: Styles, width: float,
                  practice: Practice | None = None):
    """The practice's box, or without a practice an empty stamp box."""
    return practice_box(practice, layout, styles, width) if practice else stamp_box(edition, layout, styles, width)


def qr_block(edition: Edition, layout: Layout, styles: Styles, width: float,
             practice: Practice | None = None) -> list:
    """The QR code with its address under it."""
    url = qr_target(edition, practice)
    strings = edition.strings
    label = ([paragraph(to_paragraph(text), styles.small) for text in (strings.label("read_more"), strings.source_note)
              if text] if url == edition.shared.source.url else [])
    alt = strings.label("qr_code")  # the address follows, read as a link: the alternative text does not repeat it
    return [qr_code(url, layout, alt), *label, address_lines(url, url, styles.small, width)]


def practice_column(edition: Edition, layout: Layout, styles: Styles, width: float,
                    practice: Practice | None = None) -> list:
    """The practice's box, or the stamp box, 4 mm above the QR code's quiet zone."""
    code, *under = qr_block(edition, layout, styles, width, practice)
    return [practice_slot(edition, layout, styles, width, practice), Spacer(1, max(0, 4 * mm - code.quiet)),
            code, *under]


def closing(beside: list, column: list, layout: Layout) -> Table:
    """The last block of a leaflet: ``beside`` on the left, the practice column on the right."""
    width = layout.paper.frame_width
    return table([[beside, column]], [width - PRACTICE_COLUMN, PRACTICE_COLUMN], layout, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, 0), COLUMN_GAP),
        ("RIGHTPADDING", (1, 0), (1, 0), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
    ])


def stacked_height(flowables: list, width: float) -> float:
    canvas = _scratch()
    return sum(f.wrapOn(canvas, width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


@cache
def _scratch() -> Canvas:
    """A canvas to measure on, never drawn on nor saved (lists and tables measure their items on one):
    one per process, as a leaflet's parts are measured some thirty times."""
    return Canvas(io.BytesIO())


def beside_counts(sections: list, ending: list, column: list, layout: Layout) -> list[int]:
    """The ways to place the last sections beside the practice column, as how many of them: the
    layout's number first, so that every language arranges its last page alike, then the shortest
    leaflet first, nearest the layout's number among equals (more beside a practice's box, which is
    taller than the stamp box); never so many that the block, which cannot be split, outgrows a page,
    as large type on small paper would make it. The build measures them once per leaflet
    (_leaflet_counts); this is the same rule for the tests, measured anew."""
    return _counts(_section_heights(sections, ending, layout), stacked_height(column, PRACTICE_COLUMN), layout)


def _section_heights(sections: list, ending: list, layout: Layout) -> tuple[list, list]:
    """Each section's height at the page's width, and each one's and the ending's beside the column."""
    width = layout.paper.frame_width
    return ([stacked_height(part, width) for part in sections],
            [stacked_height(part, width - PRACTICE_COLUMN - COLUMN_GAP) for part in [*sections, ending]])


def _counts(heights: tuple[list, list], column_height: float, layout: Layout) -> list[int]:
    full, narrow = heights
    paper, sections = layout.paper, len(full)

    def block(count: int) -> float:
        return max(sum(narrow[sections - count:]), column_height)

    def height(count: int) -> float:
        return sum(full[:sections - count]) + block(count)

    page = paper.height - paper.top - paper.bottom
    fitting = [count for count in range(sections + 1) if block(count) <= page] or [0]
    return sorted(fitting, key=lambda count: (count != layout.sections_beside_practice, height(count),
                                              abs(count - layout.sections_beside_practice)))


_HEIGHTS_MAX = 256
_heights: dict[tuple, tuple] = {}  # (edition, treatment, layout, styles) by identity -> (them, heights)


def _leaflet_counts(edition: Edition, treatment: Treatment, layout: Layout, styles: Styles,
                    practice: Practice | None) -> list[int]:
    """beside_counts of the leaflet's parts. The sections and the ending do not depend on the practice:
    their heights are measured once per process for the same edition, treatment, layout and styles
    (stylesheet gives the same objects for the same layout and writing), not for every practice."""
    key = (id(edition), treatment.id, id(layout), id(styles))
    kept = _heights.get(key)
    if kept is not None and all(held is given for held, given in zip(kept[0], (edition, layout, styles))):
        heights = kept[1]  # the objects are held with their heights: their ids are no other objects'
    else:
        heights = _section_heights(*_sections_and_ending(edition, treatment, layout, styles), layout)
        if len(_heights) >= _HEIGHTS_MAX:
            _heights.clear()
        _heights[key] = ((edition, layout, styles), heights)
    column = practice_column(edition, layout, styles, PRACTICE_COLUMN, practice)
    return _counts(heights, stacked_height(column, PRACTICE_COLUMN), layout)


def _leaflet_parts(edition: Edition, treatment: Treatment, layout: Layout, styles: Styles,
                   practice: Practice | None) -> tuple[list, list, list]:
    """The leaflet's sections, its ending and the practice column, made afresh."""
    return (*_sections_and_ending(edition, treatment, layout, styles),
            practice_column(edition, layout, styles, PRACTICE_COLUMN, practice))


def _sections_and_ending(edition: Edition, treatment: Treatment, layout: Layout, styles: Styles) -> tuple[list, list]:
    sections = treatment_sections(edition, treatment, layout, styles)
    ending = [Spacer(1, styles.body.leading * 0.5), paragraph(to_paragraph(edition.shared.disclaimer), styles.body)]
    return sections, ending


def with_imprint(styles: Styles, texts: list, left: list, right: list, layout: Layout, below: bool = False) -> list:
    """The closing block with the lines on the leaflet itself (``texts``, of imprint_texts: its origin,
    then how it was translated and checked) where they keep it lowest: in reading order, the first of them under the
    text, the next under the QR code, the rest under the whole block at the full width, any of the three
    empty; texts that stand together make one paragraph. Or all of them under the QR code as far as the
    text beside it leaves room, going on under the block: the QR column is the block's last cell, so the
    paragraph reads on unbroken. ``below``: the block no taller than without them, for a block that fits
    the room a page has left only so (the block cannot be split, the lines under it can)."""
    width = layout.paper.frame_width

    def lines(part: list) -> list:
        return [Spacer(1, styles.body.leading * 0.25),
                paragraph(to_paragraph(" ".join(part)), styles.imprint)] if part else []

    def block_height(beside: list, column: list) -> float:
        return stacked_height([closing(beside, column, layout)], width)

    left_height, right_height = block_height(left, []), block_height([], right)

    def placed(under_text: int, under_code: int) -> tuple[float, float, object]:
        """The block's height, the height under it and the flowables, for the texts cut there."""
        block = block_height([*left, *lines(texts[:under_text])], [*right, *lines(texts[under_text:under_code])])
        return block, stacked_height(lines(texts[under_code:]), width), lambda: [
            closing([*left, *lines(texts[:under_text])], [*right, *lines(texts[under_text:under_code])], layout),
            *lines(texts[under_code:])]

    def filled() -> tuple[float, float, object] | None:
        gap, whole = lines(texts)
        parts = whole.split(PRACTICE_COLUMN, left_height - right_height - gap.height)
        if len(parts) != 2:  # no room, or room for all
            return None
        # the same paragraph goes on under the block: no gap
        return left_height, stacked_height(parts[1:], width), lambda: [
            closing(left, [*right, gap, parts[0]], layout), parts[1]]

    cuts = [(first, second) for second in range(len(texts) + 1) for first in range(second + 1)]
    ways = [way for way in (*(placed(*cut) for cut in cuts), filled()) if way
            and (not below or way[0] <= max(left_height, right_height))]
    return min(ways, key=lambda way: way[0] + way[1])[2]()


def leaflet_stories(edition: Edition, treatment: Treatment, layout: Layout, styles: Styles,
                    practice: Practice | None = None):
    """All flowables of one treatment's leaflet, in reading order, the last sections beside the
    practice column: one story for each way of placing them, the likely shortest first, ending with
    the practice's box beside the QR code under all the sections, for a box too tall for the column;
    then the same with the lines on the leaflet itself only where they leave the closing block as low
    as without them (with_imprint's ``below``); then all of these again with sections free to break
    across pages (a heading still stays with its text); then the practice's box across the page on its
    own, free to go on over a page, above the QR code, for a box taller than the room a page leaves
    (large type on small paper); last, for a translation, all of these again with its account under
    the at-a-glance box, where a first page that breaks before a section has room for it while the
    last page has none. Each story is made afresh: where a page breaks, measuring cannot tell."""
    counts = _leaflet_counts(edition, treatment, layout, styles, practice)
    # the article's address stands in the lines where the QR code leads elsewhere
    texts = imprint.imprint_texts(edition, practice, qr_target(edition, practice) != edition.shared.source.url)
    ways = [(keep_together, imprint_below, count) for keep_together, imprint_below in (
        (True, False), (True, True), (False, False), (False, True)) for count in [*counts, None]]
    ways += [(True, True, "stacked"), (False, True, "stacked")]
    for keep_together, imprint_below, count, account_ahead in [(*way, ahead) for ahead in (False, True)[:len(texts)]
                                                               for way in ways]:
        sections, ending, column = _leaflet_parts(edition, treatment, layout, styles, practice)
        split = len(sections) - (count if isinstance(count, int) else 0)
        story = [key_message(treatment, styles), glance_box(edition, treatment, layout, styles)]
        closing_texts = texts[:1] if account_ahead else texts
        if account_ahead:
            story += paragraphs(texts[1:], styles.imprint)
        for part in sections[:split]:
            story += [KeepTogether(part)] if keep_together else part
        if count == "stacked":
            story += [*ending, Spacer(1, styles.body.leading * 0.5),
                      practice_slot(edition, layout, styles, layout.paper.frame_width, practice),
                      Spacer(1, styles.body.leading * 0.5), *with_imprint(
                          styles, closing_texts, [], qr_block(edition, layout, styles, PRACTICE_COLUMN, practice),
                          layout, imprint_below)]
        elif count is None:
            width = layout.paper.frame_width - PRACTICE_COLUMN - COLUMN_GAP
            story += [*ending, Spacer(1, styles.body.leading * 0.5), *with_imprint(
                styles, closing_texts, [practice_slot(edition, layout, styles, width, practice)],
                qr_block(edition, layout, styles, PRACTICE_COLUMN, practice), layout, imprint_below)]
        else:
            story += with_imprint(styles, closing_texts, [f for part in sections[split:] for f in part] + ending,
                                  column, layout, imprint_below)
        yield story


COMPARISON_COLUMNS = (0.21, 0.21, 0.17, 0.22, 0.19)  # shares of the width: treatment and the four facts


def widest(cell) -> float:
    """The widest thing in a table cell that cannot break: its longest word, or a drawing."""
    return max((widest(item) for item in cell), default=0) if isinstance(cell, list) else (
        cell.minWidth() if hasattr(cell, "minWidth") else getattr(cell, "width", 0))


def fitted_widths(widths: list, least: list) -> list:
    """Column widths grown to at least ``least`` each, the room taken from the columns that have some,
    in proportion to it; as they were when there is not room enough for all."""
    need = sum(max(0, low - width) for width, low in zip(widths, least))
    room = [max(0, width - low) for width, low in zip(widths, least)]
    if not need or sum(room) < need:
        return widths
    return [max(width, low) - need * spare / sum(room) for width, low, spare in zip(widths, least, room)]


def comparison_table(edition: Edition, treatments, layout: Layout, styles: Styles, width: float,
                     anchor=None) -> Table:
    """The brochure's comparison: a row per treatment, a column per fact, in the at-a-glance wording;
    a row never splits across pages unless it is taller than a page, and the header row repeats at the
    top of every page it runs on to.
    ``anchor(treatment)``, if given, names the destination the
    treatment's name links to."""
    def comparison_rows(widths=None) -> list:
        """The rows; with ``widths``, each word wider than its column broken to fit it, with a hyphen."""
        def text(words, style, column):
            room = widths[column] - 2 * 5 if widths else None
            return to_paragraph(words, fits=room and (
                lambda line: stringWidth(line, style.fontName, style.fontSize) <= room))

        def row(treatment):
            name = text(treatment.name, styles.table_head, 0)
            if anchor:
                name = linked(name, anchor(treatment))
            glance = glance_wording(edition, treatment)
            side_effects = treatment.side_effects_brief or edition.shared.side_effects_not_described_brief
            cells = [paragraph(text(words, styles.table, column), styles.table) for column, words in (
                (1, glance["evidence"]), (2, glance["effect"]), (3, side_effects), (4, glance["guideline"]))]
            return [paragraph(name, styles.table_head),
                    [evidence_symbol(treatment.facts.evidence, edition, layout, styles), cells[0]], *cells[1:]]

        head = [paragraph(text(edition.strings.label(key), styles.table_head, column), styles.table_head)
                for column, key in enumerate(("treatment", "evidence", "effect", "side_effects", "guideline"))]
        return [head, *map(row, treatments)]

    rows = comparison_rows()
    widths = [width * share for share in COMPARISON_COLUMNS]
    # a word is never cut without a hyphen, and not every long word has a place to break: every column
    # is as wide as its longest word, in every language
    least = [max(widest(cell) for cell in column) + 2 * 5 for column in zip(*rows)]
    widths = fitted_widths(widths, least)
    if any(width < low for width, low in zip(widths, least)):
        rows = comparison_rows(widths)  # no room for them all (large type on A5): they break, with a hyphen
    # a row moves whole to the next page; only where a row with the header above it takes nine tenths
    # of a page or more (large type on A5), which the running header and the frame's own padding leave
    # no room for, rows split
    page = (layout.paper.height - layout.paper.top - layout.paper.bottom) * 0.9
    heights = [max(stacked_height(cell if isinstance(cell, list) else [cell], column - 2 * 5)
                   for cell, column in zip(row, widths)) + 5 + 7 for row in rows]
    tallest = heights[0] + max(heights[1:])  # with the header above it
    return data_table(table(rows, widths, layout, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LINEBELOW", (0, 0), (-1, 0), 1.5, colour(layout.colours.accent)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, colour(layout.colours.tint)]),
    ], repeatRows=1, splitInRow=int(tallest > page)), header_rows=1, header_columns=1)
