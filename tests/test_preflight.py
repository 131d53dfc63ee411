"""Print-ready files as a print shop checks them: PDF/X-4, no RGB, no annotations, marks on request,
black overprinting, the booklet with its bleed; our preflight finds each fault it checks for, and
Ghostscript, qpdf and poppler accept every kind of print file."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pypdf
import pytest
from PIL import Image
from pypdf.annotations import Link
from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject,
                           TextStringObject)
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from conftest import PRINT_SETS, ROOT, TREATMENT_IDS
from leaflet_builder.cli import main
from leaflet_builder.inputs.layouts import cmyk, load_layout
from leaflet_builder.pdf.preflight import preflight
from leaflet_builder.pdf.pypdf_internals import add_object
from leaflet_builder.render import fonts
from leaflet_builder.render.document import draw_crop_marks, print_boxes
from leaflet_builder.render.press import canvas_class
from leaflet_builder.render.reportlab_internals import append_code
from pdfcheck import render

BLEED = 3 * mm


def languages(name: str) -> tuple:
    return PRINT_SETS[name][2]


def test_each_print_set_has_the_leaflets_brochure_and_booklet_of_each_language(print_builds):
    for name, paths in print_builds.items():
        assert len(paths) == len(languages(name)) * (len(TREATMENT_IDS) + 2), name


def test_every_print_file_passes_the_preflight(print_builds, capsys):
    """The build preflighted every file (see print_folders) but for the images' resolution; the command,
    resolution included, passes the largest files of the set with a practice, whose logo is the only
    image a print file has."""
    largest = [path for path in print_builds["practice, no marks"] if path.name.startswith("brochure")]
    assert len(largest) == 2 * len(languages("practice, no marks"))
    assert main(["--preflight", *map(str, largest)]) == 0, capsys.readouterr().err
    assert "no problems" in capsys.readouterr().err


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is needed by this test (Debian: ghostscript, qpdf, poppler-utils)"
    return found


def one_of_each_kind(paths: list) -> list:
    """Of a print set's files, each language's brochure and booklet and one of its leaflets (a different
    one in each language)."""
    folders = sorted({path.parent for path in paths})
    return [path for number, folder in enumerate(folders) for path in paths if path.parent == folder
            and path.stem in ("brochure", "brochure-booklet", TREATMENT_IDS[number % len(TREATMENT_IDS)])]


def test_ghostscript_qpdf_and_poppler_accept_every_kind_of_print_file(print_builds):
    """A leaflet, the brochure and the booklet of each language of each set: the files of a kind are
    written by the same code (ReportLab, press.py, impose.py) and our preflight has read every one of them
    in the build; the logo is in the practice's."""
    for name, every in print_builds.items():
        paths = one_of_each_kind(every)
        assert len(paths) == 3 * len(languages(name)), paths
        rendered = subprocess.run([tool("gs"), "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage",
                                   "-sOutputFile=/dev/null", *map(str, paths)], capture_output=True, text=True)
        assert rendered.returncode == 0 and not (rendered.stdout + rendered.stderr).strip(), rendered.stderr
        for path in paths:
            checked = subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True, text=True)
            assert checked.returncode == 0 and "WARNING" not in checked.stdout, (path, checked.stdout)
            listed = subprocess.run([tool("pdfimages"), "-list", str(path)], capture_output=True, text=True)
            spaces = {line.split()[5] for line in listed.stdout.splitlines()[2:]}
            assert spaces <= {"cmyk", "gray"}, (path, spaces)
    logos = subprocess.run([tool("pdfimages"), "-list", str(print_builds["practice, no marks"][0])],
                           capture_output=True, text=True).stdout
    assert " cmyk " in logos, "the practice's logo is there, in CMYK"


def xmp(reader) -> str:
    return reader.root_object["/Metadata"].get_object().get_data().decode()


