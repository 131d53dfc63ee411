"""Font registration.

Takes nothing; registers Atkinson Hyperlegible (from the fontpkg-atkinson-hyperlegible package) with
ReportLab once per process and gives back the family's face names. TrueType fonts are embedded and
subset by ReportLab, so no PDF relies on a font the printer must supply.
"""
from __future__ import annotations

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


def font_files() -> dict[str, Path]:
    folder = Path(fontpkg_atkinson_hyperlegible.__file__).parent / "files"
    return {face: folder / file_name for face, (_, file_name) in FACES.items()}


@cache
def register() -> dict[str, str]:
    """Register the family once; returns face -> ReportLab font name."""
    # Imported here, not above, so that a build with nothing to do can hash font_files() without
    # loading ReportLab.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    files = font_files()
    for face, (name, _) in FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(files[face])))
    names = {face: name for face, (name, _) in FACES.items()}
    pdfmetrics.registerFontFamily(FAMILY, normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["bold_italic"])
    return names


def drawing(width: float, height: float, **kwargs):
    """A vector drawing whose graphics state starts in our font: ReportLab's default, Helvetica,
    would otherwise be set, and listed unembedded, when the drawing is placed on a page."""
    from reportlab.graphics.shapes import Drawing

    return Drawing(width, height, initialFontName=register()["regular"], **kwargs)


def missing_glyphs(text: str) -> str:
    """The characters of ``text`` that the regular or bold face lacks, each once, in order: a missing
    glyph would print as a blank box."""
    from reportlab.pdfbase import pdfmetrics

    faces = [pdfmetrics.getFont(register()[face]).face.charToGlyph for face in ("regular", "bold")]
    return "".join(dict.fromkeys(ch for ch in text
                                 if ch != " " and not all(ord(ch) in glyphs for glyphs in faces)))
