"""The print variants as built: paper sizes, print-ready boxes, marks, bleed and colours, large print."""
from __future__ import annotations

import re
from dataclasses import replace

import pypdf
import pytest
from reportlab.lib.pagesizes import A4, A5, letter
from reportlab.lib.units import mm

from conftest import ROOT, TREATMENT_IDS, fold, pdf_text
from leaflet_builder.render.document import FOOTER_BASE, Furniture, LeafletDocument
from leaflet_builder.errors import ContentError
from leaflet_builder.inputs.layouts import load_layout
from leaflet_builder.render.imprint import adapted_from, footer_text
from leaflet_builder.render.markup import plain
from leaflet_builder.render.leaflet import metadata
from leaflet_builder.render.parts import QR_QUIET_ZONE, QR_SIZE, qr_operators
from leaflet_builder.render.styles import stylesheet
from pdfcheck import OVERHANG, char_boxes, colour_operators, drawn_near, font_sizes, fonts, qr_code, render
from test_leaflets import KEY_STATEMENTS, SHARED_STATEMENTS

PAPERS = {"a4": A4, "a5": A5, "letter": letter}
PRINT_READY = ("--print-ready",)
PRINT_READY_LARGE_LETTER = ("--print-ready", "--large-print", "--paper", "letter")
BLEED = 3 * mm
WHITE = (255, 255, 255)


PRINTED = (*TREATMENT_IDS, "brochure")  # what a print shop gets: the leaflets and the brochure


def boxes(page) -> dict:
    return {name: tuple(float(v) for v in page[name]) for name in ("/MediaBox", "/TrimBox", "/BleedBox")}


@pytest.mark.parametrize("options, size", [(PRINT_READY, A4), (PRINT_READY_LARGE_LETTER, letter)])
def test_every_print_ready_page_has_its_boxes(variant, options, size):
    for treatment_id in PRINTED:
        for number, page in enumerate(pypdf.PdfReader(variant(*options) / f"{treatment_id}.pdf").pages, 1):
            where = f"{treatment_id} page {number}"
            box = boxes(page)
            x0, y0, x1, y1 = box["/TrimBox"]
            assert (x1 - x0, y1 - y0) == pytest.approx(size, abs=0.01), where
            bleed = (x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED)
            assert box["/BleedBox"] == pytest.approx(bleed, abs=0.01), where
            m0, n0, m1, n1 = box["/MediaBox"]
            b0, c0, b1, c1 = box["/BleedBox"]
            room = 5 * mm  # for crop marks outside the bleed
            assert m0 <= b0 - room and n0 <= c0 - room and m1 >= b1 + room and n1 >= c1 + room, where


@pytest.mark.parametrize("options", [PRINT_READY, PRINT_READY_LARGE_LETTER])
def test_no_rgb_colour_operator_in_a_print_ready_file(variant, options):
    for treatment_id in PRINTED:
        used = colour_operators(variant(*options) / f"{treatment_id}.pdf")
        assert used["k"] > 0 and used["K"] > 0, "the scan finds the CMYK colours"
        assert set(used) <= {"k", "K"}, f"{treatment_id}: {used}"


@pytest.mark.parametrize("options", [PRINT_READY, PRINT_READY_LARGE_LETTER])
def test_print_ready_fonts_embedded_and_nothing_for_the_print_shop_to_fix(variant, options):
    """Nothing for the print shop to fix: the build preflights every print-ready file it writes, and the
    fixtures that build them (conftest: print_folders, cli_build) hold that it warned of nothing."""
    for treatment_id in PRINTED:
        used = fonts(variant(*options) / f"{treatment_id}.pdf")
        assert used and all(used.values()) and all("Atkinson" in name for name in used), used


def pixel(image, page, x: float, y: float, scale: float):
    """The colour at PDF point (x, y) of a page rendered at ``scale``."""
    return image.getpixel((round(x * scale), round((float(page.mediabox.top) - y) * scale)))


