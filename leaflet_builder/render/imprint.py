"""What a leaflet says about itself: who made it from what, when we read the article, who checked it,
who hands it out.

Takes an Edition (with its imprint and the review status of its own text and of the English text it
rests on), optionally the Practice handing it out, and the Styles; gives back the texts and flowables
that say so: the adapter, always the publisher of leaflets/imprint.yaml and also the PDF's author; the
practice, named as the one who gives the leaflet to the patient; the line naming the article; the day we
read it, which is never a check or the article's version, and that it may have changed since; for a
translation the one account of how it was made, the same on every leaflet, the method page and the
imprint; the first page's notice of which qualified check the text still lacks, or the reviewer's
line once it has them; and the entries of the brochure's imprint, which brochure.py and html.py lay out.
"""
from __future__ import annotations

from ..inputs.content import SOURCE_LANGUAGE, Edition
from ..inputs.hyphenation import as_name
from ..inputs.practice import Practice
from ..inputs.reviews import REVIEWED


def adapter(edition: Edition) -> str:
    return edition.imprint.publisher


def footer_text(edition: Edition) -> str:
    """The publisher of the article we read (the English one, which a translation's ``as_read`` says) and
    the day our copy was taken: the brochure's footer."""
    strings = edition.strings
    return (f"{strings.label('source')}: {edition.original.short}  ·  "
            f"{strings.label('as_read', date=strings.date(edition.shared.source.taken_on))}")


def _english_title(edition: Edition) -> str:
    """The English article's title, quoted in the reader's language and marked as English words."""
    title = edition.original.title
    if edition.lang != SOURCE_LANGUAGE:
        title = f"[{title}]{{lang={SOURCE_LANGUAGE}}}"
    return edition.strings.label("quoted", text=title)


def made_by(edition: Edition) -> str:
    """'Adapted by …, based on the article "…".' naming the English article we adapted (a translation's
    ``made_by`` says it is the English one), as author markup: the brochure's imprint, beside the address."""
    return edition.strings.label("made_by", adapter=adapter(edition), title=_english_title(edition))


def adapted_from(edition: Edition, address: bool = True) -> str:
    """A leaflet's one sentence on its origin, as author markup: who adapted it from which English article
    on which site, the day we read it, and that it may have changed since (said once, here, not in every
    page's footer); then, unless the QR code's caption prints it (``address=False``), the address of the
    reader's language version, which a translation names as such."""
    strings = edition.strings
    text = strings.label("adapted_from", adapter=adapter(edition), title=_english_title(edition),
                         source=edition.original.short, date=strings.date(edition.shared.source.taken_on))
    return f"{text} {own_version(edition)}" if address else text


def own_version(edition: Edition) -> str:
    """The address of the article in the reader's language, as author markup; a translation names it as
    its language's version, so that it never reads as the English article's address."""
    return " ".join(filter(None, _own_version_lines(edition)))


def _own_version_lines(edition: Edition) -> tuple[str, str]:
    """own_version as its label (empty in English) and the address with what follows it."""
    url = edition.shared.source.url
    label, _, rest = edition.strings.label("own_version", address="\0").partition("\0")
    return label.strip(), f"[{url}]({url}){rest}"


def based_on(edition: Edition) -> list[str]:
    """What the texts rest on, as author markup, in the same words on the brochure's method page and in
    its imprint: the English article we adapted and who adapted it, the address of the reader's version,
    the copy we used, and that the article may have changed since."""
    # the address on a paragraph of its own, its label on the one before: a link that followed text and broke
    # over several lines kept no text in its Link element (outloud LNK-003)
    return [made_by(edition), *filter(None, _own_version_lines(edition)), copy_used(edition),
            may_have_changed(edition)]


def given_by(edition: Edition, practice: Practice | None) -> str:
    """'Given to you by <practice>.' with a practice profile, else empty."""
    return edition.strings.label("given_by", practice=practice.name) if practice else ""


def may_have_changed(edition: Edition) -> str:
    """That the article the link and the QR code lead to may have changed since we read it: the brochure's
    (its pages' footer says when; a leaflet says it in adapted_from)."""
    return edition.strings.label("may_have_changed")


def copy_used(edition: Edition) -> str:
    """The copy of the article the texts rest on: the day we read it, and how many treatments it covered."""
    return edition.strings.label("copy_used", date=edition.strings.date(edition.shared.source.taken_on),
                                 count=len(edition.treatments))


def translated(edition: Edition) -> str:
    """For a translation, how it was made: from which version, by whom, with which terms, and that its
    statements are traced through the English text; empty for the English edition."""
    strings = edition.strings
    if not strings.translation:
        return ""
    return strings.label("translated", translator=strings.translation.translated_by)


def reviewed_by(edition: Edition) -> str | None:
    """Who checked the text as it is today, with their qualification and the date; None until then."""
    review = edition.review
    if not review.reviewed:
        return None
    latest = review.latest
    return edition.strings.label("reviewed_by", reviewer=latest.reviewer, qualification=latest.qualification,
                                 date=edition.strings.date(latest.date))


def notice(edition: Edition) -> str:
    """The first page's one-line notice of the qualified checks the text lacks as it is today: the
    content's by a health professional (the English text's sign-off) and, for a translation, the
    translation's by a qualified translator; empty once it has both."""
    content = edition.content_review.state == REVIEWED
    own = edition.review.state == REVIEWED
    if edition.strings.translation is None or own:
        return "" if content else edition.strings.label("not_reviewed")
    return edition.strings.label("translation_not_reviewed" if content else "neither_reviewed")


def imprint_texts(edition: Edition, practice: Practice | None = None, address: bool = True) -> list[str]:
    """Under every leaflet, once, as author markup that the leaflet's PDF and its HTML page both print:
    the practice that hands it out and the leaflet's origin (adapted_from); then, as a text of its own
    that the closing block may place apart, how a translation was made and who checked it, if anyone has."""
    texts = (" ".join(filter(None, (given_by(edition, practice), adapted_from(edition, address)))),
             " ".join(filter(None, (translated(edition), reviewed_by(edition)))))
    return [text for text in texts if text]


def imprint_entries(edition: Edition, practice: Practice | None = None) -> list[tuple[str, list]]:
    """The brochure's imprint as (label key, texts of author markup): publisher (and the practice handing
    it out), what it rests on (based_on), how the text was made, who checked it (or the notice of what is
    not yet checked) and when it is next checked against the article; the brochure's PDF and its HTML
    page both print it."""
    strings = edition.strings
    entries = [
        ("publisher", [as_name(adapter(edition)), given_by(edition, practice)]),
        ("based_on", based_on(edition)),
        ("how_made", [" ".join(filter(None, (strings.label("made"), translated(edition))))]),
        ("review", [reviewed_by(edition), notice(edition),
                    strings.label("next_review", date=strings.date(edition.imprint.next_review))]),
    ]
    return [(key, [text for text in texts if text]) for key, texts in entries]

