"""Scripts and directions: right-to-left pages mirrored, shaped like a reference shaper, extracting
in logical order, words never broken where a language has no hyphenation; /Lang per language.
Languages come from the project: every language whose i18n sets ``direction: rtl``."""
from __future__ import annotations

import difflib
import re
import subprocess

import pypdf
import pytest

from conftest import ROOT, TREATMENT_IDS, content_strings, edition_of
from pdfcheck import char_boxes, page_texts_of
from readers import PDFIUM_HYPHEN, normal
from leaflet_builder.inputs.languages import SOURCE_LANGUAGE, available_languages
from leaflet_builder.inputs.layouts import load_layout
from leaflet_builder.render.markup import plain

EDITIONS = {lang: edition_of(lang) for lang in available_languages(ROOT)}
RTL = [lang for lang, edition in EDITIONS.items() if edition.strings.direction == "rtl"]
LTR = [lang for lang in EDITIONS if lang not in RTL]
HYPHENATED = [lang for lang in LTR if EDITIONS[lang].strings.hyphenation]
UNHYPHENATED = [lang for lang in LTR if not EDITIONS[lang].strings.hyphenation]


def test_the_project_has_a_right_to_left_language():
    assert RTL, "no language sets direction: rtl; the tests below would check nothing"


def squeezed(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in "\u200e\u200f\u202a\u202b\u202c")


@pytest.mark.parametrize("lang", RTL)
def test_right_to_left_pages_are_mirrored(built, lang):
    """Body lines end at the frame's right edge and start anywhere; the band's icon is on the right."""
    path = built / lang / "massage.pdf"
    layout = load_layout(ROOT, "massage")
    paper = layout.paper
    band_bottom = paper.height - paper.band_height
    lines: dict[int, list] = {}
    for page, _, _, char, (left, bottom, right, top) in char_boxes(path):
        if page == 0 and paper.bottom < bottom < band_bottom - 20 and not char.isspace():
            lines.setdefault(round((bottom + top) / 18), []).append((left, right))
    right_edge = paper.width - paper.right
    ends = [max(r for _, r in boxes) for boxes in lines.values()]
    starts = [min(left for left, _ in boxes) for boxes in lines.values()]

    def aligned(edges, at):
        return sum(abs(edge - at) < 4 for edge in edges)

    # right-aligned text: the lines' ends meet at the frame's right edge, more of them than starts meet
    # anywhere (the glance box's cells and the paragraphs' last lines end elsewhere)
    most_starts = max(aligned(starts, start) for start in starts)
    assert aligned(ends, right_edge) > 1.5 * most_starts, (right_edge, sorted(ends), sorted(starts))
    # the icon: the band's vector drawing lies in its right half, the title's text left of it
    band = [(left, right) for page, _, _, _, (left, bottom, right, _) in char_boxes(path)
            if page == 0 and bottom > band_bottom]
    assert max(r for _, r in band) < paper.width - paper.right - 20, "the band's text leaves the icon room on the right"


