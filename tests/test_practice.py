"""The practice profile: loaded and checked, printed on every leaflet, and its bad inputs refused."""
from __future__ import annotations

import functools
import struct
import zlib

import pypdf
import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import mm

from conftest import EXAMPLE, ROOT, TREATMENT_IDS, cut_to, fold, pdf_page_texts
from leaflet_builder.cli import main
from leaflet_builder.errors import ContentError, UsageError
from leaflet_builder.inputs.layouts import load_layout
from leaflet_builder.render.leaflet import render_leaflet
from leaflet_builder.build.pipeline import Variant, build
from leaflet_builder.inputs.practice import LIMITS, Practice, load_practice
from leaflet_builder.render.parts import LEAFLET_LOGO_BOX, QR_QUIET_ZONE, QR_SIZE
from pdfcheck import OVERHANG, char_boxes, fonts, images, overprinted, qr_code

SOURCE_URL = "https://www.informedhealth.org/passive-treatments-massages-heat-and-manual-therapy.html"
LONGEST = "manual-therapy"  # the leaflet with the least room left on its back page


def png(width: int, height: int) -> bytes:
    """A grey RGB PNG, written by hand so the tests need no imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * 3 * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def profile(folder, text: str, logo: bytes | None = None):
    if logo is not None:
        (folder / "logo.png").write_bytes(logo)
    path = folder / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def page_texts(path) -> list[str]:
    return [fold(text) for text in pdf_page_texts(path)]


# the pages of a shared build's leaflet, read once per process for the tests here that read them: the
# shared builds are never written again (a test's own files are read with page_texts)
built_page_texts = functools.cache(page_texts)


def expected_qr(url: str) -> tuple[set, float]:
    """The dark cells ReportLab's encoder gives ``url``, and the module size they print at."""
    widget = QrCodeWidget(url)
    widget.qr.make()
    cells = {(r, c) for r, row in enumerate(widget.qr.modules) for c, dark in enumerate(row) if dark}
    return cells, QR_SIZE / widget.qr.getModuleCount()


def assert_qr_leads_to(path, url: str):
    """The back page's QR code encodes ``url``, is at least 20 mm wide and has ``url`` printed under it."""
    cells, module = expected_qr(url)
    last = len(pypdf.PdfReader(path).pages) - 1
    found, bounds = qr_code(path, last, module)
    assert found == cells
    left, bottom, right, _ = bounds
    assert right - left >= 20 * mm
    under = "".join(char for page, _, _, char, (x0, _, _, top) in char_boxes(path)
                    if page == last and top < bottom and x0 > left - QR_QUIET_ZONE * module - 1)
    assert url in under.replace("\ufffe", "-"), "pdfium reads a hyphen that ends a line as U+FFFE"


@pytest.fixture(scope="session")
def example():
    return load_practice(EXAMPLE)


def render(edition, practice, folder, treatment_id=LONGEST):
    path = folder / f"{treatment_id}.pdf"
    path.write_bytes(render_leaflet(edition, treatment_id, load_layout(ROOT, treatment_id), practice))
    return path


def test_example_profile(example):
    assert example.name == "Praxis Dr. Example"
    assert example.address == ("Hauptstraße 12", "12345 Musterstadt")
    assert example.website.startswith("https://") and example.qr_url is None
    # the 1200 × 400 file, kept with the pixels it needs at 300 ppi where it prints largest (20 mm high)
    assert (example.logo.width_px, example.logo.height_px) == (745, 249)
    assert example.logo.warning(*LEAFLET_LOGO_BOX) is None, "the example logo prints at 150 dpi or more"


@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_name_and_phone_on_every_page(built_practice, treatment_id):
    pages = built_page_texts(built_practice / f"{treatment_id}.pdf")
    assert len(pages) == 2
    assert all("Praxis Dr. Example · +49 30 1234 5678" in text for text in pages)


