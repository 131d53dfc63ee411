"""Build jobs and their fingerprints.

Takes the project folder and what to build (languages, treatment ids, options); gives back Jobs, each
one output file with the project files it is made from, and fingerprints: a hash of everything that
decides a job's bytes (its files, its options, its language's review status, the fonts, the output
profiles, this package's code, the rendering libraries' versions and SOURCE_DATE_EPOCH). A build is a list of
independent jobs, so any variant (a paper size, a practice's set in its own folder, the brochure) is
more jobs with their own options, inputs and output paths.
"""
from __future__ import annotations

import hashlib
import os
import re
import signal
import sys
from collections import namedtuple
from functools import cache
from pathlib import Path

from ..inputs.files import read_regular
from ..inputs.icons import FOLDER as ICONS
from ..inputs.typeface import font_files
from ..errors import UsageError
from ..inputs.languages import CITATIONS, FACTS, IMPRINT, SOURCE_LANGUAGE
from ..inputs.reviews import review_status

PACKAGE = Path(__file__).resolve().parent.parent
LAST_EPOCH = 253402300799  # 9999-12-31 23:59:59 UTC: a PDF date has four digits for the year
ICC = "layouts/icc"  # the print-ready output profiles
MAX_INPUT_BYTES = 64 * 2**20  # more than any input file the checks accept, an output profile included


class Job(namedtuple("Job", "output kind lang item options inputs", defaults=((), ()))):
    """``output``: relative to the output folder, "/"-separated; ``kind``: what makes it, "leaflet",
    "brochure" or "booklet"; ``item``: the treatment id, or the kind for the brochure and booklet;
    ``options``: sorted (name, value) pairs, e.g. ("paper", "a4"), ("practice", <its digest>); ``inputs``:
    project-relative files and folders (a folder counts by its file names). A named tuple, not a
    dataclass: see errors.Problem."""

    __slots__ = ()

    def option(self, name: str, default=None):
        return dict(self.options).get(name, default)


def chosen_treatments(available: tuple[str, ...], only: tuple[str, ...] | None) -> tuple[str, ...]:
    if not only:
        return available
    from ..inputs.schema import did_you_mean

    for treatment_id in only:
        if treatment_id not in available:
            raise UsageError(f"unknown treatment '{treatment_id}' (--list shows them)"
                             f"{did_you_mean(treatment_id, available)}")
    return tuple(t for t in available if t in only)


def _texts(lang: str, names) -> tuple[str, ...]:
    """A language's files of these names, and, for a translation, the English ones it must match."""
    languages = (lang,) if lang == SOURCE_LANGUAGE else (lang, SOURCE_LANGUAGE)
    return tuple(path for code in languages for path in (
        f"i18n/{code}.yaml", f"leaflets/{code}", *(f"leaflets/{code}/{name}.yaml" for name in ("shared", *names))))


# one tuple for every practice's job of a kind: a batch of a thousand practices plans 13,000 jobs
@cache
def leaflet_inputs(lang: str, treatment_id: str) -> tuple[str, ...]:
    """The leaflet's files: the citations too, which every build checks though they print nothing."""
    return (FACTS, IMPRINT, CITATIONS, *_texts(lang, (treatment_id,)), "layouts", "layouts/_default.yaml",
            f"layouts/{treatment_id}.yaml")


@cache
def brochure_inputs(lang: str, treatments: tuple[str, ...]) -> tuple[str, ...]:
    """Every file of the language and every layout: the brochure holds all treatments."""
    return (FACTS, IMPRINT, CITATIONS, *_texts(lang, treatments), "layouts", "layouts/_default.yaml",
            "layouts/brochure.yaml",
            *(f"layouts/{t}.yaml" for t in treatments))


def plan(treatments: tuple[str, ...], languages: tuple[str, ...], options: tuple = (), folder: str = "",
         brochure: bool = True, booklet: bool = False, booklet_options: tuple = ()) -> list[Job]:
    """The jobs of one set: a leaflet per treatment and language, and each language's brochure and,
    if asked, its booklet; ``options`` are sorted (name, value) pairs, ``booklet_options`` those of the
    booklet alone (its creep), ``folder`` a prefix such as a practice's own folder."""
    prefix = f"{folder}/" if folder else ""
    planned = []
    for lang in languages:
        planned += [Job(f"{prefix}{lang}/{t}.pdf", "leaflet", lang, t, options, leaflet_inputs(lang, t))
                    for t in treatments]
        kinds = [("brochure", "brochure.pdf")] * brochure + [("booklet", "brochure-booklet.pdf")] * booklet
        planned += [Job(f"{prefix}{lang}/{name}", kind, lang, kind,
                        tuple(sorted(options + booklet_options)) if kind == "booklet" else options,
                        brochure_inputs(lang, treatments))
                    for kind, name in kinds]
    return planned


