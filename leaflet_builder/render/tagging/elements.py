"""The structure as it is drawn: which element each flowable makes, by its type, and its marked content.

Gives back ``tag()``, ``data_table()``, ``mirrored()`` and ``item_table()`` to mark a flowable's role
ahead of drawing; ``Element`` (one structure element) and ``Tagger`` (the structure of one document as
it is drawn on one canvas: elements, marked content, artifacts, links, pages); ``artifact(canvas)`` and
``untagged(canvas)`` for what is drawn outside flowables. Tables' rows and cells: tables.py.
"""
from __future__ import annotations

import re
from collections import defaultdict
from contextlib import contextmanager
from functools import lru_cache
from html import unescape
import weakref

from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import tables as rl_tables
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import (DDIndenter, Image, KeepTogether, LIIndenter, ListFlowable, NullDraw,
                                          TopPadder)
from reportlab.platypus.paragraph import Paragraph

from ..markup import LANGUAGE_BEGINS
from ..reportlab_internals import (CONTAINER, append_code, callback_names, current_matrix, is_zero_size, page_number,
                                   set_table_callback)
from .tables import TableState, table_event

TAG_KEYS = ("tag_role", "tag_alt", "tag_lang", "tag_headers", "tag_row_role", "tag_mirrored")
ARTIFACT = "Artifact"


class TaggingError(Exception):
    """A flowable that the tagging rules cannot tag correctly."""


def tag(flowable, role: str | None = None, alt: str | None = None, lang: str | None = None):
    """``flowable`` with a structure role (e.g. "H1", "P", "Artifact"), alternative text (which makes
    it a Figure unless a role is given) or a language other than the document's."""
    for key, value in (("tag_role", role), ("tag_alt", alt), ("tag_lang", lang)):
        if value is not None:
            flowable.__dict__[key] = value  # never through an indenter's attribute forwarding
    return flowable


def data_table(table, header_rows: int = 1, header_columns: int = 0):
    """``table`` tagged as a data table: its first rows are column headers, its first columns row headers."""
    table.__dict__["tag_headers"] = (header_rows, header_columns)
    return table


def mirrored(table):
    """``table`` with its columns in right-to-left order: each row is read from its last cell."""
    table.__dict__["tag_mirrored"] = True
    return table


def item_table(table, role: str, item_role: str):
    """``table`` tagged as one element of ``role`` whose rows are its items, e.g. a TOC of TOCI; a row
    that draws nothing (a spacer) is no item."""
    table.__dict__.update(tag_role=role, tag_row_role=item_role)
    return table


class Element:
    """One structure element. Its kids: Elements, marked content as (page number, MCID), and link
    annotations as ("link", annotation reference, page number)."""

    __slots__ = ("role", "parent", "kids", "alt", "lang", "attributes", "links", "link_text", "whole_link",
                 "pending", "unbroken")

    def __init__(self, role: str, parent: Element | None = None, alt: str | None = None,
                 lang: str | None = None, pending: bool = False):
        # no element refers to its parent (no reference cycles, see Tagger) but one waiting to be
        # adopted: made, but in its parent's kids only once it has content
        self.role, self.parent, self.alt, self.lang = role, parent if pending else None, alt, lang
        self.pending = pending
        self.kids: list = []
        self.attributes: dict | None = None  # a table cell's Scope and spans
        self.links: dict | None = None  # target -> its Link element
        self.link_text: dict | None = None  # a paragraph's links: target -> the words linked
        self.whole_link: str | None = None  # the target, when every word of the paragraph links to it
        # a paragraph's text as written, piece by piece: (text, whether the line breaker added a hyphen
        # to a line of it); False once a piece's lines do not follow its text
        self.unbroken: list | bool | None = None

    def child(self, role: str, pending: bool = False, **kwargs) -> Element:
        element = Element(role, self, pending=pending, **kwargs)
        if not pending:
            self.adopt(element)
        return element

    def adopt(self, kid):
        """``kid`` (an element or marked content) into this element, and this into its parent if pending."""
        if self.pending:
            parent, self.parent, self.pending = self.parent, None, False
            parent.adopt(self)
        self.kids.append(kid)


