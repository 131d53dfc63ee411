"""Layout loading: page geometry, type scale, colours, icon and section order.

Takes the project folder, a layout name (a treatment id, or "brochure"), a paper size and the variant
(large print, print-ready); gives back a frozen ``Layout`` made of layouts/_default.yaml with
layouts/<name>.yaml laid over it, as Hugo falls back to its _default layouts, and for large print the
merged ``large_print`` block laid over that; for the brochure also its ``Booklet``, the composition
under the key "booklet". Every problem in both files is raised together as one ContentError;
``load_layouts`` checks every layout file of a build, including one whose name is no layout's, at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import schema as s
from .content import SECTIONS
from ..errors import ContentError, Problem
from .icons import Icon, icon_names, load_icons
from .paper import BOOKLET_PAPER, MAX_CREEP_MM, MM, PAPER_SIZES, a4_scale

DEFAULT = "_default"
OTHER_LAYOUTS = ("brochure",)  # layout names besides the treatments
TYPE_ROLES = ("body", "heading", "key_message", "title", "subtitle", "series", "footer", "table")
BROCHURE_PARTS = ("cover", "contents", "introduction", "at_a_glance", "chapters", "helps_instead", "what_you_can_do",
                  "source_and_method", "imprint", "back_cover")
PART_STARTS = ("next", "right", "left")


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


CMYK = tuple  # cyan, magenta, yellow, black, each 0 to 1; render/ makes ReportLab colours of them


@dataclass(frozen=True)
class Palette:
    text: CMYK
    on_accent: CMYK
    accent: CMYK
    tint: CMYK


MIN_TINT = 2  # percent: a plate prints no dot finer than this reliably


@dataclass(frozen=True)
class OutputCondition:
    """The printing condition a print-ready file is made for (its PDF/X output intent)."""

    identifier: str  # its name in the ICC's registry of characterised conditions, e.g. FOGRA39
    info: str
    registry: str
    profile: Path  # the ICC profile of the condition


@dataclass(frozen=True)
class PrintMarks:
    """The print shop's additions around the finished (trimmed) page, in points, and the condition
    it prints in."""

    bleed: float
    gap: float  # between the bleed's edge and a crop mark
    length: float
    weight: float
    colour: CMYK
    condition: OutputCondition
    crop: bool = True  # crop marks outside the bleed; without them the sheet is trim and bleed only

    @property
    def margin(self) -> float:
        """How far the sheet (MediaBox) reaches past the finished page on each side."""
        return self.bleed + self.gap + self.length if self.crop else self.bleed


@dataclass(frozen=True)
class Layout:
    name: str
    paper: Paper
    type: dict
    colours: Palette
    icon: Icon
    step_icons: tuple  # of Icon: beside each step of "What you can do", in order
    sections: tuple
    sections_beside_practice: int
    large_print: bool = False
    print_marks: PrintMarks | None = None  # set for a print-ready PDF

    @property
    def variant_name(self) -> str:
        return variant_name(self.paper.name, self.large_print, self.print_marks is not None)


class _Overrides(s.Schema):
    """A block of layout keys laid over the others: each is checked as usual, none is required."""

    def __init__(self, fields: dict):
        self.record = s.Record(fields)

    def check(self, value, at, ctx, partial=False):
        return self.record.check(value, at, ctx, partial=True)


@dataclass(frozen=True)
class Booklet:
    """How the brochure is composed: its parts in order, the treatments it covers and where parts start."""

    parts: tuple
    treatments: tuple
    start: dict  # part -> "next", "right" (odd page) or "left" (even page); "chapters" is each chapter
    page_multiple: int
    running_header: bool
    footer: tuple
    cover_band_height: float
    table_margin: float
    creep: float  # per sheet of the booklet, towards the fold (see pdf/impose.py)


_TYPE_SIZE = s.Record({"size": s.Number(9, 72), "leading": s.Number(9, 90)})


def _layout_fields(icons: tuple) -> dict:
    return {
        "paper": s.MapOf(s.Choice(tuple(PAPER_SIZES), "paper size"), s.Record({
            "margins_mm": s.Record({side: s.Number(5, 60) for side in ("top", "right", "bottom", "left")}),
            "band_height_mm": s.Number(20, 120),
            "max_pages": s.Number(1, 256, integer=True),
        })),
        "type": s.Record({role: _TYPE_SIZE for role in TYPE_ROLES}),
        "colours": s.Record({"text": s.Colour(), "on_accent": s.Colour(), "accent": s.Colour(),
                             "tint_strength": s.Number(0, 100)}),
        "icon": s.Choice(icons, "icon"),
        "step_icons": s.ListOf(s.Choice(icons, "icon")),
        "sections": s.ListOf(s.Choice(SECTIONS, "section"), max_items=len(SECTIONS), unique=True),
        "sections_beside_practice": s.Number(0, len(SECTIONS), integer=True),
    }


@cache
def _layout_schema(icons: tuple, brochure_treatments: tuple | None = None) -> s.Record:
    """A layout file's schema, given the project's icons; the brochure's, given the treatments it may
    name, has its "booklet" too."""
    fields = _layout_fields(icons)
    booklet = {} if brochure_treatments is None else {"booklet": _booklet_schema(brochure_treatments)}
    return s.Record({
        **fields,
        "large_print": s.Optional(_Overrides(fields), default={}),
        "print_ready": s.Record({"bleed_mm": s.Number(0, 10), "mark_gap_mm": s.Number(0, 10),
                                 "mark_length_mm": s.Number(2, 20), "mark_weight_pt": s.Number(0.25, 2),
                                 "mark_colour": s.Colour(), "output_condition": s.Record({
                                     "identifier": s.Text(max_length=100), "info": s.Text(max_length=300),
                                     "registry": s.Url(("http", "https")), "profile": s.Text(max_length=200)})}),
        **booklet,
    })


class _Selection(s.Schema):
    """'all' for every treatment in leaflets/treatments.yaml order, or a list of treatment ids."""

    def __init__(self, treatment_ids):
        self.treatment_ids = tuple(treatment_ids)

    def check(self, value, at, ctx, partial=False):
        if value == "all":
            return self.treatment_ids
        return s.ListOf(s.Choice(self.treatment_ids, "treatment"), unique=True).check(value, at, ctx)


class _Complete(s.Schema):
    """Checked in full even in a file that may otherwise give only what differs from _default.yaml."""

    def __init__(self, schema: s.Schema):
        self.schema = schema

    def check(self, value, at, ctx, partial=False):
        return self.schema.check(value, at, ctx)


def _booklet_schema(treatment_ids) -> s.Schema:
    return _Complete(s.Record({
        "parts": s.ListOf(s.Choice(BROCHURE_PARTS, "part"), unique=True),
        "treatments": _Selection(treatment_ids),
        "start": s.MapOf(s.Choice(BROCHURE_PARTS, "part"), s.Choice(PART_STARTS, "start")),
        "page_multiple": s.Number(1, 16, integer=True),
        "running_header": s.Choice(("part_name", "none"), "running header"),
        "footer": s.ListOf(s.Choice(("source", "page_number"), "footer item"), min_items=0, unique=True),
        "cover_band_height_mm": s.Number(20, 200),
        "table_margins_mm": s.Number(5, 60),
        "creep_mm_per_sheet": s.Number(0, MAX_CREEP_MM),
    }))


def variant_name(paper: str, large_print: bool, print_ready: bool) -> str:
    """The paper and variant, as an error message names them, e.g. "A4, large print"."""
    return ", ".join([paper.upper()] + ["large print"] * large_print + ["print-ready"] * print_ready)


def printable_tint(percent: float) -> float:
    """An ink's percentage, rounded to none or to MIN_TINT if under MIN_TINT."""
    return 0 if percent < MIN_TINT / 2 else MIN_TINT if percent < MIN_TINT else percent


