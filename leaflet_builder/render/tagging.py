"""Tagged PDF from ReportLab: marked content, the logical structure tree and artifacts (PDF/UA-1).

Takes nothing to call: importing this module teaches ReportLab's flowables to tag what they draw on a
``TaggedCanvas``; on any other canvas they draw exactly as before. Gives back ``TaggedCanvas`` (use it as
the document's canvas), ``artifact(canvas)`` for page furniture drawn outside flowables,
``untagged(canvas)`` for a form's content (marked where the form is placed), ``tag()`` to give one
flowable a role, alternative text or language, ``data_table()`` to declare a table's header rows and
columns, ``item_table()`` for a table whose rows are items (a TOC of TOCI) and ``mirrored()`` for a
right-to-left table, read from its last cell. ReportLab's internals it reaches through
reportlab_internals.py; the test ``test_tagging_hooks_fit_this_reportlab`` fails loudly when an upgrade
moves them.

How a flowable is tagged is decided by its type when it is drawn, so a new part is tagged without
being listed here: a Paragraph is a P, or a heading when its style has ``tag_role`` "H" (one level below
the last H1..H6 drawn, e.g. a band's title); a ListFlowable an L of LI with Lbl and LBody; a Table
with ``data_table()`` a Table of TR, TH (with Scope) and TD, any other Table only groups its cells, its
backgrounds and rules become artifacts; a Drawing or Image a Figure, with ``tag(alt=...)`` its Alt;
KeepTogether, indenters, spacers and other containers add no element; any other flowable is a P.
A flowable that draws tagged flowables inside its own marked content fails the build with a
TaggingError naming its class; paint that no rule reaches is found by the tests' checker.

The structure tree is built in drawing order, which on our pages is the reading order: a page's band,
then its frames' flowables in story order, a table's cells row by row. The pieces of a split paragraph,
list or table stay one element. Link annotations get a Link element with an OBJR, /Contents and a
StructParent; pages with annotations tab in structure order (/Tabs /S). A form placed while a
paragraph draws its text is drawn after that text, where it was placed; each line of a paragraph ends
with a space, so that extracted text keeps the words of two lines apart. At save the tree, its
ParentTree, /MarkInfo and the XMP metadata with the PDF/UA identification are written into the
catalog (/Lang and /DisplayDocTitle come from the document's settings).
"""
from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
import weakref
from dataclasses import dataclass
from functools import partial
from html import escape as xml_escape

from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFObjectReference, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import tables as rl_tables
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import (DDIndenter, Image, KeepTogether, LIIndenter, ListFlowable, NullDraw,
                                          TopPadder)
from reportlab.platypus.paragraph import Paragraph

