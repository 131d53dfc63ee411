"""Content and layout to flowables.

Takes an Edition (content in one language), a treatment, its Layout and the Styles; gives back
ReportLab flowables: the parts of a leaflet (key message, at-a-glance box, the sections in the
layout's order, the closing box), each made by one function that the brochure composes too. No file
is read or written here.
"""
from __future__ import annotations

import re
from functools import cache
from itertools import groupby

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.shapes import Circle, Drawing
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, ListFlowable, ListItem, Paragraph, Spacer, Table, TableStyle

from . import fonts
from .content import Edition, Treatment
from .layouts import Layout
from .markup import escape, to_paragraph
from .styles import Styles

QR_SIZE = 24 * mm
STAMP_HEIGHT = 32 * mm
PRACTICE_COLUMN = 56 * mm


def table(rows, col_widths, layout: Layout, commands: list, **kwargs) -> Table:
    """A Table whose cells start in our font and CMYK text colour: ReportLab's defaults, Helvetica and
    RGB black, are otherwise set in every cell even when it holds no text."""
    grid = Table(rows, colWidths=col_widths, **kwargs)
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.register()["regular"]),
                              ("TEXTCOLOR", (0, 0), (-1, -1), layout.colours.text), *commands]))
    return grid


def paragraphs(texts, style) -> list:
    return [Paragraph(to_paragraph(text), style) for text in texts]


def bullets(texts, styles: Styles, colour) -> ListFlowable:
    items = [ListItem(Paragraph(to_paragraph(text), styles.bullet)) for text in texts]
    return ListFlowable(items, bulletType="bullet", start="•", bulletColor=colour,
                        bulletFontName=styles.bullet.fontName, bulletFontSize=styles.body.fontSize * 1.2,
                        leftIndent=styles.bullet.leftIndent, bulletOffsetY=-1)


def section(heading: str, body: list, styles: Styles) -> list:
    """A question heading and its answer; the heading style keeps it with the answer's start."""
    return [Paragraph(to_paragraph(heading), styles.heading), *body]


def evidence_dots(filled: int, layout: Layout, styles: Styles) -> Drawing:
    """The graded symbol: three dots, ``filled`` of them solid; a word always stands beside it."""
    radius = styles.body.fontSize * 0.3
    step = radius * 2.8
    drawing = fonts.drawing(step * 3, styles.body.leading)
    for i in range(3):
        solid = i < filled
        drawing.add(Circle(radius + 1 + i * step, styles.body.leading * 0.42, radius,
                           fillColor=layout.colours.accent if solid else None,
                           strokeColor=layout.colours.accent, strokeWidth=1.2))
    return drawing


def glance_box(edition: Edition, treatment: Treatment, layout: Layout, styles: Styles) -> Table:
    """The at-a-glance box: the facts file's categories in the language's fixed wording."""
    facts, glance, labels = treatment.facts, edition.shared.glance, edition.strings
    rows = [
        [Paragraph(to_paragraph(labels.label("at_a_glance")), styles.glance_heading), "", ""],
        [Paragraph(to_paragraph(labels.label("evidence")), styles.glance_label),
         evidence_dots(facts.evidence_dots, layout, styles),
         Paragraph(to_paragraph(glance["evidence"][facts.evidence]), styles.body)],
        [Paragraph(to_paragraph(labels.label("effect")), styles.glance_label),
         Paragraph(to_paragraph(glance["effect"][facts.effect]), styles.body), ""],
        [Paragraph(to_paragraph(labels.label("guideline")), styles.glance_label),
         Paragraph(to_paragraph(glance["guideline"][facts.guideline]), styles.body), ""],
    ]
    width = layout.paper.frame_width
    dots_width = evidence_dots(0, layout, styles).width + 8 + 6
    label_width = width * 0.45
    return table(rows, [label_width, dots_width, width - label_width - dots_width], layout, [
        ("SPAN", (0, 0), (-1, 0)),
        ("SPAN", (1, 2), (2, 2)), ("SPAN", (1, 3), (2, 3)),
        ("BACKGROUND", (0, 0), (-1, -1), layout.colours.tint),
        ("ROUNDEDCORNERS", [6, 6, 6, 6]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, 0), 9), ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
        ("RIGHTPADDING", (1, 1), (1, 1), 0), ("LEFTPADDING", (2, 1), (2, 1), 0),
    ])


