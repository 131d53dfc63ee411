"""Checking without building.

Takes the project folder (and, for the warnings, the languages about to be built); gives back every
problem in every language's content, its completeness against English and every layout, without
rendering or writing anything, and a warning for each language no qualified reviewer has checked.
"""
from __future__ import annotations

from pathlib import Path

from .content import available_languages, load_edition, load_facts
from .errors import ContentError, Problem
from .layouts import load_brochure_layout, load_layout


def check_all(root: Path) -> list[Problem]:
    problems: set[Problem] = set()
    for lang in available_languages(root):
        try:
            load_edition(root, lang)
        except ContentError as err:
            problems.update(err.problems)
    treatment_ids = [fact.id for fact in load_facts(root)]
    for path in sorted((root / "layouts").glob("*.yaml")):
        try:
            if path.stem == "brochure":
                load_brochure_layout(root, treatment_ids)
            else:
                load_layout(root, path.stem)
        except ContentError as err:
            problems.update(err.problems)
    return sorted(problems)


def translation_warnings(root: Path, languages) -> list[str]:
    """One line for each language whose translation no qualified reviewer has checked."""
    warnings = []
    for lang in languages:
        try:
            strings = load_edition(root, lang).strings
        except ContentError:
            continue  # the build reports these problems
        status = strings.translation
        if status is not None and not status.reviewed:
            warnings.append(f"warning: {lang} ({strings.language}) has not been checked by a qualified "
                            f"reviewer; translated {status.translated_on} by {status.translated_by} "
                            f"(i18n/{lang}.yaml)")
    return warnings