@pytest.mark.parametrize("lang", RTL)
def test_right_to_left_text_extracts_in_logical_order(built, lang):
    text = subprocess.run(["pdftotext", str(built / lang / "massage.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    # NFKC on both sides (poppler hands out presentation forms), harakat left out (readers.normal)
    key_message = squeezed(normal(plain(EDITIONS[lang].treatment("massage").key_message)))
    extracted = squeezed(normal(text))
    # the key message's characters, in order, near the start of the text (a reversed line would not be)
    start = extracted[:600]
    found = sum(block.size for block in difflib.SequenceMatcher(None, start, key_message).get_matching_blocks())
    # measured 1.00; a reversed line scores near 0.2
    assert found >= 0.95 * len(key_message), (key_message, start)


@pytest.mark.parametrize("lang", RTL)
def test_right_to_left_lines_match_a_reference_shaper(lang):
    """Our line (HarfBuzz per bidi run, reordered by us) against Pillow's raqm, which shapes and
    orders the whole string itself: the same ink, column by column."""
    from PIL import Image, ImageDraw, ImageFont, features

    assert features.check("raqm"), "Pillow without raqm: no reference shaping"
    import io

    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    from leaflet_builder.render import fonts
    from leaflet_builder.render.rtl import RtlParagraph
    from leaflet_builder.render.fonts import static_file
    from leaflet_builder.inputs.typeface import FAMILIES
    from reportlab.lib.styles import ParagraphStyle

    family = EDITIONS[lang].strings.font
    sample = next(text for text in EDITIONS[lang].shared.who_pays)
    sample = " ".join(plain(sample).split()[:6]) + " (IGeL) 12"
    size, scale = 20, 2
    name = fonts.register(family)["regular"]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(800, 60))
    para = RtlParagraph(sample.replace("&", "&amp;").replace("<", "&lt;"),
                        ParagraphStyle("s", fontName=name, fontSize=size, leading=size * 1.5))
    para.wrap(780, 60)
    assert len(para._lines) == 1
    para.drawOn(canvas, 10, 20)
    canvas.save()
    ours = pypdfium2.PdfDocument(buffer.getvalue())[0].render(scale=scale).to_pil().convert("L")
    font = ImageFont.truetype(str(static_file(FAMILIES[family].regular)), size * scale,
                              layout_engine=ImageFont.Layout.RAQM)
    image = Image.new("L", (800 * scale, 60 * scale), 255)
    ImageDraw.Draw(image).text((10, 10), sample, font=font, fill=0, direction="rtl")

    def profile(picture):
        """Ink per pixel column, from the first inked column to the last."""
        ink = picture.point(lambda v: 255 if v < 128 else 0)
        left, _, right, _ = ink.getbbox()
        width, height = ink.size
        pixels = ink.load()
        return [sum(pixels[x, y] > 0 for y in range(height)) for x in range(left, right)]

    a, b = profile(ours), profile(image)
    assert abs(len(a) - len(b)) <= 2 * scale, (len(a), len(b))
    # the best of a few pixels' shift: the two renderers place glyphs a subpixel apart, which alone
    # moved the score from 0.87 to 0.77 when one word of the sample changed
    best = max(correlation(a[max(0, shift):][:n], b[max(0, -shift):][:n])
               for shift in range(-2 * scale, 2 * scale + 1)
               for n in [min(len(a) - max(0, shift), len(b) - max(0, -shift))])
    assert best > 0.8  # words in a wrong order score near 0


def correlation(a, b) -> float:
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    covariance = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b))
    spread = (sum((x - mean_a) ** 2 for x in a) * sum((y - mean_b) ** 2 for y in b)) ** 0.5
    return covariance / spread


@pytest.mark.parametrize("lang", RTL)
def test_right_to_left_lines_break_only_between_words(lang):
    """Laid out in a cell narrower than many words, every line holds whole words of the text, in order."""
    _check_rtl_lines_whole(EDITIONS[lang])


def _check_rtl_lines_whole(edition):
    from reportlab.lib.styles import ParagraphStyle

    from leaflet_builder.render import fonts
    from leaflet_builder.render.markup import to_paragraph
    from leaflet_builder.render.rtl import RtlParagraph

    name = fonts.register(edition.strings.font)["regular"]
    style = ParagraphStyle("s", fontName=name, fontSize=13, leading=18)
    for treatment in edition.treatments:
        for texts in treatment.sections.values():
            for text in texts:
                para = RtlParagraph(to_paragraph(text), style)
                para.wrap(90, 1000)  # a narrow cell: a word wider than it stays whole on its own line
                source_words = plain(text).replace("\u00ad", "").split()
                laid_out = [" ".join("".join(para._chars[w.start:w.end]) for w in line) for line in para._lines]
                assert " ".join(laid_out).split() == source_words


@pytest.mark.parametrize("lang", sorted(EDITIONS))
def test_pdf_lang_is_the_languages_tag(built, lang):
    reader = pypdf.PdfReader(built / lang / "massage.pdf")
    assert reader.trailer["/Root"]["/Lang"] == EDITIONS[lang].strings.locale


