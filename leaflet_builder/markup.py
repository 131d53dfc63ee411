"""Author markup to ReportLab paragraph markup.

Takes a content string, which is data and never markup; gives back ReportLab paragraph markup in
which every character of the content is escaped, so ``<``, ``>`` and ``&`` print as written. Only
two author conventions become markup, by this module alone: ``**bold**`` and ``[text](address)``
with an https or mailto address. Nothing from content ever reaches a tag's attributes unchecked.
"""
from __future__ import annotations

import re
from html import escape as html_escape


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities; html's escape, as xml.sax.saxutils loads urllib, http and ssl."""
    return html_escape(text, quote=False)


def quoteattr(value: str) -> str:
    return f'"{html_escape(value)}"'


_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:https://|mailto:)[^\s()<>\"']+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _bold(text: str) -> str:
    parts, last = [], 0
    for match in _BOLD.finditer(text):
        parts += [escape(text[last:match.start()]), "<b>", escape(match.group(1)), "</b>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def to_paragraph(text: str, link_colour: str | None = None) -> str:
    """Escape ``text`` for a ReportLab Paragraph, turning **bold** and [text](https://...) into markup."""
    colour = f" color={quoteattr(link_colour)}" if link_colour else ""
    parts, last = [], 0
    for match in _LINK.finditer(text):
        parts += [_bold(text[last:match.start()]),
                  f"<a href={quoteattr(match.group(2))}{colour}><u>{_bold(match.group(1))}</u></a>"]
        last = match.end()
    parts.append(_bold(text[last:]))
    return "".join(parts)


def plain(text: str) -> str:
    """The text a reader sees, without the author conventions: for metadata and table cells."""
    return _BOLD.sub(r"\1", _LINK.sub(r"\1", text))
