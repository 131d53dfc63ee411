"""Every ReportLab, pypdf and python-bidi internal we use, each touched once through its door
(render/reportlab_internals.py, pdf/pypdf_internals.py, render/bidi_internals.py): an upgrade that
renames or drops one fails here."""
from __future__ import annotations

import io

import pypdf
from pypdf.generic import DictionaryObject, NameObject
from reportlab import rl_config
from reportlab.lib.colors import CMYKColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table
from reportlab.platypus.flowables import BulletDrawer, Flowable

from leaflet_builder.pdf import pypdf_internals as pypdf_door
from leaflet_builder.render import bidi_internals, fonts
from leaflet_builder.render import reportlab_internals as door


class _Hooked(door.CanvasHooks, Canvas):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.annotations = []

    def add_annotation(self, annotation, name=None, addtopage=1):
        super().add_annotation(annotation, name, addtopage)
        self.annotations.append(door.annotation_reference(self, name))

    def extra_graphics_states(self):
        return {"Extra": pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("ExtGState"), "OPM": 1})}


class _Text(door.LineText):
    def line_text(self, text):
        return text + "|"

    def before_text(self, text):
        door.append_code(self, "% before")

    def line_ended(self):
        door.append_code(self, "% ended")


def test_the_canvas_internals():
    canvas = _Hooked(io.BytesIO(), pagesize=(200, 200))
    assert door.page_number(canvas) == 1 and not door.page_has_content(canvas)
    start, context = door.code_length(canvas), door.drawing_context(canvas)
    door.append_code(canvas, "% ours")
    assert door.page_has_content(canvas) and door.code_from(canvas, start) == ("% ours",)
    canvas.setFillAlpha(0.5)  # a graphics state, and a PDF version that allows it
    assert door.drawing_context(canvas) != context
    canvas.translate(10, 20)
    assert tuple(door.current_matrix(canvas))[4:] == (10, 20)
    assert not door.drawing_form(canvas)
    canvas.beginForm("form")
    assert door.drawing_form(canvas)
    canvas.endForm()
    black = CMYKColor(0, 0, 0, 1)
    canvas.setFillColor(black)
    canvas.setStrokeColor(black)
    assert door.fill_colour(canvas) is black and door.stroke_colour(canvas) is black
    assert "_fillColorObj" in door.state_attributes("ours") and door.state_attributes("ours")[-1] == "ours"
    canvas.linkURL("https://example.org/", (0, 0, 10, 10))
    assert canvas.annotations and canvas.annotations[0].name == "Annot.NUMBER1"
    text = _Text(canvas)
    assert door.text_canvas(text) is canvas
    text.setFillColor(black)
    assert door.fill_colour(text) is black
    text._textOut("one", 1)  # as a Paragraph writes each of its lines
    text._textOut("two")
    door.append_code(text, "% in the text")
    assert "% before (one|) Tj T* % ended % before (two) Tj % in the text" in text.getCode()
    canvas.drawText(text)
    with door.at_callback_position(canvas, 3, 4, 12):
        assert door.callback_position(canvas) == (3, 4)
        assert door.callback_text(canvas) is None  # rtl.py calls back without a text object
    canvas.showPage()
    document = door.pdf_document(canvas)
    assert door.creation_date(document, "none") == "none"
    canvas.setDateFormatter(lambda *_: "D:20250101000000+00'00'")
    assert door.creation_date(document, "none") == "D:20250101000000+00'00'"
    door.add_catalog_entry(document, "Ours", pdfdoc.PDFName("Yes"))
    written = door.register_objects(document, [pdfdoc.PDFString("a"), pdfdoc.PDFString("b")])
    assert door.object_number(document, f"R{written + 1}") == written + 1
    canvas.save()
    reader = pypdf.PdfReader(io.BytesIO(canvas.getpdfdata()))
    assert reader.root_object["/Ours"] == "/Yes"
    assert "/Extra" in reader.pages[0]["/Resources"]["/ExtGState"]
    assert reader.pages[0]["/Annots"]


def test_registered_objects_have_their_names():
    canvas = Canvas(io.BytesIO())
    document = door.pdf_document(canvas)
    obj = pdfdoc.PDFString("x")
    first = door.register_objects(document, [obj])
    assert door.registered_name(obj) == f"R{first}"


class _Keyed(door.CanvasHooks, Canvas):
    def add_annotation(self, annotation, name=None, addtopage=1):
        door.allow_annotation_keys(annotation, "StructParent")
        super().add_annotation(annotation, name, addtopage)