from .reportlab_internals import (CONTAINER, CanvasHooks, LineText, allow_link_keys, allow_page_keys,
                                  annotation_reference, append_code, cell_span, column_count, current_matrix,
                                  hook_flowables, is_zero_size, object_number, page_has_content, page_number,
                                  pdf_document, register_objects, registered_name, set_table_callback)

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
                 "pending")

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
        self.drawing = None  # the flowable that draws it
        self.forms: list = []  # forms placed while it draws: (matrix then, name)
        self.artifacts = 0  # depth of open artifacts
        self.mcids: dict[int, int] = defaultdict(int)  # next MCID by page number
        self.heading_level = 0
        self.tables: list[_TableState] = []
        self.next_key = 0  # the ParentTree's keys, for pages and annotations alike
        self.page_keys: dict[int, tuple[int, str]] = {}  # page number -> (key, page object name)
        self.annotation_keys: list[tuple[int, Element]] = []
        self.linked: list[Element] = []  # elements with links, in the order they were drawn
        self.pages_with_links: set[int] = set()

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

    def marked(self, element: Element, draw):
        """``draw()`` inside one marked-content sequence of ``element``."""
        if self.artifacts:
            return draw()
        if self.open is not None:
            raise TaggingError(f"a {element.role} is drawn inside the marked content of a {self.open.role}: "
                               "make the outer flowable's class a container in tagging.py")
        page = page_number(self.canvas)
        mcid = self.mcids[page]
        self.mcids[page] += 1
        append_code(self.canvas, f"/{element.role} <</MCID {mcid}>> BDC")
        self.open = element
        try:
            return draw()
        finally:
            if self.forms:
                self._place_forms()
            append_code(self.canvas, "EMC")
            self.open = None
            element.adopt((page, mcid))

    def _place_forms(self):
        """The forms a paragraph placed while drawing its text (e.g. from an onDraw callback), after
        that text and where they were placed: ReportLab writes them before the text object, which
        would read them before the words they follow."""
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
            set_table_callback(flowable, _table_event)
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
        self.drawing = flowable
        try:
            return self.marked(element, draw)
        finally:
            self.drawing = None

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

    def write(self, doc, title: str, lang: str, info):
        """The structure tree, ParentTree, MarkInfo and XMP metadata, into ``doc``'s catalog."""
        for element in self.linked:
            _place_links(element)
        order, parents = _in_order(self.document)
        written = [_Written() for _ in range(len(order) + 2)]
        first = register_objects(doc, written)
        root, tree = first + len(order), first + len(order) + 1
        number = {id(element): first + index for index, element in enumerate(order)}
        pages = {page: object_number(doc, name) for page, (_, name) in self.page_keys.items()}
        owners: dict[tuple[int, int], int] = {}
        for index, element in enumerate(order):
            parent = number[id(parents[id(element)])] if id(element) in parents else root
            written[index].data = _struct_elem(element, parent, number, pages, owners, doc)
        nums = [(key, "[%s]" % " ".join(f"{owners[page, mcid]} 0 R" for mcid in range(self.mcids.get(page, 0))))
                for page, (key, _) in self.page_keys.items()]
        nums += [(key, f"{number[id(link)]} 0 R") for key, link in self.annotation_keys]
        written[-1].data = "<< /Nums [%s] >>" % " ".join(f"{key} {value}" for key, value in sorted(nums))
        written[-2].data = (f"<< /Type /StructTreeRoot /K {first} 0 R /ParentTree {tree} 0 R "
                            f"/ParentTreeNextKey {self.next_key} >>")
        catalog = doc.Catalog
        catalog.StructTreeRoot = PDFObjectReference(written[-2].reference)
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        written_before = getattr(catalog, "Metadata", None)
        if isinstance(getattr(written_before, "content", None), bytes):  # a print-ready file's PDF/X packet
            written_before.content = _identified(written_before.content)
        else:
            catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                                         _xmp(title, lang, info), filters=[])


class _Written(PDFObject):
    """A PDF object written as it is: the structure tree has thousands of small dictionaries, which
    ReportLab's general formatting would take a tenth of the build time to write."""

    def __init__(self, data: str = ""):
        self.data = data

    @property
    def reference(self) -> str:
        return registered_name(self)

    def format(self, document):
        return self.data.encode("latin-1")


def _in_order(root: Element) -> tuple[list, dict]:
    """The tree's elements in reading order, and each one's parent by id; without recursion, whose
    closure would be a reference cycle holding the whole tree."""
    order, parents, todo = [], {}, [root]
    while todo:
        element = todo.pop()
        order.append(element)
        kids = [kid for kid in element.kids if isinstance(kid, Element)]
        for kid in kids:
            parents[id(kid)] = element
        todo.extend(reversed(kids))
    return order, parents


def _struct_elem(element, parent, number, pages, owners, doc) -> str:
    """The dictionary of one structure element; its MCIDs' owners into ``owners``."""
    marked = [kid[0] for kid in element.kids if isinstance(kid, tuple) and kid[0] != "link"]
    own_page = marked[0] if marked else None
    kids = []
    for kid in element.kids:
        if isinstance(kid, Element):
            kids.append(f"{number[id(kid)]} 0 R")
        elif kid[0] == "link":
            kids.append(f"<< /Type /OBJR /Obj {object_number(doc, kid[1].name)} 0 R /Pg {pages[kid[2]]} 0 R >>")
        else:
            page, mcid = kid
            owners[page, mcid] = number[id(element)]
            kids.append(str(mcid) if page == own_page else f"<< /Type /MCR /Pg {pages[page]} 0 R /MCID {mcid} >>")
    entries = [f"/Type /StructElem /S /{element.role} /P {parent} 0 R /K [{' '.join(kids)}]"]
    if own_page is not None:
        entries.append(f"/Pg {pages[own_page]} 0 R")
    for key, value in (("Alt", element.alt), ("Lang", element.lang)):
        if value:
            entries.append(f"/{key} " + PDFString(value).format(doc).decode("latin-1"))
    if element.attributes:
        entries.append("/A << /O /Table %s >>" % " ".join(f"/{key} {value}" for key, value in element.attributes.items()))
    return "<< %s >>" % " ".join(entries)


