"""The command line.

Takes the arguments of ``python build.py``; gives back an exit code (see errors.ExitCode). Every
error is one line on stderr, followed by a hint; a traceback only with --debug.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .inputs.languages import available_languages, language_font
from .errors import ExitCode, LeafletError, UsageError
from .inputs.paper import MARKS, PAPER_SIZES

if TYPE_CHECKING:
    from .build.pipeline import BuildReport

def default_root() -> Path:
    """The project folder, holding leaflets/, layouts/ and i18n/: in a checkout the package's parent (also
    when installed with pip install -e); for a package installed into site-packages, the current folder."""
    checkout = Path(__file__).resolve().parent.parent
    return checkout if (checkout / "leaflets").is_dir() else Path.cwd()


def parser(root: Path) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build print-ready PDF leaflets on passive treatments for low back pain.",
        epilog="Exit codes: 0 success, 1 build errors, 2 usage errors, 130 interrupted.",
    )
    p.add_argument("--lang", default="en", metavar="LANG[,LANG]",
                   help="language(s) to build, comma-separated, or 'all' (default: en)")
    p.add_argument("--out", type=Path, default=root / "dist", metavar="DIR",
                   help="output folder; PDFs go to DIR/<lang>/ (default: dist)")
    p.add_argument("--practice", type=Path, nargs="+", metavar="FILE",
                   help="practice profile (YAML) whose name, logo and contact print on every leaflet; "
                        "without it, an empty box for the practice stamp. Several profiles, or a folder "
                        "of them, build one set per practice into DIR/<practice>/")
    add_print_options(p)
    p.add_argument("--only", metavar="ID[,ID]", help="build only these treatments, no brochure (see --list)")
    p.add_argument("--jobs", type=positive, default=cores(), metavar="N",
                   help=f"worker processes (default: the number of cores, {cores()})")
    p.add_argument("--force", action="store_true", help="rebuild everything, even what is up to date")
    p.add_argument("--list", action="store_true", help="list the treatments and languages, and stop")
    p.add_argument("--check", action="store_true",
                   help="check the content and layouts of every language; build and write nothing")
    p.add_argument("--missing", metavar="LANG[,LANG]",
                   help="list what a language still lacks compared with the English edition")
    p.add_argument("--review-sheet", metavar="LANG",
                   help="write DIR/review/LANG.pdf: every statement of the language beside the English one "
                        "(for English: beside its source paragraphs), with tick boxes and a sign-off block")
    p.add_argument("--sign-off", metavar="LANG",
                   help="record that a qualified reviewer checked the language as its files are today "
                        "(appends to reviews/LANG.yaml; needs --reviewer)")
    p.add_argument("--reviewer", metavar='"NAME, QUALIFICATION"',
                   help='who signs off, e.g. "Dr. Anna Beispiel, medical translator"')
    p.add_argument("--preflight", type=Path, nargs="+", metavar="FILE",
                   help="check PDFs as a print shop would (PDF/X, boxes, colours, fonts, images, ink, "
                        "lines, text near the trim); one line per problem; build nothing")
    p.add_argument("--check-source", type=Path, metavar="FILE",
                   help="check every English statement's citations against a plain-text copy of the "
                        "source article: name each statement whose paragraph is missing or changed")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors and review warnings only")
    p.add_argument("--debug", action="store_true", help="show a traceback for errors")
    return p


def add_print_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--paper", choices=sorted(PAPER_SIZES), default="a4",
                   help="paper size (default: a4); file names stay the same: use --out to keep sizes apart")
    p.add_argument("--print-ready", action="store_true",
                   help="for a print shop: PDF/X-4 with 3 mm bleed, TrimBox and BleedBox, CMYK only, no links")
    p.add_argument("--marks", choices=MARKS,
                   help="with --print-ready: crop marks outside the bleed (crop, the default), or none: the "
                        "page is the finished size plus the bleed, as many print shops ask")
    p.add_argument("--large-print", action="store_true",
                   help="the large-print edition (UKAAF: body 16 pt or more, headings larger)")
    p.add_argument("--booklet", action="store_true",
                   help="also write <lang>/brochure-booklet.pdf: the A5 brochure two-up on A4 landscape "
                        "sheets; print duplex, flipping on the short edge, and fold once")


def variant(args: argparse.Namespace):
    from .build.pipeline import Variant

    if args.marks and not args.print_ready:
        raise UsageError("--marks is for print-ready files: add --print-ready")
    return Variant(paper=args.paper, large_print=args.large_print, print_ready=args.print_ready,
                   marks=args.marks or MARKS[0], booklet=args.booklet)


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def show_progress(done: int, total: int, result) -> None:
    if hasattr(result, "error"):
        print(f"[{done}/{total}] {result.job.output} failed (see below)", file=sys.stderr)
    else:
        print(f"[{done}/{total}] {result.job.output} ({result.card['pages']} pages)", file=sys.stderr)


def languages(requested: str, available: tuple[str, ...]) -> tuple[str, ...]:
    if requested.strip() == "all":
        return available
    chosen = tuple(dict.fromkeys(code.strip() for code in requested.split(",") if code.strip()))
    unknown = [code for code in chosen if code not in available]
    if unknown or not chosen:
        raise UsageError(f"unknown language '{','.join(unknown) or requested}'; "
                         f"available: {', '.join(available)}, or all")
    return chosen


def profiles(paths: list[Path]) -> list[Path]:
    """The profile files named, a folder standing for the YAML files in it."""
    return [profile for path in paths
            for profile in (sorted(path.glob("*.yaml")) if path.is_dir() else [path])]


def report(failures: list, debug: bool) -> None:
    """One line per problem, the input files' problems together in file order, then one hint line; with
    --debug the tracebacks first."""
    if debug:
        import traceback  # only for --debug: every build prints its summary through here

        for failure in failures:
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


def check_only(args, root: Path) -> int:
    """--check and --missing: report problems, write nothing."""
    from .inputs.checks import check_all
    from .inputs.languages import differences

    if args.missing:
        chosen = languages(args.missing, available_languages(root))
        problems = [problem for lang in chosen for problem in differences(root, lang)]
        done = f"nothing missing in {', '.join(chosen)}: every file and key of the English edition is there"
    else:
        problems = check_all(root)
        done = f"content and layouts of {', '.join(available_languages(root))} are valid"
    stream = sys.stdout if args.missing else sys.stderr  # the listing is the output a translator asked for
    for problem in problems:
        print(problem, file=stream)
    print(f"{len(problems)} problems" if problems else done, file=stream)
    return ExitCode.BUILD_ERROR if problems else ExitCode.OK


def review_only(args, root: Path) -> int:
    """--review-sheet and --sign-off: one file each, nothing built."""
    import datetime

    from .build.review import review_sheet, sign_off
    from .inputs.reviews import files_fingerprint

    available = available_languages(root)
    if args.review_sheet:
        path = review_sheet(root, languages(one_language(args.review_sheet), available)[0], args.out)
        print(f"review sheet: {shown(path)}", file=sys.stderr)
    if args.sign_off:
        lang = languages(one_language(args.sign_off), available)[0]
        record = sign_off(root, lang, args.reviewer, datetime.date.today())
        print(f"signed off {lang}: {record.reviewer}, {record.qualification}, {record.date}; "
              f"{len(record.files)} files, fingerprint {files_fingerprint(record.files)} (the review sheet's), "
              f"in reviews/{lang}.yaml", file=sys.stderr)
    return ExitCode.OK


def one_language(text: str) -> str:
    """A language option that takes one code."""
    if "," in text or text.strip() == "all":
        raise UsageError(f"give one language, not '{text}'")
    return text


def preflight_files(paths: list[Path]) -> int:
    """--preflight: each problem of each file on a line of its own, then how many there were."""
    from .pdf.preflight import preflight

    problems = []
    for path in paths:
        try:
            problems += [f"{path}: {problem}" for problem in preflight(path.read_bytes())]
        except OSError as err:
            problems.append(f"{path}: cannot read: {err.strerror or err}")
    for problem in problems:
        print(problem, file=sys.stderr)
    files = f"{len(paths)} file{'s' * (len(paths) != 1)}"
    print(f"preflight: {files}, {len(problems)} problem{'s' * (len(problems) != 1)}" if problems else
          f"preflight: {files}, no problems: PDF/X, boxes, colours, fonts, images, ink, lines and text as a "
          "print shop needs them", file=sys.stderr)
    return ExitCode.BUILD_ERROR if problems else ExitCode.OK


def check_source(path: Path, root: Path) -> int:
    """--check-source: every statement whose cited paragraph the copy lacks or has changed, on stdout."""
    from .inputs.citations import backings, source_problems

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or "not UTF-8 text"
        raise UsageError(f"cannot read the source copy {shown(path)}: {reason}") from None
    found, problems = backings(root)
    problems += source_problems(found, text)
    for problem in sorted(problems):
        print(problem)
    if problems:
        print(f"{len(problems)} problems")
        return ExitCode.BUILD_ERROR
    cited = [backing for backing in found if backing.citations]
    print(f"all {len(cited)} statements that cite the source are backed by {shown(path)}; "
          f"{len(found) - len(cited)} more are editorial")
    return ExitCode.OK


def shown(path: Path) -> Path:
    """A path as short as it can be said from where the command runs."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def summary(built: BuildReport, seconds: float, out: Path, reviews: list) -> str:
    text = (f"PDFs: {len(built.written)} built ({built.pages} pages), {len(built.unchanged)} up to date, "
            f"{seconds:.2f} s")
    if built.not_built:
        text += f"; not built, earlier PDFs kept: {', '.join(built.not_built)}"
    statuses = ", ".join(f"{status.lang} {status.state}" for status in reviews)
    return f"{text}; review: {statuses}; gallery: {shown(out / 'index.html')}"


