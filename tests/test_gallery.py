"""The gallery: index.html links every PDF and its page-1 thumbnail, states language, pages and paper,
and needs nothing but the files beside it."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import PIL.Image
import PIL.ImageChops
import PIL.ImageStat
import pypdf
import pypdfium2
import pytest
import yaml

from conftest import LANGUAGES, TREATMENT_IDS, replace, edition_of
from leaflet_builder.cli import main
from leaflet_builder.build.gallery import THUMBNAIL_WIDTH
from leaflet_builder.build.pipeline import review_line


class Cards(HTMLParser):
    """The cards (link, image and text of each <li>) and every tag the page uses."""

    def __init__(self):
        super().__init__()
        self.cards, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "li" and "lang" in attrs:  # a card; the list of sets above them has none
            self.cards.append({"text": ""})
        elif self.cards and tag in ("a", "img"):
            self.cards[-1].setdefault(tag, attrs)  # the PDF's link; its HTML twin's is "twin"
            if attrs.get("class") == "twin":
                self.cards[-1]["twin"] = attrs

    def handle_data(self, data):
        if self.cards:
            self.cards[-1]["text"] += data + " "


@pytest.fixture(scope="module")
def gallery(built_en):
    page = Cards()
    page.feed((built_en.parent / "index.html").read_text(encoding="utf-8"))
    return page


def test_one_card_per_pdf(built_en, gallery):
    links = [card["a"]["href"] for card in gallery.cards]
    assert links == [f"{lang}/{name}.pdf" for lang in LANGUAGES for name in (*TREATMENT_IDS, "brochure")]
    assert sorted(links) == sorted(p.relative_to(built_en.parent).as_posix()
                                   for p in built_en.parent.glob("*/*.pdf"))


def test_cards_show_language_title_pages_paper_and_review_status(built_en, gallery, edition_en):
    english = [card for card in gallery.cards if card["a"]["href"].startswith("en/")]
    for card, treatment_id in zip(english, TREATMENT_IDS):
        pages = len(pypdf.PdfReader(built_en / f"{treatment_id}.pdf").pages)
        labels = edition_en.strings.labels
        assert card["text"].split() == [*edition_en.treatment(treatment_id).name.split(), labels["file_leaflet"],
                                        "·", "English", "·", str(pages), "pages", "·", "A4",
                                        *labels["print_duplex"].split(), *review_line(edition_en).split(),
                                        *labels["web_page"].split(), "–",
                                        *edition_en.treatment(treatment_id).name.split()]
        assert card["twin"]["href"] == f"en/{treatment_id}.html"


def test_a_card_says_its_review_status_in_its_language(built, gallery):
    """Not an English state on an Arabic card: the notice or reviewer's line the PDF prints."""
    for lang in LANGUAGES:
        edition = edition_of(lang)
        cards = [card for card in gallery.cards if card["a"]["href"].startswith(f"{lang}/")]
        assert cards and all(review_line(edition) in " ".join(card["text"].split()) for card in cards), lang


def test_the_gallery_lists_its_languages_and_practices_at_the_top(built):
    """Each entry of the list above the cards links the heading of its set's cards."""
    page = (built / "index.html").read_text(encoding="utf-8")
    top, cards = page.split('<h2 id="group-1"', 1)
    anchors = re.findall(r'<a href="#(group-\d+)">', top)
    assert anchors == [f"group-{number}" for number in range(1, len(LANGUAGES) + 1)]
    assert all(edition_of(lang).strings.language in top for lang in LANGUAGES)


def mean_difference(image, page, width):
    rendered = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
    return sum(PIL.ImageStat.Stat(PIL.ImageChops.difference(image, rendered)).mean) / 3


def test_thumbnails_are_page_one(built_en, gallery):
    for card in gallery.cards:
        with PIL.Image.open(built_en.parent / card["img"]["src"]) as image:
            assert image.format == "JPEG"
            pixels = image.convert("RGB")
        assert pixels.width == THUMBNAIL_WIDTH
        assert (card["img"]["width"], card["img"]["height"]) == (str(pixels.width), str(pixels.height))
        pdf = pypdfium2.PdfDocument(str(built_en.parent / card["a"]["href"]))
        try:
            page_width, page_height = pdf[0].get_size()
            assert pixels.height == pytest.approx(pixels.width * page_height / page_width, abs=1)
            # Page 1 but for JPEG's small losses, and clearly not the next page.
            assert mean_difference(pixels, pdf[0], pixels.width) < 4
            assert len(pdf) == 1 or mean_difference(pixels, pdf[1], pixels.width) > 20
        finally:
            pdf.close()


def test_works_from_disk_without_external_resources(gallery):
    tags = {tag for tag, _ in gallery.tags}
    assert not tags & {"script", "link", "iframe", "object"}
    for _, attrs in gallery.tags:
        for name in ("href", "src"):
            assert "://" not in attrs.get(name, "") and not attrs.get(name, "x").startswith("/")
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in gallery.tags


MARKUP = '<img src=x onerror="alert(1)"> & </ul>'


def test_markup_in_any_file_shows_as_text_in_the_gallery(project, tmp_path):
    """Every label, the language's name, a treatment's name and the practice's name carry markup (five of them on
    each card, the practice's in its heading): the page has only its own tags, and the markup reads as the
    characters it is."""
    interface = project / "i18n" / "en.yaml"
    strings = yaml.safe_load(interface.read_text(encoding="utf-8"))
    strings["labels"] = {key: f"{text} {MARKUP}" for key, text in strings["labels"].items()}
    strings["language"] += MARKUP
    interface.write_text(yaml.safe_dump(strings, allow_unicode=True), encoding="utf-8")
    treatment = project / "leaflets" / "en" / f"{TREATMENT_IDS[0]}.yaml"
    content = yaml.safe_load(treatment.read_text(encoding="utf-8"))
    content["name"] += f" {MARKUP}"
    treatment.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    replace(project, "layouts/_default.yaml", "36\n    max_pages: 2", "36\n    max_pages: 4")  # the labels are longer
    practices = tmp_path / "practices"
    practices.mkdir()
    for name in ("A", "B"):  # two: each set under a heading of its practice's name, within 40 characters
        (practices / f"{name}.yaml").write_text(yaml.safe_dump({"name": f"{name} {MARKUP}"}), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--lang", "en", "--only", TREATMENT_IDS[0], "--practice", str(practices), "--out", str(out), "-q"],
                root=project) == 0
    page = Cards()
    page.feed((out / "index.html").read_text(encoding="utf-8"))
    assert [tag for tag, _ in page.tags if tag == "img"] == ["img", "img"], "one thumbnail per card, no other image"
    assert not [attrs for _, attrs in page.tags if "onerror" in attrs]
    assert len(page.cards) == 2 and all(card["text"].count(MARKUP) >= 5 for card in page.cards), [
        card["text"] for card in page.cards]
    headings = (out / "index.html").read_text(encoding="utf-8").split('<h2 id="group-')[1:]
    assert len(headings) == 2 and all("&lt;img" in heading for heading in headings)
