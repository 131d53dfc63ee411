"""Review and sign-off: the review status, what leaflets say about it, the sign-off, its bad inputs and
the review sheet."""
from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

import pypdf
import pytest

from conftest import ROOT, cut_to, edition_of, fold, laid_out_as_built, pdf_page_texts, pdf_text, replace
from leaflet_builder import cli
from leaflet_builder.build import listing
from leaflet_builder.inputs.content import load_edition
from leaflet_builder.inputs.hyphenation import as_name
from leaflet_builder.inputs.languages import ENGLISH_ONLY, SOURCE_LANGUAGE, available_languages
from leaflet_builder.inputs.layouts import load_layout
from leaflet_builder.inputs.paper import PAPER_SIZES
from leaflet_builder.inputs.practice import load_practice
from leaflet_builder.inputs.reviews import (CHANGED, NOT_REVIEWED, REVIEWED, files_fingerprint, fingerprints,
                                             reviewed_files, review_status)
from leaflet_builder.inputs.statements import statements
from leaflet_builder.render import fonts
from leaflet_builder.render.document import Furniture, band_height, band_lines
from leaflet_builder.render.imprint import adapted_from
from leaflet_builder.render.leaflet import render_leaflet
from leaflet_builder.render.markup import plain
from leaflet_builder.render.review_sheet import TICK_BOX
from leaflet_builder.render.styles import stylesheet
from pdfcheck import fonts as embedded_fonts
from pdfcheck import font_sizes, page_texts_of

# a translation whose text reads back as written: the first left-to-right one
TRANSLATION = next(lang for lang in available_languages(ROOT)
                   if lang != SOURCE_LANGUAGE and edition_of(lang).strings.direction == "ltr")
REVIEWER = "Dr. Anna Beispiel, Fachärztin für Orthopädie"
# the first page's notices: the content not checked, the translation not checked, neither
NOTICES = ("not_reviewed", "translation_not_reviewed", "neither_reviewed")


def first_page(path: Path) -> str:
    return fold(pdf_page_texts(path)[0])


def unbroken(text: str) -> str:
    """The text without white space and hyphens, so that words and addresses the layout broke at a
    line's end compare equal to the text as written (a word's own hyphen there reads as U+2010; pdfium reads
    one in an address broken after it as U+FFFE)."""
    return re.sub(r"[\s\-\u00ad\u2010\ufffe]", "", fold(text))


def build(project: Path, out: Path, capsys, lang: str = TRANSLATION) -> list[str]:
    """Build one leaflet and the brochure of ``lang``; gives back what the build said."""
    assert cli.main(["--lang", lang, "--out", str(out)], root=project) == 0
    return capsys.readouterr().err.splitlines()


