"""The typeface families a language may print in, and which characters each can print.

Takes nothing; gives back ``FAMILIES``: each family's regular and bold face as a font file of a
``fontpkg-*`` package and, for a variable font, the axis values of the static instance to print, and
``font_files()``: the files every family is made from, found without loading ReportLab or fontTools,
so that a build with nothing to do can fingerprint them cheaply; and ``missing_characters``: what a
family cannot print, read from the fonts' own character maps by a small reader here, so that checking
an input never loads ReportLab or fontTools (a variable font maps the same characters as its
instances). A language names its family in ``i18n/<lang>.yaml`` (``font``); the default is Atkinson
Hyperlegible.
"""
from __future__ import annotations

import importlib
import struct
from collections import namedtuple
from functools import cache
from pathlib import Path

DEFAULT_FAMILY = "atkinson-hyperlegible"


class Face(namedtuple("Face", "package file name axes", defaults=((),))):
    """``package``: the Python package that ships the file, e.g. "fontpkg_noto_sans"; ``file``: below the
    package's files/ folder; ``name``: ReportLab's name for it, unique across families; ``axes``: (axis,
    value) pairs of the static instance to make, () for a static font. A named tuple, not a dataclass:
    see errors.Problem."""

    __slots__ = ()

    @property
    def path(self) -> Path:
        package = importlib.import_module(self.package)
        return Path(package.__file__).parent / "files" / self.file


class Family(namedtuple("Family", "regular bold scripts size_adjust descender fallback",
                        defaults=(1.0, 0.24, None))):
    """A regular and a bold Face. ``scripts``: what it is for, for people reading --list and the README;
    ``size_adjust``: the share of the layout's type sizes at which its lowercase letters stand as tall as
    Atkinson Hyperlegible's (the same size in points would print a larger x-height and longer lines);
    ``descender``: how far its common letters reach below the baseline, in ems (their glyphs' lowest
    points: a line under one of its lines must start that far down); ``fallback``: a family whose faces
    print the characters this one lacks, in left-to-right runs (a practice's name in Turkish or Polish
    letters on an Arabic page). A named tuple, not a dataclass: see errors.Problem."""

    __slots__ = ()

    def faces(self) -> dict[str, Face]:
        return {"regular": self.regular, "bold": self.bold}


def _noto(package: str, file: str, name: str, scripts: str, size_adjust: float = 1.0,
          descender: float = 0.24) -> Family:
    return Family(Face(package, file, f"{name}-Regular", (("wdth", 100), ("wght", 400))),
                  Face(package, file, f"{name}-Bold", (("wdth", 100), ("wght", 700))), scripts, size_adjust,
                  descender)


FAMILIES = {
    # designed for readers with low vision; Latin only, and without Turkish "İ"
    "atkinson-hyperlegible": Family(
        Face("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Regular.ttf", "Atkinson"),
        Face("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Bold.ttf", "Atkinson-Bold"),
        "Latin (not Turkish)", descender=0.21),
    # one design across scripts: Noto Sans Arabic carries Noto Sans's Latin letters too
    # x-height 0.536 of the em against Atkinson Hyperlegible's 0.496 (their OS/2 tables)
    "noto-sans": _noto("fontpkg_noto_sans", "NotoSans[wdth,wght].ttf", "NotoSans", "Latin, Cyrillic, Greek",
                       size_adjust=0.925),
    "noto-sans-arabic": _noto("fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf", "NotoSansArabic",
                              "Arabic and Latin", descender=0.4),  # ج ع م ح خ: 0.394 em
    # every Arabic letter one glyph (Noto Sans Arabic draws dots apart): readers that map glyphs to
    # text (PDF.js, pdfium) get whole letters; static faces, no instancing
    "ibm-plex-sans-arabic": Family(
        Face("fontpkg_ibm_plex_sans_arabic", "IBMPlexSansArabic-Regular.ttf", "IBMPlexSansArabic-Regular"),
        Face("fontpkg_ibm_plex_sans_arabic", "IBMPlexSansArabic-Bold.ttf", "IBMPlexSansArabic-Bold"),
        # at the layout's sizes: larger (1.04, 1.07) crowds the series line out of the title band
        "Arabic and Latin-1; other Latin letters in Noto Sans", fallback="noto-sans",
        descender=0.46),  # ي: 0.455 em in bold
}


def font_files() -> list[Path]:
    """Every file any family is made from, each once."""
    return sorted({face.path for family in FAMILIES.values() for face in family.faces().values()})


_UNICODE_MAPS = {(0, 3), (0, 4), (3, 1), (3, 10)}  # (platform, encoding) of a cmap subtable by Unicode

# Marks that print nothing and need no glyph, beside white space: the soft hyphen, the joiners and the
# invisible marks of bidirectional text.
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u061c")


def missing_characters(text: str, family: str = DEFAULT_FAMILY) -> str:
    """The characters of ``text`` that the family's regular or bold face lacks, each once, in order: a
    missing glyph would print as a blank box."""
    printable = _printable(family)
    return "".join(dict.fromkeys(ch for ch in text if ord(ch) not in printable
                                 and not (ch.isspace() or ch in INVISIBLE)))


@cache
def _printable(family: str) -> frozenset[int]:
    """The characters both the regular and the bold face have: --check asks for every text of a language."""
    regular, bold = (_characters(face.path) for face in FAMILIES[family].faces().values())
    fallback = FAMILIES[family].fallback
    return regular & bold | (_printable(fallback) if fallback else frozenset())


@cache
def _characters(path: Path) -> frozenset[int]:
    """Every character the TrueType font at ``path`` maps to a glyph, from its 'cmap' table's Unicode
    subtables of format 4 (the Basic Multilingual Plane) and 12 (all of Unicode)."""
    font = path.read_bytes()
    tables = {font[at:at + 4]: struct.unpack_from(">I", font, at + 8)[0]
              for at in range(12, 12 + 16 * struct.unpack_from(">H", font, 4)[0], 16)}
    cmap = tables[b"cmap"]
    characters: set[int] = set()
    for at in range(cmap + 4, cmap + 4 + 8 * struct.unpack_from(">H", font, cmap + 2)[0], 8):
        platform, encoding, offset = struct.unpack_from(">HHI", font, at)
        if (platform, encoding) in _UNICODE_MAPS:
            characters |= _subtable(font, cmap + offset)
    return frozenset(characters)


def _subtable(font: bytes, at: int) -> set[int]:
    form = struct.unpack_from(">H", font, at)[0]
    if form == 12:
        groups = struct.unpack_from(">I", font, at + 12)[0]
        return {code for group in range(groups)
                for first, last, glyph in [struct.unpack_from(">III", font, at + 16 + 12 * group)]
                for code in range(first, last + 1) if glyph + code - first}
    if form != 4:
        return set()
    count = struct.unpack_from(">H", font, at + 6)[0] // 2
    ends, starts, deltas, ranges = (struct.unpack_from(f">{count}H", font, at + 14 + offset * 2 * count + pad)
                                    for offset, pad in ((0, 0), (1, 2), (2, 2), (3, 2)))
    found = set()
    for segment, (first, last, delta, range_offset) in enumerate(zip(starts, ends, deltas, ranges)):
        for code in range(first, min(last, 0xFFFE) + 1):
            if range_offset:
                where = at + 14 + 3 * 2 * count + 2 + 2 * segment + range_offset + 2 * (code - first)
                glyph = struct.unpack_from(">H", font, where)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            else:
                glyph = (code + delta) & 0xFFFF
            if glyph:
                found.add(code)
    return found
