"""The layout cache (render/layout_cache.py): a paragraph wrapped as one before is served its lines,
and a changed word, style, width, font or build environment misses; markup is parsed once; a document
laid out from the cache, split over pages, is the same PDF, byte for byte, as one laid out without it;
so is one whose logo was compressed for an earlier document."""
from __future__ import annotations

import io

import pypdf
from PIL import Image as PILImage
from reportlab.lib.pagesizes import A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, SimpleDocTemplate

from leaflet_builder.render.layout_cache import LayoutCache, share_image, using
from leaflet_builder.render.reportlab_internals import CanvasHooks, line_texts
from leaflet_builder.render.rtl import LtrParagraph

TEXT = ("Massage can relieve <b>acute</b> low back pain for a short time; whether it helps for longer "
        "has not been studied well enough to say.")
STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
WIDTH = 150


def wrapped(cache, text=TEXT, style=STYLE, width=WIDTH):
    """A new paragraph, made and wrapped with ``cache``: its lines and height, and whether it was a hit."""
    with using(cache):
        hits = cache.hits
        paragraph = LtrParagraph(text, style)
        height = paragraph.wrap(width, 1000)[1]
        return line_texts(paragraph), height, cache.hits > hits


def test_the_same_paragraph_at_the_same_width_is_served_its_lines():
    cache = LayoutCache("fonts and code")
    first, second = wrapped(cache), wrapped(cache)
    assert not first[2] and second[2]
    fresh = LayoutCache("another build")
    assert first[:2] == second[:2] == wrapped(fresh)[:2] and fresh.misses == 1
    assert len(first[0]) > 2


def test_a_changed_word_style_width_font_or_environment_misses():
    cache = LayoutCache("fonts and code")
    lines, height, _ = wrapped(cache)
    changed = {
        "word": wrapped(cache, text=TEXT.replace("studied", "researched")),
        "style": wrapped(cache, style=ParagraphStyle("body", parent=STYLE, fontSize=11, leading=14)),
        "width": wrapped(cache, width=WIDTH - 30),
        "font": wrapped(cache, style=ParagraphStyle("body", parent=STYLE, fontName="Times-Roman")),
    }
    for what, (other_lines, other_height, hit) in changed.items():
        assert not hit, what
        assert (other_lines, other_height) != (lines, height), what  # and it did lay out differently
    assert cache.misses == 1 + len(changed) and cache.hits == 0
    # the build's environment holds the font files and the libraries' versions (jobs.Fingerprints.common)
    other_build = LayoutCache("other fonts and code")
    other_build._states = cache._states
    assert not wrapped(other_build)[2]


def test_markup_is_parsed_once_and_its_fragments_never_change():
    """A paragraph made from the same markup in the same style shares the fragments parsed first; a
    changed word or style is parsed anew; wrapping or splitting a paragraph (ReportLab rewrites its
    fragments) changes a copy of its own, so the next made alike breaks as a fresh one."""
    cache = LayoutCache("fonts and code")
    with using(cache):
        first, second = LtrParagraph(TEXT, STYLE), LtrParagraph(TEXT, STYLE)
        assert first.frags is second.frags
        assert LtrParagraph(TEXT.replace("studied", "researched"), STYLE).frags is not first.frags
        assert LtrParagraph(TEXT, ParagraphStyle("body", parent=STYLE, fontSize=11)).frags is not first.frags
        parsed = [dict(fragment.__dict__) for fragment in first.frags]
        first.wrap(WIDTH - 40, 1000)  # a miss: wraps, and rewrites the fragments, on its own copy
        second.wrap(WIDTH, 1000)
        second.split(WIDTH, 30)
        third = LtrParagraph(TEXT, STYLE)
        assert [fragment.__dict__ for fragment in third.frags] == parsed
        third.wrap(WIDTH - 20, 1000)
    fresh = LtrParagraph(TEXT, STYLE)
    fresh.wrap(WIDTH - 20, 1000)
    assert line_texts(third) == line_texts(fresh)


def _pdf(cache) -> bytes:
    """A small document whose long paragraph is split over three pages: splitting is the one thing
    that changes a paragraph's state after it was wrapped."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A6, invariant=True)
    with using(cache):
        document.build([LtrParagraph(text, STYLE) for text in (TEXT, " ".join([TEXT] * 12), TEXT)])
    return buffer.getvalue()


def test_a_document_laid_out_from_the_cache_is_the_same_pdf():
    cache = LayoutCache("fonts and code")
    without = _pdf(None)
    assert len(pypdf.PdfReader(io.BytesIO(without)).pages) >= 3
    assert _pdf(cache) == without and cache.misses
    misses = cache.misses
    assert _pdf(cache) == without and cache.misses == misses, "the second is laid out from the cache alone"
    assert _pdf(cache) == without  # what the second document split was its own, not the cache's


class _Canvas(CanvasHooks, Canvas):
    """As every canvas of ours: ReportLab's, with the hooks (reportlab_internals.CanvasHooks)."""


def _logo_pdf(cache, png: bytes) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A6, invariant=True)
    story = []
    with using(cache):
        for width in (60, 90):  # twice in one document, at two sizes
            image = Image(io.BytesIO(png), width=width, height=width / 3, mask="auto")
            share_image(image, png)
            story.append(image)
        document.build(story, canvasmaker=_Canvas)
    return buffer.getvalue()


def test_a_logo_compressed_once_is_the_same_pdf():
    """A logo, with an alpha channel (drawn with a soft mask) or without, is decoded and compressed once
    for every document that draws it, and each is the PDF ReportLab alone would make."""
    for mode, colour in (("RGB", (200, 30, 30)), ("RGBA", (30, 30, 200, 128))):
        buffer = io.BytesIO()
        PILImage.new(mode, (300, 100), colour).save(buffer, "PNG")
        png = buffer.getvalue()
        cache, without = LayoutCache("fonts and code"), _logo_pdf(None, png)
        assert (b"/SMask" in without) == (mode == "RGBA")
        assert _logo_pdf(cache, png) == without == _logo_pdf(cache, png)
        assert len(cache._images) == 1 and next(iter(cache._images.values()))._made, "drawn through the cache"