class Tagger:
    """The structure of one document as it is drawn on one canvas."""

    def __init__(self, canvas):
        # no reference cycles, here or in the tree: they would keep what they hold alive until the
        # cyclic garbage collector, which then costs more than the tagging itself
        self.canvas = weakref.proxy(canvas)
        self.document = Element("Document", None)
        # by id of the flowable (or first piece) drawn, with a weak reference to it, which tells a
        # reused id from the flowable and keeps no story alive
        self.elements: dict[int, tuple] = {}
        self.stack = [self.document]  # open container elements
        self.open: Element | None = None  # the element whose marked content is open
        self.sequence: tuple | None = None  # the open sequence's element (open or a span of it) and MCID
        self.drawing = None  # the flowable that draws it
        self.own_hyphens: frozenset[int] = frozenset()  # its lines that end in a word's own hyphen
        self.forms: list = []  # forms placed while it draws: (matrix then, name)
        self.artifacts = 0  # depth of open artifacts
        self.mcids: dict[int, int] = defaultdict(int)  # next MCID by page number
        self.heading_level = 0
        self.tables: list[TableState] = []
        self.next_key = 0  # the ParentTree's keys, for pages and annotations alike
        self.page_keys: dict[int, tuple[int, str]] = {}  # page number -> (key, page object name)
        self.annotation_keys: list[tuple[int, Element]] = []
        self.linked: list[Element] = []  # elements with links, in the order they were drawn
        self.pages_with_links: set[int] = set()
        # right-to-left lines drawn in pieces (``piece``): where each piece's kid reads in its paragraph,
        # and the Span of each phrase, by paragraph element and where the phrase starts
        self.positions: dict = {}
        self.spans: dict[tuple[int, int], Element] = {}

    # elements

    def element(self, owner, role: str, **kwargs) -> Element:
        """The element of ``owner`` (a flowable, or the first piece of a split one), made on first use
        as a child of the innermost open container."""
        origin = owner.__dict__.get("tag_origin", owner)
        found = self._drawn(origin)
        if found is None:
            parent = self.stack[-1]
            marker = owner.__dict__.get("tag_parent")
            if marker is not None:
                parent = self.element(*marker)
            if parent.role == "LI" and role != "Lbl":
                body = self._body(parent)
                if body is None and role == "P":
                    role = "LBody"  # a list item's paragraph is its body, one element fewer
                else:
                    parent = body or parent.child("LBody")
            if role == "P" and parent.role in ("TD", "TH") and not kwargs.get("lang"):
                found = parent  # a cell's paragraph is its content
            else:
                found = parent.child(role, **kwargs)
            self.elements[id(origin)] = (weakref.ref(origin), found)
        return found

    def _drawn(self, origin) -> Element | None:
        """The element of ``origin``, if it has one yet."""
        reference, element = self.elements.get(id(origin), (None, None))
        return element if reference is not None and reference() is origin else None

    def _item_continued(self, indenter) -> Element:
        """The list item that an indenter without a bullet continues: ReportLab gives each further
        flowable of a ListItem (e.g. a list inside it) an indenter of its own."""
        items = [kid for kid in self.stack[-1].kids if isinstance(kid, Element) and kid.role == "LI"]
        if not items:
            return self.element(indenter, "LI")
        self.elements[id(indenter)] = (weakref.ref(indenter), items[-1])
        return items[-1]

    def _body(self, item: Element) -> Element | None:
        return next((kid for kid in item.kids if isinstance(kid, Element) and kid.role == "LBody"), None)

    # marked content

    def marked(self, element: Element, draw, in_text: bool = False):
        """``draw()`` inside one marked-content sequence of ``element``; with ``in_text``, in sequences
        its text objects begin and end themselves (``begin``, ``switch``, ``end``): a paragraph with a
        phrase in another language, whose Span's sequences stand between the paragraph's own inside
        the text object (marked content nests with BT/ET and q/Q, and never in other tagged content)."""
        if self.artifacts:
            return draw()
        if self.open is not None:
            raise TaggingError(f"a {element.role} is drawn inside the marked content of a {self.open.role}: "
                               "make the outer flowable's class a container in render/tagging/elements.py")
        if not in_text:
            self.begin(self.canvas, element)
        self.open = element
        try:
            return draw()
        finally:
            if self.sequence is not None:
                self.end(self.canvas)
            if self.forms:  # a marked-content sequence of their own: read apart from the words they follow
                self.begin(self.canvas, element)
                self.place_forms()
                self.end(self.canvas)
            self.open = None

    def switch(self, target, element: Element) -> None:
        """End the marked-content sequence being written into ``target`` (a text object of the element
        open) and begin one of ``element`` there: a phrase in another language is a Span of its own
        inside its paragraph, in the paragraph's place, and the paragraph goes on after it."""
        self.end(target)
        self.begin(target, element)

    def begin(self, target, element: Element) -> None:
        page = page_number(self.canvas)
        mcid = self.mcids[page]
        self.mcids[page] += 1
        append_code(target, f"/{element.role} <</MCID {mcid}>> BDC")
        self.sequence = element, (page, mcid)

    def end(self, target) -> None:
        element, kid = self.sequence
        append_code(target, "EMC")
        element.adopt(kid)
        self.sequence = None

    def begin_piece(self, phrase: tuple[int, str] | None, position: int) -> None:
        """Begin, on the canvas, the marked content of a piece of a right-to-left line of the paragraph
        open: the paragraph's own, or, for ``phrase`` (where it starts in the paragraph, its language),
        a Span with that /Lang among the paragraph's kids. A line's pieces are drawn left to right, in
        display order; ``position`` (where the piece starts in the paragraph's text) puts each kid in
        reading order."""
        element = self.open
        if phrase is not None:
            key = (id(element), phrase[0])
            if key not in self.spans:
                self.spans[key] = element.child("Span", pending=True, lang=phrase[1])
                self.positions[id(self.spans[key])] = phrase[0]
            element = self.spans[key]
        self.begin(self.canvas, element)
        self.positions[self.sequence[1]] = position

    def end_piece(self) -> None:
        element = self.sequence[0]
        self.end(self.canvas)
        for owner in {element, self.open}:
            # anything else in it (a form placed after the text) reads after the pieces
            owner.kids.sort(key=lambda kid: self.positions.get(id(kid) if isinstance(kid, Element) else kid,
                                                                 float("inf")))

    def place_forms(self):
        """The forms a paragraph placed while drawing its text (e.g. from an onDraw callback, the
        contents' page numbers), after that text and where they were placed: ReportLab writes them
        before the text object, which would read them before the words they follow."""
        forms, self.forms = self.forms, []
        canvas = self.canvas
        for then, name in forms:
            canvas.saveState()
            canvas.transform(*_relative(current_matrix(canvas), then))
            Canvas.doForm(canvas, name)
            canvas.restoreState()

    def begin_artifact(self):
        if not self.artifacts and self.open is None:
            append_code(self.canvas, "/Artifact BMC")
        self.artifacts += 1

    def end_artifact(self):
        self.artifacts -= 1
        if not self.artifacts and self.open is None:
            append_code(self.canvas, "EMC")

    def contained(self, element: Element, draw):
        self.stack.append(element)
        try:
            return draw()
        finally:
            self.stack.pop()

    # flowables

    def draw(self, flowable, draw):
        """``draw()`` of ``flowable``, tagged by its type."""
        own = flowable.__dict__
        if self.artifacts:
            return draw()
        if self.open is not None and self.open is self._drawn(own.get("tag_origin", flowable)):
            return draw()  # a subclass's drawOn calling its base's
        kind = _KINDS.get(type(flowable)) or _kind(type(flowable))
        if kind is None:
            return draw()
        role = own.get("tag_role")
        if role == ARTIFACT:
            with self.artifact():
                return draw()
        if kind == "Table":
            set_table_callback(flowable, table_event)
            if own.get("tag_headers"):
                return self.contained(self.element(flowable, "Table"), draw)
            if role is not None:  # e.g. a TOC, its rows the items
                return self.contained(self.element(flowable, role), draw)
            if "tag_parent" in own:  # a piece of a container that split into tables
                return self.contained(self.element(*own["tag_parent"]), draw)
            return draw()
        if kind == "LI" and own.get("_bullet") is None and "tag_origin" not in own:
            return self.contained(self._item_continued(flowable), draw)
        if kind in ("L", "LI"):
            return self.contained(self.element(flowable, kind), draw)
        if role is None:
            if "tag_alt" in own:
                role = "Figure"
            elif kind == "P":
                role = getattr(getattr(flowable, "style", None), "tag_role", None) or "P"
            else:
                role = kind  # a Figure without Alt is named by the checker
        if role[0] == "H":
            role = self._heading(role)
        element = self.element(flowable, role, alt=own.get("tag_alt"), lang=own.get("tag_lang"))
        if isinstance(flowable, Paragraph):
            self.own_hyphens = _note_unbroken(element, flowable)
        self.drawing = flowable
        try:
            return self.marked(element, draw, in_text=isinstance(flowable, Paragraph) and _marks_itself(flowable))
        finally:
            self.drawing, self.own_hyphens = None, frozenset()

    def _heading(self, role: str) -> str:
        """"H" is one level below the last numbered heading; a numbered heading sets that level."""
        if role == "H":
            return f"H{min(self.heading_level + 1, 6)}"
        if role[1:].isdigit():
            self.heading_level = int(role[1:])
        return role

    @contextmanager
    def artifact(self):
        self.begin_artifact()
        try:
            yield
        finally:
            self.end_artifact()

    # links

    def link(self, target: str) -> tuple[int, str]:
        """The StructParent key and /Contents of a link annotation about to be made to ``target``."""
        owner = self.open or self.stack[-1]
        if self.open is not None and owner.link_text is None and isinstance(self.drawing, Paragraph):
            owner.link_text = _link_texts(self.drawing)
            if len(owner.link_text) == 1 and _all_linked(self.drawing):
                owner.whole_link = target
        key = self.next_key
        self.next_key += 1
        return key, (owner.link_text or {}).get(target) or target

    def annotation_added(self, reference, target: str, key: int):
        """The annotation made for ``link(target)``'s ``key`` is on the page: a Link element holds it
        (a print-ready canvas adds no annotation, and then no Link is made)."""
        owner = self.open or self.stack[-1]
        if owner.links is None:
            owner.links = {}
            self.linked.append(owner)
        link = owner.links.get(target)
        if link is None:
            link = owner.links[target] = Element("Link")
        link.kids.append(("link", reference, page_number(self.canvas)))
        self.annotation_keys.append((key, link))
        self.pages_with_links.add(page_number(self.canvas))

    # pages and the end

    def page_done(self, name: str):
        if self.open is not None or self.artifacts:
            raise TaggingError("a page ends inside marked content")
        self.page_keys[page_number(self.canvas)] = (self.next_key, name)
        self.next_key += 1
        return self.page_keys[page_number(self.canvas)][0]


