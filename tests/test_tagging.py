"""Tagged PDF: every PDF we build passes our PDF/UA checker (tests/pdfua.py), poppler reads it as tagged
and in reading order, and the hooks into ReportLab's internals (render/tagging/) still hold."""
from __future__ import annotations

import io
import re
import subprocess

import page
import pypdf
import pytest
from reportlab.graphics.shapes import Circle
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (Flowable, KeepTogether, ListFlowable, ListItem, Paragraph, SimpleDocTemplate,
                                Table, TableStyle)
from reportlab.platypus.flowables import BulletDrawer, LIIndenter, _Container
from reportlab.platypus.tables import Table as RLTable

import readers
from conftest import EXAMPLE, ROOT, fold, edition_of
from leaflet_builder.inputs.languages import available_languages
from leaflet_builder.inputs.practice import load_practice
from leaflet_builder.render import fonts, rtl
from leaflet_builder.inputs.hyphenation import FOREIGN_PHRASE, Hyphenator
from leaflet_builder.render.markup import plain, to_paragraph
from leaflet_builder.render.script import writing
from leaflet_builder.render.tagging import TaggedCanvas, TaggingError, data_table, item_table, mirrored, tag
from pdfua import elements, problems, structure

VARIANTS = [("--large-print",), ("--paper", "a5"), ("--print-ready",)]


def checked(folder) -> dict:
    """The problems of every PDF in ``folder``, by file name; none for a folder that passes."""
    # the booklet to fold is two pages on a sheet for the print shop, not a document to read on a screen
    pdfs = sorted(path for path in folder.glob("*.pdf") if path.name != "brochure-booklet.pdf")
    assert pdfs, f"no PDF in {folder}"
    return {pdf.name: found for pdf in pdfs if (found := problems(pdf))}


def test_every_pdf_of_every_language_passes_the_checker(built):
    for lang in available_languages(ROOT):
        assert checked(built / lang) == {}, lang


def test_leaflets_and_brochure_with_a_practice_pass_the_checker(built_practice):
    assert checked(built_practice) == {}


@pytest.mark.parametrize("options", VARIANTS)
def test_every_variant_passes_the_checker(variant, options):
    assert checked(variant(*options)) == {}


def poppler(*args) -> str:
    return subprocess.run(["pdfinfo", *args], check=True, capture_output=True, text=True).stdout


def struct_texts(path) -> list[str]:
    """The texts of ``pdfinfo -struct-text``, one per marked-content sequence, in structure order."""
    return [fold(text) for text in re.findall(r'^\s+"(.*)"$', poppler("-struct-text", str(path)), re.MULTILINE)]


@pytest.mark.parametrize("name", ["massage.pdf", "brochure.pdf"])
def test_poppler_reads_the_pdfs_as_tagged(built_en, name):
    assert re.search(r"^Tagged:\s+yes$", poppler(str(built_en / name)), re.MULTILINE)


def test_helps_instead_reads_whole_and_in_order_before_the_practice(built_practice, edition_en):
    texts = struct_texts(built_practice / "massage.pdf")
    bullets = [fold(plain(item)) for item in edition_en.shared.helps_instead_items]
    where = [texts.index(bullet) for bullet in bullets]  # each bullet one whole text
    assert where == sorted(where)
    practice = load_practice(EXAMPLE)
    for line in (practice.name, *practice.address):
        assert texts.index(fold(line)) > where[-1], line


def test_headings_are_the_title_and_the_questions(built_en, edition_en):
    tree = structure(pypdf.PdfReader(built_en / "massage.pdf"))
    treatment = edition_en.treatment("massage")
    [title] = elements(tree, "H1")
    assert len(list(elements(tree, "H2"))) >= len(edition_en.strings.headings) - 1
    assert title["mcids"] and treatment.name


