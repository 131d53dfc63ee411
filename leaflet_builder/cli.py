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

from .inputs.languages import available_languages, language_font
from .errors import ExitCode, LeafletError, UsageError, printable
from .inputs.files import read_regular
from .inputs.paper import MARKS, MAX_CREEP_MM, PAPER_SIZES

TYPE_CHECKING = False  # as typing's, which type checkers read alike; importing typing costs a no-op build 2.5 ms
if TYPE_CHECKING:
    from .build.pipeline import BuildReport

INPUT_FOLDERS = ("leaflets", "layouts", "i18n", "leaflet_builder")  # what --out must keep out of
PROFILE_PATTERNS = ("*.yaml", "*.yml")
# what a path from the command line may hold, read whole: a device or a runaway file is refused, not read for ever
MAX_SOURCE_BYTES = 4 * 2**20  # the article as plain text is some 30 KB
MAX_PDF_BYTES = 256 * 2**20  # a print-ready brochure with a practice's logo is a few MB
PROFILE_HINT = "--practice takes a profile file or a folder of them; start from examples/practice.yaml"


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
    p.add_argument("--out", metavar="DIR",
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
                   help="check PDFs as a print shop would (encryption, scripts, PDF/X, boxes, bleed, colours, "
                        "overprint, fonts, images, ink, lines, text near the trim); one line per problem; "
                        "build nothing")
    p.add_argument("--check-source", type=Path, metavar="FILE",
                   help="check every English statement's citations against a plain-text copy of the "
                        "source article, matching paragraphs by their text: name each statement whose "
                        "cited text changed or is gone, and count the citations whose paragraphs moved")
    p.add_argument("--renumber-citations", type=Path, metavar="FILE",
                   help="rewrite, in leaflets/citations.yaml, the paragraph numbers of the citations whose "
                        "text moved in this copy of the article; change nothing else")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors and review warnings only")
    p.add_argument("--debug", action="store_true", help="show a traceback for errors")
    return p


def add_print_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--paper", choices=sorted(PAPER_SIZES), default="a4", type=str.lower,
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
    p.add_argument("--creep", type=creep_mm, metavar="MM",
                   help="with --booklet --print-ready: move the pages of the n-th sheet from the outside n "
                        "times MM towards the fold (default: creep_mm_per_sheet in layouts/brochure.yaml); "
                        "ask the print shop: about the paper's thickness, e.g. 0.1 for 115 g/m2 coated, "
                        "or 0 if the shop applies creep itself")


