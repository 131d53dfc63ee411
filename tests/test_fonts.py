"""Fonts per language: each PDF embeds its language's family alone; a variable font's instances have
their own names and are made once."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from conftest import ROOT
from pdfcheck import fonts
from leaflet_builder.inputs.content import load_edition
from leaflet_builder.inputs.languages import available_languages
from leaflet_builder.inputs.typeface import DEFAULT_FAMILY, FAMILIES
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


def test_a_practice_prints_in_the_fonts_of_the_languages_built(tmp_path, capsys):
    """A name with a letter one language's family has and another's lacks ('İzmir') is refused only
    for a build of the other."""
    from leaflet_builder.cli import main
    from leaflet_builder.inputs.typeface import missing_characters

    family = {lang: load_edition(ROOT, lang).strings.font for lang in LANGUAGES}
    having = [lang for lang in LANGUAGES if not missing_characters("İ", family[lang])]
    lacking = [lang for lang in LANGUAGES if missing_characters("İ", family[lang])]
    assert having and lacking, family
    profile = tmp_path / "practice.yaml"
    profile.write_text('name: "Praxis İzmir"\n', encoding="utf-8")
    out = str(tmp_path / "out")
    assert main(["--lang", having[0], "--only", "massage", "--practice", str(profile), "--out", out, "-q"]) == 0
    assert main(["--lang", lacking[0], "--only", "massage", "--practice", str(profile), "--out", out, "-q"]) == 1
    assert "practice.yaml:1:7: name: the typeface cannot print 'İ' (U+0130)" in capsys.readouterr().err


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES
                                  if load_edition(ROOT, lang).strings.font != DEFAULT_FAMILY])
def test_a_review_sheet_prints_the_texts_in_their_own_font(tmp_path, lang):
    from leaflet_builder.cli import main

    assert main(["--review-sheet", lang, "--out", str(tmp_path)]) == 0
    used = {name.split("+")[-1] for name in fonts(tmp_path / "review" / f"{lang}.pdf")}
    family = FAMILIES[load_edition(ROOT, lang).strings.font]
    assert {TTFont(static_file(face), lazy=True)["name"].getDebugName(6) for face in family.faces().values()} & used
