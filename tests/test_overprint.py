"""The check that no character of a PDF lies over another or off its page (pdfcheck.overprinted),
which every build the test fixtures make passes through: it finds what it is for, and only that."""
from __future__ import annotations

from reportlab.lib.pagesizes import A5
from reportlab.pdfgen.canvas import Canvas

from leaflet_builder.render import fonts
from pdfcheck import overprinted


def pdf(tmp_path, *texts):
    """A one-page A5 PDF with each (x, y, text) drawn in our regular face at 12 pt."""
    path = tmp_path / "drawn.pdf"
    canvas = Canvas(str(path), pagesize=A5)
    canvas.setFont(fonts.register()["regular"], 12)
    for x, y, text in texts:
        canvas.drawString(x, y, text)
    canvas.save()
    return path


def test_lines_of_text_apart_pass(tmp_path):
    lines = (40, 500, "Does it help? Kerning: AVAWAY, ffi"), (40, 485, "gjpqy under Ålesund")
    assert overprinted(pdf(tmp_path, *lines)) == []


def test_text_drawn_over_text_is_found(tmp_path):
    found = overprinted(pdf(tmp_path, (40, 500, "headings.does_it_help"), (100, 501, "Does it help?")))
    assert found and all(line.startswith("page 1: ") and "drawn over each other" in line for line in found)


def test_text_off_the_page_is_found(tmp_path):
    found = overprinted(pdf(tmp_path, (380, 300, "https://www.example.org/a/long/address")))
    assert found and "off the 420 × 595 pt page" in found[0]