def test_a_sign_off_removes_the_notice_and_names_the_reviewer_until_a_file_changes(project, tmp_path, capsys):
    """A translation's notice says which qualified check it lacks: the content's (the English sign-off)
    and the translation's (its own), and loses each part with its sign-off. On a project of two
    treatments: the notice and the reviewer's line come from what every leaflet and the brochure share,
    and the three builds take a fraction of the whole's time."""
    treatments = cut_to(project, ("massage", "traction"))
    edition = load_edition(project, TRANSLATION)
    strings = edition.strings
    neither, content, translation = (strings.label(key) for key in NOTICES)
    leaflet, brochure, out = f"{TRANSLATION}/massage.pdf", f"{TRANSLATION}/brochure.pdf", tmp_path / "out"

    def notices(pdf: str) -> set:
        return {key for key in NOTICES if strings.label(key) in first_page(out / pdf)}

    said = build(project, out, capsys)
    assert review_status(project, TRANSLATION).state == NOT_REVIEWED
    assert any(line.startswith(f"warning: {TRANSLATION} is not reviewed") for line in said)
    assert notices(leaflet) == notices(brochure) == {"neither_reviewed"}

    assert cli.main(["--sign-off", TRANSLATION, "--reviewer", REVIEWER], root=project) == 0
    status = review_status(project, TRANSLATION)
    assert status.state == REVIEWED
    assert set(status.latest.files) == set(reviewed_files(project, TRANSLATION))
    assert {"leaflets/en/massage.yaml", f"leaflets/{TRANSLATION}/massage.yaml"} <= set(status.latest.files)
    said = build(project, out, capsys)
    assert not any(line.startswith(f"warning: {TRANSLATION}") for line in said)
    assert f"review: {TRANSLATION} reviewed;" in said[-1]
    name, qualification = (part.strip() for part in REVIEWER.split(",", 1))
    checked = strings.label("reviewed_by", reviewer=name, qualification=qualification,
                            date=strings.date(datetime.date.today()))
    for pdf in (leaflet, brochure):
        assert notices(pdf) == {"not_reviewed"}, "the translation is checked, the content is not yet"
        assert unbroken(plain(checked)) in unbroken(pdf_text(out / pdf)), "and names the reviewer"
    count = len(treatments)
    assert f"{TRANSLATION}  {strings.language}: {count} of {count} treatments translated; reviewed" in "\n".join(
        listing.lines(project))

    assert cli.main(["--sign-off", SOURCE_LANGUAGE, "--reviewer", REVIEWER], root=project) == 0
    build(project, out, capsys)
    assert notices(leaflet) == notices(brochure) == set(), "both checks done: no notice"

    replace(project, f"leaflets/{TRANSLATION}/traction.yaml", "name: ", "name:  ")  # one translated file
    status = review_status(project, TRANSLATION)
    assert status.state == CHANGED and status.changed == (f"leaflets/{TRANSLATION}/traction.yaml",)
    said = build(project, out, capsys)
    assert f"warning: {TRANSLATION} changed since review by {name}" in "\n".join(said)
    for pdf in (leaflet, brochure):  # massage's own files did not change: its leaflet is rebuilt all the same
        assert notices(pdf) == {"translation_not_reviewed"}, "the translation's part of the notice returns"
        assert unbroken(plain(checked)) not in unbroken(pdf_text(out / pdf))


def test_quiet_builds_still_warn_and_the_gallery_shows_the_status(project, tmp_path, capsys):
    assert cli.main(["--lang", TRANSLATION, "--only", "massage", "-q", "--out", str(tmp_path)], root=project) == 0
    assert capsys.readouterr().err.startswith(f"warning: {TRANSLATION} is not reviewed")
    # in the card's language, as the PDF's notice says it
    said = load_edition(project, TRANSLATION).strings.label("neither_reviewed")  # English is not checked either
    assert f"<span>{said}</span>" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_english_has_the_reviewer_notice_and_pdf_author_is_the_adapter(project, tmp_path, capsys):
    edition = load_edition(project, SOURCE_LANGUAGE)
    assert cli.main(["--only", "massage", "--out", str(tmp_path)], root=project) == 0
    path = tmp_path / "en" / "massage.pdf"
    assert edition.strings.label("not_reviewed") in first_page(path)
    assert pypdf.PdfReader(path).metadata["/Author"] == edition.imprint.publisher
    assert fold(plain(adapted_from(edition, address=False))) in fold(pdf_text(path))