def _relative(now, then):
    """The matrix that, applied after ``now``, gives ``then`` (both as ReportLab tracks them)."""
    a, b, c, d, e, f = now
    det = a * d - b * c
    ia, ib, ic, id_, ie, if_ = d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det
    ta, tb, tc, td, te, tf = then
    return (ia * ta + ic * tb, ib * ta + id_ * tb, ia * tc + ic * td, ib * tc + id_ * td,
            ia * te + ic * tf + ie, ib * te + id_ * tf + if_)


def _place_links(element: Element):
    """The element's Link elements into the tree: a paragraph that is one link becomes that Link's
    content, any other link follows the words of its paragraph."""
    links = list(element.links.values())
    if element.whole_link and len(links) == 1:
        [link] = links
        link.kids[:0] = [kid for kid in element.kids if isinstance(kid, tuple)]
        element.kids = [kid for kid in element.kids if not isinstance(kid, tuple)] + [link]
    else:
        element.kids += links


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


class _SpacedText(LineText):
    """A text object that ends each line of a paragraph with a space (unless it ends in a hyphen), so
    that the words of two lines stay two words in extracted text; the space paints nothing."""

    def line_text(self, text: str) -> str:
        return text + " " if text and text[-1] not in " -\u00ad" else text


PDFUA_NAMESPACE = 'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
PDFUA_PART = "<pdfuaid:part>1</pdfuaid:part>"


def _identified(packet: bytes) -> bytes:
    """An XMP packet written by another part (press.py's PDF/X packet) with the PDF/UA identification added."""
    text = packet.decode("utf-8")
    text = text.replace('<rdf:Description rdf:about=""', f'<rdf:Description rdf:about="" {PDFUA_NAMESPACE}', 1)
    return text.replace("</rdf:Description>", f"{PDFUA_PART}\n</rdf:Description>", 1).encode("utf-8")


def _xmp(title: str, lang: str, info) -> bytes:
    """The XMP packet: title, author, subject and keywords as in the Info dictionary, and the PDF/UA-1
    identification."""
    def alt(value):
        return (f'<rdf:Alt><rdf:li xml:lang="x-default">{xml_escape(value)}</rdf:li></rdf:Alt>')

    lang_attr = xml_escape(lang or "x-default")
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 {PDFUA_NAMESPACE}>
<dc:title>{alt(title)}</dc:title>
<dc:creator><rdf:Seq><rdf:li>{xml_escape(info.author or "")}</rdf:li></rdf:Seq></dc:creator>
<dc:description>{alt(info.subject or "")}</dc:description>
<dc:language><rdf:Bag><rdf:li>{lang_attr}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{xml_escape(info.keywords or "")}</pdf:Keywords>
<pdf:Producer>{xml_escape(info.producer or "")}</pdf:Producer>
<xmp:CreatorTool>{xml_escape(info.creator or "")}</xmp:CreatorTool>
{PDFUA_PART}
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


@dataclass
class _TableState:
    table: object
    element: Element | None  # the Table element of a data table
    headers: tuple[int, int]
    row_role: str | None
    mirrored: bool = False
    row: Element | None = None
    cell: Element | None = None
    repeated: bool = False
    string_cell: str | None = None  # "leaf" or "artifact": a cell of plain text
    holder: Element | None = None  # what a row's cells add their elements and content to
    cell_starts: list | None = None  # where in the holder's kids each cell of the row began


