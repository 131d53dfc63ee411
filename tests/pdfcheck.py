"""Reading facts out of PDFs for the tests: fonts, text positions, metadata, colour operators, pixels."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import ctypes

import pypdf
import pypdfium2
from pypdf.generic import ContentStream


def fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF's pages use, by base name, and whether its program is embedded."""
    found = {}
    for page in pypdf.PdfReader(path).pages:
        _collect_fonts(page.get("/Resources"), found, set())
    return found


def _collect_fonts(resources, found, seen):
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        found[str(font.get("/BaseFont"))] = embedded
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if id(xobject) not in seen:
            seen.add(id(xobject))
            _collect_fonts(xobject.get("/Resources"), found, seen)


def char_boxes(path: Path):
    """(page index, page width, page height, character, (left, bottom, right, top)) for every character."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            text = page.get_textpage()
            for i in range(text.count_chars()):
                char = text.get_text_range(i, 1)
                if char.strip():
                    yield index, width, height, char, text.get_charbox(i)
    finally:
        document.close()


def text_runs(path: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page: (font size, baseline's distance from the top edge, from the bottom edge, text) of each
    text object, those inside forms (e.g. page numbers drawn once known) placed where the form puts them."""
    document = pypdfium2.PdfDocument(str(path))
    pages = []
    try:
        for page in document:
            height, textpage, found = page.get_size()[1], page.get_textpage(), []
            placed = {}  # form nesting level -> that form's matrix
            for obj in page.get_objects(max_depth=4):
                matrix = obj.get_matrix()
                if obj.level:
                    matrix = matrix.multiply(placed[obj.level - 1])
                if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_FORM:
                    placed[obj.level] = matrix
                elif obj.type == pypdfium2.raw.FPDF_PAGEOBJ_TEXT and (text := _text(obj, textpage)).strip():
                    size = ctypes.c_float()
                    pypdfium2.raw.FPDFTextObj_GetFontSize(obj.raw, ctypes.byref(size))
                    a, b, *_, y = matrix.get()
                    found.append((round(size.value * (a * a + b * b) ** 0.5, 2), height - y, y, text.strip()))
            pages.append(found)
    finally:
        document.close()
    return pages


def _text(obj, textpage) -> str:
    length = pypdfium2.raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
    buffer = (ctypes.c_ushort * length)()
    pypdfium2.raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, length)
    return bytes(buffer).decode("utf-16-le").split("\x00")[0]


def font_sizes(path: Path) -> list[tuple[float, str]]:
    """(font size, text) of every text run, with the text matrix's scale applied."""
    return texts_and_font_sizes(path)[1]


def texts_and_font_sizes(path: Path) -> tuple[list[str], list[tuple[float, str]]]:
    """Each page's text, and font_sizes, from one reading of the pages (which is slow for Arabic)."""
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            runs.append((round(font_size * scale, 2), text))

    return [page.extract_text(visitor_text=visit) for page in pypdf.PdfReader(path).pages], runs


def qr_code(path: Path, page: int, module: float):
    """The QR code drawn on ``page``, read back from the filled rectangles ``module`` points high that
    ReportLab draws for each run of dark modules: its dark cells as (row, column), and its bounds
    (left, bottom, right, top); (set(), None) when there is none."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        boxes = [obj.get_bounds() for obj in document[page].get_objects()
                 if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH]
    finally:
        document.close()
    runs = [box for box in boxes if abs(box[3] - box[1] - module) < 0.01 * module]
    if not runs:
        return set(), None
    bounds = (min(b[0] for b in runs), min(b[1] for b in runs), max(b[2] for b in runs), max(b[3] for b in runs))
    cells = set()
    for left, _, right, top in runs:
        row, first = round((bounds[3] - top) / module), round((left - bounds[0]) / module)
        cells |= {(row, first + i) for i in range(round((right - left) / module))}
    return cells, bounds


def drawn_near(path: Path, page: int, box, module: float) -> list:
    """The bounds of everything drawn on ``page`` that reaches into ``box`` (left, bottom, right,
    top), but the QR code's own runs of modules, ``module`` points high, within it."""
    left, bottom, right, top = box
    document = pypdfium2.PdfDocument(str(path))
    try:
        found = []
        for obj in document[page].get_objects():
            x0, y0, x1, y1 = obj.get_bounds()
            if x1 <= left or x0 >= right or y1 <= bottom or y0 >= top:
                continue
            if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH and abs(y1 - y0 - module) < 0.01 * module:
                continue
            found.append((x0, y0, x1, y1))
        return found
    finally:
        document.close()


def images(path: Path):
    """(page index, pixel width, pixel height, (left, bottom, right, top)) of every image drawn."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        found = []
        for index in range(len(document)):
            for obj in document[index].get_objects():
                if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE:
                    found.append((index, *obj.get_px_size(), obj.get_bounds()))
        return found
    finally:
        document.close()


# how far a glyph's ink may stand out of its line: Atkinson Hyperlegible's "j" hangs 0.8 pt to the left
OVERHANG = 1.5


def outside_margins(path: Path, paper, edge: float) -> list[str]:
    """Every character left or right of the layout's frame, or nearer the top or bottom than ``edge``."""
    return outside_frame(path, paper.left, paper.right) + [
        f"page {page + 1}: {char!r} at ({left:.0f}, {bottom:.0f})"
        for page, width, height, char, (left, bottom, right, top) in char_boxes(path)
        if not (edge <= bottom and top <= height - edge)]


def colour_operators(path: Path) -> Counter:
    """How often each colour operator occurs in the pages' content streams and in the forms they use;
    'cs' and 'CS' are counted with the colour space they select, e.g. 'cs /DeviceRGB'."""
    found: Counter = Counter()
    for page in pypdf.PdfReader(path).pages:
        _count_colour_operators(page.get_contents(), page.get("/Resources"), found, set())
    return found


COLOUR_OPERATORS = {b"rg", b"RG", b"g", b"G", b"k", b"K", b"sc", b"SC", b"scn", b"SCN"}


def _count_colour_operators(contents, resources, found: Counter, seen: set) -> None:
    if contents is not None:
        for operands, operator in ContentStream(contents, None).operations:
            if operator in COLOUR_OPERATORS:
                found[operator.decode()] += 1
            elif operator in (b"cs", b"CS"):
                found[f"{operator.decode()} {operands[0]}"] += 1
    resources = resources.get_object() if resources is not None else {}
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            _count_colour_operators(xobject, xobject.get("/Resources"), found, seen)


def render(path: Path, page_index: int, scale: float):
    """One page as a PIL image, ``scale`` pixels to the point."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[page_index].render(scale=scale, no_smoothpath=True).to_pil().convert("RGB")
    finally:
        document.close()


def outside_frame(path: Path, left: float, right: float) -> list[str]:
    """Every character of every page whose box reaches left of ``left`` or right of the page width less
    ``right``: the frame's sides, whichever way the text runs."""
    return [f"page {page + 1}: {char!r} at ({x0:.0f}, {bottom:.0f}) to x = {x1:.0f} on a {width:.0f} pt page"
            for page, width, _, char, (x0, bottom, x1, _) in char_boxes(path)
            if x0 < left - OVERHANG or x1 > width - right + OVERHANG]
