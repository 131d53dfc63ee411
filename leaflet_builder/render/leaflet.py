"""One treatment leaflet, from content to PDF bytes.

Takes an Edition, a treatment id, its Layout and optionally the Practice handing it out; gives back
the PDF bytes of the leaflet, or raises a RenderError naming the treatment, language, paper and
variant when it does not fit its layout's page budget.
"""
from __future__ import annotations

import re
from dataclasses import replace

from reportlab.platypus.doctemplate import LayoutError

from ..inputs.content import Edition
from .document import Furniture, LeafletDocument, Metadata, PastPageLimit
from ..errors import PracticeError, RenderError
from ..inputs.layouts import Layout
from .imprint import adapter, notice
from .markup import plain
from ..inputs.practice import Practice
from .parts import leaflet_stories
from .script import writing
from .styles import TIGHT, stylesheet


def metadata(edition: Edition, title: str, subject: str, keywords: tuple) -> Metadata:
    """The PDF's metadata; its author is the publisher who adapted the text (never the practice handing
    it out, nor the source's publisher), its date the day we read the article."""
    return Metadata(title=title, author=adapter(edition), subject=subject, keywords=keywords,
                    lang=edition.strings.locale, date=edition.shared.source.taken_on)


def _part(err: Exception) -> str:
    """The part ReportLab could not place, by the start of its first paragraph: its message otherwise
    names flowables by memory address, of no use to an author."""
    found = re.search(r"<\w*Paragraph at 0x[0-9a-fA-F]+>(.*?)'[(:]", str(err), re.DOTALL)
    return f"the part that begins '{' '.join(found.group(1).split())[:60]}'" if found else "one part"


def leaflet_name(treatment_id: str, lang: str, variant: str) -> str:
    """How messages name one output, e.g. 'massage (en, A4)' or 'massage (en, A5, large print)'."""
    return f"{treatment_id} ({lang}, {variant})"


def render_leaflet(edition: Edition, treatment_id: str, layout: Layout, practice: Practice | None = None) -> bytes:
    """The leaflet's PDF: the first arrangement of its closing sections that keeps within the page
    budget; the first needs no second try in all but the tightest leaflets."""
    with writing(edition):
        try:
            return _fitting_leaflet(edition, treatment_id, layout, practice)
        except RenderError:
            if practice and _fits(edition, treatment_id, layout, None):
                raise PracticeError(_practice_too_long(edition, treatment_id, layout, practice)) from None
            raise


def _fitting_leaflet(edition: Edition, treatment_id: str, layout: Layout, practice: Practice | None) -> bytes:
    treatment = edition.treatment(treatment_id)
    where = leaflet_name(treatment_id, edition.lang, layout.variant_name)
    # the usual spacing first; a leaflet that no arrangement keeps within its pages so (the closing lines of a
    # translation beside a practice's full box) sets its paragraphs a little closer, never its type smaller
    stylesheets = [stylesheet(layout, edition.strings.hyphenation, spacing) for spacing in (1, TIGHT)]
    failures = []
    # the practice in every footer is a convenience the box at the end repeats whole: a leaflet too full
    # for both keeps the box
    footers = (practice.footer, ()) if practice else ((),)
    for styles, footer, story in ((sheet, footer, story) for sheet in stylesheets for footer in footers
                                  for story in leaflet_stories(edition, treatment, layout, sheet, practice)):
        # a try that cannot fit stops where it goes past the budget, as most tries of a full leaflet
        # do, and with a practice the first (its name in every footer) mostly does
        document = _document(edition, treatment, layout, styles, practice, footer,
                             page_limit=layout.paper.max_pages)
        try:
            return _render(document, story, where, layout.paper.max_pages)
        except RenderError as err:
            failures.append(err)
        except PastPageLimit:
            failures.append(None)  # how many pages it needs is counted only if no try fits
    if failures[0] is None:  # the error says the first try's page count: it is laid out whole for it
        document = _document(edition, treatment, layout, stylesheets[0], practice, footers[0])
        _render(document, next(leaflet_stories(edition, treatment, layout, stylesheets[0], practice)), where,
                layout.paper.max_pages)
        failures[0] = RenderError(f"{where}: needs {document.page} pages, layout allows {layout.paper.max_pages}")
    raise failures[0]


