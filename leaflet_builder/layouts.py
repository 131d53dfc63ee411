"""Layout loading: page geometry, type scale, colours, icon and section order.

Takes the project folder, a layout name (a treatment id, or "brochure"), a paper size and the variant
(large print, print-ready); gives back a frozen ``Layout`` made of layouts/_default.yaml with
layouts/<name>.yaml laid over it, as Hugo falls back to its _default layouts, and for large print the
merged ``large_print`` block laid over that. Every problem in both files is raised together as one
ContentError.
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
class PrintMarks:
    """The print shop's additions around the finished (trimmed) page, in points."""

    bleed: float
    gap: float  # between the bleed's edge and a crop mark
    length: float
    weight: float
    colour: CMYKColor

    @property
    def margin(self) -> float:
        """How far the sheet (MediaBox) reaches past the finished page on each side."""
        return self.bleed + self.gap + self.length


@dataclass(frozen=True)
class Layout:
    name: str
    paper: Paper
    type: dict
    colours: Palette
    icon: str
    sections: tuple
    sections_beside_practice: int
    large_print: bool = False
    print_marks: PrintMarks | None = None  # set for a print-ready PDF

    @property
    def variant_name(self) -> str:
        """The paper and variant, as an error message names them, e.g. "A4, large print"."""
        return ", ".join([self.paper.name.upper()] + ["large print"] * self.large_print
                         + ["print-ready"] * (self.print_marks is not None))


class _Overrides(s.Schema):
    """A block of layout keys laid over the others: each is checked as usual, none is required."""

    def __init__(self, fields: dict):
        self.record = s.Record(fields)

    def check(self, value, at, ctx, partial=False):
        return self.record.check(value, at, ctx, partial=True)


_TYPE_SIZE = s.Record({"size": s.Number(9, 72), "leading": s.Number(9, 90)})
_LAYOUT_FIELDS = {
    "paper": s.MapOf(s.Choice(tuple(PAPER_SIZES), "paper size"), s.Record({
        "margins_mm": s.Record({side: s.Number(5, 60) for side in ("top", "right", "bottom", "left")}),
        "band_height_mm": s.Number(20, 120),
        "max_pages": s.Number(1, 64, integer=True),
    })),
    "type": s.Record({role: _TYPE_SIZE for role in TYPE_ROLES}),
    "colours": s.Record({"text": s.Colour(), "on_accent": s.Colour(), "accent": s.Colour(),
                         "tint_strength": s.Number(0, 100)}),
    "icon": s.Choice(tuple(sorted(ICON_NAMES)), "icon"),
    "sections": s.ListOf(s.Choice(SECTIONS, "section"), max_items=len(SECTIONS)),
    "sections_beside_practice": s.Number(0, len(SECTIONS), integer=True),
}
LAYOUT_SCHEMA = s.Record({
    **_LAYOUT_FIELDS,
    "large_print": s.Optional(_Overrides(_LAYOUT_FIELDS), default={}),
    "print_ready": s.Record({"bleed_mm": s.Number(0, 10), "mark_gap_mm": s.Number(0, 10),
                             "mark_length_mm": s.Number(2, 20), "mark_weight_pt": s.Number(0.1, 2),
                             "mark_colour": s.Colour()}),
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


def load_layout(root: Path, name: str, paper: str = "a4", large_print: bool = False,
                print_ready: bool = False) -> Layout:
    problems: list = []
    data = _read(root, "layouts/_default.yaml", False, problems)
    own = f"layouts/{name}.yaml"
    if (root / own).is_file():
        override = _read(root, own, True, problems)
        if data is not None and override is not None:
            data = _merge(data, override)
    if problems:
        raise ContentError(problems)
    if large_print:
        data = _merge(data, data["large_print"])
    if paper not in data["paper"]:
        raise ContentError([Problem("layouts/_default.yaml", 1, 1, f"no geometry for paper '{paper}'")])
    return _layout(name, paper, data, large_print, _print_marks(data["print_ready"]) if print_ready else None)


def _print_marks(spec: dict) -> PrintMarks:
    return PrintMarks(bleed=spec["bleed_mm"] * mm, gap=spec["mark_gap_mm"] * mm,
                      length=spec["mark_length_mm"] * mm, weight=spec["mark_weight_pt"],
                      colour=cmyk(spec["mark_colour"]))


def _layout(name: str, paper: str, data: dict, large_print: bool, print_marks: PrintMarks | None) -> Layout:
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
        large_print=large_print,
        print_marks=print_marks,
    )
