#!/usr/bin/env python3
"""Print the reading score of each content file of the given languages (default: en de), as
tests/test_readability.py holds them: German Amstad reading ease (higher is easier), English
Flesch-Kincaid grade (lower is easier). The formulas: leaflet_builder/inputs/readability.py.

    python tools/readability.py [LANG ...]
"""
from __future__ import annotations

import sys
from pathlib import Path

from leaflet_builder.inputs.readability import file_scores, supported

ROOT = Path(__file__).resolve().parent.parent


def main(langs: list[str]) -> int:
    for lang in langs:
        if not supported(lang):
            print(f"{lang}: no reading score for this language (en and de have one)", file=sys.stderr)
            return 2
        scores = file_scores(ROOT, lang)
        name = "Amstad reading ease" if lang == "de" else "Flesch-Kincaid grade"
        print(f"{lang}: {name}")
        for s in scores:
            print(f"  {s.score:6.1f}  {s.file}  ({s.words} words, {s.sentences} sentences, "
                  f"{s.syllables} syllables)")
        print(f"  {sum(s.score for s in scores) / len(scores):6.1f}  average of the files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["en", "de"]))
