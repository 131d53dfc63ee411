"""Incremental builds: nothing changed writes nothing (and loads no ReportLab), a changed treatment
rebuilds that leaflet only, a missing output is remade, --force and a fresh output folder rebuild all."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, replace
from leaflet_builder.build import jobs, stamps, state
from leaflet_builder.build.pipeline import build
from leaflet_builder.inputs.content import treatment_ids

SOME = ("acupuncture", "massage", "traction")


def snapshot(folder):
    """Every file with what a write would change: inode (atomic writes replace it) and mtime."""
    return {path.relative_to(folder).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in folder.rglob("*") if path.is_file()}


def run(root, out, **options):
    report = build(root, out, ("en",), only=SOME, workers=1, **options)
    assert not report.failures
    return report


def test_a_rebuild_with_nothing_changed_writes_nothing(project, tmp_path):
    out = tmp_path / "out"
    first = run(project, out)
    assert sorted(p.name for p in first.written) == sorted(f"{t}.pdf" for t in SOME)
    before = snapshot(out)
    again = run(project, out)
    assert again.written == [] and len(again.unchanged) == len(SOME)
    assert snapshot(out) == before


def test_a_changed_treatment_rebuilds_only_its_leaflet(project, tmp_path):
    out = tmp_path / "out"
    run(project, out)
    before = snapshot(out)
    text = project / "leaflets" / "en" / "massage.yaml"
    text.write_text(text.read_text().replace("key_message:", "key_message: Changed.", 1))
    report = run(project, out)
    assert [p.name for p in report.written] == ["massage.pdf"]
    changed = {name for name, stamp in snapshot(out).items() if before.get(name) != stamp}
    assert changed == {"en/massage.pdf", "en/massage.html", "thumbnails/en/massage.jpg", ".build-state.json"}


def test_a_shared_file_rebuilds_every_leaflet(project, tmp_path):
    out = tmp_path / "out"
    run(project, out)
    layout = project / "layouts" / "_default.yaml"
    layout.write_text(layout.read_text() + "\n# a comment changes the bytes, so the fingerprint\n")
    assert len(run(project, out).written) == len(SOME)


def test_a_changed_icon_rebuilds(project, tmp_path):
    out = tmp_path / "out"
    run(project, out)
    icon = next((project / "layouts" / "icons").glob("*.svg"))
    icon.write_text(icon.read_text() + "<!-- a comment changes the bytes -->\n")
    assert len(run(project, out).written) == len(SOME)


def test_missing_or_altered_outputs_are_remade(project, tmp_path):
    out = tmp_path / "out"
    run(project, out)
    (out / "en" / "massage.pdf").unlink()
    (out / "thumbnails" / "en" / "traction.jpg").write_bytes(b"not a picture")
    assert sorted(p.name for p in run(project, out).written) == ["massage.pdf", "traction.pdf"]


def test_force_and_a_fresh_folder_rebuild_everything(project, tmp_path):
    run(project, tmp_path / "out")
    assert len(run(project, tmp_path / "out", force=True).written) == len(SOME)
    assert len(run(project, tmp_path / "fresh").written) == len(SOME)


def test_a_rebuild_with_nothing_to_do_loads_no_reportlab_yaml_or_package_metadata(built_en):
    """What the no-op build costs is mostly what it imports (benchmarks/bench.py, docs/speed.md):
    dataclasses alone (it loads inspect, ast and dis) and its classes were a fifth of it."""
    code = ("import sys; from leaflet_builder.cli import main; "
            f"code = main(['--lang', 'all', '--out', {str(built_en.parent)!r}, '-q']); "  # as it was built
            "print(code, sorted(m for m in sys.modules if m.startswith(('reportlab', 'pypdfium2', 'yaml', "
            "'importlib.metadata', 'typing', 'dataclasses'))))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["0", "[]"]


def test_content_that_does_not_validate_keeps_the_last_good_pdfs(project, tmp_path):
    out = tmp_path / "out"
    run(project, out)
    before = snapshot(out)
    shared = project / "leaflets" / "en" / "shared.yaml"
    good = shared.read_text()
    shared.write_text(good.replace("  taken_on:", "  taken_on: not a date\n  former_taken_on:", 1))
    report = build(project, out, ("en",), only=SOME, workers=2)
    assert [p.path for p in report.failures[0].problems] == ["leaflets/en/shared.yaml"] * 2
    assert len(report.failures) == 1 and report.written == []  # reported once, from worker processes
    assert snapshot(out) == before
    shared.write_text(good)
    assert run(project, out).written == []  # the state still matches the restored content


def test_a_translation_is_rebuilt_and_checked_when_its_english_file_changes(project, tmp_path):
    out = tmp_path / "out"
    build(project, out, ("en", "de"), only=("massage",), workers=1)
    replace(project, "leaflets/en/massage.yaml", "name: Massage\n", "name: Massage\nsubtitle: Hands on\n")
    replace(project, "leaflets/citations.yaml", "massage.name:", "massage.subtitle: editorial\nmassage.name:")
    report = build(project, out, ("en", "de"), only=("massage",), workers=1)
    assert report.written == [out / "en" / "massage.pdf"], "English builds; German lacks the new key"
    assert "leaflets/de/massage.yaml:1:1: missing key 'subtitle'" in str(report.failures[0])


def test_the_library_versions_are_those_importlib_metadata_reads():
    from importlib.metadata import version

    assert jobs._library_versions() == tuple(f"{name} {version(name)}" for name in jobs.RENDERING_LIBRARIES)


def test_a_library_upgrade_rebuilds(project, tmp_path, monkeypatch):
    """A newer version of any rendering library, installed ahead of the old one on sys.path (as a
    virtual environment or a user install puts it), changes every fingerprint, so the next build
    rebuilds; then a build has nothing to do again."""
    out, first = tmp_path / "out", treatment_ids(ROOT)[:1]
    assert build(project, out, ("en",), only=first, workers=1).written
    site = tmp_path / "site"
    monkeypatch.syspath_prepend(str(site))
    common = jobs.Fingerprints(project).common
    for name in jobs.RENDERING_LIBRARIES:
        metadata = site / f"{name.replace('-', '_')}-999.0.dist-info" / "METADATA"
        metadata.parent.mkdir(parents=True)
        metadata.write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 999.0\n\nVersion: 1.0 in the text\n")
        assert f"{name} 999.0" in jobs._library_versions()
        assert jobs.Fingerprints(project).common != common, name
        common = jobs.Fingerprints(project).common
    assert [path.name for path in build(project, out, ("en",), only=first, workers=1).written] == [f"{first[0]}.pdf"]
    assert build(project, out, ("en",), only=first, workers=1).written == []


def test_a_build_with_nothing_to_do_reads_no_output_whose_stamp_is_unchanged(project, tmp_path, monkeypatch):
    """The outputs' stamps, kept in the builder's cache, spare a build with nothing to do reading them;
    a file changed in place, even to the same size and modification time, is read, found altered and made."""
    out = tmp_path / "out"
    run(project, out)
    read = []
    monkeypatch.setattr(state, "_file_sha256", lambda path: read.append(path) or _sha256_of(path))
    assert run(project, out).written == [] and read, "stamps just taken are not trusted (coarse file times)"
    monkeypatch.setattr(stamps, "RACY_NS", 0)
    run(project, out)  # stamps the files again, now to be trusted
    read.clear()
    assert run(project, out).written == [] and read == []
    assert not list(out.glob("*stamp*")) and "ctime" not in (out / ".build-state.json").read_text()
    pdf = out / "en" / "massage.pdf"
    times, data = pdf.stat(), bytearray(pdf.read_bytes())
    data[-2:-1] = b"X" if data[-2:-1] != b"X" else b"Y"
    with open(pdf, "r+b") as same_file:  # the same inode and size
        same_file.write(data)
    os.utime(pdf, ns=(times.st_atime_ns, times.st_mtime_ns))  # the modification time set back; the change time moves
    assert [p.name for p in run(project, out).written] == ["massage.pdf"]


def _sha256_of(path):
    try:
        return state.sha256(path.read_bytes())
    except OSError:
        return None


def test_a_stamp_taken_in_the_same_tick_as_a_change_is_not_trusted(tmp_path):
    (tmp_path / "file").write_bytes(b"bytes")
    kept = stamps.Stamps(tmp_path)
    kept.take("file", "digest")
    assert not kept.holds("file", "digest"), "just written: a change in the same clock tick would keep its times"
