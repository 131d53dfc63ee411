"""The icons: every SVG in layouts/icons/ read and drawn in one colour; what the converter reads and refuses."""
import io

import pytest
from reportlab.graphics.shapes import Group
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.colors import CMYKColor, white

from conftest import ROOT, write
from leaflet_builder.errors import ContentError
from leaflet_builder.inputs.icons import icon_names, load_icons
from leaflet_builder.render.icons import _made, icon_drawing
from leaflet_builder.render.press import _PrintReady
from leaflet_builder.render.tagging import TaggedCanvas

SIZE = 80
STROKE = CMYKColor(0.8, 0.3, 0.4, 0.6)
ICONS = load_icons(ROOT)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" fill="none" stroke="currentColor">{}</svg>'


def leaves(group):
    for shape in group.contents:
        if isinstance(shape, Group):
            yield from leaves(shape)
        else:
            yield shape


def test_every_icon_file_is_an_icon():
    assert set(ICONS) == set(icon_names(ROOT)) == {path.stem for path in (ROOT / "layouts/icons").glob("*.svg")}


@pytest.mark.parametrize("name", icon_names(ROOT))
def test_size_and_shape_count(name):
    drawing = icon_drawing(ICONS[name], SIZE, STROKE)
    assert (drawing.width, drawing.height) == (SIZE, SIZE)
    assert len(list(leaves(drawing))) >= 2  # an outline and what sets it apart, at the least


@pytest.mark.parametrize("name", icon_names(ROOT))
def test_strokes_stay_inside_the_square(name):
    # getBounds ignores line width, so keep half a stroke clear of each edge.
    margin = SIZE / 36
    x1, y1, x2, y2 = icon_drawing(ICONS[name], SIZE, STROKE).getBounds()
    assert margin <= x1 and x2 <= SIZE - margin
    assert margin <= y1 and y2 <= SIZE - margin


@pytest.mark.parametrize("colour", [STROKE, white])
@pytest.mark.parametrize("name", icon_names(ROOT))
def test_only_the_given_colour(name, colour):
    for shape in leaves(icon_drawing(ICONS[name], SIZE, colour)):
        assert shape.strokeColor is colour
        assert getattr(shape, "fillColor", None) in (None, colour)


def drawn(tmp_path, body: str):
    """``body`` drawn as an icon 100 points wide."""
    (tmp_path / "layouts" / "icons").mkdir(parents=True, exist_ok=True)
    write(tmp_path, "layouts/icons/icon.svg", SVG.format(body))
    return icon_drawing(load_icons(tmp_path)["icon"], 100, STROKE)


def test_paths_read_like_the_shapes_they_draw(tmp_path):
    square = drawn(tmp_path, '<rect x="10" y="20" width="60" height="50"/>').getBounds()
    assert drawn(tmp_path, '<path d="M10 20 H70 V70 H10 Z"/>').getBounds() == square
    assert drawn(tmp_path, '<path d="m10 20 h60 v50 h-60 z"/>').getBounds() == square
    assert drawn(tmp_path, '<g transform="translate(5 10)"><path d="M5,10 L65,10 65,60 5,60z"/></g>'
                 ).getBounds() == pytest.approx(square)
    curve = drawn(tmp_path, '<path d="M10 50 C36.67 23.33 63.33 23.33 90 50"/>').getBounds()
    assert drawn(tmp_path, '<path d="M10 50 Q50 10 90 50"/>').getBounds() == pytest.approx(curve, abs=0.01)
    assert drawn(tmp_path, '<path d="M10 50 Q30 30 50 50 T90 50"/>').getBounds() == pytest.approx(
        drawn(tmp_path, '<path d="M10 50 Q30 30 50 50 Q70 70 90 50"/>').getBounds())
    # y points down in SVG and up on the page
    assert drawn(tmp_path, '<line x1="0" y1="10" x2="100" y2="10"/>').getBounds()[1] == 90


