"""The review jobs: a language's review sheet, and a qualified reviewer's sign-off.

``review_sheet`` takes the project folder, a language and the output folder; it checks the language's
content and writes DIR/review/<lang>.pdf, the sheet a reviewer ticks off statement by statement.
``sign_off`` takes the project folder, a language, the reviewer as "Name, qualification" and the day;
it checks the language's content and its reviews file and appends a sign-off to reviews/<lang>.yaml:
who, their qualification, the date and the fingerprint of every file the review covered.
``renumber_citations`` takes the project folder and the text of a revised copy of the article and gives
the citations whose text moved in it their new paragraph numbers in leaflets/citations.yaml. All three
write atomically and write nothing when anything is wrong.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from ..errors import ContentError, OutputError, Problem, UsageError
from ..inputs import schema as s
from ..inputs.content import load_edition
from ..inputs.languages import SOURCE_LANGUAGE
from ..inputs.typeface import missing_characters
from ..inputs.reviews import SignOff, files_fingerprint, fingerprints, parse_sign_offs, reviews_file
from .output import write_atomically

REVIEWER_FORM = 'give the reviewer as --reviewer "Name, qualification", e.g. "Dr. Anna Beispiel, medical translator"'


def reviewer(text: str | None) -> tuple[str, str]:
    """(name, qualification) from "Name, qualification"; a UsageError when either is missing."""
    name, _, qualification = (text or "").partition(",")
    if not name.strip() or not qualification.strip():
        raise UsageError(f"--sign-off needs a reviewer and their qualification: {REVIEWER_FORM}")
    if problem := s.format_character(text):
        raise UsageError(f"--reviewer {problem}")
    checker = s.Checker("--reviewer")
    checked = [s.Plain(max_length=200).check(part, (1, 1), checker) for part in (name, qualification)]
    if s.INVALID in checked:
        raise UsageError(f"--reviewer: {checker.problems[0].message}")
    return checked[0], checked[1]


def sign_off(root: Path, lang: str, reviewer_text: str | None, day: datetime.date) -> SignOff:
    """Append a sign-off of ``lang`` as its files are today; raises before writing anything when the
    reviewer is not given, or the content or the reviews file does not validate."""
    name, qualification = reviewer(reviewer_text)
    edition = load_edition(root, lang)  # a ContentError names every problem, the reviews file's included
    # the name prints on every leaflet of the language: a letter its typeface lacks would be a blank box
    if missing := missing_characters(f"{name}{qualification}", edition.strings.font):
        listed = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing)
        raise UsageError(f"--reviewer: the typeface of the {lang} leaflets ({edition.strings.font}) cannot print "
                         f"{listed}; write the name as the {lang} leaflets can print it")
    record = SignOff(name, qualification, day, fingerprints(root, lang))
    path = root / reviews_file(lang)
    earlier = path.read_text(encoding="utf-8") if path.exists() else (
        f"# Sign-offs of the '{lang}' edition by qualified reviewers, the latest last. Written by\n"
        f"# python build.py --sign-off {lang}; the fingerprints are of the files as they were reviewed.\n")
    entry = yaml.safe_dump([{"reviewer": name, "qualification": qualification, "date": day,
                             "files": record.files}], allow_unicode=True, sort_keys=False, width=100)
    text = earlier.rstrip("\n") + "\n" + entry
    written, problems = parse_sign_offs(lang, text)
    if problems or written[-1] != record:  # e.g. an earlier file in a form a new entry cannot follow
        raise ContentError(problems or [Problem(reviews_file(lang), 1, 1, "a new sign-off cannot be added "
                                                "to this file; write its entries as a YAML list, one per sign-off")])
    try:
        write_atomically(path, text.encode())
    except OSError as err:
        raise OutputError(f"{reviews_file(lang)}: cannot write: {err.strerror or err}",
                          hint="check that reviews/ and the file in it can be written to") from err
    return record


def renumber_citations(root: Path, source_text: str) -> tuple[int, int]:
    """Rewrite the paragraph numbers of the citations whose text moved in ``source_text``; gives back how
    many citations moved and how many statements cite text the copy no longer holds (left as they are)."""
    from ..inputs.citations import CITATIONS, backings, compare, renumbered

    found, problems = backings(root)
    if problems:
        raise ContentError(problems)
    comparison = compare(found, source_text)
    if comparison.moved:
        path = root / CITATIONS
        try:
            write_atomically(path, renumbered(path.read_text(encoding="utf-8"), comparison.moved).encode())
        except OSError as err:
            raise OutputError(f"{CITATIONS}: cannot write: {err.strerror or err}") from err
    return len(comparison.moved), len(comparison.changed)


def review_sheet(root: Path, lang: str, out: Path) -> Path:
    """Write DIR/review/<lang>.pdf from the language's checked content; gives back its path."""
    from ..inputs.layouts import DEFAULT, load_layout
    from ..inputs.statements import statements
    from ..render.review_sheet import review_sheet_pdf

    edition = load_edition(root, lang)
    english = edition if lang == SOURCE_LANGUAGE else load_edition(root, SOURCE_LANGUAGE)
    found, problems = statements(root, lang, interface=True)
    english_found, english_problems = statements(root, SOURCE_LANGUAGE, interface=True)
    if problems or english_problems:
        raise ContentError(problems + english_problems)
    pdf = review_sheet_pdf(load_layout(root, DEFAULT), edition, english, found, english_found, {},
                           files_fingerprint(fingerprints(root, lang)))
    path = out / "review" / f"{lang}.pdf"
    try:
        write_atomically(path, pdf)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror or err}") from err
    return path
