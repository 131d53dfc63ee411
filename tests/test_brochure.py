"""The English brochure as built: outline, contents, footers, comparison table, pages, fonts, and the
source's statements; and that layouts/brochure.yaml is checked."""
from __future__ import annotations

import re
import shutil
import unicodedata

import pypdf
import pypdfium2
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from conftest import LANGUAGES, ROOT, TREATMENT_IDS, fold, pdf_text, edition_of
from leaflet_builder.errors import ContentError
from leaflet_builder.inputs.layouts import load_brochure_layout
from pdfua import elements, structure
from pdfcheck import fonts, text_runs
from test_leaflets import KEY_STATEMENTS, SHARED_STATEMENTS, SOURCE_URL

FURNITURE = 22 * mm  # running header and footer lie this close to the page's top and bottom edge
# the English builds of other papers and variants that the suite makes anyway (test_print, test_tagging)
VARIANTS = [("--paper", "a5"), ("--paper", "letter"), ("--large-print",), ("--paper", "a5", "--large-print"),
            ("--print-ready",), ("--print-ready", "--large-print", "--paper", "letter")]


@pytest.fixture(scope="session")
def brochure(built_en):
    return pypdf.PdfReader(built_en / "brochure.pdf")


@pytest.fixture(scope="session")
def runs(built_en):
    """Per page: (font size, distance from the top edge, from the bottom edge, text) of each text run."""
    return text_runs(built_en / "brochure.pdf")


@pytest.fixture(scope="session")
def outline(brochure):
    """(level, title, page index) of every outline entry, in order."""
    entries = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, item.title, brochure.get_destination_page_number(item)))

    walk(brochure.outline, 0)
    return entries


def printed_number(page_runs) -> int | None:
    """The page number printed in the footer: a run of digits only, near the bottom edge."""
    numbers = [int(text) for _, _, bottom, text in page_runs if bottom < FURNITURE and text.isdigit()]
    return numbers[0] if len(numbers) == 1 else None


def title_text(page_runs, band: float) -> str:
    """The text in a page's title band, ``band`` high, in 12 pt or more (the running header is smaller)."""
    return fold(" ".join(text for size, top, _, text in page_runs if size >= 12 and top < band))


def contents_numbers(page_runs) -> dict[str, int]:
    """Contents entry -> page number, read from the contents page: each entry and its dotted number."""
    lines = {}
    for _, top, bottom, text in page_runs:
        if top > FURNITURE and bottom > FURNITURE:
            lines.setdefault(round(top), []).append(text)
    numbers = {}
    for parts in lines.values():
        match = re.fullmatch(r"(.+?)[ .]*\s(\d+)", " ".join(sorted(parts, key=lambda t: t.startswith("."))))
        if match:
            numbers[fold(match.group(1))] = int(match.group(2))
    return numbers


def test_page_count_is_a_multiple_of_four_and_pages_are_a4(brochure):
    assert len(brochure.pages) % 4 == 0
    for page in brochure.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)


def page_kinds(path, lang: str) -> list[str]:
    """Per page: "content" (tagged content: the running header and footer are artifacts), "notes" (no
    tagged content, but the "Notes" heading, an artifact too) or "empty". The page's text as pdfium
    reads it, which puts right-to-left runs in reading order."""
    notes = "".join(edition_of(lang).strings.label("notes").split())
    document = pypdfium2.PdfDocument(str(path))
    try:
        texts = ["".join(unicodedata.normalize("NFKC", page.get_textpage().get_text_range()).split())
                 for page in document]
    finally:
        document.close()
    return ["content" if b"/MCID" in page.get_contents().get_data() else "notes" if notes in text else "empty"
            for page, text in zip(pypdf.PdfReader(path).pages, texts)]


def assert_pages_are_content_or_notes(path, lang: str) -> None:
    """The covers and content, "Notes" pages only to fill gaps and pad to the Booklet's multiple."""
    kinds = page_kinds(path, lang)
    _, booklet = load_brochure_layout(ROOT, TREATMENT_IDS)
    assert len(kinds) % booklet.page_multiple == 0
    assert kinds[0] == kinds[-1] == "content", "the cover and the back cover"
    assert "empty" not in kinds, f"{path}: page {kinds.index('empty') + 1} has neither content nor 'Notes'"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_is_content_a_notes_page_or_a_cover(built, lang):
    assert_pages_are_content_or_notes(built / lang / "brochure.pdf", lang)


