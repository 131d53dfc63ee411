"""The language machinery: completeness against English, --check, --missing, unknown languages,
translation status, hyphenation settings and font coverage of every language's text."""
from __future__ import annotations

import re
import shutil

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from conftest import ROOT, content_strings, edition_of
from leaflet_builder import cli
from leaflet_builder.inputs.checks import check_all
from leaflet_builder.inputs.content import load_edition
from leaflet_builder.inputs.languages import ENGLISH_ONLY, available_languages
from leaflet_builder.inputs.reviews import NOT_REVIEWED, review_status, review_warning
from leaflet_builder.errors import ContentError
from leaflet_builder.inputs.typeface import FAMILIES, missing_characters
from leaflet_builder.render.fonts import static_file
from leaflet_builder.inputs.languages import differences
from leaflet_builder.inputs.layouts import load_layout
from leaflet_builder.render.styles import stylesheet

# Characters the code itself prints beside the content: list bullets, the footer's separator, the dash
# in the PDF title.
CODE_CHARACTERS = "•·–"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A copy of the project's content and layouts that a test may break; the CLI reads it."""
    for folder in ("i18n", "leaflets", "layouts"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.setattr(cli, "default_root", lambda: tmp_path)
    return tmp_path


def edit(path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, start: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(start))


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def test_every_language_is_complete_and_valid():
    assert set(available_languages(ROOT)) >= {"en", "de"}
    for lang in available_languages(ROOT):
        assert messages(differences(ROOT, lang)) == []
    assert messages(check_all(ROOT)) == []


def test_missing_and_extra_keys_are_named_with_file_and_place(tree, capsys):
    edit(tree / "i18n/de.yaml", "  practice_stamp: Praxisstempel\n", "")
    edit(tree / "leaflets/de/massage.yaml", "side_effects_brief:", "side_effects_short:")
    edit(tree / "leaflets/de/shared.yaml", "    - Pilates, Yoga und Entspannung\n", "")
    found = messages(differences(tree, "de"))
    labels_at = line_of(tree / "i18n/de.yaml", "labels:") + 1
    english_at = line_of(ROOT / "i18n/en.yaml", "  practice_stamp:")
    assert (f"i18n/de.yaml:{labels_at}:3: missing key 'labels.practice_stamp' "
            f"(English: i18n/en.yaml:{english_at}:3)") in found
    assert any(re.fullmatch(r"leaflets/de/massage\.yaml:1:1: missing key 'side_effects_brief' "
                            r"\(English: leaflets/en/massage\.yaml:\d+:1\)", m) for m in found), found
    assert any(re.fullmatch(r"leaflets/de/massage\.yaml:\d+:1: extra key 'side_effects_short': "
                            r"leaflets/en/massage\.yaml has no such key", m) for m in found), found
    assert any(m.startswith("leaflets/de/shared.yaml:") and "'helps_instead.items' has 2 items, English has 3"
               in m for m in found), found
    assert len(found) == 4

    assert cli.main(["--missing", "de"]) == 1
    listed = capsys.readouterr().out.splitlines()
    assert listed == [*found, "4 problems"]

    assert cli.main(["--check"]) == 1
    assert "missing key 'labels.practice_stamp'" in capsys.readouterr().err
    assert not (tree / "dist").exists(), "--check writes nothing"


def test_an_incomplete_language_is_not_built(tree, capsys):
    edit(tree / "leaflets/de/osteopathy.yaml", "extra:", "zusatz:")
    assert cli.main(["--lang", "de", "--out", str(tree / "out")]) == 1
    assert "leaflets/de/osteopathy.yaml" in capsys.readouterr().err
    assert not (tree / "out" / "de").exists(), "a German leaflet never silently shows English or less"


def test_a_started_language_lists_every_file_it_lacks(tree, capsys):
    new = "xx"  # a code no language of the project has
    assert new not in available_languages(ROOT)
    (tree / "leaflets" / new).mkdir()
    assert cli.main(["--missing", new]) == 1
    listed = capsys.readouterr().out.splitlines()
    assert f"i18n/{new}.yaml:1:1: file not found" in listed
    assert f"leaflets/{new}/massage.yaml:1:1: file not found" in listed
    assert len(listed) == 1 + len(list((ROOT / "leaflets" / "en").glob("*.yaml"))) + 1


@pytest.mark.parametrize("argv", [["--lang", "xx"], ["--lang", "en,xx"], ["--missing", "xx"]])
def test_unknown_language_is_a_one_line_usage_error(argv, capsys):
    assert cli.main(argv) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: unknown language 'xx'; available: {', '.join(available_languages(ROOT))}, or all",
        "hint: python build.py --help lists the options"]


