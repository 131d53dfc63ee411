"""Font registration.

Takes a family's name (inputs/typeface.py); registers its regular and bold face with ReportLab once
per process and gives back the face names. TrueType fonts are embedded and subset by ReportLab, so no
PDF relies on a font the printer must supply.

ReportLab cannot embed a variable font's bold (it prints the default instance), so a variable face is
first made a static font with fontTools' instancer: once per machine, cached outside the project in
``$XDG_CACHE_HOME/leaflet-builder/fonts/`` (default ``~/.cache/...``; a temporary folder, with a
warning, where that cannot be written) under a name keyed by the variable file's bytes, the axis values
and fontTools' version, so an upgraded font package makes new instances, and ending in the hash of the
instance's own bytes, which are the same on every machine. Each instance is written to a temporary file and moved into place, so builds running side
by side never read half a font.

``register()`` without a family gives the faces of the family being rendered in (script.writing), so
tables, drawings and the canvas start in the document's own font.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

from ..inputs.typeface import FAMILIES, Face
from .script import current


_warnings: list[str] = []  # said by the build: the cache is a temporary folder


def cache_warnings() -> list[str]:
    """A line for the build when the font cache had to be a temporary folder."""
    return list(_warnings)


@cache
def cache_folder() -> Path:
    """The cache folder, made if need be; where it cannot be (a home that is not writable, e.g. a service
    account's), a private temporary folder, removed when the build ends, and a warning."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "leaflet-builder" / "fonts"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    except OSError:
        pass
    import atexit
    import shutil

    private = Path(tempfile.mkdtemp(prefix="leaflet-builder-fonts-"))
    atexit.register(shutil.rmtree, private, ignore_errors=True)
    _warnings.append(f"warning: cannot write the font cache {folder}; fonts are made in a temporary folder "
                     "for this build (set XDG_CACHE_HOME to a folder you can write, and they are made once)")
    return private


def static_file(face: Face) -> Path:
    """The face as a static TrueType file: the package's own, or a cached instance of a variable font.
    An instance's name ends in the hash of its bytes: a cached file that is truncated, empty or
    otherwise not what was written is removed and made again."""
    if not face.axes:
        return face.path
    import fontTools

    source = face.path.read_bytes()
    key = hashlib.sha256(b"%s|%r|%s" % (source, face.axes, fontTools.version.encode())).hexdigest()[:16]
    for cached in cache_folder().glob(f"{face.name}-{key}-*.ttf"):
        if cached.name == _instance_name(face, key, cached.read_bytes()):
            return cached
        cached.unlink(missing_ok=True)
    return _instantiate(source, dict(face.axes), cache_folder(), face, key)


def _instance_name(face: Face, key: str, data: bytes, suffix: str = ".ttf") -> str:
    return f"{face.name}-{key}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"


def web_font(face: Face, unicodes: tuple) -> bytes:
    """The face as the PDFs embed it (``static_file``), cut down to the ``unicodes`` and compressed as
    WOFF, for the HTML pages; made once per machine and cached beside the instances, as they are."""
    import fontTools

    source = static_file(face)
    key = hashlib.sha256(b"%s|%r|%s|web" % (source.read_bytes(), unicodes, fontTools.version.encode())).hexdigest()[:16]
    for cached in cache_folder().glob(f"{face.name}-{key}-*.woff"):
        data = cached.read_bytes()
        if cached.name == _instance_name(face, key, data, ".woff"):
            return data
        cached.unlink(missing_ok=True)
    data = _subset(source, unicodes)
    _store(data, cache_folder() / _instance_name(face, key, data, ".woff"))
    return data


def _subset(path: Path, unicodes: tuple) -> bytes:
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

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


def _instantiate(source: bytes, axes: dict, folder: Path, face: Face, key: str) -> Path:
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
    data = buffer.getvalue()
    target = folder / _instance_name(face, key, data)
    _store(data, target)
    return target


def _store(data: bytes, target: Path) -> None:
    """Write a cache file whole or not at all: builds side by side never read half of one."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=target.suffix + ".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would keep the cache from other users of a shared home
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


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
