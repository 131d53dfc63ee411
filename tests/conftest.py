"""Shared fixtures: one build of every language per test session, and helpers that read PDFs."""
from __future__ import annotations

import fcntl
import functools
import gc
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from leaflet_builder.cli import build_as_asked, main, parser
from leaflet_builder.inputs.content import load_edition, treatment_ids
from leaflet_builder.inputs.languages import available_languages
from leaflet_builder.inputs.reviews import review_status, review_warning
from pdfcheck import overprinted_in, page_texts_of
from readers import PDFIUM_HYPHEN

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "practice.yaml"
# what the project has, never a list of the tests' own: a treatment or language added with its files
# is tested like the others
TREATMENT_IDS = treatment_ids(ROOT)
LANGUAGES = available_languages(ROOT)


def pdf_page_texts(path: Path) -> list[str]:
    """Each page's text as pdfium reads it (pdfcheck.page_texts_of; pypdf's extract_text took 15 times as
    long), a hyphen that ends a line between letters given back with its line end, which pdfium takes
    out (readers.PDFIUM_HYPHEN): "Behand-" and "lungen" on two lines, as pypdf read them."""
    return [text.replace(PDFIUM_HYPHEN, "-\n") for text in page_texts_of(path)]


def pdf_text(path: Path) -> str:
    """The PDF's text (pdf_page_texts) with line breaks and runs of white space folded to single spaces."""
    return " ".join(" ".join(text.split()) for text in pdf_page_texts(path))


def yaml_data(path: Path):
    """A YAML file's data, read by libyaml as the builder's parse_unchecked reads it (pyyaml's Python parser
    took 1.5 s of the suite's CPU), but raising where that gives None: a test reads only files that must
    parse."""
    return yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def strings_in(value):
    """Every string in a loaded YAML value, in order, however deeply it is nested."""
    if isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value


@functools.cache
def content_strings(lang: str) -> tuple[str, ...]:
    """Every text a language's files hold (i18n/<lang>.yaml and leaflets/<lang>/*.yaml), comments left out;
    read once per process: the tests never change the project's own files."""
    files = [ROOT / "i18n" / f"{lang}.yaml", *sorted((ROOT / "leaflets" / lang).glob("*.yaml"))]
    return tuple(text for path in files for text in strings_in(yaml_data(path)))


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def assert_nothing_overprinted(folder: Path) -> None:
    """No character of any PDF under ``folder`` lies over another or off its page: every build the
    tests make is checked by this once (pdfcheck.overprinted)."""
    found = overprinted_in(folder)
    assert not found, f"{len(found)} characters over text or off the page, e.g.:\n" + "\n".join(found[:12])


@contextmanager
def laid_out_as_built():
    """Render in the block as a build renders (build/pipeline.Maker), with a layout cache: a paragraph
    laid out before at the same width, in an earlier try at fitting a leaflet or an earlier leaflet of
    the block, is served its lines (test_layout_cache: the same PDF as without the cache)."""
    from leaflet_builder.build.jobs import Fingerprints
    from leaflet_builder.render.layout_cache import LayoutCache, using

    with using(LayoutCache(Fingerprints(ROOT).common)):
        yield


