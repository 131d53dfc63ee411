"""The build: plan the jobs, check what they read, make those that are out of date, write their files,
then the gallery.

Takes the project folder, the output folder, the languages, the Variant (paper size, large print,
print-ready, booklet) and the practices (none; one, whose set goes straight into the output folder; or
several, each set in a folder of its own); gives back a BuildReport: files written, outputs already up
to date, pages built, failures, outputs not built (and of those, the ones whose earlier PDF stays) and
warnings. A job whose fingerprint and files are
unchanged does not run, so a build with nothing changed writes nothing and never loads ReportLab.
Before any job runs, the content of every language that has a job to run and every layout is checked,
and all their problems are reported together; a language whose content, or a build whose layouts, do
not validate renders nothing. An output that fails keeps its previous good PDF and the others still
build.
"""
from __future__ import annotations

import re
import unicodedata
from collections import namedtuple
from pathlib import Path

from . import gallery, jobs
from ..errors import ContentError, LeafletError, OutputError, UsageError
from ..inputs.cache import cache_warnings
from ..inputs.paper import BOOKLET_PAPER
from .output import holds, locked, refuse_links, remove_leftovers, write_atomically, write_if_changed
from .state import BuildState
from ..inputs.languages import listed_treatments

# named tuples and a plain class, not dataclasses: see errors.Problem
class Variant(namedtuple("Variant", "paper large_print print_ready marks booklet creep",
                         defaults=("a4", False, False, "crop", False, None))):
    """The edition the command line chose; the output file names stay the same for every variant.
    ``marks``: for print_ready, "crop" marks outside the bleed, or "none"; ``creep``: for a print-ready
    booklet, mm per sheet; None: the layout's."""

    __slots__ = ()


PLAIN = Variant()  # A4, normal print, for the office printer


class BuildReport:
    def __init__(self):
        self.written, self.unchanged, self.failures, self.not_built = [], [], [], []
        self.kept = []  # the names in not_built whose earlier PDF is still there
        self.warnings = []
        self.pages = 0


class Made(namedtuple("Made", "job files card warnings shared", defaults=((), frozenset()))):
    """A job's files (path relative to the output folder -> bytes: the PDF, its thumbnail, its web page and
    the fonts that loads), its gallery card and warnings; ``shared``: the names in ``files`` that other
    jobs write too, with the same bytes."""

    __slots__ = ()


class Failed(namedtuple("Failed", "job error")):
    """A job that could not be made, and why."""

    __slots__ = ()


def thumbnail_path(output: str) -> str:
    return f"thumbnails/{output.removesuffix('.pdf')}.jpg"


def html_path(output: str) -> str:
    """The PDF's HTML twin beside it: en/massage.pdf -> en/massage.html."""
    return f"{output.removesuffix('.pdf')}.html"


def slug(name: str) -> str:
    """A folder name for a practice: 'Praxis Dr. Müller' -> 'praxis-dr-muller'; a name in another
    script keeps its letters ('Клиника Спина' -> 'клиника-спина'), so two such names never share one."""
    letters = "".join(plain if (plain := unicodedata.normalize("NFKD", ch)[0]).isascii() else ch
                      for ch in name.replace("ß", "ss"))
    return re.sub(r"[\W_]+", "-", letters.lower()).strip("-") or "practice"


def practice_folders(practices: tuple) -> list:
    """(practice, folder) of each set to build: one practice's straight into the output folder,
    several each into a folder named after it; a UsageError when two names would share one."""
    sets = [(None, "")] if not practices else [
        (practice, slug(practice.name) if len(practices) > 1 else "") for practice in practices]
    folders = [folder for _, folder in sets]
    if len(set(folders)) < len(folders):
        twice = next(folder for folder in folders if folders.count(folder) > 1)
        raise UsageError(f"two practices would share the folder '{twice}'; give them different names")
    return sets


KEPT_PRACTICES = 4  # read again for a set's next job: a worker is given a practice's jobs one after another


