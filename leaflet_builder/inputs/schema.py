"""A small declarative schema for the YAML files, in the manner of MkDocs' config options.

Takes a YAML file (``read_checked``, the one way every input is read, or its text,
``read_checked_text``) or data from ``yamlfile.load``, and a schema built from the classes below; gives
back checked, normalised plain data (tuples for lists, stripped text) and collects every problem with
its line and column, so that one run reports all of them. Each option validates itself and says
specifically what is wrong. ``stray_files`` names the files of a
folder that nothing reads.
"""
from __future__ import annotations

import datetime
import difflib
import re
import string
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import Problem
from .yamlfile import PosDict, PosList, load, parse

INVALID = object()


class Checker:
    """Collects the problems of one file."""

    def __init__(self, shown_as: str):
        self.shown_as = shown_as
        self.problems: list[Problem] = []
        self.keys: list[str] = []  # the keys above the value being checked, to name a nested mapping

    def check_under(self, key, schema: Schema, value, at, partial: bool):
        self.keys.append(str(key))
        try:
            return schema.check(value, at, self, partial)
        finally:
            self.keys.pop()

    def missing(self, at: tuple[int, int], key: str):
        where = f" under '{'.'.join(self.keys)}'" if self.keys else ""
        self.problems.append(Problem(self.shown_as, at[0], at[1], f"missing required key '{key}'{where}",
                                     missing_key=str(key)))
        return INVALID

    def error(self, at: tuple[int, int], message: str):
        self.problems.append(Problem(self.shown_as, at[0], at[1], message))
        return INVALID


def read_checked(path: Path, shown_as: str, schema: Schema, problems: list, partial: bool = False,
                 kept: bool = True):
    """One YAML file loaded and checked against ``schema``: its checked data, or None; every problem is
    added to ``problems``. ``partial``: only the keys given are checked (a file laid over another).
    ``kept``: the file's data and what its check made are kept for the life of the process, so that
    reading it again costs nothing; a practice profile, read once per set with a schema of its own and
    holding its logo, is not (a batch of a thousand would keep them all)."""
    return _read(load(path, shown_as, kept), shown_as, schema, problems, partial, kept)


def read_checked_text(text: str, shown_as: str, schema: Schema, problems: list):
    """A file's text, e.g. its new text before it is written, read and checked as ``read_checked`` reads
    and checks the file."""
    return _read(parse(text, shown_as), shown_as, schema, problems, False)


def _read(loaded: tuple, shown_as: str, schema: Schema, problems: list, partial: bool, kept: bool = True):
    data, load_problems = loaded
    problems += load_problems
    if data is None:
        return None
    checked, check_problems = (_checked if kept else _check)(data, shown_as, schema, partial)
    problems += check_problems
    return None if checked is INVALID else checked


_CHECKED: dict = {}  # (id(data), id(schema), shown_as, partial) -> (data, schema, checked, problems)


def _checked(data, shown_as: str, schema: Schema, partial: bool) -> tuple:
    """The same data checked by the same schema (_default.yaml under every layout) is checked once. The
    entry keeps data and schema alive, so their ids stay theirs."""
    key = (id(data), id(schema), shown_as, partial)
    if key not in _CHECKED:
        _CHECKED[key] = (data, schema, *_check(data, shown_as, schema, partial))
    return _CHECKED[key][2:]


def _check(data, shown_as: str, schema: Schema, partial: bool) -> tuple:
    checker = Checker(shown_as)
    return schema.check(data, getattr(data, "at", (1, 1)), checker, partial), tuple(checker.problems)


def stray_files(folder: Path, shown_as: str, known, unknown: str, rule: str) -> list[Problem]:
    """A problem for each YAML file in ``folder`` (``shown_as`` in messages) whose name is not
    ``known``: most likely a misspelt name, whose content would silently be lost."""
    return [Problem(f"{shown_as}/{path.name}", 1, 1,
                    f"{unknown} '{path.stem}'{did_you_mean(path.stem, known)} ({rule})")
            for path in sorted(folder.glob("*.yaml")) if path.stem not in known]


