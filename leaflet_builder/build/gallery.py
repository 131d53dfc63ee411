"""The gallery staff print from: DIR/index.html and a thumbnail of each PDF.

``thumbnail`` takes a PDF's bytes and gives back a Thumbnail: a JPEG of its first page (rendered with
pypdfium2), its size and the PDF's page count. ``write_index`` takes the output folder and the cards of
the PDFs in it (PDF, thumbnail, title, language, pages, paper, group, review status, HTML twin) and writes
index.html, only when it changed: one card per PDF that opens it for printing, with a link to its web page,
under a list of its practices and languages that links each one's cards. The page has no script and no external
resource, so it works opened straight from disk, and its grid folds to two columns on a phone. It is
written in pieces, from cards the build state gives out one at a time: the page of a batch of a thousand
practices is some 8 MB.
"""
from __future__ import annotations

import io
from collections import namedtuple
from pathlib import Path

from ..render.html import fill
from .output import pieces, write_if_changed

THUMBNAIL_WIDTH = 320  # pixels: sharp at the card's width on a phone's dense screen
INDEX = "index.html"
REVIEW_UNKNOWN = "review status unknown: build again"  # a card an older builder recorded

STYLE = """
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; color: #1a1a1a; background: #f4f4f1;
       font-size: 1.05rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
p { max-width: 40rem; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem;
     grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); }
li { display: flex; flex-direction: column; gap: .3rem; }
a { display: block; flex: 1; box-sizing: border-box; padding: .5rem; border-radius: .5rem;
    background: #fff; color: inherit; text-decoration: none; border: 1px solid #d0d0c8; }
a:hover, a:focus { border-color: #1a1a1a; outline: 2px solid #1a1a1a; }
a.twin { flex: none; text-decoration: underline; font-size: .95rem; }
.hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
ol.sets { display: flex; flex-wrap: wrap; gap: .4rem; padding: 0; list-style: none; }
ol.sets a { flex: none; padding: .3rem .6rem; text-decoration: underline; }
img { display: block; width: 100%; height: auto; border: 1px solid #e0e0da; }
strong { display: block; margin-top: .4rem; overflow-wrap: anywhere; hyphens: auto; }
span { display: block; font-size: .9rem; color: #4a4a4a; }
@media (max-width: 30rem) { body { padding: .75rem; } ul { gap: .6rem; } a { padding: .4rem; } }
"""


# "pages": of the PDF; a named tuple, not a dataclass: see errors.Problem
Thumbnail = namedtuple("Thumbnail", "jpeg width height pages")


def thumbnail(pdf: bytes) -> Thumbnail:
    """Page 1, THUMBNAIL_WIDTH pixels wide."""
    import pypdfium2  # here, not above: a build with nothing to do never loads it

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=THUMBNAIL_WIDTH / page.get_width()).to_pil()
        buffer = io.BytesIO()
        # JPEG: at this size it looks the same as PNG, and is smaller and faster to make.
        image.save(buffer, format="JPEG", quality=85)
        return Thumbnail(buffer.getvalue(), image.width, image.height, len(document))
    finally:
        document.close()


CARD = ('<li lang="{lang}" dir="{dir}"><a href="{pdf}" type="application/pdf">'
        '<img src="{thumbnail}" width="{width}" height="{height}" alt="" loading="lazy">'
        '<strong>{title}</strong><span>{what} · {language} · {pages} · {paper}</span>'
        '<span>{how}</span><span>{review}</span></a>')
TWIN = '<a class="twin" href="{html}">{label}<span class="hidden"> – {title}</span></a>'
GROUP = '<h2 id="{anchor}" lang="{lang}" dir="{dir}">{group}</h2><ul>'
EARLIER_GROUP = '<h2 id="{anchor}"><bdi lang="{lang}" dir="{dir}">{group}</bdi>: made by an earlier build</h2><ul>'
NAV_ENTRY = '<li><a href="#{anchor}"><bdi lang="{lang}" dir="{dir}">{group}</bdi>{earlier}</a></li>'
EARLIER_REVIEW = "{review} on {day}; build it again for its status today"


def _card(card: dict) -> str:
    """One PDF's card, in the PDF's language and direction."""
    width, height = card["thumbnail_size"]
    review = card.get("review", REVIEW_UNKNOWN)
    if "earlier" in card:
        review = EARLIER_REVIEW.format(review=review, day=card["earlier"])
    twin = fill(TWIN, html=card["html"], label=card["html_label"], title=card["title"]) if "html" in card else ""
    return fill(CARD, lang=card["lang"], dir=card["dir"], pdf=card["pdf"], thumbnail=card["thumbnail"],
                width=width, height=height, title=card["title"], what=card.get("what", ""),
                language=card["language"], pages=card["page_count"], paper=card["paper"].upper(),
                how=card.get("how", ""), review=review) + twin + "</li>"


def _groups(cards):
    """The first card of each group, in order: this build's cards by group, then those of earlier builds."""
    group = None
    for card in cards:
        if (card["group"], "earlier" in card) != group:
            group = (card["group"], "earlier" in card)
            yield card


def index_text(cards):
    """The page, in pieces: its cards by group, this build's first, then those of earlier builds, marked
    as such. ``cards`` are gone through twice: for the list of groups at the top, then for the page."""
    # the practices and languages, each a link to its section: nine languages make 117 cards
    entries = [fill(NAV_ENTRY, anchor=f"group-{number}", lang=card["lang"], dir=card["dir"], group=card["group"],
                    earlier=": made by an earlier build" if "earlier" in card else "")
               for number, card in enumerate(_groups(cards), 1)]
    contents = (f'<nav aria-labelledby="sets"><h2 id="sets">Practices and languages</h2><ol class="sets">'
                f'{"".join(entries)}</ol></nav>') if len(entries) > 1 else ""
    yield f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leaflets to print</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Leaflets to print</h1>
<p>Tap a file to open it, then print it as its card says; its web page is the same text for a screen.</p>
{contents}
"""
    group, number = None, 0
    for card in cards:
        if (card["group"], "earlier" in card) != group:
            group, number = (card["group"], "earlier" in card), number + 1
            heading = EARLIER_GROUP if "earlier" in card else GROUP
            yield ("\n</ul>" if number > 1 else "") + fill(heading, anchor=f"group-{number}", lang=card["lang"],
                                                           dir=card["dir"], group=card["group"])
        yield "\n" + _card(card)
    yield ("</ul>" if number else "<p>No leaflets built yet.</p>") + "\n</body>\n</html>\n"


def write_index(folder: Path, cards) -> bool:
    """Write folder/index.html if it changed; says whether it wrote. ``cards``: a list, or the state's
    Cards, which give out each card as the page is written."""
    return write_if_changed(folder / INDEX, lambda: pieces(index_text(cards)))
