"""Font registration.

Takes a family's name (inputs/typeface.py); registers its regular and bold face with ReportLab once
per process and gives back the face names. TrueType fonts are embedded and subset by ReportLab, so no
PDF relies on a font the printer must supply.

ReportLab cannot embed a variable font's bold (it prints the default instance), so a variable face is
first made a static font with fontTools' instancer: once per machine, kept in the builder's cache
(inputs/cache.py) under a name keyed by the variable file's bytes, the axis values and fontTools'
version, so an upgraded font package makes new instances. An instance keeps the variable font's date,
so its bytes are the same on every machine.

``register()`` without a family gives the faces of the family being rendered in (script.writing), so
tables, drawings and the canvas start in the document's own font.
"""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from ..inputs.cache import cached, keep
from ..inputs.typeface import FAMILIES, Face
from .script import current

FONTS = "fonts"  # the cache's folder of them


def static_file(face: Face) -> Path:
    """The face as a static TrueType file: the package's own, or a cached instance of a variable font."""
    if not face.axes:
        return face.path
    import fontTools

    source = face.path.read_bytes()
    key = f"{face.name}-" + hashlib.sha256(b"%s|%r|%s" % (source, face.axes, fontTools.version.encode())).hexdigest()[:16]
    found = cached(FONTS, key)
    return found[0] if found else keep(FONTS, key, _instance(source, dict(face.axes)), suffix=".ttf")


def _instance(source: bytes, axes: dict) -> bytes:
    import io

    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    # updateFontNames: the instance gets its own PostScript name ("NotoSans-Bold"); under the variable
    # font's name ReportLab would take the bold for the regular face it already knows.
    # recalcTimestamp=False: the instance keeps the variable font's head.modified, not the time it was
    # made, so that two machines with cold caches make the same bytes, and so the same PDFs
    instance = instantiateVariableFont(TTFont(io.BytesIO(source), recalcTimestamp=False), axes, updateFontNames=True)
    buffer = io.BytesIO()
    instance.save(buffer)
    return buffer.getvalue()


def register(family: str | None = None) -> dict[str, str]:
    """Register ``family`` (default: the one being rendered in) once; returns face -> ReportLab font name."""
    return _register(family or current().family)


@cache
def _register(family: str) -> dict[str, str]:
    # Imported here, not above, so that a build with nothing to do can hash font_files() without
    # loading ReportLab.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    faces = FAMILIES[family].faces()
    for face in faces.values():
        pdfmetrics.registerFont(TTFont(face.name, str(static_file(face))))
    names = {role: face.name for role, face in faces.items()}
    # no family has an italic the content uses: italic falls back to upright
    pdfmetrics.registerFontFamily(family, normal=names["regular"], bold=names["bold"],
                                  italic=names["regular"], boldItalic=names["bold"])
    return names


def drawing(width: float, height: float, **kwargs):
    """A vector drawing whose graphics state starts in our font: ReportLab's default, Helvetica,
    would otherwise be set, and listed unembedded, when the drawing is placed on a page."""
    from reportlab.graphics.shapes import Drawing

    return Drawing(width, height, initialFontName=register()["regular"], **kwargs)