def closest(word, options) -> str | None:
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word, options) -> str:
    close = closest(word, options)
    return f"; did you mean '{close}'?" if close else ""


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return type(value).__name__


class Schema:
    def check(self, value, at, ctx: Checker, partial: bool = False):
        raise NotImplementedError


class Text(Schema):
    def __init__(self, max_length: int = 2000):
        self.max_length = max_length

    def check(self, value, at, ctx, partial=False):
        if not isinstance(value, str):
            return ctx.error(at, f"expected text, got {_kind(value)}")
        if not value.strip():
            return ctx.error(at, "text is empty")
        if len(value) > self.max_length:
            return ctx.error(at, f"text has {len(value)} characters, more than the {self.max_length} allowed here")
        return " ".join(value.split())


class Template(Text):
    """Text filled in with ``str.format``, whose {placeholders} may only be ``names``: a translator's typo
    in one is reported, never a crash, and a text cannot reach into the values it is given."""

    def __init__(self, names=(), max_length: int = 2000):
        super().__init__(max_length)
        self.names = tuple(names)

    def check(self, value, at, ctx, partial=False):
        text = super().check(value, at, ctx)
        if text is INVALID:
            return INVALID
        names = ", ".join(f"{{{name}}}" for name in self.names)
        allowed = f"this text can use {names}" if names else "this text has no placeholders"
        try:
            parts = list(string.Formatter().parse(text))
        except ValueError:
            return ctx.error(at, f"a brace is not closed or not opened ({allowed})")
        for literal, name, spec, conversion in parts:
            if "{" in literal or "}" in literal:
                return ctx.error(at, f"braces are only for placeholders ({allowed})")
            if name is not None and (name not in self.names or spec or conversion):
                close = closest(name, self.names)
                hint = f"; did you mean '{{{close}}}'?" if close else ""
                return ctx.error(at, f"unknown placeholder '{{{name}}}'{hint} ({allowed})")
        return text


class Choice(Schema):
    def __init__(self, options, what: str = "value"):
        self.options = tuple(options)
        self.what = what

    def check(self, value, at, ctx, partial=False):
        if not isinstance(value, str) or value not in self.options:
            listed = f" (one of: {', '.join(self.options)})" if len(self.options) <= 12 else ""
            hint = did_you_mean(value, self.options) or listed
            return ctx.error(at, f"unknown {self.what} '{value}'{hint}")
        return value


class Number(Schema):
    def __init__(self, minimum: float, maximum: float, integer: bool = False):
        self.minimum, self.maximum, self.integer = minimum, maximum, integer

    def check(self, value, at, ctx, partial=False):
        allowed = (int,) if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, allowed):
            wanted = "a whole number" if self.integer else "a number"
            return ctx.error(at, f"expected {wanted}, got {_kind(value)}")
        if not self.minimum <= value <= self.maximum:
            return ctx.error(at, f"{value} is out of range ({self.minimum} to {self.maximum})")
        return value


class Boolean(Schema):
    def check(self, value, at, ctx, partial=False):
        if isinstance(value, bool):
            return value
        return ctx.error(at, f"expected true or false, got {_kind(value)}")


class Plain(Text):
    """Text printed as it is written, such as a person's name: the characters of author markup ('**bold**',
    '[text](address)') and of tags are refused, so that it never becomes bold or a link."""

    MARKUP = "*[]<>"

    def check(self, value, at, ctx, partial=False):
        text = super().check(value, at, ctx)
        if text is INVALID:
            return INVALID
        found = "".join(dict.fromkeys(ch for ch in text if ch in self.MARKUP))
        if found:
            return ctx.error(at, f"'{text}' has {', '.join(repr(ch) for ch in found)}, which would be markup; "
                                 "write it without")
        return text