@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_back_page_has_the_practice_box(built_practice, example, treatment_id):
    first, back = built_page_texts(built_practice / f"{treatment_id}.pdf")
    for text in (*example.address, example.email, "www.praxis-example.de", example.note):
        assert text in back and text not in first
    assert "Practice stamp" not in first + back


@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_logo_embedded_keeping_its_aspect_ratio(built_practice, treatment_id):
    [(page, width_px, height_px, (left, bottom, right, top))] = images(built_practice / f"{treatment_id}.pdf")
    assert (page, width_px, height_px) == (1, 745, 249)
    assert (right - left) / (top - bottom) == pytest.approx(600 / 200, rel=0.01)
    assert width_px / ((right - left) / 72) >= 150


@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_qr_code_leads_to_the_source_article(built_practice, built_en, treatment_id):
    assert_qr_leads_to(built_practice / f"{treatment_id}.pdf", SOURCE_URL)
    assert_qr_leads_to(built_en / f"{treatment_id}.pdf", SOURCE_URL)


def test_qr_code_leads_to_the_profiles_address(tmp_path, edition_en):
    url = "https://www.praxis-example.de/back-class"
    practice = load_practice(profile(tmp_path, f'name: "Praxis Dr. Example"\nqr_url: "{url}"\n'))
    path = render(edition_en, practice, tmp_path)
    assert_qr_leads_to(path, url)
    assert "Read the full article" not in "".join(page_texts(path))


@pytest.mark.parametrize("treatment_id", TREATMENT_IDS)
def test_stamp_box_without_a_profile(built_en, treatment_id):
    path = built_en / f"{treatment_id}.pdf"
    first, back = page_texts(path)
    assert "Practice stamp" in back and "Practice stamp" not in first
    assert not images(path)
    assert "Praxis" not in first + back


def test_long_names_wrap_and_any_latin_name_renders(tmp_path, edition_en):
    name = "Dr. Weiß-Núñez & Dr. Søren Łukasiewicz"
    practice = load_practice(profile(tmp_path, f"""
name: "{name}"
address: ["Dr. Ayşe Şahin, Dr. Tomáš Ærø", "MVZ am Schloßpark, Haus 2",
          "Friedrich-Ebert-Straße 123–125", "12345 Groß-Umstadt"]
phone: "+49 (0)6078 / 123 456-78"
email: "orthopaedie@praxis-gross-umstadt.de"
website: "https://www.praxis-gross-umstadt.de/kurs"
logo: logo.png
note: "Rückenschule: dienstags und donnerstags um 18 Uhr, ohne Anmeldung."
""", logo=png(300, 100)))
    path = tmp_path / f"{LONGEST}.pdf"
    path.write_bytes(render_leaflet(edition_en, LONGEST, load_layout(ROOT, LONGEST), practice))
    pages = ["".join(text.split()) for text in page_texts(path)]
    assert len(pages) <= 2
    # every page's footer: the name and phone where they fit one line, else the phone alone
    assert all("".join(practice.phone.split()) in text for text in pages), "the phone on every page"
    assert all("".join(text.split()) in pages[-1] for text in (name, *practice.address, practice.note))
    assert all(embedded and "Atkinson" in font for font, embedded in fonts(path).items())
    paper = load_layout(ROOT, LONGEST).paper
    for _, width, _, char, (left, _, right, _) in char_boxes(path):
        assert paper.left - OVERHANG <= left and right <= width - paper.right + OVERHANG, char