def cmyk(percentages) -> CMYK:
    """The colour, each ink under MIN_TINT percent rounded to none or to MIN_TINT."""
    return tuple(printable_tint(p) / 100 for p in percentages)


def _merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and key in base else value
    return merged


def _load(root: Path, name: str, paper: str, large_print: bool, brochure_treatments: tuple | None = None) -> dict:
    problems: list = []
    icons = icon_names(root)
    data = s.read_checked(root / f"layouts/{DEFAULT}.yaml", f"layouts/{DEFAULT}.yaml", _layout_schema(icons),
                          problems)
    own = f"layouts/{name}.yaml"
    if (root / own).is_file():
        override = s.read_checked(root / own, own, _layout_schema(icons, brochure_treatments), problems,
                                  partial=True)
        if data is not None and override is not None:
            data = _merge(data, override)
    if problems:
        raise ContentError(problems)
    if large_print:
        data = _merge(data, data["large_print"])
    if paper not in data["paper"]:
        raise ContentError([Problem(f"layouts/{DEFAULT}.yaml", 1, 1, f"no geometry for paper '{paper}'")])
    return data


@dataclass(frozen=True)
class Layouts:
    """Every layout a build reads."""

    treatments: dict  # treatment id -> Layout
    brochure: tuple  # (Layout, Booklet) at the build's paper
    booklet: tuple | None = None  # (Layout, Booklet) at BOOKLET_PAPER, for the brochure imposed as a booklet