class Date(Schema):
    def __init__(self, past: bool = False):
        self.past = past  # a day that has come: today at the latest

    def check(self, value, at, ctx, partial=False):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            if self.past and value > datetime.date.today():
                return ctx.error(at, f"{value} is in the future; write the day it happened")
            return value
        return ctx.error(at, f"expected a date written as YYYY-MM-DD, got {_kind(value)}")


# Invisible and direction-changing format characters: in a printed name they make the PDF, the
# gallery and a screen reader show different text, or hide what is there.
FORMAT_CHARACTERS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def format_character(text: str) -> str | None:
    """What to say of the first invisible or direction-changing character in ``text``, or None."""
    found = FORMAT_CHARACTERS.search(text)
    if not found:
        return None
    char = found.group()
    return (f"has the invisible character U+{ord(char):04X} ({unicodedata.name(char, 'format character').lower()})"
            f" at character {found.start() + 1}; delete it")


class Visible(Schema):
    """Text that is printed: refused when it holds an invisible or direction-changing character."""

    def __init__(self, schema: Schema):
        self.schema = schema

    def check(self, value, at, ctx, partial=False):
        for text in (value,) if isinstance(value, str) else value if isinstance(value, list) else ():
            if isinstance(text, str) and (problem := format_character(text)):
                return ctx.error(at, problem)
        return self.schema.check(value, at, ctx, partial)


class Url(Schema):
    def __init__(self, schemes=("https",), max_length: int = 2000):
        self.schemes, self.max_length = tuple(schemes), max_length

    def check(self, value, at, ctx, partial=False):
        text = Text(self.max_length).check(value, at, ctx)
        if text is INVALID:
            return INVALID
        try:
            parts = urlsplit(text)
        except ValueError:  # e.g. an unclosed '[' of an IPv6 address
            return ctx.error(at, f"'{text}' is not a {' or '.join(self.schemes)} address")
        if parts.scheme not in self.schemes or not (parts.netloc or parts.scheme == "mailto"):
            return ctx.error(at, f"'{text}' is not a {' or '.join(self.schemes)} address")
        if any(ch.isspace() or ch in "<>\"'" for ch in text):
            return ctx.error(at, f"'{text}' has characters an address cannot have")
        return parts.scheme + text[len(parts.scheme):]  # the scheme in small letters, as it is printed or dropped


class Colour(Schema):
    """A CMYK colour as four percentages, e.g. [0, 0, 0, 100] for black."""

    def check(self, value, at, ctx, partial=False):
        ok = isinstance(value, list) and len(value) == 4 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100 for v in value
        )
        if not ok:
            return ctx.error(at, f"bad colour {value!r}: give CMYK as four percentages, e.g. [0, 0, 0, 100]")
        return tuple(float(v) for v in value)


class ListOf(Schema):
    """``form`` shows a person filling in a file by hand how a list is written."""

    def __init__(self, item: Schema, min_items: int = 1, max_items: int = 200, unique: bool = False,
                 form: str = ""):
        self.item, self.min_items, self.max_items, self.unique = item, min_items, max_items, unique
        self.form = form

    def check(self, value, at, ctx, partial=False):
        if not isinstance(value, PosList):
            return ctx.error(at, f"expected a list, got {_kind(value)}{'; ' + self.form if self.form else ''}")
        if not self.min_items <= len(value) <= self.max_items:
            return ctx.error(at, f"expected {self.min_items} to {self.max_items} items, got {len(value)}")
        checked = tuple(self.item.check(v, value.item_at[i], ctx, partial) for i, v in enumerate(value))
        for i, item in enumerate(checked):
            if self.unique and item is not INVALID and item in checked[:i]:
                return ctx.error(value.item_at[i], f"'{item}' is listed twice")
        return INVALID if INVALID in checked else checked


