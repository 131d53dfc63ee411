"""Reading facts out of PDFs for the tests: fonts, text positions, metadata."""
from __future__ import annotations

from pathlib import Path

import pypdf
import pypdfium2


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


def font_sizes(path: Path) -> list[tuple[float, str]]:
    """(font size, text) of every text run, with the text matrix's scale applied."""
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            runs.append((round(font_size * scale, 2), text))

    for page in pypdf.PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return runs


def outside_margins(path: Path, paper, edge: float) -> list[str]:
    """Every character left or right of the layout's frame, or nearer the top or bottom than ``edge``."""
    return [f"page {page + 1}: {char!r} at ({left:.0f}, {bottom:.0f})"
            for page, width, height, char, (left, bottom, right, top) in char_boxes(path)
            if not (paper.left - 0.5 <= left and right <= width - paper.right + 0.5
                    and edge <= bottom and top <= height - edge)]
