"""How fast the build is on this machine: python benchmarks/bench.py [--runs N] [--practices K]

Takes nothing but the project; prints the machine (cores, Python, load average before and after), the
versions of Typst and WeasyPrint, then each figure of --runs whole processes (default 5) as its median
and spread (lowest–highest), in CPU seconds (user + system, the process and the workers it waited
for) and in wall seconds. CPU time is what the build costs; wall time on a shared machine is mostly
what the other processes cost, so the no-op and batch targets are judged on CPU time, and the one
wall-time target (Typst) only when the load average is at most the cores. Figures: the no-op rebuild
of ``--lang en`` and of ``--lang all``, each against ``python -c pass`` (the interpreter's own
start-up) run in turn with it, three times --runs; the cold ``--lang en``
(12 leaflets, the brochure and the gallery) side by side, in the same rounds, with Typst and
WeasyPrint laying out the same words (the text of our 13 PDFs, our font and body size, A4; from the
``bench`` extra: pip install -e '.[bench]'); the cold ``--lang all``; ``--check``; a batch of
practices (one practice's cold set, then 1 + K practices': what each further practice's set costs as
a share of the first's, and PDFs per second); with --big-batch N, a batch of N practices, each with
its own name, address, note and logo (benchmarks/practices.py), built as a user would, ``nice``, on
every core: PDFs per second and the peak memory of its largest process; peak memory (the largest
single process's maximum resident set); the time per leaflet in one warm process. Processes run with
Python's bytecode cache, as installed software does (PYTHONDONTWRITEBYTECODE, which some sandboxes set,
is removed for them).
A benchmark, not a test: nothing here passes or fails; where a target is missed it says by how much.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from leaflet_builder.build.stamps import RACY_NS  # noqa: E402 (the project, from ROOT)
from practices import logo, profile  # noqa: E402 (benchmarks/practices.py)

# As installed software runs: with Python's bytecode cache, which some sandboxes turn off.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Run:
    cpu: float  # user + system seconds of the process and of the children it waited for
    wall: float
    kib: int  # peak resident set of the largest single process of the tree


def whole_process(args: list[str], env=None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(args)} failed: {process.stderr.read().decode()}")
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss)


class Runs(list):
    """Several runs of one figure."""

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu for run in self)

    @property
    def wall(self) -> float:
        return statistics.median(run.wall for run in self)

    @property
    def kib(self) -> int:
        return max(run.kib for run in self)

    def __str__(self) -> str:
        def spread(values) -> str:
            values = sorted(values)
            return f"{statistics.median(values):.3f} s ({values[0]:.3f}–{values[-1]:.3f})"

        return f"CPU {spread(run.cpu for run in self)}, wall {spread(run.wall for run in self)}"


def build_command(out: Path, *options: str) -> list[str]:
    return [sys.executable, "build.py", "--out", str(out), "-q", *options]


def cold(runs: int, *options: str) -> Runs:
    measured = Runs()
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            measured.append(whole_process(build_command(Path(out), *options)))
    return measured


def no_op(runs: int, *options: str) -> tuple[Runs, Runs]:
    """The no-op rebuild, and ``python -c pass`` run just before each of its runs, so that the two see the
    same load."""
    interpreter, rebuild = Runs(), Runs()
    with tempfile.TemporaryDirectory() as out:
        whole_process(build_command(Path(out), *options))
        time.sleep(RACY_NS / 1e9)  # a rebuild comes later than that: sooner, it hashes what was just written
        for _ in range(runs):
            interpreter.append(whole_process([sys.executable, "-c", "pass"]))
            rebuild.append(whole_process(build_command(Path(out), *options)))
    return interpreter, rebuild


def check(runs: int) -> Runs:
    return Runs(whole_process([sys.executable, "build.py", "--check"]) for _ in range(runs))


def profiles(folder: Path, count: int) -> Path:
    """``count`` practice profiles, each the example's with its own name, in a folder of their own."""
    example = ROOT / "examples" / "practice.yaml"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "logo.png", folder / "logo.png")
    text = example.read_text(encoding="utf-8")
    for n in range(1, count + 1):
        (folder / f"practice-{n:04d}.yaml").write_text(
            text.replace('name: "Praxis Dr. Example"', f'name: "Praxis Dr. Example {n:04d}"'), encoding="utf-8")
    return folder


