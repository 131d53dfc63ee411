"""The structure written: at save, the tree a Tagger made, its ParentTree and /MarkInfo into the catalog
(written as it is, fast), and the PDF/UA properties of the XMP packet (xmp.py).
"""
from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFObject, PDFObjectReference, PDFString

from ..reportlab_internals import object_number, register_objects, registered_name
from ..xmp import Xmp
from .elements import Element


def write_structure(tagger, doc) -> None:
    """The structure tree ``tagger`` made, its ParentTree and MarkInfo, into ``doc``'s catalog."""
    for element in tagger.linked:
        _place_links(element)
    _merge_empty_cells(tagger.document)
    order, parents = _in_order(tagger.document)
    written = [_Written() for _ in range(len(order) + 2)]
    first = register_objects(doc, written)
    root, tree = first + len(order), first + len(order) + 1
    number = {id(element): first + index for index, element in enumerate(order)}
    pages = {page: object_number(doc, name) for page, (_, name) in tagger.page_keys.items()}
    owners: dict[tuple[int, int], int] = {}
    for index, element in enumerate(order):
        parent = number[id(parents[id(element)])] if id(element) in parents else root
        written[index].data = _struct_elem(element, parent, number, pages, owners, doc)
    nums = [(key, f"[{' '.join(f'{owners[page, mcid]} 0 R' for mcid in range(tagger.mcids.get(page, 0)))}]")
            for page, (key, _) in tagger.page_keys.items()]
    nums += [(key, f"{number[id(link)]} 0 R") for key, link in tagger.annotation_keys]
    written[-1].data = f"<< /Nums [{' '.join(f'{key} {value}' for key, value in sorted(nums))}] >>"
    written[-2].data = (f"<< /Type /StructTreeRoot /K {first} 0 R /ParentTree {tree} 0 R "
                        f"/ParentTreeNextKey {tagger.next_key} >>")
    catalog = doc.Catalog
    catalog.StructTreeRoot = PDFObjectReference(written[-2].reference)
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})


def _merge_empty_cells(element: Element) -> None:
    """A data cell left empty because all it shows is an artifact (the evidence symbol beside its
    wording) is no cell to a reader: the data cell beside it spans its columns too. (Checkers that
    count a row's cells against its headers, outloud's TBL-010, read an empty cell as a broken table.)"""
    for kid in element.kids:
        if isinstance(kid, Element):
            _merge_empty_cells(kid)
    if element.role != "TR":
        return
    cells = element.kids
    for index in range(len(cells) - 1, -1, -1):
        cell = cells[index]
        if not (isinstance(cell, Element) and cell.role == "TD" and not cell.kids):
            continue
        neighbours = [other for other in (cells[index + 1:index + 2] + cells[index - 1:index] if index else
                                          cells[index + 1:index + 2])
                      if isinstance(other, Element) and other.role == "TD" and other.kids]
        if neighbours:
            other = neighbours[0]
            other.attributes = other.attributes or {}
            other.attributes["ColSpan"] = (other.attributes.get("ColSpan", 1)
                                           + (cell.attributes or {}).get("ColSpan", 1))
            del cells[index]


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
    # a hyphen the line breaker added is no part of the word: the element's text as written, where it has
    # no link of its own to keep (PDF.js reads /ActualText in place of the content, as Firefox hands it on)
    # and no element inside (a list item's body with a list: /ActualText would replace them too)
    pieces = element.unbroken or ()
    actual = ("".join(text for text, _ in pieces).strip() if any(added for _, added in pieces) and not element.links
              and not any(isinstance(kid, Element) for kid in element.kids) else None)
    for key, value in (("Alt", element.alt), ("ActualText", actual), ("Lang", element.lang)):
        if value:
            entries.append(f"/{key} " + PDFString(value).format(doc).decode("latin-1"))
    if element.attributes:
        attributes = " ".join(f"/{key} {value}" for key, value in element.attributes.items())
        entries.append(f"/A << /O /Table {attributes} >>")
    return f"<< {' '.join(entries)} >>"


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


def describe_pdfua(xmp: Xmp, title: str, lang: str | None, info) -> None:
    """The XMP properties of a PDF/UA-1 file: title, author, subject and keywords as in the Info
    dictionary, its language, and the PDF/UA identification; a print-ready file's PDF/X properties
    (press.py) describe the document already, and then only the identification is added."""
    if not xmp.has("dc:title"):
        xmp.alternatives("dc:title", title)
        xmp.sequence("dc:creator", info.author or "")
        xmp.alternatives("dc:description", info.subject or "")
        xmp.bag("dc:language", lang or "x-default")
        xmp.text("pdf:Keywords", info.keywords or "")
        xmp.text("pdf:Producer", info.producer or "")
        xmp.text("xmp:CreatorTool", info.creator or "")
    xmp.text("pdfuaid:part", "1")