def _digest(*parts) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        digest.update(len(data).to_bytes(8, "big"))  # length first: no two lists of parts hash alike
        digest.update(data)
    return digest.hexdigest()


def _bytes(path: Path) -> bytes:
    """The file's bytes, or why it has none: never blocks on a FIFO; reading the file (the content
    checks, the icons, the print profiles) reports what is wrong with it."""
    try:
        return read_regular(path, MAX_INPUT_BYTES)
    except OSError as err:
        return f"unreadable: {err.strerror or err}".encode()


def _files_digest(paths, relative_to: Path | None = None) -> str:
    """Each file keyed by its name, or by its path below ``relative_to``: a module moved between
    subpackages changes the digest."""
    return _digest(*(part for path in sorted(paths)
                     for part in (path.relative_to(relative_to).as_posix() if relative_to else path.name,
                                  _bytes(path))))


def _fonts_digest() -> str:
    """The font files by name, size and time of change: reading their bytes, some 4 MB for the variable
    fonts, would cost a build with nothing to do more than all else; a reinstalled package changes
    the times."""
    return _digest(*(part for path in font_files() for stat in [path.stat()]
                     for part in (path.name, stat.st_size, stat.st_mtime_ns)))


# the libraries whose upgrade can change a PDF's bytes: layout, hyphenation, shaping and bidi, font
# instances, the booklet's imposition, logos
RENDERING_LIBRARIES = ("reportlab", "pyphen", "uharfbuzz", "python-bidi", "fonttools", "pypdf", "pillow")


def _normal(name: str) -> str:
    """A distribution's name as its metadata folder spells it (PEP 503, with "_"): "python-bidi" is
    "python_bidi", "Pillow" is "pillow"."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _metadata_version(folder: Path) -> str | None:
    """The Version field of a metadata folder (``*.dist-info`` or ``*.egg-info``, or an ``*.egg-info``
    file), read up to the end of its headers: the rest is the long description."""
    path = folder if folder.is_file() else next(
        (folder / name for name in ("METADATA", "PKG-INFO") if (folder / name).is_file()), None)
    if path is None:
        return None
    with open(path, encoding="utf-8", errors="replace") as headers:
        for line in headers:
            if not line.strip():
                break
            if line.startswith("Version:"):
                return line.partition(":")[2].strip()
    return None


def _library_versions() -> tuple[str, ...]:
    """Each library's installed version, from the metadata folder of the first entry of sys.path that
    holds one, as importlib.metadata finds it; importing importlib.metadata (it loads email, socket and
    more) or the libraries themselves would cost a build with nothing to do more than all else. A library
    found nowhere this way (installed in a zip or an egg) is asked of importlib.metadata."""
    wanted = {_normal(name): name for name in RENDERING_LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem, _, kind = name.rpartition(".")
            library = wanted.get(_normal(stem.partition("-")[0])) if kind in ("dist-info", "egg-info") else None
            if library and library not in found:
                version = _metadata_version(Path(entry or ".", name))
                if version:
                    found[library] = version
    return tuple(f"{name} {found.get(name) or _version_from_importlib(name)}" for name in RENDERING_LIBRARIES)


def _version_from_importlib(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def source_date_epoch() -> str:
    """SOURCE_DATE_EPOCH as given, checked here so that a bad value stops the build before any job."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value and not value.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not '{value}'")
    if value and (len(value) > len(str(LAST_EPOCH)) or int(value) > LAST_EPOCH):
        raise UsageError(f"SOURCE_DATE_EPOCH must be a time between 1970 and 9999, not '{value}'")
    return value


