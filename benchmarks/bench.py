"""How fast the build is on this machine: python benchmarks/bench.py [--runs N]

Takes nothing but the project; prints, as "median (best)" of --runs runs where it is a whole process:
the cold wall time of ``python build.py --lang en`` into a fresh folder, the time per leaflet in one
warm process (render and thumbnail), the no-op rebuild, the cold ``--lang all`` build, peak memory (the
largest single process's maximum resident set) and leaflets per second for 20 practices' sets built in
worker processes. The cold English build is compared with Typst laying out the same words (the text of
our PDFs, same font and size, one document per leaflet): measured when the ``typst`` Python package is
importable, else against the issue's reference of 0.35 s for this 2-core machine. Processes run with
Python's bytecode cache, as installed software does. A benchmark, not a test: nothing here passes or
fails.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPST_REFERENCE = 0.35  # seconds, the figure for Typst on this machine
PRACTICES = 20


# As installed software runs: with Python's bytecode cache, which some sandboxes turn off.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def whole_process(args: list[str], env=None) -> tuple[float, int]:
    """Wall seconds and peak RSS in KiB (the largest process of the tree) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed: {process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss


def build_command(out: Path, *options: str) -> list[str]:
    return [sys.executable, "build.py", "--out", str(out), "-q", *options]


class Times(list):
    """Seconds of several runs; on a shared machine the best is the cost, the median what one waits."""

    def __str__(self) -> str:
        return f"{statistics.median(self):.3f} s ({min(self):.3f} s)"


def cold(runs: int, *options: str) -> tuple[Times, int]:
    times, peak = Times(), 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            seconds, kib = whole_process(build_command(Path(out), *options))
        times.append(seconds)
        peak = max(peak, kib)
    return times, peak


def no_op(runs: int) -> Times:
    with tempfile.TemporaryDirectory() as out:
        whole_process(build_command(Path(out), "--lang", "en"))
        return Times(whole_process(build_command(Path(out), "--lang", "en"))[0] for _ in range(runs))


def per_leaflet() -> tuple[float, float]:
    """Mean seconds to render one English leaflet and to make its thumbnail, in a warm process."""
    from leaflet_builder.render import fonts
    from leaflet_builder.build import gallery, jobs
    from leaflet_builder.inputs.content import load_edition
    from leaflet_builder.inputs.layouts import load_layout
    from leaflet_builder.render.leaflet import render_leaflet

    fonts.register()
    edition = load_edition(ROOT, "en")
    treatments = jobs.treatment_ids(ROOT)
    layouts = {t: load_layout(ROOT, t) for t in treatments}
    render_leaflet(edition, treatments[0], layouts[treatments[0]])  # warm-up: caches, first subset
    render_time = thumbnail_time = 0.0
    for treatment in treatments:
        started = time.perf_counter()
        pdf = render_leaflet(edition, treatment, layouts[treatment])
        rendered = time.perf_counter()
        gallery.thumbnail(pdf)
        thumbnail_time += time.perf_counter() - rendered
        render_time += rendered - started
    return render_time / len(treatments), thumbnail_time / len(treatments)


def practices_rate(workers: int) -> tuple[float, int]:
    """Leaflets per second for PRACTICES sets of the English leaflets, as ``--practice`` builds them
    from several profiles: one set per practice in a folder of its own."""
    from leaflet_builder.build import jobs, pipeline
    from leaflet_builder.inputs.practice import load_practice

    example = load_practice(ROOT / "examples" / "practice.yaml")
    practices = tuple(dataclasses.replace(example, name=f"{example.name} {n:02d}") for n in range(1, PRACTICES + 1))
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        report = pipeline.build(ROOT, Path(out), ("en",), practices=practices, only=jobs.treatment_ids(ROOT),
                                workers=workers)
        seconds = time.perf_counter() - started
    assert not report.failures, report.failures
    return len(report.written) / seconds, len(report.written)


TYPST_SCRIPT = """
import sys, typst
fonts, *sources = sys.argv[1:]
for source in sources:
    typst.compile(source, output=source + ".pdf", font_paths=[fonts])
"""


def typst_string(text: str) -> str:
    """``text`` as a Typst string in markup: printed as is, never read as markup."""
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_time(runs: int) -> Times | None:
    """Cold wall time for Typst to lay out the words of our English PDFs, or None without typst."""
    try:
        import typst  # noqa: F401
    except ImportError:
        return None
    import pypdf

    from leaflet_builder.inputs.typeface import DEFAULT_FAMILY, FAMILIES

    with tempfile.TemporaryDirectory() as folder:
        built = Path(folder) / "built"
        whole_process(build_command(built, "--lang", "en"))
        sources = []
        for pdf in sorted((built / "en").glob("*.pdf")):
            text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
            body = "\n\n".join(typst_string(line.strip()) for line in text.splitlines() if line.strip())
            source = Path(folder) / f"{pdf.stem}.typ"
            source.write_text('#set page(paper: "a4", margin: 18mm)\n'
                              '#set text(font: "Atkinson Hyperlegible", size: 13pt)\n' + body)
            sources.append(str(source))
        fonts = str(FAMILIES[DEFAULT_FAMILY].regular.path.parent)
        command = [sys.executable, "-c", TYPST_SCRIPT, fonts, *sources]
        env = dict(ENV, PYTHONPATH=os.pathsep.join(sys.path))
        return Times(whole_process(command, env)[0] for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per whole-process figure (default 5)")
    runs = parser.parse_args().runs
    from leaflet_builder.cli import cores

    workers = cores()
    print(f"machine: {workers} cores, Python {sys.version.split()[0]}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    english, english_kib = cold(runs, "--lang", "en")
    single, single_kib = cold(runs, "--lang", "en", "--jobs", "1")
    print(f"cold build, --lang en, --jobs {workers}: {english}   (--jobs 1: {single})")
    from leaflet_builder.build import jobs

    leaflets, _ = cold(runs, "--lang", "en", "--only", ",".join(jobs.treatment_ids(ROOT)))
    print(f"  the 12 leaflets alone:      {leaflets}   (the brochure is the longest single job)")
    typst = typst_time(runs)
    if typst is None:
        print(f"  vs Typst, same words:       {TYPST_REFERENCE:.2f} s, the issue's reference (typst not installed): "
              f"{min(leaflets) / TYPST_REFERENCE:.2f}x for the leaflets, target 1.5x")
    else:
        print(f"  vs Typst, same words:       {typst}, measured here: "
              f"{min(leaflets) / min(typst):.2f}x best to best for the leaflets, target 1.5x")
    render, thumbnail = per_leaflet()
    print(f"per leaflet, in-process:      {(render + thumbnail) * 1000:.0f} ms "
          f"(render {render * 1000:.0f} ms, thumbnail {thumbnail * 1000:.0f} ms)")
    print(f"no-op rebuild:                {no_op(runs)}   (target 0.12 s)")
    everything, everything_kib = cold(runs, "--lang", "all")
    print(f"cold build, --lang all:       {everything}")
    print(f"peak memory, largest process: {max(english_kib, everything_kib) / 1024:.0f} MB with --jobs {workers}, "
          f"{single_kib / 1024:.0f} MB with --jobs 1   (target 120 MB)")
    rate, count = practices_rate(workers)
    print(f"{PRACTICES} practices, {count} leaflets: {rate:.1f} leaflets/s with {workers} workers")


if __name__ == "__main__":
    main()