class Maker:
    """Makes a job's files, the PDF and its thumbnail, and its gallery card, from the editions and
    layouts the build checked before any job ran, and the practices by key (each a Practice, or one
    put aside, read again when its set is made). Its layout cache, for the life of the build in this
    process (a forked worker starts with what its parent had laid out), keeps the lines of every
    paragraph it wrapped; ``environment`` (the fingerprints' common part: fonts, code, library
    versions) is in every key."""

    def __init__(self, editions: dict, layouts, practices: dict, environment: str = ""):
        from ..render import fonts
        from ..render.layout_cache import LayoutCache

        # here, before the workers are forked: each would otherwise make a missing font instance itself
        for edition in editions.values():
            fonts.register(edition.strings.font)
        self.editions, self.layouts, self.practices = editions, layouts, practices
        self.layout_cache = LayoutCache(environment)
        self._whole: dict[str, object] = {}  # the practices last read again, by key

    def make(self, job: jobs.Job) -> Made | Failed:
        from ..render.layout_cache import using

        try:
            practice = self._practice(job.option("practice"))
            with using(self.layout_cache):
                pdf, title, position = self._render(job, self.editions[job.lang], practice)
        except LeafletError as err:
            return Failed(job, err)
        warnings = ()
        if job.option("print_ready"):
            from ..pdf.preflight import preflight

            # the logo's resolution is said once per practice (logo_warnings), not in every file
            warnings = tuple(f"{job.output}: warning: {problem}" for problem in preflight(pdf, image_resolution=False))
        edition = self.editions[job.lang]
        thumbnail = gallery.thumbnail(pdf)
        pages = self._html(job, edition, practice)
        group = edition.strings.language + (f" – {practice.name}" if practice else "")
        card = {"pdf": job.output, "thumbnail": thumbnail_path(job.output),
                "thumbnail_size": [thumbnail.width, thumbnail.height], "title": title,
                "language": edition.strings.language, "group": group, "review": review_line(edition),
                "lang": edition.strings.locale, "dir": edition.strings.direction, "pages": thumbnail.pages,
                "page_count": edition.strings.label("page_count", pages=thumbnail.pages),
                # a booklet folds to its pages' size, whatever the build's paper
                "paper": BOOKLET_PAPER if job.kind == "booklet" else job.option("paper", "a4"),
                **_what_and_how(job, edition.strings),
                "order": [job.output.rpartition("/")[0], position, job.output],
                **({"practice": practice.name} if practice else {}),
                **({"html": html_path(job.output), "html_label": edition.strings.label("web_page")} if pages else {})}
        fonts = frozenset(name for name in pages if name != html_path(job.output))
        return Made(job, {job.output: pdf, card["thumbnail"]: thumbnail.jpeg, **pages}, card, warnings, fonts)

    def _practice(self, key: str | None):
        """The whole Practice of a set, or None for a set without one."""
        if key is None:
            return None
        practice = self._whole.pop(key, None) or self.practices[key].whole()
        self._whole[key] = practice  # the most recently used
        if len(self._whole) > KEPT_PRACTICES:
            del self._whole[next(iter(self._whole))]
        return practice

    def _html(self, job: jobs.Job, edition, practice) -> dict:
        """The HTML twin of a leaflet or the brochure (the booklet is the brochure folded) and the fonts
        it loads, by path; made from the same edition, layouts and practice as the PDF."""
        from ..render import html

        if job.kind == "leaflet":
            page = html.leaflet_page(edition, job.item, self.layouts.treatments[job.item], practice)
        elif job.kind == "brochure":
            page = html.brochure_page(edition, self.layouts, practice)
        else:
            return {}
        folder = job.output.rpartition("/")[0].rpartition("/")[0]  # the set's: "" or a practice's
        return {html_path(job.output): page.encode(), **html.page_fonts(edition, folder)}

    def _render(self, job: jobs.Job, edition, practice) -> tuple[bytes, str, int]:
        """The job's PDF, its title and its place among the cards of its folder."""
        from ..render.brochure import brochure_pdf
        from ..render.leaflet import render_leaflet
        from .booklet import booklet_pdf

        count = len(edition.treatments)
        if job.kind == "brochure":
            return brochure_pdf(edition, self.layouts, practice), edition.shared.series_title, count
        if job.kind == "booklet":
            return booklet_pdf(edition, self.layouts, practice), edition.shared.series_title, count + 1
        position = [t.id for t in edition.treatments].index(job.item)
        pdf = render_leaflet(edition, job.item, self.layouts.treatments[job.item], practice)
        return pdf, edition.treatment(job.item).name, position


def review_line(edition) -> str:
    """The review status as the PDF's first page and imprint line say it, in the edition's language."""
    from ..render.imprint import notice, reviewed_by

    return notice(edition) or reviewed_by(edition) or ""


