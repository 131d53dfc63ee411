"""The build state kept in the output folder.

Takes the output folder; gives back a BuildState that says, for each output (its path relative to the
folder), the fingerprint of what made it, the sha256 of every file its job wrote (the PDF and its
thumbnail) and the card the gallery shows for it. Living in the output folder, it makes a fresh folder a
full build. A job is up to date when its fingerprint is the recorded one and its files are still there
as written: a file whose stamp (build/stamps.py) is unchanged is not read again. Saving writes the
file only when its content changed, and does not even serialize it when nothing was recorded
differently (a build with nothing to do). An entry recorded by this build is kept as its compact JSON
until the state is written, and the state and the gallery's cards are given out in pieces: a batch of
a thousand practices records 13,000 outputs, which as Python objects and then as one string held some
200 MB (docs/speed.md). A state file that is not what this builder wrote (another
shape, another format, too large) is not trusted: it counts as empty, so
everything is rebuilt, and ``warning`` says so.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath

from ..inputs.files import read_regular
from .output import pieces, write_if_changed
from .stamps import Stamps

STATE_FILE = ".build-state.json"
FORMAT = 1
MAX_STATE_BYTES = 64 * 1024 * 1024  # some 100,000 outputs


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def _is_name(name) -> bool:
    """A file name as this builder records it: relative and inside the output folder."""
    path = PurePosixPath(name) if isinstance(name, str) else None
    return bool(path and name and not path.is_absolute() and ".." not in path.parts)


# what a gallery card holds (pipeline.Maker.make), each value of its type; "what", "how" and "review"
# may be absent from a card an older builder recorded, "practice" from a set without one, "html" and
# "html_label" (its HTML twin) from a booklet's
CARD_TEXTS = ("pdf", "thumbnail", "title", "language", "group", "lang", "dir", "page_count", "paper")
CARD_OPTIONAL_TEXTS = ("what", "how", "review", "practice", "html", "html_label")


def _is_card(card) -> bool:
    def whole(value) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    return (isinstance(card, dict) and all(isinstance(card.get(key), str) for key in CARD_TEXTS)
            and all(isinstance(card.get(key, ""), str) for key in CARD_OPTIONAL_TEXTS) and whole(card.get("pages"))
            and isinstance(size := card.get("thumbnail_size"), list) and len(size) == 2 and all(map(whole, size))
            and isinstance(order := card.get("order"), list) and len(order) == 3
            and [type(part) for part in order] == [str, int, str])


def _is_entry(output, entry) -> bool:
    return (_is_name(output) and isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)
            and _is_card(entry.get("card")) and isinstance(entry.get("files"), dict)
            and all(_is_name(name) and isinstance(digest, str) for name, digest in entry["files"].items()))


def _entries(data) -> dict[str, dict] | None:
    """The outputs of a state file as this builder writes it; None for anything else."""
    if not (isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("outputs"), dict)):
        return None
    outputs = data["outputs"]
    return outputs if all(_is_entry(output, entry) for output, entry in outputs.items()) else None


class BuildState:
    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / STATE_FILE
        self.warning = None
        try:
            entries = _entries(json.loads(read_regular(self.path, MAX_STATE_BYTES)))
        except (FileNotFoundError, NotADirectoryError):  # a new folder, or none: writing it will say why
            entries = {}
        except (OSError, ValueError, RecursionError):
            entries = None
        if entries is None:
            self.warning = f"{self.path}: warning: not a build state this builder wrote; rebuilding everything"
        # an entry read from the file is a dict; one recorded by this build its compact JSON, as bytes
        self.entries: dict[str, dict | bytes] = entries or {}
        self._changed = not entries  # a new or untrusted state is written even if nothing is recorded
        self.stamps = Stamps(folder)

    def entry(self, output: str) -> dict | None:
        entry = self.entries.get(output)
        return json.loads(entry) if isinstance(entry, bytes) else entry

    def up_to_date(self, output: str, fingerprint: str) -> bool:
        entry = self.entry(output)
        return (entry is not None and entry["fingerprint"] == fingerprint
                and all(self._holds(name, digest) for name, digest in entry["files"].items()))

    def _holds(self, name: str, digest: str) -> bool:
        """Whether the file holds the bytes recorded: by its stamp, or else by its sha256 (then stamped)."""
        if self.stamps.holds(name, digest):
            return True
        if _file_sha256(self.folder / name) != digest:
            return False
        self.stamps.take(name, digest)
        return True

    def record(self, output: str, fingerprint: str, files: dict[str, bytes], card: dict) -> None:
        entry = {"fingerprint": fingerprint, "card": card,
                 "files": {name: sha256(data) for name, data in files.items()}}
        for name, digest in entry["files"].items():  # just written (or, interrupted, found holding them)
            self.stamps.take(name, digest)
        self._changed = self._changed or self.entry(output) != entry
        self.entries[output] = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()

    def cards(self, current: set[str]) -> Cards:
        """The cards of the outputs whose files are all still there, in the gallery's order: first those of
        ``current``, this build's outputs, then those of earlier builds, each with ``earlier``, the day its
        PDF was written, as its review status may since have changed."""
        present = []
        for output in self.entries:
            entry = self.entry(output)
            if all(os.path.isfile(os.path.join(self.folder, name)) for name in entry["files"]):
                present.append((output not in current, entry["card"]["order"], output))
        return Cards(self, sorted(present, key=lambda place: place[:2]))

    def _day(self, output: str) -> str:
        import datetime  # only for a gallery that shows earlier builds' outputs

        try:
            seconds = (self.folder / output).stat().st_mtime
        except OSError:
            return "an earlier day"
        return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).date().isoformat()

    def practice(self, output: str) -> str | None:
        """The name of the practice whose set ``output`` belongs to, as recorded."""
        return (self.entry(output) or {}).get("card", {}).get("practice")

    def save(self) -> bool:
        """Write the state if it changed, and keep the stamps of its files; says whether it wrote the state."""
        self.stamps.save({name for output in self.entries for name in self.entry(output)["files"]})
        if not self._changed:
            return False
        return write_if_changed(self.path, lambda: pieces(self._text()))

    def _text(self):
        """The state as ``json.dumps({"format": FORMAT, "outputs": ...}, indent=1, sort_keys=True,
        ensure_ascii=False)`` and a newline write it, an entry at a time."""
        yield f'{{\n "format": {FORMAT},\n "outputs": {{'
        for index, output in enumerate(sorted(self.entries)):
            name = json.dumps(output, ensure_ascii=False)
            # two levels in: no string in JSON holds a line break, so each one starts a line to indent
            entry = json.dumps(self.entry(output), indent=1, sort_keys=True, ensure_ascii=False).replace("\n", "\n  ")
            yield f'{"," if index else ""}\n  {name}: {entry}'
        yield "\n }\n}\n" if self.entries else "}\n}\n"


class Cards:
    """The gallery's cards in its order (BuildState.cards), each read from the state as it is given out;
    given out again each time they are gone through."""

    def __init__(self, state: BuildState, places: list[tuple]):
        self.state, self.places = state, places

    def __len__(self) -> int:
        return len(self.places)

    def __iter__(self):
        for earlier, _, output in self.places:
            card = self.state.entry(output)["card"]
            yield {**card, "earlier": self.state._day(output)} if earlier else card
