"""Who made this: the adapter, the source the text is based on, and its review.

Takes an Edition (with its imprint and review status), optionally the Practice handing it out, and the
Styles; gives back the texts and flowables that say who made a leaflet or brochure: the adapter (the
practice when a profile is given, else the publisher) who is also the PDF's author, the line naming
the article the text is based on, the first page's notice while no qualified reviewer has signed the
text off as it is today, the reviewer's line once one has, and the brochure's imprint page.
"""
from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from ..inputs.content import Edition
from ..inputs.practice import Practice
from .markup import to_paragraph
from .rtl import paragraph
from .styles import Styles


def adapter(edition: Edition, practice: Practice | None = None) -> str:
    return practice.name if practice else edition.imprint.publisher


def footer_text(edition: Edition) -> str:
    """The source's publisher and the date the text was last checked against it: every page's footer."""
    shared, strings = edition.shared, edition.strings
    return (f"{strings.label('source')}: {shared.source.short}  ·  "
            f"{strings.label('last_checked', date=strings.date(shared.last_checked))}")


def made_by(edition: Edition, practice: Practice | None = None, address: bool = True) -> str:
    """'Adapted by …, based on the article "…".', as author markup, with the article's address unless
    the page prints it already (``address=False``); the footer names the article's publisher and date."""
    strings, source = edition.strings, edition.shared.source
    text = strings.label("made_by", adapter=adapter(edition, practice),
                         title=strings.label("quoted", text=source.title))
    return f"{text} [{source.url}]({source.url})" if address else text


def version_note(edition: Edition) -> str:
    """Which version of the article the text is based on: the page the QR code opens may be newer."""
    shared, strings = edition.shared, edition.strings
    return shared.version_note.format(title=strings.label("quoted", text=shared.source.title),
                                      date=strings.date(shared.source.taken_on))


def reviewed_by(edition: Edition) -> str | None:
    """Who checked the text as it is today, with their qualification and the date; None until then."""
    review = edition.review
    if not review.reviewed:
        return None
    latest = review.latest
    return edition.strings.label("reviewed_by", reviewer=latest.reviewer, qualification=latest.qualification,
                                 date=edition.strings.date(latest.date))


def notice(edition: Edition) -> str:
    """The first page's one-line notice that no qualified reviewer has checked the text as it is today;
    empty once one has."""
    return "" if edition.review.reviewed else edition.strings.label("not_reviewed")


def imprint_line(edition: Edition, styles: Styles, practice: Practice | None = None,
                 address: bool = True) -> Paragraph:
    """Under every leaflet: who adapted it from which article and version, and who checked it, if anyone
    has; the article's address only where the QR code's caption does not print it."""
    return paragraph(to_paragraph(imprint_text(edition, practice, address)), styles.body)


def imprint_text(edition: Edition, practice: Practice | None = None, address: bool = True) -> str:
    """The imprint line's author markup, which the leaflet's PDF and its HTML page both print."""
    return " ".join(filter(None, (made_by(edition, practice, address), version_note(edition), reviewed_by(edition))))


def imprint_entries(edition: Edition, practice: Practice | None = None) -> list[tuple[str, list]]:
    """The brochure's imprint as (label key, texts): publisher, source and its version (None where the
    article's address stands), how the text was made, who checked it (or the notice that nobody has yet)
    and when it is next checked; the brochure's PDF and its HTML page both print it."""
    strings = edition.strings
    made = [strings.label("made")]
    if strings.translation:
        made.append(strings.label("translated", translator=strings.translation.translated_by,
                                  date=strings.date(strings.translation.translated_on)))
    return [
        ("publisher", [adapter(edition, practice)]),
        ("based_on", [made_by(edition, practice, address=False), None, version_note(edition), footer_text(edition)]),
        ("how_made", [" ".join(made)]),
        ("review", [reviewed_by(edition) or strings.label("not_reviewed"),
                    strings.label("next_review", date=strings.date(edition.imprint.next_review))]),
    ]


def imprint_page(edition: Edition, styles: Styles, address: Flowable, practice: Practice | None = None) -> list:
    """The brochure's imprint (imprint_entries), with the article's ``address`` as the caller breaks it
    into lines."""
    # the gap goes between entries only: after the last, at a page's foot, it would start a page of its
    # own, empty but for the running header, which the brochure then counts as the imprint's
    return [flowable for index, (key, texts) in enumerate(imprint_entries(edition, practice)) for flowable in (
        *[Spacer(1, styles.body.leading * 0.5)] * bool(index),
        paragraph(to_paragraph(edition.strings.label(key)), styles.glance_label),
        *(address if text is None else paragraph(to_paragraph(text), styles.body) for text in texts))]
