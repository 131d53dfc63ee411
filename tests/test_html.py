"""The HTML twin of every leaflet and brochure: the same statements as the PDF, semantic and private,
and, in Chromium (tests/js/pages.mjs), each kind of page free of axe-core's WCAG A and AA findings, of
requests leaving the output folder and of sideways scrolling at 320 px."""
from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import LANGUAGES, ROOT, TREATMENT_IDS, content_strings, edition_of
from leaflet_builder.cli import main
from leaflet_builder.inputs.hyphenation import FOREIGN_PHRASE
from leaflet_builder.inputs.layouts import load_layouts
from leaflet_builder.inputs.practice import Practice
from leaflet_builder.inputs.statements import statements
from leaflet_builder.render.html import leaflet_page
from leaflet_builder.render.markup import plain

NODE = ROOT / "tests" / "js"


class Page(HTMLParser):
    """A page's text, its tags with their attributes, and its headings' levels in order."""

    def __init__(self, source: str):
        super().__init__()
        self.text, self.tags, self.headings = [], [], []
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_data(self, data):
        self.text.append(data)


def squeezed(text: str) -> str:
    """Without any white space: a language's no-break spaces before its punctuation make no difference."""
    return re.sub(r"\s+", "", text)


def leaflet_keys(key: str, treatment_id: str, edition, layout) -> bool:
    """Whether the statement ``key`` is one the treatment's leaflet prints, as the PDF does: its own
    file's texts but the brochure's short side effects, its glance categories, and the shared texts of
    the layout's sections."""
    facts = edition.treatment(treatment_id).facts
    if key.startswith(f"{treatment_id}."):
        return not key.endswith(".side_effects_brief")
    own_glance = {f"shared.glance.{kind}.{getattr(facts, kind)}" for kind in ("evidence", "effect", "guideline")}
    sections = {"who_pays": ("shared.who_pays.",), "helps_instead": ("shared.helps_instead_",),
                "what_you_can_do": ("shared.what_you_can_do.", "shared.questions.")}
    return (key in own_glance | {"shared.series_title", "shared.disclaimer", "shared.glance.note"}
            or any(key.startswith(prefix) for name in layout.sections for prefix in sections.get(name, ())))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_statement_reaches_its_leaflets_web_page(built, lang):
    """Every statement the leaflet prints, by its key path, is in the text of the HTML page beside it;
    a phrase in another language carries its lang."""
    edition = edition_of(lang)
    layouts = load_layouts(ROOT, TREATMENT_IDS, "a4", False, False)
    found = statements(ROOT, lang)[0]
    for treatment_id in TREATMENT_IDS:
        source = (built / lang / f"{treatment_id}.html").read_text(encoding="utf-8")
        page = Page(source)
        text = squeezed("".join(page.text))
        keys = [s for s in found if leaflet_keys(s.key, treatment_id, edition, layouts.treatments[treatment_id])]
        assert len(keys) > 10
        missing = [s.key for s in keys if squeezed(plain(s.text)) not in text]
        assert not missing, (lang, treatment_id, missing)
        for s in keys:
            for phrase, tag in FOREIGN_PHRASE.findall(s.text):
                assert f'<span lang="{tag}" dir="auto">' in source, (s.key, phrase)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_brochure_page_has_every_chapter_and_links_it(built, lang):
    """Every chapter, linked from the contents, with its texts, each phrase in another language in its
    language; every region and control named (what Chromium's checks read on the brochure pages it
    opens: pages_to_open)."""
    edition = edition_of(lang)
    source = (built / lang / "brochure.html").read_text(encoding="utf-8")
    page = Page(source)
    text = squeezed("".join(page.text))
    phrases = Counter()  # phrases in another language, by their language
    for treatment in edition.treatments:
        assert ("a", {"href": f"#chapter-{treatment.id}"}) in page.tags
        assert f'id="chapter-{treatment.id}"' in source
        for key, texts in treatment.sections.items():
            assert all(squeezed(plain(paragraph)) in text for paragraph in texts), (treatment.id, key)
            phrases.update(tag for paragraph in texts for _, tag in FOREIGN_PHRASE.findall(paragraph))
    assert all(source.count(f'<span lang="{tag}" dir="auto">') >= count for tag, count in phrases.items()), phrases
    assert squeezed(plain(edition.shared.brochure["how_to_read"])) in text
    named = [attributes["aria-label"] for _, attributes in page.tags if "aria-label" in attributes]
    assert named and all(label.strip() for label in named)


