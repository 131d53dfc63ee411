"""The command line.

Takes the arguments of ``python build.py``; gives back an exit code (see errors.ExitCode). Every
error is one line on stderr, followed by a hint; a traceback only with --debug.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .content import available_languages
from .errors import ExitCode, LeafletError, UsageError
from .layouts import PAPER_SIZES

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
    p.add_argument("--practice", type=Path, metavar="FILE",
                   help="practice profile (YAML) whose name, logo and contact print on every leaflet; "
                        "without it, an empty box for the practice stamp")
    p.add_argument("--debug", action="store_true", help="show a traceback for errors")
    p.add_argument("--check", action="store_true",
                   help="check the content and layouts of every language; build and write nothing")
    p.add_argument("--missing", metavar="LANG[,LANG]",
                   help="list what a language still lacks compared with the English edition")
    add_print_options(p)
    return p


def add_print_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--paper", choices=sorted(PAPER_SIZES), default="a4",
                   help="paper size (default: a4); file names stay the same: use --out to keep sizes apart")
    p.add_argument("--print-ready", action="store_true",
                   help="for a print shop: 3 mm bleed, crop marks, TrimBox and BleedBox, CMYK only")
    p.add_argument("--large-print", action="store_true",
                   help="the large-print edition (UKAAF: body 16 pt or more, headings larger)")
    p.add_argument("--booklet", action="store_true",
                   help="also write <lang>/brochure-booklet.pdf: the A5 brochure two-up on A4 landscape "
                        "sheets; print duplex, flipping on the short edge, and fold once")


def variant(args: argparse.Namespace):
    from .pipeline import Variant

    return Variant(paper=args.paper, large_print=args.large_print, print_ready=args.print_ready,
                   booklet=args.booklet)


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


def check_only(args) -> int:
    """--check and --missing: report problems, write nothing."""
    from .checks import check_all
    from .languages import differences

    if args.missing:
        chosen = languages(args.missing, available_languages(ROOT))
        problems = [problem for lang in chosen for problem in differences(ROOT, lang)]
        done = f"nothing missing in {', '.join(chosen)}: every file and key of the English edition is there"
    else:
        problems = check_all(ROOT)
        done = f"content and layouts of {', '.join(available_languages(ROOT))} are valid"
    stream = sys.stdout if args.missing else sys.stderr  # the listing is the output a translator asked for
    for problem in problems:
        print(problem, file=stream)
    print(f"{len(problems)} problems" if problems else done, file=stream)
    return ExitCode.BUILD_ERROR if problems else ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.check or args.missing:
            return check_only(args)
        from .checks import translation_warnings
        from .pipeline import build
        from .practice import load_practice

        chosen = languages(args.lang, available_languages(ROOT))
        practice = load_practice(args.practice) if args.practice else None
        report = build(ROOT, args.out, chosen, variant(args), practice)
        warnings = translation_warnings(ROOT, chosen)
    except LeafletError as err:
        if args.debug:
            raise
        report_error(err)
        return err.exit_code
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    for failure in report.failures:
        report_error(failure)
    for warning in warnings:
        print(warning, file=sys.stderr)
    print(f"{len(report.written)} PDFs written to {args.out}", file=sys.stderr)
    if report.failures:
        print(f"hint: {len(report.failures)} failed; files that failed keep their last good version",
              file=sys.stderr)
        return ExitCode.BUILD_ERROR
    return ExitCode.OK
