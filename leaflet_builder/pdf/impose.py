"""Booklet imposition, for an office printer or a print shop.

Takes the PDF bytes of a document whose pages all share one finished size (e.g. an A5 brochure) and a
Sheet (A4 landscape unless told); gives back the PDF bytes of the sheet sides, each with two pages
side by side that meet at the sheet's centre fold, in saddle-stitch order and padded with blank pages
to a multiple of 4: 16 pages give 16|1, 2|15, 14|3, 4|13, ... Printed duplex, flipping on the short
edge, and folded once, the sheets make a booklet. A right-to-left document makes the mirror image:
the cover on the left half of the first sheet side, the pages in right-to-left order, bound on the
right. Each page is placed by its TrimBox; on a print shop's sheet (one with a bleed, trimmed to the
two pages it holds) a page shows its bleed where it meets the sheet's edge, never across the fold, the
sheet side gets its TrimBox and BleedBox, the sheet's furniture (crop marks) lies under it, and the
document's PDF/X output intent and XMP carry over, the XMP without PDF/UA's identification (the sheets
are not tagged). Creep compensation moves the pages of the n-th
sheet from the outside n times ``creep`` towards the fold, as the sheets folded around it push its
fore-edge out by about their thickness; their inner margin gives up that much. The sheet's bleed
stays whole only if the pages' own bleed reaches ``creep`` per sheet further (see ``creep_reach``).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, IndirectObject, NameObject, RectangleObject
from reportlab.lib.pagesizes import A4, landscape

from ..inputs.paper import MM
from .pypdf_internals import add_object, keep_file_identifier, keep_info


def saddle_stitch_order(pages: int, right_to_left: bool = False) -> list[tuple[int, int]]:
    """The (left, right) page numbers, 1-based, of each sheet side; numbers past ``pages`` are blank."""
    total = -(-pages // 4) * 4
    order = [(total - side, side + 1) if side % 2 == 0 else (side + 1, total - side) for side in range(total // 2)]
    return [(right, left) for left, right in order] if right_to_left else order


def sheets(pages: int) -> int:
    """How many sheets a booklet of ``pages`` pages is folded from."""
    return -(-pages // 4)


def creep_reach(pages: int, creep: float) -> float:
    """How far past its trim a page's artwork must reach so that the innermost sheet's pages, moved
    furthest towards the fold, still fill the sheet's bleed."""
    return (sheets(pages) - 1) * creep


@dataclass(frozen=True)
class Sheet:
    """The sheet the pages go on: its finished size and, for a print shop, how far the bleed and the
    whole sheet reach past it, and what stands around it (e.g. crop marks)."""

    width: float
    height: float
    bleed: float = 0
    margin: float = 0  # from the finished sheet's edge to the MediaBox's; at least the bleed
    creep: float = 0  # how far each sheet's pages move towards the fold per sheet folded around it
    creep_room: float = float("inf")  # how far creep may move a page before its text comes too near the fold
    furniture: bytes | None = None  # a one-page PDF of the whole sheet, laid under every sheet side


OFFICE_SHEET = Sheet(*landscape(A4))