@pytest.mark.parametrize("name", [*TREATMENT_IDS, "brochure"])
def test_one_h1_and_headings_in_order(built, name):
    for lang in LANGUAGES:
        page = Page((built / lang / f"{name}.html").read_text(encoding="utf-8"))
        assert page.headings.count(1) == 1 and page.headings[0] == 1
        assert all(b <= a + 1 for a, b in zip(page.headings, page.headings[1:])), (lang, page.headings)
        html = next(attrs for tag, attrs in page.tags if tag == "html")
        edition = edition_of(lang)
        assert (html["lang"], html["dir"]) == (edition.strings.locale, edition.strings.direction)


def test_the_comparison_is_a_table_with_header_cells(built_en, edition_en):
    page = Page((built_en / "brochure.html").read_text(encoding="utf-8"))
    scopes = [attrs.get("scope") for tag, attrs in page.tags if tag == "th"]
    assert scopes.count("col") == 5 and scopes.count("row") >= len(edition_en.treatments)


def test_a_practice_field_with_markup_is_text(edition_en):
    """Every string reaches the page through one escaping: a practice's fields never become markup."""
    layouts = load_layouts(ROOT, TREATMENT_IDS, "a4", False, False)
    markup = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    practice = Practice(name=f"Praxis {markup}", address=(markup,), phone=markup, email="a@example.org",
                        website=f"https://example.org/?q={markup}", note=markup)
    source = leaflet_page(edition_en, TREATMENT_IDS[0], layouts.treatments[TREATMENT_IDS[0]], practice)
    page = Page(source)
    assert not [tag for tag, _ in page.tags if tag in ("script", "img")]
    assert not [attrs for _, attrs in page.tags if "onerror" in attrs]
    assert "".join(page.text).count(markup) >= 4
    assert ("h2", {}) in page.tags and f"Praxis {markup}" in "".join(page.text)


def chromium(paths: list[Path], roots: list[Path], *options: str) -> list[dict]:
    """tests/js/pages.mjs's findings, a page per line, all pages in one browser."""
    given = [part for root in roots for part in ("--root", str(root))]
    result = subprocess.run(["node", str(NODE / "pages.mjs"), *given, *options, *map(str, paths)],
                            capture_output=True, text=True, cwd=NODE)
    assert result.returncode == 0, result.stderr[-2000:]
    return [json.loads(line) for line in result.stdout.splitlines()]


