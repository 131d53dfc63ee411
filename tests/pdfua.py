"""A checker for the PDF/UA-1 requirements a machine can verify (the Matterhorn Protocol's machine
checkpoints that apply to our files); no substitute for a validator such as veraPDF, which was not run.

``problems(path)`` reads a PDF and gives back one line per problem found, an empty list for a file that
passes: every text-showing, path-painting, shading and XObject operator inside a marked-content
sequence with an MCID or inside an Artifact, never both, and sequences nested properly with q/Q and
BT/ET and outside path objects; every MCID of every page reached from the structure tree exactly once
and the ParentTree pointing each back at its element; heading levels that start at H1 and never skip
one; every Figure with Alt; every Table with TH cells and every TH with a Scope; L holding LI, LI
holding Lbl or LBody; every annotation a Link's OBJR, with /Contents and a StructParent that leads
back to its Link, on a page with /Tabs /S; /MarkInfo Marked, /Lang, DisplayDocTitle, a title in Info
and XMP, and pdfuaid:part 1 in the XMP; every font embedded with a ToUnicode map.
"""
from __future__ import annotations

import re
from pathlib import Path

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

TEXT_SHOWING = {b"Tj", b"TJ", b"'", b'"'}
PAINTING = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"Do", b"BI"}
PATH_BUILDING = {b"m", b"l", b"c", b"v", b"y", b"h", b"re"}
PATH_ENDING = PAINTING - {b"sh", b"Do", b"BI"} | {b"n"}

# the strings and hex strings of a content stream, taken out before its tokens are read (so that no
# "(BT)" in a string reads as an operator); dictionary brackets kept
_STRINGS = re.compile(rb"(<<|>>)|\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|<[0-9A-Fa-f\s]*>", re.DOTALL)
# then the tokens the checks read: dictionary brackets, names, operators (and true, false, null), comments;
# numbers and array brackets are passed over without a match
_TOKEN = re.compile(rb"""<<|>>|/[^\s/\[\]()<>{}%]*|[A-Za-z'"*][A-Za-z0-9'"*]*|%[^\n]*""")


def operations(data: bytes):
    """(operands, operator) of a content stream: of the operands, the names and dictionaries (each one
    token), which are all that the marked-content operators take; strings, numbers and arrays left out,
    so that the many of a text's lines are not read one by one."""
    data = _STRINGS.sub(rb"\1 ", data)
    operands, depth, start = [], 0, 0
    for match in _TOKEN.finditer(data):
        token = match.group()
        if token == b"<<":
            if depth == 0:
                start = match.start()
            depth += 1
        elif token == b">>":
            depth -= 1
            if depth == 0:
                operands.append(data[start:match.end()])
        elif depth or token[:1] == b"%":
            continue
        elif token[:1] == b"/" or token in (b"true", b"false", b"null"):
            operands.append(token)
        else:
            yield operands, token
            operands = []