def test_pdfx_4_with_the_fogra39_profile_and_metadata_that_agree(print_builds):
    profile = (ROOT / "layouts/icc/FOGRA39L-coated.icc").read_bytes()
    for path in print_builds["practice, no marks"]:
        reader = pypdf.PdfReader(path)
        (intent,) = [i.get_object() for i in reader.root_object["/OutputIntents"]]
        assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "FOGRA39", path
        assert intent["/DestOutputProfile"].get_object().get_data() == profile
        metadata, info = xmp(reader), reader.trailer["/Info"].get_object()
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in metadata
        assert info["/Trapped"] == NameObject("/False") and "<pdf:Trapped>False</pdf:Trapped>" in metadata
        day = re.match(r"D:(\d{4})(\d\d)(\d\d)", info["/CreationDate"]).groups()
        assert f"<xmp:CreateDate>{'-'.join(day)}T00:00:00+00:00</xmp:CreateDate>" in metadata, path
        assert day[0] != "2000", "the content's date, not ReportLab's placeholder"
        for key in ("dc:title", "xmpMM:DocumentID", "xmpMM:InstanceID"):
            assert f"<{key}>" in metadata, (path, key)


def test_without_marks_the_page_is_trim_and_bleed(print_builds):
    for path in print_builds["practice, no marks"]:
        for page in pypdf.PdfReader(path).pages:
            media, bleed, trim = (tuple(float(v) for v in page[name])
                                  for name in ("/MediaBox", "/BleedBox", "/TrimBox"))
            assert media == pytest.approx(bleed), path
            assert (trim[0] - bleed[0], bleed[2] - trim[2]) == pytest.approx((BLEED, BLEED), abs=0.01)


def test_print_files_have_no_annotations_and_office_files_keep_their_links(print_builds, built_en):
    for path in print_builds["practice, no marks"]:
        assert not any("/Annots" in page for page in pypdf.PdfReader(path).pages), path
    assert any("/Annots" in page for page in pypdf.PdfReader(built_en / "brochure.pdf").pages)


def test_black_overprints_and_white_knocks_out(print_builds):
    reader = pypdf.PdfReader(print_builds["practice, no marks"][0])
    page = reader.pages[0]
    states = page["/Resources"]["/ExtGState"]
    content = page.get_contents().get_data().decode("latin-1")
    after_black = re.findall(r"0 0 0 1 k\n/(\w+) gs", content)
    after_white = re.findall(r"\n0 0 0 0 k\n/(\w+) gs", content)
    assert after_black and after_white
    assert all(states[f"/{name}"]["/op"].value is True and states[f"/{name}"]["/OPM"] == 1 for name in after_black)
    assert all(states[f"/{name}"]["/op"].value is False for name in after_white)


def test_the_booklet_sheet_has_its_boxes_and_the_cover_band_runs_into_the_bleed(print_builds):
    path = next(p for p in print_builds["practice, no marks"] if p.name == "brochure-booklet.pdf")
    page = pypdf.PdfReader(path).pages[0]
    x0, y0, x1, y1 = (float(v) for v in page["/TrimBox"])
    assert (x1 - x0, y1 - y0) == pytest.approx((2 * A5[0], A5[1]), abs=0.01), "the sheet is its two pages"
    bleed = [x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED]
    assert [float(v) for v in page["/BleedBox"]] == pytest.approx(bleed, abs=0.01)  # 0 is no 2e-9 relatively
    scale = 2
    image = render(path, 0, scale).convert("RGB")  # sheet side 1: the back cover | the cover
    height = float(page.mediabox.top)

    def at(x, y):
        return image.getpixel((round(x * scale), round((height - y) * scale)))

    band_y = y1 - 10 * mm
    band = at((x0 + x1) * 3 / 4, band_y)
    assert band != (255, 255, 255)
    assert at(x1 + BLEED - 0.5 * mm, band_y) == band, "the cover's band runs into the sheet's bleed"
    assert at((x0 + x1) / 2 + 0.5 * mm, band_y) == band, "and to the fold"
    assert at((x0 + x1) * 3 / 4, y1 + BLEED - 0.5 * mm) == band, "and past the top"
    assert at((x0 + x1) / 2 - 1 * mm, band_y) == (255, 255, 255), "but not across the fold"


