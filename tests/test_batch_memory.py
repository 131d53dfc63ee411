"""A batch's memory (issue 26): a practice profile is put aside without its logo's pixels and read again
when its set is made, and refused if it changed meanwhile; the build state keeps what it recorded as
compact JSON and writes itself, and the gallery page, in pieces, byte for byte as json.dumps and the
whole page would; the memory a recorded output holds, and what saving them all adds, stay bounded
(VmHWM of a process of its own)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from leaflet_builder.build import gallery
from leaflet_builder.build.output import pieces, write_if_changed
from leaflet_builder.build.state import STATE_FILE, BuildState
from leaflet_builder.errors import ContentError
from leaflet_builder.inputs.languages import language_font
from leaflet_builder.inputs.practice import load_practice
from test_practice import png, profile


def card(number: int, group: str = "English – Praxis Ünal") -> dict:
    """A gallery card as pipeline.Maker makes one."""
    pdf = f"praxis-{number // 13:04d}/en/leaflet-{number % 13}.pdf"
    return {"pdf": pdf, "thumbnail": f"thumbnails/{pdf[:-4]}.jpg", "thumbnail_size": [320, 453],
            "title": "Laser therapy", "language": "English", "group": f"{group} {number // 13:04d}",
            "review": "Not yet checked by a health professional.", "lang": "en-GB", "dir": "ltr", "pages": 2,
            "page_count": "2 pages", "paper": "a4", "what": "Leaflet", "how": "Print on both sides of the sheet.",
            "order": [pdf.rpartition("/")[0], number % 13, pdf], "practice": f"Praxis Ünal {number // 13:04d}",
            "html": f"{pdf[:-4]}.html", "html_label": "Read it as a web page"}


def recorded(folder, count: int) -> BuildState:
    state = BuildState(folder)
    for number in range(count):
        entry = card(number)
        (folder / entry["pdf"]).parent.mkdir(parents=True, exist_ok=True)
        (folder / entry["pdf"]).write_bytes(b"%PDF")
        state.record(entry["pdf"], f"{number:064x}", {entry["pdf"]: b"%PDF"}, entry)
    return state


def test_the_state_is_written_in_pieces_as_json_dumps_writes_it_whole(tmp_path):
    state = recorded(tmp_path, 40)
    assert all(isinstance(entry, bytes) for entry in state.entries.values()), "kept compact until written"
    whole = {"format": 1, "outputs": {output: state.entry(output) for output in state.entries}}
    assert state.save()
    written = (tmp_path / STATE_FILE).read_bytes()
    assert written == json.dumps(whole, indent=1, sort_keys=True, ensure_ascii=False).encode() + b"\n"
    assert "Ünal" in written.decode()
    again = BuildState(tmp_path)  # read back: entries as the file holds them, written the same
    assert again.entries == whole["outputs"] and b"".join(pieces(again._text())) == written
    again.entries = {}
    assert b"".join(pieces(again._text())) == json.dumps({"format": 1, "outputs": {}}, indent=1).encode() + b"\n"


def test_the_gallery_page_from_the_states_cards_is_the_page_of_the_same_cards_in_a_list(tmp_path):
    state = recorded(tmp_path, 30)
    (tmp_path / card(3)["pdf"]).unlink()  # gone: not on the page
    current = {card(number)["pdf"] for number in range(20)}  # the others made by an earlier build
    cards = state.cards(current)
    listed = list(cards)
    assert len(listed) == 29 and sum("earlier" in entry for entry in listed) == 10
    assert listed == list(cards), "given out again, the same"
    assert gallery.write_index(tmp_path, cards)
    page = (tmp_path / gallery.INDEX).read_bytes()
    assert page == b"".join(pieces(gallery.index_text(listed))) and page.count(b"<li lang=") == 29
    assert page.decode().count('<h2 id="group-') == 3 + 1  # two practices now, one earlier, and the list of them


def test_a_file_holding_the_pieces_is_left_alone_and_one_that_differs_is_replaced(tmp_path):
    path = tmp_path / "file"
    texts = ["a" * 70_000, "é" * 70_000, "z"]
    assert write_if_changed(path, lambda: pieces(texts))
    assert path.read_bytes() == "".join(texts).encode()
    before = path.stat()
    assert not write_if_changed(path, lambda: pieces(texts))
    assert not write_if_changed(path, "".join(texts).encode())
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns
    for changed in (texts[:2], [*texts, "z"], ["b", *texts[1:]]):  # shorter, longer, another first byte
        assert write_if_changed(path, lambda texts=changed: pieces(texts))
        assert path.read_bytes() == "".join(changed).encode()


def test_a_practice_put_aside_keeps_no_pixels_and_is_read_again_as_it_was(tmp_path):
    path = profile(tmp_path, 'name: "Praxis Ünal"\nnote: {en: "Back class on Mondays"}\nlogo: logo.png\n',
                   png(1200, 400))
    fonts = {"de": language_font(ROOT, "de")}
    practice = load_practice(path, fonts)
    aside = practice.put_aside(fonts)
    assert aside.logo.data is None and practice.logo.data
    assert aside.key == practice.key and aside.name == practice.name
    assert aside.logo.warning(100, 100, least=10_000) == practice.logo.warning(100, 100, least=10_000)
    assert aside.note_warning("de") == practice.note_warning("de") and aside.note_warning("de")
    assert aside.whole() == practice
    path.write_text(path.read_text().replace("Mondays", "Tuesdays"), encoding="utf-8")
    with pytest.raises(ContentError, match="the profile or its logo changed while the build ran"):
        aside.whole()
    (tmp_path / "logo.png").write_bytes(png(1200, 401))
    path.write_text(path.read_text().replace("Tuesdays", "Mondays"), encoding="utf-8")
    with pytest.raises(ContentError, match="changed while the build ran"):
        aside.whole()


# records COUNT outputs as a batch does (each a PDF of its own, every 13 a practice's folder, the card
# given as its first argument with the PDF's path in it), then saves the state and writes the gallery
# page; prints the memory each output holds and what saving added at its peak (VmRSS, VmHWM: KiB)
RECORDING = """
import json, sys
from pathlib import Path
from leaflet_builder.build.gallery import write_index
from leaflet_builder.build.state import BuildState

