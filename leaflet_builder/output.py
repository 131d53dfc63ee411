"""Atomic file output.

Takes a path and the bytes that belong there; gives back nothing, but the file either holds all of
the new bytes or is left as it was: the bytes go to a temporary file in the same folder, are flushed
to disk and moved into place with ``os.replace``. The temporary file is never named *.pdf, and one
left behind by a killed build is removed when the same file is next written.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix, suffix = f".{path.name}.", ".tmp"
    for leftover in path.parent.glob(f"{prefix}*{suffix}"):  # of a killed build, which could not clean up
        leftover.unlink(missing_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
