"""Nothing lost: a leaflet that fails keeps its last good PDF while the others rebuild, and a build that is
killed or interrupted part-way leaves only whole PDFs, each either the new one or the one before."""
from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys

import pypdf
import pytest

from conftest import cut_to, review_lines, ROOT, TREATMENT_IDS, pdf_text, replace, timeless
from leaflet_builder import cli

DISCLAIMER_WORDS = "IGeL for short"
CHANGED_WORDS = "IGeL for short, whatever the changed text says"
# build.py, paused once the second PDF's temporary file is written and before it is moved into place
PAUSED_BUILD = """
import os, runpy, sys, time
real_fsync, calls = os.fsync, []
def fsync(fd):
    if ".pdf." in os.path.basename(os.readlink(f"/proc/self/fd/{fd}")):  # not a thumbnail or the state
        calls.append(fd)
        if len(calls) == 2:
            print("paused", flush=True)
            time.sleep(600)
    real_fsync(fd)
os.fsync = fsync
sys.argv = ["build.py", *sys.argv[1:]]
runpy.run_path("build.py", run_name="__main__")
"""
# build.py, killed by SIGKILL the moment its first PDF is moved into place, while its workers make the others;
# first it says which processes are its workers
KILLED_BUILD = """
import multiprocessing, os, runpy, signal, sys
real_replace = os.replace
def replace(source, target):
    real_replace(source, target)
    if str(target).endswith(".pdf"):
        print(*(worker.pid for worker in multiprocessing.active_children()), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
sys.argv = ["build.py", *sys.argv[1:]]
runpy.run_path("build.py", run_name="__main__")
"""


# the first leaflet the build writes and the one a test makes fail: the properties are the pipeline's,
# the same for every leaflet, so a project of two treatments shows them at a fraction of the whole's cost
SMALL = (TREATMENT_IDS[0], "massage")


@pytest.fixture(scope="module")
def small_built(tmp_path_factory):
    """A whole copy of the project, code included, cut to the SMALL treatments, with its English leaflets
    and brochure built in out/ (once for the tests here, each of which gets a copy)."""
    root = tmp_path_factory.mktemp("small")
    for folder in ("leaflets", "layouts", "i18n", "leaflet_builder"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "build.py", root)
    assert cut_to(root, SMALL) == tuple(t for t in TREATMENT_IDS if t in SMALL)
    assert cli.main(["--lang", "en", "--out", str(root / "built"), "-q"], root=root) == 0
    return root


@pytest.fixture
def built_project(tmp_path, small_built):
    """The small project with its English leaflets as built in out/, and a change to the disclaimer that
    every leaflet prints."""
    shutil.copytree(small_built, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("built"))
    shutil.copytree(small_built / "built" / "en", tmp_path / "out" / "en")
    before = {path.name: path.read_bytes() for path in (tmp_path / "out" / "en").glob("*.pdf")}
    assert len(before) == len(SMALL) + 1  # and the brochure
    replace(tmp_path, "leaflets/en/shared.yaml", DISCLAIMER_WORDS, CHANGED_WORDS)
    return tmp_path, before


def whole_pdfs(folder) -> dict[str, bytes]:
    """Every PDF in the folder, each checked to open and to have all its pages."""
    found = {}
    for path in folder.glob("*.pdf"):
        reader = pypdf.PdfReader(path, strict=True)
        pages = len(reader.pages)
        last = " ".join(reader.pages[-1].extract_text().split())
        # a leaflet's last page says "Page n of n"; the brochure's back cover is a multiple of 4
        assert f"Page {pages} of {pages}" in last or (path.name == "brochure.pdf" and pages % 4 == 0), path.name
        found[path.name] = path.read_bytes()
    return found


def leftovers(folder) -> list[str]:
    """What is in the folder but the PDFs and their web pages: a killed build's temporary files."""
    return sorted(path.name for path in folder.iterdir() if not path.name.endswith((".pdf", ".html")))


