"""The PDF readers people use, as the tests run them, and how many of a text's words they hand out whole.

- poppler (Linux viewers, Okular, Evince): ``pdftotext``, and ``pdfinfo -struct-text`` for the tagged
  structure;
- pdfium (Chrome, Edge): pypdfium2's ``get_text_range``, as Chrome copies and searches it;
- PDF.js (Firefox): pdfjs-dist from npm, installed into tests/js/ (``npm ci`` there; .ci/run does it), run
  with node by tests/js/read.mjs, which gives the page text (copy-paste), what the find bar searches and
  what Firefox hands to assistive technology.

A word is whole when it comes out as written, in reading order: letters only (Arabic harakat and tatweel
left out, NFKC on both sides, so presentation forms count as their letters), three letters or more.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pypdfium2

JS = Path(__file__).resolve().parent / "js"
PDFJS = JS / "node_modules" / "pdfjs-dist"
TATWEEL = "\u0640"


def poppler_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def poppler_structure(path: Path) -> str:
    return subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True,
                          check=True).stdout


# pdfium's mark for a hyphen it takes to break a word at a line's end (a hyphen-minus or soft hyphen
# after a letter, before a letter or digit on the next line: CPDF_TextPage::IsHyphen); Chrome leaves
# it out of what it copies and searches (pdf/pdfium/pdfium_range.h, IsIgnorableCharacter)
PDFIUM_HYPHEN = "\ufffe"


def pdfium_text(path: Path) -> str:
    """The text of every page as Chrome copies and searches it: pdfium's, its line-end hyphen marks
    left out."""
    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(document[index].get_textpage().get_text_range() for index in range(len(document))
                         ).replace(PDFIUM_HYPHEN, "")
    finally:
        document.close()


def pdfjs_missing() -> str:
    """Why PDF.js cannot be run here, or "" when it can."""
    if not shutil.which("node"):
        return "node is not installed (Debian: apt-get install nodejs)"
    if not PDFJS.is_dir():
        return f"pdfjs-dist is not installed: run npm ci in {JS}"
    return ""


def pdfjs(*paths: Path) -> dict[Path, dict[str, str]]:
    """For each file, PDF.js's "text" (copy-paste), "find" (the find bar's) and "structure" (assistive
    technology); one node process for all of them."""
    result = subprocess.run(["node", str(JS / "read.mjs"), *map(str, paths)], capture_output=True, text=True,
                            check=True, cwd=JS)
    read = [json.loads(line) for line in result.stdout.splitlines()]
    return {Path(entry["path"]): entry for entry in read}


def normal(text: str) -> str:
    """Text as words are compared: NFKC, harakat and other combining marks and tatweel left out, folded case."""
    text = unicodedata.normalize("NFKC", text.replace("\u00ad", ""))
    return "".join(ch for ch in text if ch != TATWEEL and not unicodedata.combining(ch)).casefold()


def words(text: str, script: str | None = None, shortest: int = 3) -> list[str]:
    """The words of ``text`` (letters only) of ``shortest`` letters or more; with ``script`` (a word of
    the Unicode character names, e.g. "ARABIC"), only the words in that script."""
    found = re.findall(r"[^\W\d_]+", normal(text))
    return [word for word in found if len(word) >= shortest
            and (script is None or all(script in unicodedata.name(ch, "") for ch in word))]


def whole_share(expected: Counter, text: str, script: str | None = None, shortest: int = 3) -> float:
    """The share of the ``expected`` words (a multiset) that ``text`` holds whole."""
    found = Counter(words(text, script, shortest))
    total = sum(expected.values())
    return sum(min(count, found[word]) for word, count in expected.items()) / total if total else 1.0


def expected_words(texts, script: str | None = None, shortest: int = 3) -> Counter:
    """The words of ``texts`` (what a document prints, from the content), counted."""
    return Counter(word for text in texts for word in words(text, script, shortest))
