"""The writing of the document being rendered: its typeface family, its direction and its spacing.

Takes a language's Edition; ``writing(edition)`` sets them for the rendering inside the block, and
``current()`` gives them to the parts that need them without every function passing them on: the
fonts (fonts.register), the stylesheet (right-aligned for right-to-left), the paragraphs (rtl.py),
the no-break spaces a language's punctuation wants (``spaced``) and where its words may break
(markup.py). Outside any block: the default family, left to right, no added spaces, no word breaks.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from ..inputs.typeface import DEFAULT_FAMILY

NO_BREAK_SPACE = "\u00a0"


@dataclass(frozen=True)
class Writing:
    lang: str = ""  # the language's code, e.g. "ar"
    family: str = DEFAULT_FAMILY
    rtl: bool = False
    space_before: str = ""  # punctuation that takes a no-break space before it (French ":;?!»")
    space_after: str = ""  # and after it (French "«")
    breaks: Callable[[str], tuple] | None = None  # where the language's dictionary breaks a word; None: nowhere

    def spaced(self, text: str) -> str:
        """``text`` with a no-break space, instead of a space or nothing, before and after the
        punctuation that wants one; a colon, semicolon, question or exclamation mark only where it ends
        a clause (followed by a space, the end or a closing mark), so "https://" and "3:1" stay."""
        if not (self.space_before or self.space_after):
            return text
        before, after = _patterns(self.space_before, self.space_after)
        if before:
            text = before.sub(lambda m: NO_BREAK_SPACE + m.group(1), text)
        if after:
            text = after.sub(lambda m: m.group(1) + NO_BREAK_SPACE, text)
        return text


@cache
def _patterns(space_before: str, space_after: str):
    """(before, after) regular expressions, each with the mark as group 1; None for none."""
    closing_quotes = "»›”"
    quotes = "".join(re.escape(c) for c in space_before if c in closing_quotes)
    stops = "".join(re.escape(c) for c in space_before if c not in closing_quotes)
    # a closing quote wants its space anywhere; a colon or question mark only at a clause's end
    marks = [f"[{quotes}]"] * bool(quotes) + [f"[{stops}](?=$|\\s|[{re.escape(space_before)})\\]])"] * bool(stops)
    before = re.compile(f"(?<=\\S)[ \u00a0]?({'|'.join(marks)})") if marks else None
    after = re.compile(f"([{re.escape(space_after)}])[ \u00a0]?(?=\\S)") if space_after else None
    return before, after


_stack = [Writing()]


@contextmanager
def writing(edition):
    """Render in the language of ``edition`` (a content.Edition): its family, direction and spacing."""
    strings = edition.strings
    _stack.append(Writing(edition.lang, strings.font, strings.direction == "rtl", strings.space_before,
                          strings.space_after, strings.hyphenation.breaks if strings.hyphenation else None))
    try:
        yield _stack[-1]
    finally:
        _stack.pop()


def current() -> Writing:
    return _stack[-1]
