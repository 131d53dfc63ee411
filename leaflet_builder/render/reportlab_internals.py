"""The one door to ReportLab's internals: every name ReportLab does not document as its interface that
leaflet-builder reads, writes or overrides is used here, and only here, through the named functions and
classes below. ``tests/test_reportlab_internals.py`` touches each of them, so that an upgrade of
ReportLab that renames or drops one fails there, in one place.

What is used, and why:

- ``Canvas._code`` and ``PDFTextObject._code`` (``append_code``, ``code_length``, ``code_from``): the
  content stream as it is written; tagging adds marked-content operators (BDC/EMC), Arabic lines their
  glyphs, PDF/X its overprint states, none of which ReportLab has an operator for; an icon's drawing is
  written once and its operators again (render/icons.py).
- ``PDFDocument._pdfVersion``, ``Canvas._colorsUsed``, ``_enforceColorSpace`` and ``_extgstate`` (its
  ``_d`` and ``_c``) (``drawing_context``): what an icon's operators depend on, or its drawing changes,
  besides the operators; its operators are written again only where these are as when it was drawn.
- ``Canvas._pageNumber`` (``page_number``): the page being drawn, to number marked content per page.
- ``Canvas._currentMatrix`` (``current_matrix``): where a form was placed, to place it again later.
- ``Canvas._formData`` (``drawing_form``): whether a form is being drawn rather than a page.
- ``Canvas._doc`` (``pdf_document``): the PDFDocument being written, for its catalog, pages, fonts'
  subsets and annotations.
- ``Canvas._annotationCount`` (``annotation_reference``): the name ReportLab gives an unnamed annotation.
- ``Canvas._addAnnotation`` and ``Canvas._setExtGState`` (overridden by ``CanvasHooks``): every
  annotation and every page's graphics states pass there; a tagged canvas gives links a structure
  parent, a print-ready one drops annotations and adds its overprint states.
- ``Canvas.STATE_ATTRIBUTES`` (``state_attributes``): what saveState/restoreState keep.
- ``Canvas._fillColorObj``, ``_strokeColorObj``, also on text objects (``fill_colour``,
  ``stroke_colour``): the colour just set, to tell K-only black.
- ``PDFTextObject._canvas`` (``text_canvas``): the canvas a text object writes for.
- ``PDFTextObject._textOut`` and ``_formatText`` (overridden by ``LineText``): each line of a
  paragraph's text passes there, and each piece of a line drawn in its own style or after an <onDraw>;
  ``getCode`` (overridden by ``LineText``) when the text object is closed.
- ``Paragraph.blPara``, its lines' ``words`` and a fragment's ``cbDefn`` (``callback_names``): the
  <onDraw> callbacks a paragraph will call, known before it draws.
- ``Canvas._curr_tx_info`` (``callback_position``, ``callback_text``, ``at_callback_position``): where
  the text stands, and the text object being written, when a paragraph's <onDraw> callback is called,
  as ReportLab's Paragraph tells its callbacks.
- ``BaseDocTemplate._curPageFlowableCount`` (``flowables_on_page``): whether the page has content yet.
- ``PDFInfo._dateFormatter`` (``creation_date``): the date the Info dictionary will record.
- ``PDFCatalog.__NoDefault__``, ``PDFPage.__NoDefault__`` and ``Annotation.permitted``
  (``add_catalog_entry``, ``allow_page_keys``, ``allow_annotation_keys``): ReportLab writes only the
  keys it knows; PDF/X needs /OutputIntents, PDF/UA /StructParents, /Tabs and a link's /StructParent.
  Each is widened on the one object that needs it, never on ReportLab's classes.
- ``pdfdoc.__InternalName__``, ``PDFDocument.idToObjectNumberAndVersion``, ``numberToId``,
  ``idToObject`` and ``objectcounter`` (``register_objects``, ``registered_name``, ``object_number``):
  the structure tree's thousands of small objects are registered all at once and written as they are,
  which ReportLab's one-by-one Reference and general formatting would take a tenth of the build to do.
- ``Table._renderCB`` (``set_table_callback``), ``Table._ncols`` (``column_count``), ``Table._spanRanges``
  (``cell_span``): a table's drawing events, its column count and its spanned cells, for tagging rows
  and cells; ``Table._cellvalues`` (``table_cells``): what each cell of a table, or of a part split
  from it, holds, for the tests that a row never splits; ``Table._restoreRoundingObscuredLines``,
  ``BulletDrawer.drawOn`` and every flowable class's ``drawOn`` and ``split`` (``hook_flowables``): where
  flowables draw and split, for tagging. This is the one change to ReportLab's classes, made when a
  tagged canvas is made, never at import.
- ``flowables._Container`` (``CONTAINER``) and the ``_ZEROSIZE`` class attribute (``is_zero_size``,
  ``ZeroSizeFlowable``): containers draw other flowables; a zero-size flowable takes no room in a frame.
- ``Paragraph.blPara`` and ``Paragraph.breakLines`` (``paragraph_lines``, ``line_texts``,
  ``NarrowableParagraph``): the lines a wrapped paragraph was broken into, each as how many words it
  holds and the room left at its end, or as its text (for tests), and breaking with a width per line,
  so that one line can be laid out narrower to keep a last word company (render/rtl.py).
- ``Paragraph.frags`` and whatever ``Paragraph.wrap`` sets on a paragraph (``wrap_state``,
  ``restore_wrap``): a paragraph's state after it is wrapped (its lines, its fragments, which ReportLab
  rewrites as words, its height), copied into the layout cache and back (render/layout_cache.py).
- ``Paragraph._setup`` (overridden by ``NarrowableParagraph``, which asks ``parsed_markup``): where a
  paragraph parses its markup into fragments; the layout cache gives a paragraph made from the same
  markup in the same style the fragments parsed before (render/layout_cache.py).
- ``Image._img``, ``ImageReader._dataA``, ``lib.utils._digester``, ``Canvas._doc``'s
  ``getXObjectName``, ``idToObject``, ``Reference``, ``addForm`` and ``Canvas._setXObjects``
  (``KeptImage``, ``keep_image``): ReportLab decodes an image and compresses its pixels for every
  document that draws it, under a name made from those pixels; a KeptImage (a logo, drawn into every
  PDF of a practice's set) is compressed once, and each document registers a copy under the same
  name, as drawImage would, before drawImage looks for it.
- ``TTFont.face.makeSubset`` (``ReadableTTFont``): a subset's font program, made once for the same
  glyphs in the same order.
- ``TTFont.addObjects``, ``TTFont.state``, its subsets and ``PDFDocument.idToObject`` (``ReadableTTFont``):
  ReportLab writes each font subset's ToUnicode map itself, from the characters its codes were asked
  for, with unused codes as U+0000 and no way to give a ligature's code its letters; the subclass
  writes the maps again (fonts.unicode_map) where ReportLab registers them, as
  "toUnicodeCMap:<subset font name>".
- ``TTFont.face.charToGlyph``, ``glyphToChar`` and ``filename``, ``TTFont.hbFace``, ``hbFont`` and the
  ``hbAddPrivate`` it gives (``glyph_of``, ``chars_of``, ``font_file``, ``harfbuzz_face``,
  ``private_char``): a font's glyph for a character and characters for a glyph, its file, the HarfBuzz
  face ReportLab shaped with, and a private character for a glyph its character map lacks (a ligature,
  a mirrored bracket), which rtl.py writes its shaped glyphs by, or one that reads as another text
  than its glyph's character (a word's own hyphen at a line's end, fonts.reading_as).
- ``PDFTextObject._fontname`` (``text_font``): the font a text object writes in.
- ``rl_config.useA85`` (``binary_streams``): ReportLab's global setting for ASCII85 streams and
  images, read as pages are drawn, images placed and the file written; set only while a document of
  ours is made, and restored after.
"""
from __future__ import annotations

