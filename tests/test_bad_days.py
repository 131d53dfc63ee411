"""First run and bad days (issue 15): files others can read, no hangs, no internal errors, and the
messages a practice needs, each checked on the real command line."""
from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time
import zlib

import pytest
from PIL import Image

from conftest import ROOT, TREATMENT_IDS, cut_to, edition_of, pdf_text, replace
from leaflet_builder.cli import main
from leaflet_builder.build.state import STATE_FILE
from leaflet_builder.inputs.languages import available_languages
from leaflet_builder.inputs.layouts import load_layout
from leaflet_builder.inputs.paper import MM
from leaflet_builder.inputs.practice import LARGEST_LOGO_BOX, PIXELS_TO_SPARE, PRINT_PPI, load_practice
from pdfcheck import outside_frame
from test_practice import png, profile

FIX_HINT = "hint: fix the lines named above and build again"


def one(tmp_path, *args: str) -> list[str]:
    """A build of one leaflet into tmp_path/out."""
    return ["--lang", "en", "--only", TREATMENT_IDS[0], "--out", str(tmp_path / "out"), *args]


def errors(capsys) -> list[str]:
    """What stderr says beside the warnings, such as a language's review status."""
    return [line for line in capsys.readouterr().err.splitlines() if not line.startswith("warning: ")]


def modes(folder) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): stat.S_IMODE(path.stat().st_mode)
            for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def umask():
    previous = os.umask(0o022)
    yield 0o022
    os.umask(previous)


# 1
def test_outputs_get_the_mode_a_plain_open_gives(tmp_path, umask):
    assert main(one(tmp_path, "-q")) == 0
    written = modes(tmp_path / "out")
    assert STATE_FILE in written and "index.html" in written and f"en/{TREATMENT_IDS[0]}.pdf" in written
    assert set(written.values()) == {0o666 & ~umask}, written
    pdf = tmp_path / "out" / "en" / f"{TREATMENT_IDS[0]}.pdf"
    pdf.chmod(0o640)  # a mode chosen by hand stays, as with open()
    assert main(one(tmp_path, "-q", "--force")) == 0
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o640


# 2
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_logo_that_is_not_a_regular_file_is_refused_at_once(tmp_path, capsys, kind):
    logo = tmp_path / "pipe"
    if kind == "fifo":
        os.mkfifo(logo)
    else:
        logo = "/dev/zero"
    path = profile(tmp_path, f'name: "X"\nlogo: {logo}\n')
    assert main(one(tmp_path, "--practice", str(path))) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:2:7: logo: '{logo}' is not a regular file", FIX_HINT]


def test_a_profile_that_is_a_fifo_is_refused_at_once(tmp_path, capsys):
    path = tmp_path / "practice.yaml"
    os.mkfifo(path)
    assert main(one(tmp_path, "--practice", str(path))) == 1
    assert capsys.readouterr().err.splitlines()[0] == f"{path}:1:1: not a regular file; name a YAML file"


def test_the_logo_size_bound_does_not_trust_st_size(tmp_path, monkeypatch):
    from leaflet_builder.inputs import files

    big = tmp_path / "big.bin"
    big.write_bytes(bytes(2000))
    monkeypatch.setattr(os, "fstat", lambda fd, real=os.fstat: os.stat_result((*real(fd)[:6], 10, *real(fd)[7:])))
    with pytest.raises(files.TooLarge):
        files.read_regular(big, 1000)


# 4
CARD = {"pdf": "en/x.pdf", "thumbnail": "thumbnails/en/x.jpg", "thumbnail_size": [320, 453], "title": "X",
        "language": "English", "group": "English", "review": "not reviewed", "lang": "en-GB", "dir": "ltr",
        "pages": 2, "page_count": "2 pages", "paper": "a4", "what": "Leaflet", "how": "Print", "order": ["en", 0, "x"]}


def entry(card: dict) -> str:
    return json.dumps({"format": 1, "outputs": {"en/x.pdf": {"fingerprint": "f", "files": {}, "card": card}}})


@pytest.mark.parametrize("state", ["[1]", "null", '{"format": 1, "outputs": {"en/x.pdf": {}}}',
                                   '{"format": 1, "outputs": []}', '"text"', entry({}),
                                   entry({key: value for key, value in CARD.items() if key != "title"}),
                                   entry({**CARD, "thumbnail_size": "320x453"}),
                                   entry({**CARD, "order": [1, "a", None]})])
def test_a_state_file_of_the_wrong_shape_is_ignored_with_one_warning(tmp_path, capsys, state):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / STATE_FILE).write_text(state)
    for force in (("--force",), ()):
        (tmp_path / "out" / STATE_FILE).write_text(state)
        assert main(one(tmp_path, *force)) == 0
        err = capsys.readouterr().err.splitlines()
        assert [line for line in err if STATE_FILE in line] == [
            f"{tmp_path / 'out' / STATE_FILE}: warning: not a build state this builder wrote; rebuilding everything"]
        assert json.loads((tmp_path / "out" / STATE_FILE).read_text())["format"] == 1
    assert main(one(tmp_path)) == 0
    assert STATE_FILE not in capsys.readouterr().err