def batch(runs: int, further: int) -> tuple[Runs, Runs, int]:
    """Cold English sets in one process (--jobs 1, so that the CPU time is the work, not the workers'
    warming up): of one practice, and of 1 + ``further`` practices; and how many PDFs the latter wrote."""
    with tempfile.TemporaryDirectory() as folder:
        one = profiles(Path(folder) / "one", 1)
        many = profiles(Path(folder) / "many", 1 + further)
        first = cold(runs, "--lang", "en", "--jobs", "1", "--practice", str(one))
        batch_runs = cold(runs, "--lang", "en", "--jobs", "1", "--practice", str(many))
        with tempfile.TemporaryDirectory() as out:
            whole_process(build_command(Path(out), "--lang", "en", "--jobs", "1", "--practice", str(many)))
            pdfs = sum(1 for _ in Path(out).rglob("*.pdf"))
    return first, batch_runs, pdfs


def big_batch(count: int) -> tuple[Run, int]:
    """A batch of ``count`` practices with their own profiles and logos, --lang en, nice, on every
    core; and how many PDFs it wrote."""
    with tempfile.TemporaryDirectory() as folder:
        profiles = Path(folder) / "practices"
        profiles.mkdir()
        for number in range(1, count + 1):
            logo(number).save(profiles / f"logo-{number:04d}.png", optimize=True)
            (profiles / f"practice-{number:04d}.yaml").write_text(profile(number), encoding="utf-8")
        out = Path(folder) / "out"
        run = whole_process(["nice", *build_command(out, "--lang", "en", "--practice", str(profiles))])
        return run, sum(1 for _ in out.rglob("*.pdf"))


def per_leaflet() -> tuple[float, float]:
    """Mean CPU seconds to render one English leaflet and to make its thumbnail, in a warm process."""
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
        started = time.process_time()
        pdf = render_leaflet(edition, treatment, layouts[treatment])
        rendered = time.process_time()
        gallery.thumbnail(pdf)
        thumbnail_time += time.process_time() - rendered
        render_time += rendered - started
    return render_time / len(treatments), thumbnail_time / len(treatments)


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


