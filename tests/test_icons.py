import pytest
from reportlab.graphics.shapes import Group
from reportlab.lib.colors import CMYKColor, white

from leaflet_builder.render.icons import ICON_NAMES, icon_drawing

SIZE = 80
STROKE = CMYKColor(0.8, 0.3, 0.4, 0.6)
FILL = CMYKColor(0.1, 0, 0.05, 0)


def leaves(group):
    for shape in group.contents:
        if isinstance(shape, Group):
            yield from leaves(shape)
        else:
            yield shape


def test_expected_names():
    assert ICON_NAMES == {"needle", "lightning", "tape", "waves", "laser", "magnet", "hand",
                          "hands", "spine", "thermometer", "ultrasound", "traction"}


@pytest.mark.parametrize("name", sorted(ICON_NAMES))
def test_size_and_shape_count(name):
    drawing = icon_drawing(name, SIZE, STROKE)
    assert (drawing.width, drawing.height) == (SIZE, SIZE)
    assert len(list(leaves(drawing))) >= 3


@pytest.mark.parametrize("name", sorted(ICON_NAMES))
def test_strokes_stay_inside_the_square(name):
    # getBounds ignores line width, so keep half a stroke clear of each edge.
    margin = SIZE / 36
    x1, y1, x2, y2 = icon_drawing(name, SIZE, STROKE).getBounds()
    assert margin <= x1 and x2 <= SIZE - margin
    assert margin <= y1 and y2 <= SIZE - margin


@pytest.mark.parametrize("fill", [None, FILL])
@pytest.mark.parametrize("stroke", [STROKE, white])
@pytest.mark.parametrize("name", sorted(ICON_NAMES))
def test_only_the_given_colours(name, stroke, fill):
    allowed = {id(stroke), id(fill)}
    for shape in leaves(icon_drawing(name, SIZE, stroke, fill)):
        assert id(shape.strokeColor) in allowed
        # Lines have no fill attribute at all.
        fill_colour = getattr(shape, "fillColor", None)
        assert fill_colour is None or id(fill_colour) in allowed


def test_unknown_name_raises_key_error():
    with pytest.raises(KeyError, match="unknown icon 'kettle'"):
        icon_drawing("kettle", SIZE, STROKE)
