"""The preflight's reading of content streams (pdf/content_stream.py): the same operators and operands
as pypdf's parser, the fast way and token by token, and a malformed stream read without an error.
Small streams and one-page files: the print builds' own preflight reads every print file of the suite
(test_preflight, test_print)."""
from __future__ import annotations

import pytest
from PIL import Image
from pypdf.generic import ContentStream, DecodedStreamObject, NameObject

from leaflet_builder.pdf.content_stream import OPAQUE, _operations_of, _tokens_exactly, operations
from leaflet_builder.pdf.preflight import preflight
from leaflet_builder.pdf.pypdf_internals import add_object
from test_preflight import edited, print_pdf

STREAMS = [
    b"q 1 0 0 1 72.5 -3 cm /GS1 gs 0 0 0 1 k 0 0 0 1 K .25 w 10 10 m 20 20 l S Q",
    b"BT /F1 12 Tf 0 Tr 1 0 0 1 50 700 Tm (a (nested) string) Tj [(kern) -250 (ed)] TJ <48656c6c6f> Tj ET",
    b"/Span << /ActualText (x) /MCID 3 >> BDC << >> BDC /Cs1 cs /P0 scn 0.5 sc EMC EMC /Im#201 Do",
    b"/P << /MCID 0 >> BDC (50 %) Tj % a comment (with a parenthesis\n1 g EMC",
    b"(deeply (nested (three) times)) Tj [[1 2] [3]] d0 true false null 9 BX",
]


def pypdf_operations(data: bytes) -> list:
    """pypdf's reading, in our types: numbers as floats, names as str, anything else OPAQUE."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    return [([float(x) if isinstance(x, (int, float)) else str(x) if isinstance(x, NameObject) else OPAQUE
              for x in operands], operator) for operands, operator in ContentStream(stream, None).operations]


@pytest.mark.parametrize("data", STREAMS)
def test_the_operators_and_operands_are_pypdfs(data):
    assert list(operations(data)) == pypdf_operations(data)
    assert list(operations(data)) == list(_operations_of(_tokens_exactly(data)))


def test_an_inline_image_is_one_operator_whatever_its_data():
    data = b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00(\xff)) EI Q 1 w"
    assert list(operations(data)) == [([], b"q"), ([], b"BI"), ([], b"Q"), ([1.0], b"w")]


def test_the_preflight_finds_an_inline_image():
    """pypdf names an inline image "INLINE IMAGE", so the preflight that read its operators never saw one."""
    def inline(canvas):
        canvas.drawInlineImage(Image.new("CMYK", (30, 30), (0, 0, 0, 255)), 100, 100, 10, 10)

    assert "page 1: an inline image; it cannot be checked" in preflight(print_pdf(inline))


@pytest.mark.parametrize("garbage", [b"1 0 0 RG ] ) } { ( q Q Q BI ID \xff", b"cm w 1 2 Tf /X gs", b"(" * 5000,
                                     b"[" * 5000 + b" 1 w", b"\x00\xff" * 2000])
def test_a_malformed_stream_is_a_line_never_an_error(garbage):
    def contents(writer):
        stream = DecodedStreamObject()
        stream.set_data(garbage)
        writer.pages[0][NameObject("/Contents")] = add_object(writer, stream)

    found = preflight(edited(print_pdf(), contents))
    assert all("\n" not in line for line in found)
    assert list(operations(garbage)) == list(_operations_of(_tokens_exactly(garbage)))
