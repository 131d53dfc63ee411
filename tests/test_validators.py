"""An independent PDF/UA-1 validator, page-validation (PyPI; import name ``page``), finds no failed rule
in any tagged file of the build: every language's leaflets and brochure."""
from __future__ import annotations

import page

from conftest import LANGUAGES


def test_page_validation_fails_no_rule(built):
    failed = {}
    for lang in LANGUAGES:
        for path in sorted((built / lang).glob("*.pdf")):
            rules = sorted({failure.rule_id for failure in page.validate_pdf(str(path), profile="ua1").failures})
            if rules:
                failed[f"{lang}/{path.name}"] = rules
    assert not failed, failed
