"""The build state kept in the output folder.

Takes the output folder; gives back a BuildState that says, for each output (its path relative to the
folder), the fingerprint of what made it, the sha256 of every file its job wrote (the PDF and its
thumbnail) and the card the gallery shows for it. Living in the output folder, it makes a fresh folder a
full build. A job is up to date when its fingerprint is the recorded one and its files are still there
as written. Saving writes the file only when its content changed.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .output import write_if_changed

STATE_FILE = ".build-state.json"
FORMAT = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


class BuildState:
    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / STATE_FILE
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            data = {}
        self.entries: dict[str, dict] = data.get("outputs", {}) if data.get("format") == FORMAT else {}

    def up_to_date(self, output: str, fingerprint: str) -> bool:
        entry = self.entries.get(output)
        return (entry is not None and entry["fingerprint"] == fingerprint
                and all(_file_sha256(self.folder / name) == digest for name, digest in entry["files"].items()))

    def record(self, output: str, fingerprint: str, files: dict[str, bytes], card: dict) -> None:
        self.entries[output] = {"fingerprint": fingerprint, "card": card,
                                "files": {name: sha256(data) for name, data in files.items()}}

    def cards(self) -> list[dict]:
        """The cards of the outputs whose files are all still there, in the gallery's order."""
        present = [entry["card"] for entry in self.entries.values()
                   if all((self.folder / name).is_file() for name in entry["files"])]
        return sorted(present, key=lambda card: card["order"])

    def save(self) -> bool:
        """Write the state if it changed; says whether it wrote."""
        data = json.dumps({"format": FORMAT, "outputs": self.entries}, indent=1, sort_keys=True,
                          ensure_ascii=False).encode() + b"\n"
        return write_if_changed(self.path, data)
