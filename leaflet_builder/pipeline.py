"""The build: every requested language, every leaflet, written atomically.

Takes the project folder, the output folder, the languages and the Variant (paper size, large print,
print-ready, booklet); gives back a BuildReport listing the files written, the failures and the
warnings. A leaflet that fails keeps its previous good PDF and the others still build; content that
does not validate stops that language before anything is rendered.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .content import load_edition
from .errors import LeafletError, RenderError
from .impose import impose_booklet
from .layouts import load_layout
from .leaflet import render_leaflet
from .output import write_atomically
from .prepress import prepress_warnings

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


def build(root: Path, out: Path, languages: tuple[str, ...], variant: Variant = Variant()) -> BuildReport:
    report = BuildReport()
    for lang in languages:
        try:
            edition = load_edition(root, lang)
        except LeafletError as err:
            report.failures.append(err)
            continue
        for treatment in edition.treatments:
            target = out / lang / f"{treatment.id}.pdf"
            try:
                pdf = render_leaflet(edition, treatment.id, load_layout(
                    root, treatment.id, variant.paper, variant.large_print, variant.print_ready))
            except LeafletError as err:
                report.failures.append(err)
                continue
            _write(target, pdf, variant, report)
        if variant.booklet:
            # Hook for the brochure build: with --booklet it writes brochure.pdf at BOOKLET_PAPER first.
            try:
                report.written.append(write_booklet(out / lang, report.written))
            except RenderError as err:
                report.failures.append(err)
    return report


def _write(target: Path, pdf: bytes, variant: Variant, report: BuildReport) -> None:
    if variant.print_ready:
        report.warnings += [f"{target}: {warning}" for warning in prepress_warnings(pdf)]
    write_atomically(target, pdf)
    report.written.append(target)


def write_booklet(folder: Path, written: list) -> Path:
    """Imposes the folder's brochure.pdf, written by this build, into brochure-booklet.pdf."""
    brochure, target = folder / "brochure.pdf", folder / "brochure-booklet.pdf"
    if brochure not in written:
        raise RenderError(f"{target}: no brochure was built, so there is nothing to impose")
    try:
        pdf = impose_booklet(brochure.read_bytes())
    except ValueError as err:
        needs = f"the booklet needs the brochure at {BOOKLET_PAPER.upper()}"
        raise RenderError(f"{target}: {err}; {needs}") from err
    write_atomically(target, pdf)
    return target