def test_a_page_and_a_link_write_the_keys_they_are_allowed_and_no_others_do():
    canvas = _Keyed(io.BytesIO(), pagesize=(100, 100))
    canvas.bookmarkPage("here")
    canvas.linkRect("", "here", (0, 0, 10, 10), StructParent=7)
    canvas.showPage()
    canvas.showPage()
    first, second = door.pdf_document(canvas).Pages.pages
    door.allow_page_keys(first, "StructParents")
    first.StructParents = second.StructParents = 3
    canvas.save()
    reader = pypdf.PdfReader(io.BytesIO(canvas.getpdfdata()))
    assert [page.get("/StructParents") for page in reader.pages] == [3, None]
    assert reader.pages[0]["/Annots"][0].get_object()["/StructParent"] == 7
    assert "StructParents" not in pdfdoc.PDFPage.__NoDefault__
    assert "StructParent" not in pdfdoc.LinkAnnotation.permitted


def test_the_table_and_flowable_internals():
    table = Table([["a", "b", "c"], ["d", "", ""]], style=[("SPAN", (1, 1), (2, 1))])
    table.wrap(300, 300)
    assert door.column_count(table) == 3
    assert door.cell_span(table, 1, 1) == (1, 1, 2, 1) and door.cell_span(table, 0, 0) == (0, 0, 0, 0)
    assert door.cell_span(table, 2, 1) is None, "a cell a span covers"
    assert door.table_cells(table) == [["a", "b", "c"], ["d", "", ""]]
    events = []
    door.set_table_callback(table, lambda table, event, *args: events.append(event))
    canvas = Canvas(io.BytesIO())
    table.drawOn(canvas, 0, 0)
    assert {"startTable", "startRow", "startCell", "endCell", "endTable"} <= set(events)
    assert issubclass(door.ZeroSizeFlowable, Flowable) and door.is_zero_size(door.ZeroSizeFlowable)
    assert not door.is_zero_size(Paragraph)
    assert door.CONTAINER.__name__ == "_Container"
    assert callable(BulletDrawer.drawOn) and callable(Table._restoreRoundingObscuredLines)


def test_the_paragraph_internals():
    """Lines as (words, room left), for paragraphs of one style and of mixed styles; one line narrower."""
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10)
    for text in ("aaa bbb ccc ddd eee fff ggg", "aaa <b>bbb</b> ccc ddd eee fff ggg"):
        paragraph = door.NarrowableParagraph(text, style)
        paragraph.wrap(120, 1000)
        lines = door.paragraph_lines(paragraph)
        assert [words for words, _ in lines] == [6, 1] and 0 < lines[0][1] < 120, lines
        assert door.line_texts(paragraph)[-1].strip() == "ggg"
        paragraph.narrowed = (0, lines[0][1] + 2)
        paragraph.wrap(120, 1000)
        assert [words for words, _ in door.paragraph_lines(paragraph)] == [5, 2]
        # what wrapping sets, taken from one paragraph, puts another made alike in the same state
        twin = door.NarrowableParagraph(text, style)
        before = dict(twin.__dict__)
        twin.wrap(100, 1000)
        state = door.wrap_state(twin, before)
        assert {"blPara", "frags", "height", "width"} <= state.keys()
        copy = door.NarrowableParagraph(text, style)
        door.restore_wrap(copy, state)
        assert door.line_texts(copy) == door.line_texts(twin) and copy.height == twin.height
    # its markup is parsed (Paragraph._setup) through parsed_markup, which the layout cache answers
    parses = []

    class Parsed(door.NarrowableParagraph):
        def parsed_markup(self, text, style, bullet, parse):
            parses.append(parse())
            return parses[-1]

    parsed = Parsed("aaa <b>bbb</b>", style)
    assert len(parses) == 1 and parses[0].keys() == set(door.PARSED) and parses[0]["frags"] is parsed.frags
    assert [fragment.text for fragment in parsed.frags] == ["aaa ", "bbb"]


def test_a_word_broken_at_its_own_hyphen_keeps_it_when_wrapped_again():
    """ReportLab's processed fragments and the split heads (_SplitFragH, _SplitFragHY) that
    _keep_own_hyphens tells apart: a compound broken at its hyphen in a paragraph of mixed styles, then
    wrapped wider, still has it."""
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, embeddedHyphenation=1)
    paragraph = door.NarrowableParagraph("<b>So:</b> aaa long-lasting bbb", style)
    width = stringWidth("So: aaa long-", "Helvetica-Bold", 10) + 1
    paragraph.wrap(width, 1000)
    assert door.line_texts(paragraph)[0].endswith("long-"), door.line_texts(paragraph)
    paragraph.wrap(1000, 1000)
    assert "long-lasting" in door.line_texts(paragraph)[0], door.line_texts(paragraph)


def test_a_document_counts_the_flowables_on_its_page():
    counts = []

    class Counting(Flowable):
        def wrap(self, *args):
            return 10, 10

        def draw(self):
            counts.append(door.flowables_on_page(self.canv._doctemplate))

    document = BaseDocTemplate(io.BytesIO(), pagesize=(200, 200))
    document.addPageTemplates([PageTemplate("page", [Frame(0, 0, 200, 200)])])
    document.build([Counting(), Counting()])
    assert counts == [0, 1]


