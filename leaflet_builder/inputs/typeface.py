"""The typeface every document prints in, and which characters it can print.

Takes nothing, or a text; gives back the files of Atkinson Hyperlegible's four faces (from the
fontpkg-atkinson-hyperlegible package) and the characters of a text that the regular or bold face
lacks, read from the fonts' own character maps by a small reader here, so that checking an input
never loads ReportLab.
"""
from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

import fontpkg_atkinson_hyperlegible

FAMILY = "Atkinson"
FACES = {
    "regular": ("Atkinson", "AtkinsonHyperlegible-Regular.ttf"),
    "bold": ("Atkinson-Bold", "AtkinsonHyperlegible-Bold.ttf"),
    "italic": ("Atkinson-Italic", "AtkinsonHyperlegible-Italic.ttf"),
    "bold_italic": ("Atkinson-BoldItalic", "AtkinsonHyperlegible-BoldItalic.ttf"),
}
_UNICODE_MAPS = {(0, 3), (0, 4), (3, 1), (3, 10)}  # (platform, encoding) of a cmap subtable by Unicode


def font_files() -> dict[str, Path]:
    folder = Path(fontpkg_atkinson_hyperlegible.__file__).parent / "files"
    return {face: folder / file_name for face, (_, file_name) in FACES.items()}


def language_faces(lang: str | None = None) -> dict[str, Path]:
    """The font files ``lang`` prints in, by face: the one place that says which fonts a language uses.
    Every language prints in Atkinson Hyperlegible for now."""
    return font_files()


def missing_glyphs(text: str, lang: str | None = None) -> str:
    """The characters of ``text`` that the regular or bold face of ``lang``'s fonts lacks, each once, in
    order: a missing glyph would print as a blank box."""
    faces = [_characters(language_faces(lang)[face]) for face in ("regular", "bold")]
    return "".join(dict.fromkeys(ch for ch in text
                                 if not ch.isspace() and not all(ord(ch) in characters for characters in faces)))


def cannot_print(text: str, lang: str | None = None) -> str | None:
    """The one-line message for a ``text`` with characters ``lang``'s fonts lack; None when it prints."""
    missing = missing_glyphs(text, lang)
    if not missing:
        return None
    listed = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing)
    return f"the typeface cannot print {listed}; write it without that character"


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
