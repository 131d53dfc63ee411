"""The build: every requested language, every leaflet and the brochure, written atomically.

Takes the project folder, the output folder, the languages, the Variant (paper size, large print,
print-ready, booklet) and optionally a Practice; gives back a BuildReport listing the files written,
the failures, the outputs not built and the warnings (a logo below 150 dpi, print-shop checks). All
content and every layout is checked before anything renders, and all their problems are reported
together; a language whose content, or a build whose layouts, do not validate renders nothing. An
output that fails keeps its previous good PDF and the others still build.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .brochure import brochure_pdf
from .content import Edition, load_edition, treatment_ids
from .errors import ContentError, LeafletError, OutputError, RenderError
from .impose import impose_booklet
from .layouts import load_layouts
from .leaflet import leaflet_name, render_leaflet
from .output import remove_leftovers, write_atomically
from .practice import Practice
from .prepress import prepress_warnings
from .render import LEAFLET_LOGO_BOX

BOOKLET_PAPER = "a5"  # the brochure's page size when it is imposed as a booklet on A4 sheets


@dataclass(frozen=True)
class Variant:
    """The edition the command line chose; the output file names stay the same for every variant."""

    paper: str = "a4"
    large_print: bool = False
    print_ready: bool = False
    booklet: bool = False


@dataclass
class BuildReport:
    written: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    not_built: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def build(root: Path, out: Path, languages: tuple[str, ...], variant: Variant = Variant(),
          practice: Practice | None = None) -> BuildReport:
    report = BuildReport()
    if practice and practice.logo and (warning := practice.logo.warning(*LEAFLET_LOGO_BOX)):
        report.warnings.append(warning)
    editions, layouts = {}, None
    for lang in languages:
        try:
            editions[lang] = load_edition(root, lang)
        except ContentError as err:
            report.failures.append(err)
    try:
        layouts = load_layouts(root, treatment_ids(root), variant.paper, variant.large_print,
                               variant.print_ready)
    except ContentError as err:
        report.failures.append(err)
    for lang in languages:
        if lang not in editions or layouts is None:
            report.not_built.append(f"all {lang} PDFs")
            continue
        _build_language(root, out, editions[lang], layouts, variant, practice, report)
    return report


def _build_language(root: Path, out: Path, edition: Edition, layouts: dict, variant: Variant,
                    practice: Practice | None, report: BuildReport) -> None:
    folder, lang = out / edition.lang, edition.lang
    for treatment in edition.treatments:
        layout = layouts[treatment.id]
        _attempt(report, folder / f"{treatment.id}.pdf", leaflet_name(treatment.id, lang, layout.variant_name),
                 variant, lambda: render_leaflet(edition, treatment.id, layout, practice))
    _attempt(report, folder / "brochure.pdf", leaflet_name("brochure", lang, variant.paper.upper()), variant,
             lambda: brochure_pdf(root, edition, variant.paper, practice, variant.large_print))
    if variant.booklet:
        _attempt(report, folder / "brochure-booklet.pdf", leaflet_name("brochure-booklet", lang, "A4"),
                 variant, lambda: booklet_pdf(root, edition, variant, practice))


def booklet_pdf(root: Path, edition: Edition, variant: Variant, practice: Practice | None) -> bytes:
    """The brochure laid out at A5 and imposed two-up on A4 sheets in saddle-stitch order."""
    try:
        return impose_booklet(brochure_pdf(root, edition, BOOKLET_PAPER, practice, variant.large_print))
    except ValueError as err:
        raise RenderError(f"brochure-booklet ({edition.lang}): {err}") from err


def _attempt(report: BuildReport, target: Path, name: str, variant: Variant, make) -> None:
    """Make one output and write it; a failure is reported and leaves the previous file as it was."""
    try:
        with _output_errors(target):
            remove_leftovers(target)  # whether or not this output builds
        pdf = make()
        with _output_errors(target):
            write_atomically(target, pdf)
    except LeafletError as err:
        report.failures.append(err)
        report.not_built.append(name)
        return
    if variant.print_ready:
        report.warnings += [f"{target}: warning: {warning}" for warning in prepress_warnings(pdf)]
    report.written.append(target)


@contextmanager
def _output_errors(target: Path):
    try:
        yield
    except OSError as err:
        raise OutputError(f"{target}: cannot write: {err.strerror or err}") from err
