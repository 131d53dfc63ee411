"""The typeface families a language may print in.

Takes nothing; gives back ``FAMILIES``: each family's regular and bold face as a font file of a
``fontpkg-*`` package and, for a variable font, the axis values of the static instance to print, and
``font_files()``: the files every family is made from, found without loading ReportLab or fontTools,
so that a build with nothing to do can fingerprint them cheaply; and ``missing_characters``: what a
family cannot print, read from the fonts' character maps alone. A language names its family in
``i18n/<lang>.yaml`` (``font``); the default is Atkinson Hyperlegible.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_FAMILY = "atkinson-hyperlegible"


@dataclass(frozen=True)
class Face:
    package: str  # the Python package that ships the file, e.g. "fontpkg_noto_sans"
    file: str  # below the package's files/ folder
    name: str  # ReportLab's name for it, unique across families
    axes: tuple = ()  # (axis, value) pairs of the static instance to make; () for a static font

    @property
    def path(self) -> Path:
        package = importlib.import_module(self.package)
        return Path(package.__file__).parent / "files" / self.file


@dataclass(frozen=True)
class Family:
    regular: Face
    bold: Face
    scripts: str  # what it is for, for people reading --list and the README

    def faces(self) -> dict[str, Face]:
        return {"regular": self.regular, "bold": self.bold}


def _noto(package: str, file: str, name: str, scripts: str) -> Family:
    return Family(Face(package, file, f"{name}-Regular", (("wdth", 100), ("wght", 400))),
                  Face(package, file, f"{name}-Bold", (("wdth", 100), ("wght", 700))), scripts)


FAMILIES = {
    # designed for readers with low vision; Latin only, and without Turkish "İ"
    "atkinson-hyperlegible": Family(
        Face("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Regular.ttf", "Atkinson"),
        Face("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Bold.ttf", "Atkinson-Bold"),
        "Latin (not Turkish)"),
    # one design across scripts: Noto Sans Arabic carries Noto Sans's Latin letters too
    "noto-sans": _noto("fontpkg_noto_sans", "NotoSans[wdth,wght].ttf", "NotoSans", "Latin, Cyrillic, Greek"),
    "noto-sans-arabic": _noto("fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf", "NotoSansArabic",
                              "Arabic and Latin"),
}


def font_files() -> list[Path]:
    """Every file any family is made from, each once."""
    return sorted({face.path for family in FAMILIES.values() for face in family.faces().values()})


# Marks that print nothing and need no glyph, beside white space: the soft hyphen, the joiners and the
# invisible marks of bidirectional text.
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u061c")


@cache
def _characters(path: Path) -> frozenset:
    from fontTools.ttLib import TTFont  # the cmap alone: lazy loading reads no glyph

    return frozenset(TTFont(path, lazy=True).getBestCmap())


def missing_characters(text: str, family: str = DEFAULT_FAMILY) -> str:
    """The characters of ``text`` that the family's regular or bold face lacks, each once, in order: a
    missing glyph would print as a blank box."""
    faces = [_characters(face.path) for face in FAMILIES[family].faces().values()]
    return "".join(dict.fromkeys(ch for ch in text
                                 if not (ch.isspace() or ch in INVISIBLE) and not all(ord(ch) in face for face in faces)))
