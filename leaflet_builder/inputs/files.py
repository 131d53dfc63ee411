"""Reading an input file safely.

Takes a path and a size bound; gives back the file's bytes, or raises NotRegular for anything but a
regular file (a FIFO would block the build, a device such as /dev/zero would never end) and TooLarge
for a file over the bound, each saying so in a few words that follow the path. The bound is kept while
reading, not taken from ``st_size``, which a file that grows, or one in /proc, does not tell truly.
``opened_regular`` is the same guarded open for a reader that reads in steps of its own.
"""
from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path

MAX_YAML_BYTES = 256 * 1024  # a YAML input file


class NotRegular(OSError):
    """A path that names a folder, a FIFO, a device or a socket."""


class TooLarge(OSError):
    """A file with more bytes than the bound."""


@contextmanager
def opened_regular(path: Path):
    """A handle on the regular file ``path``, open for reading; NotRegular for anything else, without
    waiting: O_NONBLOCK, as opening a FIFO would otherwise wait for a writer."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise NotRegular("not a regular file")
        yield handle
    finally:
        os.close(handle)


def read_regular(path: Path, limit: int) -> bytes:
    with opened_regular(path) as handle:
        chunks, size = [], 0
        while chunk := os.read(handle, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"larger than {limit:,} bytes")
        return b"".join(chunks)