def line_end_breaks(path):
    """(head, tail) of every word broken at a line end: 'Versorgungs-' then 'Leitlinie'; the tail of a
    compound runs on to its end ('когнитив-' then 'но-поведенческая'), as the dictionary saw it whole.
    pdfium marks a hyphen that ends a line between letters (readers.PDFIUM_HYPHEN) and joins the lines
    there; one after a digit it leaves, with its line end."""
    text = "\n".join(page_texts_of(path))
    return re.findall(rf"(\w+)(?:{PDFIUM_HYPHEN}|-\r?\n)(\w+(?:-\w+)*)", text)


def authors_breaks(lang: str, breaks) -> list:
    """The breaks that are not after a hyphen the author wrote ('Kinesio-Taping', 'Wärme- und ...')."""
    authors = " ".join(" ".join(text.split()) for text in content_strings(lang))
    return [(head, tail) for head, tail in breaks
            if f"{head}-{tail}" not in authors and f"{head}- {tail}" not in authors]


@pytest.mark.parametrize("lang", HYPHENATED)
def test_words_break_only_where_the_dictionary_allows(built, lang):
    hyphenator = EDITIONS[lang].strings.hyphenation
    breaks = authors_breaks(lang, [pair for treatment_id in TREATMENT_IDS
                                   for pair in line_end_breaks(built / lang / f"{treatment_id}.pdf")])
    assert breaks, f"{lang}: no word is hyphenated at a line end"
    assert not [f"{head}-{tail}" for head, tail in breaks if len(head) not in hyphenator.breaks(head + tail)]


@pytest.mark.parametrize("lang", UNHYPHENATED)
def test_words_are_never_broken_without_a_dictionary(built, lang):
    breaks = [pair for treatment_id in TREATMENT_IDS for pair in line_end_breaks(built / lang / f"{treatment_id}.pdf")]
    assert not [f"{head}-{tail}" for head, tail in authors_breaks(lang, breaks)]


def test_a_languages_punctuation_gets_its_no_break_spaces():
    """French spacing, applied by the renderer from the language's settings (script.Writing)."""
    from leaflet_builder.render.script import Writing

    french = Writing(space_before=":;?!»", space_after="«")
    assert french.spaced("Ça aide ? Oui : « un peu » ; voir https://a.fr/b:c et 3:1 !") == (
        "Ça aide\u00a0? Oui\u00a0: «\u00a0un peu\u00a0»\u00a0; voir https://a.fr/b:c et 3:1\u00a0!")
    assert Writing().spaced("Does it help? Yes: a little.") == "Does it help? Yes: a little."


def test_no_break_spaces_keep_the_mark_with_its_word():
    """Laid out in a line just wide enough for a heading's words, its question mark stays with the
    last word when the language asks for a no-break space before it."""
    import dataclasses

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from leaflet_builder.render import fonts
    from leaflet_builder.render.markup import to_paragraph
    from leaflet_builder.render.rtl import paragraph
    from leaflet_builder.render.script import writing

    edition = EDITIONS[SOURCE_LANGUAGE]
    spaced = dataclasses.replace(edition, strings=dataclasses.replace(edition.strings, space_before="?"))
    font = fonts.register()["regular"]
    headings = [h for h in edition.strings.headings.values() if h.endswith("?")]
    assert headings
    with writing(spaced):
        for heading in headings:
            para = paragraph(to_paragraph(heading), ParagraphStyle("h", fontName=font, fontSize=13))
            para.wrap(stringWidth(heading[:-1].rstrip(), font, 13) + 1, 1000)
            assert [line[1] for line in para.blPara.lines][-1][-1].endswith("\u00a0?"), heading


def test_bidi_levels_pair_brackets_and_keep_invisible_marks():
    """Rule N0 (python-bidi lacks it): '(IGeL) 12' in Arabic keeps its brackets around IGeL; a zero-width
    non-joiner, which rule X9 takes out, keeps a level so the line's characters and levels stay paired."""
    from leaflet_builder.render.rtl import bidi_levels, visual_order

    text = "هو (IGeL) 12 نعم"
    levels = bidi_levels(text)
    shown = "".join(text[i] for i in visual_order(list(levels)))
    assert shown.index("(") > shown.index("L") and shown.index(")") < shown.index("I"), shown
    joined = "می\u200cخواهم"
    assert len(bidi_levels(joined)) == len(joined) and set(bidi_levels(joined)) == {1}