def test_a_font_writes_our_unicode_maps():
    """ReadableTTFont's subsets read as fonts.unicode_map says: a private character as its text, no
    unused code as U+0000."""
    from reportlab.pdfbase import pdfmetrics

    names = fonts.register("ibm-plex-sans-arabic")
    font = pdfmetrics.getFont(names["regular"])
    assert isinstance(font, door.ReadableTTFont)
    assert door.harfbuzz_face(font).upem == 1000  # and it names private characters, as rtl.py shapes
    glyph = door.glyph_of(font, "A")
    private = door.private_char(font, "test-ligature", glyph, 600)
    assert door.private_char(font, "test-ligature", glyph, 600) == private
    assert ord("A") in door.chars_of(font, glyph) and ord(private) in door.chars_of(font, glyph)
    assert door.glyph_of(font, "\u4e00") is None  # no CJK in an Arabic font
    assert door.font_file(font).endswith(".ttf")
    fonts.glyph_text(font)[private] = "xy"
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100))
    canvas.setFont(names["regular"], 10)
    canvas.drawString(10, 10, "AB" + private)
    canvas.save()
    page = pypdf.PdfReader(buffer).pages[0]
    assert page.extract_text().replace("\n", "") == "ABxy"
    [subset] = [value.get_object() for value in page["/Resources"]["/Font"].values()
                if "IBMPlexSansArabic" in value.get_object()["/BaseFont"]]
    cmap = subset["/ToUnicode"].get_object().get_data().decode()
    assert "<0000>" not in cmap
    # a subset's font program (TTFont.face.makeSubset) is made once for the same glyphs in the same order
    made = []
    kept = door._kept_subsets(lambda codes: made.append(list(codes)) or bytes(codes), most=2)
    assert kept([0, 65, 66]) == kept([0, 65, 66]) == bytes([0, 65, 66]) and made == [[0, 65, 66]]
    assert kept([0, 66, 65]) == bytes([0, 66, 65]) and kept([0, 67]) == bytes([0, 67])
    assert kept([0, 65, 66]) == bytes([0, 65, 66]) and len(made) == 4  # the least recently used let go
    codes = [0, *range(32, 127)]
    assert font.face.makeSubset(codes) is font.face.makeSubset(list(codes))  # kept, not made again


def test_the_bidi_internals():
    """python-bidi's steps of UAX #9, with ours between the weak and the neutral types: "(ab)" in a
    right-to-left paragraph, its brackets made strong right-to-left there, read at level 1; a joiner,
    which rule X9 takes out, has no level."""
    seen = []

    def before_neutrals(chars, types):
        seen.append((chars, types))
        return ["R" if ch in "()" else kind for ch, kind in zip(chars, types)]

    assert bidi_internals.resolved_levels("(ab)\u200d", 1, before_neutrals) == [1, 2, 2, 1, None]
    assert seen == [("(ab)", ["ON", "L", "L", "ON"])]


def test_a_text_object_names_its_font_and_a_glyph_reads_as_another_text():
    """text_font: the font a text object writes in; fonts.reading_as: a private character (private_char)
    with another character's glyph and advance, which reads as the text it is given."""
    from reportlab.pdfbase import pdfmetrics

    name = fonts.register("noto-sans")["regular"]
    font = pdfmetrics.getFont(name)
    twin = fonts.reading_as(name, "-", "\u2010")
    assert twin != "-" and font.stringWidth(twin, 10) == font.stringWidth("-", 10)
    assert door.glyph_of(font, twin) == door.glyph_of(font, "-")
    assert fonts.reading_as(name, "-", "\u2010") == twin  # made once
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100))
    text = canvas.beginText(10, 10)
    text.setFont(name, 10)
    assert door.text_font(text) == name
    text.textLine("long" + twin)
    canvas.drawText(text)
    canvas.save()
    assert pypdf.PdfReader(buffer).pages[0].extract_text().strip() == "long\u2010"


def test_binary_streams_only_inside():
    before = rl_config.useA85
    with door.binary_streams():
        assert rl_config.useA85 == 0
    assert rl_config.useA85 == before


def test_the_pypdf_internals():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100))
    canvas.setTitle("Pages")
    canvas.showPage()
    canvas.save()
    reader = pypdf.PdfReader(io.BytesIO(buffer.getvalue()))
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    reference = pypdf_door.add_object(writer, DictionaryObject({NameObject("/Ours"): NameObject("/Yes")}))
    assert reference.get_object()["/Ours"] == "/Yes"
    pypdf_door.keep_file_identifier(writer, reader)
    pypdf_door.keep_info(writer, reader)
    out = io.BytesIO()
    writer.write(out)
    written = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    assert written.trailer["/ID"] == reader.trailer["/ID"]
    assert written.metadata.title == "Pages"
