"""Statements: every text of a language's content files, named by key path, with file, line and column."""
from __future__ import annotations

import yaml

from conftest import ROOT, content_strings, strings_in, write
from leaflet_builder.inputs.languages import ENGLISH_ONLY, LANGUAGE_SETTINGS, SOURCE_LANGUAGE, available_languages
from leaflet_builder.inputs.statements import statements


def test_a_statement_is_named_by_its_key_path_and_found_where_it_stands(project):
    write(project, "leaflets/en/massage.yaml",
          "name: Massage\nkey_message: >-\n  Short.\ndoes_it_help:\n  - First.\n  - >-\n    Second.\n")
    found = {s.key: s for s in statements(project, "en")[0] if s.file == "leaflets/en/massage.yaml"}
    assert list(found) == ["massage.name", "massage.key_message", "massage.does_it_help.1",
                           "massage.does_it_help.2"]
    second = found["massage.does_it_help.2"]
    assert (second.text, second.place) == ("Second.", "leaflets/en/massage.yaml:6:5")


def test_every_text_of_every_language_is_a_statement_with_the_english_key():
    english = {s.key for s in statements(ROOT, "en", interface=True)[0]}
    for lang in available_languages(ROOT):
        found, problems = statements(ROOT, lang, interface=True)
        assert problems == []
        settings = _setting_texts(lang)
        assert sorted(s.text for s in found) == sorted(t for t in content_strings(lang) if t not in settings)
        assert {s.key for s in found} == (english if lang == SOURCE_LANGUAGE else english - ENGLISH_ONLY), lang
        assert {s.key.split(".")[0] for s in found} >= {"shared", "i18n", "massage"}


def _setting_texts(lang) -> set:
    """Texts of the language settings (hyphenation, font, direction, translation status...), which are
    not statements."""
    strings = yaml.safe_load((ROOT / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
    return set(strings_in({key: strings[key] for key in LANGUAGE_SETTINGS if key in strings}))


def test_a_file_that_does_not_load_is_a_problem_not_a_silent_gap(project):
    write(project, "leaflets/en/traction.yaml", "name: [unclosed\n")
    found, problems = statements(project, "en")
    assert [p.path for p in problems] == ["leaflets/en/traction.yaml"]
    assert not any(s.key.startswith("traction.") for s in found)
