"""The command line.

Takes the arguments of ``python build.py``; gives back an exit code (see errors.ExitCode). Every
error is one line on stderr, followed by a hint; a traceback only with --debug.
"""
from __future__ import annotations

import argparse
import signal
import sys
import traceback
from pathlib import Path

from .content import available_languages
from .errors import ExitCode, LeafletError, UsageError
from .pipeline import BuildReport, build

ROOT = Path(__file__).resolve().parent.parent


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build print-ready PDF leaflets on passive treatments for low back pain.",
        epilog="Exit codes: 0 success, 1 build errors, 2 usage errors, 130 interrupted.",
    )
    p.add_argument("--lang", default="en", metavar="LANG[,LANG]",
                   help="language(s) to build, comma-separated, or 'all' (default: en)")
    p.add_argument("--out", type=Path, default=ROOT / "dist", metavar="DIR",
                   help="output folder; PDFs go to DIR/<lang>/ (default: dist)")
    p.add_argument("--debug", action="store_true", help="show a traceback for errors")
    return p


def languages(requested: str, available: tuple[str, ...]) -> tuple[str, ...]:
    if requested.strip() == "all":
        return available
    chosen = tuple(dict.fromkeys(code.strip() for code in requested.split(",") if code.strip()))
    unknown = [code for code in chosen if code not in available]
    if unknown or not chosen:
        raise UsageError(f"unknown language '{','.join(unknown) or requested}'; "
                         f"available: {', '.join(available)}, or all")
    return chosen


def report(failures: list, debug: bool) -> None:
    """One line per problem, the input files' problems together in file order, then one hint line; with
    --debug the tracebacks first."""
    for failure in failures if debug else ():
        traceback.print_exception(failure, file=sys.stderr)
    # a file every language reads, such as leaflets/treatments.yaml, is reported once
    for problem in sorted({problem for failure in failures for problem in getattr(failure, "problems", ())}):
        print(problem, file=sys.stderr)
    for failure in failures:
        if not hasattr(failure, "problems"):
            print(f"error: {failure}", file=sys.stderr)
    hints = dict.fromkeys(failure.hint for failure in failures if failure.hint)
    if hints:
        print(f"hint: {'; '.join(hints)}", file=sys.stderr)


def shown(path: Path) -> Path:
    """A path as short as it can be said from where the command runs."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def summary(built: BuildReport, out: Path) -> str:
    text = f"built {len(built.written)} PDF{'s' * (len(built.written) != 1)} in {shown(out)}"
    if built.not_built:
        text += f"; not built, earlier PDFs kept: {', '.join(built.not_built)}"
    return text


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    args = parser().parse_args(argv)
    # SIGTERM, like Ctrl-C, unwinds the build so that no temporary file is left behind
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        built = build(root, args.out, languages(args.lang, available_languages(root)))
    except LeafletError as err:
        report([err], args.debug)
        return err.exit_code
    except KeyboardInterrupt:
        print(f"interrupted: PDFs in {shown(args.out)} are whole, either new or as they were", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except Exception as err:  # a bug: still one line, unless asked for the traceback
        if args.debug:
            raise
        print(f"error: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        print("hint: run again with --debug and report the traceback", file=sys.stderr)
        return ExitCode.BUILD_ERROR
    finally:
        signal.signal(signal.SIGTERM, previous)
    report(built.failures, args.debug)
    print(summary(built, args.out), file=sys.stderr)
    return ExitCode.BUILD_ERROR if built.failures else ExitCode.OK