BAD_PROFILES = {
    "missing logo": ('name: "X"\nlogo: missing.png\n', None,
                     "2:7: logo: '{dir}/missing.png' not found (a logo is named relative to the profile)"),
    "damaged logo": ('name: "X"\nlogo: logo.png\n', png(40, 20)[:60],
                     "2:7: logo: '{dir}/logo.png' cannot be read: the image is damaged or incomplete"),
    "logo not an image": ('name: "X"\nlogo: logo.png\n', b"GIF89a" + bytes(40),
                          "2:7: logo: '{dir}/logo.png' is not a PNG or JPEG image"),
    "unknown key": ('name: "X"\nwebiste: "https://a.example"\n', None,
                    "2:1: unknown key 'webiste'; did you mean 'website'?"),
    "missing name": ('phone: "+49 30 1234"\n', None, "1:1: missing required key 'name'"),
    "website not https": ('name: "X"\nwebsite: "http://a.example"\n', None,
                          "2:10: website: 'http://a.example' is not a https address"),
    "direction override": ('name: "Praxis \u202eelpmaxE"\n', None,
                           "1:7: name: has the invisible character U+202E (right-to-left override) at character 8;"
                           " delete it"),
    "zero-width space in an address line": ('name: "X"\naddress: ["Haupt\u200bstraße 12"]\n', None,
                                            "2:11: address: has the invisible character U+200B (zero width space)"
                                            " at character 6; delete it"),
    "byte order mark in a note": ('name: "X"\nnote: {de: "\ufeffRückenschule"}\n', None,
                                  "2:12: note: has the invisible character U+FEFF (zero width no-break space)"
                                  " at character 1; delete it"),
    "website too long": (f'name: "X"\nwebsite: "https://a.example/{"a" * 90}"\n', None,
                         "2:10: website: text has 108 characters, more than the 40 allowed here"),
    "not in the typeface": ('name: "Клиника"\n', None,
                            "1:7: name: the typeface cannot print 'К' (U+041A), 'л' (U+043B), 'и' (U+0438), "
                            "'н' (U+043D), 'к' (U+043A), 'а' (U+0430); write it without that character"),
}


FIX_HINT = "hint: fix the lines named above and build again"