import copy
import io
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import flowables as rl_flowables
from reportlab.platypus import tables as rl_tables
from reportlab.platypus.flowables import Flowable, _Container
from reportlab.lib.utils import ImageReader, _digester
from reportlab.platypus.paragraph import Paragraph, _SplitFragH, _SplitFragHY, _processed_frags

CONTAINER = _Container  # a flowable that draws the flowables it holds


# -- canvases and text objects ----------------------------------------------------------------------

def append_code(target, operator: str) -> None:
    """``operator`` into the content stream of a canvas or text object, as it is."""
    target._code.append(operator)


def code_length(canvas) -> int:
    """How many operators a canvas's content stream holds so far."""
    return len(canvas._code)


def code_from(canvas, start: int) -> tuple:
    """The operators a canvas wrote since it held ``start`` (code_length)."""
    return tuple(canvas._code[start:])


def drawing_context(canvas) -> tuple:
    """What drawing on ``canvas`` reads from it, or leaves on it, besides the operators it writes: the
    document's PDF version (transparency raises it), the named colours used so far, the colour space it
    enforces, and its transparency and overprint state (ReportLab writes a graphics state only where a
    drawing's differs from the current one, under a name counted per canvas)."""
    states = canvas._extgstate
    return (canvas._doc._pdfVersion, tuple(canvas._colorsUsed), getattr(canvas, "_enforceColorSpace", None),
            tuple(sorted(states._d.items())), tuple(states._c))


