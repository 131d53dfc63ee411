"""The canvas that writes a tagged PDF: flowables drawn on it are marked and form the structure tree;
its links get Link elements, its pages /StructParents and /Tabs, its file the tree and its XMP packet.
"""
from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from ..fonts import reading_as
from ..markup import LANGUAGE_BEGINS, LANGUAGE_ENDS
from ..reportlab_internals import (CanvasHooks, LineText, ReadableTTFont, allow_annotation_keys, allow_page_keys,
                                   annotation_reference, callback_text, current_matrix,
                                   page_has_content, page_number, pdf_document, text_canvas, text_font)
from ..xmp import packet_of, write as write_xmp
from .elements import Tagger
from .hooks import install_hooks
from .writer import describe_pdfua, write_structure


HYPHEN = "\u2010"  # what a word's own hyphen at a line's end reads as


def _language_begins(canvas, kind, lang):
    """A phrase in another language begins (markup.to_paragraph): on each line it stands on, its text
    is a marked-content sequence of a Span with /Lang inside its paragraph (PDF 14.9.2), which screen
    readers voice it in. Not in an artifact; rtl.py's paragraphs mark their phrases themselves
    (elements.piece) and never call these two callbacks."""
    text, tagger = callback_text(canvas), canvas.tagger
    if text is not None and tagger is not None and tagger.open is not None and not tagger.artifacts:
        text.language = lang


def _language_ends(canvas, kind, lang):
    text = callback_text(canvas)
    if text is not None:
        text.end_span()
        text.language = text.span = None


class _SpacedText(LineText):
    """A text object that ends each line of a paragraph with a space (unless it ends in a hyphen), so
    that the words of two lines stay two words in extracted text; the space paints nothing. A line that
    ends in a hyphen of the word's own (Tagger.own_hyphens) ends in the same glyph read as U+2010
    HYPHEN: every reader takes a hyphen-minus (or a soft hyphen) that ends a line before a letter for
    one the line breaker added, and drops it ("longlasting"), but keeps U+2010. In a
    paragraph with a phrase in another language it writes the paragraph's marked content itself
    (Tagger.marked's ``in_text``), switching to the phrase's Span and back on each line the phrase
    stands on: a span never outlives its line, nor so its text object, one piece of a paragraph."""

    language: str | None = None  # of the phrase being written, set by _language_begins
    _lines = 0  # lines written
    span = None  # its Span element, once it has text
    _spanned = False  # whether the Span's sequence is open
    _marking = False  # whether this text object began the open sequence

    def line_text(self, text: str) -> str:
        if text.endswith("-") and self._lines in getattr(text_canvas(self).tagger, "own_hyphens", ()):
            font = pdfmetrics.getFont(text_font(self))
            if isinstance(font, ReadableTTFont):
                return text[:-1] + reading_as(font.fontName, "-", HYPHEN)
        return text + " " if text and text[-1] not in " -\u00ad" else text

    def before_text(self, text: str) -> None:
        if not text:
            return
        tagger = text_canvas(self).tagger
        if tagger is None or tagger.open is None or tagger.artifacts:
            return
        if tagger.sequence is None:  # a paragraph with a phrase in another language: its first text
            tagger.begin(self, tagger.open)
            self._marking = True
        if self.language and not self._spanned and self._marking:
            # pending: in the paragraph after the words before it, once it has its own
            self.span = self.span or tagger.open.child("Span", pending=True, lang=self.language)
            tagger.switch(self, self.span)
            self._spanned = True

    def line_ended(self) -> None:
        self._lines += 1
        self.end_span()

    def text_ends(self) -> None:
        if self._marking:
            self.end_span()
            text_canvas(self).tagger.end(self)
            self._marking = False

    def end_span(self) -> None:
        if self._spanned:
            tagger = text_canvas(self).tagger
            tagger.switch(self, tagger.open)
            self._spanned = False


class TaggedCanvas(CanvasHooks, Canvas):
    """A canvas that writes a tagged PDF: flowables drawn on it are marked and form the structure tree."""

    replays_drawings = True  # a vector drawing is drawn alike wherever it is placed (icons._IconDrawing)

    def __init__(self, *args, lang=None, **kwargs):
        install_hooks()
        super().__init__(*args, lang=lang, **kwargs)
        self.tagger = Tagger(self)
        self._lang = lang
        self._link_target = None
        self.setNamedCB(LANGUAGE_BEGINS, _language_begins)
        self.setNamedCB(LANGUAGE_ENDS, _language_ends)

    def doForm(self, name):
        if self.tagger.open is not None:
            self.tagger.forms.append((current_matrix(self), name))  # placed after the text, see Tagger.place_forms
        else:
            super().doForm(name)

    text_class = _SpacedText  # what beginText makes; press.py's print-ready canvas extends it

    def beginText(self, x=0, y=0, direction=None):
        return self.text_class(self, x, y, direction)

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
        key, text = self.tagger.link(url)
        self._link_target = url, key
        # /F 4: printed as shown (PDF/UA checkers ask every annotation to say so)
        super().linkURL(url, rect, relative, thickness, color, dashArray, kind,
                        StructParent=key, Contents=PDFString(text), F=4, **kw)

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None, relative=1,
                 thickness=0, color=None, dashArray=None, **kw):
        target = "#" + destinationname
        key, text = self.tagger.link(target)
        self._link_target = target, key
        super().linkRect(contents or text, destinationname, Rect, addtopage, name, relative, thickness, color,
                         dashArray, StructParent=key, F=4, **kw)

    def add_annotation(self, annotation, name=None, addtopage=1):
        if self._link_target is not None:
            allow_annotation_keys(annotation, "StructParent", "F")  # ReportLab writes only the keys it knows
        super().add_annotation(annotation, name, addtopage)
        if self._link_target is not None:
            self.tagger.annotation_added(annotation_reference(self, name), *self._link_target)
            self._link_target = None

    def showPage(self):
        document = pdf_document(self)
        name = document.thisPageName()
        number = page_number(self)
        key = self.tagger.page_done(name)
        super().showPage()
        page = document.Pages.pages[-1]
        allow_page_keys(page, "StructParents", "Tabs")  # ReportLab writes only the keys it knows
        page.StructParents = key
        if number in self.tagger.pages_with_links:
            page.Tabs = PDFName("S")

    def save(self):
        if page_has_content(self):
            self.showPage()  # as Canvas.save would, but through the tagging above
        document = pdf_document(self)
        info = document.info
        write_structure(self.tagger, document)
        xmp = packet_of(self)
        describe_pdfua(xmp, info.title, self._lang, info)
        write_xmp(document, xmp)
        self.tagger = None  # the tree is written: its elements go now, not with the document's cycles
        super().save()