def bytes_read() -> int:
    """What this process has read so far, by its read calls (Linux counts them for every process)."""
    return int(re.search(r"^rchar: (\d+)$", open("/proc/self/io").read(), re.M)[1])


def test_a_huge_state_file_is_not_read_whole(tmp_path, capsys):
    """Neither when it is read nor when it is compared with the new state before that is written."""
    (tmp_path / "out").mkdir()
    with open(tmp_path / "out" / STATE_FILE, "wb") as file:
        file.truncate(2**30)  # sparse: a gigabyte of nothing
    before = bytes_read()
    assert main(one(tmp_path)) == 0
    assert bytes_read() - before < 2**30 // 4
    assert "not a build state this builder wrote" in capsys.readouterr().err


# 5
@pytest.mark.parametrize("char", ["\x07", "\x00", "\x1b"])
def test_a_control_character_in_yaml_is_named_with_its_place(project, tmp_path, capsys, char):
    replace(project, "leaflets/en/massage.yaml", "key_message: ", f"key_message: a{char}")
    assert main(["--out", str(tmp_path / "out")], root=project) == 1
    err = errors(capsys)
    assert err[0] == f"leaflets/en/massage.yaml:2:15: control character U+{ord(char):04X} is not allowed"
    assert err[1] == FIX_HINT


