"""The same input gives the same bytes: across builds, across --jobs 1 and 2, and with dates that come
from the content's "last checked" date or SOURCE_DATE_EPOCH, never the clock."""
from __future__ import annotations

import datetime

import pypdf
import pytest

from leaflet_builder.cli import main

SOME = ("acupuncture", "massage", "traction")
# English, and Arabic, whose shaped glyphs without a character of their own get private codes in the
# order a process first meets them: two workers meet them in other orders than one process
LANGS = ("en", "ar")


def files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The same three leaflets in each of LANGS built in one process and in two worker processes."""
    made = {}
    for workers in ("1", "2"):
        out = tmp_path_factory.mktemp(f"jobs{workers}")
        assert main(["--lang", ",".join(LANGS), "--only", ",".join(SOME), "--jobs", workers, "--out", str(out),
                     "-q"]) == 0
        made[workers] = files(out)
    return made


def test_jobs_1_and_2_give_identical_files(builds):
    # PDFs, thumbnails, web pages, each language's regular and bold font, index.html, build state (the lock
    # is on the folder)
    assert len(builds["1"]) == (len(SOME) * 3 + 2) * len(LANGS) + 2
    assert builds["1"] == builds["2"]


def test_a_second_build_gives_identical_pdfs(builds, built):
    # The session build made every leaflet of every language, in other processes and another order.
    for lang in LANGS:
        for treatment_id in SOME:
            assert (built / lang / f"{treatment_id}.pdf").read_bytes() == builds["1"][f"{lang}/{treatment_id}.pdf"]


def test_pdf_dates_are_the_day_we_read_the_article(built_en, edition_en):
    day = edition_en.shared.source.taken_on.strftime("%Y%m%d")
    info = pypdf.PdfReader(built_en / "massage.pdf").metadata
    assert info["/CreationDate"] == info["/ModDate"] == f"D:{day}000000+00'00'"


def test_source_date_epoch_sets_the_dates(tmp_path, monkeypatch):
    epoch = 1_700_000_000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    assert main(["--only", "traction", "--jobs", "1", "--out", str(tmp_path), "-q"]) == 0
    info = pypdf.PdfReader(tmp_path / "en" / "traction.pdf").metadata
    expected = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("D:%Y%m%d%H%M%S")
    assert info["/CreationDate"] == info["/ModDate"] == f"{expected}+00'00'"


def test_a_bad_source_date_epoch_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert main(["--only", "traction", "--out", str(tmp_path)]) == 2
    assert "SOURCE_DATE_EPOCH" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