@pytest.mark.parametrize("options", VARIANTS)
def test_every_page_is_content_a_notes_page_or_a_cover_on_every_paper(variant, options):
    assert_pages_are_content_or_notes(variant(*options) / "brochure.pdf", "en")


def test_outline_has_every_part_and_chapter(outline, edition_en):
    titles = [title for _, title, _ in outline]
    labels, headings = edition_en.strings.label, edition_en.strings.headings
    assert titles == [
        "Passive treatments for low back pain", labels("contents"), labels("introduction"), labels("comparison"),
        labels("chapters"), *(edition_en.treatment(t).name for t in TREATMENT_IDS),
        headings["helps_instead"], headings["what_you_can_do"], labels("source_and_method"), labels("imprint")]
    names = {edition_en.treatment(t).name for t in TREATMENT_IDS}
    assert all(level == (1 if title in names else 0) for level, title, _ in outline)


def test_each_outline_entry_points_at_the_page_showing_its_title(outline, runs):
    layout, booklet = load_brochure_layout(ROOT, TREATMENT_IDS)
    bands = [booklet.cover_band_height] + [layout.paper.band_height] * (len(runs) - 1)
    for _, title, index in outline:
        assert title in title_text(runs[index], bands[index]), f"page {index + 1} does not show {title!r}"
        if index:
            assert title not in title_text(runs[index - 1], bands[index - 1]), f"{title!r} shows on page {index}"


def test_footer_numbers_are_the_page_numbers(runs):
    covers = (0, len(runs) - 1)
    for index, page_runs in enumerate(runs):
        assert printed_number(page_runs) == (None if index in covers else index + 1), f"page {index + 1}"


def test_contents_numbers_are_the_pages_chapters_start_on(outline, runs, edition_en):
    contents_page = next(index for _, title, index in outline if title == edition_en.strings.label("contents"))
    listed = contents_numbers(runs[contents_page])
    expected = {title: printed_number(runs[index]) for _, title, index in outline if index > contents_page}
    assert listed == expected


def test_contents_entries_link_to_their_pages(brochure, outline, edition_en):
    contents_page = next(index for _, title, index in outline if title == edition_en.strings.label("contents"))
    targets = {brochure.get_page_number(annotation.get_object()["/Dest"][0].get_object())
               for annotation in brochure.pages[contents_page]["/Annots"]}
    assert targets == {index for _, _, index in outline if index > contents_page}


def test_contents_are_a_toc_whose_entries_link_to_their_chapters(brochure, outline, edition_en):
    [toc] = elements(structure(brochure), "TOC")
    contents_page = next(index for _, title, index in outline if title == edition_en.strings.label("contents"))
    targets = []
    for item in toc["kids"]:
        assert item["role"] == "TOCI"
        [link] = elements(item, "Link")
        pages = {brochure.get_page_number(annotation["/Dest"][0].get_object()) for annotation in link["annotations"]}
        assert len(pages) == 1 and link["mcids"]
        targets += pages
    assert targets == [index for _, _, index in outline if index > contents_page]


def test_comparison_table_has_one_header_row_and_a_header_cell_per_row(brochure, edition_en):
    tables = list(elements(structure(brochure), "Table"))
    comparison = [table for table in tables if len(table["kids"]) == len(edition_en.treatments) + 1]
    [table] = comparison
    header, *rows = table["kids"]
    assert {(cell["role"], cell["attributes"]["/Scope"]) for cell in header["kids"]} == {("TH", "/Column")}
    for row in rows:
        roles = [cell["role"] for cell in row["kids"]]
        assert roles == ["TH"] + ["TD"] * (len(header["kids"]) - 1)
        assert row["kids"][0]["attributes"]["/Scope"] == "/Row"


def test_chapters_start_on_right_hand_pages(outline, edition_en):
    names = {edition_en.treatment(t).name for t in TREATMENT_IDS}
    starts = [index + 1 for _, title, index in outline if title in names]
    assert len(starts) == len(names) and all(page % 2 == 1 for page in starts)


