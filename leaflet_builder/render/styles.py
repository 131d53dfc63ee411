"""The one stylesheet.

Takes a Layout and the language's hyphenator (a hyphenation.Hyphenator, or "" for none); gives back
``Styles``: every ParagraphStyle a leaflet or the brochure uses, all in the language's font (fonts.py),
left-aligned (right-aligned in a right-to-left language), in the layout's type scale and CMYK colours. No
style anywhere else starts from ReportLab's sample styles, which use Helvetica.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import CMYKColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from . import fonts
from .script import current
from ..inputs.hyphenation import Hyphenator
from ..inputs.layouts import Layout
from ..inputs.typeface import FAMILIES


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    bullet: ParagraphStyle
    heading: ParagraphStyle
    page_heading: ParagraphStyle
    key_message: ParagraphStyle
    glance_heading: ParagraphStyle
    glance_label: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    series: ParagraphStyle
    footer_right: ParagraphStyle
    small: ParagraphStyle
    practice_name: ParagraphStyle
    table: ParagraphStyle
    icon_name: ParagraphStyle
    table_head: ParagraphStyle
    contents: ParagraphStyle
    contents_sub: ParagraphStyle
    notice: ParagraphStyle
    imprint: ParagraphStyle


# the share of the usual space between paragraphs and around headings that still sets each apart at a glance:
# what a leaflet with the longest closing lines and a practice's box takes to keep within its pages (issue 19)
TIGHT = 0.75


@cache
def colour(cmyk: tuple) -> CMYKColor:
    """The ReportLab colour of a layout's CMYK tuple (inputs/ stay free of ReportLab)."""
    return CMYKColor(*cmyk)


def printed_size(layout: Layout, size: float) -> float:
    """A layout's type size in the family being rendered in: scaled to Atkinson Hyperlegible's x-height,
    but never below the clear-print floor (12 pt, or 16 pt in large print) that the size meets."""
    floor = min(size, 16 if layout.large_print else 12)
    return max(size * FAMILIES[current().family].size_adjust, floor)


_MADE_MAX = 256
_made: dict[tuple, list] = {}  # (layout's name, hyphenator, spacing, writing) -> [(layout, hyphenator, Styles)]


def stylesheet(layout: Layout, hyphenation: Hyphenator | str = "", spacing: float = 1) -> Styles:
    """``spacing``: the share of the usual room between paragraphs and around headings (TIGHT for a leaflet
    that fits its pages only so); type sizes and leading never change with it. The styles are those of
    ``layout`` in the writing being rendered in (script.current: its family and direction), the same
    objects for an equal layout, the same hyphenator, spacing and writing, as styles are never changed:
    each leaflet and brochure chapter of every practice's set asked for them anew, and the layout cache
    works out a key for each new style."""
    key = (layout.name, id(hyphenation), spacing, current())
    for made_layout, made_hyphenation, styles in _made.get(key, ()):
        if made_hyphenation is hyphenation and made_layout == layout:  # held: its id is not another's
            return styles
    styles = _stylesheet(layout, hyphenation, spacing)
    if sum(map(len, _made.values())) >= _MADE_MAX:
        _made.clear()
    _made.setdefault(key, []).append((layout, hyphenation, styles))
    return styles


def _stylesheet(layout: Layout, hyphenation: Hyphenator | str, spacing: float) -> Styles:
    faces = fonts.register()
    colours, sizes = layout.colours, layout.type
    # right-to-left text is right-aligned and never hyphenated (rtl.RtlParagraph lays it out)
    start, end = (TA_RIGHT, TA_LEFT) if current().rtl else (TA_LEFT, TA_RIGHT)

    def style(name, role, bold=False, text_colour=colours.text, **extra):
        size, leading = printed_size(layout, sizes[role].size), sizes[role].leading
        settings = dict(fontName=faces["bold" if bold else "regular"], fontSize=size,
                        leading=leading * size / sizes[role].size, textColor=colour(text_colour), alignment=start,
                        hyphenationLang=hyphenation, embeddedHyphenation=1, uriWasteReduce=0.3,
                        # a word breaks only with a hyphen, where the dictionary allows: one wider than its
                        # line overflows rather than lose letters to the next line unmarked ("Käl / teanwendungen";
                        # tables make their columns as wide as their longest word)
                        splitLongWords=0,
                        allowWidows=0, allowOrphans=0)
        spaces = {key: extra[key] * spacing for key in ("spaceBefore", "spaceAfter") if key in extra}
        return ParagraphStyle(name, **{**settings, **extra, **spaces})

    body = style("body", "body", spaceAfter=sizes["body"].leading * 0.35)
    return Styles(
        body=body,
        bullet=style("bullet", "body", spaceAfter=sizes["body"].leading * 0.25),
        # tag_role "H": a heading one level below the title above it (see tagging/elements.py)
        heading=style("heading", "heading", bold=True, text_colour=colours.accent, keepWithNext=1, tag_role="H",
                      spaceBefore=sizes["heading"].leading * 0.45, spaceAfter=sizes["body"].leading * 0.25),
        # a heading alone at the head of a page (Notes, the back cover): kept with nothing, as what
        # follows may be a page break or a block pushed to the foot of the page
        page_heading=style("page_heading", "heading", bold=True, text_colour=colours.accent, tag_role="H"),
        key_message=style("key_message", "key_message", bold=True, spaceAfter=sizes["body"].leading * 0.6),
        glance_heading=style("glance_heading", "heading", bold=True, spaceAfter=2),
        glance_label=style("glance_label", "body", bold=True),
        # a treatment's name is read at a glance: it breaks between words, never inside one
        title=style("title", "title", bold=True, text_colour=colours.on_accent, hyphenationLang=""),
        # a subtitle too: the reader takes it in with the title
        subtitle=style("subtitle", "subtitle", text_colour=colours.on_accent, hyphenationLang=""),
        series=style("series", "series", text_colour=colours.on_accent),
        footer_right=style("footer_right", "footer", alignment=end),
        small=style("small", "footer"),
        # names are not hyphenated
        practice_name=style("practice_name", "body", bold=True, leading=sizes["body"].size * 1.25,
                            spaceAfter=3, hyphenationLang=""),
        table=style("table", "table"),
        # a treatment's name under its icon on the brochure's cover, read at a glance like a title
        icon_name=style("icon_name", "table", hyphenationLang=""),
        table_head=style("table_head", "table", bold=True),
        # a column's heading is read at a glance: it breaks between words where they fit the column
        contents=style("contents", "body", bold=True, spaceBefore=sizes["body"].leading * 0.6),
        contents_sub=style("contents_sub", "body", **{"rightIndent" if current().rtl else "leftIndent":
                                                       sizes["body"].size * 1.4}),
        # the first page's notice, in its title band, that no qualified reviewer has checked the text
        notice=style("notice", "series", bold=True, text_colour=colours.on_accent),
        # the leaflet's line on itself: a colophon, a step below the body, in clear print (the table's size)
        imprint=style("imprint", "table"),
    )
