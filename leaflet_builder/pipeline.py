"""The build: every requested language, every leaflet and the brochure, written atomically.

Takes the project folder, the output folder, the languages and optionally a Practice; gives back a
BuildReport listing the files written, the failures and the warnings (a logo below 150 dpi). A leaflet that fails keeps its previous good PDF and the others still
build; content that does not validate stops that language before anything is rendered.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .brochure import build_brochure
from .content import load_edition
from .errors import LeafletError
from .layouts import load_layout
from .leaflet import render_leaflet
from .output import write_atomically
from .practice import Practice
from .render import LEAFLET_LOGO_BOX


@dataclass
class BuildReport:
    written: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def build(root: Path, out: Path, languages: tuple[str, ...], paper: str = "a4",
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
            target = out / lang / f"{treatment.id}.pdf"
            try:
                pdf = render_leaflet(edition, treatment.id, load_layout(root, treatment.id, paper), practice)
            except LeafletError as err:
                report.failures.append(err)
                continue
            write_atomically(target, pdf)
            report.written.append(target)
        try:
            report.written.append(build_brochure(root, out, edition, paper, practice))
        except LeafletError as err:
            report.failures.append(err)
    return report