def test_missing_translation_status_is_an_error(tree):
    strings = tree / "i18n/de.yaml"
    strings.write_text(strings.read_text(encoding="utf-8").split("\ntranslation:")[0] + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_edition(tree, "de")
    assert "i18n/de.yaml:1:1: missing required key 'translation'" in str(caught.value)


def test_a_review_is_recorded_in_reviews_not_in_the_translation_block(tree):
    edit(tree / "i18n/de.yaml", "\n  translated_on:", "\n  reviewed: true\n  translated_on:")
    with pytest.raises(ContentError, match=r"i18n/de\.yaml:1:1: translation: a review is recorded in "
                                           r"reviews/de\.yaml, not here"):
        load_edition(tree, "de")


def test_unknown_hyphenation_dictionary_is_an_error(tree):
    edit(tree / "i18n/de.yaml", "hyphenation: de_DE", "hyphenation: de_XX")
    with pytest.raises(ContentError, match=r"i18n/de\.yaml:\d+:14: unknown hyphenation dictionary 'de_XX'"):
        load_edition(tree, "de")


def test_unreviewed_languages_are_warned_about():
    for lang in available_languages(ROOT):
        status = review_status(ROOT, lang)
        warning = review_warning(status)
        assert (warning is None) == status.reviewed
        if status.state == NOT_REVIEWED:
            assert warning.startswith(f"warning: {lang} is not reviewed: no qualified reviewer has signed it off")


def test_the_languages_page_lists_each_language_and_its_review_status():
    readme = (ROOT / "docs" / "languages.md").read_text(encoding="utf-8")
    for lang in available_languages(ROOT):
        translation = edition_of(lang).strings.translation
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{lang}` |")), None)
        assert row, f"docs/languages.md has no status row for {lang}"
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[-1] == review_status(ROOT, lang).state, row
        if translation is None:
            assert "source edition" in row
        else:
            assert translation.translated_on.isoformat() in row


@pytest.mark.parametrize("face", ["regular", "bold"])
@pytest.mark.parametrize("lang", available_languages(ROOT))
def test_font_has_every_character_of_the_language(lang, face):
    """Read with ReportLab, which prints them, not with the fontTools check the build makes."""
    family = edition_of(lang).strings.font
    glyphs = TTFont(f"coverage-{family}-{face}", str(static_file(FAMILIES[family].faces()[face]))).face.charToGlyph
    characters = set("".join(content_strings(lang))) | set(CODE_CHARACTERS)
    missing = sorted(ch for ch in characters if not ch.isspace() and ch != "\u00ad" and ord(ch) not in glyphs)
    assert not missing, f"{lang}: no glyph in the {family} {face} face for {missing}"


def test_a_character_outside_the_languages_font_is_an_error_naming_file_and_line(tree):
    edit(tree / "leaflets" / "de" / "massage.yaml", "Massage", "Маssage")  # a Cyrillic "М"
    with pytest.raises(ContentError) as raised:
        load_edition(tree, "de")
    assert re.search(r"^leaflets/de/massage\.yaml:\d+:\d+: the font \(atkinson-hyperlegible\) cannot print "
                     r"'М' \(U\+041C\)", str(raised.value), re.M), str(raised.value)
    assert missing_characters("Маssage", "noto-sans") == ""


@pytest.mark.parametrize("requested, chosen", [("de", ("de",)), ("en,de", ("en", "de")), ("all", ("de", "en"))])
def test_languages_are_chosen_by_code_list_or_all(requested, chosen):
    assert cli.languages(requested, ("de", "en")) == chosen


def test_german_styles_hyphenate_without_shaping(edition_de):
    styles = stylesheet(load_layout(ROOT, "massage"), edition_de.strings.hyphenation)
    assert all(not style.shaping for style in vars(styles).values()), "no uharfbuzz shaping for Latin text"
    assert styles.body.hyphenationLang is edition_de.strings.hyphenation
    assert styles.title.hyphenationLang == ""


def test_a_translations_missing_key_is_told_once(tree):
    edit(tree / "i18n/de.yaml", "  practice_stamp: Praxisstempel\n", "")
    with pytest.raises(ContentError) as caught:
        load_edition(tree, "de")
    told = [str(problem) for problem in caught.value.problems if "practice_stamp" in str(problem)]
    assert len(told) == 1 and "(English: i18n/en.yaml:" in told[0], told


def test_a_translation_quotes_the_english_articles_title_and_keeps_none_of_its_own(tree):
    """The title of the article we adapted is English only (ENGLISH_ONLY): every translation quotes the
    English one, so a title of its own would be text nobody reads; it is refused where it stands."""
    assert all(key.startswith("shared.") for key in ENGLISH_ONLY)
    assert load_edition(tree, "de").original.title == load_edition(tree, "en").shared.source.title
    edit(tree / "leaflets/de/shared.yaml", "source:\n", 'source:\n  title: "Passive Behandlungen"\n')
    with pytest.raises(ContentError) as caught:
        load_edition(tree, "de")
    at = line_of(tree / "leaflets/de/shared.yaml", "  title:")
    assert [str(problem) for problem in caught.value.problems] == [
        f"leaflets/de/shared.yaml:{at}:3: unknown key 'title' (known keys: short, url, taken_on)"]
