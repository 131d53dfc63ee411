"""Author markup to ReportLab paragraph markup.

Takes a content string, which is data and never markup; gives back ReportLab paragraph markup in
which every character of the content is escaped, so ``<``, ``>`` and ``&`` print as written. Only
two author conventions become markup, by this module alone: ``**bold**`` and ``[text](address)``
with an https or mailto address. A third, ``[phrase]{lang=de}``, marks a phrase in another language
(inputs.hyphenation.FOREIGN_PHRASE): it prints as the phrase, without the language's punctuation
spacing, and the hyphenator never breaks its words; in paragraph markup it stands between two <onDraw>
callbacks, LANGUAGE_BEGINS and LANGUAGE_ENDS, labelled with its language, that a tagged canvas turns
into a marked-content span with /Lang. A name set into a sentence (inputs.hyphenation.NAME, which
Strings.label marks) prints as spelled: no markup is read in it, no punctuation spacing added, and
its words are never broken by a dictionary. Nothing from content ever reaches a tag's attributes unchecked.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape as html_escape

from ..inputs.hyphenation import FOREIGN_PHRASE, NAME
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


def _escaped_text(text: str, fits=None, hyphenated: bool = True) -> str:
    """Plain text escaped, every address or other word too long for a line broken into lines for
    which ``fits`` holds, in right-to-left text too: rtl.py breaks lines only between words. Without
    ``fits``, lines of at most LONGEST_ADDRESS_LINE characters; any other word breaks with a hyphen,
    after its own hyphens, dots or underscores, else where the language's dictionary allows if it can
    and the text is ``hyphenated`` (not a name nor a phrase in another language), else between two
    letters: no word is ever cut without one (issue 20)."""
    if fits is None:
        return fitted(text, lambda line: len(line) <= LONGEST_ADDRESS_LINE, current().breaks if hyphenated else None)
    return fitted(text, fits)


def _unhyphenated(markup: str) -> str:
    """The markup of a phrase in another language or a name, whose words the line breaker never
    breaks: ReportLab's <nobr>, which turns its hyphenation off for each word that begins inside it
    (to_paragraph lets it begin with the word). Lines still break at its spaces; a word too long for
    any line was broken by _escaped_text as every word is, but not where this language's dictionary
    says (``hyphenated=False``)."""
    return f"<nobr>{markup}</nobr>"


# the <onDraw> callbacks around a phrase in another language (to_paragraph); a canvas that draws
# paragraphs registers both (tagging.TaggedCanvas)
LANGUAGE_BEGINS, LANGUAGE_ENDS = "language_begins", "language_ends"

_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:https://|mailto:)[^\s()<>\"']+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


# a phrase in another language or a name, held out by spaced()
_HELD = re.compile(f"{FOREIGN_PHRASE.pattern}|{NAME.pattern}")
# a phrase in another language, or a name held out by convert (group 3: its number)
_SPAN = re.compile(f"{FOREIGN_PHRASE.pattern}|\x02(\\d+)\x03")


def convert(text: str, escape_text, bold, link, foreign=None, name=None) -> str:
    """``text`` with its author conventions handed to ``bold``, ``link`` and ``foreign`` (a phrase in
    another language, given its language tag and its text), each name (NAME) to ``name`` and the rest
    to ``escape_text``: the one reading of the conventions that markup and plain text share. A phrase
    holds plain text only; a name is held out first, so that nothing in it is read as a convention."""
    foreign = foreign or (lambda tag, phrase: escape_text(phrase))
    name = name or escape_text
    names = []

    def hold(match) -> str:
        names.append(match.group(1))
        return f"\x02{len(names) - 1}\x03"

    text = NAME.sub(hold, text)

    def spanned(segment: str) -> str:
        parts, last = [], 0
        for match in _SPAN.finditer(segment):
            parts += [escape_text(segment[last:match.start()]),
                      name(names[int(match.group(3))]) if match.group(3) else foreign(match.group(2), match.group(1))]
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
    """``text`` with the language's punctuation spacing, none inside a phrase in another language or a
    name: each is held out by a mark that is not a space, so the marks around it still get theirs."""
    phrases = []

    def hold(match) -> str:
        phrases.append(match.group(0))
        return f"\0{len(phrases) - 1}\0"

    spaced = current().spaced(_HELD.sub(hold, text))
    return re.sub("\0(\\d+)\0", lambda match: phrases[int(match.group(1))], spaced)


_GLUED_NOBR = re.compile(r"([^\t\n\r <>]+)<nobr>")  # a <nobr> and what stands before it in its word


def to_paragraph(text: str, link_colour: str | None = None, fits=None) -> str:
    """Escape ``text`` for a ReportLab Paragraph, turning **bold** and [text](https://...) into markup,
    with the no-break spaces the language's punctuation wants (script.Writing.spaced); ``fits(line)``,
    if given, says whether a piece of a word fits its line (see _escaped_text). The words of a phrase
    in another language and of a name are never hyphenated (_unhyphenated)."""
    if fits is None:
        return _kept_paragraph(text, link_colour, current())
    return _paragraph(text, link_colour, fits)


@lru_cache(maxsize=4096)
def _kept_paragraph(text: str, link_colour: str | None, writing) -> str:
    """to_paragraph's markup, made once per text and writing (script.Writing: language, spacing, word
    breaks): the same texts are set for every way of placing a leaflet's end, and for every practice."""
    return _paragraph(text, link_colour, None)


def _paragraph(text: str, link_colour: str | None, fits) -> str:
    colour = f" color={quoteattr(link_colour)}" if link_colour else ""
    markup = convert(spaced(text), lambda segment: _escaped_text(segment, fits), lambda inner: f"<b>{inner}</b>",
                     lambda href, inner: f"<a href={quoteattr(href)}{colour}><u>{inner}</u></a>",
                     lambda tag, phrase: _unhyphenated(_in_language(tag, _escaped_text(phrase, fits, False))),
                     lambda name: _unhyphenated(_escaped_text(name, fits, False)))
    # ReportLab asks a word's first piece whether it is in <nobr>: what stands before a phrase or a name in
    # its first word (the quotation mark of "„Passive") goes inside, or the dictionary would break that word
    return _GLUED_NOBR.sub(r"<nobr>\1", markup)


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
