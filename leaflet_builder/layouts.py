"""Layout loading: page geometry, type scale, colours, icon and section order.

Takes the project folder, layout names (treatment ids, or "brochure") and a paper size; gives back
frozen ``Layout``s, each made of layouts/_default.yaml with layouts/<name>.yaml laid over it, as Hugo
falls back to its _default layouts. Every problem in every layout file, including a file whose name
is no layout's, is raised together as one ContentError.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import CMYKColor
from reportlab.lib.pagesizes import A4, A5, letter
from reportlab.lib.units import mm

from . import schema as s
from .content import SECTIONS
from .errors import ContentError, Problem
from .icons import ICON_NAMES
from .yamlfile import load

PAPER_SIZES = {"a4": A4, "a5": A5, "letter": letter}
DEFAULT = "_default"
OTHER_LAYOUTS = ("brochure",)  # layout names besides the treatments
TYPE_ROLES = ("body", "heading", "key_message", "title", "subtitle", "series", "footer")


@dataclass(frozen=True)
class Paper:
    name: str
    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float
    band_height: float
    max_pages: int

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right


@dataclass(frozen=True)
class TypeSize:
    size: float
    leading: float


@dataclass(frozen=True)
class Palette:
    text: CMYKColor
    on_accent: CMYKColor
    accent: CMYKColor
    tint: CMYKColor


@dataclass(frozen=True)
class Layout:
    name: str
    paper: Paper
    type: dict
    colours: Palette
    icon: str
    sections: tuple
    sections_beside_practice: int


_TYPE_SIZE = s.Record({"size": s.Number(9, 72), "leading": s.Number(9, 90)})
LAYOUT_SCHEMA = s.Record({
    "paper": s.MapOf(s.Choice(tuple(PAPER_SIZES), "paper size"), s.Record({
        "margins_mm": s.Record({side: s.Number(5, 60) for side in ("top", "right", "bottom", "left")}),
        "band_height_mm": s.Number(20, 120),
        "max_pages": s.Number(1, 64, integer=True),
    })),
    "type": s.Record({role: _TYPE_SIZE for role in TYPE_ROLES}),
    "colours": s.Record({"text": s.Colour(), "on_accent": s.Colour(), "accent": s.Colour(),
                         "tint_strength": s.Number(0, 100)}),
    "icon": s.Choice(tuple(sorted(ICON_NAMES)), "icon"),
    "sections": s.ListOf(s.Choice(SECTIONS, "section"), max_items=len(SECTIONS), unique=True),
    "sections_beside_practice": s.Number(0, len(SECTIONS), integer=True),
})


def cmyk(percentages) -> CMYKColor:
    return CMYKColor(*(p / 100 for p in percentages))


def _merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and key in base else value
    return merged


def _read(root: Path, relative: str, partial: bool, problems: list):
    data, load_problems = load(root / relative, relative)
    problems += load_problems
    if data is None:
        return None
    checker = s.Checker(relative)
    checked = LAYOUT_SCHEMA.check(data, getattr(data, "at", (1, 1)), checker, partial=partial)
    problems += checker.problems
    return None if checked is s.INVALID else checked


def load_layout(root: Path, name: str, paper: str = "a4") -> Layout:
    return _load(root, (name,), paper, [])[name]


def load_layouts(root: Path, treatment_ids, paper: str = "a4") -> dict[str, Layout]:
    """The layouts of every treatment and the other layouts, checked together before anything renders."""
    names = (*treatment_ids, *OTHER_LAYOUTS)
    return _load(root, names, paper, _stray_files(root, names))


def _load(root: Path, names, paper: str, problems: list) -> dict[str, Layout]:
    default = _read(root, f"layouts/{DEFAULT}.yaml", False, problems)
    overrides = {name: _read(root, f"layouts/{name}.yaml", True, problems)
                 for name in names if (root / "layouts" / f"{name}.yaml").is_file()}
    if default is not None and paper not in default["paper"]:
        problems.append(Problem(f"layouts/{DEFAULT}.yaml", 1, 1, f"no geometry for paper '{paper}'"))
    if problems:
        raise ContentError(problems)
    return {name: _layout(name, paper, _merge(default, overrides.get(name) or {})) for name in names}


def _stray_files(root: Path, names) -> list[Problem]:
    """A layout file no leaflet reads is most likely a misspelt treatment: its settings would be lost."""
    known = (DEFAULT, *names)
    rule = f"layouts are named after a treatment in leaflets/treatments.yaml, or {', '.join(OTHER_LAYOUTS)}"
    return [Problem(f"layouts/{path.name}", 1, 1,
                    f"no layout is called '{path.stem}'{s.did_you_mean(path.stem, known)} ({rule})")
            for path in sorted((root / "layouts").glob("*.yaml")) if path.stem not in known]


def _layout(name: str, paper: str, data: dict) -> Layout:
    geometry = data["paper"][paper]
    width, height = PAPER_SIZES[paper]
    margins = {side: value * mm for side, value in geometry["margins_mm"].items()}
    colours = data["colours"]
    accent = colours["accent"]
    tint = tuple(p * colours["tint_strength"] / 100 for p in accent)
    return Layout(
        name=name,
        paper=Paper(paper, width, height, band_height=geometry["band_height_mm"] * mm,
                    max_pages=geometry["max_pages"], **margins),
        type={role: TypeSize(**spec) for role, spec in data["type"].items()},
        colours=Palette(cmyk(colours["text"]), cmyk(colours["on_accent"]), cmyk(accent), cmyk(tint)),
        icon=data["icon"],
        sections=data["sections"],
        sections_beside_practice=data["sections_beside_practice"],
    )
