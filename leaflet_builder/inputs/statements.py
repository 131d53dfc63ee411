"""Every statement of one language's content files, with its key path and place.

Takes the project folder and a language code; gives back a ``Statement`` for every text of the
language's content files (leaflets/<lang>/*.yaml; with ``interface=True`` also the headings and labels
of i18n/<lang>.yaml): a paragraph, a bullet, a key message, a glance wording, a question. Each is named
by its key path, the file's name without ``.yaml`` and the keys down to the text, list items counted
from 1: ``massage.does_it_help.1``, ``shared.glance.evidence.not-proven``, ``i18n.headings.what_you_can_do``.
A translation's statement has the same key path as the English one it translates, so the two can be
put side by side, and a citation made for the English statement names the translated one too.
Dates and numbers are settings, not statements. Files that do not load give back their problems.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .languages import LANGUAGE_SETTINGS, SOURCE_LANGUAGE, counterparts, key_prefix, leaves
from .yamlfile import load


@dataclass(frozen=True)
class Statement:
    key: str
    text: str
    file: str  # relative to the project folder, e.g. leaflets/en/massage.yaml
    line: int
    column: int

    @property
    def place(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def content_files(root: Path, lang: str, interface: bool = False) -> list[str]:
    """The language's content files, in the order of the English edition's (i18n first, if asked for)."""
    files = [own for _, own in counterparts(root, lang)]
    return files if interface else [f for f in files if not f.startswith("i18n/")]


def file_statements(root: Path, relative: str):
    """(statements, problems) of one file; no statements when it does not load."""
    data, problems = load(root / relative, relative)
    if data is None:
        return [], problems
    found = []
    for key, value, (line, column) in leaves(data, key_prefix(relative), getattr(data, "at", (1, 1))):
        if isinstance(value, str) and not _is_setting(relative, key):
            found.append(Statement(key, value, relative, line, column))
    return found, problems


def _is_setting(relative: str, key: str) -> bool:
    """Language settings (hyphenation, translation status) are not texts a reader sees."""
    return relative.startswith("i18n/") and key.split(".")[1] in LANGUAGE_SETTINGS


def statements(root: Path, lang: str = SOURCE_LANGUAGE, interface: bool = False):
    """(statements, problems) of every content file of ``lang``, in file and key order."""
    found, problems = [], []
    for relative in content_files(root, lang, interface):
        file_found, file_problems = file_statements(root, relative)
        found += file_found
        problems += file_problems
    return found, problems
