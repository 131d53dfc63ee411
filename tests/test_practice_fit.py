"""A practice's profile at its documented limits: every field fitted inside its box, nothing over other
text or off the page, and where the details do not fit a leaflet's pages, the profile blamed, never
the leaflet's text."""
from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from conftest import LANGUAGES, ROOT, TREATMENT_IDS
from leaflet_builder.errors import PracticeError
from leaflet_builder.inputs.content import load_edition
from leaflet_builder.inputs.layouts import load_layout
from leaflet_builder.inputs.practice import LIMITS, Practice, load_practice
from leaflet_builder.render import leaflet
from leaflet_builder.render.leaflet import render_leaflet
from pdfcheck import overprinted

# Every field at its limit, as a real practice writes it: long compounds, a web address inside the
# note, long e-mail and web addresses, four address lines.
MAXIMAL = {
    "name": "Orthopädisch-unfallchirurgische Gemeinschaftspraxis Dres. med. Friedrich-Wilhelm Schüßlers",
    "address": ["Friedrich-Wilhelm-von-Steuben-Straße 123–125, Hinterhaus 2OG",
                "Medizinisches Versorgungszentrum Rückengesundheitszentrum II",
                "Eingang über den Parkplatz der Kreissparkasse Hohenlohekreis",
                "74653 Künzelsau-Garnberg-Nagelsberg (Wirbelsäulenambulanzen)"],
    "phone": "+49 (0)7940 / 123 456-78 90 11",
    "email": "anmeldung.rueckenschule.orthopaedie@gemeinschaftspraxis-schuessler-kuenzelsau.de",
    "website": "https://www.gemeinschaftspraxis-schuessler-kuenzelsau.de/rueckenschule/anmeldung?termin=dienstag&o=1",
    "note": "Rückenschule dienstags: https://www.praxis-example.de/rueckenschule/anmeldung?termin=dienstag – "
            "Krankengymnastikpraxisräume im Erdgeschoss, Wartezimmer 3 links.",
    "qr_url": "https://www.gemeinschaftspraxis-schuessler-kuenzelsau.de/rueckenschule/anmeldung?termin=dienstag&o=1",
}


def shortest_leaflet() -> str:
    """The treatment whose English content file is shortest: the most room left for a practice."""
    return min(TREATMENT_IDS, key=lambda treatment: len((ROOT / "leaflets" / "en" / f"{treatment}.yaml").read_text()))


@pytest.fixture(scope="module")
def maximal(tmp_path_factory):
    folder = tmp_path_factory.mktemp("maximal")
    (folder / "practice.yaml").write_text(yaml.safe_dump(MAXIMAL, allow_unicode=True), encoding="utf-8")
    return load_practice(folder / "practice.yaml")


def test_the_maximal_profile_is_at_every_documented_limit(maximal):
    lengths = {key: len(value) for key, value in MAXIMAL.items() if isinstance(value, str)}
    assert lengths == {key: LIMITS[key] for key in lengths}
    assert {len(line) for line in MAXIMAL["address"]} == {LIMITS["address"]}
    assert len(MAXIMAL["address"]) == LIMITS["address_lines"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_maximal_profile_fits_inside_its_boxes_on_a4(tmp_path, maximal, lang):
    """Every field broken where it may be, inside its box and the page, over no other text."""
    treatment = shortest_leaflet()
    path = tmp_path / f"{treatment}.pdf"
    path.write_bytes(render_leaflet(load_edition(ROOT, lang), treatment, load_layout(ROOT, treatment), maximal))
    assert overprinted(path) == []


def test_details_too_long_for_a_leaflet_blame_the_profile_and_say_what_fits(monkeypatch):
    """The field named is the longest whose shortening lets the leaflet fit, with the length that does;
    here a stand-in for laying the leaflet out fits a note of at most 70 characters."""
    edition = load_edition(ROOT, "en")
    layout = load_layout(ROOT, TREATMENT_IDS[0])
    practice = Practice(MAXIMAL["name"], address=tuple(MAXIMAL["address"]), note=MAXIMAL["note"],
                        profile="profiles/praxis.yaml")
    monkeypatch.setattr(leaflet, "_fits", lambda edition, treatment, layout, candidate: (
        candidate is None or len(candidate.note or "") <= 70))
    message = leaflet._practice_too_long(edition, TREATMENT_IDS[0], layout, practice)
    assert message.startswith("profiles/praxis.yaml: note: its 160 characters do not fit the practice's box on ")
    # cut after a word: the web address after "Rückenschule dienstags:" is 71 characters long
    assert message.split("; ")[1] == "23 do: shorten it to at most 23"
    monkeypatch.setattr(leaflet, "_fits", lambda edition, treatment, layout, candidate: (
        candidate is None or len(candidate.address) <= 2))
    assert leaflet._practice_too_long(edition, TREATMENT_IDS[0], layout, replace(practice, note=None)).endswith(
        "address: 4 lines do not fit the practice's box on " + leaflet.leaflet_name(
            TREATMENT_IDS[0], "en", layout.variant_name) + "; 2 do: give it at most 2 lines")
    assert issubclass(PracticeError, Exception) and "practice's profile" in PracticeError.hint
