"""Author markup to ReportLab paragraph markup.

Takes a content string, which is data and never markup; gives back ReportLab paragraph markup in
which every character of the content is escaped, so ``<``, ``>`` and ``&`` print as written. Only
two author conventions become markup, by this module alone: ``**bold**`` and ``[text](address)``
with an https or mailto address. Nothing from content ever reaches a tag's attributes unchecked.
"""
from __future__ import annotations

import re
from html import escape as html_escape

from .script import current


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities; html's escape, as xml.sax.saxutils loads urllib, http and ssl."""
    return html_escape(text, quote=False)


def quoteattr(value: str) -> str:
    return f'"{html_escape(value)}"'


_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:https://|mailto:)[^\s()<>\"']+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _convert(text: str, escape_text, bold, link) -> str:
    """``text`` with its author conventions handed to ``bold`` and ``link`` and the rest to
    ``escape_text``: the one reading of the conventions that markup and plain text share."""
    def bolded(segment: str) -> str:
        parts, last = [], 0
        for match in _BOLD.finditer(segment):
            parts += [escape_text(segment[last:match.start()]), bold(escape_text(match.group(1)))]
            last = match.end()
        return "".join(parts + [escape_text(segment[last:])])

    parts, last = [], 0
    for match in _LINK.finditer(text):
        parts += [bolded(text[last:match.start()]), link(match.group(2), bolded(match.group(1)))]
        last = match.end()
    return "".join(parts + [bolded(text[last:])])


def to_paragraph(text: str, link_colour: str | None = None) -> str:
    """Escape ``text`` for a ReportLab Paragraph, turning **bold** and [text](https://...) into markup,
    with the no-break spaces the language's punctuation wants (script.Writing.spaced)."""
    colour = f" color={quoteattr(link_colour)}" if link_colour else ""
    spaced = current().spaced
    return _convert(text, lambda segment: escape(spaced(segment)), lambda inner: f"<b>{inner}</b>",
                    lambda href, inner: f"<a href={quoteattr(href)}{colour}><u>{inner}</u></a>")


def plain(text: str) -> str:
    """The text a reader sees, without the author conventions: for PDF metadata."""
    return _convert(text, str, str, lambda href, inner: inner)


def linked(markup: str, destination: str) -> str:
    """Paragraph ``markup`` (made by this module) as a link to a named destination in the same PDF."""
    return f"<a href={quoteattr('#' + destination)}>{markup}</a>"
