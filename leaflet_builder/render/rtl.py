"""Right-to-left paragraphs: Arabic shaped and in bidirectional order.

Takes paragraph markup (markup.py) and a ParagraphStyle; gives back ``RtlParagraph``, a flowable that
lays the text out right-aligned. ReportLab's own shaping keeps words in left-to-right order and its
right-to-left wrapping needs a library that is not on PyPI, so the line is made here:

1. the markup is read by ReportLab's parser into runs of one font, colour and link (its ``frags``);
   soft hyphens go: Arabic is never hyphenated;
2. bidirectional levels come from python-bidi's rules plus the bracket-pair rule N0 it lacks (without
   it "(IGeL) 12" shows as "(12 (IGeL");
3. words are measured with HarfBuzz (uharfbuzz) and lines broken between words in logical order, never
   inside a word;
4. each line is cut into runs of one level and style, the runs put in display order (rule L2), each
   shaped by HarfBuzz in its own direction (given, not guessed: lone punctuation and digits would be
   guessed wrongly) and drawn from the right edge.

``draw_line`` is the one place a line reaches the page: its glyphs written left to right, as they
stand, which is the order PDF.js (Firefox), pdfium (Chrome, Edge) and poppler read right-to-left text
in; each glyph's code reads as its letter (fonts.py writes the subsets' ToUnicode maps). The lines carry
no marked content, so a tagging layer can wrap a whole line or paragraph in its own.

``paragraph(markup, style)`` makes an RtlParagraph or ReportLab's Paragraph, by the writing being
rendered in (script.py): the one switch the parts of a page need.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from . import fonts, layout_cache
from .bidi_internals import resolved_levels
from .fonts import fallback, fill_glyphs, glyph_text
from .markup import LANGUAGE_BEGINS, LANGUAGE_ENDS
from .reportlab_internals import (NarrowableParagraph, append_code, at_callback_position, chars_of, glyph_of,
                                  harfbuzz_face, paragraph_lines, pdf_document, private_char)
from .script import current
from .tagging import piece

SOFT_HYPHEN = "\u00ad"
BRACKETS = {"(": ")", "[": "]", "{": "}"}


def paragraph(markup: str, style) -> Paragraph:
    """A paragraph in the direction of the writing being rendered in."""
    return RtlParagraph(markup, style) if current().rtl else LtrParagraph(markup, style)


class LtrParagraph(NarrowableParagraph):
    """ReportLab's paragraph, which never ends with a word, or a broken word's end, alone on its last
    line where the line before can give it company: that line alone is then laid out just narrower
    than its text, which brings its last word down, when that keeps the number of lines."""

    def __init__(self, text, style=None, bulletText=None, frags=None, **options):  # noqa: N803 (ReportLab's)
        super().__init__(text, style, bulletText, frags, **options)
        layout_cache.made(self, markup_parsed=frags is None)

    def parsed_markup(self, text, style, bullet, parse):
        return layout_cache.parsed(self, text, style, bullet, parse)

    def split(self, available_width, available_height):
        layout_cache.split(self)
        return super().split(available_width, available_height)

    def wrap(self, available_width, available_height):
        return layout_cache.wrapped(self, available_width, lambda: self._wrap(available_width, available_height))

    def _wrap(self, available_width, available_height):
        self.narrowed = None
        size = super().wrap(available_width, available_height)
        lines = paragraph_lines(self)
        if len(lines) < 2 or lines[-1][0] > 1 or lines[-2][0] < 3:
            return size
        # each try narrows that line to a point under its text, as ReportLab lets a line run a little
        # past its width; a hyphenated end may need a second word brought down
        cut = 0.0
        for _ in range(6):
            cut += max(paragraph_lines(self)[-2][1], 0) + 1.5
            self.narrowed = (len(lines) - 2, cut)
            evened = super().wrap(available_width, available_height)
            now = paragraph_lines(self)
            if len(now) != len(lines) or now[-2][0] < 2:
                break
            if now[-1][0] > 1:
                return evened
        self.narrowed = None
        return super().wrap(available_width, available_height)


# -- bidirectional levels ---------------------------------------------------------------------------

@cache  # a leaflet's story is made again for each way of placing its closing block
def bidi_levels(text: str, base: int = 1) -> tuple[int, ...]:
    """The resolved embedding level of every character of ``text`` (one paragraph, no explicit
    embeddings), by python-bidi's implementation of UAX #9 with rule N0 added before N1."""
    levels = []
    for level in resolved_levels(text, base, lambda chars, types: _bracket_pairs(chars, types, base)):
        # rule X9 took out the joiners and other invisible marks (ZWNJ keeps two Arabic letters apart):
        # each takes the level of the character before it
        levels.append((levels[-1] if levels else base) if level is None else level)
    return tuple(levels)