class Paragraphs(Schema):
    """One paragraph as text, or several as a list of texts."""

    def check(self, value, at, ctx, partial=False):
        if isinstance(value, str):
            text = Text().check(value, at, ctx)
            return INVALID if text is INVALID else (text,)
        return ListOf(Text()).check(value, at, ctx)


class Optional(Schema):
    def __init__(self, schema: Schema, default=None):
        self.schema, self.default = schema, default

    def check(self, value, at, ctx, partial=False):
        return self.schema.check(value, at, ctx, partial)


class Accepted(Schema):
    """A value checked earlier, passed through as it was checked."""

    def __init__(self, checked):
        self.checked = checked

    def check(self, value, at, ctx, partial=False):
        return self.checked


class Matching(Schema):
    """Text of a fixed form, e.g. a phone number; ``what`` describes the form in the message."""

    def __init__(self, pattern: str, what: str, max_length: int = 200):
        self.pattern, self.what, self.max_length = re.compile(pattern), what, max_length

    def check(self, value, at, ctx, partial=False):
        text = Text(self.max_length).check(value, at, ctx)
        if text is INVALID:
            return INVALID
        if not self.pattern.fullmatch(text):
            return ctx.error(at, f"'{text}' is not {self.what}")
        return text


class Named(Schema):
    """A field whose problems begin with its name: for files people fill in by hand, who look for
    the field rather than the line."""

    def __init__(self, name: str, schema: Schema):
        self.name, self.schema = name, schema

    def check(self, value, at, ctx, partial=False):
        own = Checker(ctx.shown_as)
        checked = self.schema.check(value, at, own, partial)
        ctx.problems += [Problem(p.path, p.line, p.col, f"{self.name}: {p.message}") for p in own.problems]
        return checked


class Record(Schema):
    """A mapping with known keys; unknown keys get a did-you-mean, missing ones are named."""

    def __init__(self, fields: dict[str, Schema]):
        self.fields = fields

    def check(self, value, at, ctx, partial=False):
        if not isinstance(value, PosDict):
            return ctx.error(at, f"expected a mapping of keys to values, got {_kind(value)}")
        result, ok, misspelt = {}, True, set()
        for key, item in value.items():
            if key not in self.fields:
                misspelt.add(closest(key, self.fields))
                hint = did_you_mean(key, self.fields) or f" (known keys: {', '.join(self.fields)})"
                ctx.error(value.key_at[key], f"unknown key '{key}'{hint}")
                ok = False
                continue
            result[key] = ctx.check_under(key, self.fields[key], item, value.value_at[key], partial)
            ok = ok and result[key] is not INVALID
        for key, schema in self.fields.items():
            if key in value or key in misspelt:  # a misspelt key's did-you-mean already names it
                continue
            if isinstance(schema, Optional):
                if not partial:
                    result[key] = schema.default
            elif not partial:
                ctx.missing(value.at, key)
                ok = False
        return result if ok else INVALID


class MapOf(Schema):
    """A mapping whose keys are checked by ``key`` and whose values all follow ``value``; ``what`` names
    such a mapping in the message for anything else."""

    def __init__(self, key: Schema, value: Schema, required_keys=(), what: str = "a mapping of keys to values"):
        self.key, self.value, self.required_keys, self.what = key, value, tuple(required_keys), what

    def check(self, value, at, ctx, partial=False):
        if not isinstance(value, PosDict):
            return ctx.error(at, f"expected {self.what}, got {_kind(value)}")
        result, ok = {}, True
        for key, item in value.items():
            checked_key = self.key.check(key, value.key_at[key], ctx)
            checked = ctx.check_under(key, self.value, item, value.value_at[key], partial)
            ok = ok and INVALID not in (checked_key, checked)
            result[key] = checked
        for key in self.required_keys:
            if key not in value and not partial:
                ctx.missing(value.at, key)
                ok = False
        return result if ok else INVALID
