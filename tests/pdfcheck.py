"""Reading facts out of PDFs for the tests: fonts, text positions, metadata, colour operators, pixels."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import ctypes

import pypdf
import pypdfium2

from pdfua import operations


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
    for index, width, height, text, codes in _text_pages(path):
        box = _CharBox(text)
        for i, code in enumerate(codes):
            if not chr(code).isspace():
                yield index, width, height, chr(code), box(i)


def _text_pages(path: Path):
    """(page index, page width, page height, pdfium's text page, the code of each of its characters)
    for every page, read straight through pdfium's C interface, one call a page for the text: a call a
    character through pypdfium2's wrappers made every check that reads character boxes several times
    slower. The codes are FPDFText_GetText's, one UTF-16 unit a character (as get_text_range gives
    them: a line-end hyphen pdfium takes for the line breaker's as U+FFFE)."""
    raw = pypdfium2.raw
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            text = raw.FPDFText_LoadPage(page.raw)
            try:
                count = raw.FPDFText_CountChars(text)
                units = (ctypes.c_ushort * (count + 1))()
                # pdfium writes one unit a character index but for one beyond the BMP (two): none of ours
                written = raw.FPDFText_GetText(text, 0, count, units) - 1
                assert written == count, f"{path} page {index + 1}: {count} characters, {written} units of text"
                yield index, width, height, text, units[:count]
            finally:
                raw.FPDFText_ClosePage(text)
    finally:
        document.close()


class _CharBox:
    """A character's tight box on a text page, (left, bottom, right, top), by its index."""

    def __init__(self, text):
        self.text, self.edges = text, [ctypes.c_double() for _ in range(4)]
        self.refs = [ctypes.byref(edge) for edge in self.edges]

    def __call__(self, index: int) -> tuple:
        pypdfium2.raw.FPDFText_GetCharBox(self.text, index, *self.refs)  # left, right, bottom, top
        left, right, bottom, top = self.edges
        return left.value, bottom.value, right.value, top.value


def page_texts_of(path: Path) -> list[str]:
    """Each page's text as pdfium reads it (Chrome's reader), forms' text included."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
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


_TEXT = (ctypes.c_ushort * 4096)()  # a text object's text as pdfium writes it (UTF-16, ending in a NUL)


def _text(obj, textpage) -> str:
    """A text object's text: one call into a buffer kept for it (a first call for the length doubled the
    cost); pdfium writes nothing and gives the length (in bytes) when the text is longer."""
    buffer = _TEXT
    length = pypdfium2.raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, ctypes.sizeof(buffer))
    if length > ctypes.sizeof(buffer):
        buffer = (ctypes.c_ushort * (length // 2))()
        pypdfium2.raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, length)
    return ctypes.string_at(buffer, length).decode("utf-16-le").split("\x00")[0]


def font_sizes(path: Path) -> list[tuple[float, str]]:
    """(font size, text) of every text object (text_runs), with its matrix's scale applied."""
    return [(size, text) for page in text_runs(path) for size, _, _, text in page]


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
    boxes = list(char_boxes(path))  # one walk over the characters for both
    return _outside_sides(boxes, paper.left, paper.right) + [
        f"page {page + 1}: {char!r} at ({left:.0f}, {bottom:.0f})"
        for page, width, height, char, (left, bottom, right, top) in boxes
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
        for operands, operator in operations(contents.get_data()):  # pdfua's tokenizer: pypdf's is slow
            if operator in COLOUR_OPERATORS:
                found[operator.decode()] += 1
            elif operator in (b"cs", b"CS"):
                found[f"{operator.decode()} {operands[0].decode()}"] += 1
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
    return _outside_sides(char_boxes(path), left, right)


def _outside_sides(boxes, left: float, right: float) -> list[str]:
    return [f"page {page + 1}: {char!r} at ({x0:.0f}, {bottom:.0f}) to x = {x1:.0f} on a {width:.0f} pt page"
            for page, width, _, char, (x0, bottom, x1, _) in boxes
            if x0 < left - OVERHANG or x1 > width - right + OVERHANG]


# How far two characters' ink may reach into each other, in points, before it counts as text over
# text; and how far between two lines: Arabic's marks above a lam-alef touch the descender of the line
# above by up to 1 pt at the project's leading (measured on every Arabic PDF), a touch, not text over text.
INK_TOLERANCE = 0.4
LINE_TOUCH = 1.2


def overprinted(path: Path) -> list[str]:
    """Every character drawn over another character, or off the page, by pdfium's tight character
    boxes: one line each. Characters of one text object (a line of a paragraph) and neighbours in the
    page's text (a kerned pair, a mark on its letter, a word's two fonts) may touch; nothing else may.
    Read straight through pdfium's C interface, and swept in order of their left edges, so that every
    PDF of a test build can be checked in a moment: a character's text object and baseline are asked
    for only where its ink meets another's."""
    found = []
    for index, width, height, text, codes in _text_pages(path):
        placing = _Placing(text)
        boxes = _ink_boxes(text, codes, placing)
        found += [f"page {index + 1}: {char!r} off the {width:.0f} × {height:.0f} pt page at ({x0:.0f}, {y0:.0f})"
                  for x0, y0, x1, y1, _, char in boxes
                  if x0 < -INK_TOLERANCE or y0 < -INK_TOLERANCE or x1 > width + INK_TOLERANCE
                  or y1 > height + INK_TOLERANCE]
        found += [f"page {index + 1}: {first!r} and {second!r} drawn over each other at ({x:.0f}, {y:.0f})"
                  for first, second, x, y in _crossings(boxes, placing)]
    return found


class _Placing:
    """A character's text object and baseline on a text page, by its index, each asked of pdfium once."""

    def __init__(self, text):
        self.text, self.owners, self.baselines = text, {}, {}

    def owner(self, index: int) -> int:
        if index not in self.owners:
            found = pypdfium2.raw.FPDFText_GetTextObject(self.text, index)
            self.owners[index] = ctypes.cast(found, ctypes.c_void_p).value
        return self.owners[index]

    def baseline(self, index: int) -> float:
        if index not in self.baselines:
            x, y = ctypes.c_double(), ctypes.c_double()
            pypdfium2.raw.FPDFText_GetCharOrigin(self.text, index, ctypes.byref(x), ctypes.byref(y))
            self.baselines[index] = y.value
        return self.baselines[index]


def _ink_boxes(text, codes, placing: _Placing) -> list:
    """(left, bottom, right, top, index, character) of every character with ink, sorted from the left.
    Spaces, line ends and the other characters pdfium makes up (FPDFText_IsGenerated: only those two,
    measured on every PDF of a build) have none."""
    boxes, box = [], _CharBox(text)
    for i, code in enumerate(codes):
        if code <= 0x20 or code in (0xA0, 0xAD, 0xFFFE):
            continue
        edges = box(i)
        left, bottom, right, top = edges
        if right > left and top > bottom:
            if boxes and boxes[-1][:4] == edges and placing.owner(boxes[-1][4]) == placing.owner(i):
                # a ligature's letters (one glyph, "سر") share its box: one place, its indexes i-1..i
                boxes[-1] = (*edges, boxes[-1][4], boxes[-1][5] + chr(code))
                continue
            boxes.append((*edges, i, chr(code)))
    boxes.sort()
    return boxes


def _joining(char: str) -> bool:
    """A letter of a joining script, or a glyph shaping gave no Unicode of its own (private use): such
    letters on one line overlap where they join, in whatever order the PDF draws them."""
    return "\u0600" <= char <= "\u06ff" or "\ufb50" <= char <= "\ufeff" or "\ue000" <= char <= "\uf8ff"


def _crossings(boxes, placing: _Placing):
    """Pairs of boxes from different places whose ink overlaps by more than INK_TOLERANCE both ways."""
    active = []
    for box in boxes:
        x0, y0, x1, y1, index, char = box
        active = [other for other in active if other[2] > x0 + INK_TOLERANCE]
        # only boxes whose ink reaches into this one's height can cross it: most of those left of it are
        # on other lines
        level = [other for other in active if other[3] > y0 + INK_TOLERANCE and other[1] < y1 - INK_TOLERANCE]
        for ox0, oy0, ox1, oy1, other_index, other_char in level:
            # neighbours in the page's text; a ligature's box holds len(char) of its indexes
            if -len(other_char) <= other_index - index <= len(char) or min(x1, ox1) - max(x0, ox0) <= INK_TOLERANCE:
                continue
            if placing.owner(other_index) == placing.owner(index):
                continue
            same_line = abs(placing.baseline(index) - placing.baseline(other_index)) < 2
            if same_line and _joining(char[0]) and _joining(other_char[0]):
                continue
            if min(y1, oy1) - max(y0, oy0) > (INK_TOLERANCE if same_line else LINE_TOUCH):
                yield other_char, char, x0, y0
        active.append(box)


def overprinted_in(folder: Path) -> list[str]:
    """overprinted() for every PDF under ``folder``, each line led by the file's path within it."""
    return [f"{path.relative_to(folder)}: {line}" for path in sorted(folder.rglob("*.pdf"))
            for line in overprinted(path)]
