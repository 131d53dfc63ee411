"""Text is text: content is escaped before it reaches ReportLab's paragraph markup, only **bold** and
https/mailto links become markup, and arbitrary text either prints literally or fails in one line."""
from __future__ import annotations

import io
import itertools
import re
import shutil

import pypdf
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate

from conftest import LANGUAGES, ROOT, edition_of
from leaflet_builder.render import fonts
from leaflet_builder.inputs.content import load_edition
from leaflet_builder.errors import LeafletError
from leaflet_builder.inputs.layouts import load_layout
from leaflet_builder.render.leaflet import render_leaflet
from leaflet_builder.render.markup import plain, to_paragraph
from leaflet_builder.render.rtl import paragraph
from leaflet_builder.render.script import writing
from leaflet_builder.render.styles import stylesheet

OUR_TAGS = re.compile(r'<b>|</b>|<u>|</u>|</a>|<br/>|<a href="(?:https://|mailto:)[^"<>\s]+">')
NASTY = [
    "<b>not bold</b>", "<img src=\"/etc/passwd\"/>", "<font name=\"Helvetica\" color=red>x</font>",
    "<a href=\"javascript:alert(1)\">click</a>", "<onDraw name=\"evil\"/>", "&amp; &lt; &#65; &nbsp;",
    "[x](javascript:alert(1))", "[x](http://plain.example)", "[x](file:///etc/passwd)",
    "[x](https://a.example/?q=1&r=<2>)", "[x](https://ok.example/path?q=1&r=2)", "[mail](mailto:a@b.example)",
    "**", "****", "** x **", "**bold**", "\\", "{}", "{0}", "{page}", "%s", "'", '"', "](", "*", "_",
]
# Arbitrary characters, with the markup-like pieces above much more often than chance would give, and
# now and then repeated into a text too long for its field or its page budget.
SNIPPET = st.lists(st.one_of(st.sampled_from(NASTY), st.characters(exclude_categories=("Cs",))), min_size=1,
                   max_size=40).map("".join)
TEXT = st.one_of(SNIPPET, st.builds(lambda text, times: " ".join([text] * times), SNIPPET, st.integers(2, 200)))


def test_markup_characters_are_escaped():
    assert to_paragraph('<b>x</b> & <img src="x"/>') == '&lt;b&gt;x&lt;/b&gt; &amp; &lt;img src="x"/&gt;'


def test_bold_and_links_are_the_only_markup():
    assert to_paragraph("a **b** c") == "a <b>b</b> c"
    assert to_paragraph("see [the **article**](https://example.org/a?b=1&c=2) or [us](mailto:x@example.org)") == (
        'see <a href="https://example.org/a?b=1&amp;c=2"><u>the <b>article</b></u></a> or '
        '<a href="mailto:x@example.org"><u>us</u></a>')


@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))", "[x](http://example.org)", "[x](file:///etc/passwd)", "[x](data:text/html,hi)",
    "[x](https://example.org/a b)", '[x](https://example.org/"onmouseover=")', "[x](//example.org)",
])
def test_other_link_targets_are_printed_as_written(text):
    assert "<a" not in to_paragraph(text)
    assert plain(text) == text


def test_plain_reads_the_conventions_as_markup_does():
    assert plain("**a [x](https://y.example) b**") == "**a x b**"
    assert to_paragraph("**a [x](https://y.example) b**") == '**a <a href="https://y.example"><u>x</u></a> b**'


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_no_tag_comes_from_content(text):
    markup = to_paragraph(text)
    assert OUR_TAGS.sub("", markup).count("<") == 0
    paragraph = Paragraph(markup, ParagraphStyle("probe", fontName=fonts.register()["regular"]))
    # a word too long for a line breaks with a hyphen, which only the line's end adds
    assert unhyphenated("".join(frag.text for frag in paragraph.frags)) == unhyphenated(plain(text))
    links = [link for frag in paragraph.frags for link in getattr(frag, "link", None) or ()]
    assert all(link[1].startswith(("https://", "mailto:")) for link in links)


