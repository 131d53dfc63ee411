"""One treatment leaflet, from content to PDF bytes.

Takes an Edition, a treatment id and its Layout; gives back the PDF bytes of the leaflet, or raises a
RenderError naming the treatment, language and paper when it does not fit its layout's page budget.
"""
from __future__ import annotations

from reportlab.platypus.doctemplate import LayoutError

from .content import Edition
from .document import Furniture, LeafletDocument, Metadata
from .errors import RenderError
from .layouts import Layout
from .markup import plain
from .render import leaflet_story
from .styles import stylesheet


def footer_text(edition: Edition) -> str:
    shared, strings = edition.shared, edition.strings
    return (f"{strings.label('source')}: {shared.source.short}  ·  "
            f"{strings.label('last_checked', date=strings.date(shared.last_checked))}")


def metadata(edition: Edition, title: str, subject: str, keywords: tuple) -> Metadata:
    return Metadata(title=title, author=edition.shared.source.short, subject=subject, keywords=keywords,
                    lang=edition.strings.locale, date=edition.shared.last_checked)


def render_leaflet(edition: Edition, treatment_id: str, layout: Layout) -> bytes:
    treatment = edition.treatment(treatment_id)
    shared = edition.shared
    styles = stylesheet(layout, edition.strings.hyphenation)
    furniture = Furniture(title=treatment.name, subtitle=treatment.subtitle, series=shared.series_title,
                          icon=layout.icon, footer=footer_text(edition),
                          page_label=edition.strings.label("page", page="{page}", pages="{pages}"))
    document = LeafletDocument(layout, styles, furniture, metadata(
        edition, f"{treatment.name} – {shared.series_title}", plain(treatment.key_message),
        (treatment.name, shared.series_title, shared.source.short)))
    where = f"{treatment_id} ({edition.lang}, {layout.paper.name.upper()})"
    try:
        pdf = document.render(leaflet_story(edition, treatment, layout, styles))
    except LayoutError as err:
        raise RenderError(f"{where}: a part does not fit on a page: {str(err).splitlines()[0][:120]}") from err
    if document.page_count > layout.paper.max_pages:
        raise RenderError(f"{where}: needs {document.page_count} pages, layout allows {layout.paper.max_pages}")
    return pdf