def side_by_side(runs: int) -> dict[str, Runs]:
    """Cold whole processes of our English build, Typst and WeasyPrint on the same words, run in turn
    so that the machine's load falls on all three alike; Typst and WeasyPrint only if installed."""
    from leaflet_builder.inputs.typeface import DEFAULT_FAMILY, FAMILIES

    commands = {"ours": None}
    env = dict(ENV, PYTHONPATH=os.pathsep.join(sys.path))
    with tempfile.TemporaryDirectory() as folder:
        typst_sources, html_sources = same_words(Path(folder))
        fonts = str(FAMILIES[DEFAULT_FAMILY].regular.path.parent)
        for name, command in (("typst", [sys.executable, "-c", TYPST_SCRIPT, fonts, *typst_sources]),
                              ("weasyprint", [sys.executable, "-c", WEASYPRINT_SCRIPT, *html_sources])):
            if importlib.util.find_spec(name):
                commands[name] = command
        measured = {name: Runs() for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                if command is None:
                    with tempfile.TemporaryDirectory() as out:
                        measured[name].append(whole_process(build_command(Path(out), "--lang", "en")))
                else:
                    measured[name].append(whole_process(command, env))
    return measured


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else f"not met, by {value / target:.2f}x"


def judged(wall_ratio: float) -> str:
    """The wall-time verdict, given only on a machine that was not busier than its cores."""
    busy = os.getloadavg()[0]
    if busy > (os.cpu_count() or 1):
        return f"not judged: load average {busy:.1f} on {os.cpu_count()} cores"
    return verdict(wall_ratio, 1.0)


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed (pip install -e '.[bench]')"

    return f"Typst (the typst package) {installed('typst')}, WeasyPrint {installed('weasyprint')}"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per whole-process figure (default 5)")
    parser.add_argument("--practices", type=int, default=3,
                        help="further practices in the batch, after the first (default 3)")
    parser.add_argument("--big-batch", type=int, default=0, metavar="N",
                        help="also build a batch of N practices with their own logos (1000: the issue's)")
    args = parser.parse_args()
    runs = args.runs
    from leaflet_builder.cli import cores

    workers = cores()
    print(f"machine: {os.cpu_count()} cores ({workers} for the build), {platform.machine()}, "
          f"Python {platform.python_version()}, load average before the run {load()}")
    print(f"versions: {versions()}")
    print(f"{runs} runs each: median (lowest–highest); targets judged on CPU time (user + system)")

    for language in ("en", "all"):  # small figures: three times the runs
        start, noop = no_op(3 * runs, "--lang", language)
        ratio = noop.cpu / start.cpu
        print(f"no-op rebuild, --lang {language + ':':5}    {noop}\n  python -c pass, in turn with it: {start}"
              f"\n  = {ratio:.2f}x python -c pass in CPU (target at most 3x: {verdict(ratio, 3.0)})")
    checked = check(runs)
    print(f"--check:                        {checked}")

    measured = side_by_side(runs)
    ours = measured["ours"]
    print(f"cold build, --lang en (12 leaflets, brochure, gallery), --jobs {workers}:")
    print(f"  ours:                         {ours}")
    for name in ("typst", "weasyprint"):
        if name in measured:
            other = measured[name]
            target = f" (target at most 1.0x wall: {judged(ours.wall / other.wall)})" if name == "typst" else ""
            print(f"  {name + ', the same words:':29} {other}\n    ours / {name} = {ours.cpu / other.cpu:.2f}x CPU, "
                  f"{ours.wall / other.wall:.2f}x wall{target}")
    everything = cold(runs, "--lang", "all")
    print(f"cold build, --lang all:         {everything}")

    first, many, pdfs = batch(runs, args.practices)
    further = (many.cpu - first.cpu) / args.practices
    share = further / first.cpu
    print(f"batch of practices, --lang en --jobs 1: the first practice's set {first}")
    print(f"  1 + {args.practices} practices ({pdfs} PDFs):    {many}")
    print(f"  each further practice's set: {further:.3f} s CPU = {share:.0%} of the first's "
          f"(target at most 25%: {verdict(share, 0.25)}); {pdfs / many.wall:.1f} PDFs per wall second, "
          f"{pdfs / many.cpu:.1f} per CPU second")
    if args.big_batch:
        big, written = big_batch(args.big_batch)
        megabytes = big.kib / 1024
        print(f"batch of {args.big_batch} practices, --lang en, nice, --jobs {workers}: {written} PDFs, "
              f"CPU {big.cpu:.0f} s, wall {big.wall:.0f} s: {written / big.wall:.1f} PDFs per wall second, "
              f"{written / big.cpu:.1f} per CPU second; largest process {megabytes:.0f} MB "
              f"(target at most 200 MB: {verdict(megabytes, 200)})")
    peak = max(ours.kib, everything.kib, many.kib) / 1024
    print(f"peak memory, largest process:   {peak:.0f} MB")
    render, thumbnail = per_leaflet()
    print(f"per leaflet, in one warm process: {(render + thumbnail) * 1000:.0f} ms CPU "
          f"(render {render * 1000:.0f} ms, thumbnail {thumbnail * 1000:.0f} ms)")
    print(f"load average after the run {load()}")


if __name__ == "__main__":
    main()