def test_comparison_table_names_every_treatment_in_its_glance_wording(outline, brochure, runs, edition_en):
    first = next(index for _, title, index in outline if title == edition_en.strings.label("comparison"))
    table_pages = range(first, first + 2)
    text = unbroken(" ".join(pdf_text_of(brochure, index) for index in table_pages))
    shared = edition_en.shared
    for treatment in edition_en.treatments:
        facts = treatment.facts
        for phrase in (treatment.name, shared.glance["evidence"][facts.evidence], shared.glance["effect"][facts.effect],
                       shared.glance["guideline"][facts.guideline],
                       treatment.side_effects_brief or shared.side_effects_not_described_brief):
            assert unbroken(phrase) in text, phrase
    body = [(size, text) for index in table_pages for size, top, bottom, text in runs[index]
            if top > FURNITURE and bottom > FURNITURE]
    assert body and min(size for size, _ in body) >= 12


def test_comparison_table_is_a_spread_whose_names_link_to_their_chapters(outline, brochure, edition_en):
    first = next(index for _, title, index in outline if title == edition_en.strings.label("comparison"))
    assert (first + 1) % 2 == 0, "the table starts on a left-hand page, so its two pages face each other"
    names = {edition_en.treatment(t).name for t in TREATMENT_IDS}
    chapters = {index for _, title, index in outline if title in names}
    targets = {brochure.get_page_number(annotation.get_object()["/Dest"][0].get_object())
               for index in (first, first + 1) for annotation in brochure.pages[index]["/Annots"]}
    assert targets == chapters


def unbroken(text: str) -> str:
    """Text with words broken after a hyphen at a line's end joined again."""
    return fold(text).replace("- ", "-")


def pdf_text_of(reader, index) -> str:
    return " ".join(reader.pages[index].extract_text().split())


def test_every_font_is_embedded_atkinson_and_lang_is_set(built_en, brochure):
    used = fonts(built_en / "brochure.pdf")
    assert used and all(used.values()) and all("Atkinson" in name for name in used), used
    assert str(brochure.trailer["/Root"]["/Lang"]).startswith("en")
    assert brochure.metadata.title == "Passive treatments for low back pain"


def test_nothing_under_nine_point(runs):
    assert min(size for page_runs in runs for size, *_ in page_runs) >= 9


def test_brochure_carries_every_statement_of_the_leaflets(built_en, edition_en):
    text = fold(pdf_text(built_en / "brochure.pdf"))
    statements = [s for phrases in KEY_STATEMENTS.values() for s in phrases] + SHARED_STATEMENTS
    missing = [s for s in statements if s not in text]
    assert not missing
    assert fold(edition_en.shared.brochure["disclaimer"]) in text
    assert SOURCE_URL in "".join(text.split())


@pytest.mark.parametrize("old, new, message", [
    ("treatments: all", "treatments: [massage, masage]", "unknown treatment 'masage'; did you mean 'massage'?"),
    ("parts: [cover, ", "parts: [cover, cover, ", "'cover' is listed twice"),
    ("chapters: right}", "chapters: odd}", "unknown start 'odd'"),
    ("page_multiple: 4", "page_multiple: four", "expected a whole number, got text"),
])
def test_brochure_layout_is_checked(tmp_path, old, new, message):
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    own = tmp_path / "layouts" / "brochure.yaml"
    text = own.read_text()
    assert old in text
    own.write_text(text.replace(old, new))
    line = next(number for number, content in enumerate(own.read_text().splitlines(), 1) if new in content)
    with pytest.raises(ContentError) as caught:
        load_brochure_layout(tmp_path, TREATMENT_IDS)
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("layouts/brochure.yaml", line) and problem.message.startswith(message)


@pytest.mark.parametrize("paper", ["a5", "letter"])
def test_the_cover_is_one_page_on_every_paper(variant, edition_en, paper):
    """The brochure of the English build on that paper, a shared build that
    test_every_page_is_content_a_notes_page_or_a_cover_on_every_paper reads too: not rendered again here."""
    pages = pypdf.PdfReader(variant("--paper", paper) / "brochure.pdf").pages
    cover, contents = (" ".join(page.extract_text().split()) for page in pages[:2])
    assert "Practice stamp" in cover and "Article as read on" in cover
    assert "Contents" in contents and "Practice stamp" not in contents
    # every treatment by its icon where the paper has room for them all, else none; the contents list them
    shown = {edition_en.treatment(t).name in cover for t in TREATMENT_IDS}
    assert len(shown) == 1