def page_number(canvas) -> int:
    return canvas._pageNumber


def current_matrix(canvas) -> tuple:
    return canvas._currentMatrix


def page_has_content(canvas) -> bool:
    """Whether anything has been drawn on the canvas's page since it began."""
    return bool(len(canvas._code))


def drawing_form(canvas) -> bool:
    """Whether the canvas is drawing a form XObject rather than a page."""
    return bool(canvas._formData)


def pdf_document(canvas):
    """The PDFDocument the canvas writes."""
    return canvas._doc


def annotation_reference(canvas, name: str | None):
    """The reference of the annotation just added under ``name``, or under the name ReportLab gave it."""
    return canvas._doc.refAnnotation(name or "NUMBER" + repr(canvas._annotationCount))


def state_attributes(*names: str) -> list[str]:
    """What saveState and restoreState keep, with ``names`` too."""
    return [*Canvas.STATE_ATTRIBUTES, *names]


def fill_colour(target):
    """The fill colour just set on a canvas or text object."""
    return target._fillColorObj


def stroke_colour(target):
    return target._strokeColorObj


def text_canvas(text):
    """The canvas a text object writes for."""
    return text._canvas


def text_font(text) -> str:
    """The name of the font a text object writes in."""
    return text._fontname


class CanvasHooks:
    """Mixed into a Canvas class before Canvas: ReportLab's private steps as methods to override."""

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        self.add_annotation(annotation, name, addtopage)

    def add_annotation(self, annotation, name=None, addtopage=1):
        """The annotation into the document and, with ``addtopage``, onto the page (ReportLab's)."""
        Canvas._addAnnotation(self, annotation, name, addtopage)

    def drawImage(self, image, *args, **kwargs):
        if isinstance(image, KeptImage):
            image.register(self, kwargs.get("mask"))
        return super().drawImage(image, *args, **kwargs)

    def _setExtGState(self, obj):
        Canvas._setExtGState(self, obj)
        extra = self.extra_graphics_states()
        if extra:
            states = obj.ExtGState.dict if obj.ExtGState else {}
            obj.ExtGState = pdfdoc.PDFDictionary({**states, **extra})

    def extra_graphics_states(self) -> dict:
        """Named graphics states (ExtGState) every page and form has besides its own."""
        return {}


class LineText(PDFTextObject):
    """ReportLab's text object, each line of a paragraph's text passing through ``line_text`` first."""

    def _textOut(self, text, TStar=0):  # ReportLab's, called for every piece of a line, TStar at its end
        self.before_text(text)
        if TStar:
            self._code.append(f"{self._formatText(self.line_text(text))} T*")
            self.line_ended()
        else:
            self._code.append(self._formatText(text))

    def line_text(self, text: str) -> str:
        return text

    def getCode(self):  # ReportLab's, called once by Canvas.drawText
        self.text_ends()
        return PDFTextObject.getCode(self)

    def before_text(self, text: str) -> None:
        """Called before each piece of a line's text is written."""

    def text_ends(self) -> None:
        """Called before the text object is closed (ET)."""

    def line_ended(self) -> None:
        """Called after a line's last text is written."""


def callback_position(canvas) -> tuple[float, float]:
    """Where the text stands when an <onDraw> callback is called."""
    info = canvas._curr_tx_info
    return info["cur_x"], info["cur_y"]


def callback_names(paragraph) -> set[str]:
    """The names of the <onDraw> callbacks a paragraph (or a piece of one) broken into lines will call."""
    lines = getattr(getattr(paragraph, "blPara", None), "lines", ())
    return {word.cbDefn.name for line in lines for word in getattr(line, "words", ())
            if getattr(word, "cbDefn", None) is not None}


def callback_text(canvas):
    """The text object an <onDraw> callback is called from, or None where a paragraph draws its lines
    without one (rtl.py's right-to-left lines)."""
    return canvas._curr_tx_info.get("tx")