def test_figures_say_what_they_show_and_nothing_is_read_twice(built_en, edition_en, read_by_pdfjs):
    """The only Figure is the QR code, its alternative text without the address that follows it as a
    link; the band's icon beside the title, each evidence symbol beside its wording and each step's
    picture beside the step are artifacts, so a screen reader reads the name and the words once."""
    path = built_en / "massage.pdf"
    alts = [str(figure["alt"]) for figure in elements(structure(pypdf.PdfReader(path)), "Figure")]
    assert alts == [edition_en.strings.label("qr_code")]
    assert edition_en.shared.source.url not in alts[0]
    text = " ".join(read_by_pdfjs[path]["structure"].split())
    treatment = edition_en.treatment("massage")
    assert text.count(f"{treatment.name} {treatment.name}") == 0
    for wording in edition_en.shared.glance["evidence"].values():
        assert f"{plain(wording)} {plain(wording)}" not in text, wording
    for step in edition_en.shared.what_you_can_do:  # each beside its picture
        assert f"{plain(step)} {plain(step)}" not in text, step


def test_the_glance_box_is_a_table_with_header_cells(built_en):
    [table] = elements(structure(pypdf.PdfReader(built_en / "massage.pdf")), "Table")
    note, *rows = table["kids"]
    assert len(rows) == 3  # evidence, effect, guideline: no key under them (issue 20)
    # each row headed by its label, the box's heading heading the note beside it; the evidence symbol,
    # an artifact, leaves no empty cell: its wording's cell spans its column too
    for row in (note, *rows):
        head, value = row["kids"]
        assert head["role"] == "TH" and head["attributes"]["/Scope"] == "/Row"
        assert value["role"] == "TD"


# the hooks into ReportLab, each used on a small document of our own

def tagged_pdf(story, canvasmaker=TaggedCanvas) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=(120 * mm, 90 * mm), title="Hooks", lang="en",
                                 displayDocTitle=True, initialFontName=fonts.register()["regular"])
    document.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


def hooks_story():
    regular = fonts.register()["regular"]
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=14)
    heading = ParagraphStyle("heading", parent=body, tag_role="H")
    long_text = " ".join(["A paragraph long enough to break across two pages of this small document."] * 9)
    grid = Table([["Head", "Head"], *[[Paragraph(f"row {n}", body), f"cell {n}"] for n in range(12)]],
                 repeatRows=1, style=TableStyle([("FONTNAME", (0, 0), (-1, -1), regular),
                                                 ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                                 ("BACKGROUND", (0, 0), (-1, 0), "#dddddd")]))
    boxed = Table([[Paragraph('<a href="https://example.org/">a link</a>', body), ""]],
                  style=TableStyle([("FONTNAME", (0, 0), (-1, -1), regular), ("ROUNDEDCORNERS", [4, 4, 4, 4]),
                                    ("BOX", (0, 0), (-1, -1), 1, "black")]))
    return [tag(Paragraph("Title", body), role="H1"), Paragraph("Question?", heading), Paragraph(long_text, body),
            KeepTogether([ListFlowable([ListItem(Paragraph(f"item {n}", body)) for n in range(3)],
                                       bulletType="bullet", start="-", bulletFontName=regular)]),
            tag(evidence_drawing(), alt="two of three"), data_table(grid, header_rows=1, header_columns=1), boxed]


def evidence_drawing():
    drawing = fonts.drawing(20, 20)  # in our font: a Drawing starts in Helvetica
    drawing.add(Circle(10, 10, 8))
    return drawing


def test_tagging_hooks_fit_this_reportlab():
    pdf = io.BytesIO(tagged_pdf(hooks_story()))
    hooked = [Flowable.drawOn, _Container.drawOn, LIIndenter.drawOn, BulletDrawer.drawOn, Paragraph.split,
              RLTable.split, RLTable._restoreRoundingObscuredLines]
    assert all(getattr(method, "tagging", None) for method in hooked), "ReportLab's classes moved"
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) > 1
    assert problems(pdf) == []
    tree = structure(reader)
    long = [p for p in elements(tree, "P") if len({page for page, _ in p["mcids"]}) > 1]
    assert long, "a paragraph split over two pages stays one P"
    [table] = elements(tree, "Table")
    header_rows = [row for row in table["kids"] if all(cell["role"] == "TH" for cell in row["kids"])]
    assert len(header_rows) == 1 and len(table["kids"]) == 13, "the repeated header is an artifact"
    [link] = elements(tree, "Link")
    assert link["mcids"] and str(link["annotations"][0]["/Contents"]) == "a link"
    assert [item["role"] for item in next(elements(tree, "L"))["kids"]] == ["LI"] * 3


