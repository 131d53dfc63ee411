"""The review sheet: every statement of one language, laid out for a qualified reviewer to tick off.

Takes the default Layout, the Edition under review, the English Edition, the statements of both (from
inputs/statements.py, paired by key path) and, for English, each statement's source paragraphs (their
numbers and, when a copy of the article was given, their text); gives back the PDF bytes of an A4
sheet in the leaflets' page templates, fonts and styles: a first page under a title band with how to
review, then the interface and shared texts and one section per treatment, each a table with a row per
statement (its key, the English text and the translation side by side, or for English the statement
beside its source paragraphs) and an empty tick box, and at the end a sign-off block. Every page has
"page n of N" in its footer.
"""
from __future__ import annotations

import dataclasses
from itertools import groupby

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from ..inputs.content import Edition
from ..inputs.languages import SOURCE_LANGUAGE
from ..inputs.layouts import Layout
from ..inputs.reviews import reviews_file
from .document import Furniture, LeafletDocument
from .imprint import adapter, footer_text
from .leaflet import metadata
from .markup import escape, fitted, is_address, to_paragraph
from .rtl import paragraph
from .script import writing
from ..inputs.typeface import DEFAULT_FAMILY
from .parts import table
from .styles import stylesheet

SHEET_MARGIN = 18 * mm  # narrower than a leaflet's: four columns stand side by side
TICK_BOX = 5 * mm
TICK_COLUMN = 14 * mm
KEY_COLUMN = 40 * mm
CELL_PADDING = 4
PAGE_LABEL = "Page {page} of {pages}"


class TickBox(Flowable):
    """An empty square for the reviewer's tick."""

    def wrap(self, available_width, available_height):
        self.width = self.height = TICK_BOX
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.setLineWidth(1)
        self.canv.rect(0, 0, TICK_BOX, TICK_BOX, stroke=1, fill=0)
        self.canv.restoreState()


@dataclasses.dataclass(frozen=True)
class Source:
    """Where an English statement comes from: its paragraphs' numbers, and their text when known."""

    paragraphs: str  # e.g. "¶4, ¶5", or what the statement is instead, e.g. "editorial"
    text: str = ""


def sheet_layout(layout: Layout) -> Layout:
    paper = dataclasses.replace(layout.paper, left=SHEET_MARGIN, right=SHEET_MARGIN)
    return dataclasses.replace(layout, paper=paper)