def _relative(now, then):
    """The matrix that, applied after ``now``, gives ``then`` (both as ReportLab tracks them)."""
    a, b, c, d, e, f = now
    det = a * d - b * c
    ia, ib, ic, id_, ie, if_ = d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det
    ta, tb, tc, td, te, tf = then
    return (ia * ta + ic * tb, ib * ta + id_ * tb, ia * tc + ic * td, ib * tc + id_ * td,
            ia * te + ic * tf + ie, ib * te + id_ * tf + if_)


def _marks_itself(paragraph) -> bool:
    """Whether a paragraph begins and ends its own marked content: one with a phrase in another
    language, which its text objects (_SpacedText) or, right to left, its lines' pieces (``piece``) mark."""
    if hasattr(paragraph, "phrases"):  # rtl.RtlParagraph lays out its own lines
        return paragraph.phrases()
    return LANGUAGE_BEGINS in callback_names(paragraph)


def _note_unbroken(element: Element, paragraph) -> frozenset[int]:
    """Keep the piece's text as written on its element, and whether the line breaker added a hyphen to
    a line of it: every piece's, so that the text of a paragraph hyphenated on its second page only is
    whole; a piece whose lines do not follow the text leaves the element without (False). Gives back
    the lines of the piece that end in a hyphen of the word's own (``_unbroken``)."""
    written = _unbroken(paragraph, list(_line_texts(paragraph)))
    if element.unbroken is not False:
        element.unbroken = False if written is None else [*(element.unbroken or ()), written[:2]]
    return written[2] if written else frozenset()