def treatment_section(name: str, edition: Edition, treatment: Treatment, layout: Layout,
                      styles: Styles) -> list:
    """One section by its name in the layout; empty when the treatment's content has none."""
    shared, headings = edition.shared, edition.strings.headings
    if name == "extra":
        return [flowable for question, answer in treatment.extra
                for flowable in section(question, paragraphs(answer, styles.body), styles)]
    if name == "side_effects":
        texts = treatment.sections.get(name, (shared.side_effects_not_described,))
    elif name == "who_pays":
        texts = shared.who_pays
    elif name == "helps_instead":
        return section(headings[name], [Paragraph(to_paragraph(shared.helps_instead_lead), styles.body),
                                        bullets(shared.helps_instead_items, styles, layout.colours.accent)],
                       styles)
    elif name == "questions":
        return section(headings[name], [bullets(shared.questions, styles, layout.colours.accent)], styles)
    else:
        texts = treatment.sections.get(name, ())
    return section(headings[name], paragraphs(texts, styles.body), styles) if texts else []


def break_address(url: str, style, width: float) -> list[str]:
    """Lines of a web address that fit ``width``, broken after '/', '-' or '.' where possible."""
    lines, line = [], ""
    for piece in re.findall(r"[^/.-]*[/.-]?", url):
        if line and stringWidth(line + piece, style.fontName, style.fontSize) > width:
            lines.append(line)
            line = ""
        line += piece
    return lines + [line] if line else lines


@cache
def qr_operators(url: str) -> str:
    """PDF operators that fill the QR code's dark modules, as a square of QR_SIZE without a quiet zone.
    Made once per process: ReportLab's QrCodeWidget encoded the address on every measure and draw and
    formatted some 1,400 numbers, half the time a leaflet took."""
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
                rectangles.append(f"{fp_str(column * unit, QR_SIZE - (row + 1) * unit, length * unit, unit)} re")
            column += length
    return "\n".join(rectangles) + "\nf"


class QrCode(Flowable):
    """The QR code to ``url`` in one colour."""

    def __init__(self, url: str, colour):
        super().__init__()
        self.width = self.height = QR_SIZE
        self.url, self.colour = url, colour

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.setFillColor(self.colour)
        self.canv.addLiteral(qr_operators(self.url))
        self.canv.restoreState()


def qr_code(url: str, layout: Layout) -> QrCode:
    return QrCode(url, layout.colours.text)


def practice_column(edition: Edition, layout: Layout, styles: Styles, width: float) -> list:
    """The practice stamp box above the QR code to the full article, with its address under it."""
    source = edition.shared.source
    stamp = table([[Paragraph(to_paragraph(edition.strings.label("practice_stamp")), styles.small)]],
                  [width], layout, [
                      ("BOX", (0, 0), (-1, -1), 1.2, layout.colours.accent),
                      ("VALIGN", (0, 0), (-1, -1), "TOP"),
                      ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 4),
                  ], rowHeights=[STAMP_HEIGHT])
    url = "<br/>".join(escape(line) for line in break_address(source.url, styles.small, width))
    return [stamp, Spacer(1, 6 * mm), qr_code(source.url, layout), Spacer(1, 4),
            Paragraph(to_paragraph(edition.strings.label("read_more")), styles.small),
            Paragraph(url, styles.small)]


def closing(beside: list, edition: Edition, layout: Layout, styles: Styles) -> Table:
    """The last block of a leaflet: ``beside`` on the left, the practice column on the right."""
    width = layout.paper.frame_width
    column = PRACTICE_COLUMN
    return table([[beside, practice_column(edition, layout, styles, column)]], [width - column, column],
                 layout, [
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, 0), 7 * mm),
                     ("RIGHTPADDING", (1, 0), (1, 0), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                 ])


def leaflet_story(edition: Edition, treatment: Treatment, layout: Layout, styles: Styles) -> list:
    """All flowables of one treatment's leaflet, in reading order; the layout's last sections sit beside
    the practice column."""
    story = [Paragraph(to_paragraph(treatment.key_message), styles.key_message),
             glance_box(edition, treatment, layout, styles)]
    sections = [part for name in layout.sections
                for part in [treatment_section(name, edition, treatment, layout, styles)] if part]
    split = len(sections) - layout.sections_beside_practice
    story += [KeepTogether(part) for part in sections[:split]]
    beside = [flowable for part in sections[split:] for flowable in part]
    beside += [Spacer(1, styles.body.leading * 0.5), Paragraph(to_paragraph(edition.shared.disclaimer), styles.body)]
    story.append(closing(beside, edition, layout, styles))
    return story