def _table_event(table, event, *args):
    """ReportLab's table render callback: backgrounds and rules as artifacts, rows and cells as elements."""
    tagger = getattr(getattr(table, "canv", None), "tagger", None)
    if tagger is None:
        return
    if event == "startTable":
        own = table.__dict__
        headers = own.get("tag_headers")
        tagger.tables.append(_TableState(table, tagger.stack[-1] if headers else None, headers or (0, 0),
                                         own.get("tag_row_role"), bool(own.get("tag_mirrored"))))
    elif event in ("startBG", "startLines"):
        tagger.begin_artifact()
    elif event in ("endBG", "endLines"):
        tagger.end_artifact()
    elif event == "startRow":
        _start_row(tagger, tagger.tables[-1], args[0])
    elif event == "startCell":
        _start_cell(tagger, tagger.tables[-1], *args[:3])
    elif event == "endCell":
        _end_cell(tagger, tagger.tables[-1])
    elif event == "endRow":
        state = tagger.tables[-1]
        if state.mirrored and state.cell_starts:
            _read_right_to_left(state)
        if state.repeated:
            tagger.end_artifact()
        elif state.row is not None:
            tagger.stack.pop()
        state.row, state.repeated = None, False
    elif event == "endTable":
        tagger.tables.pop()


def _repeated(table, row: int) -> bool:
    """Whether ``row`` repeats a header row of the table's first piece on a later page."""
    if not table.__dict__.get("tag_continued"):
        return False
    repeat = getattr(table, "repeatRows", 0) or 0
    return row < repeat if isinstance(repeat, int) else row in repeat


def _read_right_to_left(state: _TableState):
    """The kids a mirrored row's cells added, put in reading order: the last cell drawn first."""
    kids, starts = state.holder.kids, state.cell_starts
    chunks = [kids[start:end] for start, end in zip(starts, [*starts[1:], len(kids)])]
    kids[starts[0]:] = [kid for chunk in reversed(chunks) for kid in chunk]
    state.cell_starts = None


def _start_row(tagger, state: _TableState, row: int):
    if state.mirrored:
        state.holder, state.cell_starts = tagger.stack[-1], []
    if state.element is None and state.row_role is None:
        return
    if _repeated(state.table, row):
        state.repeated = True
        tagger.begin_artifact()
        return
    state.row = (state.element or tagger.stack[-1]).child("TR" if state.element else state.row_role,
                                                          pending=state.element is None)
    tagger.stack.append(state.row)
    state.holder = state.row


def _start_cell(tagger, state: _TableState, row: int, column: int, value):
    if state.repeated:
        return
    if state.cell_starts is not None:
        state.cell_starts.append(len(state.holder.kids))
    if state.element is not None:
        header_rows, header_columns = state.headers
        logical = column_count(state.table) - 1 - column if state.mirrored else column
        span = cell_span(state.table, column, row)
        whole_row = span is not None and span[2] - span[0] + 1 == column_count(state.table)
        scope = ("Column" if row < header_rows else
                 "Row" if logical < header_columns and not whole_row else None)  # a note under the rows
        state.cell = state.row.child("TH" if scope else "TD")
        state.cell.attributes = {}
        if scope:
            state.cell.attributes["Scope"] = f"/{scope}"
        if span and span[2] > span[0]:
            state.cell.attributes["ColSpan"] = span[2] - span[0] + 1
        if span and span[3] > span[1]:
            state.cell.attributes["RowSpan"] = span[3] - span[1] + 1
        tagger.stack.append(state.cell)
    if isinstance(value, str):
        if value.strip():
            state.string_cell = "leaf"
            element = state.cell or tagger.stack[-1].child("P")
            _open_leaf(tagger, element)
        else:
            state.string_cell = "artifact"
            tagger.begin_artifact()


def _end_cell(tagger, state: _TableState):
    if state.repeated:
        return
    if state.string_cell == "leaf":
        _close_leaf(tagger)
    elif state.string_cell == "artifact":
        tagger.end_artifact()
    state.string_cell = None
    if state.cell is not None:
        tagger.stack.pop()
        state.cell = None


def _open_leaf(tagger, element):
    """Open marked content for a text cell: the table's callback has no draw() to wrap."""
    page = page_number(tagger.canvas)
    mcid = tagger.mcids[page]
    tagger.mcids[page] += 1
    append_code(tagger.canvas, f"/{element.role} <</MCID {mcid}>> BDC")
    tagger.open = element
    element.adopt((page, mcid))


def _close_leaf(tagger):
    if tagger.forms:
        tagger._place_forms()
    append_code(tagger.canvas, "EMC")
    tagger.open = None


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


