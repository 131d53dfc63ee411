"""Font registration.

Takes nothing; registers the typeface (inputs/typeface.py: Atkinson Hyperlegible) with ReportLab once
per process and gives back the family's face names. TrueType fonts are embedded and
subset by ReportLab, so no PDF relies on a font the printer must supply.
"""
from __future__ import annotations

from functools import cache

from ..inputs.typeface import FACES, FAMILY, font_files

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