def unhyphenated(text: str) -> list[str]:
    return text.replace("-", "").split()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_long_word_breaks_with_a_hyphen_and_an_address_after_its_marks(lang):
    """A practice's name or address set into a sentence, longer than a line (issue 20): each line of the
    word but its last ends in a hyphen, where the language's dictionary allows if it can; the address
    breaks only after / ? & = - . @; a reader's copy has the letters whole."""
    edition = edition_of(lang)
    word, address = "Rückenschmerzgemeinschaftspraxisverbund", "https://www.rücken-praxis.example/termin?tag=1"
    buffer = io.BytesIO()
    with writing(edition):
        style = stylesheet(load_layout(ROOT, "massage"), edition.strings.hyphenation).body
        SimpleDocTemplate(buffer, pagesize=A4).build([paragraph(to_paragraph(f"{word} {address}"), style)])
    lines = [line.strip() for line in pypdf.PdfReader(buffer).pages[0].extract_text().splitlines() if line.strip()]
    pieces = [piece for line in lines for piece in line.split()]
    cut = next(index for index, piece in enumerate(pieces) if not piece.endswith("-")) + 1
    assert len(pieces[:cut]) > 1 and "".join(piece.removesuffix("-") for piece in pieces[:cut]) == word
    breaks = edition.strings.hyphenation.breaks(word) if edition.strings.hyphenation else ()
    if breaks:  # where the dictionary allows
        ends = itertools.accumulate(len(piece) - 1 for piece in pieces[:cut - 1])
        assert set(ends) <= set(breaks)
    assert "".join(pieces[cut:]) == address and all(piece[-1] in "/?&=-.@" for piece in pieces[cut:-1])


@pytest.fixture(scope="module")
def content_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    for folder in ("leaflets", "layouts", "i18n"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def render_with(root, field: str, text: str) -> bytes:
    """The massage leaflet with ``text`` as its key message or first paragraph, through the YAML file."""
    path = root / "leaflets" / "en" / "massage.yaml"
    data = yaml.safe_load((ROOT / "leaflets" / "en" / "massage.yaml").read_text(encoding="utf-8"))
    if field == "key_message":
        data[field] = text
    else:
        data[field] = [text, *data[field][1:]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return render_leaflet(load_edition(root, "en"), "massage", load_layout(root, "massage"))


def page_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def link_targets(pdf: bytes) -> list[str]:
    return [str(annotation.get_object()["/A"]["/URI"])
            for page in pypdf.PdfReader(io.BytesIO(pdf)).pages for annotation in page.get("/Annots") or ()
            if "/URI" in annotation.get_object().get("/A", {})]


def test_markup_in_content_prints_as_written(content_copy):
    text = " ".join(NASTY)
    pdf = render_with(content_copy, "what_is_it", text)
    assert "".join(plain(text).split()) in "".join(page_text(pdf).split())
    source = load_edition(content_copy, "en").shared.source.url  # the address printed under the QR code
    assert [t for t in link_targets(pdf) if t != source] == ["https://ok.example/path?q=1&r=2", "mailto:a@b.example"]


def _printable(text: str) -> str:
    """What extraction can be compared on: characters the fonts have, without white space, hyphens and
    soft hyphens, which line breaking adds or removes (a soft hyphen prints only at a line's end)."""
    faces = [pdfmetrics.getFont(name).face.charToGlyph for name in fonts.register().values()]
    return "".join(ch for ch in text
                   if all(ord(ch) in face for face in faces) and not ch.isspace() and ch not in "-\xad")


@settings(max_examples=30, deadline=None)
@given(field=st.sampled_from(["key_message", "what_is_it"]), text=TEXT)
def test_arbitrary_content_prints_literally_or_fails_in_one_line(content_copy, field, text):
    try:
        pdf = render_with(content_copy, field, text)
    except LeafletError as err:
        assert str(err) and "\n" not in str(err)
        return
    assert _printable(plain(text)) in _printable(page_text(pdf))


def test_fitted_breaks_only_what_is_too_wide_and_prints_the_rest_as_typed():
    from leaflet_builder.inputs.hyphenation import Hyphenator
    from leaflet_builder.render.markup import fitted

    def lines(text, breaks=None):
        return fitted(text, lambda line: len(line) <= 12, breaks).split("<br/>")

    assert fitted("**Praxis** <b>Dr.</b> & [x](https://a.de)", lambda line: True) == \
        "**Praxis** &lt;b&gt;Dr.&lt;/b&gt; &amp; [x](https://a.de)"
    # an address after / . = ?; a compound after its own hyphens; a word where the language allows
    assert lines("see https://www.praxis.de/anmeldung?termin=1") == [
        "see https://www.", "praxis.de/", "anmeldung?", "termin=1"]
    assert lines("Friedrich-Wilhelm-Straße") == ["Friedrich-", "Wilhelm-", "Straße"]
    assert lines("Krankengymnastikpraxis", Hyphenator("de_DE").breaks) == ["Krankengym-", "nastikpraxis"]
    # where nothing else fits, between two letters, with a hyphen: no word cut without one
    assert lines("A" * 30) == ["A" * 11 + "-", "A" * 11 + "-", "A" * 8]