def memory(name):
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith(name))

def recorded(folder, count):
    state = BuildState(folder)
    for number in range(count):
        pdf = f"praxis-{number // 13:04d}/en/leaflet-{number % 13}.pdf"
        card = json.loads(sys.argv[1].replace("PDF", pdf[:-4]).replace("0000", f"{number // 13:04d}"))
        (folder / pdf).parent.mkdir(parents=True, exist_ok=True)
        (folder / pdf).write_bytes(b"%PDF")
        state.record(pdf, f"{number:064x}", {pdf: b"%PDF"}, {**card, "order": [card["order"][0], number % 13, pdf]})
    return state

folder, count = Path(sys.argv[2]), int(sys.argv[3])
recorded(folder / "warm", 200)
before = memory("VmRSS:")
state = recorded(folder / "batch", count)
resident = memory("VmRSS:")
state.save()
write_index(state.folder, state.cards(set(state.entries)))
print((resident - before) * 1024 // count, memory("VmHWM:") - resident)
"""


def test_what_a_batch_holds_per_output_and_adds_to_save_them_is_bounded(tmp_path):
    """3,000 outputs, some 230 practices' sets: each recorded output holds its entry as compact JSON
    (about 0.9 KB here) and its file's stamp; saving them writes the state and the gallery page in
    pieces. As dicts, and then as whole strings, they held some 3.5 KB each, and the saving added 8 MB
    (at 13,000 outputs: 45 and 100 MB)."""
    template = json.dumps(card(0)).replace("praxis-0000/en/leaflet-0", "PDF")
    done = subprocess.run([sys.executable, "-c", RECORDING, template, str(tmp_path), "3000"], cwd=ROOT,
                          env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}, capture_output=True,
                          text=True, check=True)
    per_output, saving = map(int, done.stdout.split())
    assert per_output <= 2000, f"{per_output} bytes held per output recorded"
    assert saving <= 8 * 1024, f"saving added {saving // 1024} MB at its peak"