def review_sheet_pdf(layout: Layout, edition: Edition, english: Edition, statements: list,
                     english_statements: list, sources: dict, fingerprint: str) -> bytes:
    """The sheet's PDF; ``sources`` maps an English statement's key to its Source (empty: none cited);
    ``fingerprint`` is that of the files the sheet shows, which the sign-off says too."""
    layout = sheet_layout(layout)
    styles = stylesheet(layout)  # the sheet's own words are English
    with writing(edition):  # the texts under review in their own typeface, direction and word breaks
        own = stylesheet(layout, edition.strings.hyphenation)
        own_name = paragraph(to_paragraph(edition.strings.language), own.table_head)
        own_title = paragraph(to_paragraph(f"{edition.strings.language}: {edition.shared.series_title}"),
                              own.page_heading)
    translation = edition.lang != SOURCE_LANGUAGE
    # the band prints in the sheet's English typeface: a language in another script is named by its code
    own_script = edition.strings.font != DEFAULT_FAMILY
    language = edition.lang if own_script else f"{edition.strings.language} ({edition.lang})"
    series = english.shared.series_title
    furniture = Furniture(title=f"Review sheet: {language}", subtitle=series,
                          series=f"For a qualified {'translator' if translation else 'reviewer'}", icon=None,
                          footer=footer_text(english), page_label=PAGE_LABEL)
    info = metadata(english, f"Review sheet: {language} – {series}", "Every statement, to check and sign off",
                    (series,))
    document = LeafletDocument(layout, styles, furniture, info)
    english_text = {statement.key: statement.text for statement in english_statements}
    width = layout.paper.frame_width

    def cell(text, style):
        return Paragraph(to_paragraph(text), style)

    def own_cell(text):
        with writing(edition):
            if is_address(text):  # an address reads left to right, broken to fit, in every language
                return Paragraph(fitted(text, lambda line: stringWidth(line, own.table.fontName, own.table.fontSize)
                                        <= columns[2] - 2 * CELL_PADDING), own.table)
            return paragraph(to_paragraph(text), own.table)

    def key(statement):
        """The key below its section's file, which the section's heading names."""
        style = styles.table
        # broken after its dots and underscores where it is wider than its column, never run into the next
        return Paragraph(fitted(statement.key.partition(".")[2], lambda line: stringWidth(
            line, style.fontName, style.fontSize) <= KEY_COLUMN - 2 * CELL_PADDING), style)

    def head(*labels):
        return [label if isinstance(label, Flowable) else Paragraph(escape(label), styles.table_head)
                for label in labels]

    if translation:
        columns = [KEY_COLUMN, (width - KEY_COLUMN - TICK_COLUMN) / 2, (width - KEY_COLUMN - TICK_COLUMN) / 2,
                   TICK_COLUMN]
        heading = head("Key", "English", own_name, "OK")

        def row(statement):
            return [key(statement), cell(english_text.get(statement.key, "–"), styles.table),
                    own_cell(statement.text), TickBox()]
    else:
        with_text = any(source.text for source in sources.values())
        source_width = (width - KEY_COLUMN - TICK_COLUMN) * (0.5 if with_text else 0.22)
        columns = [KEY_COLUMN, width - KEY_COLUMN - TICK_COLUMN - source_width, source_width, TICK_COLUMN]
        heading = head("Key", "Statement", "Source paragraph" + (" and its text" if with_text else "s"), "OK")

        def row(statement):
            source = sources.get(statement.key, Source("not cited yet"))
            cited = [cell(source.paragraphs, styles.table_head)] + ([cell(source.text, styles.table)]
                                                                    if source.text else [])
            return [key(statement), cell(statement.text, styles.table), cited, TickBox()]

    def section_table(rows):
        return table([heading, *rows], columns, layout, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("LEFTPADDING", (-1, 0), (-1, -1), 8),  # the box clear of right-aligned text beside it
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LINEBELOW", (0, 0), (-1, 0), 1.5, layout.colours.accent),
            ("LINEBELOW", (0, 1), (-1, -1), 0.5, layout.colours.tint),
        ], repeatRows=1)

    story = [own_title, Spacer(1, 3 * mm),
             *(Paragraph(escape(line), styles.body) for line in instructions(edition, translation)),
             Spacer(1, styles.body.leading)]
    for index, (prefix, group) in enumerate(groupby(statements, key=lambda statement: statement.key.split(".")[0])):
        rows = [row(statement) for statement in group]
        story += [PageBreak()] * bool(index) + [
            Paragraph(escape(section_title(english, prefix)), styles.page_heading), Spacer(1, 4 * mm),
            section_table(rows)]
    story.append(KeepTogether(sign_off_block(edition, translation, styles, fingerprint)))
    return document.render(story)


def section_title(english: Edition, prefix: str) -> str:
    """A section's heading, in English: the treatment's name, or which of the shared files it holds."""
    if prefix == "i18n":
        return "Headings and labels (i18n)"
    if prefix == "shared":
        return "Texts every leaflet and the brochure share (shared)"
    return f"{english.treatment(prefix).name} ({prefix})"


def instructions(edition: Edition, translation: bool) -> list[str]:
    if translation:
        task = ("Check each row: the translation says what the English says, in plain words, with nothing "
                "added and nothing left out, and uses the terms of the article in this language.")
    else:
        task = ("Check each row against the source article: the statement says what the cited paragraphs "
                "say, with nothing added and nothing left out; rows marked editorial are our own additions "
                "and make no medical claim.")
    return [task,
            "Tick the box of each row that is right. Mark what is wrong beside the row; it is corrected and "
            "a new sheet is printed before you sign.",
            f"The keys name each text in the project's files, e.g. massage.does_it_help.1 is the first "
            f"paragraph under “Does it help?” in leaflets/{edition.lang}/massage.yaml."]


def sign_off_block(edition: Edition, translation: bool, styles, fingerprint: str) -> list:
    """Where the reviewer signs, and the command that records the sign-off."""
    who = "translator" if translation else "reviewer"
    line = "_" * 38
    command = f'python build.py --sign-off {edition.lang} --reviewer "Name, qualification"'
    return [Spacer(1, styles.body.leading), Paragraph("Sign-off", styles.heading),
            Paragraph(escape(f"I have checked every row of this sheet as a qualified {who} and found the "
                             f"text of the '{edition.lang}' edition correct."), styles.body),
            *(Paragraph(escape(f"{label}: {line}"), styles.body) for label in
              ("Name", "Qualification", "Date", "Signature")),
            Spacer(1, styles.body.leading * 0.5),
            Paragraph(escape(f"The sign-off is recorded in {reviews_file(edition.lang)} with {command}; "
                             f"until then, every leaflet of the '{edition.lang}' edition says that no qualified "
                             f"{who} has checked it. Published by {adapter(edition)}."), styles.body),
            Paragraph(escape(f"This sheet shows the files with the fingerprint {fingerprint}. The sign-off "
                             "says the fingerprint of the files it records: if it is another, the files "
                             "changed after this sheet was printed; print a new one."), styles.body)]