def test_a_failing_leaflet_keeps_its_last_good_pdf_and_the_others_rebuild(built_project, capsys):
    root, before = built_project
    replace(root, "leaflets/en/massage.yaml", "does_it_help:\n", "does_it_help:\n" + "  - Massages can relieve "
            "chronic back pain a little, for a short time. But they do not have a lasting effect.\n" * 10)
    replace(root, "leaflets/citations.yaml", "massage.how_it_works.1:",
            "".join(f"massage.does_it_help.{i}: editorial\n" for i in range(3, 13)) + "massage.how_it_works.1:")
    assert cli.main(["--out", str(root / "out")], root=root) == 1
    warnings, review = review_lines(root)
    assert timeless(capsys.readouterr().err.splitlines()) == [
        *warnings,
        "error: massage (en, A4): needs 3 pages, layout allows 2",
        "hint: shorten the text of the leaflets named above",
        f"PDFs: {len(SMALL)} built (P pages), 0 up to date, S s; not built, earlier PDFs kept: "
        "massage (en, A4); "
        f"{review}gallery: {root / 'out' / 'index.html'}",
    ]
    after = whole_pdfs(root / "out" / "en")
    assert after["massage.pdf"] == before["massage.pdf"]
    rebuilt = [name for name in after if name != "massage.pdf"]
    assert len(rebuilt) == len(SMALL)  # the other leaflets and the brochure
    assert all(after[name] != before[name] for name in rebuilt)
    assert all(CHANGED_WORDS in " ".join(pdf_text(root / "out" / "en" / name).split()) for name in rebuilt)
    assert leftovers(root / "out" / "en") == []


def start_paused_build(root) -> subprocess.Popen:
    build = subprocess.Popen([sys.executable, "-c", PAUSED_BUILD, "--jobs", "1", "--out", str(root / "out")], cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert build.stdout.readline() == "paused\n"
    return build


def test_a_build_killed_while_writing_leaves_only_whole_pdfs(built_project):
    root, before = built_project
    build = start_paused_build(root)
    try:
        build.send_signal(signal.SIGKILL)
        assert build.wait(timeout=60) == -signal.SIGKILL
    finally:
        build.kill()
    after = whole_pdfs(root / "out" / "en")
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == [f"{TREATMENT_IDS[0]}.pdf"], "the first PDF is new, the others are as they were"
    assert set(after) == set(before)
    # the second PDF's temporary file (the brochure's: it is made right after the first leaflet) is all
    # a kill can leave, and it is not named *.pdf
    assert [name.split(".")[1:3] + name.split(".")[-1:] for name in leftovers(root / "out" / "en")] == [
        ["brochure", "pdf", "tmp"]]
    replace(root, "layouts/_default.yaml", "36\n    max_pages: 2", "36\n    max_pages: 1")
    assert cli.main(["--out", str(root / "out")], root=root) == 1
    assert leftovers(root / "out" / "en") == [], "the next build removes what the killed one left, even if it fails"


def test_a_terminated_build_cleans_up_and_says_so(built_project):
    root, before = built_project
    build = start_paused_build(root)
    try:
        build.send_signal(signal.SIGTERM)
        assert build.wait(timeout=60) == 130
    finally:
        build.kill()
    assert build.stderr.read().splitlines() == ["interrupted: PDFs in out are whole, either new or as they were"]
    assert leftovers(root / "out" / "en") == []
    assert set(whole_pdfs(root / "out" / "en")) == set(before)


def test_a_build_killed_after_its_first_pdf_leaves_only_whole_pdfs_and_its_workers_end(built_project):
    root, before = built_project
    build = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, "--jobs", "2", "--out", str(root / "out")], cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        workers = [int(pid) for pid in build.stdout.readline().split()]
        assert build.wait(timeout=60) == -signal.SIGKILL
    finally:
        build.kill()
    assert len(workers) == 2
    after = whole_pdfs(root / "out" / "en")
    assert set(after) == set(before)
    assert sorted(name for name in after if after[name] != before[name]) == [f"{TREATMENT_IDS[0]}.pdf"]
    assert leftovers(root / "out" / "en") == []
    assert not [pid for pid in workers if not ended(pid)], "the build's worker processes end with it"


def ended(pid: int) -> bool:
    """Whether the process ends (or has ended): waits for that event, not for a time, which only bounds a hang."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([handle], [], [], 60)[0])  # a pidfd is readable once its process has exited
    finally:
        os.close(handle)
