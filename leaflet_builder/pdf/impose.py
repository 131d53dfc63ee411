"""Booklet imposition for an office printer.

Takes the PDF bytes of a document whose pages all share one finished size (e.g. an A5 brochure) and a
sheet size (A4 landscape unless told); gives back the PDF bytes of the sheet sides, each with two
pages side by side that meet at the sheet's centre fold, in saddle-stitch order and padded with blank
pages to a multiple of 4: 16 pages give 16|1, 2|15, 14|3, 4|13, ... Printed duplex, flipping on the
short edge, and folded once, the sheets make a booklet. Each page is placed by its TrimBox, so
print-ready pages lose their bleed and marks here.
"""
from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject
from reportlab.lib.pagesizes import A4, landscape


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """The (left, right) page numbers, 1-based, of each sheet side; numbers past ``pages`` are blank."""
    total = -(-pages // 4) * 4
    return [(total - side, side + 1) if side % 2 == 0 else (side + 1, total - side)
            for side in range(total // 2)]


def impose_booklet(pdf: bytes, sheet_size: tuple[float, float] = landscape(A4)) -> bytes:
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    if not pages:
        raise ValueError("a booklet needs at least one page")
    width, height = float(pages[0].trimbox.width), float(pages[0].trimbox.height)
    sheet_width, sheet_height = sheet_size
    if 2 * width > sheet_width + 0.5 or height > sheet_height + 0.5:
        raise ValueError(f"two {width:.0f} x {height:.0f} pt pages do not fit on a "
                         f"{sheet_width:.0f} x {sheet_height:.0f} pt sheet")
    y = (sheet_height - height) / 2
    origins = [(sheet_width / 2 - width, y), (sheet_width / 2, y)]
    writer = PdfWriter()
    for numbers in saddle_stitch_order(len(pages)):
        sheet = writer.add_blank_page(sheet_width, sheet_height)
        for origin, number in zip(origins, numbers):
            if number <= len(pages):
                _place(sheet, pages[number - 1], origin, (width, height))
    writer.add_metadata(reader.metadata or {})
    if "/Lang" in reader.root_object:
        writer.root_object[NameObject("/Lang")] = reader.root_object["/Lang"]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _place(sheet, page, origin: tuple[float, float], size: tuple[float, float]) -> None:
    trim = page.trimbox
    if abs(float(trim.width) - size[0]) > 0.5 or abs(float(trim.height) - size[1]) > 0.5:
        raise ValueError(f"every page must have the first page's size, {size[0]:.0f} x {size[1]:.0f} pt")
    page.cropbox = trim  # merging clips a page to its CropBox: keep the bleed off the facing page
    x, y = origin
    shift = Transformation().translate(x - float(trim.left), y - float(trim.bottom))
    sheet.merge_transformed_page(page, shift)
