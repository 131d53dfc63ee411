"""Icons: small SVG files in layouts/icons/, one per icon, named as a layout's ``icon:`` names them.

Takes the project folder; gives back the icon names (the files' names) and each icon as an ``Icon``:
plain shapes in the SVG's own coordinates (y pointing down), ready for render/icons.py to draw in
one colour. An icon is a line drawing in one colour, so only the SVG a designer needs for that is read:
``line``, ``polyline``, ``polygon``, ``rect`` (with ``rx``), ``circle``, ``ellipse`` and ``path``
(M, L, H, V, C, S, Q, T, Z), grouped in ``g`` with ``transform`` (matrix, translate, scale, rotate),
with ``stroke-width`` and ``fill``/``stroke`` as attributes or in ``style``. Any fill or stroke other
than ``none`` is drawn in the layout's colour; caps and joins are round. Comments, ``title``, ``desc``,
``metadata``, ``defs`` and editors' own elements (e.g. Inkscape's) are passed over; anything else is
a Problem naming the file and line, as is a file that is not well-formed or too big.
"""
from __future__ import annotations

import math
import re
from collections import namedtuple
from functools import cache
from pathlib import Path
from xml.parsers import expat

from ..errors import ContentError, Problem
from .files import NotRegular, TooLarge, read_regular

FOLDER = "layouts/icons"
SVG = "http://www.w3.org/2000/svg"
MAX_FILE_BYTES = 64 * 1024
# Icons are drawn in a 100-unit square or so. Bounded numbers, transforms and nesting keep every number
# ReportLab writes below the 1e20 it can (a viewBox of at least 1 unit scales them by less than 100),
# and the reading of nested groups far from Python's recursion limit.
MAX_NUMBER = 100_000
MAX_DEPTH = 20
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SKIPPED = {"title", "desc", "metadata", "defs"}
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_PATH_TOKEN = re.compile(rf"([MmLlHhVvCcSsQqTtZzAa])|({_NUMBER})|([\s,]+)|(.)")
_TRANSFORM = re.compile(r"\s*(matrix|translate|scale|rotate)\s*\(([^)]*)\)\s*,?")
_PATH_ARGUMENTS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "Z": 0}


# named tuples, not dataclasses: see errors.Problem
class Shape(namedtuple("Shape", "kind geometry stroke filled transform", defaults=(IDENTITY,))):
    """One element: ``kind`` is line, polyline, polygon, rect, circle, ellipse, path or group;
    ``geometry`` by kind: coordinates, a path's ("M"|"L"|"C"|"Z", *points), a group's shapes; ``stroke``:
    its width, 0 for none; ``transform``: a group's."""

    __slots__ = ()


class Icon(namedtuple("Icon", "name view_box shapes")):
    """``view_box``: min x, min y, width, height."""

    __slots__ = ()


def icon_names(root: Path) -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in (root / FOLDER).glob("*.svg")))


def load_icons(root: Path) -> dict[str, Icon]:
    """Every icon of the project by name; raises ContentError naming every problem in every file."""
    paths = sorted((root / FOLDER).glob("*.svg"))
    return _load_icons(tuple((path, *_stamp(path)) for path in paths))


def _stamp(path: Path) -> tuple:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@cache
def _load_icons(files: tuple) -> dict[str, Icon]:
    """Keyed by each file's path, time and size: the layouts of one build share one reading."""
    icons, problems = {}, []
    for path, *_ in files:
        try:
            icons[path.stem] = _read(path, f"{FOLDER}/{path.name}")
        except ContentError as err:
            problems += err.problems
    if problems:
        raise ContentError(problems)
    return icons


class _Element:
    def __init__(self, tag: str, attributes: dict, at: tuple):
        self.tag, self.attributes, self.at, self.children = tag, attributes, at, []


def _parse(path: Path, shown_as: str) -> _Element:
    def fail(at, message):
        raise ContentError([Problem(shown_as, at[0], at[1], message)])

    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except TooLarge:
        fail((1, 1), f"file is larger than {MAX_FILE_BYTES // 1024} KiB")
    except NotRegular:
        fail((1, 1), "not a regular file; save the icon as an SVG file")
    except OSError as err:
        fail((1, 1), f"cannot read file: {err.strerror}")
    parser = expat.ParserCreate(namespace_separator=" ")
    stack = [_Element("", {}, (1, 1))]

    def here():
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def start(tag, attributes):
        if len(stack) > MAX_DEPTH:
            fail(here(), f"elements are nested more than {MAX_DEPTH} deep; an icon needs a few groups at most")
        element = _Element(tag, attributes, here())
        stack[-1].children.append(element)
        stack.append(element)

    def refuse_doctype(*_):
        fail(here(), "a DOCTYPE is not allowed in an icon; save it as plain SVG")

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: stack.pop()
    parser.StartDoctypeDeclHandler = refuse_doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as err:
        fail((err.lineno, err.offset + 1), f"not well-formed SVG: {expat.ErrorString(err.code)}")
    root = stack[0].children[0]
    if root.tag != f"{SVG} svg":
        fail(root.at, "an icon is an <svg> element in the SVG namespace (xmlns=\"http://www.w3.org/2000/svg\")")
    return root


