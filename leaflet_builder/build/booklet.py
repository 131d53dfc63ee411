"""The booklet: the brochure laid out at A5 (render/) and imposed two-up (pdf/).

Takes an Edition, the checked Layouts and, optionally, a Practice; gives back the PDF bytes of the
booklet, in saddle-stitch order, bound on the right for a right-to-left language: on A4 sheets for an
office printer; print-ready, on sheets trimmed to the two pages they hold, whose bleed the pages fill
however far the booklet's creep moves them, with the marks the layout asks for. Here, in build/,
because it joins two stages that do not know each other.
"""
from __future__ import annotations

import dataclasses

from ..errors import RenderError
from ..inputs.content import Edition
from ..inputs.layouts import Layouts
from ..inputs.paper import BOOKLET_PAPER, MM
from ..inputs.practice import Practice

CREEP_KEEPS_CLEAR = 3 * MM  # creep may take the inner margin down to this: text keeps from the fold as from a trim


def booklet_pdf(edition: Edition, layouts: Layouts, practice: Practice | None = None) -> bytes:
    # pypdf takes a tenth of a second to load: only for a booklet
    from ..pdf.impose import OFFICE_SHEET, Sheet, creep_reach, impose_booklet
    from ..render.brochure import render_brochure, sheet_marks

    layout, booklet = layouts.booklet
    sheet = OFFICE_SHEET
    if layout.print_marks:
        marks, paper = layout.print_marks, layout.paper
        furniture = sheet_marks(layout, 2 * paper.width, paper.height) if marks.crop else None
        sheet = Sheet(2 * paper.width, paper.height, bleed=marks.bleed, margin=marks.margin, creep=booklet.creep,
                      creep_room=min(paper.left, paper.right) - CREEP_KEEPS_CLEAR, furniture=furniture)
        # the pages as trim and bleed alone (the sheet has the marks), their bleed reaching as far as
        # creep may move the innermost sheet's pages, so that the sheet's bleed stays full
        layout = dataclasses.replace(layout, print_marks=dataclasses.replace(
            marks, crop=False, bleed=marks.bleed + creep_reach(paper.max_pages, booklet.creep)))
    try:
        return impose_booklet(render_brochure(edition, (layout, booklet), layouts.treatments, practice), sheet,
                              right_to_left=edition.strings.direction == "rtl")
    except ValueError as err:
        raise RenderError(f"brochure-booklet ({edition.lang}, {BOOKLET_PAPER.upper()} pages): {err}") from err