def test_tints_under_two_percent_round_to_none_or_two():
    assert cmyk([0.4, 1, 1.9, 2.5]) == (0, 0.02, 0.02, 0.025)
    for treatment_id in TREATMENT_IDS:
        palette = load_layout(ROOT, treatment_id, print_ready=True).colours
        for colour in (palette.text, palette.on_accent, palette.accent, palette.tint):
            assert all(ink == 0 or ink >= 0.02 for ink in colour), (treatment_id, colour)


def print_pdf(draw=None) -> bytes:
    """A one-page print-ready PDF made as the builder makes them, with black text well inside the
    trim, and whatever ``draw(canvas)`` adds on the finished page."""
    layout = load_layout(ROOT, "massage", print_ready=True)
    marks = layout.print_marks
    buffer = io.BytesIO()
    canvas = canvas_class(Canvas, layout)(buffer, invariant=1, initialFontName=fonts.register()["regular"],
                                          enforceColorSpace="cmyk", **print_boxes(*A4, marks))
    canvas.setTitle("Preflight test")
    canvas.translate(marks.margin, marks.margin)
    canvas.setFillColorCMYK(0, 0, 0, 1)
    canvas.setFont(fonts.register()["regular"], 12)
    canvas.drawString(100, 400, "Checked by the preflight")
    if draw:
        draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def edited(pdf: bytes, change) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_clean_print_file_passes():
    assert preflight(print_pdf()) == []


def test_the_preflight_finds_an_rgb_image():
    def rgb_image(canvas):
        canvas.drawImage(ImageReader(Image.new("RGB", (600, 600), (200, 30, 30))), 100, 100, 144, 144)

    assert preflight(print_pdf(rgb_image)) == [
        "page 1: an image of 600 x 600 px in RGB; a print shop needs CMYK"]


def test_the_preflight_finds_a_link_annotation():
    def link(writer):
        writer.add_annotation(0, Link(rect=(100, 100, 200, 120), url="https://example.org/"))

    assert preflight(edited(print_pdf(), link)) == [
        "page 1: 1 annotations (links or comments); a print file has none"]


def test_the_preflight_finds_a_missing_output_intent():
    def without_intent(writer):
        del writer.root_object["/OutputIntents"]

    assert preflight(edited(print_pdf(), without_intent)) == [
        "no output intent /GTS_PDFX: the printing condition is not declared"]


def test_the_preflight_finds_a_thin_line():
    def thin_line(canvas):
        canvas.setStrokeColorCMYK(0, 0, 0, 1)
        canvas.setLineWidth(0.1)
        canvas.line(100, 300, 300, 300)

    assert preflight(print_pdf(thin_line)) == [
        "page 1: a line 0.10 pt wide; a print shop needs at least 0.25 pt"]


def test_the_preflight_finds_text_near_the_trim_and_too_much_ink():
    def near_edge(canvas):
        canvas.drawString(2, 400, "Edge")
        canvas.setFillColorCMYK(1, 1, 1, 0.5)
        canvas.rect(100, 200, 50, 50, stroke=0, fill=1)

    assert preflight(print_pdf(near_edge)) == [
        "page 1: a shape of 350 % ink; a print shop takes at most 300 %",
        "page 1: text 1.0 mm inside the trim at its left edge; a print shop needs 3 mm"]


def test_the_preflight_command_reports_a_line_per_problem_and_exits_1(tmp_path, capsys):
    (tmp_path / "office.pdf").write_bytes(edited(print_pdf(), lambda w: w.root_object.pop("/OutputIntents")))
    assert main(["--preflight", str(tmp_path / "office.pdf"), str(tmp_path / "missing.pdf")]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"{tmp_path}/office.pdf: no output intent /GTS_PDFX: the printing condition is not declared",
                     f"{tmp_path}/missing.pdf: cannot read: No such file or directory",
                     "preflight: 2 files, 2 problems"]


