"""How fast the build is on this machine: python benchmarks/bench.py [--runs N]

Takes nothing but the project; prints, as "median (best)" of --runs runs (default 7) of whole
processes, each against its target: the cold wall time of ``python build.py --lang en`` (12 leaflets,
the brochure and the gallery) into a fresh folder, side by side in the same rounds with Typst and
WeasyPrint laying out the same words (the text of our 13 PDFs, our font and body size, A4; from the
``bench`` extra: pip install -e '.[bench]'); the no-op rebuild; ``--check``; peak memory (the largest
single process's maximum resident set). Then the single-process and --lang all builds, the time per
leaflet in one warm process and leaflets per second for 20 practices' sets. Processes run with
Python's bytecode cache, as installed software does. A benchmark, not a test: nothing here passes or
fails; where a target is missed it says by how much.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
    from leaflet_builder.build import gallery
    from leaflet_builder.inputs.content import load_edition, treatment_ids
    from leaflet_builder.inputs.layouts import load_layout
    from leaflet_builder.render.leaflet import render_leaflet

    fonts.register()
    edition = load_edition(ROOT, "en")
    treatments = treatment_ids(ROOT)
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
    from leaflet_builder.build import pipeline
    from leaflet_builder.inputs.content import treatment_ids
    from leaflet_builder.inputs.practice import load_practice

    example = load_practice(ROOT / "examples" / "practice.yaml")
    practices = tuple(dataclasses.replace(example, name=f"{example.name} {n:02d}") for n in range(1, PRACTICES + 1))
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        report = pipeline.build(ROOT, Path(out), ("en",), practices=practices, only=treatment_ids(ROOT),
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

WEASYPRINT_SCRIPT = """
import sys, weasyprint
for source in sys.argv[1:]:
    weasyprint.HTML(filename=source).write_pdf(source + ".pdf")