@pytest.mark.parametrize("argv, message", [
    (["--sign-off", "xx", "--reviewer", REVIEWER], "error: unknown language 'xx'"),
    (["--sign-off", "en,de", "--reviewer", REVIEWER], "error: give one language, not 'en,de'"),
    (["--sign-off", "en"], "error: --sign-off needs a reviewer and their qualification"),
    (["--sign-off", "en", "--reviewer", ""], "error: --sign-off needs a reviewer and their qualification"),
    (["--sign-off", "en", "--reviewer", "Dr. Anna Beispiel"], "error: --sign-off needs a reviewer"),
    (["--sign-off", "en", "--reviewer", " , orthopaedist"], "error: --sign-off needs a reviewer"),
    (["--sign-off", "en", "--reviewer", "Dr. Anna \u202eleipsieB, GP"],
     "error: --reviewer has the invisible character U+202E (right-to-left override) at character 10; delete it"),
    (["--sign-off", "en", "--reviewer", "Dr. Anna Beispiel, GP\u2066"],
     "error: --reviewer has the invisible character"),
    (["--sign-off", "en", "--reviewer", "王芳, physiotherapist"],
     "error: --reviewer: the typeface of the en leaflets (atkinson-hyperlegible) cannot print '王' (U+738B), "
     "'芳' (U+82B3)"),
    (["--sign-off", "en", "--reviewer", "[Dr. A](https://a.example), GP"],
     "error: --reviewer: '[Dr. A](https://a.example)' has '[', ']', which would be markup; write it without"),
    (["--sign-off", "en", "--reviewer", "**Dr. A**, GP"],
     "error: --reviewer: '**Dr. A**' has '*', which would be markup; write it without"),
    (["--sign-off", "en", "--reviewer", "A" * 10_000 + ", GP"],
     "error: --reviewer: text has 10000 characters, more than the 200 allowed here"),
    (["--review-sheet", "xx"], "error: unknown language 'xx'"),
    (["--reviewer", REVIEWER], "error: --reviewer goes with --sign-off LANG"),
])
def test_bad_review_commands_are_one_line_usage_errors_and_write_nothing(project, tmp_path, capsys, argv, message):
    assert cli.main([*argv, "--out", str(tmp_path / "out")], root=project) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and lines[0].startswith(message) and lines[1].startswith("hint: ")
    assert not (project / "reviews").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("text, problem", [
    ("- reviewer: [unclosed\n", r"reviews/en\.yaml:2:1: YAML syntax error"),
    ("reviewer: Dr. A\n", r"reviews/en\.yaml:1:1: expected a list, got a mapping"),
    ("- reviewer: Dr. A\n  date: 2026-12-01\n  files: {}\n",
     r"reviews/en\.yaml:1:3: missing required key 'qualification'"),
    ("- reviewer: Dr. A\n  qualification: GP\n  date: 2026-12-01\n  files: {i18n/en.yaml: zz}\n",
     r"reviews/en\.yaml:4:25: 'zz' is not a fingerprint of 16 hex digits"),
    ("- reviewer: Dr. A\n  qualification: GP\n  date: 1 December\n  files: {}\n",
     r"reviews/en\.yaml:3:9: expected a date written as YYYY-MM-DD"),
    ("- reviewer: Dr. A\n  qualification: GP\n  date: 2099-12-31\n  files: {}\n",
     r"reviews/en\.yaml:3:9: 2099-12-31 is in the future; write the day it happened"),
    ("- reviewer: '[Dr. A](https://a.example)'\n  qualification: GP\n  date: 2026-01-01\n  files: {}\n",
     r"reviews/en\.yaml:1:13: '\[Dr\. A\]\(https://a\.example\)' has '\[', '\]', which would be markup"),
    ("- reviewer: Dr. A\n  qualification: <b>GP</b>\n  date: 2026-01-01\n  files: {}\n",
     r"reviews/en\.yaml:2:18: '<b>GP</b>' has '<', '>', which would be markup"),
])
def test_a_bad_reviews_file_is_named_by_line_and_column_and_nothing_is_written(project, tmp_path, capsys, text,
                                                                              problem):
    (project / "reviews").mkdir()
    (project / "reviews/en.yaml").write_text(text, encoding="utf-8")
    for argv in (["--sign-off", "en", "--reviewer", REVIEWER], ["--only", "massage"], ["--check"], ["--list"]):
        code = cli.main([*argv, "--out", str(tmp_path / "out")], root=project)
        said = capsys.readouterr()
        assert re.search(problem, said.out + said.err), (argv, said)
        assert code == (0 if argv == ["--list"] else 1)
    assert (project / "reviews/en.yaml").read_text(encoding="utf-8") == text
    assert not (tmp_path / "out" / "en").exists()


