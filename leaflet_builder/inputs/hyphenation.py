"""Word breaks for one language.

Takes a pyphen dictionary code (e.g. "de_DE") and the language's own breaks for the words that
dictionary gets wrong, written with a hyphen at every allowed break ("Ver-sor-gungs-leit-li-nie");
gives back a ``Hyphenator``: the callable ReportLab's ``hyphenationLang`` accepts, which yields every
(head, tail) split of a word, the longest head first.

A phrase in another language is marked in the content as ``[Nationale VersorgungsLeitlinie]{lang=de}``
(Pandoc's bracketed span; ``FOREIGN_PHRASE``): its words are never broken by this language's dictionary,
which would break them where that language's syllables are ("VersorgungsLe-itlinie" in Polish); they
break only at a hyphen written in them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import re

import pyphen

LANGUAGES = tuple(sorted(pyphen.LANGUAGES))
# a phrase in another language: [phrase]{lang=de}; group 1 the phrase, group 2 its language tag (BCP 47)
FOREIGN_PHRASE = re.compile(r"\[([^\[\]]+)\]\{lang=([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}")


def foreign_words(texts, lang: str) -> frozenset:
    """The words, in lower case, of every phrase the ``texts`` mark as in a language other than ``lang``."""
    return frozenset(word.lower() for text in texts for phrase, tag in FOREIGN_PHRASE.findall(text)
                     if tag.split("-")[0] != lang for word in re.findall(r"[^\W\d_]+", phrase))


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
    foreign: frozenset = frozenset()  # words of phrases in another language (foreign_words): never broken
    _own: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        own = {spelled.replace("-", "").lower(): _positions(spelled) for spelled in self.exceptions}
        object.__setattr__(self, "_own", own)

    def breaks(self, word: str) -> tuple[int, ...]:
        """Where ``word`` may break, as positions from its start, in increasing order."""
        if self._is_foreign(word):
            return ()
        own = self._own.get(word.lower())
        return own if own is not None else tuple(_dictionary(self.code).positions(word))

    def _is_foreign(self, word: str) -> bool:
        return any(part.lower() in self.foreign for part in word.split("-"))

    def __call__(self, word: str):
        if self._is_foreign(word):
            return  # ReportLab then breaks it only at a hyphen written in it
        if word.lower() not in self._own:
            # in a compound ("когнитивно-поведенческая") the three letters go to the next line within
            # its part too: pyphen counts them to the end of the whole word
            yield from ((head, tail) for head, tail in _dictionary(self.code).iterate(word)
                        if not 0 < len(tail.split("-")[0]) < 3)
            return
        for position in reversed(self._own[word.lower()]):
            yield word[:position], word[position:]