def _what_and_how(job: jobs.Job, strings) -> dict:
    """What the file is (a leaflet, the brochure or the booklet to fold; large print; for the print shop,
    with or without crop marks) and how to print it, for its gallery card, in its language: for a print
    shop, which file for single pages in reading order and which for imposed sheets."""
    what = [strings.label(f"file_{job.kind}")]
    if job.option("large_print"):
        what.append(strings.label("file_large_print"))
    if job.option("print_ready"):
        what.append(strings.label("file_print_shop"))
    if job.option("marks") == "crop":
        what.append(strings.label("file_crop_marks"))
    if job.option("print_ready"):
        how = "print_shop_booklet" if job.kind == "booklet" else "print_shop"
    else:
        how = "print_booklet" if job.kind == "booklet" else "print_duplex"
    return {"what": ", ".join(what), "how": strings.label(how)}


def build(root: Path, out: Path, languages: tuple[str, ...], variant: Variant = PLAIN,
          practices: tuple = (), *, only=None, force: bool = False, workers: int = 1,
          progress=None) -> BuildReport:
    """``practices``: none, one (its set goes straight into ``out``) or several (each set into a
    folder named after the practice), each a Practice or one put aside (Practice.put_aside), which a
    batch keeps instead. ``progress(done, total, made_or_error)`` is called as each job
    that runs finishes."""
    treatments = jobs.chosen_treatments(listed_treatments(root) or _validated_treatment_ids(root), only)
    options = tuple(sorted({"paper": variant.paper, "large_print": variant.large_print,
                            "print_ready": variant.print_ready,
                            **({"marks": variant.marks} if variant.print_ready else {})}.items()))
    sets = practice_folders(practices)
    planned = [job for practice, folder in sets for job in jobs.plan(
        treatments, languages, options + ((("practice", practice.key),) if practice else ()),
        folder, brochure=not only, booklet=variant.booklet and not only,
        booklet_options=(("creep", variant.creep),) if variant.creep is not None else ())]
    keyed = {practice.key: practice for practice, _ in sets if practice}
    report = run_planned(root, out, planned, variant, keyed, force=force, workers=workers, progress=progress)
    report.warnings[:0] = logo_warnings(practices, brochure=not only, print_ready=variant.print_ready) + [
        warning for practice in practices for lang in languages if (warning := practice.note_warning(lang))]
    return report


def logo_warnings(practices, brochure: bool, print_ready: bool = False) -> list[str]:
    """A line for each practice whose logo prints below 150 dpi (300 dpi for a print shop) where it is
    largest: on the brochure's cover, or, without a brochure, in the leaflet's logo box."""
    if not any(practice.logo for practice in practices):
        return []
    from ..pdf.preflight import MIN_IMAGE_PPI
    from ..render.brochure import COVER_LOGO_BOX
    from ..render.parts import LEAFLET_LOGO_BOX

    box = COVER_LOGO_BOX if brochure else LEAFLET_LOGO_BOX
    least = {"least": MIN_IMAGE_PPI} if print_ready else {}
    return [warning for practice in practices if practice.logo and (warning := practice.logo.warning(*box, **least))]


def _validated_treatment_ids(root: Path) -> tuple[str, ...]:
    """When the facts file cannot even be read, loading it raises the ContentError that says why."""
    from ..inputs.content import treatment_ids

    return treatment_ids(root)


def run_planned(root: Path, out: Path, planned: list, variant: Variant = PLAIN, practices: dict | None = None, *,
                force=False, workers=1, progress=None) -> BuildReport:
    """The planned jobs run and their files written, one build at a time in ``out``."""
    fingerprints = jobs.Fingerprints(root)  # first: a bad SOURCE_DATE_EPOCH stops the build before it locks
    with locked(out) as existed:
        return _run(root, out, planned, variant, practices, fingerprints, existed, force=force,
                    workers=workers, progress=progress)


def _run(root: Path, out: Path, planned: list, variant: Variant, practices: dict | None, fingerprints,
         existed: bool, *, force, workers, progress) -> BuildReport:
    report, state = BuildReport(), BuildState(out)
    if state.warning:
        report.warnings.append(state.warning)
    if not force:
        _refuse_overwriting(out, planned, practices or {}, state)
    prints = {job.output: fingerprints.of(job) for job in planned}
    stale = [job for job in planned if force or not state.up_to_date(job.output, prints[job.output])]
    report.unchanged = [out / job.output for job in planned if job not in stale]
    editions, layouts = _checked(root, {job.lang for job in stale}, variant, report) if stale else ({}, None)
    runnable = _longest_early([job for job in stale if job.lang in editions and layouts])
    unchecked = {job.lang for job in stale if job not in runnable}
    for lang in sorted(unchecked):
        _not_built(report, f"all {lang} PDFs", any((out / job.output).exists() for job in stale if job.lang == lang))
    made = jobs.run_jobs(runnable, Maker, args=(editions, layouts, practices or {}, fingerprints.common),
                         workers=workers)
    try:
        for done, result in enumerate(made, 1):
            _settle(out, result, prints[result.job.output], variant, state, report)
            if progress:
                progress(done, len(runnable), result)
        report.warnings += cache_warnings()  # the fonts' and the logos'
    finally:  # what was written is recorded even when a build is interrupted or fails on a bug
        made.close()  # now, not when it is collected: the workers' queued jobs are dropped at once
        if report.written or existed:  # a build that failed before writing anything leaves no folder
            _save(out, state, report, {job.output for job in planned})
    return report