def _strong(kind: str) -> str | None:
    """The direction a resolved type counts as inside brackets: numbers count as right-to-left (N0)."""
    return {"L": "L", "R": "R", "AL": "R", "EN": "R", "AN": "R"}.get(kind)


def _bracket_pairs(chars: str, types: list[str], base: int) -> list[str]:
    """Rule N0 on the characters' resolved ``types``: a bracket pair takes the embedding direction when
    its content has a strong type of it; else the opposite direction when both its content and the text
    before it have that."""
    embedding = "R" if base % 2 else "L"
    types = list(types)
    pairs, stack = [], []
    for index, (ch, kind) in enumerate(zip(chars, types)):
        if kind != "ON":
            continue
        if ch in BRACKETS:
            stack.append((ch, index))
        elif ch in BRACKETS.values():
            for depth in range(len(stack) - 1, -1, -1):
                if BRACKETS[stack[depth][0]] == ch:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    for opening, closing in sorted(pairs):
        inside = {_strong(types[i]) for i in range(opening + 1, closing)} - {None}
        if embedding in inside:
            direction = embedding
        elif inside:
            # the opposite direction where the text before has it too, else the embedding's
            direction = next((_strong(types[i]) for i in range(opening - 1, -1, -1) if _strong(types[i])), embedding)
        else:
            continue
        types[opening] = types[closing] = direction
    return types