def marked(image, page, x: float, y: float, scale: float) -> bool:
    """Whether a crop mark's dark grey is within 2 pixels of PDF point (x, y)."""
    cx, cy = round(x * scale), round((float(page.mediabox.top) - y) * scale)
    return any(max(colour) < 80 and max(colour) - min(colour) < 10
               for colour in (image.getpixel((cx + i, cy + j)) for i in range(-2, 3) for j in range(-2, 3)))


@pytest.mark.parametrize("treatment_id", ["massage", "osteopathy"])
def test_crop_marks_stand_outside_the_bleed_at_every_corner(variant, treatment_id):
    path, scale = variant(*PRINT_READY) / f"{treatment_id}.pdf", 4
    for index, page in enumerate(pypdf.PdfReader(path).pages):
        image = render(path, index, scale)
        x0, y0, x1, y1 = boxes(page)["/TrimBox"]
        for x, y, out_x, out_y in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
            where = f"page {index + 1}, corner ({x:.0f}, {y:.0f})"
            assert marked(image, page, x + out_x * 8 * mm, y, scale), f"{where}: a horizontal mark"
            assert marked(image, page, x, y + out_y * 8 * mm, scale), f"{where}: a vertical mark"
            for distance in (1 * mm, BLEED, BLEED + 1 * mm):
                assert not marked(image, page, x + out_x * distance, y, scale), f"{where}: mark in the bleed"
                assert not marked(image, page, x, y + out_y * distance, scale), f"{where}: mark in the bleed"


def test_the_title_band_runs_into_the_bleed(variant):
    path, scale = variant(*PRINT_READY) / "massage.pdf", 4
    page = pypdf.PdfReader(path).pages[0]
    image = render(path, 0, scale)
    x0, y0, x1, y1 = boxes(page)["/TrimBox"]
    band = pixel(image, page, (x0 + x1) / 2, y1 - 2 * mm, scale)
    assert band != WHITE
    for x, y in ((x0 - BLEED + 0.5 * mm, y1 - 10 * mm), (x1 + BLEED - 0.5 * mm, y1 - 10 * mm),
                 ((x0 + x1) / 2, y1 + BLEED - 0.5 * mm)):
        assert pixel(image, page, x, y, scale) == band, f"band colour at ({x:.0f}, {y:.0f})"
    for x, y in ((x0 - BLEED - 1 * mm, y1 - 10 * mm), ((x0 + x1) / 2, y1 + BLEED + 1 * mm)):
        assert pixel(image, page, x, y, scale) == WHITE, f"nothing past the bleed at ({x:.0f}, {y:.0f})"
    assert pixel(image, page, x0 - 1.5 * mm, (y0 + y1) / 2, scale) == WHITE, "no background beside the text"


@pytest.mark.parametrize("paper", ["a5", "letter"])
def test_page_size_and_budget_of_each_paper(variant, paper):
    for treatment_id in TREATMENT_IDS:
        pages = pypdf.PdfReader(variant("--paper", paper) / f"{treatment_id}.pdf").pages
        assert 1 <= len(pages) <= load_layout(ROOT, treatment_id, paper).paper.max_pages
        for page in pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(PAPERS[paper], abs=0.5)
            assert "/TrimBox" not in page, "only a print-ready file has a TrimBox"


def test_a5_leaflets_take_up_to_four_pages_and_letter_one_sheet():
    assert load_layout(ROOT, "massage", "a5").paper.max_pages == 4
    assert load_layout(ROOT, "massage", "letter").paper.max_pages == 2