def made_once(tmp_path_factory, name: str, make, wait: bool = True) -> Path | None:
    """The folder ``name``, made by ``make(folder)`` once per test run and shared by every test that needs
    it: under pytest-xdist the first worker to ask makes it while any other that asks waits, so a build is
    never made twice however the tests are spread over the workers. Without ``wait``, None while another
    worker makes it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # xdist: the run's, above each worker's
    folder, done = shared / f"shared-{name}", shared / f"shared-{name}.done"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return None
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a worker whose build failed left
            make(folder)
            done.touch()
    return folder


def all_made_once(tmp_path_factory, makers: dict) -> dict:
    """made_once for each of several folders (name -> maker), those another worker is making waited for
    last: two workers that need them at once make them side by side."""
    free = {name: made_once(tmp_path_factory, name, make, wait=False) for name, make in makers.items()}
    return {name: folder or made_once(tmp_path_factory, name, makers[name]) for name, folder in free.items()}


# A shared build runs in one process (--jobs 1): while one xdist process builds, the other runs its tests,
# so a second build worker would only share a core, and its fork costs CPU (print sets, variants and the
# practice's build: 16.0 -> 13.9 s CPU; --lang all: 11.4 -> 8.9 s).
def cli_build(*argv: str):
    """A maker for made_once: the command line's build into the folder, which must make every file
    without a warning (a print-ready file's preflight problems are warnings) and overprint nothing."""
    def make(out: Path) -> None:
        args = parser(ROOT).parse_args([*argv, "--jobs", "1"])
        args.out = out
        report, _ = build_as_asked(args, ROOT)
        assert not report.failures and report.warnings == [], (report.failures, report.warnings)
        assert_nothing_overprinted(out)

    return make


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """Every language, built once by ``--lang all``."""
    return made_once(tmp_path_factory, "all", cli_build("--lang", "all"))


@pytest.fixture(scope="session")
def built_practice(tmp_path_factory) -> Path:
    """The English leaflets and brochure with the example practice's profile."""
    return made_once(tmp_path_factory, "practice", cli_build("--lang", "en", "--practice", str(EXAMPLE))) / "en"


PRINT_LANGUAGES = ("en", "de")  # the print files' languages: the first two editions
# The print-ready sets: leaflets, brochure and booklet of each of their languages, once with the example
# practice and without crop marks, in both print languages, once without a practice and with them, in
# the first (the marks are drawn by the same code in every language), so that each of the four choices
# is in a set: (practice, marks, languages).
PRINT_SETS = {"practice, no marks": (True, "none", PRINT_LANGUAGES),
              "no practice, crop marks": (False, "crop", PRINT_LANGUAGES[:1])}


def print_sets(tmp_path_factory, names=tuple(PRINT_SETS)) -> dict:
    """The print-ready sets named (PRINT_SETS), their output folders by name. A build preflights every
    print file it writes and warns of any problem, the logo's resolution once for the practice."""
    from leaflet_builder.build.pipeline import Variant, build
    from leaflet_builder.inputs.practice import load_practice

    def maker(practice: bool, marks: str, languages: tuple):
        def make(out: Path) -> None:
            practices = (load_practice(EXAMPLE),) if practice else ()
            report = build(ROOT, out, languages, Variant(print_ready=True, marks=marks, booklet=True),
                           practices, workers=1)
            assert not report.failures and report.warnings == [], report.warnings
            assert_nothing_overprinted(out)

        return make

    folders = all_made_once(tmp_path_factory, {f"print-{PRINT_SETS[name][1]}": maker(*PRINT_SETS[name])
                                               for name in names})
    return {name: folders[f"print-{PRINT_SETS[name][1]}"] for name in names}


@pytest.fixture(scope="session")
def print_folders(tmp_path_factory) -> dict:
    """The print-ready sets (print_sets), their output folders by name."""
    return print_sets(tmp_path_factory)


@pytest.fixture(scope="session")
def print_builds(print_folders) -> dict:
    """Every file of each print-ready set, by the set's name."""
    return {name: sorted(folder.rglob("*.pdf")) for name, folder in print_folders.items()}


@pytest.fixture(scope="session")
def variant(tmp_path_factory):
    """The English leaflets and brochure built with the given command-line options, once per run each;
    --print-ready alone is the English folder of the print set without a practice (with its booklet)."""
    def folder(*options: str) -> Path:
        if options == ("--print-ready",):
            name = "no practice, crop marks"
            return print_sets(tmp_path_factory, (name,))[name] / "en"
        name = "variant" + "".join(options).replace("--", "-")
        return made_once(tmp_path_factory, name, cli_build("--lang", "en", *options)) / "en"

    return folder


@pytest.fixture(scope="session")
def review_sheets(tmp_path_factory) -> Path:
    """Every language's review sheet (--review-sheet), made once per run: its folder."""
    def make(out: Path) -> None:
        for lang in LANGUAGES:
            assert main(["--review-sheet", lang, "--out", str(out)]) == 0

    return made_once(tmp_path_factory, "review", make) / "review"


@pytest.fixture(scope="session")
def built_en(built) -> Path:
    return built / "en"


@pytest.fixture(scope="session")
def built_de(built) -> Path:
    return built / "de"


@functools.cache
def edition_of(lang: str):
    """The project's edition of ``lang``, loaded once per process (an Edition is frozen; loading one
    reads and checks every file of the language, ~6 ms): for tests that read the project unchanged."""
    return load_edition(ROOT, lang)


@pytest.fixture(scope="session")
def edition_en():
    return edition_of("en")


@pytest.fixture(scope="session")
def edition_de():
    return edition_of("de")


# The test files that take longest, longest first (CPU seconds each on 2026-12-06: 10 down to 2.4). A process
# of -n 2 --dist loadfile takes a whole file at a time and the run ends with its last file: with the long
# files first and the short ones last, both processes end nearly together (xdist's own order, by the
# number of tests, left the 3.4 s of test_atomic's five to the end). Only the order depends on this list:
# a file not in it runs after those in it, and a list gone stale costs seconds, never a result.
LONGEST_FIRST = ("test_leaflets.py", "test_review.py", "test_html.py", "test_print.py", "test_readers.py",
                 "test_bad_days.py", "test_preflight.py", "test_practice_fit.py", "test_validators.py",
                 "test_tagging.py", "test_errors.py", "test_practice.py", "test_atomic.py", "test_markup.py",
                 "test_incremental.py", "test_layout_rules.py")


def pytest_collection_modifyitems(items):
    rank = {name: at for at, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_unconfigure(config):
    """The process is about to end: its last garbage collections would walk every object the session's
    caches hold, 0.4 s on the last process's way out, which the run waits for; frozen, they are skipped."""
    gc.freeze()


KEPT = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if not report.passed:  # failed, skipped or xfailed: pytest keeps such a test's folder
        item.stash[KEPT] = True
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    """A passed test's own folder (tmp_path) removed as the test ends, one that did not pass kept, as pytest
    keeps it. pytest would remove them three runs later at the end of a run, in its main process alone (the
    copies of the project alone were 23,000 files: 2.2 s of wall time after the last test), and its
    tmp_path_retention_policy "failed" removes a passed run's whole folder there too; the test processes
    remove them side by side, while the other works. A teardown that fails raises here: its folder stays."""
    yield
    if "tmp_path" in item.funcargs and not item.stash.get(KEPT, False):
        shutil.rmtree(item.funcargs["tmp_path"], ignore_errors=True)


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's content, layouts and interface strings that a test may break."""
    for folder in ("leaflets", "layouts", "i18n", "reviews"):
        if (ROOT / folder).exists():  # reviews/ only once a language has been signed off
            shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def cut_to(root: Path, kept: tuple[str, ...]) -> tuple[str, ...]:
    """Cut the project copy at ``root`` down to the treatments ``kept``: their facts, their texts in every
    language, their layouts and citations; gives back its treatments, in the project's order. A build of
    it takes a fraction of the whole's, for tests of what every leaflet and the brochure share (the
    pipeline, the output files, the notices, the gallery)."""
    gone = tuple(treatment for treatment in TREATMENT_IDS if treatment not in kept)
    facts = root / "leaflets" / "treatments.yaml"
    data = yaml_data(facts)
    data["treatments"] = {key: value for key, value in data["treatments"].items() if key in kept}
    facts.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for treatment in gone:
        for path in [*(root / "leaflets").glob(f"*/{treatment}.yaml"), root / "layouts" / f"{treatment}.yaml"]:
            path.unlink()
    citations = root / "leaflets" / "citations.yaml"
    lines = citations.read_text(encoding="utf-8").splitlines(keepends=True)
    citations.write_text("".join(line for line in lines if not line.startswith(tuple(f"{t}." for t in gone))),
                         encoding="utf-8")
    return treatment_ids(root)


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).write_text(text, encoding="utf-8")


def replace(root: Path, relative: str, old: str, new: str) -> None:
    """Replace ``old``, which must occur exactly once, in one of the project's files."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {relative} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def review_lines(root: Path, lang: str = "en") -> tuple[list[str], str]:
    """What a build of ``lang`` says of its review: its warning line, if any, and the summary's part."""
    status = review_status(root, lang)
    return [warning for warning in [review_warning(status)] if warning], f"review: {lang} {status.state}; "


def timeless(lines: list[str]) -> list[str]:
    """Lines of output with the summary's seconds (and PDFs per second) and page count, which vary, as S and P."""
    seconds = r"\d+\.\d\d s\b( \([\d.]+ PDFs per second\))?"
    return [re.sub(r"\(\d+ pages\)", "(P pages)", re.sub(seconds, "S s", line)) for line in lines]
