"""The booklet: the brochure laid out at A5 (render/) and imposed two-up on A4 sheets (pdf/).

Takes an Edition, the checked Layouts and, optionally, a Practice; gives back the PDF bytes of the
booklet, in saddle-stitch order; print-ready, its pages keep their bleed and the sheets get the marks
the layout asks for. Here, in build/, because it joins two stages that do not know each other.
"""
from __future__ import annotations

import dataclasses

from ..errors import RenderError
from ..inputs.content import Edition
from ..inputs.layouts import Layouts
from ..inputs.paper import BOOKLET_PAPER
from ..inputs.practice import Practice


def booklet_pdf(edition: Edition, layouts: Layouts, practice: Practice | None = None) -> bytes:
    # pypdf takes a tenth of a second to load: only for a booklet
    from ..pdf.impose import OFFICE_SHEET, Sheet, impose_booklet
    from ..render.brochure import render_brochure, sheet_marks

    layout, booklet = layouts.booklet
    sheet = OFFICE_SHEET
    if layout.print_marks:
        marks = layout.print_marks
        furniture = sheet_marks(layout, OFFICE_SHEET.width, OFFICE_SHEET.height) if marks.crop else None
        sheet = Sheet(OFFICE_SHEET.width, OFFICE_SHEET.height, bleed=marks.bleed, margin=marks.margin,
                      creep=booklet.creep, furniture=furniture)
        # the pages as trim and bleed alone: the sheet has the marks
        layout = dataclasses.replace(layout, print_marks=dataclasses.replace(marks, crop=False))
    try:
        return impose_booklet(render_brochure(edition, (layout, booklet), layouts.treatments, practice), sheet)
    except ValueError as err:
        raise RenderError(f"brochure-booklet ({edition.lang}, {BOOKLET_PAPER.upper()} on A4): {err}") from err