@contextmanager
def at_callback_position(canvas, x: float, y: float, leading: float):
    """The text standing at (x, y) for the <onDraw> callbacks called inside, as a Paragraph tells them."""
    canvas._curr_tx_info = dict(cur_x=x, cur_y=y, leading=leading)
    try:
        yield
    finally:
        del canvas._curr_tx_info


def flowables_on_page(document) -> int:
    """How many flowables a BaseDocTemplate has laid out on its current page."""
    return document._curPageFlowableCount


@contextmanager
def binary_streams():
    """Page and form streams and images made inside are binary (Flate only), not ASCII85 too;
    ReportLab's setting, which is global, is as it was after."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


# -- the PDF document --------------------------------------------------------------------------------

def creation_date(document, default: str) -> str:
    """The date the document's Info dictionary records, or ``default`` when none is set."""
    formatter = document.info._dateFormatter
    return formatter() if formatter else default


def add_catalog_entry(document, key: str, value) -> None:
    """``value`` under ``key`` in the document's catalog, which writes only the keys it is told of."""
    catalog = document.Catalog
    setattr(catalog, key, value)
    catalog.__NoDefault__ = [*catalog.__NoDefault__, key]


def allow_page_keys(page, *keys: str) -> None:
    """The page (a PDFPage) writes ``keys`` too when it has them."""
    page.__NoDefault__ = [*page.__NoDefault__, *keys]


def allow_annotation_keys(annotation, *keys: str) -> None:
    """The annotation may have ``keys`` too, if it is one of ReportLab's Annotation objects (a link to a
    destination); a link to an address is a plain dictionary, which takes any key."""
    if isinstance(annotation, pdfdoc.Annotation):
        annotation.permitted = (*annotation.permitted, *keys)


def registered_name(obj) -> str:
    """The name ReportLab's document registered ``obj`` under."""
    return getattr(obj, pdfdoc.__InternalName__)


def register_objects(document, objects: list) -> int:
    """``objects`` registered with the document as its next objects, as its Reference would one by one;
    gives back the first one's number."""
    first = document.objectcounter + 1
    for number, obj in enumerate(objects, first):
        name = f"R{number}"
        setattr(obj, pdfdoc.__InternalName__, name)
        document.idToObjectNumberAndVersion[name] = (number, 0)
        document.numberToId[number] = name
        document.idToObject[name] = obj
    document.objectcounter = first + len(objects) - 1
    return first


def object_number(document, name: str) -> int:
    """The object number of what the document registered under ``name``."""
    return document.idToObjectNumberAndVersion[name][0]


# -- tables and flowables ----------------------------------------------------------------------------

def set_table_callback(table, callback) -> None:
    """``callback(table, event, *args)`` called as the table draws: its backgrounds, lines, rows, cells."""
    table._renderCB = callback


def table_cells(table) -> list:
    """The rows of a table, or of a part of it split off for a page, as lists of what each cell holds."""
    return table._cellvalues


def column_count(table) -> int:
    return table._ncols


def cell_span(table, column: int, row: int) -> tuple | None:
    """(first column, first row, last column, last row) of the cell, a span's for the cell that starts it;
    None for a cell that a span covers (or before the table is wrapped)."""
    return getattr(table, "_spanRanges", {}).get((column, row))


def is_zero_size(cls) -> bool:
    """Whether flowables of the class take no room in a frame."""
    return bool(getattr(cls, "_ZEROSIZE", False))


class ZeroSizeFlowable(Flowable):
    """A flowable that takes no room in a frame, e.g. an anchor."""

    _ZEROSIZE = 1


def _classes(root):
    yield root
    for sub in root.__subclasses__():
        yield from _classes(sub)


def hook_flowables(draw_on, split, bullet_draw_on, rounding) -> None:
    """Each ReportLab flowable class's own ``drawOn`` and ``split`` replaced by ``draw_on(original)`` and
    ``split(original)``, the list bullet's ``drawOn`` by ``bullet_draw_on(original)`` and the drawing of
    a rounded table's corners by ``rounding(original)``. The replacements carry the original as their
    ``tagging`` attribute; a method replaced once stays as it is, so that a second call hooks only the
    classes loaded since."""
    def hook(cls, name, make):
        if name in vars(cls) and not hasattr(vars(cls)[name], "tagging"):
            setattr(cls, name, make(vars(cls)[name]))

    for cls in {base for sub in _classes(Flowable) for base in sub.__mro__}:
        if cls.__module__.startswith("reportlab."):
            hook(cls, "drawOn", draw_on)
            hook(cls, "split", split)
    hook(rl_flowables.BulletDrawer, "drawOn", bullet_draw_on)
    hook(rl_tables.Table, "_restoreRoundingObscuredLines", rounding)