class Fingerprints:
    """Hashes of jobs; each project file is read once."""

    def __init__(self, root: Path):
        self.root = root
        self._inputs: dict[str, str] = {}
        self._reviews: dict[str, str] = {}
        # every icon and output profile counts for every job: which one a layout names is known only
        # once it is read
        self.common = _digest(_files_digest(PACKAGE.rglob("*.py"), PACKAGE),
                              _fonts_digest(), *_library_versions(), source_date_epoch(),
                              _files_digest((root / ICONS).glob("*.svg")),
                              _files_digest((root / ICC).glob("*.icc")))

    def _input(self, relative: str) -> str:
        if relative not in self._inputs:
            path = self.root / relative
            if path.is_dir():
                self._inputs[relative] = _digest("folder", *sorted(p.name for p in path.iterdir()))
            else:
                self._inputs[relative] = _digest("file", _bytes(path))
        return self._inputs[relative]

    def _review(self, lang: str) -> str:
        """The language's review status as a PDF shows it, with the English text's for a translation (its
        notice says whether the content is checked): a sign-off, or an edit to any file of the language
        after one, changes every PDF of the language (the notice comes or goes)."""
        if lang not in self._reviews:
            self._reviews[lang] = " ".join(review_status(self.root, code).key()
                                           for code in dict.fromkeys((lang, SOURCE_LANGUAGE)))
        return self._reviews[lang]

    def of(self, job: Job) -> str:
        return _digest(self.common, job.output, job.kind, job.lang, job.item, job.options, self._review(job.lang),
                       *(part for relative in job.inputs for part in (relative, self._input(relative))))


_maker = None  # the maker of this process, while a build runs
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)  # Ctrl-C, and what the build sends its workers


def _start_worker(build: int, factory, *args) -> None:
    global _maker
    _end_with_parent(build)
    # The build decides when to stop: Ctrl-C, which the terminal sends to the workers too, is left to
    # it, and the SIGTERM it sends stops the job under way (see _make_in_worker). Both were held back
    # since the worker started (run_jobs): a Ctrl-C that came meanwhile is dropped now, a SIGTERM acts now.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_job)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    if _maker is None:  # a forked worker has its parent's
        _maker = factory(*args)


def _end_with_parent(build: int) -> None:
    """Asks Linux to end this worker when the build (process ``build``) that started it ends, even by
    SIGKILL: a worker left behind would wait for work for ever."""
    if sys.platform != "linux":
        return
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != build:  # the build ended before the request was made; init or a subreaper adopted us
        os._exit(1)


class JobStopped(Exception):
    """The build was interrupted while a worker made this job."""


_in_job = False  # whether this worker is making a job, which a SIGTERM may then stop
_stopping = False  # whether the build was interrupted: the jobs still queued for this worker are not made


def _stop_job(signum, frame) -> None:
    # Only a job is stopped: a worker killed while it sends a PDF back would leave half a message in
    # the pipe, which the pool would wait on for ever. Between jobs the worker waits for the pool's
    # word to end, which comes at once.
    global _stopping
    _stopping = True
    if _in_job:
        raise JobStopped


def _make_in_worker(job: Job):
    global _in_job
    if _stopping:
        raise JobStopped
    _in_job = True
    try:
        return _maker.make(job)
    finally:
        _in_job = False


def run_jobs(jobs: list[Job], factory, args: tuple, workers: int):
    """Yields ``factory(*args).make(job)`` for every job as it finishes: all in this process for one
    worker, else the first here and the rest in worker processes. On Linux the workers are forked after
    that first job, so they start at once and share what it loaded and cached (ReportLab, fonts, content,
    the QR code, hyphenation); elsewhere each spawned worker makes its own maker. An interrupt drops the
    queued jobs and ends the workers at once; what was yielded before stays yielded."""
    global _maker
    if not jobs:
        return
    _maker = factory(*args)
    try:
        first = _maker.make(jobs[0])
        if workers <= 1 or len(jobs) <= 2:
            yield first
            yield from (_maker.make(job) for job in jobs[1:])
            return
        # Imported here: a build with nothing to do needs none of this.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
        pool = ProcessPoolExecutor(min(workers, len(jobs) - 1), mp_context=context, initializer=_start_worker,
                                   initargs=(os.getpid(), factory, *args))
        try:
            # The workers start (at the first submit, or as jobs are submitted) with Ctrl-C and SIGTERM
            # held back until _start_worker has set how they take them: one that came before would end a
            # worker with a traceback and break the pool. Here they wait only until the workers are started.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
            try:
                futures = {pool.submit(_make_in_worker, job) for job in jobs[1:]}
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
            yield first  # its files are written while the workers make the others
            for future in as_completed(futures):
                futures.discard(future)  # a job's files, once written, are not kept: a batch of 13,000 PDFs
                yield future.result()
        except BaseException:  # Ctrl-C, SIGTERM, a bug, or a caller that stops: drop the work left now
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in multiprocessing.active_children():  # the pool's workers, this build's only children
                worker.terminate()  # SIGTERM: stops the job under way and those already handed over
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # nothing is left to cancel unless interrupted
    finally:
        _maker = None
