"""Shared fixtures: one build of every language per test session, and helpers that read PDFs."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml

from leaflet_builder.cli import main
from leaflet_builder.inputs.content import load_edition, treatment_ids
from leaflet_builder.inputs.languages import available_languages
from leaflet_builder.inputs.reviews import review_status, review_warning
from pdfcheck import overprinted_in

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "practice.yaml"
# what the project has, never a list of the tests' own: a treatment or language added with its files
# is tested like the others
TREATMENT_IDS = treatment_ids(ROOT)
LANGUAGES = available_languages(ROOT)


def pdf_text(path: Path) -> str:
    """The PDF's text with line breaks and runs of white space folded to single spaces."""
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def content_strings(lang: str) -> list[str]:
    """Every text a language's files hold (i18n/<lang>.yaml and leaflets/<lang>/*.yaml), comments left out."""
    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif isinstance(value, str):
            yield value

    files = [ROOT / "i18n" / f"{lang}.yaml", *sorted((ROOT / "leaflets" / lang).glob("*.yaml"))]
    return [text for path in files for text in walk(yaml.safe_load(path.read_text(encoding="utf-8")))]


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def assert_nothing_overprinted(folder: Path) -> None:
    """No character of any PDF under ``folder`` lies over another or off its page: every build the
    tests make is checked by this once (pdfcheck.overprinted)."""
    found = overprinted_in(folder)
    assert not found, f"{len(found)} characters over text or off the page, e.g.:\n" + "\n".join(found[:12])


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """Every language, built once by ``--lang all``."""
    out = tmp_path_factory.mktemp("dist")
    assert main(["--lang", "all", "--out", str(out)]) == 0
    assert_nothing_overprinted(out)
    return out


@pytest.fixture(scope="session")
def built_practice(tmp_path_factory) -> Path:
    """The English leaflets and brochure with the example practice's profile."""
    out = tmp_path_factory.mktemp("dist-practice")
    assert main(["--lang", "en", "--out", str(out), "--practice", str(EXAMPLE)]) == 0
    assert_nothing_overprinted(out)
    return out / "en"


@pytest.fixture(scope="session")
def variant(tmp_path_factory):
    """Builds the English leaflets with the given options, once per session each."""
    folders = {}

    def build(*options: str):
        if options not in folders:
            out = tmp_path_factory.mktemp("variant")
            assert main(["--lang", "en", "--out", str(out), *options]) == 0
            assert_nothing_overprinted(out)
            folders[options] = out / "en"
        return folders[options]

    return build


@pytest.fixture(scope="session")
def built_en(built) -> Path:
    return built / "en"


@pytest.fixture(scope="session")
def built_de(built) -> Path:
    return built / "de"


@pytest.fixture(scope="session")
def edition_en():
    return load_edition(ROOT, "en")


@pytest.fixture(scope="session")
def edition_de():
    return load_edition(ROOT, "de")


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's content, layouts and interface strings that a test may break."""
    for folder in ("leaflets", "layouts", "i18n", "reviews"):
        if (ROOT / folder).exists():  # reviews/ only once a language has been signed off
            shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).write_text(text, encoding="utf-8")


def replace(root: Path, relative: str, old: str, new: str) -> None:
    """Replace ``old``, which must occur exactly once, in one of the project's files."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {relative} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def review_lines(root: Path, lang: str = "en") -> tuple[list[str], str]:
    """What a build of ``lang`` says of its review: its warning line, if any, and the summary's part."""
    status = review_status(root, lang)
    return [warning for warning in [review_warning(status)] if warning], f"review: {lang} {status.state}; "


def timeless(lines: list[str]) -> list[str]:
    """Lines of output with the summary's seconds and page count, which vary, as S and P."""
    return [re.sub(r"\(\d+ pages\)", "(P pages)", re.sub(r"\d+\.\d\d s\b", "S s", line)) for line in lines]