def visual_order(levels: list[int]) -> list[int]:
    """Rule L2: the indexes of items at these levels in display order, left to right."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min(level for level in levels if level % 2) if any(level % 2 for level in levels) else max(levels) + 1
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


# -- shaping ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Glyph:
    char: str  # the character ReportLab's subset knows the glyph by
    x: float  # from the run's start, in points
    y: float
    cluster: int  # where the text of the glyph's cluster starts in the run
    mark: bool  # placed over or under a letter (no advance of its own): drawn at the line's end


@cache
def _harfbuzz(font_name: str):
    """(uharfbuzz Font at units per em, the ReportLab TTFont, units per em) for a registered font."""
    import uharfbuzz

    ttf = pdfmetrics.getFont(font_name)
    face = harfbuzz_face(ttf)
    return uharfbuzz.Font(face), ttf, face.upem


def _is_arabic(text: str) -> bool:
    return any("ARABIC" in unicodedata.name(ch, "") for ch in text)


@cache
def shape(text: str, font_name: str, size: float, rtl: bool) -> tuple[tuple[Glyph, ...], float]:
    """The glyphs of one run in display order, left to right, and its width.

    A glyph the font's character map knows (a letter, or its positional form) is written by that
    character. One it does not know (a ligature such as Plex's "تر") gets a private code whose
    text, for readers that map glyphs to text, is what its cluster holds beyond its other glyphs'
    characters (fonts.glyph_text): in display order, because every reader takes a line's glyphs as
    drawn left to right and turns right-to-left runs around, characters and all."""
    import uharfbuzz

    font, ttf, upem = _harfbuzz(font_name)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    if _is_arabic(text):
        buffer.script = "Arab"
    uharfbuzz.shape(font, buffer, {"kern": True, "liga": True})
    scale = size / upem
    starts = sorted({info.cluster for info in buffer.glyph_infos}) + [len(text)]
    following = dict(zip(starts, starts[1:]))
    known = {info.cluster: "" for info in buffer.glyph_infos}
    chars = []
    for info in buffer.glyph_infos:
        cluster_text = text[info.cluster:following[info.cluster]]
        mapped = chars_of(ttf, info.codepoint)
        # the character of the cluster the glyph stands for, else any the font maps to it
        char = next((chr(c) for c in mapped if chr(c) in cluster_text), chr(mapped[0]) if mapped else None)
        chars.append(char)
        known[info.cluster] += char or ""
    glyphs, x = [], 0.0
    for info, position, char in zip(buffer.glyph_infos, buffer.glyph_positions, chars):
        written = text[info.cluster:following[info.cluster]]
        if rtl and len(written) == 1 and unicodedata.mirrored(written) and char != written:
            # a bracket in right-to-left text shows its mirror's glyph ("(" as ")"); readers turning the
            # line around should read the bracket written: a private code of the same glyph says so
            name = f"{font.get_glyph_name(info.codepoint) or info.codepoint}.as-{ord(written):04X}"
            char = private_char(ttf, name, info.codepoint, position.x_advance * 1000 / upem)
            glyph_text(ttf)[char] = written
        elif char is None:
            name = font.get_glyph_name(info.codepoint) or f"g{info.codepoint}"
            char = private_char(ttf, name, info.codepoint, position.x_advance * 1000 / upem)
            rest = "".join(ch for ch in text[info.cluster:following[info.cluster]] if ch not in known[info.cluster])
            glyph_text(ttf)[char] = rest[::-1] if rtl else rest
        elif rtl and len(unicodedata.normalize("NFKC", char)) > 1:
            glyph_text(ttf)[char] = unicodedata.normalize("NFKC", char)[::-1]
        glyphs.append(Glyph(char, x + position.x_offset * scale, position.y_offset * scale, info.cluster,
                            position.x_advance == 0))
        x += position.x_advance * scale
    return tuple(glyphs), x


# -- lines -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    text: str
    frag: object  # ReportLab's ParaFrag: font, size, colour, link, underline
    rtl: bool
    start: int  # where its text starts in the paragraph: runs are drawn in this, the reading, order
    phrase: tuple[int, str] | None = None  # the phrase in another language it is part of: its start, language

    @property
    def shaped(self):
        return shape(self.text, self.frag.fontName, self.frag.fontSize, self.rtl)


def draw_line(canvas, runs: list[Run], right: float, y: float) -> None:
    """One line, its runs in display order, ending at ``right``. The letters are written as they
    stand, left to right, which is the order PDF.js (Firefox), pdfium (Chrome, Edge) and poppler read
    a line in before they turn its right-to-left runs around themselves. The marks placed over or
    under them (harakat) are drawn as outlines, not text: raised over its letter, a mark's character
    made every reader split the word or the line. No /ActualText: PDF.js and pdfium do not read it.
    One text object per line, its operators written here (a drawString per glyph took most of a
    leaflet's time); links and underlines lie over their runs.

    A phrase in another language is a piece of the line of its own (tagging.piece: a Span with its
    /Lang on a tagged page), with its own text object, between the pieces before and after it."""
    # the line's ink, not its last glyph's advance, meets the right edge (an initial kaf reaches past it)
    last = next((run for run in reversed(runs) if run.shaped[0]), None)
    if last is not None:
        right -= fonts.right_overhang(last.frag.fontName, last.shaped[0][-1].char) * last.frag.fontSize
    x, starts = right - sum(run.shaped[1] for run in runs), {}
    for run in runs:
        starts[run.start] = x
        x += run.shaped[1]
    pieces = [[runs[0]]] if runs else []
    for run in runs[1:]:
        if run.phrase == pieces[-1][0].phrase:
            pieces[-1].append(run)
        else:
            pieces.append([run])
    # the line's end, in reading order, is in the piece that holds its last run
    ending = max(pieces, key=lambda part: max(run.start for run in part)) if last is not None else None
    for part in pieces:
        with piece(canvas, part[0].phrase, min(run.start for run in part)):
            _draw_runs(canvas, part, starts, y, (starts[part[-1].start] + part[-1].shaped[1], part[-1])
                       if part is ending else None)


def _draw_runs(canvas, runs: list[Run], starts: dict, y: float, end: tuple[float, Run] | None) -> None:
    """Runs of a line, each starting at ``starts[run.start]``; with ``end``, the line's end and its last
    run, a space there after them."""
    text = canvas.beginText()
    # ReportLab's text object has no operator for a glyph placed by itself: they go into its code as
    # written; its setFillColor keeps the document's colour space (CMYK)
    document = pdf_document(canvas)
    for run in runs:
        text.setFillColor(run.frag.textColor)
        for glyph in run.shaped[0]:
            if not glyph.mark:
                _write_glyph(text, document, run.frag, glyph.char, starts[run.start] + glyph.x, y + glyph.y)
    if end is not None:
        # a space at the line's end, after its last glyph, which paints nothing: poppler's structure text
        # takes the glyphs as written, and would run the line's last word into the next line's first
        # (tagging's _SpacedText does the same for left-to-right lines)
        _write_glyph(text, document, end[1].frag, " ", end[0], y)
    canvas.drawText(text)
    for run in runs:
        marks = [(glyph.char, starts[run.start] + glyph.x, y + glyph.y) for glyph in run.shaped[0] if glyph.mark]
        if marks:
            fill_glyphs(canvas, run.frag.fontName, run.frag.fontSize, run.frag.textColor, marks)
        _decorate(canvas, run, starts[run.start], y)


def _write_glyph(text, document, frag, char: str, x: float, y: float) -> None:
    """The glyph the font of ``frag`` knows by ``char``, its origin at (x, y)."""
    font, size = pdfmetrics.getFont(frag.fontName), frag.fontSize
    for subset, data in font.splitString(char, document):
        append_code(text, f"{font.getSubsetInternalName(subset, document)} {fp_str(size)} Tf "
                    f"1 0 0 1 {fp_str(x, y)} Tm <{data.hex()}> Tj")


def _decorate(canvas, run: Run, x: float, y: float) -> None:
    """A run's underline and link."""
    frag, width = run.frag, run.shaped[1]
    if frag.us_lines:
        canvas.saveState()
        canvas.setStrokeColor(frag.textColor)
        canvas.setLineWidth(frag.fontSize / 16)
        canvas.line(x, y - frag.fontSize * 0.15, x + width, y - frag.fontSize * 0.15)
        canvas.restoreState()
    for _, href in frag.link or ():
        rect = (x, y - frag.fontSize * 0.3, x + width, y + frag.fontSize)
        if href.startswith("#"):  # a place in this document, as ReportLab's Paragraph links it
            canvas.linkRect("", href[1:], rect, relative=1)
        else:
            canvas.linkURL(href, rect, relative=1)


def _printing(frag, text: str):
    """``frag``, or a copy in its font's fallback face when its font lacks a character of ``text`` that
    prints: spaces and format characters (the right-to-left mark after a list's number) have no ink,
    and HarfBuzz makes them the same zero-width glyph in any font."""
    other = fallback(frag.fontName)
    if other and any(glyph_of(pdfmetrics.getFont(frag.fontName), ch) is None for ch in text
                     if not ch.isspace() and unicodedata.category(ch) != "Cf"):
        return frag.clone(fontName=other)
    return frag


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    width: float
    forced: bool = False  # a line break (<br/>) comes before it


class RtlParagraph(Paragraph):
    """A right-aligned paragraph of bidirectional text (see the module's docstring)."""

    def __init__(self, text: str, style, **kwargs):
        super().__init__(text, style, **kwargs)
        self._chars, self._frags, forced = [], [], set()
        self._callbacks = []  # (position, name, label) of each <onDraw>, called where its text ends
        # each character's phrase in another language (markup.to_paragraph's callbacks around it): where
        # the phrase starts and its language, or None
        self._phrases, phrase = [], None
        for frag in self.frags:
            if getattr(frag, "lineBreak", False):
                forced.add(len(self._chars))
                continue
            if hasattr(frag, "cbDefn"):
                name, label = frag.cbDefn.name, getattr(frag.cbDefn, "label", None)
                if name in (LANGUAGE_BEGINS, LANGUAGE_ENDS):
                    phrase = (len(self._chars), label) if name == LANGUAGE_BEGINS else None
                else:
                    self._callbacks.append((len(self._chars), name, label))
                continue
            for ch in frag.text.replace(SOFT_HYPHEN, ""):
                self._chars.append(ch)
                self._frags.append(frag)
                self._phrases.append(phrase)
        self._levels = self._paragraph_levels(forced)
        self._words = self._measured_words(forced)
        self._lines = None

    def phrases(self) -> bool:
        """Whether the paragraph (or this piece of it) holds a phrase in another language."""
        return any(self._phrases[word.start] for word in self._words)

    def link_runs(self):
        """(text, links) of each run of one style in reading order, links as ReportLab keeps them: what
        the tagging reads a link's text from."""
        for _, run in self._runs(0, len(self._chars)):
            yield run.text, run.frag.link or ()

    def _paragraph_levels(self, forced) -> list[int]:
        """Levels for each stretch between forced breaks, which end a bidirectional paragraph: right to
        left when it holds a right-to-left letter, else left to right, so that a practice's name and
        phone number ("+49 30 1234") keep their order on a right-to-left page."""
        levels, start = [], 0
        for end in sorted(forced | {len(self._chars)}):
            stretch = "".join(self._chars[start:end])
            levels += bidi_levels(stretch, base=1 if any(unicodedata.bidirectional(ch) in ("R", "AL")
                                                         for ch in stretch) else 0)
            start = end
        return levels

    def _runs(self, start: int, end: int) -> list[Run]:
        """The characters start..end cut where level or style changes, in logical order."""
        runs, i = [], start
        while i < end:
            j = i + 1
            while j < end and self._levels[j] == self._levels[i] and self._frags[j] is self._frags[i]:
                j += 1
            text, frag = "".join(self._chars[i:j]), self._frags[i]
            runs.append((self._levels[i], Run(text, _printing(frag, text), self._levels[i] % 2 == 1, i,
                                              self._phrases[i])))
            i = j
        return runs

    def _measured_words(self, forced) -> list[_Word]:
        words, i, n = [], 0, len(self._chars)
        while i < n:
            if self._chars[i] == " ":
                i += 1
                continue
            j = i
            while j < n and self._chars[j] != " " and (j == i or j not in forced):
                j += 1
            width = sum(run.shaped[1] for _, run in self._runs(i, j))
            words.append(_Word(i, j, width, forced=i in forced))
            i = j
        return words

    def _space(self, word: _Word) -> float:
        frag = self._frags[word.start]
        return pdfmetrics.stringWidth(" ", frag.fontName, frag.fontSize)

    def _break(self, width: float) -> list[list[_Word]]:
        lines, line, used = [], [], 0.0
        for word in self._words:
            extra = word.width + (self._space(word) if line else 0)
            if line and (word.forced or used + extra > width + 1e-6):
                lines.append(line)
                line, used = [], 0.0
                extra = word.width
            line.append(word)
            used += extra
        lines = lines + [line] if line else lines
        if len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-2]) > 2 and not lines[-1][0].forced:
            # a word alone on the last line takes the last word of the line before, where both fit and
            # that line keeps two
            moved, alone = lines[-2][-1], lines[-1][0]
            if moved.width + self._space(alone) + alone.width <= width + 1e-6:
                lines[-2:] = [lines[-2][:-1], [moved, alone]]
        return lines

    def line_runs(self, line: list[_Word]) -> list[Run]:
        """A line's runs in display order: trailing spaces dropped (rule L1), then rule L2 on runs."""
        levelled = self._runs(line[0].start, line[-1].end)
        order = visual_order([level for level, _ in levelled])
        return [levelled[i][1] for i in order]

    # -- the Flowable interface --

    def _measure(self) -> float:
        """The width lines may take: the paragraph's less its indents."""
        return self.width - self.style.leftIndent - self.style.rightIndent

    def wrap(self, available_width, available_height):
        self.width = available_width
        self._lines = self._break(self._measure())
        self.height = len(self._lines) * self.style.leading
        return available_width, self.height

    def getActualLineWidths0(self):
        return [sum(word.width for word in line) + sum(self._space(word) for word in line[1:])
                for line in self._lines]

    def minWidth(self):
        return max((word.width for word in self._words), default=0)

    def split(self, available_width, available_height):
        self.width = available_width
        lines = self._break(self._measure())
        fitting = int((available_height + 1e-6) // self.style.leading)
        if fitting >= len(lines):
            return [self]
        if fitting < 1:
            return []
        return [self._part(lines[:fitting]), self._part(lines[fitting:])]

    def _part(self, lines) -> RtlParagraph:
        part = object.__new__(RtlParagraph)
        part.__dict__.update(self.__dict__)
        part._words = [word for line in lines for word in line]
        # each part keeps its lines: a forced break where the split fell
        part._words[0] = _Word(part._words[0].start, part._words[0].end, part._words[0].width, forced=False)
        part._lines = None
        return part

    def draw(self):
        canvas, leading = self.canv, self.style.leading
        canvas.saveState()
        baseline, right = self.height - self.style.fontSize, self.width - self.style.rightIndent
        for line in self._lines:
            runs = self.line_runs(line)
            draw_line(canvas, runs, right, baseline)
            self._call_back(canvas, line, right - sum(run.shaped[1] for run in runs), baseline)
            baseline -= leading
        canvas.restoreState()

    def _call_back(self, canvas, line, left: float, baseline: float):
        """ReportLab's <onDraw> callbacks of the text on this line, told the line's left end: where a
        right-to-left text ends."""
        for position, name, label in self._callbacks:
            if line[0].start <= position <= line[-1].end and (line is self._lines[-1] or position < line[-1].end):
                with at_callback_position(canvas, left, baseline, self.style.leading):
                    canvas.getNamedCB(name)(canvas, "onDraw", label)


# -- mirrored pages --------------------------------------------------------------------------------

_SWAPPED = {"LEFTPADDING": "RIGHTPADDING", "RIGHTPADDING": "LEFTPADDING", "LINEBEFORE": "LINEAFTER",
            "LINEAFTER": "LINEBEFORE"}


def mirrored_table(rows: list, col_widths: list, commands: list) -> tuple[list, list, list]:
    """A table's rows, column widths and style commands with its columns in right-to-left order: the
    first column on the right, each command on the same cells, left and right paddings swapped, and
    what a cell holds set against its right edge."""
    count = len(col_widths)

    def column(index: int) -> int:
        return count - 1 - (index % count)

    def command(item):
        if len(item) < 3 or not isinstance(item[1], tuple):
            return item  # e.g. ROUNDEDCORNERS: not about cells
        name, start, end, *rest = item
        (c0, r0), (c1, r1) = start, end
        return (_SWAPPED.get(name, name), (column(c1), r0), (column(c0), r1), *rest)

    mirrored_rows = [list(reversed(row)) for row in rows]
    # each cell's content against its right edge, as ReportLab sets it against the left: an icon or a
    # tick box then keeps its gap to the text beside it
    mirrored_commands = [("ALIGN", (0, 0), (-1, -1), "RIGHT"), *(command(c) for c in commands)]
    for _, (first, top), (last, bottom), *_ in (c for c in mirrored_commands if c[0] == "SPAN"):
        # a spanned cell shows its first cell's content, which mirroring moved to the span's last
        for row in mirrored_rows[top:bottom + 1 if bottom >= 0 else None]:
            row[first], row[last] = row[last], row[first]
    return mirrored_rows, list(reversed(col_widths)), mirrored_commands
