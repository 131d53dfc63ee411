"""The builder's cache, outside the project.

Takes a kind of thing ("fonts", "logos"); gives back the folder that keeps them,
``$XDG_CACHE_HOME/leaflet-builder/<kind>/`` (default ``~/.cache/...``), made if need be. Kept there is
what is slow to make and the same every time it is made: a variable font's static instances, a logo
decoded and scaled for print, the list of treatments a build plans from (reading it needs the YAML
parser, which a build with nothing to do would otherwise load only for it). Each entry is named by a
hash of what it is made from and a hash of its own bytes, so an entry that is cut short or damaged is
seen and made again. Where the folder cannot be written (a home that is not writable, e.g. a service
account's), a private temporary folder serves the build and is removed when it ends, and
``cache_warnings`` says so once.
"""
from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

_warnings: list[str] = []


def cache_warnings() -> list[str]:
    """A line for the build when the cache had to be a temporary folder."""
    return list(_warnings)


@cache
def cache_folder(kind: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "leaflet-builder"
    folder = base / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    except OSError:
        pass
    import atexit
    import shutil
    import tempfile

    private = Path(tempfile.mkdtemp(prefix=f"leaflet-builder-{kind}-"))
    atexit.register(shutil.rmtree, private, ignore_errors=True)
    if not _warnings:
        _warnings.append(f"warning: cannot write the cache {base}; fonts and logos are made in a temporary folder "
                         "for this build (set XDG_CACHE_HOME to a folder you can write, and they are made once)")
    return private


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def cached(kind: str, key: str) -> tuple[Path, bytes] | None:
    """The entry made from ``key`` whose bytes are whole, and its bytes; a damaged one is removed."""
    for path in cache_folder(kind).glob(f"{key}-*"):
        data = path.read_bytes()
        if path.name.split("-")[-1].split(".")[0] == digest(data):
            return path, data
        path.unlink(missing_ok=True)
    return None


def keep(kind: str, key: str, data: bytes, label: str = "", suffix: str = "") -> Path:
    """Keep ``data`` as the entry made from ``key``, named ``<key>-[<label>-]<digest><suffix>``: written to a
    temporary file and moved into place, so builds side by side never read half an entry."""
    import tempfile  # not loaded by a build that finds all it needs kept

    folder = cache_folder(kind)
    target = folder / f"{key}-{label + '-' if label else ''}{digest(data)}{suffix}"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would keep the cache from other users of a shared home
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
    return target