_FORCED_BREAK = "\x00"  # where the markup breaks a line itself (<br/>), in the text _unbroken matches


def _unbroken(paragraph, lines: list[str]) -> tuple[str, bool, frozenset[int]] | None:
    # ReportLab makes a split piece from the lines' fragments, without the text (None): its origin's
    origin = paragraph.__dict__.get("tag_origin", paragraph)
    return _unbroken_text(getattr(origin, "text", "") or "", tuple(lines))


@lru_cache(maxsize=4096)  # the same paragraph, broken alike, is drawn in every practice's set
def _unbroken_text(text: str, lines: tuple[str, ...]) -> tuple[str, bool, frozenset[int]] | None:
    """(the text of ``lines`` as the paragraph's own text writes it, whether the line breaker added a
    hyphen at a line's end, the indices of the lines that end in a hyphen of the word's own, after a
    letter: a compound's, "long-lasting", or a suspended one's, "Wärme- und"); None when the lines do not follow
    the text (nothing is claimed then).
    The paragraph's text is its markup without tags; the lines are matched letter by letter, spaces
    aside (ReportLab keeps them apart from runs of another style); a split piece's lines are found
    where they start in it, and its text starts where the piece before it ends. A hyphen before a line
    break the markup makes itself (markup.fitted's <br/>) is claimed as no word's own: fitted writes the
    hyphens it adds there too."""
    markup = re.sub(r"<br\s*/?>", _FORCED_BREAK, text)
    source = " ".join(unescape(re.sub(r"<[^>]*>", "", markup)).replace("\u00ad", "").split())
    # its letters: the text without its spaces and forced breaks; only a piece's two ends are looked up in
    # the text (_letter_at): this runs for every piece of text drawn
    written = source.replace(" ", "").replace(_FORCED_BREAK, "")
    forced = {_letters_before(source, hyphen.start()) + 1 for hyphen in _HYPHEN_BREAK.finditer(source)}
    printed = [(number, "".join(line.split())) for number, line in enumerate(lines) if line.strip()]
    if not printed:
        return None
    first = printed[0][1][:-1] if printed[0][1].endswith("-") else printed[0][1]
    at = written.find(first)
    if at < 0:
        return None
    start, added, own = at, False, set()
    for number, line in printed:
        if written.startswith(line, at):
            at += len(line)
            if line[-2:-1].isalpha() and line.endswith("-") and at not in forced:
                own.add(number)
        elif line.endswith("-") and written.startswith(line[:-1], at):
            at += len(line) - 1
            added = True
        else:
            return None
    # from the end of the letter before: a split piece's text starts with the space before it, or none
    # where a word broke across the pages, so that the pieces joined are the text as written
    begin = _letter_at(source, start - 1, len(written)) + 1 if start else 0
    return source[begin:_letter_at(source, at - 1, len(written)) + 1].replace(_FORCED_BREAK, ""), added, frozenset(own)


