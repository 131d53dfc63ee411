"""Paper sizes and print marks.

Takes nothing; gives back the paper sizes a layout may name, width and height in points, the choices
of --marks and the bound of --creep, without loading ReportLab, so that the command line can offer
them at no cost to a build with nothing to do.
"""
MM = 72 / 25.4
MARKS = ("crop", "none")  # --marks: crop marks outside the bleed, or a page of trim and bleed only

PAPER_SIZES = {"a4": (210 * MM, 297 * MM), "a5": (148 * MM, 210 * MM), "letter": (8.5 * 72, 11 * 72)}

MAX_CREEP_MM = 1  # per sheet: creep is about the paper's thickness, well under this for any booklet's paper

BOOKLET_PAPER = "a5"  # the brochure's page size when it is imposed as a booklet on A4 sheets


def a4_scale(height: float) -> float:
    """How a page of ``height`` compares with A4's: parts sized for A4 shrink with it."""
    return height / PAPER_SIZES["a4"][1]
