"""The gallery staff print from: DIR/index.html and a thumbnail of each PDF.

``thumbnail`` takes a PDF's bytes and gives back a Thumbnail: a JPEG of its first page (rendered with
pypdfium2), its size and the PDF's page count. ``write_index`` takes the output folder and the cards of
the PDFs in it (PDF, thumbnail, title, language, pages, paper, group, review status) and writes index.html, only when
it changed: one card per PDF that opens it for printing. The page has no script and no external
resource, so it works opened straight from disk, and its grid folds to two columns on a phone.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .output import write_if_changed

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
a { display: block; height: 100%; box-sizing: border-box; padding: .5rem; border-radius: .5rem;
    background: #fff; color: inherit; text-decoration: none; border: 1px solid #d0d0c8; }
a:hover, a:focus { border-color: #1a1a1a; outline: 2px solid #1a1a1a; }
img { display: block; width: 100%; height: auto; border: 1px solid #e0e0da; }
strong { display: block; margin-top: .4rem; overflow-wrap: anywhere; hyphens: auto; }
span { display: block; font-size: .9rem; color: #4a4a4a; }
@media (max-width: 30rem) { body { padding: .75rem; } ul { gap: .6rem; } a { padding: .4rem; } }
"""


@dataclass(frozen=True)
class Thumbnail:
    jpeg: bytes
    width: int
    height: int
    pages: int  # of the PDF


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


def _card(card: dict) -> str:
    """One PDF's card, in the PDF's language and direction."""
    pages = card["page_count"]
    return (f'<li lang="{escape(card["lang"])}" dir="{escape(card["dir"])}">'
            f'<a href="{escape(card["pdf"])}" type="application/pdf">'
            f'<img src="{escape(card["thumbnail"])}" width="{card["thumbnail_size"][0]}" '
            f'height="{card["thumbnail_size"][1]}" alt="" loading="lazy">'
            f'<strong>{escape(card["title"])}</strong>'
            f'<span>{escape(card.get("what", ""))} · {escape(card["language"])} · {pages} · '
            f'{escape(card["paper"].upper())}</span>'
            f'<span>{escape(card.get("how", ""))}</span>'
            f'<span>{escape(card.get("review", REVIEW_UNKNOWN))}</span></a></li>')


def index_html(cards: list[dict]) -> str:
    sections, group = [], None
    for card in cards:
        if card["group"] != group:
            group = card["group"]
            sections.append(f"{'</ul>' if sections else ''}<h2 lang=\"{escape(card['lang'])}\" "
                            f"dir=\"{escape(card['dir'])}\">{escape(group)}</h2><ul>")
        sections.append(_card(card))
    listing = "\n".join(sections) + ("</ul>" if cards else "<p>No leaflets built yet.</p>")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leaflets to print</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Leaflets to print</h1>
<p>Tap a file to open it, then print it as its card says.</p>
{listing}
</body>
</html>
"""


def write_index(folder: Path, cards: list[dict]) -> bool:
    """Write folder/index.html if it changed; says whether it wrote."""
    return write_if_changed(folder / INDEX, index_html(cards).encode())