def problems(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    found: list[str] = []
    found += _document_level(reader)
    page_mcids = {}
    for number, page in enumerate(reader.pages):
        page_mcids[number] = _marked_content(page, f"page {number + 1}", found)
        found += _fonts(page, f"page {number + 1}")
    found += _structure(reader, page_mcids)
    return found


def _document_level(reader) -> list[str]:
    root = reader.trailer["/Root"]
    found = []
    if (root.get("/MarkInfo") or {}).get("/Marked") != True:  # noqa: E712, pypdf has its own booleans
        found.append("catalog: /MarkInfo /Marked is not true")
    if not str(root.get("/Lang") or "").strip():
        found.append("catalog: no /Lang")
    if (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle") != True:  # noqa: E712
        found.append("catalog: /ViewerPreferences /DisplayDocTitle is not true")
    if not str((reader.metadata or {}).get("/Title") or "").strip():
        found.append("Info: no /Title")
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8") if metadata else ""
    if not re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", xmp):
        found.append("XMP: no pdfuaid:part 1")
    if not re.search(r"<dc:title>.*\S.*</dc:title>", xmp, re.DOTALL):
        found.append("XMP: no dc:title")
    if "/StructTreeRoot" not in root:
        found.append("catalog: no /StructTreeRoot")
    return found


def _marked_content(page, where: str, found: list) -> list[int]:
    """The MCIDs of the page's content stream, in order; problems go to ``found``."""
    contents = page.get_contents()
    if contents is None:
        return []
    stack = []  # (is artifact, mcid or None, q depth, in text object)
    mcids, q_depth, in_text, in_path = [], 0, False, False
    unmarked = 0
    for operands, op in operations(contents.get_data()):
        if op in (b"BDC", b"BMC"):
            tag = operands[0]
            mcid = re.search(rb"/MCID\s+(\d+)", operands[1]) if op == b"BDC" and len(operands) > 1 else None
            if in_path:
                found.append(f"{where}: marked content begins inside a path object")
            artifact = tag == b"/Artifact"
            if any(entry[1] is not None or entry[0] for entry in stack) and (mcid or artifact):
                found.append(f"{where}: {tag.decode()} nested in other tagged or artifact content")
            stack.append((artifact, int(mcid.group(1)) if mcid else None, q_depth, in_text))
            if mcid:
                mcids.append(int(mcid.group(1)))
        elif op == b"EMC":
            if not stack:
                found.append(f"{where}: EMC without BDC")
                continue
            _, _, depth, text = stack.pop()
            if depth != q_depth or text != in_text:
                found.append(f"{where}: marked content not nested properly with q/Q or BT/ET")
        elif op == b"q":
            q_depth += 1
        elif op == b"Q":
            q_depth -= 1
        elif op == b"BT":
            in_text = True
        elif op == b"ET":
            in_text = False
        elif op in PATH_BUILDING:
            in_path = True
        if op in PATH_ENDING:
            in_path = False
        if (op in TEXT_SHOWING or op in PAINTING) and not any(entry[0] or entry[1] is not None for entry in stack):
            unmarked += 1
    if stack:
        found.append(f"{where}: marked content left open")
    if unmarked:
        found.append(f"{where}: {unmarked} painting or text operators neither tagged nor an artifact")
    if len(set(mcids)) != len(mcids):
        found.append(f"{where}: an MCID used twice")
    return mcids


def _fonts(page, where: str) -> list[str]:
    found = []
    fonts = ((page.get("/Resources") or {}).get("/Font") or {})
    for font in fonts.values():
        font = font.get_object()
        name = font.get("/BaseFont")
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = (described.get("/FontDescriptor") or {})
        if not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object() if descriptor else {}):
            found.append(f"{where}: font {name} not embedded")
        if "/ToUnicode" not in font:
            found.append(f"{where}: font {name} has no ToUnicode map")
    return found


def _structure(reader, page_mcids: dict[int, list[int]]) -> list[str]:
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return []
    root = root.get_object()
    page_numbers = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    found: list[str] = []
    reached: dict[tuple[int, int], int] = {}  # (page, mcid) -> idnum of its element
    annotations: dict[int, int] = {}  # idnum of an annotation -> idnum of its Link
    headings: list[int] = []

    def page_of(node, inherited):
        reference = node.raw_get("/Pg") if isinstance(node, DictionaryObject) and "/Pg" in node else None
        return page_numbers.get(reference.idnum) if isinstance(reference, IndirectObject) else inherited

    def walk(reference, page):
        element = reference.get_object()
        role = str(element.get("/S"))
        page = page_of(element, page)
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, ArrayObject) else [] if kids is None else [kids]
        roles = []
        if re.fullmatch(r"/H[1-6]", role):
            headings.append(int(role[2]))
        for kid in kids:
            if isinstance(kid, int):
                _reach(reached, (page, kid), reference.idnum, role, found)
                continue
            obj = kid.get_object()
            kind = obj.get("/Type")
            if kind == "/MCR":
                _reach(reached, (page_of(obj, page), int(obj["/MCID"])), reference.idnum, role, found)
            elif kind == "/OBJR":
                annotations[obj.raw_get("/Obj").idnum] = reference.idnum
                if role != "/Link":
                    found.append(f"an annotation is the OBJR of a {role}, not of a Link")
            else:
                roles.append(str(obj.get("/S")))
                walk(kid, page)
        _element_rules(element, role, roles, found)

    for kid in _kids(root):
        walk(kid, None)
    everything = {(page, mcid) for page, mcids in page_mcids.items() for mcid in mcids}
    if missing := everything - set(reached):
        found.append(f"{len(missing)} marked-content sequences not in the structure tree, e.g. {sorted(missing)[:3]}")
    if stray := set(reached) - everything:
        found.append(f"the structure tree names {len(stray)} MCIDs that no page has, e.g. {sorted(stray)[:3]}")
    found += _parent_tree(root, reader, reached, annotations)
    found += _heading_levels(headings)
    return found


def _kids(element):
    kids = element.get("/K")
    return list(kids) if isinstance(kids, ArrayObject) else [] if kids is None else [kids]


def _reach(reached, key, element, role, found):
    if key in reached:
        found.append(f"MCID {key[1]} of page {key[0]} reached twice")
    reached[key] = element