def run(args, root: Path) -> tuple[BuildReport, list]:
    """The build the arguments ask for, and the review status of each language it built."""
    from .inputs.reviews import review_status
    from .build.pipeline import build

    chosen = languages(args.lang, available_languages(root))
    practices = ()
    if args.practice:
        from .inputs.practice import load_practice  # ReportLab reads the logo

        fonts = {lang: language_font(root, lang) for lang in chosen}
        practices = tuple(load_practice(path, fonts) for path in profiles(args.practice))
    only = tuple(t.strip() for t in args.only.split(",") if t.strip()) if args.only else None
    progress = show_progress if sys.stderr.isatty() and not args.quiet else None
    built = build(root, args.out, chosen, variant(args), practices, only=only, force=args.force,
                  workers=args.jobs, progress=progress)
    return built, [review_status(root, lang) for lang in chosen]


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    started = time.perf_counter()
    root = root or default_root()
    args = parser(root).parse_args(argv)
    if args.list:
        from .build.listing import lines

        print("\n".join(lines(root)))
        return ExitCode.OK
    # SIGTERM, like Ctrl-C, unwinds the build so that no temporary file is left behind
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        if args.check_source:
            return check_source(args.check_source, root)
        if args.check or args.missing:
            return check_only(args, root)
        if args.preflight:
            return preflight_files(args.preflight)
        if args.review_sheet or args.sign_off:
            return review_only(args, root)
        if args.reviewer:
            raise UsageError("--reviewer goes with --sign-off LANG")
        built, reviews = run(args, root)
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
    from .inputs.reviews import review_warning

    # a text no qualified reviewer has checked is said even in a quiet run: it goes to patients
    review_warnings = [warning for status in reviews if (warning := review_warning(status))]
    for warning in review_warnings if args.quiet else [*built.warnings, *review_warnings]:
        print(warning, file=sys.stderr)
    report(built.failures, args.debug)
    if not args.quiet or built.failures:
        print(summary(built, time.perf_counter() - started, args.out, reviews), file=sys.stderr)
    return ExitCode.BUILD_ERROR if built.failures else ExitCode.OK