def _refuse_overwriting(out: Path, planned: list, practices: dict, state: BuildState) -> None:
    """Two practices whose names make the same folder must not replace each other's sets unasked."""
    for job in planned:
        practice, recorded = practices.get(job.option("practice")), state.practice(job.output)
        if practice and recorded and recorded != practice.name:
            folder = out / job.output.rpartition("/")[0]
            raise UsageError(f"{folder.parent if folder.name == job.lang else folder}: holds the leaflets of "
                             f"'{recorded}'; this build would replace them with those of '{practice.name}'",
                             hint="give --force to replace them, or build into another --out")


def _save(out: Path, state: BuildState, report: BuildReport, current: set[str]) -> None:
    try:
        state.save()
        gallery.write_index(out, state.cards(current))
    except OSError as err:
        report.failures.append(OutputError(f"{out}: cannot write: {err.strerror or err}"))


def _not_built(report: BuildReport, name: str, kept: bool) -> None:
    report.not_built.append(name)
    if kept:
        report.kept.append(name)


def _longest_early(planned: list) -> list:
    """The jobs in the order that finishes soonest on several workers: the first leaflet warms the
    caches the workers inherit, then the brochures, which take as long as many leaflets."""
    leaflets = [job for job in planned if job.kind == "leaflet"]
    return leaflets[:1] + [job for job in planned if job.kind != "leaflet"] + leaflets[1:]


def _checked(root: Path, languages: set, variant: Variant, report: BuildReport) -> tuple:
    """Every language's content and every layout, loaded and checked before anything renders: the
    editions by language, and the Layouts (None when they do not validate)."""
    from ..inputs.content import load_edition, treatment_ids
    from ..inputs.layouts import load_layouts

    editions = {}
    for lang in sorted(languages):
        try:
            editions[lang] = load_edition(root, lang)
        except ContentError as err:
            report.failures.append(err)
    try:
        layouts = load_layouts(root, treatment_ids(root), variant.paper, variant.large_print, variant.print_ready,
                               booklet=variant.booklet, marks=variant.marks, creep=variant.creep)
    except ContentError as err:
        report.failures.append(err)
        layouts = None
    return editions, layouts


def _settle(out: Path, result: Made | Failed, fingerprint: str, variant: Variant, state: BuildState,
            report: BuildReport) -> None:
    """Write a made job's files and record them; report a failed one, whose earlier PDF stays."""
    job, target = result.job, out / result.job.output
    error = result.error if isinstance(result, Failed) else None
    try:
        for name in (job.output, thumbnail_path(job.output), html_path(job.output), *([] if error else result.shared)):
            refuse_links(out, name)
            remove_leftovers(out / name)  # whether or not this output was made
        for name, data in ({} if error else result.files).items():
            # the web fonts are the same file for every page of a set: left alone when they hold it already
            (write_if_changed if name in result.shared else write_atomically)(out / name, data)
    except OSError as err:
        error = OutputError(f"{target}: cannot write: {err.strerror or err}")
    except BaseException:
        # interrupted, perhaps just after the new PDF was moved into place: it is recorded, so that the
        # state knows every PDF kept (a thumbnail not yet written fails its check, and is made next time)
        if not error and holds(target, (result.files[job.output],)):
            state.record(job.output, fingerprint, result.files, result.card)
        raise
    if error:
        if str(error) not in map(str, report.failures):
            report.failures.append(error)
        from ..inputs.layouts import variant_name
        from ..render.leaflet import leaflet_name

        name = variant_name(variant.paper, variant.large_print, variant.print_ready)
        _not_built(report, leaflet_name(job.item, job.lang, name), target.exists())
        return
    state.record(job.output, fingerprint, result.files, result.card)
    report.written.append(target)
    report.pages += result.card["pages"]
    report.warnings += result.warnings