def qpdf_encrypted(pdf: bytes, tmp_path, *how) -> bytes:
    """The file encrypted by qpdf with an empty user password, as a shop might receive it."""
    (tmp_path / "in.pdf").write_bytes(pdf)
    subprocess.run([tool("qpdf"), "--allow-weak-crypto", "--encrypt", "", "owner", *how, "--",
                    str(tmp_path / "in.pdf"), str(tmp_path / "out.pdf")], check=True)
    return (tmp_path / "out.pdf").read_bytes()


@pytest.mark.parametrize("how, method", [(("128", "--use-aes=n"), "RC4"), (("128", "--use-aes=y"), "AES"),
                                         (("256",), "AES")])
def test_the_preflight_refuses_an_encrypted_file(tmp_path, capsys, how, method):
    """AES-256 is refused without the cryptography package that pypdf would need to decrypt it."""
    (tmp_path / "locked.pdf").write_bytes(qpdf_encrypted(print_pdf(), tmp_path, *how))
    assert main(["--preflight", str(tmp_path / "locked.pdf")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{tmp_path}/locked.pdf: encrypted ({method}): a print shop needs a file without password or "
        "permissions; save it unencrypted")


def test_the_preflight_finds_javascript_and_an_open_action_that_runs_it():
    def script(writer):
        action = add_object(writer, DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('printed');")}))
        writer.root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("print"), action])})})
        writer.root_object[NameObject("/OpenAction")] = action

    assert preflight(edited(print_pdf(), script)) == [
        "JavaScript (in the document's names); a print file has none",
        "JavaScript run when the file opens (OpenAction); a print file has none"]


def with_state(pdf: bytes, state: dict, group: dict | None = None) -> bytes:
    """The page with an ExtGState ``state`` (PDF objects) set before everything it draws, and the
    page's transparency group if given."""
    def change(writer):
        page = writer.pages[0]
        states = page["/Resources"].setdefault(NameObject("/ExtGState"), DictionaryObject())
        states[NameObject("/Broken")] = DictionaryObject(state)
        contents = page.get_contents()
        contents.set_data(b"/Broken gs\n" + contents.get_data())
        page[NameObject("/Contents")] = add_object(writer, contents)
        if group:
            page[NameObject("/Group")] = DictionaryObject(group)

    return edited(pdf, change)


def test_the_preflight_finds_a_transfer_function():
    assert preflight(with_state(print_pdf(), {NameObject("/TR"): writer_function()})) == [
        "page 1: a transfer function (/TR, /TR2 or a halftone's); PDF/X allows none: the press's curves apply"]


def writer_function() -> DictionaryObject:
    """An exponential function that lightens every ink."""
    return DictionaryObject({NameObject("/FunctionType"): NumberObject(2), NameObject("/Domain"): ArrayObject(
        [NumberObject(0), NumberObject(1)]), NameObject("/N"): FloatObject(0.5)})


def test_the_preflight_finds_transparency_blended_in_rgb():
    group = {NameObject("/Type"): NameObject("/Group"), NameObject("/S"): NameObject("/Transparency"),
             NameObject("/CS"): NameObject("/DeviceRGB")}
    assert preflight(with_state(print_pdf(), {NameObject("/ca"): FloatObject(0.5)}, group)) == [
        "page 1: transparency blended in RGB (a group's /CS); a print shop needs it blended in CMYK"]


@pytest.mark.parametrize("colour, problem", [
    ((0, 0, 0, 0), "white text set to overprint: it vanishes on press"),
    ((0.85, 0.2, 0.4, 0.45), "text in C85 M20 Y40 K45 set to overprint: it mixes with what lies under it; a print "
                             "shop overprints only 100 % K")])