@pytest.mark.parametrize("body, message", [
    ('<text x="1" y="1">A</text>', "2:1: <text> is not drawn in an icon"),
    ('<path d="M10 10 A 5 5 0 0 1 20 20"/>', "2:1: path: arcs ('A') cannot be read"),
    ('<path d="M10 10 L"/>', "2:1: path: d is not a path"),
    ('<g transform="skewX(10)"><line x1="0" y1="0" x2="1" y2="1"/></g>', "2:1: transform 'skewX(10)'"),
    ('<circle cx="1" cy="one" r="2"/>', "2:1: 'one' is not a number"),
    ('<line x1="0" y1="0" x2="1" y2="1">', "not well-formed SVG"),
    ('<circle cx="1e308" cy="1" r="2"/>',
     "2:1: '1e308' is out of range: an icon's numbers are between -100,000 and 100,000"),
    ('<path d="M0 0 L1e999 1"/>', "2:1: '1e999' is out of range"),
    ('<circle cx="nan" cy="1" r="2"/>', "2:1: 'nan' is out of range"),
    ('<g transform="scale(1000)"><g transform="scale(1000)"><line x1="0" y1="0" x2="1" y2="1"/></g></g>',
     "2:28: transform: with the groups around it, it moves or scales the icon by more than 100,000"),
    ("<g>" * 9000 + '<line x1="0" y1="0" x2="1" y2="1"/>' + "</g>" * 9000,
     "2:58: elements are nested more than 20 deep; an icon needs a few groups at most"),
])
def test_what_an_icon_cannot_hold_is_named_with_its_line(tmp_path, body, message):
    folder = tmp_path / "layouts" / "icons"
    folder.mkdir(parents=True)
    (folder / "bad.svg").write_text(SVG.format("\n" + body))
    with pytest.raises(ContentError) as caught:
        load_icons(tmp_path)
    assert message in str(caught.value.problems[0])
    assert caught.value.problems[0].path == "layouts/icons/bad.svg"


def test_an_icons_shapes_are_made_once_per_size_and_colour():
    """Drawings of one icon at one size in one colour share its shapes; another icon, size or colour,
    even one that differs only in its transparency or spot name, has its own."""
    first_name, second_name = icon_names(ROOT)[:2]
    icon = ICONS[first_name]
    first, again = icon_drawing(icon, SIZE, STROKE), icon_drawing(icon, SIZE, STROKE)
    assert first is not again and first.contents[0] is again.contents[0]
    translucent = CMYKColor(0.8, 0.3, 0.4, 0.6, alpha=0.5)
    others = {"icon": icon_drawing(ICONS[second_name], SIZE, STROKE), "size": icon_drawing(icon, SIZE + 1, STROKE),
              "alpha": icon_drawing(icon, SIZE, translucent),
              "spot": icon_drawing(icon, SIZE, CMYKColor(0.8, 0.3, 0.4, 0.6, spotName="Accent"))}
    for what, other in others.items():
        assert other.contents[0] is not first.contents[0], what
    assert all(shape.strokeColor is translucent for shape in leaves(others["alpha"]))


class _Replaying(Canvas):
    replays_drawings = True


def _icon_pdf(canvas_class, icon, colour, places=((10, 10), (200, 300))) -> bytes:
    buffer = io.BytesIO()
    canvas = canvas_class(buffer, invariant=1)
    for x, y in places:
        icon_drawing(icon, SIZE, colour).drawOn(canvas, x, y)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_an_icon_is_written_once_and_its_operators_again():
    """On a canvas that draws a drawing alike wherever it is placed, an icon's operators are those of
    its first drawing in the same context, written again: the PDF is the one ReportLab draws, with a
    translucent colour too (its graphics state and the PDF version it needs); another colour or canvas
    is drawn afresh. A print-ready canvas, whose overprinting state goes into the operators, draws
    every time."""
    first_name, second_name = icon_names(ROOT)[:2]
    translucent = CMYKColor(0.8, 0.3, 0.4, 0.6, alpha=0.5)
    for name, colour in ((first_name, STROKE), (first_name, white), (second_name, STROKE), (first_name, translucent)):
        live = _icon_pdf(Canvas, ICONS[name], colour)
        assert _icon_pdf(_Replaying, ICONS[name], colour) == live == _icon_pdf(_Replaying, ICONS[name], colour), name
    kept = next(drawn for (icon, size, *_), (_, drawn) in _made.items() if icon == ICONS[first_name] and size == SIZE)
    assert {kind for kind, _ in kept} == {_Replaying}
    assert _PrintReady.replays_drawings is False and TaggedCanvas.replays_drawings is True
