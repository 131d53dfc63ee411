"""Line-drawing pictograms for the passive treatments covered by the leaflets.

Give ``icon_drawing`` an icon name (one of ``ICON_NAMES``), the side of the
square in points and the colours to use; it returns a ReportLab ``Drawing``
made only of vector shapes in those colours, ready to place on a page.
"""

from math import acos, atan2, cos, degrees, radians, sin

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Polygon, Rect

from . import fonts

# Every icon is designed on a 100 x 100 grid and scaled as a whole, so the
# proportions (including the stroke, size/18) hold at any printed size.
_GRID = 100
_STROKE = _GRID / 18
_ROUND = 1  # ReportLab's code for round caps and joins


def _arc_points(cx, cy, rx, start, end, ry=None, steps=24):
    """Points along an elliptical arc, angles in degrees, anticlockwise if end > start."""
    ry = rx if ry is None else ry
    points = []
    for i in range(steps + 1):
        a = radians(start + (end - start) * i / steps)
        points += [cx + rx * cos(a), cy + ry * sin(a)]
    return points


def _curve_points(p0, ctrl, p1, steps=16):
    """Points along a quadratic Bezier curve."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        points += [u * u * p0[0] + 2 * u * t * ctrl[0] + t * t * p1[0],
                   u * u * p0[1] + 2 * u * t * ctrl[1] + t * t * p1[1]]
    return points


def _digit_points(base, tip, half):
    """Outline of a finger from `base` to a rounded `tip`, traced clockwise
    so that several digits chain into one hand outline."""
    d = degrees(atan2(tip[1] - base[1], tip[0] - base[0]))
    nx, ny = cos(radians(d + 90)) * half, sin(radians(d + 90)) * half
    return ([base[0] + nx, base[1] + ny]
            + _arc_points(tip[0], tip[1], half, d + 90, d - 90, steps=12)
            + [base[0] - nx, base[1] - ny])


def _outline(start, digits, end):
    """One closed outline from the wrist, round each digit in turn, back to the wrist."""
    points = list(start)
    for digit in digits:
        points += _digit_points(*digit)
    return points + list(end)


class _Pen:
    """Builds shapes in the caller's colours only: ReportLab's defaults are
    RGB black, which has no place on a CMYK page or a white-on-colour band."""

    def __init__(self, stroke_colour, fill_colour):
        self.stroke = stroke_colour
        self.fill = fill_colour

    def _style(self, shape, weight, fill=False, solid=False):
        shape.strokeColor = self.stroke
        shape.strokeWidth = _STROKE * weight
        shape.strokeLineCap = shape.strokeLineJoin = _ROUND
        if fill:
            shape.fillColor = self.stroke if solid else self.fill
        return shape

    def line(self, x1, y1, x2, y2, weight=1):
        return self._style(Line(x1, y1, x2, y2), weight)

    def path(self, points, weight=1):
        return self._style(PolyLine(points), weight)

    def arc(self, cx, cy, r, start, end, weight=1, ry=None):
        return self.path(_arc_points(cx, cy, r, start, end, ry), weight)

    def curve(self, p0, ctrl, p1, weight=1):
        return self.path(_curve_points(p0, ctrl, p1), weight)

    def ray(self, cx, cy, angle, r1, r2, weight=1):
        """A line pointing away from (cx, cy), from radius r1 out to r2."""
        c, s = cos(radians(angle)), sin(radians(angle))
        return self.line(cx + r1 * c, cy + r1 * s, cx + r2 * c, cy + r2 * s, weight)

    def shape(self, points, weight=1, solid=False):
        return self._style(Polygon(points), weight, fill=True, solid=solid)

    def box(self, x, y, w, h, r, weight=1, solid=False):
        return self._style(Rect(x, y, w, h, rx=r, ry=r), weight, fill=True, solid=solid)

    def dot(self, cx, cy, r, weight=1, solid=False):
        return self._style(Circle(cx, cy, r), weight, fill=True, solid=solid)

    def arrow(self, x1, y1, x2, y2, head=9):
        """A line from (x1, y1) with an open chevron at (x2, y2)."""
        a = atan2(y2 - y1, x2 - x1)
        (lx, ly), (rx, ry) = [(x2 + head * cos(a + s * 2.4), y2 + head * sin(a + s * 2.4))
                              for s in (1, -1)]
        return [self.line(x1, y1, x2, y2), self.path([lx, ly, x2, y2, rx, ry])]


def _rotated(angle, cx, cy, *shapes):
    group = Group(*shapes)
    group.translate(cx, cy)
    group.rotate(angle)
    group.translate(-cx, -cy)
    return group


def _needle(p):
    def needle(x, handle_bottom, lean):
        return _rotated(lean, x, 30,
                        p.line(x, 22, x, handle_bottom, weight=0.6),
                        p.box(x - 4, handle_bottom, 8, 22, r=3, solid=True),
                        p.dot(x, handle_bottom + 28, 4.5, weight=0.7))

    return [needle(38, 52, 8), needle(64, 44, -8),
            # Skin as a gentle curve reads better than a ruler-straight line.
            p.arc(50, -60, 95, 115, 65)]


def _lightning(p):
    return [p.box(30, 58, 40, 32, r=7),
            p.shape([55, 86, 42, 72, 51, 72, 46, 61, 59, 76, 50, 76], weight=0.4, solid=True),
            p.curve((42, 58), (42, 36), (24, 27), weight=0.7),
            p.curve((58, 58), (58, 36), (76, 27), weight=0.7),
            p.box(10, 10, 28, 17, r=4), p.box(62, 10, 28, 17, r=4),
            p.dot(24, 18.5, 2, weight=0.5, solid=True), p.dot(76, 18.5, 2, weight=0.5, solid=True)]


def _tape(p):
    cx, cy, width, length = 50, 38, 11, 54

    def strip(start, end, angle):
        return _rotated(angle, cx, cy, p.box(cx + start, cy - width / 2, end - start, width, r=3))

    def side(m):
        """One side of a back seen from behind: neck, shoulder, waist, hip."""
        return p.path(_curve_points((50 + m * 12, 94), (50 + m * 14, 86), (50 + m * 34, 84))[:-2]
                      + _curve_points((50 + m * 36, 80), (50 + m * 24, 44), (50 + m * 32, 6)))

    # The second strip stops short of the first so it reads as lying underneath.
    gap = width / 2 + 3
    return [side(-1), side(1),
            strip(-length / 2, length / 2, 55),
            strip(-length / 2, -gap, -55), strip(gap, length / 2, -55)]


def _waves(p):
    top = (50, 62)
    return ([p.path([36, 10, top[0], top[1] - 8, 64, 10]), p.line(41, 26, 59, 26, weight=0.8),
             p.dot(*top, 4.5, solid=True)]
            + [p.arc(*top, r, start - 38, start + 38, weight=0.8)
               for r in (16, 30) for start in (0, 180)])


def _laser(p):
    tip = (46, 54)
    pen = _rotated(-45, *tip,
                   p.box(tip[0] - 46, tip[1] - 7, 34, 14, r=4),
                   p.shape([tip[0] - 12, tip[1] - 5, tip[0], tip[1] - 2, tip[0], tip[1] + 2,
                            tip[0] - 12, tip[1] + 5], weight=0.8))
    hit = (78, 22)
    burst = [p.ray(*hit, a, 7, 14, weight=0.7) for a in (-135, -90, -45, 0, 45, 90)]
    return [pen, p.line(tip[0] + 4, tip[1] - 4, hit[0], hit[1], weight=0.7),
            p.dot(*hit, 3, weight=0.5, solid=True)] + burst


def _magnet(p):
    cx, cy, outer, inner, foot = 50, 62, 34, 15, 34
    horseshoe = ([cx + outer, foot] + _arc_points(cx, cy, outer, 0, 180)
                 + [cx - outer, foot, cx - inner, foot]
                 + _arc_points(cx, cy, inner, 180, 0) + [cx + inner, foot])
    shapes = [p.shape(horseshoe),
              p.line(cx - outer, foot + 10, cx - inner, foot + 10),
              p.line(cx + inner, foot + 10, cx + outer, foot + 10)]
    # Short rays under each pole suggest the pull without drawing a "smile".
    for pole in (cx - (outer + inner) / 2, cx + (outer + inner) / 2):
        shapes += [p.ray(pole, foot - 3, a, 9, 20, weight=0.7) for a in (-125, -90, -55)]
    return shapes


def _hand(p):
    thumb = ((30, 36), (13, 56), 5.5)
    fingers = [((37, 52), (35, 80), 5.5), ((48, 54), (48, 88), 5.5),
               ((59, 53), (61, 83), 5.5), ((69.5, 48), (73, 69), 4.5)]
    # Palm creases keep the bare outline from reading as a glove.
    return [p.shape(_outline((33, 8, 30, 28), [thumb] + fingers, (73, 38, 70, 8))),
            p.curve((39, 46), (46, 34), (43, 22), weight=0.6),
            p.curve((70, 44), (62, 42), (55, 46), weight=0.6)]


def _hands(p):
    # Two mittens read as "hands at work" more clearly than two detailed
    # hands, which blur at 20 mm.
    def mitten(mirror):
        outline = _outline((24, 10, 22, 28), [((23, 34), (11, 48), 4.5), ((32, 42), (32, 66), 10)],
                           (42, 38, 40, 10))
        group = Group(p.shape(outline),
                      p.arc(32, 66, 18, 108, 150, weight=0.6),
                      p.arc(32, 66, 25, 112, 146, weight=0.6))
        if mirror:
            group.transform = (-1, 0, 0, 1, _GRID, 0)
        return group

    return [mitten(False), mitten(True)]


def _spine(p):
    shapes = []
    for i in range(4):
        y = 9 + i * 24
        shapes += [p.box(32, y, 36, 10, r=4),
                   p.line(22, y + 7, 32, y + 5, weight=0.8), p.line(68, y + 5, 78, y + 7, weight=0.8)]
        if i:
            shapes.append(p.line(39, y - 7, 61, y - 7, weight=0.6))
    return shapes


def _thermometer(p):
    bulb, r, half = (27, 22), 12, 6
    join = degrees(acos(half / r))
    tube = ([bulb[0] - half, 86] + _arc_points(bulb[0], 86, half, 180, 0, steps=10)
            + _arc_points(bulb[0], bulb[1], r, join, -180 - join))
    cx, cy, arm = 70, 56, 20
    flake = []
    for angle in range(30, 390, 60):
        x, y = cx + 0.62 * arm * cos(radians(angle)), cy + 0.62 * arm * sin(radians(angle))
        flake += [p.ray(cx, cy, angle, 0, arm, weight=0.8),
                  p.ray(x, y, angle + 40, 0, 7, weight=0.6), p.ray(x, y, angle - 40, 0, 7, weight=0.6)]
    return [p.shape(tube), p.line(bulb[0], bulb[1], bulb[0], 64, weight=0.8),
            p.dot(*bulb, 5, weight=0.5, solid=True)] + flake


def _ultrasound(p):
    return ([p.box(42, 66, 16, 26, r=6),
             p.shape([40, 66, 60, 66, 66, 46, 34, 46])]
            + [p.arc(50, 46, r, 235, 305, weight=0.8) for r in (12, 24, 36)])


def _traction(p):
    column = [p.box(38, 31 + i * 15, 24, 8, r=3, weight=0.8) for i in range(3)]
    return column + p.arrow(50, 76, 50, 93) + p.arrow(50, 24, 50, 7)


_ICONS = {
    "needle": _needle,
    "lightning": _lightning,
    "tape": _tape,
    "waves": _waves,
    "laser": _laser,
    "magnet": _magnet,
    "hand": _hand,
    "hands": _hands,
    "spine": _spine,
    "thermometer": _thermometer,
    "ultrasound": _ultrasound,
    "traction": _traction,
}

ICON_NAMES: frozenset[str] = frozenset(_ICONS)


def icon_drawing(name: str, size: float, stroke_colour, fill_colour=None) -> Drawing:
    """Return the icon `name` as a square Drawing `size` points wide.

    Closed shapes are filled with `fill_colour` (None leaves them open);
    small solid details use `stroke_colour`.
    """
    try:
        draw = _ICONS[name]
    except KeyError:
        raise KeyError(f"unknown icon {name!r}; expected one of {sorted(ICON_NAMES)}") from None
    icon = Group(*draw(_Pen(stroke_colour, fill_colour)))
    icon.scale(size / _GRID, size / _GRID)
    drawing = fonts.drawing(size, size)
    drawing.add(icon)
    return drawing


# The evidence symbols: a circle each, told apart by what is inside it, never by colour alone. Drawn on
# the same 100 x 100 grid; each is printed beside its wording, and a key lists them all.
def _small_effect(p):
    """A quarter of the circle filled: a small effect."""
    return [p.shape([50, 50, *_arc_points(50, 50, 40, 90, 0, steps=12)], weight=0.5, solid=True)]


def _no_findings(p):
    """A short dash: nothing of its own to report."""
    return [p.line(30, 50, 70, 50)]


def _disagree(p):
    """Plus over minus: some studies one way, some the other."""
    return [p.line(32, 64, 68, 64), p.line(50, 46, 50, 82), p.line(32, 30, 68, 30)]


def _too_few(p):
    """A question mark: too little is known."""
    return [p.path([*_arc_points(50, 62, 14, 160, -50, steps=16), 50, 40]), p.dot(50, 24, 3, solid=True)]


def _not_proven(p):
    """A cross: not shown to help."""
    return [p.line(34, 34, 66, 66), p.line(34, 66, 66, 34)]


_SYMBOLS = {"small-effect": _small_effect, "no-findings": _no_findings, "disagree": _disagree,
            "too-few": _too_few, "not-proven": _not_proven}

SYMBOL_NAMES: tuple[str, ...] = tuple(_SYMBOLS)


def symbol_drawing(name: str, size: float, colour) -> Drawing:
    """The evidence symbol ``name`` (one of SYMBOL_NAMES) as a square Drawing ``size`` points wide."""
    pen = _Pen(colour, None)
    symbol = Group(pen.dot(50, 50, 45, weight=0.8), *_SYMBOLS[name](pen))
    symbol.scale(size / _GRID, size / _GRID)
    drawing = fonts.drawing(size, size)
    drawing.add(symbol)
    return drawing
