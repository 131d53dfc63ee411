"""Author markup to ReportLab paragraph markup.

Takes a content string, which is data and never markup; gives back ReportLab paragraph markup in
which every character of the content is escaped, so ``<``, ``>`` and ``&`` print as written. Only
two author conventions become markup, by this module alone: ``**bold**`` and ``[text](address)``
with an https or mailto address. A third, ``[phrase]{lang=de}``, marks a phrase in another language
(inputs.hyphenation.FOREIGN_PHRASE): it prints as the phrase, without the language's punctuation
spacing, and the hyphenator never breaks its words. Nothing from content ever reaches a tag's
attributes unchecked.
"""
from __future__ import annotations

import re
from html import escape as html_escape

from ..inputs.hyphenation import FOREIGN_PHRASE
from .script import current


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities; html's escape, as xml.sax.saxutils loads urllib, http and ssl."""
    return html_escape(text, quote=False)


def quoteattr(value: str) -> str:
    return f'"{html_escape(value)}"'


# A web or e-mail address written out in the text (a "/", "@" or "www.", which no word has) longer
# than this many characters is broken into lines of at most as many: ReportLab breaks lines only at
# spaces, and would let it run off the page. 30 characters fit every frame body text stands in.
LONGEST_ADDRESS_LINE = 30
_ADDRESS = re.compile(r"\S*(?:/|@|www\.)\S*")
_ADDRESS_PIECE = re.compile(r"[^/?&=.@\-]*[/?&=.@\-]?")  # each piece ends where an address may break


def split_address(address: str, fits) -> list[str]:
    """A web or e-mail address as lines for which ``fits(line)`` holds, broken after '/', '?', '&',
    '=', '.', '@' or '-' where it can be, and where it must in a piece too long for a line."""
    lines, line = [], ""
    for piece in filter(None, _ADDRESS_PIECE.findall(address)):
        if line and not fits(line + piece):
            lines.append(line)
            line = ""
        while len(line + piece) > 1 and not fits(line + piece):
            cut = next((end for end in range(len(line + piece) - 1, 0, -1) if fits((line + piece)[:end])), 1)
            lines.append((line + piece)[:cut])
            line, piece = "", (line + piece)[cut:]
        line += piece
    return [text for text in [*lines, line] if text]


def _broken_address(address: str) -> str:
    """``address`` as escaped lines of at most LONGEST_ADDRESS_LINE characters."""
    lines = split_address(address, lambda line: len(line) <= LONGEST_ADDRESS_LINE)
    return "<br/>".join(escape(line) for line in lines)


def _escaped_text(text: str) -> str:
    """Plain text escaped, every address too long for a line broken into lines; right-to-left text is
    laid out by rtl.py, which breaks its own lines."""
    if current().rtl:
        return escape(text)
    return "".join(_broken_address(part) if len(part) > LONGEST_ADDRESS_LINE and _ADDRESS.fullmatch(part)
                   else escape(part) for part in re.split(r"(\s+)", text))


_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:https://|mailto:)[^\s()<>\"']+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def convert(text: str, escape_text, bold, link, foreign=None) -> str:
    """``text`` with its author conventions handed to ``bold``, ``link`` and ``foreign`` (a phrase in
    another language, given its language tag and its text) and the rest to ``escape_text``: the one
    reading of the conventions that markup and plain text share. A phrase holds plain text only."""
    foreign = foreign or (lambda tag, phrase: escape_text(phrase))

    def spanned(segment: str) -> str:
        parts, last = [], 0
        for match in FOREIGN_PHRASE.finditer(segment):
            parts += [escape_text(segment[last:match.start()]), foreign(match.group(2), match.group(1))]
            last = match.end()
        return "".join(parts + [escape_text(segment[last:])])

    def bolded(segment: str) -> str:
        parts, last = [], 0
        for match in _BOLD.finditer(segment):
            parts += [spanned(segment[last:match.start()]), bold(spanned(match.group(1)))]
            last = match.end()
        return "".join(parts + [spanned(segment[last:])])

    parts, last = [], 0
    for match in _LINK.finditer(text):
        parts += [bolded(text[last:match.start()]), link(match.group(2), bolded(match.group(1)))]
        last = match.end()
    return "".join(parts + [bolded(text[last:])])


def spaced(text: str) -> str:
    """``text`` with the language's punctuation spacing, none inside a phrase in another language: each
    phrase is held out by a mark that is not a space, so the marks around it still get theirs."""
    phrases = []

    def hold(match) -> str:
        phrases.append(match.group(0))
        return f"\0{len(phrases) - 1}\0"

    spaced = current().spaced(FOREIGN_PHRASE.sub(hold, text))
    return re.sub("\0(\\d+)\0", lambda match: phrases[int(match.group(1))], spaced)


def to_paragraph(text: str, link_colour: str | None = None) -> str:
    """Escape ``text`` for a ReportLab Paragraph, turning **bold** and [text](https://...) into markup,
    with the no-break spaces the language's punctuation wants (script.Writing.spaced)."""
    colour = f" color={quoteattr(link_colour)}" if link_colour else ""
    return convert(spaced(text), _escaped_text, lambda inner: f"<b>{inner}</b>",
                    lambda href, inner: f"<a href={quoteattr(href)}{colour}><u>{inner}</u></a>",
                    lambda tag, phrase: _escaped_text(phrase))


def plain(text: str) -> str:
    """The text a reader sees, without the author conventions: for PDF metadata."""
    return convert(text, str, str, lambda href, inner: inner)


def linked(markup: str, destination: str) -> str:
    """Paragraph ``markup`` (made by this module) as a link to a named destination in the same PDF."""
    return f"<a href={quoteattr('#' + destination)}>{markup}</a>"
