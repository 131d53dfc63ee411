"""What each output file looked like on disk when the builder last knew its bytes.

Takes the output folder; gives back Stamps, which say whether a file still holds the bytes of a given
sha256 without reading it: the file's stamp (inode, size, modification and change time) is the one
taken when it was written or last hashed. Checking the 12 MB of a ``--lang all`` set by their sha256 was
most of the cost of a build with nothing to do. The change time cannot be set back, and a file replaced
or rewritten gets another inode or change time, so a file whose stamp is unchanged still holds its
bytes. A stamp taken less than RACY_NS after the file's last change is not trusted (a file system's
clock ticks coarsely: a change in the same tick would keep the times) and the file is hashed again.

The stamps differ from one build to the next, so they are kept not in the output folder's build state,
whose bytes are reproducible, but in the builder's cache, one file per output folder (named by a
digest of its real path). A stamps file that is missing, damaged or of another shape counts as empty.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import suppress
from pathlib import Path

from ..inputs.cache import cache_folder
from .output import pieces, write_atomically

KIND = "stamps"  # the cache's folder of them
RACY_NS = 2_000_000_000


def _stamp(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


class Stamps:
    def __init__(self, folder: Path):
        self._folder = os.path.join(folder, "")  # a string: pathlib's joins cost more than the stat
        self._path = None
        self._entries: dict[str, list] = {}
        self._changed = False
        try:
            self._path = cache_folder(KIND) / f"{hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:32]}.json"
            entries = json.loads(self._path.read_bytes())
        except (OSError, ValueError, RecursionError):
            return
        if isinstance(entries, dict) and all(_is_entry(entry) for entry in entries.values()):
            self._entries = entries

    def holds(self, name: str, digest: str) -> bool:
        """Whether the file ``name`` still holds the bytes whose sha256 is ``digest``, as its stamp says."""
        entry = self._entries.get(name)
        return bool(entry and entry[0] == digest and entry[2:] == _stamp(self._folder + name)
                    and entry[1] - entry[5] >= RACY_NS)

    def take(self, name: str, digest: str) -> None:
        """Stamp ``name`` as holding the bytes whose sha256 is ``digest``, now that they were written or
        hashed."""
        stamp, old = _stamp(self._folder + name), self._entries.get(name)
        if stamp is None:
            self._changed = self._entries.pop(name, None) is not None or self._changed
        elif not (old and old[0] == digest and old[2:] == stamp and old[1] - old[5] >= RACY_NS):
            self._entries[name] = [digest, time.time_ns(), *stamp]
            self._changed = True

    def save(self, names: set[str]) -> None:
        """Keep the stamps of ``names`` if any changed; the cache being unwritable only costs the next build
        the hashing."""
        kept = {name: entry for name, entry in self._entries.items() if name in names}
        if not (self._path and (self._changed or len(kept) < len(self._entries))):
            return
        with suppress(OSError):
            write_atomically(self._path, pieces(_json(kept)))


def _json(stamps: dict):
    """``json.dumps(stamps, sort_keys=True)``, an entry at a time: a batch of a thousand practices
    stamps some 40,000 files."""
    yield "{"
    for index, name in enumerate(sorted(stamps)):
        yield f"{', ' if index else ''}{json.dumps(name)}: {json.dumps(stamps[name])}"
    yield "}"


def _is_entry(entry) -> bool:
    """[sha256, when the stamp was taken, inode, size, mtime_ns, ctime_ns]"""
    return (isinstance(entry, list) and len(entry) == 6 and isinstance(entry[0], str)
            and all(isinstance(part, int) and not isinstance(part, bool) for part in entry[1:]))
