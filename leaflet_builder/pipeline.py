"""The build: plan the jobs, make those that are out of date, write their files, then the gallery.

Takes the project folder, the output folder, what to build (languages, treatments, paper) and how (force,
number of workers, a progress callback); gives back a BuildReport: files written, outputs already up to
date, pages built and failures. A job whose fingerprint and files are unchanged does not run, so a build
with nothing changed writes nothing and never loads ReportLab. A leaflet that fails keeps its previous
good PDF and the others still build; content that does not validate stops that language before anything
is rendered.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import gallery, jobs
from .errors import LeafletError
from .output import write_atomically
from .state import BuildState


@dataclass
class BuildReport:
    written: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    pages: int = 0


@dataclass(frozen=True)
class Made:
    """A job's files (path relative to the output folder -> bytes) and its gallery card."""

    job: jobs.Job
    files: dict
    card: dict


def thumbnail_path(output: str) -> str:
    return f"thumbnails/{output.removesuffix('.pdf')}.jpg"


class Maker:
    """Makes a job's files, the PDF and its thumbnail, and its gallery card; loads each language's
    content and each layout once, and keeps a content error to give it again to every job it stops."""

    def __init__(self, root: Path):
        from . import fonts

        fonts.register()
        self.root = root
        self._loaded: dict = {}

    def _once(self, key, load):
        if key not in self._loaded:
            try:
                self._loaded[key] = load()
            except LeafletError as err:
                self._loaded[key] = err
        if isinstance(self._loaded[key], LeafletError):
            raise self._loaded[key]
        return self._loaded[key]

    def make(self, job: jobs.Job) -> Made | LeafletError:
        from .content import load_edition

        try:
            edition = self._once(("edition", job.lang), lambda: load_edition(self.root, job.lang))
            pdf, title, position = self._render(job, edition)
        except LeafletError as err:
            return err
        thumbnail = gallery.thumbnail(pdf)
        card = {"pdf": job.output, "thumbnail": thumbnail_path(job.output),
                "thumbnail_size": [thumbnail.width, thumbnail.height], "title": title,
                "language": edition.strings.language, "group": edition.strings.language,
                "pages": thumbnail.pages, "paper": job.option("paper", "a4"),
                "order": [job.output.rpartition("/")[0], position, job.output]}
        return Made(job, {job.output: pdf, card["thumbnail"]: thumbnail.jpeg}, card)

    def _render(self, job: jobs.Job, edition) -> tuple[bytes, str, int]:
        """The job's PDF, its title and its place among the cards of its folder; a new kind of job
        (the brochure) is one more branch here."""
        from .layouts import load_layout
        from .leaflet import render_leaflet

        paper = job.option("paper", "a4")
        layout = self._once(("layout", job.item, paper), lambda: load_layout(self.root, job.item, paper))
        position = [t.id for t in edition.treatments].index(job.item)
        return render_leaflet(edition, job.item, layout), edition.treatment(job.item).name, position


def build(root: Path, out: Path, languages: tuple[str, ...], paper: str = "a4", *, only=None,
          force: bool = False, workers: int = 1, progress=None) -> BuildReport:
    """``progress(done, total, made_or_error)`` is called as each job that runs finishes."""
    treatments = jobs.treatment_ids(root) or _validated_treatment_ids(root, languages[0])
    planned = jobs.leaflet_jobs(jobs.chosen_treatments(treatments, only), languages, paper)
    return run(root, out, planned, force=force, workers=workers, progress=progress)


def _validated_treatment_ids(root: Path, lang: str) -> tuple[str, ...]:
    """When the facts file cannot even be read, loading an edition raises the ContentError that says why."""
    from .content import load_edition

    return tuple(t.id for t in load_edition(root, lang).treatments)


def run(root: Path, out: Path, planned: list, *, force=False, workers=1, progress=None) -> BuildReport:
    report, state, fingerprints = BuildReport(), BuildState(out), jobs.Fingerprints(root)
    prints = {job.output: fingerprints.of(job) for job in planned}
    stale = [job for job in planned if force or not state.up_to_date(job.output, prints[job.output])]
    report.unchanged = [out / job.output for job in planned if job not in stale]
    for done, result in enumerate(jobs.run(stale, Maker, (root,), workers), 1):
        if isinstance(result, LeafletError):
            if str(result) not in map(str, report.failures):
                report.failures.append(result)
        else:
            for name, data in result.files.items():
                write_atomically(out / name, data)
            state.record(result.job.output, prints[result.job.output], result.files, result.card)
            report.written.append(out / result.job.output)
            report.pages += result.card["pages"]
        if progress:
            progress(done, len(stale), result)
    state.save()
    gallery.write_index(out, state.cards())
    return report