@pytest.mark.parametrize("options, paper, large_print", [
    (("--paper", "a5"), "a5", False), (("--paper", "letter"), "letter", False),
    (("--large-print",), "a4", True), (PRINT_READY_LARGE_LETTER, "letter", True),
])
def test_text_stays_inside_the_margins_of_the_finished_page(variant, options, paper, large_print):
    for treatment_id in ("osteopathy", "massage", "traction"):
        path = variant(*options) / f"{treatment_id}.pdf"
        geometry = load_layout(ROOT, treatment_id, paper, large_print).paper
        trim = pypdf.PdfReader(path).pages[0].get("/TrimBox", (0, 0))
        dx, dy = float(trim[0]), float(trim[1])
        for page, _, _, char, (left, bottom, right, top) in char_boxes(path):
            left, right, bottom, top = left - dx, right - dx, bottom - dy, top - dy
            where = f"{treatment_id} page {page + 1}: {char!r} at ({left:.0f}, {bottom:.0f})"
            assert geometry.left - OVERHANG <= left and right <= geometry.width - geometry.right + OVERHANG, where
            assert 8 * mm <= bottom and top <= geometry.height - 8 * mm, where


@pytest.mark.parametrize("options", [("--large-print",), PRINT_READY_LARGE_LETTER])
def test_large_print_text_size(variant, edition_en, options):
    headings = {fold(text) for text in edition_en.strings.headings.values()}
    for treatment_id in TREATMENT_IDS:
        path = variant(*options) / f"{treatment_id}.pdf"
        sizes = font_sizes(path)
        assert min(size for size, _ in sizes) >= 16, "no text under 16 pt"
        by_size: dict = {}
        for size, text in sizes:
            by_size[size] = by_size.get(size, 0) + len(text)
        body = max(by_size, key=by_size.get)
        assert body >= 16
        heading_sizes = {size for size, text in sizes if fold(text) in headings}
        assert heading_sizes and min(heading_sizes) > body, "headings larger than the body"
        assert len(pypdf.PdfReader(path).pages) <= load_layout(ROOT, treatment_id, "a4", True).paper.max_pages


@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_large_print_has_the_same_content(variant, edition_en, treatment_id):
    # the page labels read apart, as a screen reader's artifacts: a paragraph may run on over a page
    text = fold(re.sub(r"Page \d+ of \d+", " ", pdf_text(variant("--large-print") / f"{treatment_id}.pdf")))
    missing = [phrase for phrase in KEY_STATEMENTS.get(treatment_id, []) + SHARED_STATEMENTS if phrase not in text]
    assert not missing
    # source and date said once, whole, at the leaflet's end: not in every page's footer
    assert text.count(fold(plain(adapted_from(edition_en, address=False)))) == 1


def test_large_print_is_a_block_laid_over_the_layout():
    regular, large = load_layout(ROOT, "massage"), load_layout(ROOT, "massage", large_print=True)
    assert large.type["body"].size >= 16 > regular.type["body"].size
    assert large.colours == regular.colours and large.icon == regular.icon
    assert large.paper.max_pages == 4 and regular.paper.max_pages == 2


def test_the_office_build_is_cmyk_too(built_en):
    for treatment_id in TREATMENT_IDS:
        assert set(colour_operators(built_en / f"{treatment_id}.pdf")) == {"k", "K"}


def band_bottom(image, left: float, scale: float) -> float:
    """How far down from the sheet's top the title band's colour reaches, in points, 3 mm right of the
    finished page's left edge ``left``."""
    x = round((left + 3 * mm) * scale)
    y = next(y for y in range(image.height) if image.getpixel((x, y)) != WHITE)
    while image.getpixel((x, y)) != WHITE:
        y += 1
    return y / scale


@pytest.mark.parametrize("options", [("--paper", "a5", "--large-print"), ("--large-print",), PRINT_READY])
def test_the_title_band_holds_its_text(variant, edition_en, options):
    scale = 2
    for treatment_id in ("manual-therapy", "magnetic-field-therapy", "kinesiology-taping"):
        path = variant(*options) / f"{treatment_id}.pdf"
        treatment = edition_en.treatment(treatment_id)
        # the notice on top while no reviewer has signed the text off, taking the series line's place
        # where the band has no room for both
        notice = "" if edition_en.review.reviewed else edition_en.strings.label("not_reviewed")
        bands = ["".join("".join(band).split()) for band in (
            (notice, edition_en.shared.series_title, treatment.name, treatment.subtitle or ""),
            (notice, treatment.name, treatment.subtitle or ""))]
        first = [(char, box) for page, _, _, char, box in char_boxes(path) if page == 0]
        # the page label is drawn first (LeafletDocument._first_page), then the band
        label = re.match(r"Page\d+of\d+", "".join(char for char, _ in first[:20]))
        first = first[len(label.group()) if label else 0:]
        band_text = next((band for band in bands if "".join(char for char, _ in first[:len(band)]) == band), None)
        assert band_text, "the band's text comes first"
        chars = first[:len(band_text)]
        page = pypdf.PdfReader(path).pages[0]
        lowest = min(bottom for _, (_, bottom, _, _) in chars)
        left = float(page.get("/TrimBox", page.mediabox)[0])
        assert float(page.mediabox.top) - lowest < band_bottom(render(path, 0, scale), left, scale) - 1 * mm