def impose_booklet(pdf: bytes, sheet: Sheet = OFFICE_SHEET, right_to_left: bool = False) -> bytes:
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    if not pages:
        raise ValueError("a booklet needs at least one page")
    width, height = float(pages[0].trimbox.width), float(pages[0].trimbox.height)
    if 2 * width > sheet.width + 0.5 or height > sheet.height + 0.5:
        raise ValueError(f"two {width:.0f} x {height:.0f} pt pages do not fit on a "
                         f"{sheet.width:.0f} x {sheet.height:.0f} pt sheet")
    moved = creep_reach(len(pages), sheet.creep)
    if moved > sheet.creep_room + 0.01:
        raise ValueError(f"a creep of {sheet.creep / MM:.2f} mm per sheet moves the innermost pages "
                         f"{moved / MM:.1f} mm towards the fold, but their inner margin leaves room for "
                         f"{sheet.creep_room / MM:.1f} mm: ask the print shop whether less will do")
    m = sheet.margin
    y = m + (sheet.height - height) / 2
    writer = PdfWriter()
    furniture = None
    if sheet.furniture:
        marks = PdfReader(io.BytesIO(sheet.furniture)).pages[0]
        furniture = _form(writer, marks, [float(v) for v in marks.mediabox])
    for side, numbers in enumerate(saddle_stitch_order(len(pages), right_to_left)):
        shift = side // 2 * sheet.creep  # side // 2: the sheets folded around this one
        placed = [] if furniture is None else [(furniture, 0, 0)]
        for at_left, number in zip((True, False), numbers):
            if number <= len(pages):
                x = m + sheet.width / 2 + (shift - width if at_left else -shift)
                placed.append(_placed(writer, pages[number - 1], (x, y), (width, height), sheet, at_left))
        _add_sheet_side(writer, placed, sheet)
    writer.pdf_header = reader.pdf_header
    keep_file_identifier(writer, reader)  # PDF/X needs it
    keep_info(writer, reader)
    for key in ("/Lang", "/OutputIntents"):  # the language and a print file's PDF/X output intent
        if key in reader.root_object:
            writer.root_object[NameObject(key)] = reader.root_object.raw_get(key).clone(writer)
    if "/Metadata" in reader.root_object:
        writer.root_object[NameObject("/Metadata")] = _untagged_metadata(writer, reader.root_object["/Metadata"])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _untagged_metadata(writer: PdfWriter, metadata) -> IndirectObject:
    """The document's XMP without its PDF/UA identification: sheet sides carry no structure tree, so
    the booklet claims only what it is (PDF/X when the document was)."""
    packet = re.sub(r"<pdfuaid:part>[^<]*</pdfuaid:part>\n?", "", metadata.get_object().get_data().decode("utf-8"))
    stream = DecodedStreamObject()
    stream.set_data(packet.encode("utf-8"))
    stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    return add_object(writer, stream)


def _form(writer: PdfWriter, page, bbox) -> IndirectObject:
    """The page as a Form XObject showing ``bbox`` (in its own coordinates), its resources its own:
    merging pages into one would merge their resources too, under new names."""
    contents = page.get_contents()
    form = DecodedStreamObject()
    form.set_data(b"" if contents is None else contents.get_data())
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): RectangleObject(bbox),
                 NameObject("/Resources"): page["/Resources"].clone(writer) if "/Resources" in page
                 else DictionaryObject()})
    return add_object(writer, form.flate_encode())


def _placed(writer: PdfWriter, page, origin: tuple[float, float], size: tuple[float, float], sheet: Sheet,
            at_left: bool) -> tuple:
    """(form, x shift, y shift) of the page placed by its TrimBox at ``origin``: it shows its bleed only
    past the sheet's edges, as far as the sheet's bleed whatever creep moved it by, and nothing of it
    crosses the fold."""
    trim = page.trimbox
    if abs(float(trim.width) - size[0]) > 0.5 or abs(float(trim.height) - size[1]) > 0.5:
        raise ValueError(f"every page must have the first page's size, {size[0]:.0f} x {size[1]:.0f} pt")
    x, y = origin
    fold = sheet.margin + sheet.width / 2
    left, bottom, right, top = (float(v) for v in (trim.left, trim.bottom, trim.right, trim.top))
    shift_x, shift_y = x - left, y - bottom
    b = sheet.bleed
    if b:  # out to the sheet's bleed edge, however far creep moved the page
        outer = (sheet.margin - b if at_left else sheet.margin + sheet.width + b) - shift_x
    else:
        outer = left if at_left else right
    visible = (outer if at_left else fold - shift_x,
               bottom - (b if abs(y - sheet.margin) < 0.5 else 0),
               fold - shift_x if at_left else outer,
               top + (b if abs(y + size[1] - sheet.margin - sheet.height) < 0.5 else 0))
    return _form(writer, page, visible), shift_x, shift_y


def _add_sheet_side(writer: PdfWriter, placed: list, sheet: Sheet) -> None:
    m = sheet.margin
    side = writer.add_blank_page(sheet.width + 2 * m, sheet.height + 2 * m)
    names = {NameObject(f"/P{index}"): form for index, (form, _, _) in enumerate(placed)}
    drawing = "\n".join(f"q 1 0 0 1 {x:.4f} {y:.4f} cm /P{index} Do Q"
                         for index, (_, x, y) in enumerate(placed))
    contents = DecodedStreamObject()
    contents.set_data(drawing.encode())
    side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): DictionaryObject(names)})
    side[NameObject("/Contents")] = add_object(writer, contents.flate_encode())
    if m:
        side.trimbox = RectangleObject((m, m, m + sheet.width, m + sheet.height))
        b = m - sheet.bleed
        side.bleedbox = RectangleObject((b, b, 2 * m + sheet.width - b, 2 * m + sheet.height - b))