def variant(args: argparse.Namespace):
    from .build.pipeline import Variant

    if args.marks and not args.print_ready:
        raise UsageError("--marks is for print-ready files: add --print-ready")
    if args.creep is not None and not (args.booklet and args.print_ready):
        raise UsageError("--creep is for the print-ready booklet: add --booklet --print-ready")
    return Variant(paper=args.paper, large_print=args.large_print, print_ready=args.print_ready,
                   marks=args.marks or MARKS[0], booklet=args.booklet, creep=args.creep)


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def creep_mm(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_CREEP_MM:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of millimetres from 0 to {MAX_CREEP_MM}")
    return value


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def show_progress(done: int, total: int, result) -> None:
    if hasattr(result, "error"):
        say(f"[{done}/{total}] {result.job.output} failed (see below)")
    else:
        say(f"[{done}/{total}] {result.job.output} ({result.card['pages']} pages)")


def languages(requested: str, available: tuple[str, ...]) -> tuple[str, ...]:
    """The codes asked for, in any case: 'EN' is 'en'."""
    if requested.strip().lower() == "all":
        return available
    by_folded = {code.lower(): code for code in available}
    asked = dict.fromkeys(code.strip() for code in requested.split(",") if code.strip())
    unknown = [code for code in asked if code.lower() not in by_folded]
    if unknown or not asked:
        raise UsageError(f"unknown language '{','.join(unknown) or requested}'; "
                         f"available: {', '.join(available)}, or all")
    return tuple(dict.fromkeys(by_folded[code.lower()] for code in asked))


def only(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    chosen = tuple(t.strip() for t in text.split(",") if t.strip())
    if not chosen:
        raise UsageError("--only: name at least one treatment (--list shows them)")
    return chosen


def output_folder(text: str | None, root: Path) -> Path:
    """--out as a Path, or the default dist: never empty, never inside one of the project's input folders
    (also by a link), where the PDFs' folders would pass for languages and the project's files be
    overwritten."""
    if text is not None and not text.strip():
        raise UsageError("--out: give a folder name, e.g. --out dist")
    given = root / "dist" if text is None else Path(text)
    out, project = given.resolve(), root.resolve()
    if any(out.is_relative_to(project / folder) for folder in INPUT_FOLDERS):
        if text is None:
            raise UsageError(f"the default output folder {given} leads to {out.relative_to(project)}, "
                             "which would mix the PDFs with the project's own files; give --out a folder of its own")
        raise UsageError(f"--out: '{text}' would mix the PDFs with the project's own files; "
                         "give a folder of its own, e.g. --out dist")
    return given


def profiles(paths: list[Path]) -> list[Path]:
    """The profile files named, a folder standing for the YAML files in it; each once."""
    found = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for pattern in PROFILE_PATTERNS for p in path.glob(pattern))
            if not inside:
                raise UsageError(f"{path}: no practice profile ({' or '.join(PROFILE_PATTERNS)}) in this folder",
                                 hint=PROFILE_HINT)
            found += inside
        elif not path.exists():
            raise UsageError(f"{path}: no such file", hint=PROFILE_HINT)
        else:
            found.append(path)
    seen = {}
    for path in found:
        if (same := seen.setdefault(path.resolve(), path)) is not path:
            raise UsageError(f"{path}: the profile is given twice" + (f" (also as {same})" if same != path else ""),
                             hint="give each profile once")
    return found


def report(failures: list, debug: bool) -> None:
    """One line per problem, the input files' problems together in file order, then one hint line; with
    --debug the tracebacks first."""
    if debug:
        import traceback  # only for --debug: every build prints its summary through here

        for failure in failures:
            traceback.print_exception(failure, file=sys.stderr)
    # a file every language reads, such as leaflets/treatments.yaml, is reported once
    for problem in sorted({problem for failure in failures for problem in getattr(failure, "problems", ())}):
        say(problem)
    for failure in failures:
        if not hasattr(failure, "problems"):
            say(f"error: {failure}")
    hints = dict.fromkeys(failure.hint for failure in failures if failure.hint)
    if hints:
        say(f"hint: {'; '.join(hints)}")


def say(line, stream=None) -> None:
    """One line to stderr (or ``stream``), any control character in it escaped."""
    print(printable(str(line)), file=stream or sys.stderr)


def output(lines: list[str]) -> int:
    """Lines that are the output asked for, to stdout; a closed pipe (``| head``) is no error, a full
    disk is one line."""
    try:
        for line in lines:
            say(line, sys.stdout)
        sys.stdout.flush()
    except OSError as err:
        # nothing more can reach stdout; point it at /dev/null so Python's own flush at exit stays quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if isinstance(err, BrokenPipeError):
            return ExitCode.OK
        say(f"error: cannot write the output: {err.strerror or err}")
        return ExitCode.BUILD_ERROR
    return ExitCode.OK


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("s" if number != 1 else "")


def check_only(args, root: Path) -> int:
    """--check and --missing: report problems, write nothing."""
    from .inputs.checks import check_all
    from .inputs.languages import differences

    if args.missing:
        chosen = languages(args.missing, available_languages(root))
        problems = [problem for lang in chosen for problem in differences(root, lang)]
        done = f"nothing missing in {', '.join(chosen)}: every file and key of the English edition is there"
        # the listing is the output a translator asked for
        written = output([*problems, count(len(problems), "problem")] if problems else [done])
        return written or (ExitCode.BUILD_ERROR if problems else ExitCode.OK)
    problems = check_all(root) + practice_problems(args.practice, languages(args.lang, available_languages(root)), root)
    checked = "content and layouts" + (" and the practice profiles" if args.practice else "")
    if not problems:
        return output([f"{checked} of {', '.join(available_languages(root))} are valid"])
    for problem in problems:
        say(problem)
    say(count(len(problems), "problem"))
    return ExitCode.BUILD_ERROR


def practice_problems(paths: list[Path] | None, chosen: tuple, root: Path) -> list:
    """The problems of the profiles as a build of the ``chosen`` languages finds them: the same
    typefaces, and two practices never in one folder."""
    from .build.pipeline import practice_folders
    from .errors import ContentError
    from .inputs.practice import load_practice

    problems, loaded = [], []
    fonts = {lang: language_font(root, lang) for lang in chosen}
    for path in profiles(paths or []):
        try:
            loaded.append(load_practice(path, fonts).put_aside(fonts))
        except ContentError as err:
            problems += err.problems
    practice_folders(tuple(loaded))
    return problems


def review_only(args, root: Path) -> int:
    """--review-sheet and --sign-off: one file each, nothing built."""
    import datetime

    from .build.review import review_sheet, sign_off
    from .inputs.reviews import files_fingerprint

    available = available_languages(root)
    if args.review_sheet:
        path = review_sheet(root, languages(one_language(args.review_sheet), available)[0], args.out)
        say(f"review sheet: {shown(path)}")
    if args.sign_off:
        lang = languages(one_language(args.sign_off), available)[0]
        record = sign_off(root, lang, args.reviewer, datetime.date.today())
        say(f"signed off {lang}: {record.reviewer}, {record.qualification}, {record.date}; "
            f"{len(record.files)} files, fingerprint {files_fingerprint(record.files)} (the review sheet's), "
            f"in reviews/{lang}.yaml")
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
            problems += [f"{path}: {problem}" for problem in preflight(read_regular(path, MAX_PDF_BYTES))]
        except OSError as err:
            problems.append(f"{path}: cannot read: {err.strerror or err}")
    for problem in problems:
        say(problem)
    files = count(len(paths), "file")
    say(f"preflight: {files}, {count(len(problems), 'problem')}" if problems else
        f"preflight: {files}, no problems: unencrypted, no scripts, PDF/X, boxes, bleed, colours, overprint, "
        "fonts, images, ink, lines and text as a print shop needs them")
    return ExitCode.BUILD_ERROR if problems else ExitCode.OK


def source_copy(path: Path) -> str:
    try:
        return read_regular(path, MAX_SOURCE_BYTES).decode("utf-8")
    except OSError as err:
        raise UsageError(f"cannot read the source copy {shown(path)}: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise UsageError(f"cannot read the source copy {shown(path)}: not UTF-8 text") from None


def check_source(path: Path, root: Path) -> int:
    """--check-source: each statement whose cited text the copy no longer holds, one line each, and one
    line for the citations whose paragraphs moved, on stdout."""
    from .inputs.citations import backings, compare

    text = source_copy(path)
    found, problems = backings(root)
    comparison = compare(found, text)
    problems = problems + comparison.changed
    moved = [f"{count(len(comparison.moved), 'citation')} point to paragraphs that moved: python build.py "
             f"--renumber-citations {shown(path)} gives them the copy's numbers"] if comparison.moved else []
    if problems or moved:
        lines = [*map(str, sorted(problems)), *moved] + ([count(len(problems), "problem")] if problems else [])
        return output(lines) or ExitCode.BUILD_ERROR
    cited = [backing for backing in found if backing.citations]
    return output([f"all {len(cited)} statements that cite the source are backed by {shown(path)}; "
                   f"{len(found) - len(cited)} more are editorial"])


def renumber_citations(path: Path, root: Path) -> int:
    """--renumber-citations: the moved citations' paragraph numbers rewritten in citations.yaml; the
    statements whose cited text changed are left for a person and named."""
    from .build.review import renumber_citations as renumber
    from .inputs.citations import CITATIONS

    moved, changed = renumber(root, source_copy(path))
    return output([f"{CITATIONS}: {count(moved, 'citation')} renumbered" + (
        f"; {count(changed, 'statement')} cite text the copy no longer holds, for a person to read again: "
        f"--check-source {shown(path)} names them" if changed else "")])


def shown(path: Path) -> Path:
    """A path as short as it can be said from where the command runs."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def summary(built: BuildReport, seconds: float, out: Path, reviews: list) -> str:
    text = (f"PDFs: {len(built.written)} built ({built.pages} pages), {len(built.unchanged)} up to date, "
            f"{seconds:.2f} s" + (f" ({len(built.written) / seconds:.1f} PDFs per second)" if built.written else ""))
    new = [name for name in built.not_built if name not in built.kept]
    if new:
        text += f"; not built: {', '.join(new)}"
    if built.kept:
        text += f"; not built, earlier PDFs kept: {', '.join(built.kept)}"
    statuses = ", ".join(f"{status.lang} {status.state}" for status in reviews)
    return f"{text}; review: {statuses}; gallery: {shown(out / 'index.html')}"


def build_as_asked(args, root: Path) -> tuple[BuildReport, list]:
    """The build the arguments ask for, and the review status of each language it built."""
    from .inputs.reviews import review_status
    from .build.pipeline import build

    chosen = languages(args.lang, available_languages(root))
    practices = ()
    if args.practice:
        from .inputs.practice import load_practice  # Pillow reads the logo

        fonts = {lang: language_font(root, lang) for lang in chosen}
        # each checked now, before anything is built, and put aside: a batch holds no logo's pixels
        practices = tuple(load_practice(path, fonts).put_aside(fonts) for path in profiles(args.practice))
    progress = show_progress if sys.stderr.isatty() and not args.quiet else None
    if args.jobs > cores():  # more workers than cores only wait on each other
        if not args.quiet:
            say(f"warning: --jobs {args.jobs} is more than the {cores()} cores; using {cores()}")
        args.jobs = cores()
    built = build(root, args.out, chosen, variant(args), practices, only=only(args.only), force=args.force,
                  workers=args.jobs, progress=progress)
    return built, [review_status(root, lang) for lang in chosen]


def unexpected(words: list[str], root: Path) -> str:
    """What to say of arguments that are no option: a language or treatment given without its option."""
    from .inputs.languages import listed_treatments

    word = words[0]
    if word.startswith("-"):
        return f"unknown option '{word}'"
    option = ("--lang" if word.lower() in available_languages(root) else
              "--only" if word in listed_treatments(root) else "")
    return f"unexpected argument '{word}'" + (f"; did you mean '{option} {word}'?" if option else "")


def interrupted(args) -> str:
    """What an interrupted command leaves: the commands that only read say that they wrote nothing."""
    if args.check_source or args.check or args.missing or args.preflight:
        return "interrupted: nothing was written"
    if args.sign_off and not args.review_sheet:
        return f"interrupted: reviews/{args.sign_off}.yaml is whole, either new or as it was"
    return f"interrupted: PDFs in {shown(Path(args.out or 'dist'))} are whole, either new or as they were"


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    started = time.perf_counter()
    root = root or default_root()
    arguments = parser(root)
    args, extra = arguments.parse_known_args(argv)
    if not (root / "leaflets").is_dir():  # e.g. build.py copied out of its folder, or run from elsewhere
        report([UsageError(f"{root.resolve()} is not a leaflet-builder project: it has no leaflets/ folder",
                           hint="run build.py from the folder that holds leaflets/, layouts/ and i18n/")], args.debug)
        return ExitCode.USAGE_ERROR
    if extra:
        arguments.error(printable(unexpected(extra, root)))
    if args.list:
        from .build.listing import lines

        return output(lines(root))
    # SIGTERM, like Ctrl-C, unwinds the build so that no temporary file is left behind
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        args.out = output_folder(args.out, root)
        if args.check_source:
            return check_source(args.check_source, root)
        if args.renumber_citations:
            return renumber_citations(args.renumber_citations, root)
        if args.check or args.missing:
            return check_only(args, root)
        if args.preflight:
            return preflight_files(args.preflight)
        if args.review_sheet or args.sign_off:
            return review_only(args, root)
        if args.reviewer:
            raise UsageError("--reviewer goes with --sign-off LANG")
        built, reviews = build_as_asked(args, root)
    except LeafletError as err:
        report([err], args.debug)
        return err.exit_code
    except KeyboardInterrupt:
        say(interrupted(args))
        return ExitCode.INTERRUPTED
    except Exception as err:  # a bug: still one line, unless asked for the traceback
        if args.debug:
            raise
        say(f"error: internal error: {type(err).__name__}: {err}")
        say("hint: run again with --debug and report the traceback")
        return ExitCode.BUILD_ERROR
    finally:
        signal.signal(signal.SIGTERM, previous)
    from .inputs.reviews import review_warning

    # a text no qualified reviewer has checked is said even in a quiet run: it goes to patients
    review_warnings = [warning for status in reviews if (warning := review_warning(status))]
    for warning in review_warnings if args.quiet else [*built.warnings, *review_warnings]:
        say(warning)
    report(built.failures, args.debug)
    if not args.quiet or built.failures:
        say(summary(built, time.perf_counter() - started, args.out, reviews))
    return ExitCode.BUILD_ERROR if built.failures else ExitCode.OK