class TaggedCanvas(CanvasHooks, Canvas):
    """A canvas that writes a tagged PDF: flowables drawn on it are marked and form the structure tree."""

    def __init__(self, *args, lang=None, **kwargs):
        super().__init__(*args, lang=lang, **kwargs)
        self.tagger = Tagger(self)
        self._lang = lang
        self._link_target = None

    def doForm(self, name):
        if self.tagger.open is not None:
            self.tagger.forms.append((current_matrix(self), name))  # placed after the text, see _place_forms
        else:
            super().doForm(name)

    def beginText(self, x=0, y=0, direction=None):
        return _SpacedText(self, x, y, direction)

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
        key, text = self.tagger.link(url)
        self._link_target = url, key
        super().linkURL(url, rect, relative, thickness, color, dashArray, kind,
                        StructParent=key, Contents=PDFString(text), **kw)

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None, relative=1,
                 thickness=0, color=None, dashArray=None, **kw):
        target = "#" + destinationname
        key, text = self.tagger.link(target)
        self._link_target = target, key
        super().linkRect(contents or text, destinationname, Rect, addtopage, name, relative, thickness, color,
                         dashArray, StructParent=key, **kw)

    def add_annotation(self, annotation, name=None, addtopage=1):
        super().add_annotation(annotation, name, addtopage)
        if self._link_target is not None:
            self.tagger.annotation_added(annotation_reference(self, name), *self._link_target)
            self._link_target = None

    def showPage(self):
        document = pdf_document(self)
        name = document.thisPageName()
        number = page_number(self)
        key = self.tagger.page_done(name)
        super().showPage()
        page = document.Pages.pages[-1]
        page.StructParents = key
        if number in self.tagger.pages_with_links:
            page.Tabs = PDFName("S")

    def save(self):
        if page_has_content(self):
            self.showPage()  # as Canvas.save would, but through the tagging above
        document = pdf_document(self)
        info = document.info
        self.tagger.write(document, info.title, self._lang, info)
        self.tagger = None  # the tree is written: its elements go now, not with the document's cycles
        super().save()


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


# ReportLab, taught to tag. Each hook checks for a tagger, so an untagged canvas draws as before.

def _tagging_draw_on(original):
    def drawOn(self, canvas, *args, **kwargs):
        tagger = getattr(canvas, "tagger", None)
        if tagger is None:
            return original(self, canvas, *args, **kwargs)
        return tagger.draw(self, partial(original, self, canvas, *args, **kwargs))
    drawOn.tagging = original
    return drawOn


def _tagging_bullet(original):
    def drawOn(self, indenter, canvas, *args, **kwargs):
        tagger = getattr(canvas, "tagger", None)
        if tagger is None or tagger.artifacts:
            return original(self, indenter, canvas, *args, **kwargs)
        return tagger.marked(tagger.element(self, "Lbl"), partial(original, self, indenter, canvas, *args, **kwargs))
    drawOn.tagging = original
    return drawOn


def _tagging_split(original):
    """Pieces of a split flowable keep its element; what a container splits into keeps it as parent."""
    def split(self, *args, **kwargs):
        pieces = original(self, *args, **kwargs)
        own = self.__dict__
        origin = own.get("tag_origin", self)
        for index, piece in enumerate(pieces):
            if piece is self:
                continue
            theirs = piece.__dict__
            if type(piece) is type(self):
                theirs["tag_origin"] = origin
                if index or own.get("tag_continued"):
                    theirs["tag_continued"] = True  # e.g. a table piece that repeats its header rows
                theirs.update({key: own[key] for key in TAG_KEYS if key in own})
                if "tag_parent" in own:
                    theirs.setdefault("tag_parent", own["tag_parent"])
            elif isinstance(self, ListFlowable):
                theirs.setdefault("tag_parent", (origin, "L"))
        return pieces
    split.tagging = original
    return split


def _tagging_rounding(original):
    def restore(self):
        with artifact(self.canv):
            return original(self)
    restore.tagging = original
    return restore


def _install():
    """Hook every ReportLab flowable class that draws or splits in its own way, once."""
    hook_flowables(_tagging_draw_on, _tagging_split, _tagging_bullet, _tagging_rounding)
    # ReportLab writes only the page and annotation keys it knows
    allow_page_keys("StructParents", "Tabs")
    allow_link_keys("StructParent")


_install()