def _element_rules(element, role: str, roles: list[str], found: list):
    if role == "/Figure" and not str(element.get("/Alt") or "").strip():
        found.append("a Figure without Alt")
    if role == "/Table":
        rows = [row for kid in _kids(element) for row in ([kid] if kid.get_object().get("/S") == "/TR" else
                                                           _kids(kid.get_object()))]
        cells = [str(cell.get_object().get("/S")) for row in rows for cell in _kids(row.get_object())]
        if "/TH" not in cells:
            found.append("a Table without TH cells")
    if role == "/TH" and "/Scope" not in (element.get("/A") or {}):
        found.append("a TH without Scope")
    if role == "/L" and set(roles) - {"/LI", "/Caption", "/L"}:
        found.append(f"an L holding {sorted(set(roles) - {'/LI', '/Caption', '/L'})}")
    if role == "/LI" and set(roles) - {"/Lbl", "/LBody"}:
        found.append(f"an LI holding {sorted(set(roles) - {'/Lbl', '/LBody'})}")
    if role == "/TOC" and set(roles) - {"/TOCI", "/TOC", "/Caption"}:
        found.append(f"a TOC holding {sorted(set(roles) - {'/TOCI', '/TOC', '/Caption'})}")


def _parent_tree(root, reader, reached, annotations) -> list[str]:
    found = []
    nums = root["/ParentTree"].get_object().get("/Nums")
    if nums is None:
        return ["the ParentTree has no /Nums (a tree of /Kids is not read here)"]
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for number, page in enumerate(reader.pages):
        key = page.get("/StructParents")
        owners = entries.get(key).get_object() if key is not None and key in entries else None
        mcids = sorted(mcid for (p, mcid) in reached if p == number)
        if mcids and owners is None:
            found.append(f"page {number + 1}: no ParentTree entry")
            continue
        for mcid in mcids:
            owner = owners[mcid] if mcid < len(owners) else None
            if owner is None or owner.idnum != reached[number, mcid]:
                found.append(f"page {number + 1}: the ParentTree does not lead MCID {mcid} back to its element")
        annots = [a for a in (page.get("/Annots") or [])]
        if annots and page.get("/Tabs") != "/S":
            found.append(f"page {number + 1}: annotations, but no /Tabs /S")
        for annot in annots:
            obj = annot.get_object()
            if annot.idnum not in annotations:
                found.append(f"page {number + 1}: a {obj.get('/Subtype')} annotation not in the structure tree")
                continue
            if not str(obj.get("/Contents") or "").strip():
                found.append(f"page {number + 1}: an annotation without /Contents")
            key = obj.get("/StructParent")
            if key is None or key not in entries or entries[key].idnum != annotations[annot.idnum]:
                found.append(f"page {number + 1}: an annotation whose StructParent does not lead to its Link")
    return found


def _heading_levels(levels: list[int]) -> list[str]:
    found, deepest = [], 0
    for level in levels:
        if level > deepest + 1:
            found.append(f"H{level} follows H{deepest}: a heading level skipped")
        deepest = level
    return found


def structure(reader) -> dict:
    """The structure tree as nested dicts: role, Alt, attributes (A), kids (elements), the page index of
    each MCID, and the annotations (objects) of its OBJRs; for tests that look for one element."""
    page_numbers = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}

    def node(reference, page):
        element = reference.get_object()
        if "/Pg" in element:
            page = page_numbers.get(element.raw_get("/Pg").idnum, page)
        found = {"role": str(element.get("/S"))[1:], "alt": element.get("/Alt"),
                 "attributes": dict(element.get("/A") or {}), "kids": [], "mcids": [], "annotations": []}
        for kid in _kids(element):
            if isinstance(kid, int):
                found["mcids"].append((page, kid))
                continue
            obj = kid.get_object()
            if obj.get("/Type") == "/MCR":
                found["mcids"].append((page_numbers.get(obj.raw_get("/Pg").idnum, page), int(obj["/MCID"])))
            elif obj.get("/Type") == "/OBJR":
                found["annotations"].append(obj["/Obj"])
            else:
                found["kids"].append(node(kid, page))
        return found

    root = reader.trailer["/Root"]["/StructTreeRoot"]
    return {"role": "StructTreeRoot", "kids": [node(kid, None) for kid in _kids(root)]}


def elements(tree: dict, role: str):
    """Every element of ``role`` in the tree, in reading order."""
    for kid in tree["kids"]:
        if kid["role"] == role:
            yield kid
        yield from elements(kid, role)
