"""Font registration.

Takes a family's name (inputs/typeface.py); registers its regular and bold face with ReportLab once
per process and gives back the face names. TrueType fonts are embedded and subset by ReportLab, so no
PDF relies on a font the printer must supply.

ReportLab cannot embed a variable font's bold (it prints the default instance), so a variable face is
first made a static font with fontTools' instancer: once per machine, kept in the builder's cache
(inputs/cache.py) under a name keyed by the variable file's bytes, the axis values and fontTools'
version, so an upgraded font package makes new instances. An instance keeps the variable font's date,
so its bytes are the same on every machine.

Each font's subsets tell readers what every code reads as (their ToUnicode maps): a glyph the font's
character map has reads as its character, one it has not (a ligature) as the text shaping gave it
(``glyph_text``, filled by rtl.py), and a code the subset does not use is left out (ReportLab maps
those to U+0000, which PDF/UA forbids).

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
    digest = hashlib.sha256(b"%s|%r|%s" % (source, face.axes, fontTools.version.encode())).hexdigest()
    key = f"{face.name}-{digest[:16]}"
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


def glyph_text(font) -> dict[str, str]:
    """What each private character of a TrueType font (one rtl.py gave a glyph without a character of
    its own) reads as; filled as text is shaped."""
    return _GLYPH_TEXTS.setdefault(font.fontName, {})


_GLYPH_TEXTS: dict[str, dict[str, str]] = {}


def reading_as(font_name: str, char: str, text: str) -> str:
    """A character that prints as ``char`` prints in the registered TrueType font ``font_name``, glyph
    and advance alike, and reads as ``text`` (its subset's ToUnicode map says so)."""
    from reportlab.pdfbase import pdfmetrics

    from .reportlab_internals import glyph_of, harfbuzz_face, private_char

    font = pdfmetrics.getFont(font_name)
    harfbuzz_face(font)
    # one name per character and text ("002D.as-2010"): the same name gives the same character
    name = f"{ord(char):04X}.as-{'-'.join(f'{ord(ch):04X}' for ch in text)}"
    twin = private_char(font, name, glyph_of(font, char), font.stringWidth(char, 1000))
    glyph_text(font)[twin] = text
    return twin


def unicode_map(name: str, codes: list[int], texts: dict[str, str]) -> str:
    """A subset's ToUnicode CMap: code i reads as ``chr(codes[i])``, or as its text in ``texts``;
    unused codes (0) and glyphs that read as nothing are left out."""
    entries = []
    for code, char in enumerate(codes):
        text = texts.get(chr(char), chr(char)) if char else ""
        if text:
            entries.append(f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>")
    blocks = [entries[at:at + 100] for at in range(0, len(entries), 100)]  # at most 100 a block (PDF 9.10.3)
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(codes) - 1:02X}>", "endcodespacerange",
        *(line for block in blocks for line in (f"{len(block)} beginbfchar", *block, "endbfchar")),
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def web_font(face: Face, unicodes: tuple) -> bytes:
    """The face as the PDFs embed it (``static_file``), cut down to the ``unicodes`` and compressed as
    WOFF, for the HTML pages; made once per machine and kept in the cache, as the instances are."""
    import fontTools

    source = static_file(face)
    key = f"{face.name}-web-" + hashlib.sha256(
        b"%s|%r|%s" % (source.read_bytes(), unicodes, fontTools.version.encode())).hexdigest()[:16]
    found = cached(FONTS, key)
    if found:
        return found[1]
    data = _subset(source, unicodes)
    keep(FONTS, key, data, suffix=".woff")
    return data


def _subset(path: Path, unicodes: tuple) -> bytes:
    import io

    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    # fontTools logs each table it cannot cut down ("meta NOT subset") as a warning; it keeps the font
    # whole and working, so the build's one-line messages stay the only output
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    font = TTFont(path, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]  # Arabic joining forms and ligatures, kerning: as the PDFs shape them
    options.name_IDs = ["*"]  # the licence and the family's names stay with the font
    options.flavor = "woff"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for first, last in unicodes for code in range(first, last + 1)])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer, reorderTables=False)
    return buffer.getvalue()


def register(family: str | None = None) -> dict[str, str]:
    """Register ``family`` (default: the one being rendered in) once; returns face -> ReportLab font name."""
    return _register(family or current().family)


@cache
def _register(family: str) -> dict[str, str]:
    # Imported here, not above, so that a build with nothing to do can hash font_files() without
    # loading ReportLab.
    from reportlab.pdfbase import pdfmetrics

    from .reportlab_internals import ReadableTTFont

    faces = FAMILIES[family].faces()
    fallback = FAMILIES[family].fallback
    if fallback:
        for role, name in _register(fallback).items():
            _FALLBACKS[faces[role].name] = name
    for face in faces.values():
        pdfmetrics.registerFont(ReadableTTFont(face.name, str(static_file(face)), unicode_map, glyph_text))
    names = {role: face.name for role, face in faces.items()}
    # no family has an italic the content uses: italic falls back to upright
    pdfmetrics.registerFontFamily(family, normal=names["regular"], bold=names["bold"],
                                  italic=names["regular"], boldItalic=names["bold"])
    return names