_LETTERS = re.compile(f"[^ {_FORCED_BREAK}]+")
_HYPHEN_BREAK = re.compile(f"-{_FORCED_BREAK}")


def _letters_before(source: str, index: int) -> int:
    """How many letters (spaces and forced breaks aside) ``source`` has before ``index``."""
    return index - source.count(" ", 0, index) - source.count(_FORCED_BREAK, 0, index)


def _letter_at(source: str, number: int, letters: int) -> int:
    """Where in ``source`` its letter ``number`` (from 0; from the end if negative, as a list's index,
    of ``letters`` in all) stands."""
    if number < 0:
        number += letters
    seen = 0
    for run in _LETTERS.finditer(source):
        if seen + run.end() - run.start() > number >= 0:
            return run.start() + number - seen
        seen += run.end() - run.start()
    raise IndexError(number)


def _line_texts(paragraph):
    """The text of each laid-out line of a paragraph."""
    lines = getattr(paragraph, "blPara", None)
    if lines is None:
        return
    if lines.kind == 1:
        for line in lines.lines:
            yield "".join(getattr(fragment, "text", "") for fragment in line.words)
    else:
        for _, words in lines.lines:
            yield " ".join(words)


def _link_texts(paragraph) -> dict[str, str]:
    texts = defaultdict(list)
    for text, links in _words(paragraph):
        for _, target in links:
            texts[target].append(text)
    return {target: " ".join(" ".join(parts).split()) for target, parts in texts.items()}


