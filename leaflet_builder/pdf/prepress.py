"""Checks a print shop would make before printing.

Takes the PDF bytes of a print-ready document; gives back one line per problem found, for the build
to show as a warning: a font whose program is not embedded, an image placed at less than 300 dpi or
stored in RGB. Drawn colours need no check here: every document is made with CMYK enforced (see
document.py).
"""
from __future__ import annotations

import io

import pypdf
from pypdf.generic import ContentStream

MIN_IMAGE_DPI = 300


def prepress_warnings(pdf: bytes) -> list[str]:
    warnings = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages, start=1):
        resources = page.get("/Resources")
        warnings += [f"page {number}: font {name} is not embedded" for name in _unembedded_fonts(resources)]
        for width, height, dpi, space in _images(page.get_contents(), resources, (1, 0, 0, 1, 0, 0)):
            image = f"page {number}: an image of {width} x {height} px"
            if dpi < MIN_IMAGE_DPI - 0.5:
                warnings.append(f"{image} prints at {dpi:.0f} dpi; a print shop needs {MIN_IMAGE_DPI} dpi")
            if space == "/DeviceRGB":
                warnings.append(f"{image} is in RGB; a print shop needs CMYK")
    return warnings


def _unembedded_fonts(resources) -> list[str]:
    names = []
    fonts = (resources.get_object().get("/Font") if resources is not None else None) or {}
    for font in fonts.values():
        font = font.get_object()
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = described.get("/FontDescriptor")
        if descriptor is None or not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object()):
            names.append(str(font.get("/BaseFont")))
    return names


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _images(contents, resources, ctm):
    """(width px, height px, effective dpi, colour space) of every image painted, in forms too."""
    if contents is None or resources is None:
        return
    resources = resources.get_object()
    xobjects = resources.get("/XObject") or {}
    stack = []
    for operands, operator in ContentStream(contents, None).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q" and stack:
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = _multiply(tuple(float(x) for x in operands), ctm)
        elif operator == b"Do" and operands[0] in xobjects:
            xobject = xobjects[operands[0]].get_object()
            if xobject.get("/Subtype") == "/Image":
                width, height = int(xobject["/Width"]), int(xobject["/Height"])
                inches_wide = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5 / 72
                inches_high = (ctm[2] ** 2 + ctm[3] ** 2) ** 0.5 / 72
                yield (width, height, min(width / inches_wide, height / inches_high),
                       str(xobject.get("/ColorSpace")))
            elif xobject.get("/Subtype") == "/Form":
                matrix = tuple(float(x) for x in xobject.get("/Matrix", (1, 0, 0, 1, 0, 0)))
                yield from _images(xobject, xobject.get("/Resources"), _multiply(matrix, ctm))