# a page with what the checks must find: an image from another site, a font from outside its folder, an
# image without a text alternative, a line wider than 320 px
BAD_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Bad</title><style>@font-face { font-family: X;
src: url("/usr/share/fonts/x.woff"); } body { font-family: X; }</style></head><body><main><h1>Bad</h1>
<img src="https://example.org/a.png"><p style="width: 500px">wide</p></main></body></html>"""


def longest_word_length(lang: str) -> int:
    """The letters of the longest of the language's own words in its content: web addresses, domains and
    phrases in other languages left out."""
    own = (FOREIGN_PHRASE.sub("", re.sub(r"\S+\.\S+", "", text)) for text in content_strings(lang))
    return max(len(word) for text in own for word in re.findall(r"[^\W\d_]+", text))


def pages_to_open(built: Path, built_practice: Path) -> list[Path]:
    """The pages Chromium checks: every treatment's leaflet page, each in one language, the languages in
    turn, so that every language has a leaflet page and every treatment's layout (its sections, icon and
    colours) is checked; the English set with a practice's profile, a leaflet and the brochure; the
    brochure page, which holds every treatment's text (its phrases in other languages, its comparison
    table), of each right-to-left language and of the language with the longest words; and the gallery.
    A sample, not every page: what axe-core, the requests and the reflow check look at comes from the one
    template a kind of page shares (render/html.py), whose text breaks anywhere (overflow-wrap) but in the
    comparison table, which scrolls in its own region, and the content's own words reach every page by the
    tests above (each brochure page's chapters, links, phrases' languages and named regions:
    test_the_brochure_page_has_every_chapter_and_links_it). The other seven brochure pages took 4.3 s of
    Chromium's CPU, of 10.6 s for all 24 pages."""
    turns = max(len(TREATMENT_IDS), len(LANGUAGES))
    leaflets = [built / LANGUAGES[turn % len(LANGUAGES)] / f"{TREATMENT_IDS[turn % len(TREATMENT_IDS)]}.html"
                for turn in range(turns)]
    sampled = {lang for lang in LANGUAGES if edition_of(lang).strings.direction == "rtl"}
    sampled.add(max(LANGUAGES, key=longest_word_length))
    brochures = [built / lang / "brochure.html" for lang in LANGUAGES if lang in sampled]
    practice = [built_practice / f"{TREATMENT_IDS[0]}.html", built_practice / "brochure.html"]
    return [*leaflets, *brochures, *practice, built / "index.html"]


def test_every_kind_of_page_passes_axe_in_chromium_without_a_request_or_sideways_scrolling(built, built_practice,
                                                                                          tmp_path):
    """Each kind of HTML page, every language's leaflet page, every treatment's, a practice's set and the
    gallery (pages_to_open): no finding of axe-core's WCAG 2.0/2.1/2.2 A and AA rules, no request for
    anything outside its output folder (fonts, icons and the logo are beside the page or in it), nothing
    scrolls sideways at 320 px with WCAG 1.4.12's text spacing. A bad page checked in the same browser
    shows that each check finds what it looks for."""
    every = sorted(built.glob("*/*.html")) + sorted(built_practice.glob("*.html"))
    assert len(every) == (len(TREATMENT_IDS) + 1) * (len(LANGUAGES) + 1)
    pages = pages_to_open(built, built_practice)
    assert set(pages) <= set(every) | {built / "index.html"}
    bad_page = tmp_path / "bad" / "bad.html"
    bad_page.parent.mkdir()
    bad_page.write_text(BAD_PAGE, encoding="utf-8")
    findings = {Path(line["path"]): line for line in chromium([bad_page, *pages], [built, built_practice.parent,
                                                                                    bad_page.parent])}
    assert sorted(findings) == sorted([bad_page, *pages])
    bad = findings.pop(bad_page)
    assert "image-alt" in [violation["id"] for violation in bad["violations"]]
    assert sorted(bad["requests"]) == ["file:///usr/share/fonts/x.woff", "https://example.org/a.png"]
    assert bad["overflow"] > 0
    failing = [(path, line["violations"], line["requests"], line["overflow"]) for path, line in findings.items()
               if line["violations"] or line["requests"] or line["overflow"] > 0]
    assert not failing


def test_the_page_is_built_with_its_pdf_and_incrementally(tmp_path):
    """The leaflet's job writes its page and fonts; a build with nothing changed writes nothing; a page
    that went missing is made again, with its PDF."""
    out = tmp_path / "out"
    build = ["--lang", "en", "--only", TREATMENT_IDS[0], "--out", str(out), "--jobs", "1", "-q"]
    assert main(build) == 0
    page, font = out / "en" / f"{TREATMENT_IDS[0]}.html", next((out / "fonts").glob("*.woff"))
    before = {path: path.stat().st_mtime_ns for path in (page, font, out / "en" / f"{TREATMENT_IDS[0]}.pdf")}
    assert main(build) == 0
    assert {path: path.stat().st_mtime_ns for path in before} == before
    page.unlink()
    assert main(build) == 0
    assert page.is_file() and '<html lang="en-GB" dir="ltr">' in page.read_text(encoding="utf-8")
