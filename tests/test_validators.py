"""Independent checkers find nothing wrong: page-validation (PyPI; import name ``page``), a PDF/UA-1
validator, fails no rule in any tagged file of the builds the tests make (every language, a practice,
every variant); outloud (PyPI), which reads a PDF as a screen reader would, reports no error on each
language's leaflet and brochure and on the practice's (it takes a third of a second a file, so a
sample)."""
from __future__ import annotations

import outloud
import page
import pytest

from conftest import LANGUAGES, edition_of
from test_tagging import VARIANTS


def failed_rules(folder) -> dict:
    pdfs = sorted(folder.glob("*.pdf"))
    assert pdfs, f"no PDF in {folder}"
    return {path.name: rules for path in pdfs if path.stem != "brochure-booklet"
            and (rules := sorted({failure.rule_id
                                  for failure in page.validate_pdf(str(path), profile="ua1").failures}))}


def test_page_validation_fails_no_rule_in_any_language(built):
    assert {lang: failed for lang in LANGUAGES if (failed := failed_rules(built / lang))} == {}


def test_page_validation_fails_no_rule_with_a_practice(built_practice):
    assert failed_rules(built_practice) == {}


@pytest.mark.parametrize("options", VARIANTS)
def test_page_validation_fails_no_rule_in_any_variant(variant, options):
    assert failed_rules(variant(*options)) == {}


def outloud_errors(path, lang: str) -> list:
    """outloud's errors, less one it makes by design of ours: the brochure's comparison table repeats
    its header row on the pages it continues to as an artifact, read once where the table starts;
    outloud reads that row as prose hidden from readers (TAG-002)."""
    result = outloud.check(str(path))
    assert result.error is None, result.error
    head = edition_of(lang).strings.label("treatment")
    return [f"{finding.rule}: {finding.message} ({finding.evidence})" for finding in result.findings
            if finding.severity == "error"
            # the head may be hyphenated
            and not (finding.rule == "TAG-002" and (finding.evidence or "").startswith(head[:4]))]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_outloud_reports_no_error(built, lang):
    for name in ("massage.pdf", "brochure.pdf"):
        assert outloud_errors(built / lang / name, lang) == [], (lang, name)


def test_outloud_reports_no_error_with_a_practice(built_practice):
    for name in ("massage.pdf", "brochure.pdf"):
        assert outloud_errors(built_practice / name, "en") == [], name
