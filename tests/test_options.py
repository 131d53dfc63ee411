"""The build options: --list, --only, -q and the closing summary."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, TREATMENT_IDS
from leaflet_builder.cli import main
from leaflet_builder.inputs.icons import icon_names
from leaflet_builder.inputs.languages import available_languages
from leaflet_builder.inputs.reviews import review_status, review_warning


def test_list_names_every_treatment_language_and_icon(capsys):
    assert main(["--list"]) == 0
    listed = capsys.readouterr().out
    assert all(f"  {t} " in listed for t in TREATMENT_IDS)
    count = len(TREATMENT_IDS)
    for lang in available_languages(ROOT):
        assert f" treatments translated; {review_status(ROOT, lang).state}" in listed
    assert f"  en  English: {count} of {count} treatments translated" in listed
    assert f"  {', '.join(icon_names(ROOT))}\n" in listed


def test_unknown_treatment_is_a_usage_error(capsys, tmp_path):
    assert main(["--only", "masage", "--out", str(tmp_path)]) == 2
    assert "unknown treatment 'masage'" in capsys.readouterr().err
    assert not tmp_path.joinpath("en").exists()


def test_quiet_prints_only_the_review_warning_and_the_summary_shows_the_review_status(capsys, tmp_path):
    status = review_status(ROOT, "en")
    assert main(["--only", "massage", "--out", str(tmp_path), "-q"]) == 0
    assert capsys.readouterr().err.splitlines() == [warning for warning in [review_warning(status)] if warning]
    assert main(["--only", "massage,traction", "--jobs", "1", "--out", str(tmp_path)]) == 0
    summary = capsys.readouterr().err.splitlines()[-1]
    assert summary.startswith("PDFs: 1 built (2 pages), 1 up to date, ")
    assert f"; review: en {status.state}; gallery: " in summary


def test_a_terminal_gets_a_progress_line_per_pdf(tmp_path):
    leader, follower = os.openpty()
    try:
        subprocess.run([sys.executable, "build.py", "--only", "massage,traction", "--jobs", "1", "--out",
                        str(tmp_path)], cwd=ROOT, stderr=follower, check=True)
        shown = os.read(leader, 10_000).decode()
    finally:
        os.close(leader)
        os.close(follower)
    lines = shown.splitlines()
    assert lines[:2] == ["[1/2] en/massage.pdf (2 pages)", "[2/2] en/traction.pdf (2 pages)"]
    assert lines[-1].startswith("PDFs: 2 built (4 pages), 0 up to date, ")


def test_a_folder_that_is_no_project_is_one_usage_line(tmp_path, capsys):
    """build.py run against a folder without the content, as after copying it elsewhere: no traceback."""
    assert main(["--list"], root=tmp_path) == 2
    assert main(["--lang", "en"], root=tmp_path) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"error: {tmp_path.resolve()} is not a leaflet-builder project: it has no leaflets/ folder",
                   "hint: run build.py from the folder that holds leaflets/, layouts/ and i18n/"] * 2


def test_creep_is_for_the_print_ready_booklet_and_in_millimetres_from_0_to_1(capsys, tmp_path):
    assert main(["--creep", "0.1", "--booklet", "--out", str(tmp_path)]) == 2
    assert "--creep is for the print-ready booklet: add --booklet --print-ready" in capsys.readouterr().err
    for wrong in ("2", "-0.1", "thin"):
        try:
            code = main(["--creep", wrong, "--booklet", "--print-ready", "--out", str(tmp_path)])
        except SystemExit as stop:  # argparse's own usage error
            code = stop.code
        assert code == 2 and f"'{wrong}' is not a number of millimetres from 0 to 1" in capsys.readouterr().err
    assert not tmp_path.joinpath("en").exists()