def test_a_footer_taller_than_the_bottom_margin_lifts_the_text_above_it(edition_en):
    layout = load_layout(ROOT, "massage", "a5", large_print=True)
    cramped = replace(layout, paper=replace(layout.paper, bottom=12 * mm))
    styles = stylesheet(cramped)
    furniture = Furniture(title="Massage", subtitle=None, series="Series", icon=layout.icon,
                          footer=footer_text(edition_en), page_label="Page {page} of {pages}")
    document = LeafletDocument(cramped, styles, furniture, metadata(edition_en, "t", "s", ()))
    footer_top = FOOTER_BASE + document._footer().wrap(document._footer_width(), cramped.paper.height)[1]
    assert footer_top > cramped.paper.bottom, "the footer is taller than the margin"
    for template in document.pageTemplates:
        assert all(frame._y1 >= footer_top for frame in template.frames)


def test_a_mistake_in_the_large_print_block_is_reported_with_its_line(tmp_path):
    (tmp_path / "layouts").mkdir()
    text = (ROOT / "layouts/_default.yaml").read_text()
    (tmp_path / "layouts/_default.yaml").write_text(text.replace("large_print:\n  paper:", "large_print:\n  papr:"))
    line = text.splitlines().index("large_print:") + 2
    with pytest.raises(ContentError, match=rf"_default.yaml:{line}:3: unknown key 'papr'; did you mean 'paper'"):
        load_layout(tmp_path, "massage", large_print=True)


@pytest.mark.parametrize("options", [("--paper", "a5"), ("--paper", "letter"), ("--large-print",), PRINT_READY])
def test_the_qr_code_has_four_modules_of_quiet_zone_with_nothing_in_it(variant, edition_en, options):
    module = QR_SIZE / qr_operators(edition_en.shared.source.url)[1]
    for treatment_id in (*TREATMENT_IDS, "brochure"):
        path = variant(*options) / f"{treatment_id}.pdf"
        last = len(pypdf.PdfReader(path).pages) - 1
        cells, (left, bottom, right, top) = qr_code(path, last, module)
        assert cells, f"{treatment_id}: a QR code on the last page"
        quiet = QR_QUIET_ZONE * module
        zone = (left - quiet, bottom - quiet, right + quiet, top + quiet)
        assert drawn_near(path, last, zone, module) == [], f"{treatment_id} {options}: something in the quiet zone"


def test_the_large_print_brochure_has_no_text_under_16_pt_and_nothing_over_its_page_numbers(variant):
    path = variant("--large-print") / "brochure.pdf"
    assert min(size for size, _ in font_sizes(path)) >= 16
    footers: dict = {}
    for page, _, _, char, box in char_boxes(path):
        if box[3] < 30 * mm:
            footers.setdefault(page, []).append((char, box))
    assert len(footers) > 10
    for page, chars in footers.items():
        for i, (char, (x0, y0, x1, y1)) in enumerate(chars):
            for other, (u0, v0, u1, v1) in chars[i + 1:]:
                overlap = min(x1, u1) - max(x0, u0), min(y1, v1) - max(y0, v0)
                assert min(overlap) < 1, f"page {page + 1}: {char!r} and {other!r} overlap"