@pytest.mark.parametrize("case", BAD_PROFILES)
def test_bad_profile_is_one_line_naming_file_and_field(tmp_path, capsys, case):
    text, logo, message = BAD_PROFILES[case]
    path = profile(tmp_path, text, logo)
    out = tmp_path / "dist"
    assert main(["--lang", "en", "--out", str(out), "--practice", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [f"{path}:{message.format(dir=tmp_path)}", FIX_HINT]
    assert not out.exists(), "nothing is built"


def test_missing_profile_or_unreadable_logo(tmp_path, capsys):
    missing = tmp_path / "nowhere.yaml"
    assert main(["--out", str(tmp_path), "--practice", str(missing)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"error: {missing}: no such file"
    (tmp_path / "logo.png").mkdir()
    path = profile(tmp_path, 'name: "X"\nlogo: logo.png\n')
    with pytest.raises(ContentError) as error:
        load_practice(path)
    assert str(error.value) == f"{path}:2:7: logo: '{tmp_path}/logo.png' is not a regular file"


def test_low_resolution_logo_warns_and_builds(project, tmp_path, capsys):
    """On a project of one treatment: the warning is the practice's, said once for the build, and the
    leaflets and brochure are built all the same."""
    treatments = cut_to(project, TREATMENT_IDS[:1])
    path = profile(tmp_path, 'name: "X"\nlogo: logo.png\n', logo=png(120, 40))
    assert main(["--lang", "en", "--out", str(tmp_path / "dist"), "--practice", str(path)], root=project) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:2:7: warning: the logo prints at ") and "dpi" in err[0]
    assert len(list((tmp_path / "dist" / "en").glob("*.pdf"))) == len(treatments) + 1  # and the brochure
    assert build(project, tmp_path, (), practices=(load_practice(path),)).warnings == err[:1]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_german_leaflets_with_the_example_practice_keep_to_one_sheet(tmp_path, paper):
    """German text runs longest, a practice's box is taller than the stamp box, and Letter is short."""
    report = build(ROOT, tmp_path, ("de",), Variant(paper=paper), practices=(load_practice(EXAMPLE),),
                   only=TREATMENT_IDS)
    assert not report.failures and len(report.written) == len(TREATMENT_IDS)
    assert all(len(pypdf.PdfReader(path).pages) <= 2 for path in report.written)


def test_two_practices_may_not_share_a_folder(tmp_path):
    practice = load_practice(EXAMPLE)
    with pytest.raises(UsageError, match="two practices would share the folder 'praxis-dr-example'"):
        build(ROOT, tmp_path, ("en",), practices=(practice, practice))


def test_names_in_other_scripts_keep_their_letters_in_their_folders():
    from leaflet_builder.build.pipeline import practice_folders, slug

    assert slug("Praxis Dr. Müller & Weiß") == "praxis-dr-muller-weiss"
    names = ("Клиника Здоровье", "Клиника Спина", "Клиника Й", "عيادة الظهر")
    assert [folder for _, folder in practice_folders(tuple(Practice(name) for name in names))] == [
        "клиника-здоровье", "клиника-спина", "клиника-й", "عيادة-الظهر"]


def test_check_accepts_exactly_what_the_build_accepts(tmp_path, capsys):
    """The same typefaces (those of --lang) and the same folders: a Cyrillic name passes for Russian,
    not for English, and two names that would share a folder are refused by both."""
    path = profile(tmp_path, 'name: "Клиника Спина"\n')
    assert main(["--check", "--lang", "ru", "--practice", str(path)]) == 0
    assert main(["--check", "--practice", str(path)]) == 1
    capsys.readouterr()
    twin = tmp_path / "twin"
    twin.mkdir()
    profile(twin, 'name: "Клиника  Спина"\n')
    for command in (["--check"], ["--only", "massage", "--out", str(tmp_path / "out")]):
        assert main([*command, "--lang", "ru", "--practice", str(path), str(twin / "practice.yaml")]) == 2
        assert "two practices would share the folder 'клиника-спина'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_field_is_printed_as_typed_and_a_word_wider_than_any_line_stays_inside(tmp_path, edition_en):
    """Markup in a profile is text; a name at its limit without a space is broken, not drawn over the
    footer's page label or off the page."""
    name = ("Gemeinschaftspraxis" * 3)[:LIMITS["name"]]
    practice = load_practice(profile(tmp_path, f'name: "{name}"\nnote: "**Back class** <b>Tuesdays</b> [here](https://a.example)"\n'))
    path = render(edition_en, practice, tmp_path)
    assert "**Back class** <b>Tuesdays</b> [here](https://a.example)" in page_texts(path)[-1]
    assert overprinted(path) == []


def test_a_note_per_language_prints_the_leaflets_own_or_the_english_and_warns_once(tmp_path, capsys):
    """Languages from the project: one with a note of its own, the others fall back to English."""
    from leaflet_builder.inputs.languages import available_languages

    languages = [lang for lang in available_languages(ROOT) if lang != "en"]
    own, others = languages[0], languages[1:]
    path = profile(tmp_path, f"name: Praxis Note\nnote:\n  en: English note here.\n  {own}: Own note {own}.\n")
    practice = load_practice(path)
    assert practice.note_in(own) == f"Own note {own}." and practice.note_in("en") == "English note here."
    assert main(["--lang", ",".join(languages), "--only", "massage", "--practice", str(path),
                 "--out", str(tmp_path / "out")]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "its note" in line]
    assert sorted(warnings) == sorted(f"warning: practice 'Praxis Note': its note has no text in '{lang}'; the "
                                      f"{lang} leaflets print the English one (add {lang}: to note)" for lang in others)
    assert f"Ownnote{own}" in poppler_text(tmp_path / "out" / own / "massage.pdf")
    for lang in others:
        assert "Englishnotehere" in poppler_text(tmp_path / "out" / lang / "massage.pdf"), lang


def poppler_text(path) -> str:
    """The PDF's letters and digits as pdftotext reads them, which follows /ActualText (right-to-left
    text) as pypdf does not."""
    import subprocess

    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(ch for ch in text if ch.isalnum())


def test_a_note_in_one_text_is_every_languages(tmp_path):
    practice = load_practice(profile(tmp_path, "name: Praxis Note\nnote: One note.\n"))
    assert {practice.note_in(lang) for lang in ("en", "de", "ar")} == {"One note."}
    assert practice.note_warning("ar") is None