def test_the_preflight_finds_white_or_coloured_text_set_to_overprint(colour, problem):
    def overprinting(canvas):
        canvas.setFillColorCMYK(0, 0, 0, 1)  # overprint on, as for black
        append_code(canvas, "{:g} {:g} {:g} {:g} k".format(*colour))  # and the colour changed behind its back
        canvas.setFont(fonts.register()["regular"], 14)
        canvas.drawString(100, 300, "Overprinting")

    assert preflight(print_pdf(overprinting)) == [f"page 1: {problem}"]


def test_the_preflight_finds_an_image_painted_with_overprint_on_and_the_builder_paints_none():
    def image(draw):
        def drawn(canvas):
            canvas.setFillColorCMYK(0, 0, 0, 1)  # overprint on, as for black
            draw(canvas, ImageReader(Image.new("CMYK", (600, 600), (0, 0, 0, 255))), 100, 100, 144, 144)
        return drawn

    assert preflight(print_pdf(image(lambda canvas, *args: canvas.drawImage(*args)))) == [], \
        "the builder turns overprint off for an image"
    assert preflight(print_pdf(image(lambda canvas, *args: Canvas.drawImage(canvas, *args)))) == [
        "page 1: an image of 600 x 600 px painted with overprint on; a print shop overprints only 100 % K"]


def test_the_preflight_finds_rich_black_text_under_12_pt():
    def rich_black(canvas, size):
        canvas.setFillColorCMYK(0.6, 0.4, 0.4, 1)
        canvas.setFont(fonts.register()["regular"], size)
        canvas.drawString(100, 300, "Rich black")

    assert preflight(print_pdf(lambda canvas: rich_black(canvas, 12))) == []
    assert preflight(print_pdf(lambda canvas: rich_black(canvas, 9))) == [
        "page 1: text 9.0 pt in rich black (C60 M40 Y40 K100); a print shop sets text under 12 pt in K only, as one "
        "plate cannot print out of register"]


@pytest.mark.parametrize("edge", ["left", "top"])
def test_the_preflight_finds_artwork_that_reaches_the_trim_but_not_the_bleed_and_ignores_crop_marks(edge):
    """A band to the trim's edge that stops 1 mm past it; the crop marks in registration colour (400 %
    ink) outside the bleed are no problem."""
    marks = load_layout(ROOT, "massage", print_ready=True).print_marks
    assert sum(marks.colour) == 4, "registration colour"

    def band(reach):
        def draw(canvas):
            canvas.setFillColorCMYK(0.85, 0.2, 0.4, 0.45)
            if edge == "left":
                canvas.rect(-reach, 500, 200 + reach, 100, stroke=0, fill=1)
            else:
                canvas.rect(200, A4[1] - 100, 200, 100 + reach, stroke=0, fill=1)
            draw_crop_marks(canvas, *A4, marks)
        return draw

    assert preflight(print_pdf(band(BLEED))) == []
    (problem,) = preflight(print_pdf(band(1 * mm)))
    found = re.fullmatch(rf"page 1: artwork reaches the trim at its {edge} edge but stops ([\d.]+) mm past it, "
                         r"short of the bleed's 3\.0 mm: the cut would leave a white sliver; extend it to the "
                         r"bleed's edge", problem)
    assert found and float(found[1]) == pytest.approx(1, abs=0.2), problem  # a rendered pixel is 0.18 mm


def test_the_gallery_says_which_file_to_send_for_single_pages_and_which_for_imposed_sheets(print_folders):
    from test_bad_days import gallery_cards, label

    for name, out in print_folders.items():
        cards = {pdf: " ".join(text.split()) for _, pdf, text in gallery_cards(out)}
        for lang in languages(name):
            assert label(lang, "print_shop") in cards[f"{lang}/brochure.pdf"]
            assert label(lang, "print_shop_booklet") in cards[f"{lang}/brochure-booklet.pdf"]
            assert " · A5 " in cards[f"{lang}/brochure-booklet.pdf"], "the booklet folds to A5"
            assert "brochure.pdf" in label(lang, "print_shop_booklet"), "the booklet's card names the other file"
