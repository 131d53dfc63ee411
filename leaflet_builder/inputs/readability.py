"""How hard a language's content files are to read, file by file.

Takes the project folder and a language code; gives back, for each content file (leaflets/<lang>/*.yaml),
its words, sentences, syllables and one reading score:
- German: Amstad's reading ease, 180 - words/sentences - 58.5 x syllables/words (0-100, higher is
  easier; 60 or more is "fairly easy", about what a 13-year-old reads).
- English: the Flesch-Kincaid grade, 0.39 x words/sentences + 11.8 x syllables/words - 15.59 (a US
  school grade, lower is easier).
A file's statements (inputs/statements.py) are read as running text: markup and web addresses taken
out, each statement ending a sentence even without a full stop. A sentence ends at '.', '!' or '?';
a word is a run of letters (a hyphenated compound is one word); numbers are not words. Syllables are
estimated from the spelling: each group of vowels is one syllable; English drops a silent final 'e'
the 'e' of '-es' (but after s, x, z, ch, sh, ce, ge) and of '-ed' (but
after t, d). The estimate is the same for every file, so the
scores compare fairly, but it is an estimate: use the scores to find hard files, not as a grade.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .statements import file_statements, content_files

_VOWELS = {"de": "aeiouyäöü", "en": "aeiouy"}
# English spelling's silent 'e': 'made', 'takes', 'used'; but 'little', 'pieces', 'rashes', 'treated'
_SILENT_E = re.compile(r"(?:(?<=[^aeiouy])(?<![^aeiouy]l)e|(?<=[^aeiouysxzhgc])es|(?<=[^aeiouytd])ed)$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ADDRESS = re.compile(r"\S+\.\w{2,}/\S*|https?://\S+|\S+@\S+")


@dataclass(frozen=True)
class Score:
    file: str
    words: int
    sentences: int
    syllables: int
    score: float


def supported(lang: str) -> bool:
    return lang in _VOWELS


def syllables(word: str, lang: str) -> int:
    """The estimated syllables of one word (see the module's docstring)."""
    count = 0
    for part in re.split(r"[-'’]", word.lower()):
        if lang == "en" and len(part) > 2:
            part = _SILENT_E.sub("", part)
        count += max(1, len(re.findall(f"[{_VOWELS[lang]}]+", part))) if part else 0
    return max(1, count)


def plain(text: str) -> str:
    """A statement as it reads: link text kept, addresses and bold marks taken out."""
    return _ADDRESS.sub("", _LINK.sub(r"\1", text)).replace("**", "")


def score(lang: str, words: int, sentences: int, syllable_count: int) -> float:
    per_sentence, per_word = words / sentences, syllable_count / words
    if lang == "de":
        return 180 - per_sentence - 58.5 * per_word
    return 0.39 * per_sentence + 11.8 * per_word - 15.59


def text_score(lang: str, texts: list[str], name: str = "") -> Score:
    """The score of statements read one after the other."""
    words = sentences = syllable_count = 0
    for text in texts:
        text = plain(text)
        found = _WORD.findall(text)
        if not found:
            continue
        words += len(found)
        syllable_count += sum(syllables(word, lang) for word in found)
        sentences += len(_SENTENCE_END.findall(text.rstrip())) + (not _SENTENCE_END.search(text.rstrip()[-1:]))
    return Score(name, words, max(sentences, 1), syllable_count,
                 round(score(lang, max(words, 1), max(sentences, 1), syllable_count), 1))


def file_scores(root: Path, lang: str) -> list[Score]:
    """One score for each content file of the language, in the English edition's order."""
    scores = []
    for relative in content_files(root, lang):
        found, _ = file_statements(root, relative)
        scores.append(text_score(lang, [statement.text for statement in found], relative))
    return scores
