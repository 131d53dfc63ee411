"""A practice's profile at its documented limits: every field fitted inside its box, nothing over other
text or off the page, and where the details do not fit a leaflet's pages, the profile blamed, never
the leaflet's text."""
from __future__ import annotations

from dataclasses import fields, replace

import pytest
import yaml

from conftest import LANGUAGES, ROOT, TREATMENT_IDS, laid_out_as_built, edition_of
from leaflet_builder.errors import PracticeError
from leaflet_builder.inputs.layouts import load_layout
from leaflet_builder.inputs.practice import LIMITS, Practice, load_practice
from leaflet_builder.render import leaflet
from leaflet_builder.render.leaflet import render_leaflet
from leaflet_builder.render.script import writing
from leaflet_builder.render.styles import TIGHT, stylesheet
from pdfcheck import overprinted

# Every field at its limit, as a real practice writes it: compounds, a web address inside the note,
# e-mail and web addresses, four address lines.
MAXIMAL = {
    "name": "Gemeinschaftspraxis Dres. Schüßler-Wirth",
    "address": ["Friedrich-Wilhelm-Straße 123–5", "Rückengesundheitszentrum, 2.OG",
                "Eingang über den Parkplatz Süd", "74653 Künzelsau-Garnberg (MVZ)"],
    "phone": "+49 (0)7940 / 123 456-78 90 11",
    "email": "anmeldung@praxis-schuessler-hohenlohe.de",
    "website": "https://www.schuessler-hohenlohe.de/team",
    "note": "Rückenschule dienstags: https://www.praxis-example.de/rueckenschule?termin=di EG",
    "qr_url": "https://praxis-schuessler.de/ruecken?q=1",
}
# Every paper the layouts have, and large print and print-ready on the first (A4).
PAPERS = list(yaml.safe_load((ROOT / "layouts" / "_default.yaml").read_text(encoding="utf-8"))["paper"])
VARIANTS = {**{paper: {"paper": paper} for paper in PAPERS}, "large print": {"large_print": True},
            "print-ready": {"print_ready": True}}


def fullest_leaflet(lang: str) -> str:
    """The treatment with the most text in ``lang``: the least room left for a practice's box (measured
    on the leaflets with most text and others, on A5 and Letter: a profile fails these first)."""
    return max(TREATMENT_IDS, key=lambda treatment: len(
        (ROOT / "leaflets" / lang / f"{treatment}.yaml").read_text(encoding="utf-8")))


@pytest.fixture(scope="module", autouse=True)
def one_layout_cache():
    """Every leaflet of the module rendered with one layout cache, as a build renders: each try at fitting
    the profile lays out again only what it changed (the first try's paragraphs are the others'), and a
    language's A4 and print-ready leaflets share their widths. 18 -> 13 s CPU for the module's renders."""
    with laid_out_as_built():
        yield


@pytest.fixture(scope="module")
def maximal(tmp_path_factory):
    folder = tmp_path_factory.mktemp("maximal")
    # without qr_url: it moves the article's address into the line under the leaflet, which the fullest
    # leaflets have no room for beside a maximal box (docs/practices.md)
    profile = {key: value for key, value in MAXIMAL.items() if key != "qr_url"}
    (folder / "practice.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    return load_practice(folder / "practice.yaml")


def test_the_maximal_profile_is_at_every_documented_limit(maximal):
    lengths = {key: len(value) for key, value in MAXIMAL.items() if isinstance(value, str)}
    assert lengths == {key: LIMITS[key] for key in lengths}
    assert {len(line) for line in MAXIMAL["address"]} == {LIMITS["address"]}
    assert len(MAXIMAL["address"]) == LIMITS["address_lines"]


@pytest.mark.parametrize("lang, variant", [(lang, variant) for lang in LANGUAGES for variant in VARIANTS])
def test_the_maximal_profile_fits_the_fullest_leaflet(tmp_path, maximal, lang, variant):
    """The documented limits are limits that work: the fullest leaflet of every language, on every
    paper and variant, takes the maximal profile with every field inside its box and the page, over no
    other text. One leaflet each keeps the test quick."""
    treatment = fullest_leaflet(lang)
    path = tmp_path / f"{treatment}.pdf"
    path.write_bytes(render_leaflet(edition_of(lang), treatment,
                                    load_layout(ROOT, treatment, **VARIANTS[variant]), maximal))
    assert overprinted(path) == []


@pytest.mark.parametrize("large_print", [False, True])
def test_the_closer_spacing_keeps_the_type(large_print):
    """A leaflet that fits only with its paragraphs closer together (styles.TIGHT) keeps its type: the same
    sizes, faces and line spacing as every other leaflet, clear print and large print alike."""
    layout = load_layout(ROOT, TREATMENT_IDS[0], large_print=large_print)
    edition = edition_of("de")
    with writing(edition):
        usual, tight = (stylesheet(layout, edition.strings.hyphenation, spacing) for spacing in (1, TIGHT))
    assert 0 < TIGHT < 1
    for field in fields(usual):
        before, after = getattr(usual, field.name), getattr(tight, field.name)
        assert (after.fontName, after.fontSize, after.leading) == (before.fontName, before.fontSize, before.leading)
        assert (after.spaceBefore, after.spaceAfter) == (before.spaceBefore * TIGHT, before.spaceAfter * TIGHT)


def test_details_too_long_for_a_leaflet_blame_the_profile_and_say_what_fits(monkeypatch):
    """The field named is the longest whose shortening lets the leaflet fit, with the length that does;
    here a stand-in for laying the leaflet out fits a note of at most 70 characters."""
    edition = edition_of("en")
    layout = load_layout(ROOT, TREATMENT_IDS[0])
    practice = Practice(MAXIMAL["name"], address=tuple(MAXIMAL["address"]), note=MAXIMAL["note"],
                        profile="profiles/praxis.yaml")
    monkeypatch.setattr(leaflet, "_fits", lambda edition, treatment, layout, candidate: (
        candidate is None or len(candidate.note or "") <= 70))
    message = leaflet._practice_too_long(edition, TREATMENT_IDS[0], layout, practice)
    assert message.startswith(f"profiles/praxis.yaml: note: its {LIMITS['note']} characters do not fit the "
                              "practice's box on ")
    # cut after a word: the web address after "Rückenschule dienstags:" would make it 77 characters long
    assert message.split("; ")[1] == "23 do: shorten it to at most 23"
    monkeypatch.setattr(leaflet, "_fits", lambda edition, treatment, layout, candidate: (
        candidate is None or len(candidate.address) <= 2))
    assert leaflet._practice_too_long(edition, TREATMENT_IDS[0], layout, replace(practice, note=None)).endswith(
        "address: 4 lines do not fit the practice's box on " + leaflet.leaflet_name(
            TREATMENT_IDS[0], "en", layout.variant_name) + "; 2 do: give it at most 2 lines")
    assert issubclass(PracticeError, Exception) and "practice's profile" in PracticeError.hint