"""


def typst_string(text: str) -> str:
    """``text`` as a Typst string in markup: printed as is, never read as markup."""
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def same_words(folder: Path) -> tuple[list[str], list[str]]:
    """The words of our English PDFs (12 leaflets and the brochure), one document each, as Typst and as
    HTML sources in ``folder``, in our font and body size on A4: what the other two lay out."""
    import html

    import pypdf

    from leaflet_builder.inputs.typeface import DEFAULT_FAMILY, FAMILIES

    built = folder / "built"
    whole_process(build_command(built, "--lang", "en"))
    font = FAMILIES[DEFAULT_FAMILY].regular.path
    typst_sources, html_sources = [], []
    for pdf in sorted((built / "en").glob("*.pdf")):
        lines = [line.strip() for page in pypdf.PdfReader(pdf).pages for line in page.extract_text().splitlines()
                 if line.strip()]
        source = folder / f"{pdf.stem}.typ"
        source.write_text('#set page(paper: "a4", margin: 18mm)\n'
                          '#set text(font: "Atkinson Hyperlegible", size: 13pt)\n'
                          + "\n\n".join(typst_string(line) for line in lines))
        typst_sources.append(str(source))
        page = folder / f"{pdf.stem}.html"
        page.write_text(f"<!doctype html><meta charset=utf-8><style>@font-face {{font-family: Atkinson; "
                        f"src: url('{font.as_uri()}')}} @page {{size: A4; margin: 18mm}} "
                        "body {font: 13pt/1.35 Atkinson}</style>"
                        + "".join(f"<p>{html.escape(line)}</p>" for line in lines))
        html_sources.append(str(page))
    return typst_sources, html_sources


def side_by_side(runs: int) -> dict[str, Times]:
    """Cold whole-process times of our English build, Typst and WeasyPrint on the same words, run in
    turn so that the machine's load falls on all three alike; Typst and WeasyPrint only if installed."""
    from leaflet_builder.inputs.typeface import DEFAULT_FAMILY, FAMILIES

    commands = {"ours": None}
    env = dict(ENV, PYTHONPATH=os.pathsep.join(sys.path))
    with tempfile.TemporaryDirectory() as folder:
        typst_sources, html_sources = same_words(Path(folder))
        fonts = str(FAMILIES[DEFAULT_FAMILY].regular.path.parent)
        for name, module, command in (
                ("typst", "typst", [sys.executable, "-c", TYPST_SCRIPT, fonts, *typst_sources]),
                ("weasyprint", "weasyprint", [sys.executable, "-c", WEASYPRINT_SCRIPT, *html_sources])):
            if importlib.util.find_spec(module):
                commands[name] = command
        times = {name: Times() for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                if command is None:
                    with tempfile.TemporaryDirectory() as out:
                        times[name].append(whole_process(build_command(Path(out), "--lang", "en"))[0])
                else:
                    times[name].append(whole_process(command, env)[0])
    return times


def verdict(value: float, target: float, at_most: bool) -> str:
    met = value <= target if at_most else value >= target
    if met:
        return "met"
    return f"not met, by {value / target:.2f}x" if at_most else f"not met, by {target / value:.2f}x"


def check_times(runs: int) -> Times:
    return Times(whole_process([sys.executable, "build.py", "--check"])[0] for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per whole-process figure (default 7)")
    runs = parser.parse_args().runs
    from leaflet_builder.cli import cores
    from leaflet_builder.inputs.content import treatment_ids

    workers = cores()
    print(f"machine: {workers} cores, Python {sys.version.split()[0]}, load average before the run "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {runs} runs each, median (best)")
    times = side_by_side(runs)
    ours = statistics.median(times["ours"])
    print(f"cold build, --lang en (12 leaflets, brochure, gallery), --jobs {workers}: {times['ours']}")
    if "typst" in times:
        ratio = ours / statistics.median(times["typst"])
        print(f"  Typst, the same words, 13 documents:      {times['typst']}   ours / Typst = {ratio:.2f}x "
              f"(target at most 1.0x: {verdict(ratio, 1.0, at_most=True)})")
    else:
        print("  Typst: not installed (pip install -e '.[bench]')")
    if "weasyprint" in times:
        ratio = statistics.median(times["weasyprint"]) / ours
        print(f"  WeasyPrint, the same words, 13 documents: {times['weasyprint']}   WeasyPrint / ours = "
              f"{ratio:.1f}x (target at least 7x: {verdict(ratio, 7.0, at_most=False)})")
    else:
        print("  WeasyPrint: not installed (pip install -e '.[bench]')")
    noop = no_op(runs)
    print(f"no-op rebuild:                {noop}   (target at most 0.08 s: "
          f"{verdict(statistics.median(noop), 0.08, at_most=True)})")
    check = check_times(runs)
    print(f"--check:                      {check}   (target at most 0.15 s: "
          f"{verdict(statistics.median(check), 0.15, at_most=True)})")
    single, single_kib = cold(runs, "--lang", "en", "--jobs", "1")
    print(f"cold build, --lang en, --jobs 1: {single}")
    leaflets, _ = cold(runs, "--lang", "en", "--only", ",".join(treatment_ids(ROOT)))
    print(f"  the 12 leaflets alone:      {leaflets}")
    everything, everything_kib = cold(runs, "--lang", "all")
    print(f"cold build, --lang all:       {everything}")
    peak = max(everything_kib, single_kib) / 1024
    print(f"peak memory, largest process: {peak:.0f} MB (--lang all with {workers} workers, --lang en with "
          f"--jobs 1; target at most 120 MB: {verdict(peak, 120, at_most=True)})")
    render, thumbnail = per_leaflet()
    print(f"per leaflet, in-process:      {(render + thumbnail) * 1000:.0f} ms "
          f"(render {render * 1000:.0f} ms, thumbnail {thumbnail * 1000:.0f} ms)")
    rate, count = practices_rate(workers)
    print(f"{PRACTICES} practices, {count} leaflets: {rate:.1f} leaflets/s with {workers} workers")


if __name__ == "__main__":
    main()