def _fits(edition: Edition, treatment_id: str, layout: Layout, practice: Practice | None) -> bool:
    try:
        _fitting_leaflet(edition, treatment_id, layout, practice)
    except RenderError:
        return False
    return True


def _practice_too_long(edition: Edition, treatment_id: str, layout: Layout, practice: Practice) -> str:
    """The line that blames the practice's profile, not the leaflet's text, for a leaflet that fits
    without it: the longest field that, shortened, lets it fit, and how long it may be there."""
    where = leaflet_name(treatment_id, edition.lang, layout.variant_name)
    fields = sorted((name for name in ("note", "address", "website", "email", "qr_url", "name", "phone")
                     if getattr(practice, name)), key=lambda name: -len(str(getattr(practice, name))))
    for name in fields:
        value = getattr(practice, name)
        if isinstance(value, tuple) and name == "address":
            kept = next((count for count in range(len(value) - 1, -1, -1)
                         if _fits(edition, treatment_id, layout, replace(practice, address=value[:count]))), None)
            if kept is not None:
                return (f"{practice.profile}: address: {len(value)} lines do not fit the practice's box on {where}; "
                        f"{kept} do: give it at most {kept} lines")
            continue
        text = value if isinstance(value, str) else practice.note_in(edition.lang) or ""
        if not text:
            continue
        shorter = _longest_fitting(text, lambda cut, name=name, text=text: _fits(edition, treatment_id, layout, replace(
            practice, **{name: cut or (None if name != "name" else text[:1])})))
        if shorter is not None:
            return (f"{practice.profile}: {name}: its {len(text)} characters do not fit the practice's box on {where}; "
                    + (f"{shorter} do: shorten it to at most {shorter}" if shorter else "leave it out"))
    return (f"{practice.profile}: the practice's details together do not fit its box on {where}; "
            f"shorten {', '.join(fields)}")


def _longest_fitting(text: str, fits, tries: int = 6) -> int | None:
    """About the most characters of ``text``, cut after a word, with which ``fits(cut)`` holds: a few
    halvings, as each try lays the leaflet out again; None when not even nothing fits."""
    if not fits(""):
        return None
    low, high = 0, len(text)
    for _ in range(tries):
        middle = (low + high + 1) // 2
        cut = text[:middle].rsplit(" ", 1)[0] if " " in text[:middle] else text[:middle]
        if fits(cut):
            low = max(low, len(cut))
        else:
            high = middle - 1
        if low >= high:
            break
    return low


def _document(edition: Edition, treatment, layout: Layout, styles, practice: Practice | None,
              footer: tuple = (), page_limit: int | None = None) -> LeafletDocument:
    """The leaflet's pages, ``footer`` what each page's footer prints of the practice (Practice.footer)."""
    shared = edition.shared
    furniture = Furniture(title=treatment.name, subtitle=treatment.subtitle, series=shared.series_title,
                          icon=layout.icon, footer="",
                          page_label=edition.strings.label("page", page="{page}", pages="{pages}"),
                          practice=footer, notice=notice(edition))
    return LeafletDocument(layout, styles, furniture, metadata(
        edition, f"{treatment.name} – {shared.series_title}", plain(treatment.key_message),
        (treatment.name, shared.series_title, shared.source.short)), page_limit)


def _render(document: LeafletDocument, story: list, where: str, allowed: int) -> bytes:
    """The document's PDF bytes, with ReportLab's errors said in an author's words."""
    try:
        return document.render(story)
    except LayoutError as err:
        raise RenderError(f"{where}: needs more pages than the {allowed} the layout allows: "
                          f"{_part(err)} cannot be split over pages and is taller than a page") from err
    except ValueError as err:
        if "negative availWidth" not in str(err):  # ReportLab's word for a table column narrower than nothing
            raise
        raise RenderError(f"{where}: the layout leaves {_part(err)} no room for its text; make the margins "
                          "or the type smaller") from err