def test_sign_offs_append_and_the_latest_counts(project, capsys):
    assert cli.main(["--sign-off", "en", "--reviewer", "Dr. A. First, GP"], root=project) == 0
    replace(project, "leaflets/en/massage.yaml", "name: ", "name:  ")
    assert review_status(project, "en").state == CHANGED
    assert cli.main(["--sign-off", "en", "--reviewer", "Dr. B. Second, physiotherapist"], root=project) == 0
    status = review_status(project, "en")
    assert status.state == REVIEWED and status.latest.reviewer == "Dr. B. Second"
    text = (project / "reviews/en.yaml").read_text(encoding="utf-8")
    assert text.count("- reviewer:") == 2 and text.index("Dr. A. First") < text.index("Dr. B. Second")
    said = capsys.readouterr().err.splitlines()[-1]
    assert said.startswith("signed off en: Dr. B. Second, physiotherapist")
    assert f"fingerprint {files_fingerprint(fingerprints(project, 'en'))} (the review sheet's)" in said


def tick_boxes(page) -> int:
    """The empty squares of a tick box's size the page strokes."""
    size = TICK_BOX
    boxes = re.findall(rb"(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re\s+S", page.get_contents().get_data())
    return sum(abs(float(w) - size) < 0.01 and abs(float(h) - size) < 0.01 for _, _, w, h in boxes)


@pytest.mark.parametrize("lang", available_languages(ROOT))
def test_the_review_sheet_has_every_statement_a_tick_box_each_page_numbers_and_a_sign_off_block(review_sheets, lang):
    path = review_sheets / f"{lang}.pdf"
    reader = pypdf.PdfReader(path)
    found, problems = statements(ROOT, lang, interface=True)
    assert not problems
    assert sum(tick_boxes(page) for page in reader.pages) == len(found)
    # read with pdfium: pypdf takes seconds over a sheet's pages of Arabic or Cyrillic text
    page_texts = [fold(page_text) for page_text in page_texts_of(path)]
    runs = font_sizes(path)
    text = unbroken(" ".join(page_texts))
    edition = edition_of(lang)
    english = edition_of(SOURCE_LANGUAGE)
    for treatment in english.treatments:
        assert unbroken(f"{treatment.name} ({treatment.id})") in text, "one section per treatment"
    if lang == SOURCE_LANGUAGE:
        missing = [s.key for s in found if unbroken(plain(s.text)) not in text]
        assert not missing, f"statements not on the sheet: {missing[:5]}"
    else:
        if edition.strings.font != english.strings.font:  # the translation in its own typeface
            own_face = fonts.register(edition.strings.font)["regular"]
            assert any(name.endswith(f"+{own_face}") for name in embedded_fonts(path)), own_face
        english_found, _ = statements(ROOT, SOURCE_LANGUAGE, interface=True)
        assert [s.key for s in english_found if s.key not in ENGLISH_ONLY] == [s.key for s in found], \
            "the English beside each statement"
        assert unbroken(english.treatment("massage").key_message) in text
    for number, page_text in enumerate(page_texts, 1):
        assert f"Page {number} of {len(page_texts)}" in page_text
    last = unbroken(page_texts[-1])
    fingerprint = files_fingerprint(fingerprints(ROOT, lang))
    assert all(unbroken(words) in last for words in ("Sign-off", "Signature:", f"--sign-off {lang}", fingerprint))
    assert all(size >= 12 for size, run in runs if not re.search(r"Source:|Page \d+ of", run)), \
        "clear print: only the footer is under 12 pt"
    assert {round(float(value)) for value in reader.pages[0].mediabox[2:]} == {595, 842}, "A4"


