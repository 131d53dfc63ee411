"""Word breaks for one language.

Takes a pyphen dictionary code (e.g. "de_DE") and the language's own breaks for the words that
dictionary gets wrong, written with a hyphen at every allowed break ("Ver-sor-gungs-leit-li-nie");
gives back a ``Hyphenator``: the callable ReportLab's ``hyphenationLang`` accepts, which yields every
(head, tail) split of a word, the longest head first.

A phrase in another language is marked in the content as ``[Nationale VersorgungsLeitlinie]{lang=de}``
(Pandoc's bracketed span; ``FOREIGN_PHRASE``), and a name set into a sentence by Strings.label is held
between two marks (``NAME``): render/markup.py never lets this language's dictionary break their words,
which it would break where this language's syllables are ("VersorgungsLe-itlinie" in Polish).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import re

import pyphen

LANGUAGES = tuple(sorted(pyphen.LANGUAGES))
# a phrase in another language: [phrase]{lang=de}; group 1 the phrase, group 2 its language tag (BCP 47)
FOREIGN_PHRASE = re.compile(r"\[([^\[\]]+)\]\{lang=([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}")
# a name set into a sentence (content.Strings.label's NAMES): held between two control characters, which
# no printed text holds (no font has them, so the checks of printed fields refuse them), so that a name
# typed with "[", "*" or ":" is never read as markup; group 1 the name, as spelled
NAME = re.compile("\x02([^\x02\x03]*)\x03")


def as_name(text: str) -> str:
    """``text`` marked as a name (NAME): printed as spelled, its words never broken by a dictionary."""
    return f"\x02{text}\x03"


@cache
def _dictionary(code: str) -> pyphen.Pyphen:
    # at least three letters go to the next line: a lone "-en" or "-se" there reads as a stray piece
    return pyphen.Pyphen(lang=code, right=3)


def _positions(spelled: str) -> tuple[int, ...]:
    """The break positions in a word written with a hyphen at every allowed break."""
    positions, length = [], 0
    for part in spelled.split("-")[:-1]:
        length += len(part)
        positions.append(length)
    return tuple(positions)


@dataclass(frozen=True)
class Hyphenator:
    code: str
    exceptions: tuple = ()
    _own: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        own = {spelled.replace("-", "").lower(): _positions(spelled) for spelled in self.exceptions}
        object.__setattr__(self, "_own", own)

    def breaks(self, word: str) -> tuple[int, ...]:
        """Where ``word`` may break, as positions from its start, in increasing order."""
        own = self._own.get(word.lower())
        return own if own is not None else tuple(_dictionary(self.code).positions(word))

    def __call__(self, word: str):
        if word.lower() not in self._own:
            # in a compound ("когнитивно-поведенческая") the three letters go to the next line within
            # its part too: pyphen counts them to the end of the whole word
            yield from ((head, tail) for head, tail in _dictionary(self.code).iterate(word)
                        if not 0 < len(tail.split("-")[0]) < 3)
            return
        for position in reversed(self._own[word.lower()]):
            yield word[:position], word[position:]