# -- images ----------------------------------------------------------------------------------------

class KeptImage(ImageReader):
    """An image read and compressed once however many documents draw it (CanvasHooks.drawImage)."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self._made: dict = {}  # mask -> (name, the image XObject ReportLab made)

    def register(self, canvas, mask) -> None:
        """Register in ``canvas``'s document, unless it holds it, a copy of the XObject ReportLab's
        drawImage would make, under the name it would give it (a digest of the pixels and the mask)."""
        if mask not in self._made:
            pixels = self.getRGBData()  # first: it finds the alpha channel, _dataA
            alpha = self._dataA
            masking = alpha.getRGBData() if mask == "auto" and alpha else str(mask)
            name = _digester(pixels + (masking.encode("utf8") if isinstance(masking, str) else masking))
            self._made[mask] = (name, pdfdoc.PDFImageXObject(name, self, mask=mask))
        name, made = self._made[mask]
        document = canvas._doc
        registered = document.getXObjectName(name)
        if document.idToObject.get(registered):
            return
        image = copy.copy(made)
        image.name = name
        canvas._setXObjects(image)
        document.Reference(image, registered)
        document.addForm(name, image)
        alpha = getattr(made, "_smask", None)
        if alpha:
            alpha_name = document.getXObjectName(alpha.name)
            if document.idToObject.get(alpha_name):
                image.smask = pdfdoc.PDFObjectReference(alpha_name)
            else:
                alpha = copy.copy(alpha)
                canvas._setXObjects(alpha)
                image.smask = document.Reference(alpha, alpha_name)
            del image._smask


def keep_image(image: rl_flowables.Image, kept: KeptImage) -> None:
    """Have the image flowable, made from the same bytes, draw ``kept``."""
    image._img = kept


# -- paragraphs ------------------------------------------------------------------------------------

def paragraph_lines(paragraph) -> list[tuple[int, float]]:
    """Each line of a wrapped paragraph: how many words it holds (a broken word's end is one) and the
    room left at its end. ReportLab keeps a line as a (room, words) tuple, or, where fragments differ
    in style, as an object with ``wordCount`` and ``extraSpace``."""
    return [(len(line[1]), line[0]) if isinstance(line, tuple) else (line.wordCount, line.extraSpace)
            for line in paragraph.blPara.lines]


def line_texts(paragraph) -> list[str]:
    """The text of each line of a wrapped paragraph, a broken word's head with its hyphen."""
    return [" ".join(line[1]) if isinstance(line, tuple) else "".join(getattr(frag, "text", "") for frag in line.words)
            for line in paragraph.blPara.lines]


def wrap_state(paragraph, before: dict) -> dict:
    """What wrapping set on ``paragraph`` since its attributes were ``before``: every attribute added or
    replaced (its lines, widths, height, hyphenation state), and its fragments, which ReportLab rewrites
    in place."""
    return {name: value for name, value in paragraph.__dict__.items()
            if name == "frags" or name not in before or before[name] is not value}


def restore_wrap(paragraph, state: dict) -> None:
    """Put ``paragraph`` in the state ``wrap_state`` took from an identical paragraph wrapped alike."""
    paragraph.__dict__.update(state)


PARSED = ("text", "frags", "style", "bulletText", "debug")  # what Paragraph._setup sets


class NarrowableParagraph(Paragraph):
    """ReportLab's paragraph, one of whose lines may be laid out narrower: ``narrowed`` is (the line's
    index, by how much), or None. ``breakLines`` takes a width per line, the last repeated. Its markup
    is parsed through ``parsed_markup``, which a subclass may answer from an earlier parse."""

    narrowed = None

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: N803 (ReportLab's)
        if frags is not None:
            return super()._setup(text, style, bulletText, frags, cleaner)

        def parse() -> dict:
            super(NarrowableParagraph, self)._setup(text, style, bulletText, None, cleaner)
            return {name: self.__dict__[name] for name in PARSED}
        self.__dict__.update(self.parsed_markup(text, style, bulletText, parse))

    def parsed_markup(self, text: str, style, bullet, parse) -> dict:
        """What parsing ``text`` sets on the paragraph (PARSED): ``parse()``, which parses it, or the
        same taken from a paragraph made alike."""
        return parse()

    def breakLines(self, width):
        if self.narrowed:
            index, cut = self.narrowed
            widths = list(width) if isinstance(width, (list, tuple)) else [width]
            widths += [widths[-1]] * (index + 2 - len(widths))
            widths[index] -= cut
            width = widths
        lines = super().breakLines(width)
        _keep_own_hyphens(self.frags)
        return lines


def _keep_own_hyphens(frags) -> None:
    """Once a paragraph of several fragments (bold, a link, a phrase in another language) is broken into
    lines, ReportLab keeps its words as pieces (``Paragraph.frags``, "processed") and joins a broken
    word's pieces again before it breaks the paragraph anew (wrapped at another width, or a part split
    off for the next page); joining two pieces of one style, it strips every hyphen that ends the head,
    the word's own too: "leaflet-|builder" became "leafletbuilder" (ReportLab 5.1, _shyUnsplit). A head
    broken at the word's own hyphen (a ``_SplitFragH``: no hyphen added) gets a style object of its own,
    equal to its old one; ReportLab then joins the two pieces without stripping."""
    if not _processed_frags(frags):
        return
    for piece in frags:
        if isinstance(piece, _SplitFragH) and not isinstance(piece, _SplitFragHY) and piece[-1][1].endswith("-"):
            style, text = piece[-1]
            piece[-1] = (style.clone(), text)


# -- fonts -----------------------------------------------------------------------------------------

def glyph_of(font, char: str) -> int | None:
    """The glyph a TrueType font's character map gives ``char``, or None."""
    return font.face.charToGlyph.get(ord(char))


def chars_of(font, glyph: int) -> list[int]:
    """The characters a TrueType font knows a glyph by (its character map's, and private ones given)."""
    return font.face.glyphToChar.get(glyph) or []


def font_file(font) -> str:
    """The file a TrueType font was read from."""
    return font.face.filename


def harfbuzz_face(font):
    """The uharfbuzz Face of a TrueType font, which ReportLab keeps; the font can then name private
    characters (``private_char``)."""
    font.hbFont()  # gives the font its hbAddPrivate
    return font.hbFace


def private_char(font, name: str, glyph: int, advance: float) -> str:
    """A private character for ``glyph`` of a font that ``harfbuzz_face`` prepared, the same one for
    the same ``name``; ``advance`` is its width in thousandths of an em."""
    return chr(font.hbAddPrivate(name, glyph, advance))


def _kept_subsets(make_subset, most: int = 64):
    """``make_subset(codes)`` kept for the last ``most`` lists of codes: a subset's font program is a
    function of the font's file and its glyphs in order, and each PDF of a batch embeds the same few."""
    kept: dict[tuple, bytes] = {}

    def made(subset):
        key = tuple(subset)
        program = kept.pop(key, None)
        if program is None:
            program = make_subset(subset)
        kept[key] = program
        if len(kept) > most:
            del kept[next(iter(kept))]
        return program
    return made


class ReadableTTFont(TTFont):
    """ReportLab's TrueType font whose subsets' ToUnicode maps are ``unicode_map(name, codes, texts)``,
    ``texts`` being ``glyph_text(font)``: what each of its private characters reads as."""

    def __init__(self, name: str, path: str, unicode_map, glyph_text):
        super().__init__(name, path)
        self._unicode_map, self._glyph_text = unicode_map, glyph_text
        self.face.makeSubset = _kept_subsets(self.face.makeSubset)

    def addObjects(self, doc):
        subsets = [list(subset) for subset in self.state[doc].subsets] if doc in self.state else []
        super().addObjects(doc)
        face = self.face.name.decode("latin-1") if isinstance(self.face.name, bytes) else self.face.name
        texts = self._glyph_text(self)
        for key, stream in doc.idToObject.items():
            name = key[len("toUnicodeCMap:"):] if isinstance(key, str) and key.startswith("toUnicodeCMap:") else ""
            prefix, _, rest = name.partition("+")
            if rest == face and len(prefix) == 6:
                # the subset's number is its name's prefix, digits written as letters (ReportLab's SUBSETN)
                number = int(prefix.translate(str.maketrans("ABCDEFGIJK", "0123456789")))
                stream.content = self._unicode_map(name, subsets[number], texts)
