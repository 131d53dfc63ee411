"""The build: every requested language, every leaflet and the brochure, written atomically.

Takes the project folder, the output folder, the languages, the Variant (paper size, large print,
print-ready, booklet) and optionally a Practice; gives back a BuildReport listing the files written,
the failures and the warnings (a logo below 150 dpi, print-shop checks). A leaflet that fails keeps
its previous good PDF and the others still build; content that does not validate stops that language
before anything is rendered.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .brochure import brochure_pdf
from .content import Edition, load_edition
from .errors import LeafletError, RenderError
from .impose import impose_booklet
from .layouts import load_layout
from .leaflet import render_leaflet
from .output import write_atomically
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
    warnings: list = field(default_factory=list)


def build(root: Path, out: Path, languages: tuple[str, ...], variant: Variant = Variant(),
          practice: Practice | None = None) -> BuildReport:
    report = BuildReport()
    if practice and practice.logo and (warning := practice.logo.warning(*LEAFLET_LOGO_BOX)):
        report.warnings.append(warning)
    for lang in languages:
        try:
            edition = load_edition(root, lang)
        except LeafletError as err:
            report.failures.append(err)
            continue
        for treatment in edition.treatments:
            _attempt(report, out / lang / f"{treatment.id}.pdf", variant, lambda: render_leaflet(
                edition, treatment.id, load_layout(root, treatment.id, variant.paper, variant.large_print,
                                                   variant.print_ready), practice))
        _attempt(report, out / lang / "brochure.pdf", variant,
                 lambda: brochure_pdf(root, edition, variant.paper, practice, variant.large_print))
        if variant.booklet:
            _attempt(report, out / lang / "brochure-booklet.pdf", variant,
                     lambda: booklet_pdf(root, edition, variant, practice))
    return report


def booklet_pdf(root: Path, edition: Edition, variant: Variant, practice: Practice | None) -> bytes:
    """The brochure laid out at A5 and imposed two-up on A4 sheets in saddle-stitch order."""
    try:
        return impose_booklet(brochure_pdf(root, edition, BOOKLET_PAPER, practice, variant.large_print))
    except ValueError as err:
        raise RenderError(f"brochure-booklet ({edition.lang}): {err}") from err


def _attempt(report: BuildReport, target: Path, variant: Variant, make) -> None:
    """Make one output and write it; a failure is reported and leaves the previous file as it was."""
    try:
        pdf = make()
    except LeafletError as err:
        report.failures.append(err)
        return
    if variant.print_ready:
        report.warnings += [f"{target}: warning: {warning}" for warning in prepress_warnings(pdf)]
    write_atomically(target, pdf)
    report.written.append(target)