def _all_linked(paragraph) -> bool:
    return all(links for text, links in _words(paragraph) if text.strip())


def _words(paragraph):
    """(text, links) of each run of a laid-out paragraph's lines; links as ReportLab keeps them."""
    if hasattr(paragraph, "link_runs"):  # rtl.RtlParagraph lays out its own lines
        yield from paragraph.link_runs()
        return
    lines = getattr(paragraph, "blPara", None)
    if lines is None:
        return
    if lines.kind == 1:
        for line in lines.lines:
            for fragment in line.words:
                yield getattr(fragment, "text", ""), getattr(fragment, "link", None) or ()
    else:
        for _, words in lines.lines:
            yield " ".join(words), getattr(lines, "link", None) or ()


_KINDS: dict[type, str | None] = {}


def _kind(cls) -> str | None:
    """How flowables of class ``cls`` are tagged: the role of their element, "Table" for tables (whose
    callback tags them), or None for those that add no element (containers, spacers, actions)."""
    if issubclass(cls, LIIndenter):
        kind = "LI"
    elif issubclass(cls, ListFlowable):
        kind = "L"
    elif issubclass(cls, rl_tables.Table):
        kind = "Table"
    elif issubclass(cls, (DDIndenter, KeepTogether, CONTAINER, TopPadder, NullDraw, ActionFlowable)) or \
            is_zero_size(cls):
        kind = None
    elif issubclass(cls, (Drawing, Image)):
        kind = "Figure"
    else:
        kind = "P"  # a Paragraph, or a flowable no rule names
    _KINDS[cls] = kind
    return kind


@contextmanager
def piece(canvas, phrase: tuple[int, str] | None, position: int):
    """What is drawn inside is a piece of a right-to-left line (rtl.draw_line) of a paragraph that marks
    its own content: its marked content is the paragraph's, or for a ``phrase`` in another language (where
    it starts in the paragraph, its language) a Span's (Tagger.begin_piece). Elsewhere, a paragraph
    marked whole or an untagged canvas, nothing changes."""
    tagger = getattr(canvas, "tagger", None)
    if tagger is None or tagger.artifacts or tagger.open is None or tagger.sequence is not None:
        yield
        return
    tagger.begin_piece(phrase, position)
    try:
        yield
    finally:
        tagger.end_piece()


@contextmanager
def untagged(canvas):
    """What is drawn inside gets no marked content: for a form, which is marked where it is placed."""
    tagger = getattr(canvas, "tagger", None)
    if tagger is not None:
        tagger.artifacts += 1
    try:
        yield
    finally:
        if tagger is not None:
            tagger.artifacts -= 1


@contextmanager
def artifact(canvas):
    """What is drawn inside is page furniture (an /Artifact), on a TaggedCanvas; else nothing changes."""
    tagger = getattr(canvas, "tagger", None)
    if tagger is None:
        yield
        return
    with tagger.artifact():
        yield
