"""Fonts per language: each PDF embeds its language's family alone; a variable font's instances have
their own names and are made once."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from conftest import ROOT, TREATMENT_IDS, edition_of
from pdfcheck import fonts
from leaflet_builder.inputs.languages import available_languages
from leaflet_builder.inputs.typeface import DEFAULT_FAMILY, FAMILIES
from leaflet_builder.cli import main
from leaflet_builder.inputs import cache
from leaflet_builder.render import fonts as registry
from leaflet_builder.render import html
from leaflet_builder.render.fonts import static_file

LANGUAGES = available_languages(ROOT)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_pdf_embeds_its_languages_family_and_no_other_font(built, lang):
    family = FAMILIES[edition_of(lang).strings.font]
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

    family = {lang: edition_of(lang).strings.font for lang in LANGUAGES}
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
                                  if edition_of(lang).strings.font != DEFAULT_FAMILY])
def test_a_review_sheet_prints_the_texts_in_their_own_font(review_sheets, lang):
    used = {name.split("+")[-1] for name in fonts(review_sheets / f"{lang}.pdf")}
    family = FAMILIES[edition_of(lang).strings.font]
    assert {TTFont(static_file(face), lazy=True)["name"].getDebugName(6) for face in family.faces().values()} & used


VARIABLE = sorted(name for name, family in FAMILIES.items() if family.regular.axes)


@pytest.fixture
def cold_cache(tmp_path, monkeypatch):
    """No font made or registered yet in this process, and the cache in ``XDG_CACHE_HOME``. The instancer
    hands back the variable font as it is: making a real instance takes many seconds a face, and what is
    tested here is the cache and the bytes it keeps (the test above makes real ones)."""
    from fontTools.varLib import instancer

    monkeypatch.setattr(instancer, "instantiateVariableFont", lambda font, axes, **options: font)

    def forget():
        cache.cache_folder.cache_clear()
        registry._register.cache_clear()
        html._web_font.cache_clear()  # the web pages' fonts, made from the instances: no stand-in's outlives the test
        cache._warnings.clear()

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    forget()
    yield tmp_path / "cache"
    forget()


def test_a_font_cache_that_cannot_be_written_is_a_temporary_folder_and_one_warning(cold_cache, tmp_path, capsys,
                                                                                   monkeypatch):
    """The web pages' fonts are made in the temporary folder too, whole rather than cut down to the pages'
    characters: cutting a face of thousands of glyphs takes seconds, and what is tested is where it is kept."""
    from fontTools import subset

    monkeypatch.setattr(subset.Subsetter, "subset", lambda self, font: None)
    cold_cache.write_text("a file where the cache folder would be")
    lang = next(lang for lang in LANGUAGES if FAMILIES[edition_of(lang).strings.font].regular.axes)
    assert main(["--lang", lang, "--only", TREATMENT_IDS[0], "--out", str(tmp_path / "out")]) == 0
    said = [line for line in capsys.readouterr().err.splitlines() if "the cache" in line]
    assert said == [f"warning: cannot write the cache {cold_cache / 'leaflet-builder'}; fonts and logos are made "
                    "in a temporary folder for this build (set XDG_CACHE_HOME to a folder you can write, and "
                    "they are made once)"]


@pytest.mark.parametrize("family", VARIABLE)
@pytest.mark.parametrize("damage", ["empty", "truncated"])
def test_a_damaged_cached_instance_is_made_again(cold_cache, family, damage):
    face = FAMILIES[family].regular
    path = static_file(face)
    whole = path.read_bytes()
    path.write_bytes(b"" if damage == "empty" else whole[: len(whole) // 2])
    again = static_file(face)
    assert again.read_bytes() == whole and TTFont(again)["head"].magicNumber == 0x5F0F3CF5


@pytest.mark.parametrize("family", VARIABLE)
def test_an_instance_made_at_another_time_has_the_same_bytes(cold_cache, family, monkeypatch):
    """A cold cache on another machine or day makes the same font, so the same PDFs."""
    from fontTools.ttLib.tables import _h_e_a_d

    face = FAMILIES[family].bold
    made = []
    for seconds in (0, 86400 * 365):
        for cached in cold_cache.rglob("*.ttf"):
            cached.unlink()
        monkeypatch.setattr(_h_e_a_d, "timestampNow", lambda seconds=seconds: 3_000_000_000 + seconds)
        made.append(static_file(face).read_bytes())
    assert made[0] == made[1]
    assert TTFont(static_file(face))["head"].modified == TTFont(face.path)["head"].modified
