"""Atomic file output.

Takes a path and the bytes that belong there; gives back nothing, but the file either holds all of
the new bytes or is left as it was: the bytes go to a temporary file in the same folder, are flushed
to disk and moved into place with ``os.replace``. It gets the mode a plain ``open()`` would give:
the mode of the file it replaces, or for a new file 0666 less the umask, so that a reception account,
a shared folder or a web server can read what the builder writes. The temporary file is never named *.pdf;
``remove_leftovers`` deletes those a killed build left behind. ``write_if_changed`` leaves a file that
already holds the bytes untouched (``holds``: read in step with them, a FIFO never waited on), so a
build that changes nothing writes nothing. Both take the bytes whole or in pieces (``pieces``): the
build state and the gallery page of a batch of a thousand practices are tens of megabytes, which need
not be in memory at once. ``locked`` keeps a second build out of a folder while one writes to it, and
creates no file to do so.
"""
from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from ..errors import OutputError
from ..inputs.files import opened_regular

TYPE_CHECKING = False  # as typing's (see cli.py): a build with nothing to do loads no collections.abc
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

_PREFIX, _SUFFIX = ".{}.", ".tmp"
LOCK_WAIT = 10.0  # seconds a build waits for another one writing to the same folder


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; it is set back at once
    os.umask(mask)
    return mask


def _mode(path: Path) -> int:
    """The permissions ``open(path, "w")`` would leave the file with; a symlink is replaced, not followed,
    so its target's mode is not taken."""
    try:
        info = path.lstat()
    except OSError:
        info = None
    return stat.S_IMODE(info.st_mode) if info and stat.S_ISREG(info.st_mode) else 0o666 & ~_umask()


PIECE = 1 << 16  # characters: what pieces() joins before it encodes them


def pieces(texts) -> Iterator[bytes]:
    """The UTF-8 bytes of the strings ``texts`` one after another, in pieces of about PIECE characters."""
    pending, size = [], 0
    for text in texts:
        pending.append(text)
        size += len(text)
        if size >= PIECE:
            yield "".join(pending).encode()
            pending, size = [], 0
    if pending:
        yield "".join(pending).encode()


def write_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    """``data``: the bytes, or their pieces."""
    import tempfile  # not loaded by a build with nothing to write (it loads random, hashing and more)

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=_PREFIX.format(path.name), suffix=_SUFFIX)
    try:
        # mkstemp makes the file 0600, which only the builder's account could read
        os.fchmod(handle, _mode(path))
        with os.fdopen(handle, "wb") as file:
            for piece in [data] if isinstance(data, bytes) else data:
                file.write(piece)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def refuse_links(folder: Path, name: str) -> None:
    """Raise an OSError if a folder between ``folder`` and its file ``name`` is a symbolic link: whoever can
    write the output folder could otherwise send a build run as root to write into any folder."""
    for parent in reversed(PurePosixPath(name).parents[:-1]):
        if (folder / parent).is_symlink():
            raise OSError(errno.ELOOP, f"{folder / parent} is a symbolic link, which a build does not follow; "
                                       "remove it")


def remove_leftovers(path: Path) -> None:
    """Delete the temporary files of ``path`` that a build killed by SIGKILL or a power cut could not."""
    for leftover in path.parent.glob(f"{_PREFIX.format(path.name)}*{_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def write_if_changed(path: Path, data: bytes | Callable[[], Iterable[bytes]]) -> bool:
    """Write ``data`` atomically unless the file already holds exactly it; says whether it wrote. ``data``:
    the bytes, or a function that gives their pieces each time it is called (once to compare them with
    the file, once more to write them if they differ). Reads at most one byte more than ``data``: a huge
    file there (a state file of a gigabyte) is not read whole."""
    made = (lambda: (data,)) if isinstance(data, bytes) else data
    if holds(path, made()):
        return False
    write_atomically(path, made())
    return True


def holds(path: Path, data: Iterable[bytes]) -> bool:
    """Whether the regular file ``path`` holds exactly the pieces ``data``, read in step with them."""
    try:
        with opened_regular(path) as handle:
            for piece in data:
                at = 0
                while at < len(piece):
                    read = os.read(handle, len(piece) - at)
                    if not read or read != piece[at:at + len(read)]:
                        return False
                    at += len(read)
            return os.read(handle, 1) == b""
    except OSError:  # none, or not a regular file (NotRegular): written
        return False


@contextmanager
def locked(folder: Path):
    """Hold the output folder's lock, waiting up to LOCK_WAIT seconds for a build that holds it; yields
    whether the folder was there before. The lock is on the folder itself, opened to read: no lock file
    is created by name, which a link put in its place could send anywhere (a build run as root would
    create any file), and a build with nothing to write can run in a folder it may not write. A folder
    made for the build is removed again if the build wrote nothing into it."""
    existed = folder.is_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as err:
        raise OutputError(f"{folder}: cannot write: {err.strerror or err}") from None
    try:
        _wait_for(handle, folder)
        yield existed
    finally:
        os.close(handle)  # releases the lock
        if not existed and not any(folder.iterdir()):
            folder.rmdir()


def _wait_for(handle: int, folder: Path) -> None:
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise OutputError(f"{folder}: another build is writing to this folder",
                                  hint="build again when it has finished, or give this build another --out") from None
            time.sleep(0.1)
