"""Shared fixtures: one English build per test session, and helpers that read PDFs."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from leaflet_builder.cli import main
from leaflet_builder.content import load_edition

ROOT = Path(__file__).resolve().parent.parent
TREATMENT_IDS = (
    "acupuncture", "electrotherapy", "kinesiology-taping", "short-wave-diathermy", "laser-therapy",
    "magnetic-field-therapy", "manual-therapy", "massage", "osteopathy", "heat-and-cold",
    "therapeutic-ultrasound", "traction",
)


def pdf_text(path: Path) -> str:
    """The PDF's text with line breaks and runs of white space folded to single spaces."""
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


@pytest.fixture(scope="session")
def built_en(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    assert main(["--lang", "en", "--out", str(out)]) == 0
    return out / "en"


@pytest.fixture(scope="session")
def edition_en():
    return load_edition(ROOT, "en")


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's content, layouts and interface strings that a test may break."""
    for folder in ("leaflets", "layouts", "i18n"):
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
