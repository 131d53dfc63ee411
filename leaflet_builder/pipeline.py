"""The build: every requested language, every leaflet, written atomically.

Takes the project folder, the output folder and the languages; gives back a BuildReport listing the
files written, the failures and the leaflets not built. All content and every layout is checked before
anything renders, and all their problems are reported together; a language whose content, or a build
whose layouts, do not validate renders nothing. A leaflet that fails keeps its previous good PDF and
the others still build.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .content import load_edition, treatment_ids
from .errors import ContentError, LeafletError, OutputError
from .layouts import load_layouts
from .leaflet import leaflet_name, render_leaflet
from .output import remove_leftovers, write_atomically


@dataclass
class BuildReport:
    written: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    not_built: list = field(default_factory=list)


def build(root: Path, out: Path, languages: tuple[str, ...], paper: str = "a4") -> BuildReport:
    report = BuildReport()
    editions, layouts = {}, None
    for lang in languages:
        try:
            editions[lang] = load_edition(root, lang)
        except ContentError as err:
            report.failures.append(err)
    try:
        layouts = load_layouts(root, treatment_ids(root), paper)
    except ContentError as err:
        report.failures.append(err)
    for lang in languages:
        if lang not in editions or layouts is None:
            report.not_built.append(f"all {lang} leaflets")
            continue
        for treatment in editions[lang].treatments:
            try:
                report.written.append(_build_one(editions[lang], treatment.id, layouts[treatment.id], out))
            except LeafletError as err:
                report.failures.append(err)
                report.not_built.append(leaflet_name(treatment.id, lang, paper))
    return report


def _build_one(edition, treatment_id: str, layout, out: Path) -> Path:
    target = out / edition.lang / f"{treatment_id}.pdf"
    with _output_errors(target):
        remove_leftovers(target)  # whether or not this leaflet builds
    pdf = render_leaflet(edition, treatment_id, layout)
    with _output_errors(target):
        write_atomically(target, pdf)
    return target


@contextmanager
def _output_errors(target: Path):
    try:
        yield
    except OSError as err:
        raise OutputError(f"{target}: cannot write: {err.strerror or err}") from err