def _read(path: Path, shown_as: str) -> Icon:
    root = _parse(path, shown_as)
    reader = _Reader(shown_as)
    view_box = reader.numbers(root, "viewBox", 4)
    if view_box and (view_box[2] < 1 or view_box[3] < 1):
        reader.problem(root, "viewBox needs a width and height of 1 or more")
    shapes = reader.children(root, {"fill": "black", "stroke": "none", "stroke-width": "1"}, IDENTITY)
    if reader.problems:
        raise ContentError(reader.problems)
    if not shapes:
        raise ContentError([Problem(shown_as, *root.at, "the icon draws nothing")])
    return Icon(path.stem, tuple(view_box or (0, 0, 100, 100)), tuple(shapes))


class _Reader:
    """Turns the elements of one file into Shapes, keeping every problem."""

    def __init__(self, shown_as: str):
        self.shown_as, self.problems = shown_as, []

    def problem(self, element: _Element, message: str):
        self.problems.append(Problem(self.shown_as, *element.at, message))

    def children(self, parent: _Element, inherited: dict, outer: tuple) -> list[Shape]:
        """The shapes in ``parent``, which the transforms of its groups, ``outer``, place."""
        paint = {**inherited, **self.paint(parent)}
        shapes = []
        for element in parent.children:
            namespace, _, tag = element.tag.rpartition(" ")
            if namespace != SVG or tag in _SKIPPED:
                continue
            shape = self.shape(tag, element, {**paint, **self.paint(element)}, outer)
            if shape is not None:
                shapes.append(shape)
        return shapes

    def paint(self, element: _Element) -> dict:
        given = {key: element.attributes[key] for key in ("fill", "stroke", "stroke-width")
                 if key in element.attributes}
        for declaration in element.attributes.get("style", "").split(";"):
            key, _, value = (part.strip() for part in declaration.partition(":"))
            if key in ("fill", "stroke", "stroke-width"):
                given[key] = value
        return given

    def shape(self, tag: str, element: _Element, paint: dict, outer: tuple) -> Shape | None:
        width = 0.0 if paint["stroke"] == "none" else self.number(element, paint["stroke-width"].removesuffix("px"))
        filled = paint["fill"] != "none"
        if tag == "g":
            transform = self.transform(element)
            placed = _multiply(outer, transform)
            if not all(abs(value) <= MAX_NUMBER for value in placed):
                self.problem(element, f"transform: with the groups around it, it moves or scales the icon by more "
                                      f"than {MAX_NUMBER:,}")
                transform = placed = IDENTITY
            return Shape("group", tuple(self.children(element, paint, placed)), width, filled, transform)
        if tag == "line":
            return Shape(tag, self.numbers_of(element, ("x1", "y1", "x2", "y2"), 0), width, False)
        if tag in ("polyline", "polygon"):
            points = self.numbers(element, "points")
            if len(points) < 4 or len(points) % 2:
                self.problem(element, f"<{tag}> needs pairs of x,y for two points or more")
            return Shape(tag, tuple(points), width, filled and tag == "polygon")
        if tag == "rect":
            x, y, w, h, rx, ry = self.numbers_of(element, ("x", "y", "width", "height", "rx", "ry"), 0)
            rx, ry = rx or ry, ry or rx
            return Shape(tag, (x, y, w, h, rx, ry), width, filled)
        if tag == "circle":
            return Shape(tag, self.numbers_of(element, ("cx", "cy", "r"), 0), width, filled)
        if tag == "ellipse":
            return Shape(tag, self.numbers_of(element, ("cx", "cy", "rx", "ry"), 0), width, filled)
        if tag == "path":
            return Shape(tag, self.path(element), width, filled)
        self.problem(element, f"<{tag}> is not drawn in an icon; use lines, polylines, polygons, rects, "
                              "circles, ellipses and paths")
        return None

    def number(self, element: _Element, text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            self.problem(element, f"'{text}' is not a number")
            return 0.0
        if not abs(value) <= MAX_NUMBER:  # also NaN and infinity
            self.problem(element, f"'{text}' is out of range: an icon's numbers are between "
                                  f"-{MAX_NUMBER:,} and {MAX_NUMBER:,}")
            return 0.0
        return value

    def numbers(self, element: _Element, name: str, count: int | None = None) -> list[float]:
        text = element.attributes.get(name)
        if text is None:
            return []
        values = [self.number(element, part) for part in re.split(r"[\s,]+", text.strip()) if part]
        if count is not None and len(values) != count:
            self.problem(element, f"{name} needs {count} numbers")
            return []
        return values

    def numbers_of(self, element: _Element, names, default: float) -> tuple:
        return tuple(self.number(element, element.attributes[name].removesuffix("px"))
                     if name in element.attributes else default for name in names)

    def transform(self, element: _Element) -> tuple:
        text, matrix = element.attributes.get("transform", ""), IDENTITY
        for found in _TRANSFORM.finditer(text):
            kind = found.group(1)
            values = [self.number(element, v) for v in re.split(r"[\s,]+", found.group(2).strip())]
            step = _transform(kind, values)
            if step is None:
                self.problem(element, f"transform: {kind}() cannot take {len(values)} numbers")
                return IDENTITY
            matrix = _multiply(matrix, step)
        if _TRANSFORM.sub("", text).strip():
            self.problem(element, f"transform '{text}': only matrix, translate, scale and rotate are read")
        return matrix

    def path(self, element: _Element) -> tuple:
        """The path as absolute M, L, C and Z commands: H and V become L, S, Q and T become C."""
        tokens = []
        for found in _PATH_TOKEN.finditer(element.attributes.get("d", "")):
            command, number, _, other = found.groups()
            if other or command in ("A", "a"):
                what = "arcs ('A')" if command else f"'{other}'"
                self.problem(element, f"path: {what} cannot be read; draw arcs with curves, circles or ellipses")
                return ()
            if command or number:
                tokens.append(command or self.number(element, number))
        commands, x, y, start, control, command = [], 0.0, 0.0, (0.0, 0.0), None, None
        readable = True
        while tokens and readable:
            if isinstance(tokens[0], str):
                command = tokens.pop(0)
            elif command is None:
                readable = False
                break
            upper, relative = command.upper(), command.islower()
            count = _PATH_ARGUMENTS[upper]
            values = tokens[:count]
            if len(values) < count or any(isinstance(v, str) for v in values):
                readable = False
                break
            del tokens[:count]
            if upper == "H":
                values = [values[0] + (x if relative else 0), y]
            elif upper == "V":
                values = [x, values[0] + (y if relative else 0)]
            elif relative:
                values = [v + (x if i % 2 == 0 else y) for i, v in enumerate(values)]
            previous = control
            control = None
            if upper == "M":
                commands.append(("M", *values))
                start = (values[0], values[1])
                command = "l" if relative else "L"  # further pairs after M are lines
            elif upper in ("L", "H", "V"):
                commands.append(("L", *values))
            elif upper in ("C", "S"):
                first = values[:2] if upper == "C" else _reflect(previous, x, y)
                rest = values[2:] if upper == "C" else values
                commands.append(("C", *first, *rest))
                control = ("C", rest[0], rest[1])
            elif upper in ("Q", "T"):
                middle = values[:2] if upper == "Q" else _reflect(previous, x, y, "Q")
                end = values[2:] if upper == "Q" else values
                commands.append(("C", x + 2 / 3 * (middle[0] - x), y + 2 / 3 * (middle[1] - y),
                                 end[0] + 2 / 3 * (middle[0] - end[0]), end[1] + 2 / 3 * (middle[1] - end[1]),
                                 *end))
                control = ("Q", *middle)
            else:  # Z; a number after it belongs to no command
                commands.append(("Z",))
                values, command = list(start), None
            x, y = values[-2], values[-1]
        if not readable or not commands or commands[0][0] != "M":
            self.problem(element, "path: d is not a path of M, L, H, V, C, S, Q, T and Z commands")
            return ()
        return tuple(commands)


def _reflect(previous, x: float, y: float, kind: str = "C") -> list[float]:
    """S and T: the previous curve's last control point mirrored about the current point, if it was
    a curve of the same kind; else the current point."""
    if previous and previous[0] == kind:
        return [2 * x - previous[1], 2 * y - previous[2]]
    return [x, y]


def _transform(kind: str, values: list[float]) -> tuple | None:
    if kind == "matrix" and len(values) == 6:
        return tuple(values)
    if kind == "translate" and len(values) in (1, 2):
        return (1, 0, 0, 1, values[0], values[1] if len(values) == 2 else 0)
    if kind == "scale" and len(values) in (1, 2):
        return (values[0], 0, 0, values[-1], 0, 0)
    if kind == "rotate" and len(values) in (1, 3):
        angle = math.radians(values[0])
        cx, cy = values[1:] if len(values) == 3 else (0, 0)
        c, s = math.cos(angle), math.sin(angle)
        return (c, s, -s, c, cx - c * cx + s * cy, cy - s * cx - c * cy)
    return None


def _multiply(outer: tuple, inner: tuple) -> tuple:
    """The matrix that applies ``inner`` first, then ``outer`` (SVG's order: left to right)."""
    a, b, c, d, e, f = outer
    A, B, C, D, E, F = inner
    return (a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D, a * E + c * F + e, b * E + d * F + f)