@pytest.mark.parametrize("lang", available_languages(ROOT))
@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
@pytest.mark.parametrize("large_print, print_ready", [(False, False), (True, False), (False, True)])
def test_the_notice_never_makes_a_title_band_taller(lang, paper, large_print, print_ready):
    """The first page's frame, and so every page of every leaflet, is the same with the notice as without
    it: the notice never pushes a leaflet over its page budget, with or without a practice (whose box
    and footer are below the band)."""
    edition = edition_of(lang)
    with laid_out_as_built():  # the band's series, title and subtitle laid out once for all notices
        for treatment in edition.treatments:
            layout = load_layout(ROOT, treatment.id, paper, large_print, print_ready)
            styles = stylesheet(layout, edition.strings.hyphenation)
            plain_band = Furniture(title=treatment.name, subtitle=treatment.subtitle,
                                   series=edition.shared.series_title, icon=layout.icon, footer="", page_label="")
            plain_height = band_height(layout, styles, plain_band)
            for key in NOTICES:
                with_notice = dataclasses.replace(plain_band, notice=edition.strings.label(key))
                assert band_height(layout, styles, with_notice) <= plain_height, (treatment.id, key)
                notice, _ = band_lines(layout, styles, with_notice)[0]
                assert large_print or len(notice.blPara.lines) == 1, f"{treatment.id}: the notice {key} is one line"


@pytest.mark.parametrize("lang", available_languages(ROOT))
def test_the_line_on_who_made_it_finds_room_in_the_narrowest_variant(lang, tmp_path):
    """Large print on A5 with a practice's box: the closing block is nearly a page, and the line goes
    under it rather than into one of its columns. The leaflet rendered as a build renders it, without
    the build's thumbnail, web page and gallery."""
    edition, practice = edition_of(lang), load_practice(ROOT / "examples/practice.yaml")
    first = edition.treatments[0].id
    path = tmp_path / f"{first}.pdf"
    path.write_bytes(render_leaflet(edition, first, load_layout(ROOT, first, "a5", large_print=True), practice))
    # the practice hands it out; the publisher adapted it
    made = adapted_from(edition, address=False)
    given = edition.strings.label("given_by", practice=practice.name)
    if edition.strings.font == edition_of(SOURCE_LANGUAGE).strings.font:  # extracts as written
        assert unbroken(plain(f"{given} {made}")) in unbroken(pdf_text(path))


@pytest.mark.parametrize("lang", available_languages(ROOT))
def test_the_imprint_prints_the_article_address_once(lang):
    """The article's address stands once, under "Based on", as the reader's version (a translation's
    own_version names it so): an unsigned text has no reviewer's line, which must not become a second
    address under "Review"."""
    from leaflet_builder.render.imprint import imprint_entries

    edition = edition_of(lang)
    entries = imprint_entries(edition)
    url = edition.shared.source.url
    assert [key for key, texts in entries for text in texts if url in text] == ["based_on"]
    # a translation's label ("Deutsche Fassung:") stands just before the address, on a line of its own
    own_version = edition.strings.label("own_version", address="{}").split("{}")[0].strip()
    lines = dict(entries)["based_on"]
    at = next(index for index, text in enumerate(lines) if url in text)
    assert lines[at].startswith(f"[{url}]") and (not own_version or lines[at - 1] == own_version)
    # the publisher's name printed as spelled, never hyphenated by the reader's dictionary
    assert dict(entries)["publisher"][0] == as_name(edition.imprint.publisher)


@pytest.mark.parametrize("lang", available_languages(ROOT))
def test_the_method_page_names_the_english_article_as_the_imprint_does(built, lang):
    """The brochure's method page names what the texts rest on in the imprint's words: the English
    article we adapted on InformedHealth.org, never the German article (which a translation names only
    as its language's version)."""
    from leaflet_builder.render.imprint import based_on, imprint_entries

    edition = edition_of(lang)
    assert dict(imprint_entries(edition))["based_on"] == based_on(edition)
    reader = pypdf.PdfReader(built / lang / "brochure.pdf")
    pages = {item.title: reader.get_destination_page_number(item) for item in reader.outline
             if not isinstance(item, list)}
    method = fold(reader.pages[pages[plain(edition.strings.label("source_and_method"))]].extract_text())
    assert "informedhealth.org" in unbroken(method).lower()
    if edition.strings.direction == "ltr":  # pypdf reads back the English title as written
        assert unbroken(edition.original.title) in unbroken(method)
