"""Where each English statement comes from in the source article.

Takes the project folder: leaflets/citations.yaml and the statements of the English edition
(statements.py); gives back, for every statement, the source paragraphs it rests on or the mark that it
is ours (editorial), and a Problem for every statement that has neither, every entry that names no
statement and every entry that is not written as below. With a plain-text copy of the article, perhaps
revised since, it compares each citation with the copy's paragraphs by fingerprint: a citation whose
text the copy still holds under another number has moved (``renumbered`` gives citations.yaml's text with
the new numbers), one whose text the copy no longer holds anywhere has changed or gone, and its
statement is for a person to read again.

The article stays outside the repository, so a citation records a paragraph's number and a short
fingerprint of its text, never the text. Paragraphs are the blocks of the plain-text copy between blank
lines (lines that are empty or hold only spaces and tabs), numbered from 1 in order, the title being
¶1. A paragraph's text is normalised before it is fingerprinted: Unicode NFKC, every run of white space
(line breaks included) made one space, none at either end. The fingerprint is the first 8 hex digits of
the SHA-256 of that text in UTF-8: a changed word changes it, a re-wrapped line does not.

An entry in leaflets/citations.yaml maps a statement's key path to ``editorial``, to a list of
citations such as ``[¶22 3a1f9c0e]``, or to such a list ending in ``editorial`` for our wording or
summary of what those paragraphs say. Translations mirror the English keys, so they need no entries.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import schema as s
from ..errors import Problem
from .languages import CITATIONS, SOURCE_LANGUAGE, key_prefix
from .statements import Statement, statements

EDITORIAL = "editorial"
_CITATION = re.compile(r"¶([1-9][0-9]*) ([0-9a-f]{8})")
_FORM = (f"write '{EDITORIAL}', or a list of citations such as ['¶22 3a1f9c0e'], ending in '{EDITORIAL}' where "
         "the wording is ours")


@dataclass(frozen=True)
class Citation:
    paragraph: int
    fingerprint: str
    at: tuple = field(default=(1, 1), compare=False)  # (line, column) in citations.yaml

    def __str__(self) -> str:
        return f"¶{self.paragraph} {self.fingerprint}"


@dataclass(frozen=True)
class Backing:
    """What one English statement rests on."""

    statement: Statement
    citations: tuple  # of Citation
    editorial: bool


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def paragraph_fingerprint(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:8]


def paragraphs(text: str) -> list[str]:
    """The blank-line-separated blocks of a plain-text copy, in order: ¶1 is the first."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [block for block in blocks if block.strip()]


class _StatementKey(s.Schema):
    """An entry's key: a statement of the English edition, or of a file that did not load (which the
    edition reports). A stray key is reported, and the other entries still count."""

    def __init__(self, keys, unread):
        self.keys, self.unread = keys, unread

    def check(self, value, at, ctx, partial=False):
        if value not in self.keys and str(value).split(".")[0] not in self.unread:
            ctx.error(at, f"'{value}' is no statement of leaflets/{SOURCE_LANGUAGE}/"
                          f"{s.did_you_mean(str(value), self.keys)}")
        return value


class _Backing(s.Schema):
    """An entry's value: (citations, editorial), or None, reported, when it is not written as _FORM says."""

    def check(self, value, at, ctx, partial=False):
        if value == EDITORIAL:
            return (), True
        if not isinstance(value, list) or not value:
            ctx.error(at, _FORM)
            return None
        editorial = value[-1] == EDITORIAL
        cited = value[:-1] if editorial else value
        matches = [_CITATION.fullmatch(item) if isinstance(item, str) else None for item in cited]
        if not cited or not all(matches):
            ctx.error(at, _FORM)
            return None
        return tuple(Citation(int(m[1]), m[2], value.item_at[i]) for i, m in enumerate(matches)), editorial


def backings(root: Path) -> tuple[list[Backing], list[Problem]]:
    """Every English statement with what it rests on, and every problem of the citations file."""
    found, statement_problems = statements(root, SOURCE_LANGUAGE)
    # a file that does not load is reported by the edition; its entries here are not stray
    unread = {key_prefix(problem.path) for problem in statement_problems}
    by_key = {statement.key: statement for statement in found}
    problems: list[Problem] = []
    schema = s.MapOf(_StatementKey(by_key, unread), _Backing(), what="a mapping of statement keys to citations")
    entries = s.read_checked(root / CITATIONS, CITATIONS, schema, problems)
    if entries is None:
        return [], problems
    result = []
    for statement in found:
        if statement.key not in entries:
            problems.append(Problem(statement.file, statement.line, statement.column,
                                    f"statement {statement.key} cites no source paragraph and is not marked "
                                    f"{EDITORIAL}: add it to {CITATIONS}"))
        elif entries[statement.key] is not None:  # else reported as not written as it should be
            result.append(Backing(statement, *entries[statement.key]))
    return result, problems


@dataclass(frozen=True)
class Comparison:
    """What a copy of the article means for the citations."""

    changed: list  # of Problem: one per statement citing text the copy no longer holds
    moved: list  # of (Citation, the number of the copy's paragraph that holds its text)


def compare(found: list[Backing], source_text: str) -> Comparison:
    """Each citation matched with the copy's paragraphs by fingerprint, then by number: a text the copy
    holds more than once is taken at the place nearest the cited number."""
    numbers: dict[str, list[int]] = {}
    for number, paragraph in enumerate(paragraphs(source_text), 1):
        numbers.setdefault(paragraph_fingerprint(paragraph), []).append(number)
    changed, moved = [], []
    for backing in found:
        gone = []
        for citation in backing.citations:
            held = numbers.get(citation.fingerprint)
            if not held:
                gone.append(str(citation))
            elif citation.paragraph not in held:
                moved.append((citation, min(held, key=lambda number: abs(number - citation.paragraph))))
        if gone:
            statement = backing.statement
            changed.append(Problem(statement.file, statement.line, statement.column,
                                   f"statement {statement.key} cites {' and '.join(gone)}, whose text the copy no "
                                   "longer holds (changed or removed): read the statement against the copy"))
    return Comparison(changed, moved)


def renumbered(text: str, moved: list) -> str:
    """The citations file's ``text`` with each moved citation's paragraph number replaced, in place:
    fingerprints, comments, order and everything else as they were."""
    lines = text.splitlines(keepends=True)
    # right to left within a line, so that a longer number does not shift the columns still to come
    for citation, number in sorted(moved, key=lambda item: item[0].at, reverse=True):
        line, column = citation.at
        head, tail = lines[line - 1][:column - 1], lines[line - 1][column - 1:]
        lines[line - 1] = head + tail.replace(str(citation), str(Citation(number, citation.fingerprint)), 1)
    return "".join(lines)