def load_layouts(root: Path, treatment_ids, paper: str = "a4", large_print: bool = False,
                 print_ready: bool = False, booklet: bool = False, marks: str = "crop",
                 creep: float | None = None) -> Layouts:
    """The layouts of every treatment and the brochure's (also at the booklet's paper if ``booklet``,
    with ``creep`` in mm per sheet if given, instead of the file's), checked together and with any file
    that is no layout's, before anything renders."""
    problems = s.stray_files(root / "layouts", "layouts", (DEFAULT, *treatment_ids, *OTHER_LAYOUTS),
                             "no layout is called", "layouts are named after a treatment in leaflets/"
                             f"treatments.yaml, or {', '.join(OTHER_LAYOUTS)}")
    try:
        load_icons(root)  # every icon, also those no layout uses yet
    except ContentError as err:
        problems += err.problems
    treatments, brochures = {}, []
    for name in treatment_ids:
        try:
            treatments[name] = load_layout(root, name, paper, large_print, print_ready, marks)
        except ContentError as err:
            problems += err.problems
    for brochure_paper in (paper, BOOKLET_PAPER)[:1 + booklet]:
        try:
            brochures.append(load_brochure_layout(root, treatment_ids, brochure_paper, large_print, print_ready,
                                                  marks, creep))
        except ContentError as err:
            problems += err.problems
            break  # the same file's problems again at another paper would say nothing new
    if problems:
        raise ContentError(list(dict.fromkeys(problems)))  # a broken icon is named once, not per layout
    return Layouts(treatments, *brochures)


def load_layout(root: Path, name: str, paper: str = "a4", large_print: bool = False,
                print_ready: bool = False, marks: str = "crop") -> Layout:
    data = _load(root, name, paper, large_print)
    return _layout(root, name, paper, data, large_print, _print_marks(root, data, marks) if print_ready else None)


def load_brochure_layout(root: Path, treatment_ids, paper: str = "a4", large_print: bool = False,
                         print_ready: bool = False, marks: str = "crop",
                         creep: float | None = None) -> tuple[Layout, Booklet]:
    """The brochure's Layout and Booklet; ``treatment_ids`` are those the brochure may name, ``creep``
    (mm per sheet) replaces the file's."""
    data = _load(root, "brochure", paper, large_print, tuple(treatment_ids))
    if "booklet" not in data:
        raise ContentError([Problem("layouts/brochure.yaml", 1, 1, "missing required key 'booklet'")])
    booklet = data["booklet"]
    print_marks = _print_marks(root, data, marks) if print_ready else None
    return _layout(root, "brochure", paper, data, large_print, print_marks), Booklet(
        parts=booklet["parts"], treatments=booklet["treatments"], start=booklet["start"],
        page_multiple=booklet["page_multiple"], running_header=booklet["running_header"] != "none",
        footer=booklet["footer"],
        cover_band_height=booklet["cover_band_height_mm"] * MM * a4_scale(PAPER_SIZES[paper][1]),
        table_margin=booklet["table_margins_mm"] * MM,
        creep=(booklet["creep_mm_per_sheet"] if creep is None else creep) * MM)


def _print_marks(root: Path, data: dict, marks: str) -> PrintMarks:
    spec = data["print_ready"]
    condition = spec["output_condition"]
    profile = root / "layouts" / condition["profile"]
    if not profile.is_file():
        raise ContentError([Problem(f"layouts/{DEFAULT}.yaml", 1, 1,
                                    f"output profile 'layouts/{condition['profile']}' not found")])
    return PrintMarks(bleed=spec["bleed_mm"] * MM, gap=spec["mark_gap_mm"] * MM,
                      length=spec["mark_length_mm"] * MM, weight=spec["mark_weight_pt"],
                      colour=cmyk(spec["mark_colour"]), crop=marks == "crop", condition=OutputCondition(
                          condition["identifier"], condition["info"], condition["registry"], profile))


def _layout(root: Path, name: str, paper: str, data: dict, large_print: bool,
            print_marks: PrintMarks | None) -> Layout:
    geometry = data["paper"][paper]
    width, height = PAPER_SIZES[paper]
    margins = {side: value * MM for side, value in geometry["margins_mm"].items()}
    colours = data["colours"]
    accent = colours["accent"]
    tint = tuple(p * colours["tint_strength"] / 100 for p in accent)
    return Layout(
        name=name,
        paper=Paper(paper, width, height, band_height=geometry["band_height_mm"] * MM,
                    max_pages=geometry["max_pages"], **margins),
        type={role: TypeSize(**spec) for role, spec in data["type"].items()},
        colours=Palette(cmyk(colours["text"]), cmyk(colours["on_accent"]), cmyk(accent), cmyk(tint)),
        icon=load_icons(root)[data["icon"]],
        step_icons=tuple(load_icons(root)[name] for name in data["step_icons"]),
        sections=data["sections"],
        sections_beside_practice=data["sections_beside_practice"],
        large_print=large_print,
        print_marks=print_marks,
    )
