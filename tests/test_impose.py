"""Booklet imposition on a synthetic document: numbered A5 pages in, A4 landscape sheet sides out."""
from __future__ import annotations

import io

import pypdf
import pypdfium2
import pytest
from PIL import ImageChops, ImageStat
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from leaflet_builder.build.booklet import booklet_pdf
from leaflet_builder.render import fonts
from leaflet_builder.pdf.impose import Sheet, creep_reach, impose_booklet, saddle_stitch_order
from leaflet_builder.render.brochure import brochure_pdf
from leaflet_builder.inputs.content import treatment_ids
from leaflet_builder.inputs.languages import available_languages
from leaflet_builder.inputs.layouts import load_layouts
from conftest import ROOT, edition_of
from pdfcheck import fonts as fonts_used


def numbered_pages(count: int, size=A5) -> bytes:
    """``count`` pages, each with "top N" near its top edge and "foot N" near its foot."""
    buffer = io.BytesIO()
    font = fonts.register()["regular"]
    canvas = Canvas(buffer, pagesize=size, invariant=1, initialFontName=font)
    for number in range(1, count + 1):
        canvas.setFont(font, 24)
        canvas.drawString(40, size[1] - 60, f"top {number}")
        canvas.drawString(40, 40, f"foot {number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def halves(pdf: bytes) -> list[tuple[str, str]]:
    """The text in the left and right half of every sheet side."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        sides = []
        for page in document:
            width, height = page.get_size()
            text = page.get_textpage()
            sides.append(tuple(" ".join(text.get_text_bounded(left, 0, left + width / 2, height).split())
                               for left in (0, width / 2)))
        return sides
    finally:
        document.close()


def page_texts(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_bounded(0, 0, *page.get_size()) for page in document]
    finally:
        document.close()


def dense(text: str) -> str:
    """Text without white space: pdfium puts line breaks differently when it reads half a sheet."""
    return "".join(text.split())


def test_sixteen_pages_in_saddle_stitch_order():
    assert saddle_stitch_order(16)[:4] == [(16, 1), (2, 15), (14, 3), (4, 13)]
    assert saddle_stitch_order(16)[-1] == (8, 9)


@pytest.mark.parametrize("count", [1, 4, 5, 8, 13, 16])
def test_every_page_once_on_sheet_sides_in_pairs(count):
    order = saddle_stitch_order(count)
    numbers = sorted(number for side in order for number in side)
    padded = -(-count // 4) * 4
    assert numbers == list(range(1, padded + 1))
    assert len(order) == padded // 2
    assert all(left + right == padded + 1 for left, right in order), "facing pages of one sheet side"


def test_sheet_sides_are_a4_landscape():
    reader = pypdf.PdfReader(io.BytesIO(impose_booklet(numbered_pages(16))))
    assert len(reader.pages) == 8
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(landscape(A4), abs=0.5)
        assert page.get("/Rotate", 0) == 0


def test_the_text_in_each_half_follows_the_order():
    sides = halves(impose_booklet(numbered_pages(16)))
    expected = [(f"top {left} foot {left}", f"top {right} foot {right}")
                for left, right in saddle_stitch_order(16)]
    assert sides == expected
    assert sides[:2] == [("top 16 foot 16", "top 1 foot 1"), ("top 2 foot 2", "top 15 foot 15")]


def test_padded_with_blank_pages_to_a_multiple_of_four():
    sides = halves(impose_booklet(numbered_pages(6)))
    assert sides == [("", "top 1 foot 1"), ("top 2 foot 2", ""), ("top 6 foot 6", "top 3 foot 3"),
                     ("top 4 foot 4", "top 5 foot 5")]


def test_pages_stand_the_right_way_up():
    document = pypdfium2.PdfDocument(impose_booklet(numbered_pages(4)))
    try:
        for page in document:
            text = page.get_textpage()
            found = {}
            for i in range(text.count_chars()):
                char = text.get_text_range(i, 1)
                if char in "pf":  # "p" only in "top", "f" only in "foot"
                    found.setdefault(char, []).append(text.get_charbox(i)[1])
            assert min(found["p"]) > max(found["f"]) + 300, "each page's top is at the sheet's top"
    finally:
        document.close()


def test_fonts_stay_embedded_and_pages_of_another_size_are_refused():
    used = fonts_used(io.BytesIO(impose_booklet(numbered_pages(4))))
    assert used and all(used.values()) and all("Atkinson" in name for name in used), used
    mixed = pypdf.PdfWriter()
    for size in (A5, A4):
        mixed.append(pypdf.PdfReader(io.BytesIO(numbered_pages(1, size))))
    buffer = io.BytesIO()
    mixed.write(buffer)
    with pytest.raises(ValueError, match="first page's size"):
        impose_booklet(buffer.getvalue())


def test_facing_pages_meet_at_the_centre_fold():
    document = pypdfium2.PdfDocument(impose_booklet(numbered_pages(4)))
    try:
        text = document[0].get_textpage()
        centre = landscape(A4)[0] / 2
        lefts = [text.get_charbox(i)[0] for i in range(text.count_chars())]
        assert min(x for x in lefts if x < centre) == pytest.approx(centre - A5[0] + 40, abs=1)
        assert min(x for x in lefts if x > centre) == pytest.approx(centre + 40, abs=1)
    finally:
        document.close()


def test_a_right_to_left_booklet_is_the_mirror_image():
    assert saddle_stitch_order(16, right_to_left=True)[:2] == [(1, 16), (15, 2)], "the cover on the left"
    assert halves(impose_booklet(numbered_pages(8), right_to_left=True)) == [
        (f"top {left} foot {left}", f"top {right} foot {right}") for left, right in ((1, 8), (7, 2), (3, 6), (5, 4))]


def rendered(pdf: bytes, scale: float = 0.5) -> list:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=scale).to_pil().convert("L") for page in document]
    finally:
        document.close()


def test_the_booklet_of_a_right_to_left_language_is_bound_on_the_right():
    """Arabic, the project's right-to-left language (the others take the same path, not mirrored): the
    booklet as a build makes it (build/booklet.py, which the build's booklet job calls with the build's
    layouts; the job itself is in test_preflight's and test_bad_days' builds) has on each half of each
    sheet side what looks like the A5 brochure's page the mirrored order puts there, more than like any
    other page. Compared as pictures: pdfium places the characters of shaped Arabic text wrongly once the
    page is a form on a sheet."""
    lang = next(code for code in available_languages(ROOT) if edition_of(code).strings.direction == "rtl")
    edition, scale = edition_of(lang), 0.5
    pages = rendered(brochure_pdf(edition, load_layouts(ROOT, treatment_ids(ROOT), "a5")), scale)
    sides = rendered(booklet_pdf(edition, load_layouts(ROOT, treatment_ids(ROOT), booklet=True)), scale)
    count = len(pages)
    assert count % 4 == 0 and len(sides) == count // 2
    width, fold = pages[0].width, sides[0].width / 2

    def nearest(half) -> int:
        half = half.resize(pages[0].size)
        return min(range(count), key=lambda index: ImageStat.Stat(ImageChops.difference(half, pages[index])).mean[0])

    for side, (left, right) in zip(sides, saddle_stitch_order(count, right_to_left=True)):
        halves_seen = [side.crop((round(x), 0, round(x) + width, side.height)) for x in (fold - width, fold)]
        assert [nearest(half) + 1 for half in halves_seen] == [left, right]


def test_a_brochure_too_large_for_the_sheet_is_an_error():
    with pytest.raises(ValueError, match="do not fit"):
        impose_booklet(numbered_pages(4, A4))


def test_print_ready_pages_are_placed_by_their_trim_box_without_bleed():
    """Pages on a larger sheet, page 1 with a background into the bleed: only its finished page shows."""
    margin, bleed = 30, 9
    width, height = A5
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width + 2 * margin, height + 2 * margin), invariant=1,
                    initialFontName=fonts.register()["regular"],
                    trimBox=(margin, margin, margin + width, margin + height))
    for number in range(1, 5):
        canvas.translate(margin, margin)
        canvas.setFillColorCMYK(0, 0, 0, 1 if number == 1 else 0)
        canvas.rect(-bleed, -bleed, width + 2 * bleed, height + 2 * bleed, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    document = pypdfium2.PdfDocument(impose_booklet(buffer.getvalue()))
    try:
        image = document[0].render(scale=2).to_pil().convert("L")  # sheet side 4|1, two pixels a point
        fold, middle, edge = landscape(A4)[0], A4[0], landscape(A4)[0] + 2 * width
        assert image.getpixel((round(fold) + 2, round(middle))) < 100, "page 1 is dark to the fold"
        assert image.getpixel((round(edge) - 2, round(middle))) < 100, "and to its outer edge"
        assert image.getpixel((round(fold) - 2, round(middle))) == 255, "its bleed stays off page 4"
        assert image.getpixel((round(edge) + 1, round(middle))) == 255, "and off the sheet's margin"
    finally:
        document.close()


def test_creep_moves_the_pages_of_inner_sheets_towards_the_fold():
    creep = 2 * mm
    plain, crept = (impose_booklet(numbered_pages(8), Sheet(*landscape(A4), creep=shift)) for shift in (0, creep))

    def lefts(pdf):
        """The left edge of the text in each half of each sheet side."""
        document = pypdfium2.PdfDocument(pdf)
        try:
            found = []
            for page in document:
                text, centre = page.get_textpage(), page.get_size()[0] / 2
                xs = [text.get_charbox(i)[0] for i in range(text.count_chars()) if text.get_text_range(i, 1).strip()]
                found.append((min(x for x in xs if x < centre), min(x for x in xs if x > centre)))
            return found
        finally:
            document.close()

    for side, ((left, right), (crept_left, crept_right)) in enumerate(zip(lefts(plain), lefts(crept))):
        sheets_around = side // 2
        assert crept_left - left == pytest.approx(sheets_around * creep, abs=0.2), f"side {side + 1}"
        assert right - crept_right == pytest.approx(sheets_around * creep, abs=0.2), f"side {side + 1}"


def test_a_print_sheet_is_trimmed_to_its_two_pages_and_creep_never_eats_the_bleed():
    """Four A5 pages whose dark background reaches as far past the trim as the creep needs: on sheet
    sides trimmed to 296 x 210 mm, every page's background fills the 3 mm bleed at the sheet's outer
    edge, the inner sheet's moved 1 mm towards the fold too."""
    bleed, creep = 3 * mm, 1 * mm
    width, height = A5
    reach = bleed + creep_reach(4 * 2, creep)
    margin = reach + 10
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width + 2 * margin, height + 2 * margin), invariant=1,
                    trimBox=(margin, margin, margin + width, margin + height))
    for _ in range(8):
        canvas.translate(margin, margin)
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.rect(-reach, -reach, width + 2 * reach, height + 2 * reach, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    sheet = Sheet(2 * width, height, bleed=bleed, margin=bleed + 10, creep=creep)
    imposed = impose_booklet(buffer.getvalue(), sheet)
    for page in pypdf.PdfReader(io.BytesIO(imposed)).pages:
        trim = [float(v) for v in page.trimbox]
        assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx((2 * width, height), abs=0.01)
        assert [float(v) for v in page.bleedbox] == pytest.approx(
            [trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed])
    document = pypdfium2.PdfDocument(imposed)
    try:
        for side in (0, 3):  # the outer sheet's front, the inner sheet's back
            image = document[side].render(scale=2).to_pil().convert("L")
            x0, x1 = 2 * (sheet.margin - bleed), 2 * (sheet.margin + sheet.width + bleed)
            middle = image.height // 2
            assert image.getpixel((round(x0) + 1, middle)) < 50, f"side {side + 1}: the left bleed is full"
            assert image.getpixel((round(x1) - 2, middle)) < 50, f"side {side + 1}: the right bleed is full"
            assert image.getpixel((round(x0) - 2, middle)) == 255, "and nothing past it"
    finally:
        document.close()


def test_creep_that_would_move_text_too_near_the_fold_is_an_error():
    """Eight pages make two sheets: the inner one moves by one creep, here more than the room left."""
    with pytest.raises(ValueError, match="a creep of 1.00 mm per sheet moves the innermost pages 1.0 mm towards the "
                                         "fold, but their inner margin leaves room for 0.5 mm"):
        impose_booklet(numbered_pages(8), Sheet(*landscape(A4), creep=1 * mm, creep_room=0.5 * mm))


def test_the_booklet_claims_no_pdf_ua():
    """A tagged document's XMP says PDF/UA-1; its imposed sheets have no structure tree, so the
    booklet's XMP keeps the rest of the packet without that claim."""
    from pypdf.generic import DecodedStreamObject, NameObject

    from leaflet_builder.pdf.pypdf_internals import add_object

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(numbered_pages(4)))
    stream = DecodedStreamObject()
    stream.set_data(b"<x:xmpmeta><dc:title>T</dc:title><pdfuaid:part>1</pdfuaid:part></x:xmpmeta>")
    writer.root_object[NameObject("/Metadata")] = add_object(writer, stream)
    tagged = io.BytesIO()
    writer.write(tagged)
    booklet = pypdf.PdfReader(io.BytesIO(impose_booklet(tagged.getvalue())))
    packet = booklet.root_object["/Metadata"].get_object().get_data().decode()
    assert "<dc:title>T</dc:title>" in packet and "pdfuaid" not in packet
    assert "/StructTreeRoot" not in booklet.root_object
