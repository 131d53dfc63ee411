"""Fonts per language: each PDF embeds its language's family alone; a variable font's instances have
their own names and are made once."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from conftest import ROOT
from pdfcheck import fonts
from leaflet_builder.inputs.content import load_edition
from leaflet_builder.inputs.languages import available_languages
from leaflet_builder.inputs.typeface import FAMILIES
from leaflet_builder.render.fonts import static_file

LANGUAGES = available_languages(ROOT)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_pdf_embeds_its_languages_family_and_no_other_font(built, lang):
    family = FAMILIES[load_edition(ROOT, lang).strings.font]
    postscript = {TTFont(static_file(face), lazy=True)["name"].getDebugName(6) for face in family.faces().values()}
    for pdf in (built / lang / "massage.pdf", built / lang / "brochure.pdf"):
        used = fonts(pdf)
        assert used and all(used.values()), f"{pdf.name}: every font embedded"
        # ReportLab names an embedded subset "AAAAAA+<PostScript name>"
        assert {name.split("+")[-1] for name in used} <= postscript, (lang, used)


@pytest.mark.parametrize("family", sorted(name for name, family in FAMILIES.items() if family.regular.axes))
def test_a_variable_fonts_instances_have_their_own_names_and_are_made_once(family):
    """The name trap: under the variable font's PostScript name, ReportLab would take the bold for the
    regular it registered first."""
    faces = FAMILIES[family].faces().values()
    paths = [static_file(face) for face in faces]
    names = [TTFont(path, lazy=True)["name"].getDebugName(6) for path in paths]
    assert len(set(names)) == len(names) and all(name.endswith(("-Regular", "-Bold")) for name in names)
    weights = [TTFont(path, lazy=True)["OS/2"].usWeightClass for path in paths]
    assert weights == [400, 700]
    made = [path.stat().st_mtime_ns for path in paths]
    assert [static_file(face) for face in faces] == paths  # the cached files, not made again
    assert [path.stat().st_mtime_ns for path in paths] == made
    assert not any("fvar" in TTFont(path, lazy=True) for path in paths)
