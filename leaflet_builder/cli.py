"""The command line.

Takes the arguments of ``python build.py``; gives back an exit code (see errors.ExitCode). Every
error is one line on stderr, followed by a hint; a traceback only with --debug.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .content import available_languages
from .errors import ExitCode, LeafletError, UsageError

ROOT = Path(__file__).resolve().parent.parent


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build print-ready PDF leaflets on passive treatments for low back pain.",
        epilog="Exit codes: 0 success, 1 build errors, 2 usage errors.",
    )
    p.add_argument("--lang", default="en", metavar="LANG[,LANG]",
                   help="language(s) to build, comma-separated, or 'all' (default: en)")
    p.add_argument("--out", type=Path, default=ROOT / "dist", metavar="DIR",
                   help="output folder; PDFs go to DIR/<lang>/ (default: dist)")
    p.add_argument("--only", metavar="ID[,ID]", help="build only these treatments (see --list)")
    p.add_argument("--jobs", type=positive, default=cores(), metavar="N",
                   help=f"worker processes (default: the number of cores, {cores()})")
    p.add_argument("--force", action="store_true", help="rebuild everything, even what is up to date")
    p.add_argument("--list", action="store_true", help="list the treatments and languages, and stop")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("--debug", action="store_true", help="show a traceback for errors")
    return p


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def show_progress(done: int, total: int, result) -> None:
    if isinstance(result, LeafletError):
        print(f"[{done}/{total}] failed (see below)", file=sys.stderr)
    else:
        print(f"[{done}/{total}] {result.job.output} ({result.card['pages']} pages)", file=sys.stderr)


def summary(report, seconds: float, out: Path) -> str:
    return (f"PDFs: {len(report.written)} built ({report.pages} pages), {len(report.unchanged)} up to date, "
            f"{seconds:.2f} s; gallery: {out / 'index.html'}")


def languages(requested: str, available: tuple[str, ...]) -> tuple[str, ...]:
    if requested.strip() == "all":
        return available
    chosen = tuple(dict.fromkeys(code.strip() for code in requested.split(",") if code.strip()))
    unknown = [code for code in chosen if code not in available]
    if unknown or not chosen:
        raise UsageError(f"unknown language '{','.join(unknown) or requested}'; "
                         f"available: {', '.join(available)}, or all")
    return chosen


def report_error(err: LeafletError) -> None:
    print(f"error: {err}", file=sys.stderr) if not hasattr(err, "problems") else None
    for problem in getattr(err, "problems", ()):
        print(problem, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parser().parse_args(argv)
    if args.list:
        from .listing import lines

        print("\n".join(lines(ROOT)))
        return ExitCode.OK
    only = tuple(t.strip() for t in args.only.split(",") if t.strip()) if args.only else None
    try:
        from .pipeline import build

        report = build(ROOT, args.out, languages(args.lang, available_languages(ROOT)), only=only,
                       force=args.force, workers=args.jobs,
                       progress=show_progress if sys.stderr.isatty() and not args.quiet else None)
    except LeafletError as err:
        if args.debug:
            raise
        report_error(err)
        return err.exit_code
    for failure in report.failures:
        report_error(failure)
    if not args.quiet:
        print(summary(report, time.perf_counter() - started, args.out), file=sys.stderr)
    if report.failures:
        print(f"hint: {len(report.failures)} failed; files that failed keep their last good version",
              file=sys.stderr)
        return ExitCode.BUILD_ERROR
    return ExitCode.OK
