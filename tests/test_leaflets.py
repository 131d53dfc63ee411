"""The English leaflets as built: pages, fonts, metadata, margins, type size and the source's statements."""
from __future__ import annotations

import functools

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from conftest import LANGUAGES, ROOT, TREATMENT_IDS, fold, pdf_text
from leaflet_builder.inputs.layouts import load_layout
from pdfcheck import font_sizes, fonts, outside_margins

# What the source article says about each treatment, in the leaflet's plain words. Each phrase must
# appear in that treatment's leaflet.
KEY_STATEMENTS = {
    "acupuncture": [
        "Thin needles are put into the skin", "energy pathways have not been proven to exist",
        'worked no better than "fake" acupuncture', "slightly better at relieving the pain",
        "effect was only small and did not last long", "minor bleeding or bruising",
        "sterile needles that are used only once", "risk of serious side effects is low",
    ],
    "electrotherapy": [
        "TENS", "PENS", "endorphins", "Interferential current therapy",
        "has not been proven to ease chronic back pain", "minor bleeding or an infection",
    ],
    "manual-therapy": [
        "within its natural range", "chiropractic adjustment", "bubbles of gas",
        "only a few good studies", "More research is needed", "sore muscles, cramping",
        "broken bones or being partly paralysed", "very rare", "osteoporosis", "slipped disc",
    ],
    "massage": [
        "Swedish", "Thai massage", "acupressure", "relieve chronic (long-lasting) back pain a little, for a short time",
        "do not have a lasting effect", "might hurt", "allergic to massage oil", "rashes",
    ],
    "osteopathy": [
        "alternative treatment: a treatment used instead of usual medicine", "use only their hands",
        "muscle energy techniques",
        "Connective tissue", "no scientific proof that this theory is true", "results that contradict each other",
        "no proof that muscle energy techniques work", "The job title is not protected",
        "no specific training is needed",
    ],
    "heat-and-cold": [
        "for a short time, if at all", "does not help in the long term", "The article gives no findings on cold itself",
    ],
    "traction": [
        "only help for a short time, or do not help at all", "no findings on traction itself",
        "No findings on this treatment itself",
    ],
    "magnetic-field-therapy": ["no believable scientific explanation", "basic rules of science"],
    **{treatment: ["has not been proven to help reduce back pain", "does not recommend"]
       for treatment in ("kinesiology-taping", "short-wave-diathermy", "laser-therapy",
                         "therapeutic-ultrasound")},
}
# Every leaflet carries the general findings, the guideline, the insurance note and the source.
SHARED_STATEMENTS = [
    "passive treatments in general", "individual health services", "IGeL", "statutory (public) health insurers",
    "The article does not say which treatments these are.",
    "ask your doctor or your health insurer whether the treatment you are offered is paid for.",
    "Active treatments give the best relief", "relaxation techniques",
    "InformedHealth.org (IQWiG)", "as read on 27 November 2026", "does not replace advice",
    "What side effects could this treatment have for me?",
    "may have changed since",
]
SOURCE_URL = "https://www.informedhealth.org/passive-treatments-massages-heat-and-manual-therapy.html"


def test_key_statements_are_for_treatments_of_the_project():
    """The article's statements on each of its treatments; a treatment added later is checked for the
    shared statements, and gets its own list here when its source is known."""
    assert set(KEY_STATEMENTS) <= set(TREATMENT_IDS)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_leaflet_is_one_a4_sheet(built, lang, treatment_id):
    reader = pypdf.PdfReader(built / lang / f"{treatment_id}.pdf")
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)


@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_every_font_is_embedded_atkinson(built_en, treatment_id):
    used = fonts(built_en / f"{treatment_id}.pdf")
    assert used, "no fonts found"
    assert all(used.values()), f"not embedded: {[f for f, e in used.items() if not e]}"
    assert all("Atkinson" in name for name in used), used


@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_metadata(built_en, edition_en, treatment_id):
    reader = pypdf.PdfReader(built_en / f"{treatment_id}.pdf")
    treatment = edition_en.treatment(treatment_id)
    assert reader.metadata.title == f"{treatment.name} – Passive treatments for low back pain"
    assert reader.metadata.author and reader.metadata.subject
    assert treatment.name in reader.metadata["/Keywords"]
    assert str(reader.trailer["/Root"]["/Lang"]).startswith("en")


@functools.cache
def folded_text(path) -> str:
    """A leaflet's folded text, read once per process for the tests here that read it: the shared builds are
    never written again."""
    return fold(pdf_text(path))


@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_leaflet_carries_the_source_statements(built_en, treatment_id):
    text = folded_text(built_en / f"{treatment_id}.pdf")
    missing = [phrase for phrase in KEY_STATEMENTS.get(treatment_id, []) + SHARED_STATEMENTS if phrase not in text]
    assert not missing
    assert SOURCE_URL in "".join(text.split()), "the address is printed, broken over lines where needed"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_no_character_outside_the_margins(built, lang, treatment_id):
    paper = load_layout(ROOT, treatment_id).paper
    assert not outside_margins(built / lang / f"{treatment_id}.pdf", paper, 8 * mm)


@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_type_is_large_enough(built_en, treatment_id):
    sizes = font_sizes(built_en / f"{treatment_id}.pdf")
    assert min(size for size, _ in sizes) >= 9
    characters = sum(len(text) for _, text in sizes)
    large = sum(len(text) for size, text in sizes if size >= 12)
    assert large / characters > 0.85, "most of the text must be 12 pt or larger"


@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_glance_box_says_what_its_symbol_means_and_the_steps(built_en, edition_en, treatment_id):
    """The evidence symbol stands with its wording, and no key to the other symbols distracts (issue 20);
    the reader gets the steps, and a treatment whose side effects the article does not describe says so."""
    text = folded_text(built_en / f"{treatment_id}.pdf")
    shared = edition_en.shared
    treatment = edition_en.treatment(treatment_id)
    assert shared.glance["evidence"][treatment.facts.evidence] in text
    assert shared.glance["key"] not in text
    assert all(fold(step) in text for step in shared.what_you_can_do)
    if "side_effects" not in treatment.sections:
        assert fold(shared.side_effects_not_described) in text
