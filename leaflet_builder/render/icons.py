"""Icons drawn with ReportLab.

Takes an Icon (inputs/icons.py: the shapes of layouts/icons/<name>.svg), the side of the square in
points and a ReportLab colour; gives back a Drawing of vector shapes in that one colour, its strokes
with round caps and joins, ready to place on a page. Nothing else is drawn in it: ReportLab's default
colours (RGB black) have no place on a CMYK page or a white-on-colour band.
"""
from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Ellipse, Group, Line, Path, PolyLine, Polygon, Rect
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.validators import isAnything

from . import fonts
from .reportlab_internals import append_code, code_from, code_length, drawing_context
from ..inputs.icons import Icon, Shape

_ROUND = 1  # ReportLab's code for round caps and joins


_MADE_MAX = 256
# an icon at a size in a colour: its shapes, and the operators it was drawn as on each kind of canvas
_made: dict[tuple, tuple[Group, dict]] = {}


class _IconDrawing(Drawing):
    """An icon's drawing, drawn once per kind of canvas and context: on a canvas that draws a vector
    drawing the same wherever it is placed (``replays_drawings``: it sets every graphics state it uses,
    inside its own q/Q, is placed by the translation before it, and no state of the canvas's own, such
    as PDF/X's overprinting, goes into its operators), the operators it was drawn as are written again
    where the canvas's drawing context (reportlab_internals.drawing_context) is as it was then, and
    that first drawing left it as it was."""

    # (type of canvas, context) -> operators, shared by the icon's drawings: an attribute a Drawing takes
    # only once its attribute map names it (ReportLab checks every attribute set on a shape)
    _attrMap = AttrMap(BASE=Drawing, drawn=AttrMapValue(isAnything, desc="operators drawn, by canvas and context"))

    def draw(self):
        canvas = self.canv
        if not getattr(canvas, "replays_drawings", False):
            return super().draw()
        context = (type(canvas), drawing_context(canvas))
        drawn = self.drawn.get(context)
        if drawn is not None:
            for operator in drawn:
                append_code(canvas, operator)
            return
        start = code_length(canvas)
        super().draw()
        if drawing_context(canvas) == context[1]:
            self.drawn[context] = code_from(canvas, start)


def icon_drawing(icon: Icon, size: float, colour) -> Drawing:
    """``icon`` as a square Drawing ``size`` points wide, in ``colour``. Its shapes are made once (each
    attribute of a shape is checked as it is set, and a practice's set draws some 130 icons, most of
    them the same few) and shared by the drawings, which ReportLab draws without changing them."""
    key = (icon, size, type(colour).__qualname__, tuple(sorted(vars(colour).items())))
    made = _made.get(key)
    if made is None:
        if len(_made) >= _MADE_MAX:
            _made.clear()
        made = _made[key] = (_group(icon, size, colour), {})
    group, drawn = made
    drawing = fonts.drawing(size, size, kind=_IconDrawing)
    drawing.drawn = drawn
    drawing.add(group)
    return drawing


def _group(icon: Icon, size: float, colour) -> Group:
    min_x, min_y, width, height = icon.view_box
    scale = size / max(width, height)
    # SVG's y points down, ReportLab's up: flip the view box onto the square
    return Group(*(_shape(shape, colour) for shape in icon.shapes),
                 transform=(scale, 0, 0, -scale, -min_x * scale, size + min_y * scale))


def _shape(shape: Shape, colour):
    if shape.kind == "group":
        return Group(*(_shape(child, colour) for child in shape.geometry), transform=shape.transform)
    drawn = _SHAPES[shape.kind](*shape.geometry) if shape.kind != "path" else _path(shape.geometry)
    drawn.strokeColor = colour if shape.stroke else None
    drawn.strokeWidth = shape.stroke
    drawn.strokeLineCap = drawn.strokeLineJoin = _ROUND
    if hasattr(drawn, "fillColor"):
        drawn.fillColor = colour if shape.filled else None
    return drawn


def _path(commands: tuple) -> Path:
    path = Path()
    draw = {"M": path.moveTo, "L": path.lineTo, "C": path.curveTo, "Z": path.closePath}
    for command, *points in commands:
        draw[command](*points)
    return path


_SHAPES = {
    "line": Line,
    "polyline": lambda *points: PolyLine(list(points)),
    "polygon": lambda *points: Polygon(list(points)),
    "rect": lambda x, y, width, height, rx, ry: Rect(x, y, width, height, rx=rx, ry=ry),
    "circle": Circle,
    "ellipse": Ellipse,
}