def test_user_values_echoed_carry_no_control_characters(tmp_path, capsys):
    assert main(["--lang", "e\x1b[31mn", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b" in err
    assert main(["--only", "mass\x07age", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "\x07" not in err and "'mass\\x07age'" in err


# 8
@pytest.mark.parametrize("text, message", [
    ('name: "X"\nwebsite: "https://[example.com"\n', "2:10: website: 'https://[example.com' is not a https address"),
    ('name: "X"\nphone: ' + "1" * 5000 + "\n",
     "2:8: a number of 5000 digits is too long; put it in quotes if it is text"),
])
def test_odd_values_give_one_line(tmp_path, capsys, text, message):
    path = profile(tmp_path, text)
    assert main(one(tmp_path, "--practice", str(path))) == 1
    assert capsys.readouterr().err.splitlines() == [f"{path}:{message}", FIX_HINT]


def test_a_huge_integer_in_content_is_one_line(project, tmp_path, capsys):
    replace(project, "leaflets/en/massage.yaml", "key_message: ", "key_message: " + "9" * 5000 + "\nx: ")
    assert main(["--out", str(tmp_path / "out")], root=project) == 1
    err = errors(capsys)
    assert err[:2] == ["leaflets/en/massage.yaml:2:14: a number of 5000 digits is too long; "
                       "put it in quotes if it is text", FIX_HINT]


def test_a_source_date_epoch_beyond_year_9999_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300800")
    assert main(one(tmp_path)) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "error: SOURCE_DATE_EPOCH must be a time between 1970 and 9999, not '253402300800'"


# 9
def test_a_profile_folder_takes_yml_and_an_empty_one_is_an_error(tmp_path, capsys):
    folder = tmp_path / "profiles"
    folder.mkdir()
    assert main(one(tmp_path, "--practice", str(folder))) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: {folder}: no practice profile (*.yaml or *.yml) in this folder")
    (folder / "a.yml").write_text('name: "Praxis A"\n')
    (folder / "b.yaml").write_text('name: "Praxis B"\n')
    assert main(one(tmp_path, "--practice", str(folder), "-q")) == 0
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"praxis-a", "praxis-b"}


def test_check_with_a_practice_checks_the_profile(tmp_path, capsys):
    path = profile(tmp_path, 'name: "X"\nwebsite: "http://a.example"\n')
    assert main(["--check", "--practice", str(path)]) == 1
    captured = capsys.readouterr()
    assert f"{path}:2:10: website: 'http://a.example' is not a https address" in captured.err
    assert "valid" not in captured.out + captured.err


# 10
@pytest.mark.parametrize("args, message", [
    (["--out", "leaflets"], "--out: 'leaflets' would mix the PDFs with the project's own files; "
                            "give a folder of its own, e.g. --out dist"),
    (["--out", "layouts/x"], "--out: 'layouts/x' would mix the PDFs with the project's own files; "
                             "give a folder of its own, e.g. --out dist"),
    (["--out", ""], "--out: give a folder name, e.g. --out dist"),
    (["--only", ""], "--only: name at least one treatment (--list shows them)"),
    (["--only", " , "], "--only: name at least one treatment (--list shows them)"),
])
def test_odd_folders_and_lists_are_refused(project, capsys, monkeypatch, args, message):
    monkeypatch.chdir(project)
    before = sorted(project.rglob("*"))
    assert main(["--lang", "en", *args], root=project) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"error: {message}"
    assert sorted(project.rglob("*")) == before, "nothing written"


# 13
def test_list_into_a_full_disk_or_a_closed_pipe_prints_no_traceback():
    with open("/dev/full", "w") as dev_full:
        full = subprocess.run([sys.executable, "build.py", "--list"], cwd=ROOT, stdout=dev_full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert full.returncode == 1 and full.stderr.splitlines() == [
        "error: cannot write the output: No space left on device"]
    piped = subprocess.run(f"'{sys.executable}' build.py --list | head -0", shell=True, cwd=ROOT,
                           stderr=subprocess.PIPE, text=True, timeout=60)
    assert piped.stderr == ""


# 15
@pytest.mark.parametrize("args, first", [
    (["en"], "build.py: error: unexpected argument 'en'; did you mean '--lang en'?"),
    (["massage"], "build.py: error: unexpected argument 'massage'; did you mean '--only massage'?"),
])
def test_a_bare_word_gets_a_did_you_mean(capsys, args, first):
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    assert first in capsys.readouterr().err.splitlines()


def test_lang_and_paper_are_case_insensitive(tmp_path):
    assert main(["--lang", "EN", "--paper", "A4", "--only", TREATMENT_IDS[0], "-q", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "en" / f"{TREATMENT_IDS[0]}.pdf").is_file()


def test_a_profile_that_does_not_exist_says_so_plainly(tmp_path, capsys):
    missing = tmp_path / "myclinic.yaml"
    assert main(one(tmp_path, "--practice", str(missing))) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: {missing}: no such file",
        "hint: --practice takes a profile file or a folder of them; start from examples/practice.yaml"]


def test_a_tab_says_use_spaces(project, tmp_path, capsys):
    replace(project, "leaflets/en/massage.yaml", "\nkey_message:", "\n\tkey_message:")
    assert main(["--out", str(tmp_path / "out")], root=project) == 1
    assert "use spaces, not tabs, to indent" in errors(capsys)[0]


def test_practice_messages_show_the_form_wanted(tmp_path, capsys):
    path = profile(tmp_path, 'name: "X"\naddress: "Hauptstraße 1"\nphone: "030 abc"\n')
    assert main(one(tmp_path, "--practice", str(path))) == 1
    assert capsys.readouterr().err.splitlines() == [
        f'{path}:2:10: address: expected a list, got text; write one entry per printed line, '
        'e.g. ["Hauptstraße 12", "12345 Musterstadt"]',
        f"{path}:3:8: phone: '030 abc' is not a phone number: use digits, spaces and + ( ) / - .",
        FIX_HINT]


def english_only(project):
    """The project with its English edition alone, so that a check counts only the problems a test makes."""
    for lang in available_languages(project):
        if lang != "en":
            (project / "i18n" / f"{lang}.yaml").unlink()
            shutil.rmtree(project / "leaflets" / lang)


def test_one_problem_is_not_problems(project, capsys):
    english_only(project)
    replace(project, "layouts/massage.yaml", "icon: hands", "icon: handz")
    assert main(["--check"], root=project) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "1 problem"


def test_a_first_build_that_fails_keeps_no_earlier_pdfs(project, tmp_path, capsys):
    replace(project, "layouts/_default.yaml", "36\n    max_pages: 2", "36\n    max_pages: 1")
    assert main(["--out", str(tmp_path / "out"), "--only", "traction"], root=project) == 1
    summary = capsys.readouterr().err.splitlines()[-1]
    assert "not built: traction (en, A4)" in summary and "earlier" not in summary


def test_check_writes_its_success_to_stdout(project, capsys):
    english_only(project)
    assert main(["--check"], root=project) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith("content and layouts of ")


# 12
def grey16_png(width: int, height: int, value: int) -> bytes:
    """A 16-bit greyscale PNG of one grey ``value`` (0 to 65535)."""
    rows = b"".join(b"\x00" + value.to_bytes(2, "big") * width for _ in range(height))
    return png_chunks(width, height, 16, 0, zlib.compress(rows))


def png_chunks(width: int, height: int, depth: int, colour_type: int, idat: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def test_a_huge_logo_is_scaled_to_what_print_needs(tmp_path):
    rows = b"".join(b"\x00" + b"\x80" * 5000 for _ in range(5000))
    path = profile(tmp_path, 'name: "X"\nlogo: logo.png\n', png_chunks(5000, 5000, 8, 0, zlib.compress(rows, 1)))
    logo = load_practice(path).logo
    needed = math.ceil(LARGEST_LOGO_BOX[1] / 72 * PRINT_PPI * PIXELS_TO_SPARE)  # a square logo: as high as its box
    assert (logo.width_px, logo.height_px) == (needed, needed)
    assert Image.open(io.BytesIO(logo.data)).size == (needed, needed)


def test_a_logo_with_too_many_pixels_is_refused_by_size(tmp_path, capsys):
    # only the header is read: the pixels need not be there
    path = profile(tmp_path, 'name: "X"\nlogo: logo.png\n', png_chunks(30000, 30000, 8, 2, b""))
    assert main(one(tmp_path, "--practice", str(path))) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{path}:2:7: logo: '{tmp_path}/logo.png' has more than 25,000,000 pixels; "
        "save it at most 2604 pixels across, which prints sharp")


def test_a_16_bit_grey_logo_prints_grey(tmp_path):
    path = profile(tmp_path, 'name: "X"\nlogo: logo.png\n', grey16_png(600, 200, 0x8080))
    logo = load_practice(path).logo
    assert Image.open(io.BytesIO(logo.data)).convert("L").getpixel((10, 10)) == 128


# 3
@pytest.mark.parametrize("text", ["Ask us 😀", "按摩"])
def test_content_the_fonts_cannot_print_is_refused_in_the_build_and_in_check(project, tmp_path, capsys, text):
    replace(project, "leaflets/en/massage.yaml", "name: Massage", f"name: Massage {text}")
    listed = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in text.split()[-1])
    line = (f"leaflets/en/massage.yaml:1:7: the font (atkinson-hyperlegible) cannot print {listed}; "
            "write it without that character or choose a font that has it (font)")
    assert main(["--out", str(tmp_path / "out")], root=project) == 1
    assert line in capsys.readouterr().err.splitlines()
    assert main(["--check"], root=project) == 1
    assert line in capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("field, value", [("website", "https://例え.jp"), ("email", "praxis@例え.jp"),
                                          ("qr_url", "https://a.example/😀")])
def test_every_printed_field_of_a_profile_is_checked_against_the_fonts(tmp_path, capsys, field, value):
    path = profile(tmp_path, f'name: "X"\n{field}: "{value}"\n')
    missing = "".join(dict.fromkeys(ch for ch in value if ord(ch) > 0x2000))
    listed = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing)
    line = (f"{path}:2:{len(field) + 3}: {field}: the typeface cannot print {listed}; "
            "write it without that character")
    assert main(one(tmp_path, "--practice", str(path))) == 1
    assert capsys.readouterr().err.splitlines()[0] == line
    assert main(["--check", "--practice", str(path)]) == 1
    assert line in capsys.readouterr().err.splitlines()


# 11
HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from leaflet_builder.build.output import locked
with locked(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(600)
"""


def test_a_second_build_into_the_same_folder_waits_then_refuses(tmp_path, capsys, monkeypatch):
    from leaflet_builder.build import output

    monkeypatch.setattr(output, "LOCK_WAIT", 0.3)
    first = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(tmp_path / "out")], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline() == "locked\n"
        assert main(one(tmp_path)) == 1
        assert capsys.readouterr().err.splitlines()[:2] == [
            f"error: {tmp_path / 'out'}: another build is writing to this folder",
            "hint: build again when it has finished, or give this build another --out"]
        assert not (tmp_path / "out" / "en").exists(), "nothing written"
    finally:
        first.kill()
        first.wait(timeout=60)
    assert main(one(tmp_path, "-q")) == 0, "the lock ends with the build that held it"
    assert (tmp_path / "out" / "en" / f"{TREATMENT_IDS[0]}.pdf").is_file()


def test_a_build_that_writes_nothing_leaves_no_folder(project, tmp_path):
    replace(project, "layouts/massage.yaml", "icon: hands", "icon: handz")
    assert main(["--out", str(tmp_path / "out")], root=project) == 1
    assert not (tmp_path / "out").exists()


# 6
PRACTICES = 8  # 104 jobs: far more than a build makes before the signal it sends itself at its SIGNAL_AT-th PDF
SIGNAL_AT = 3
# build.py, counting in a file every job any of its processes makes, that signals itself (Ctrl-C to its process
# group, or SIGTERM) once its SIGNAL_AT-th PDF is on disk under its temporary name, says so on stdout and then
# waits for the signal to act: the signal comes at a known point however busy the machine is. It takes Ctrl-C as
# a build run from a terminal does: a command started with "&" by a non-interactive shell, as pytest may be, has
# SIGINT ignored, and so do its children (POSIX), Python keeping it so; the build would never see the signal
INTERRUPTED_BUILD = """
import os, runpy, signal, sys, time
from leaflet_builder.build import pipeline

signal.signal(signal.SIGINT, signal.default_int_handler)

how, at, log, sys.argv = sys.argv[1], int(sys.argv[2]), sys.argv[3], ["build.py", *sys.argv[4:]]
made, build = os.open(log, os.O_WRONLY | os.O_APPEND), os.getpid()
real_make, real_fsync, pdfs = pipeline.Maker.make, os.fsync, []
def make(self, job):
    result = real_make(self, job)
    os.write(made, b"+")
    return result
def fsync(fd):
    real_fsync(fd)
    if os.getpid() == build and ".pdf." in os.path.basename(os.readlink(f"/proc/self/fd/{fd}")):
        pdfs.append(fd)
        if len(pdfs) == at:
            print("signalled", flush=True)
            os.killpg(0, signal.SIGINT) if how == "ctrl-c" else os.kill(build, signal.SIGTERM)
            while True:
                time.sleep(0.01)
pipeline.Maker.make, os.fsync = make, fsync
runpy.run_path("build.py", run_name="__main__")
"""


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_an_interrupt_stops_the_build_at_once_and_keeps_what_it_made(tmp_path, how):
    folder = tmp_path / "profiles"
    folder.mkdir()
    for number in range(PRACTICES):
        (folder / f"p{number:02}.yaml").write_text(f'name: "Praxis {number:02}"\n')
    out, made = tmp_path / "out", tmp_path / "made"
    made.touch()
    build = subprocess.Popen([sys.executable, "-c", INTERRUPTED_BUILD, how, str(SIGNAL_AT), str(made),
                              "--practice", str(folder), "--out", str(out), "--jobs", "2"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)  # its own process group, as a terminal gives it
    try:
        assert build.stdout.readline() == "signalled\n"  # however long the build took to get there
        assert build.wait(timeout=60) == 130
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    err = build.stderr.read()
    assert "Traceback" not in err and err.splitlines()[-1].startswith("interrupted: PDFs in ")
    pdfs = {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*.pdf")}
    assert len(pdfs) == SIGNAL_AT - 1, "no PDF is written after the signal, not even the one being written"
    planned = PRACTICES * (len(TREATMENT_IDS) + 1)
    assert len(made.read_bytes()) < planned // 2, "the queued work is dropped, in the workers too"
    recorded = json.loads((out / STATE_FILE).read_text())["outputs"]
    assert set(recorded) == set(pdfs), "every PDF kept is recorded, and only those"
    assert all(recorded[name]["files"][name] == hashlib.sha256(data).hexdigest() for name, data in pdfs.items())
    assert not [path for path in out.rglob("*.tmp")]


# 16
def gallery_cards(folder) -> list[tuple[str, str, str]]:
    """(lang attribute, PDF, text) of every card of folder/index.html."""
    html = (folder / "index.html").read_text(encoding="utf-8")
    return [(lang, pdf, re.sub(r"<[^>]+>", " ", body)) for lang, pdf, body in
            re.findall(r'<li lang="([^"]+)"[^>]*><a href="([^"]+)"[^>]*>(.*?)</a></li>', html, re.S)]


def label(lang: str, key: str) -> str:
    return edition_of(lang).strings.labels[key]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_each_gallery_card_says_what_the_file_is_and_how_to_print_it(project, tmp_path, lang):
    """On a project of one treatment: the cards of a leaflet, the brochure and its booklet are made alike
    for every treatment."""
    cut_to(project, TREATMENT_IDS[:1])
    out = tmp_path / "out"
    assert main(["--lang", lang, "--booklet", "--out", str(out), "-q"], root=project) == 0
    assert main(["--lang", lang, "--large-print", "--print-ready", "--out", str(tmp_path / "shop"), "-q",
                 "--only", TREATMENT_IDS[0]]) == 0
    cards = {pdf: (attribute, " ".join(text.split())) for attribute, pdf, text in gallery_cards(out)}
    assert {attribute for attribute, _ in cards.values()} == {edition_of(lang).strings.locale}
    kinds = {"leaflet": f"{lang}/{TREATMENT_IDS[0]}.pdf", "brochure": f"{lang}/brochure.pdf",
             "booklet": f"{lang}/brochure-booklet.pdf"}
    for kind, pdf in kinds.items():
        text = cards[pdf][1]
        assert label(lang, f"file_{kind}") in text, (kind, text)
        how = "print_booklet" if kind == "booklet" else "print_duplex"
        assert label(lang, how) in text, (kind, text)
    assert len({cards[pdf][1].split(" · ")[0] for pdf in kinds.values()}) == 3, "three kinds, three names"
    (_, shop), = [(a, " ".join(t.split())) for a, p, t in gallery_cards(tmp_path / "shop")]
    assert label(lang, "file_print_shop") in shop and label(lang, "file_large_print") in shop
    assert label(lang, "print_shop") in shop
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "long edge" not in html.split("<ul>")[0], "no one printing rule for every file"


# 7
LONG_URL = ("https://www.informedhealth.org/passive-treatments-massages-heat-and-manual-therapy.html"
            "?utm_source=leaflet&utm_medium=print&utm_campaign=back-pain-leaflets")


def test_a_long_url_in_plain_text_stays_inside_the_frame(project, tmp_path):
    """In the massage leaflet and the brochure that holds its text, built alone (a project of one treatment)."""
    cut_to(project, ("massage",))
    replace(project, "leaflets/en/massage.yaml", "Massages are a traditional way of treating back pain.",
            f"Massages are a traditional way of treating back pain, see {LONG_URL} for more.")
    out = tmp_path / "out"
    assert main(["--lang", "en", "--out", str(out), "-q"], root=project) == 0
    pdfs = sorted((out / "en").glob("*.pdf"))
    assert {path.stem for path in pdfs} == {"massage", "brochure"}
    for path in pdfs:
        if path.stem == "brochure":  # its pages mirror their margins and carry running headers outside the frame
            assert not outside_frame(path, 10 * MM, 10 * MM), path.name
        else:
            paper = load_layout(project, path.stem).paper
            assert not outside_frame(path, paper.left, paper.right), path.name
    assert "".join(LONG_URL.split()) in "".join(pdf_text(out / "en" / "massage.pdf").split())


# 14
def readme_commands(section: str) -> list[str]:
    """The lines of the first sh block in the README's section of this title."""
    text = (ROOT / "README.md").read_text(encoding="utf-8").split(f"\n## {section}\n", 1)[1]
    return text.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()


def test_the_readme_setup_starts_in_a_virtual_environment_and_ci_follows_it_literally():
    setup = readme_commands("Set up and build")
    assert setup[0] == "python3 -m venv .venv && . .venv/bin/activate", "Debian has no 'python' outside a venv"
    commands = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    wanted = setup + readme_commands("Test")
    at = [commands.index(command) for command in wanted if command in commands]
    assert len(at) == len(wanted) and at == sorted(at), (wanted, commands)


# issue 23
def test_the_build_creates_no_file_by_name_that_a_link_could_send_elsewhere(tmp_path):
    """The lock is on the output folder itself; an older builder's lock file, made a link, is not followed."""
    (tmp_path / "out").mkdir()
    target = tmp_path / "nologin"
    (tmp_path / "out" / ".build-lock").symlink_to(target)
    assert main(one(tmp_path, "-q")) == 0
    assert not target.exists() and (tmp_path / "out" / "en" / f"{TREATMENT_IDS[0]}.pdf").is_file()


def test_a_folder_in_the_output_folder_that_is_a_symlink_is_not_followed(tmp_path, capsys):
    elsewhere = tmp_path / "etc"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "en").symlink_to(elsewhere)
    assert main(one(tmp_path)) == 1
    assert (f"error: {tmp_path / 'out' / 'en' / TREATMENT_IDS[0]}.pdf: cannot write: {tmp_path / 'out' / 'en'} is a "
            "symbolic link, which a build does not follow; remove it") in capsys.readouterr().err.splitlines()
    assert list(elsewhere.iterdir()) == []


def test_a_build_with_nothing_to_write_opens_nothing_to_write(tmp_path, monkeypatch):
    """As in a folder it may only read: every open for writing inside it fails."""
    out = tmp_path / "out"
    assert main(one(tmp_path, "-q")) == 0
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND)
        if writing and str(path).startswith(str(out)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    assert main(one(tmp_path, "-q")) == 0


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_check_source_reads_only_a_regular_file_of_bounded_size(tmp_path, capsys, fifo, kind):
    from leaflet_builder.cli import MAX_SOURCE_BYTES

    path = {"fifo": fifo, "device": "/dev/urandom", "huge": tmp_path / "huge.txt"}[kind]
    if kind == "huge":
        with open(path, "wb") as file:
            file.truncate(2**34)  # sparse: 16 GB of nothing
    reason = f"larger than {MAX_SOURCE_BYTES:,} bytes" if kind == "huge" else "not a regular file"
    assert main(["--check-source", str(path)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"error: cannot read the source copy {path}: {reason}"


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_preflight_reads_only_regular_files(capsys, fifo, kind):
    path = fifo if kind == "fifo" else "/dev/zero"
    assert main(["--preflight", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [f"{path}: cannot read: not a regular file",
                                                    "preflight: 1 file, 1 problem"]


@pytest.mark.parametrize("args, said", [
    (["--preflight", "x.pdf"], "interrupted: nothing was written"),
    (["--check-source", "x.txt"], "interrupted: nothing was written"),
    (["--sign-off", "en", "--reviewer", "Dr. A, GP"], "interrupted: reviews/en.yaml is whole, either new or as it was"),
])
def test_an_interrupted_command_says_what_it_left(project, capsys, monkeypatch, args, said):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    from leaflet_builder import cli
    from leaflet_builder.build import review

    monkeypatch.setattr(cli, "read_regular", interrupt)
    monkeypatch.setattr(review, "load_edition", interrupt)
    assert main(args, root=project) == 130
    assert capsys.readouterr().err.splitlines() == [said]


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_content_file_that_is_not_a_regular_file_is_one_line_in_every_command(project, tmp_path, capsys, kind):
    assert main(["--sign-off", "en", "--reviewer", "Dr. A, GP"], root=project) == 0  # its files are fingerprinted
    relative = f"leaflets/en/{TREATMENT_IDS[-1]}.yaml"
    (project / relative).unlink()
    os.mkfifo(project / relative) if kind == "fifo" else (project / relative).mkdir()
    line = f"{relative}:1:1: not a regular file; name a YAML file"
    assert main(["--list"], root=project) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert main(["--check"], root=project) == 1
    assert line in capsys.readouterr().err.splitlines()
    for only in (TREATMENT_IDS[0], TREATMENT_IDS[-1]):
        assert main(["--lang", "en", "--only", only, "--out", str(tmp_path / "out")], root=project) == 1
        err = errors(capsys)
        assert err[0] == line and "internal error" not in "\n".join(err)


def test_the_gallery_marks_the_sets_of_earlier_builds_with_their_day(tmp_path):
    first, second = available_languages(ROOT)[:2]
    out = tmp_path / "out"
    for lang in (first, second):
        assert main(["--lang", lang, "--only", TREATMENT_IDS[0], "--out", str(out), "-q"]) == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    now, earlier = html.split(": made by an earlier build</h2>")
    assert f'<li lang="{edition_of(second).strings.locale}"' in now
    assert f'<li lang="{edition_of(first).strings.locale}"' in earlier
    day = time.strftime("%Y-%m-%d", time.gmtime((out / first / f"{TREATMENT_IDS[0]}.pdf").stat().st_mtime))
    assert f" on {day}; build it again for its status today</span>" in earlier
    assert "build it again" not in now


def test_a_practice_does_not_replace_another_whose_name_makes_the_same_folder(tmp_path, capsys):
    out = tmp_path / "out"
    for name in ("Praxis Müller", "Praxis Muller"):  # both make the folder praxis-muller
        folder = tmp_path / name
        folder.mkdir()
        for practice in (name, "Praxis Other"):
            (folder / f"{practice}.yaml").write_text(f'name: "{practice}"\n', encoding="utf-8")
    assert main(one(tmp_path, "--practice", str(tmp_path / "Praxis Müller"), "-q")) == 0
    before = {path: path.read_bytes() for path in (out / "praxis-muller").rglob("*.pdf")}
    assert main(one(tmp_path, "--practice", str(tmp_path / "Praxis Muller"))) == 2
    assert errors(capsys) == [
        f"error: {out / 'praxis-muller'}: holds the leaflets of 'Praxis Müller'; this build would replace them "
        "with those of 'Praxis Muller'", "hint: give --force to replace them, or build into another --out"]
    assert {path: path.read_bytes() for path in (out / "praxis-muller").rglob("*.pdf")} == before
    assert main(one(tmp_path, "--practice", str(tmp_path / "Praxis Muller"), "-q", "--force")) == 0
    assert "Praxis Muller" in pdf_text(out / "praxis-muller" / "en" / f"{TREATMENT_IDS[0]}.pdf")


def jpeg(image, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def test_a_jpeg_logo_is_placed_upright_as_its_exif_orientation_says(tmp_path):
    stored = Image.new("L", (800, 200), 255)
    stored.paste(0, (0, 0, 400, 200))  # the left half black, as the camera stored it
    path = profile(tmp_path, 'name: "X"\nlogo: logo.jpg\n')
    (tmp_path / "logo.jpg").write_bytes(jpeg(stored, 6))  # 6: turn a quarter clockwise to view it
    logo = load_practice(path).logo  # scaled to what print needs, upright: four times as high as wide
    upright = Image.open(io.BytesIO(logo.data)).convert("L")
    width, height = upright.size
    assert (logo.width_px, logo.height_px) == (width, height) and abs(height / width - 4) < 0.1
    assert upright.getpixel((width // 2, height // 8)) < 64 and upright.getpixel((width // 2, height * 7 // 8)) > 192
    (tmp_path / "logo.jpg").write_bytes(jpeg(stored, 3))  # 3: turned half round, the same size
    upside_down = Image.open(io.BytesIO(load_practice(path).logo.data)).convert("L")
    width, height = upside_down.size
    assert upside_down.getpixel((width // 8, height // 2)) > 192
    assert upside_down.getpixel((width * 7 // 8, height // 2)) < 64


def test_more_jobs_than_cores_use_the_cores_and_say_so_once(tmp_path, capsys, monkeypatch):
    from leaflet_builder import cli
    from leaflet_builder.build import pipeline

    given = {}
    real_build = pipeline.build
    monkeypatch.setattr(pipeline, "build",
                        lambda *args, **options: given.update(options) or real_build(*args, **options))
    assert main(one(tmp_path, "--jobs", "1000")) == 0
    assert given["workers"] == cli.cores()
    said = [line for line in capsys.readouterr().err.splitlines() if "--jobs" in line]
    assert said == [f"warning: --jobs 1000 is more than the {cli.cores()} cores; using {cli.cores()}"]


def test_a_default_dist_that_links_into_the_project_is_refused(project, capsys, monkeypatch):
    (project / "leaflets" / "x").mkdir()
    (project / "dist").symlink_to(project / "leaflets" / "x")
    monkeypatch.chdir(project)
    assert main(["--lang", "en", "--only", TREATMENT_IDS[0]], root=project) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"error: the default output folder {project / 'dist'} leads to leaflets/x, which would mix the PDFs with the "
        "project's own files; give --out a folder of its own")
    assert list((project / "leaflets" / "x").iterdir()) == []


def test_the_same_profile_twice_is_said_to_be_given_twice(tmp_path, capsys):
    path = profile(tmp_path, 'name: "X"\n')
    assert main(one(tmp_path, "--practice", str(path), str(tmp_path))) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: {path}: the profile is given twice", "hint: give each profile once"]


def test_a_sign_off_that_cannot_be_written_points_at_reviews(project, capsys, monkeypatch):
    from leaflet_builder.build import review

    def refuse(path, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(review, "write_atomically", refuse)
    assert main(["--sign-off", "en", "--reviewer", "Dr. A, GP"], root=project) == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: reviews/en.yaml: cannot write: Permission denied",
        "hint: check that reviews/ and the file in it can be written to"]


def test_a_website_in_capitals_is_printed_without_its_scheme(tmp_path):
    path = profile(tmp_path, 'name: "X"\nwebsite: "HTTPS://EXAMPLE.COM"\n')
    assert load_practice(path).website == "https://EXAMPLE.COM"
    assert main(one(tmp_path, "--practice", str(path), "-q")) == 0
    text = pdf_text(tmp_path / "out" / "en" / f"{TREATMENT_IDS[0]}.pdf")
    assert "EXAMPLE.COM" in text and "HTTPS" not in text.upper().replace("HTTPS://WWW.INFORMEDHEALTH", "")


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    from leaflet_builder.inputs import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache.cache_folder.cache_clear()
    yield
    cache.cache_folder.cache_clear()


def test_a_logo_is_decoded_once_per_content(tmp_path, monkeypatch, fresh_cache):
    from leaflet_builder.inputs import practice

    path = profile(tmp_path, 'name: "X"\nlogo: logo.png\n', png(1200, 400))
    first = load_practice(path).logo

    def decode(data):
        raise AssertionError("decoded again")

    monkeypatch.setattr(practice, "decode_logo", decode)
    again = load_practice(path).logo
    assert (again.data, again.width_px, again.height_px) == (first.data, first.width_px, first.height_px)
    other = tmp_path / "other"
    other.mkdir()
    assert load_practice(profile(other, 'name: "Y"\nlogo: logo.png\n', png(1200, 400))).logo.data == first.data
    for entry in (tmp_path / "cache" / "leaflet-builder" / "logos").iterdir():
        entry.write_bytes(entry.read_bytes()[:100])  # cut short: seen, and made again
    monkeypatch.undo()
    assert load_practice(path).logo.data == first.data


# a 5000 x 5000 RGBA PNG of some 100 KB, decoded: a logo's worst case within the pixel bound
HUGE_LOGO = """
import struct, sys, zlib
from pathlib import Path
from leaflet_builder.inputs.practice import load_practice
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
packer, row = zlib.compressobj(9), b"\\x00" + b"\\x80\\x40\\x20\\xff" * 5000
idat = b"".join(packer.compress(row) for _ in range(5000)) + packer.flush()
folder = Path(sys.argv[1])
header = struct.pack(">IIBBBBB", 5000, 5000, 8, 6, 0, 0, 0)
(folder / "logo.png").write_bytes(b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", header)
                                  + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
(folder / "practice.yaml").write_text('name: "X"\\nlogo: logo.png\\n')
load_practice(folder / "practice.yaml")
# the peak of this program's memory: VmHWM, not ru_maxrss, which keeps the peak of the process it was forked from
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))  # KiB
"""


def test_a_huge_logo_is_decoded_in_bounded_memory(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", HUGE_LOGO, str(tmp_path)], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=True)
    assert int(done.stdout) <= 150 * 1024, f"{int(done.stdout) // 1024} MB at the peak"