_FALLBACKS: dict[str, str] = {}


def fallback(font_name: str) -> str | None:
    """The face that prints what the registered face ``font_name`` lacks (typeface.Family.fallback)."""
    return _FALLBACKS.get(font_name)


def glyph_outline(font_name: str, char: str) -> tuple:
    """The outline of the glyph the registered font ``font_name`` knows by ``char``: (pen operator,
    points in ems) as fontTools' recording pen gives them."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from reportlab.pdfbase import pdfmetrics

    from .reportlab_internals import font_file, glyph_of

    ttf = pdfmetrics.getFont(font_name)
    font = _font_file(font_file(ttf))
    glyph_set = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyph_set)
    glyph_set[font.getGlyphOrder()[glyph_of(ttf, char)]].draw(pen)
    upem = font["head"].unitsPerEm
    return tuple((operator, tuple((px / upem, py / upem) for px, py in points)) for operator, points in pen.value)


@cache
def right_overhang(font_name: str, char: str) -> float:
    """How far, in ems, the ink of the glyph the font knows by ``char`` reaches past its advance on the
    right (Arabic letters that start a line may): 0 for most glyphs."""
    from reportlab.pdfbase import pdfmetrics

    from .reportlab_internals import font_file, glyph_of

    ttf = pdfmetrics.getFont(font_name)
    font = _font_file(font_file(ttf))
    name = font.getGlyphOrder()[glyph_of(ttf, char)]
    glyph = font["glyf"][name] if "glyf" in font else None
    if glyph is None or not hasattr(glyph, "xMax"):
        return 0.0
    advance, _ = font["hmtx"][name]
    return max(0, glyph.xMax - advance) / font["head"].unitsPerEm


@cache
def _font_file(path: str):
    from fontTools.ttLib import TTFont

    return TTFont(path, lazy=True)


def fill_glyphs(canvas, font_name: str, size: float, colour, glyphs) -> None:
    """Glyphs as filled outlines, not text: ``glyphs`` are (character, x, y) of their origins. For
    what a reader should not take as text (Arabic harakat, the contents' leader dots)."""
    canvas.saveState()
    canvas.setFillColor(colour)
    path = canvas.beginPath()
    for char, left, base in glyphs:
        def at(point, left=left, base=base):
            return left + point[0] * size, base + point[1] * size

        for operator, points in _cubic_outline(font_name, char):
            if operator == "moveTo":
                path.moveTo(*at(points[0]))
            elif operator == "lineTo":
                path.lineTo(*at(points[0]))
            elif operator == "curveTo":
                path.curveTo(*at(points[0]), *at(points[1]), *at(points[2]))
            elif operator == "closePath":
                path.close()
    canvas.drawPath(path, stroke=0, fill=1, fillMode=1)  # non-zero winding, as TrueType fills
    canvas.restoreState()


@cache  # the contents' leader dots are hundreds of one glyph
def _cubic_outline(font_name: str, char: str) -> tuple:
    """glyph_outline with TrueType's quadratic splines as cubic curves: moveTo, lineTo, curveTo and
    closePath, points in ems."""
    outline, current = [], None
    for operator, points in glyph_outline(font_name, char):
        if operator == "qCurveTo":
            current = _quadratic(outline, current, points)
            continue
        outline.append((operator, points))
        if operator in ("moveTo", "lineTo", "curveTo"):
            current = points[-1]
    return tuple(outline)


def _quadratic(outline: list, current, points):
    """TrueType's quadratic spline (implied on-curve points between off-curve ones) as cubic curves."""
    *controls, end = points
    if end is None:  # a contour of off-curve points only
        end = ((controls[-1][0] + controls[0][0]) / 2, (controls[-1][1] + controls[0][1]) / 2)
        outline.append(("moveTo", (end,)))
        current, controls = end, [*controls, controls[0]]
    for index, control in enumerate(controls):
        following = controls[index + 1] if index + 1 < len(controls) else None
        target = end if following is None else ((control[0] + following[0]) / 2, (control[1] + following[1]) / 2)
        first = (current[0] + 2 / 3 * (control[0] - current[0]), current[1] + 2 / 3 * (control[1] - current[1]))
        second = (target[0] + 2 / 3 * (control[0] - target[0]), target[1] + 2 / 3 * (control[1] - target[1]))
        outline.append(("curveTo", (first, second, target)))
        current = target
    return current


def drawing(width: float, height: float, kind=None, **kwargs):
    """A vector drawing (of class ``kind``, a Drawing by default) whose graphics state starts in our
    font: ReportLab's default, Helvetica, would otherwise be set, and listed unembedded, when the
    drawing is placed on a page."""
    from reportlab.graphics.shapes import Drawing

    return (kind or Drawing)(width, height, initialFontName=register()["regular"], **kwargs)