def test_an_untagged_canvas_draws_as_before():
    pdf = tagged_pdf(hooks_story(), canvasmaker=Canvas)
    assert b"BDC" not in b"".join(page.get_contents().get_data() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


class _Frame(Flowable):
    """A flowable of someone else's that draws another flowable inside its own drawing."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def wrap(self, available_width, available_height):
        return self.inner.wrap(available_width, available_height)

    def draw(self):
        self.inner.drawOn(self.canv, 0, 0)


def test_a_flowable_drawing_tagged_flowables_inside_its_own_content_fails_loudly():
    body = ParagraphStyle("body", fontName=fonts.register()["regular"])
    with pytest.raises(TaggingError, match="inside the marked content"):
        tagged_pdf([_Frame(Paragraph("inside", body))])


def test_a_mirrored_table_reads_from_its_last_cell(tmp_path):
    body = ParagraphStyle("body", fontName=fonts.register()["regular"])
    layout = mirrored(Table([[Paragraph("second", body), Paragraph("first", body)]]))
    items = item_table(mirrored(Table([[Paragraph("text", body), tag(Paragraph("-", body), role="Lbl")]])), "L", "LI")
    grid = mirrored(data_table(Table([[Paragraph("b", body), Paragraph("a", body)],
                                      [Paragraph("d", body), Paragraph("c", body)]]), header_columns=1))
    path = tmp_path / "mirrored.pdf"
    path.write_bytes(tagged_pdf([layout, items, grid]))
    assert struct_texts(path) == ["first", "second", "-", "text", "a", "b", "c", "d"]
    tree = structure(pypdf.PdfReader(path))
    [item] = next(elements(tree, "L"))["kids"]
    assert [kid["role"] for kid in item["kids"]] == ["Lbl", "LBody"]
    [table] = elements(tree, "Table")
    assert [[cell["role"] for cell in row["kids"]] for row in table["kids"]] == [["TH", "TH"], ["TH", "TD"]]


RTL = [lang for lang in available_languages(ROOT) if edition_of(lang).strings.direction == "rtl"]


def spans(path) -> list[tuple[str | None, str]]:
    """Each Span element of a tagged PDF: its /Lang and its text, as poppler reads it."""
    langs = []

    def walk(element):
        element = element.get_object()
        if element.get("/S") == "/Span":
            langs.append(element.get("/Lang"))
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                walk(kid)

    walk(pypdf.PdfReader(str(path)).trailer["/Root"]["/StructTreeRoot"])
    texts, depth = [], None  # the quoted lines indented under each "Span (inline)"
    for line in poppler("-struct-text", str(path)).splitlines():
        indent = len(line) - len(line.lstrip())
        if line.strip() == "Span (inline)":
            texts.append("")
            depth = indent
        elif depth is not None and indent > depth and line.strip().startswith('"'):
            texts[-1] += line.strip()[1:-1]
        else:
            depth = None
    return list(zip(langs, map(fold, texts), strict=True))


def spans_until(folder, phrases: set) -> set:
    """The Spans of the PDFs in ``folder``, read in turn until every one of ``phrases`` is among them:
    whether ``phrases`` are among them all comes out the same, and poppler's -struct-text of a file is
    slow (a second for the Arabic brochure, which comes first: it prints every shared text)."""
    found: set = set()
    for path in sorted(folder.glob("*.pdf"), key=lambda path: path.stem != "brochure"):
        found |= set(spans(path))
        if phrases <= found:
            break
    return found


def test_a_phrase_in_another_language_is_a_span_with_its_language(tmp_path):
    style = ParagraphStyle("body", fontName=fonts.register()["regular"], fontSize=10, leading=13)
    text = 'In German, these are called "[individuelle Gesundheitsleistungen]{lang=de}", or IGeL for short.'
    path = tmp_path / "phrase.pdf"
    path.write_bytes(tagged_pdf([Paragraph(to_paragraph(text), style)]))
    words = fold(plain(FOREIGN_PHRASE.sub(r"\1", text)))
    assert "individuelle\nGesundheitsleistungen" in subprocess.run(["pdftotext", str(path), "-"], check=True,
                                                                   capture_output=True, text=True).stdout  # broken
    assert spans(path) == [("de", "individuelle Gesundheitsleistungen")]
    read = fold("".join(re.findall(r'^\s+"(.*)"$', poppler("-struct-text", str(path)), re.MULTILINE)))
    assert read == words  # in the paragraph, in order
    assert problems(path) == []  # marked content nested with BT/ET and q/Q, never MCID in MCID
    assert not page.validate_pdf(str(path), profile="ua1").failures


def test_the_german_terms_of_an_english_leaflet_carry_their_language(built_en):
    phrases = {(lang, phrase) for source in (ROOT / "leaflets" / "en").glob("*.yaml")
               for phrase, lang in FOREIGN_PHRASE.findall(source.read_text(encoding="utf-8"))}
    assert phrases, "the English leaflets name German terms: mark them [..]{lang=de}"
    assert phrases <= spans_until(built_en, phrases)


def test_readers_drop_the_line_breakers_hyphens_and_keep_the_words_own(tmp_path):
    """Readers take a hyphen-minus that ends a line before a letter for one the line breaker added and
    drop it: right for "Behand-|lungen", wrong for "long-|lasting". A word's own hyphen at a line's end
    is the same glyph read as U+2010 HYPHEN, which poppler and pdfium (as Chrome reads it) keep, and
    PDF.js's find bar too (test_readers, on the leaflets); a hyphen before a line break of the markup's
    own (markup.fitted's <br/>, which writes the hyphens it adds there too) stays a hyphen-minus."""
    words = " ".join(["Die", "long-lasting", "Behandlungen", "gibt", "es"][index % 5] for index in range(100))
    style = ParagraphStyle("body", fontName=fonts.register()["regular"], fontSize=10, leading=12,
                           hyphenationLang=Hyphenator("de_DE"), embeddedHyphenation=1, rightIndent=46)
    path = tmp_path / "hyphens.pdf"
    path.write_bytes(tagged_pdf([Paragraph(words, style), Paragraph("gesundheits-<br/>information", style)]))
    ends = [line[-1] for line in pypdf.PdfReader(path).pages[0].extract_text().splitlines()]
    assert "-" in ends and "\u2010" in ends, "lines end in both kinds of hyphen"
    expected = readers.expected_words([words, "gesundheitsinformation"])
    for reader, text in (("poppler", readers.poppler_text(path)), ("pdfium", readers.pdfium_text(path))):
        assert readers.whole_share(expected, text) == 1, reader
        assert "longlasting" not in readers.words(text), reader


@pytest.mark.parametrize("lang", RTL)
def test_the_german_terms_of_a_right_to_left_leaflet_carry_their_language(built, lang):
    phrases = {(tag, fold(phrase)) for source in (ROOT / "leaflets" / lang).glob("*.yaml")
               for phrase, tag in FOREIGN_PHRASE.findall(source.read_text(encoding="utf-8"))}
    assert phrases, f"the {lang} leaflets name German terms: mark them [..]{{lang=de}}"
    assert phrases <= spans_until(built / lang, phrases)


def right_to_left_paragraph(folder, lang: str, name: str, text: str):
    """A tagged PDF of ``text`` as one right-to-left paragraph of the language's body type, and the paragraph."""
    path = folder / f"{name}-{lang}.pdf"
    with writing(edition_of(lang)):
        style = ParagraphStyle("body", fontName=fonts.register()["regular"], fontSize=10, leading=13)
        paragraph = rtl.paragraph(to_paragraph(text), style)
        path.write_bytes(tagged_pdf([paragraph]))
    return path, paragraph


def phrase_text(lang: str) -> str:
    return next(paragraph for paragraph in edition_of(lang).shared.who_pays if FOREIGN_PHRASE.search(paragraph))


def lines_text(lang: str) -> str:
    return " ".join(plain(FOREIGN_PHRASE.sub(r"\1", paragraph)) for paragraph in edition_of(lang).shared.who_pays)


@pytest.fixture(scope="module")
def right_to_left(tmp_path_factory):
    """The small documents of the right-to-left tests below, per language: made before the tests so that
    PDF.js reads them in the one node process of read_by_pdfjs."""
    folder = tmp_path_factory.mktemp("rtl")
    return {(kind, lang): right_to_left_paragraph(folder, lang, kind, text(lang))
            for lang in RTL for kind, text in (("phrase", phrase_text), ("lines", lines_text))}


@pytest.fixture(scope="module")
def read_by_pdfjs(built_en, right_to_left):
    """PDF.js's reading of the English massage leaflet and the small right-to-left documents, in one node
    process (each start of one costs ~0.4 s CPU)."""
    return readers.pdfjs(built_en / "massage.pdf", *(path for path, _ in right_to_left.values()))


@pytest.mark.parametrize("lang", RTL)
def test_a_phrase_in_another_language_is_a_span_in_right_to_left_text_too(right_to_left, read_by_pdfjs, lang):
    """A German phrase inside Arabic text is a Span with /Lang de, as in left-to-right text; its line
    is drawn in pieces, left to right, but the paragraph's kids are in reading order: what PDF.js hands
    to assistive technology is the text as written, word by word."""
    text = phrase_text(lang)
    path, _ = right_to_left["phrase", lang]
    assert spans(path) == [(tag, fold(phrase)) for phrase, tag in FOREIGN_PHRASE.findall(text)]
    written = plain(FOREIGN_PHRASE.sub(r"\1", text))
    assert readers.words(read_by_pdfjs[path]["structure"], shortest=1) == readers.words(written, shortest=1)
    assert problems(path) == []
    assert not page.validate_pdf(str(path), profile="ua1").failures


@pytest.mark.parametrize("lang", RTL)
def test_no_right_to_left_line_runs_into_the_next_in_the_structure_text(right_to_left, read_by_pdfjs, lang):
    """Both readers' structure text of a right-to-left paragraph over several lines holds every word of
    it once, none run into the next line's first. Poppler's takes each line's glyphs as written, in
    display order (rtl.draw_line), so its words read backwards there; PDF.js turns a line around unless
    most of its letters are Latin ("Gesundheitsleistungen، واختصارها IGeL.")."""
    text = lines_text(lang)
    path, paragraph = right_to_left["lines", lang]
    assert len(paragraph._lines) > 3
    written = readers.words(text, shortest=1)
    pdfjs = readers.words(read_by_pdfjs[path]["structure"], shortest=1)
    assert sorted(pdfjs) == sorted(written)
    poppler_words = readers.words(" ".join(struct_texts(path)), shortest=1)
    assert sorted(word if word in written else word[::-1] for word in poppler_words) == sorted(written)


def test_a_split_hyphenated_paragraph_reaches_assistive_technology_whole():
    """ReportLab makes the pieces of a split paragraph without its text: the paragraph's /ActualText
    (what PDF.js hands on in place of lines ending in the line breaker's hyphen) is still all of it,
    every piece's words once, none broken."""
    words = " ".join(["Zusammenarbeit", "im", "Behandlungszentrum", "der", "Krankenversicherungen", "mit",
                      "Rückenschmerzen"][index % 7] for index in range(150))
    style = ParagraphStyle("body", fontName=fonts.register()["regular"], fontSize=10, leading=12,
                           hyphenationLang=Hyphenator("de_DE"), embeddedHyphenation=1)
    reader = pypdf.PdfReader(io.BytesIO(tagged_pdf([Paragraph(words, style)])))
    assert len(reader.pages) > 1 and any(line.endswith("-") for page in reader.pages
                                         for line in page.extract_text().splitlines())
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict) and node.get("/S") == "/P":
            found.append(node.get("/ActualText"))
        kids = node.get("/K", []) if isinstance(node, dict) else []
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, pypdf.generic.IndirectObject):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert [str(text) for text in found] == [words], (len(found[0]), len(words))
