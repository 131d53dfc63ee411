"""Checking without building.

Takes the project folder; gives back every problem in every language's content, its completeness
against English and every layout, without rendering or writing anything.
"""
from __future__ import annotations

from pathlib import Path

from .content import load_edition, load_facts
from .languages import available_languages
from ..errors import ContentError, Problem


def check_all(root: Path) -> list[Problem]:
    from .layouts import load_layouts

    problems: set[Problem] = set()
    for lang in available_languages(root):
        try:
            load_edition(root, lang)
        except ContentError as err:
            problems.update(err.problems)
    try:
        load_layouts(root, [fact.id for fact in load_facts(root)])
    except ContentError as err:
        problems.update(err.problems)
    return sorted(problems)
