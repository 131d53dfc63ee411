"""Author markup to ReportLab paragraph markup.

Takes a content string, which is data and never markup; gives back ReportLab paragraph markup in
which every character of the content is escaped, so ``<``, ``>`` and ``&`` print as written. Only
two author conventions become markup, by this module alone: ``**bold**`` and ``[text](address)``
with an https or mailto address. A third, ``[phrase]{lang=de}``, marks a phrase in another language
(inputs.hyphenation.FOREIGN_PHRASE): it prints as the phrase, without the language's punctuation
spacing, and the hyphenator never breaks its words; in paragraph markup it stands between two <onDraw>
callbacks, LANGUAGE_BEGINS and LANGUAGE_ENDS, labelled with its language, that a tagged canvas turns
into a marked-content span with /Lang. Nothing from content ever reaches a tag's attributes unchecked.
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


# A web or e-mail address written out in the text (a "/", "@" or "www.", which no word has), or any
# other word, longer than this many characters is broken into lines of at most as many: ReportLab
# breaks lines only at spaces (and, left to right, where the dictionary allows), and would let it run
# off the page. 30 characters fit every frame body text stands in.
LONGEST_ADDRESS_LINE = 30
_ADDRESS = re.compile(r"\S*(?:/|@|www\.)\S*")
WORD_BREAKS_AFTER = "-‐–._"  # where a word too long for its line breaks first: after its own marks
_ADDRESS_PIECE = re.compile(r"[^/?&=.@\-]*[/?&=.@\-]?")  # each piece ends where an address may break


def is_address(text: str) -> bool:
    """Whether ``text`` is one web or e-mail address and nothing else."""
    return bool(_ADDRESS.fullmatch(text))


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


def fitted(text: str, fits, breaks=None) -> str:
    """Text printed as typed (no author conventions: a practice's field, a key) as paragraph markup,
    each word for which ``fits`` fails broken into lines that fit: an address after '/', '?', '&',
    '=', '.', '@' or '-' (split_address); any other word after its own hyphens, dots or underscores,
    else where ``breaks(word)`` (the language's hyphenation) allows, else between two letters, both
    with a hyphen. ReportLab breaks lines only at spaces, and a language without a dictionary never
    breaks a word: a word too wide for its box would run out of it."""
    return "".join(part if part.isspace()
                   else "<br/>".join(escape(line) for line in _word_lines(part, fits, breaks))
                   for part in re.split(r"(\s+)", text) if part)


def _word_lines(word: str, fits, breaks) -> list[str]:
    if fits(word):
        return [word]
    if _ADDRESS.fullmatch(word):
        return split_address(word, fits)
    lines = []
    while not fits(word):
        own = {(end, "") for end in range(1, len(word)) if word[end - 1] in WORD_BREAKS_AFTER}
        hyphenated = {(end, "-") for end in (breaks(word) if breaks else ()) if 0 < end < len(word)
                      and word[end - 1] not in WORD_BREAKS_AFTER}
        end, mark = next(((end, mark) for end, mark in sorted(own | hyphenated, reverse=True)
                          if fits(word[:end] + mark)), (None, ""))
        if end is None:  # no break the language allows fits: between two letters, three at least left over
            ends = [*range(len(word) - 3, 1, -1), *range(len(word) - 1, len(word) - 3, -1), 1]
            end, mark = next(end for end in ends if end == 1 or fits(word[:end] + "-")), "-"
        lines.append(word[:end] + mark)
        word = word[end:]
    return [*lines, word]


def _escaped_text(text: str, fits=None) -> str:
    """Plain text escaped, every address or other word too long for a line broken into lines for
    which ``fits`` holds, in right-to-left text too: rtl.py breaks lines only between words. Without
    ``fits``, lines of at most LONGEST_ADDRESS_LINE characters; a word (a practice's name set into a
    sentence) breaks with a hyphen, where the language's dictionary allows if it can: no word is
    ever cut without one (issue 20)."""
    if fits is None:
        return fitted(text, lambda line: len(line) <= LONGEST_ADDRESS_LINE, current().breaks)
    return fitted(text, fits)


# the <onDraw> callbacks around a phrase in another language (to_paragraph); a canvas that draws
# paragraphs registers both (tagging.TaggedCanvas)
LANGUAGE_BEGINS, LANGUAGE_ENDS = "language_begins", "language_ends"

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


def to_paragraph(text: str, link_colour: str | None = None, fits=None) -> str:
    """Escape ``text`` for a ReportLab Paragraph, turning **bold** and [text](https://...) into markup,
    with the no-break spaces the language's punctuation wants (script.Writing.spaced); ``fits(line)``,
    if given, says whether a piece of a word fits its line (see _escaped_text)."""
    colour = f" color={quoteattr(link_colour)}" if link_colour else ""
    return convert(spaced(text), lambda segment: _escaped_text(segment, fits), lambda inner: f"<b>{inner}</b>",
                   lambda href, inner: f"<a href={quoteattr(href)}{colour}><u>{inner}</u></a>",
                   lambda tag, phrase: _in_language(tag, _escaped_text(phrase, fits)))


def _in_language(tag: str, markup: str) -> str:
    """A phrase's markup between the callbacks that give it its language (``tag`` is checked by
    FOREIGN_PHRASE: letters, digits and hyphens)."""
    label = quoteattr(tag)
    return (f"<onDraw name={quoteattr(LANGUAGE_BEGINS)} label={label}/>{markup}"
            f"<onDraw name={quoteattr(LANGUAGE_ENDS)} label={label}/>")


def plain(text: str) -> str:
    """The text a reader sees, without the author conventions: for PDF metadata."""
    return convert(text, str, str, lambda href, inner: inner)


def linked(markup: str, destination: str) -> str:
    """Paragraph ``markup`` (made by this module) as a link to a named destination in the same PDF."""
    return f"<a href={quoteattr('#' + destination)}>{markup}</a>"
