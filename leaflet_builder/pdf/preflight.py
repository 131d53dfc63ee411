"""A print shop's preflight of a print-ready PDF.

Takes the bytes of a PDF; gives back one line per problem a print shop would reject or query the file
for, in the order found, empty for a file that passes:
- PDF/X: the version in the XMP metadata (PDF/X-4) or the Info dictionary (PDF/X-1a), an output intent
  /GTS_PDFX with an output condition, and for PDF/X-4 its ICC profile; /Trapped /True or /False, a name;
  a file identifier
- boxes: a TrimBox and a BleedBox on every page, the TrimBox within the BleedBox within the MediaBox
- colour: no RGB, Lab or spot colour anywhere, in content, images and shadings
- fonts embedded; images at 300 ppi or more as placed; at most 300 % ink in any colour or image pixel
- no annotations; no transparency in PDF/X-1a; no line thinner than 0.25 pt; text 3 mm or more inside
  the trim
Pages and their Form XObjects are read with pypdf, text positions with pdfium.
"""
from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field

import pypdf
from pypdf.generic import ContentStream

MIN_IMAGE_PPI = 300
MAX_INK = 300  # percent, the sum of the four inks
MIN_LINE_WIDTH = 0.25  # points
TEXT_INSIDE_TRIM = 3 * 72 / 25.4  # 3 mm in points
PROCESS_SPACES = {"/DeviceCMYK", "/DeviceGray"}
STROKING = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
FILLING = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
SHOWING = {b"Tj", b"TJ", b"'", b'"'}
PATH = {b"m", b"l", b"c", b"v", b"y", b"re"}


def preflight(pdf: bytes, image_resolution: bool = True) -> list[str]:
    """``image_resolution``: whether to check that images print at MIN_IMAGE_PPI."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is one line of ours, not pypdf's log
    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf), strict=False)
        version = _pdfx_version(reader)
        problems = _document(reader, version) + _pages(reader.pages, version, image_resolution)
    except (pypdf.errors.PyPdfError, ValueError, KeyError, TypeError) as err:  # what a damaged file raises
        return [f"not a readable PDF: {err}"]
    try:
        problems += _text_near_trim(pdf, reader.pages)
    except Exception as err:  # noqa: BLE001 - pdfium's errors have no common type but its own
        problems.append(f"the text cannot be read: {err}")
    return problems


def _pages(pages, version: str | None, image_resolution: bool) -> list[str]:
    problems = []
    for number, page in enumerate(pages, start=1):
        found: list[str] = []
        found += _boxes(page)
        if page.get("/Annots"):
            found.append(f"{len(page['/Annots'])} annotations (links or comments); a print file has none")
        if version == "PDF/X-1a" and "/Group" in page:
            found.append("a transparency group; PDF/X-1a allows no transparency")
        bleed = _box(page.get("/BleedBox", page.mediabox))
        _Content(found, version != "PDF/X-1a", bleed, image_resolution).walk(
            page.get_contents(), page.get("/Resources"), (1, 0, 0, 1, 0, 0))
        problems += [f"page {number}: {problem}" for problem in dict.fromkeys(found)]
    return problems


def _pdfx_version(reader) -> str | None:
    info = reader.trailer.get("/Info")
    info = info.get_object() if info is not None else {}
    metadata = reader.root_object.get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata is not None else ""
    found = re.search(r"GTS_PDFXVersion(?:>|=\")\s*(PDF/X-[^<\"]+)", xmp)
    if found:
        return found.group(1).strip()
    return str(info.get("/GTS_PDFXVersion", "")).split(":")[0] or None


def _document(reader, version: str | None) -> list[str]:
    problems = []
    if version not in ("PDF/X-4", "PDF/X-1a"):
        said = f"declares {version}" if version else "declares no PDF/X version"
        problems.append(f"{said}; a print shop asks for PDF/X-4 or PDF/X-1a (GTS_PDFXVersion in the XMP "
                        "metadata or the Info dictionary)")
    intents = [intent.get_object() for intent in reader.root_object.get("/OutputIntents", [])]
    pdfx = [intent for intent in intents if intent.get("/S") == "/GTS_PDFX"]
    if not pdfx:
        problems.append("no output intent /GTS_PDFX: the printing condition is not declared")
    for intent in pdfx:
        if not intent.get("/OutputConditionIdentifier"):
            problems.append("the output intent names no output condition (OutputConditionIdentifier)")
        if version == "PDF/X-4" and "/DestOutputProfile" not in intent:
            problems.append("the output intent has no ICC profile (DestOutputProfile); PDF/X-4 needs one")
    info = reader.trailer.get("/Info")
    trapped = info.get_object().get("/Trapped") if info is not None else None
    if not (isinstance(trapped, pypdf.generic.NameObject) and trapped in ("/True", "/False")):
        said = "no /Trapped" if trapped is None else f"/Trapped is {trapped!r}"
        problems.append(f"{said}; PDF/X needs the name /True or /False")
    if "/ID" not in reader.trailer:
        problems.append("no file identifier (/ID in the trailer); PDF/X needs one")
    if version == "PDF/X-4" and "/Metadata" not in reader.root_object:
        problems.append("no XMP metadata; PDF/X-4 needs it")
    return problems


def _boxes(page) -> list[str]:
    missing = [name for name in ("/TrimBox", "/BleedBox") if name not in page]
    if missing:
        return [f"no {' or '.join(name[1:] for name in missing)}"]
    media, bleed, trim = (_box(page[name]) for name in ("/MediaBox", "/BleedBox", "/TrimBox"))
    if not (_within(trim, bleed) and _within(bleed, media)):
        return ["the TrimBox must lie within the BleedBox, and that within the MediaBox"]
    return []


def _box(values) -> tuple[float, ...]:
    x0, y0, x1, y1 = (float(v) for v in values)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _within(inner, outer, slack: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _scale(ctm) -> float:
    """How much the CTM enlarges a line width (the geometric mean of its axes)."""
    return abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) ** 0.5


def _points(operator: bytes, operands, ctm) -> list:
    """The points of a path segment on the page."""
    numbers = [float(x) for x in operands]
    if operator == b"re":
        x, y, w, h = numbers
        numbers = [x, y, x + w, y + h, x, y + h, x + w, y]
    return [(x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5])
            for x, y in zip(numbers[::2], numbers[1::2])]


def _touches(points: list, box: tuple) -> bool:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs) < box[2] and max(xs) > box[0] and min(ys) < box[3] and max(ys) > box[1]


def _space_name(space) -> str:
    """A colour space's family: /DeviceCMYK, /DeviceRGB, /Separation, /ICCBased-3, ..."""
    space = space.get_object() if space is not None else None
    if isinstance(space, list) and space:
        family = str(space[0])
        if family == "/ICCBased":
            return f"/ICCBased-{int(space[1].get_object().get('/N', 0))}"
        if family == "/Indexed":
            return _space_name(space[1])
        return family
    return str(space)


def _is_process(name: str) -> bool:
    return name in PROCESS_SPACES or name in ("/ICCBased-4", "/ICCBased-1", "/Pattern")


class _Content:
    """Walks a content stream and the forms it draws, noting problems."""

    def __init__(self, found: list, transparency_allowed: bool, bleed: tuple, image_resolution: bool):
        self.found, self.transparency_allowed, self.bleed = found, transparency_allowed, bleed
        self.image_resolution = image_resolution

    def walk(self, contents, resources, ctm, seen=()):
        """Each operator of ``contents`` (a page's or a form's) to its handlers (``_HANDLERS``), which
        keep the graphics state in a _Walk and note what a print shop would refuse."""
        if contents is None:
            return
        resources = resources.get_object() if resources is not None else {}
        self._resources(resources)
        state = _Walk(ctm, resources.get("/ColorSpace") or {}, resources.get("/XObject") or {}, seen)
        for operands, operator in ContentStream(contents, None).operations:
            for handle in _HANDLERS.get(operator, ()):
                handle(self, state, operands, operator)

    def _path(self, state, operands, operator):
        state.path += _points(operator, operands, state.ctm)

    def _paint(self, state, operands, operator):
        # marks outside the bleed (crop marks in registration colour) are no part of the print
        if state.path and _touches(state.path, self.bleed):
            if operator in STROKING:
                self._ink(state.stroke, "a line")
            if operator in FILLING:
                self._ink(state.fill, "a shape")
        state.path = []

    def _text(self, state, operands, operator):
        self._ink(state.fill, "text")

    def _save(self, state, operands, operator):
        state.stack.append((state.ctm, state.width, state.fill, state.stroke))

    def _restore(self, state, operands, operator):
        if state.stack:
            state.ctm, state.width, state.fill, state.stroke = state.stack.pop()

    def _transform(self, state, operands, operator):
        state.ctm = _multiply(tuple(float(x) for x in operands), state.ctm)

    def _line_width(self, state, operands, operator):
        state.width = float(operands[0])

    def _thin_line(self, state, operands, operator):
        if state.width * _scale(state.ctm) < MIN_LINE_WIDTH - 0.001:
            self.found.append(f"a line {state.width * _scale(state.ctm):.2f} pt wide; a print shop needs at least "
                              f"{MIN_LINE_WIDTH} pt")

    def _rgb(self, state, operands, operator):
        self.found.append("an RGB colour; a print shop needs CMYK")

    def _fill_colour(self, state, operands, operator):
        state.fill = sum(float(x) for x in operands) * 100

    def _stroke_colour(self, state, operands, operator):
        state.stroke = sum(float(x) for x in operands) * 100

    def _colour_space_set(self, state, operands, operator):
        name = str(operands[0])
        family = name if name in ("/DeviceCMYK", "/DeviceGray", "/DeviceRGB", "/Pattern") \
            else _space_name(state.spaces.get(name))
        self._colour_space(family, "a colour")

    def _draw_object(self, state, operands, operator):
        if operands[0] not in state.xobjects:
            return
        xobject = state.xobjects[operands[0]].get_object()
        if xobject.get("/Subtype") == "/Image":
            self._image(xobject, state.ctm)
        elif xobject.get("/Subtype") == "/Form" and id(xobject) not in state.seen:
            matrix = tuple(float(x) for x in xobject.get("/Matrix", (1, 0, 0, 1, 0, 0)))
            self.walk(xobject, xobject.get("/Resources"), _multiply(matrix, state.ctm), (*state.seen, id(xobject)))

    def _inline_image(self, state, operands, operator):
        self.found.append("an inline image; it cannot be checked")

    def _resources(self, resources):
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            if descriptor is None or not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object()):
                self.found.append(f"font {font.get('/BaseFont')} is not embedded")
        for shading in (resources.get("/Shading") or {}).values():
            self._colour_space(_space_name(shading.get_object().get("/ColorSpace")), "a shading")
        for pattern in (resources.get("/Pattern") or {}).values():
            shading = pattern.get_object().get("/Shading")
            if shading is not None:
                self._colour_space(_space_name(shading.get_object().get("/ColorSpace")), "a shading")
        if not self.transparency_allowed:
            for state in (resources.get("/ExtGState") or {}).values():
                state = state.get_object()
                if (float(state.get("/CA", 1)) < 1 or float(state.get("/ca", 1)) < 1
                        or state.get("/SMask", "/None") != "/None" or state.get("/BM", "/Normal") not in
                        ("/Normal", "/Compatible")):
                    self.found.append("transparency (alpha, soft mask or blend mode); PDF/X-1a allows none")

    def _colour_space(self, family: str, what: str):
        if family in ("/DeviceRGB", "/CalRGB", "/ICCBased-3"):
            self.found.append(f"{what} in RGB; a print shop needs CMYK")
        elif family in ("/Separation", "/DeviceN"):
            self.found.append(f"{what} in a spot colour ({family[1:]}); a print shop needs CMYK")
        elif family == "/Lab":
            self.found.append(f"{what} in Lab; a print shop needs CMYK")
        elif not _is_process(family):
            self.found.append(f"{what} in the colour space {family}; a print shop needs CMYK")

    def _ink(self, total: float, what: str):
        if total > MAX_INK + 0.5:
            self.found.append(f"{what} of {total:.0f} % ink; a print shop takes at most {MAX_INK} %")

    def _image(self, image, ctm):
        width, height = int(image["/Width"]), int(image["/Height"])
        described = f"an image of {width} x {height} px"
        family = _space_name(image.get("/ColorSpace")) if not image.get("/ImageMask") else "/DeviceGray"
        self._colour_space(family, described)
        inches_wide = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5 / 72
        inches_high = (ctm[2] ** 2 + ctm[3] ** 2) ** 0.5 / 72
        ppi = min(width / inches_wide, height / inches_high) if inches_wide and inches_high else 0
        if self.image_resolution and ppi < MIN_IMAGE_PPI - 0.5:
            needed = round(inches_wide * MIN_IMAGE_PPI)
            self.found.append(f"{described} prints at {ppi:.0f} ppi; a print shop needs {MIN_IMAGE_PPI} ppi: "
                              f"give it at least {needed} px across")
        if not self.transparency_allowed and "/SMask" in image:
            self.found.append(f"{described} has a soft mask (transparency); PDF/X-1a allows none")
        if family in ("/DeviceCMYK", "/ICCBased-4"):
            self._image_ink(image, described)

    def _image_ink(self, image, described: str):
        try:
            pixels = image.decode_as_image()
        except Exception:  # noqa: BLE001 - pypdf raises many kinds for a stream it cannot decode
            self.found.append(f"{described} cannot be decoded to check its ink")
            return
        if pixels.mode == "CMYK":
            inks = pixels.tobytes()
            self._ink(max(map(sum, zip(inks[0::4], inks[1::4], inks[2::4], inks[3::4]))) / 2.55, described)


@dataclass
class _Walk:
    """The graphics state while a content stream is walked, and what it draws with."""

    ctm: tuple
    spaces: dict  # the stream's colour spaces by name
    xobjects: dict  # its images and forms by name
    seen: tuple  # the forms being walked, by id, outermost first
    width: float = 1.0
    fill: float = 0.0  # the fill colour's ink, all inks summed, in percent
    stroke: float = 0.0
    path: list = field(default_factory=list)
    stack: list = field(default_factory=list)  # (ctm, width, fill, stroke) saved by q


def _handlers() -> dict:
    """Operator -> the _Content methods that handle it, in order: what it paints first, then the state
    it changes or the problem it is."""
    table: dict = {}
    for operators, handler in (
            (PATH, _Content._path), (STROKING | FILLING | {b"n"}, _Content._paint), (SHOWING, _Content._text),
            ({b"q"}, _Content._save), ({b"Q"}, _Content._restore), ({b"cm"}, _Content._transform),
            ({b"w"}, _Content._line_width), (STROKING, _Content._thin_line), ({b"rg", b"RG"}, _Content._rgb),
            ({b"k"}, _Content._fill_colour), ({b"K"}, _Content._stroke_colour),
            ({b"cs", b"CS"}, _Content._colour_space_set), ({b"Do"}, _Content._draw_object),
            ({b"BI"}, _Content._inline_image)):
        for operator in operators:
            table[operator] = (*table.get(operator, ()), handler)
    return table


_HANDLERS = _handlers()


def _text_near_trim(pdf: bytes, pages) -> list[str]:
    """A line for each page with text closer than 3 mm to the trim (or outside it), at its nearest."""
    import pypdfium2

    problems = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index, page in enumerate(pages):
            if "/TrimBox" not in page:
                continue
            x0, y0, x1, y1 = _box(page["/TrimBox"])
            nearest = min(((distance, edge) for left, bottom, right, top in _text_bounds(document[index])
                           for distance, edge in ((left - x0, "left"), (bottom - y0, "bottom"), (x1 - right, "right"),
                                                  (y1 - top, "top"))), default=(TEXT_INSIDE_TRIM, ""))
            if nearest[0] < TEXT_INSIDE_TRIM - 0.01:
                problems.append(f"page {index + 1}: text {nearest[0] * 25.4 / 72:.1f} mm inside the trim at its "
                                f"{nearest[1]} edge; a print shop needs 3 mm")
    finally:
        document.close()
    return problems


def _text_bounds(page):
    """The page-space bounds of every text object with an extent, in forms too: pdfium gives the
    bounds of what a form draws in the form's own space, so each is placed by the forms around it."""
    import pypdfium2.raw

    forms = []  # the matrices of the forms around the object, outermost first
    for obj in page.get_objects(max_depth=32):
        del forms[obj.level:]
        if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_FORM:
            forms.append(obj.get_matrix())
        elif obj.type == pypdfium2.raw.FPDF_PAGEOBJ_TEXT:
            box = obj.get_bounds()
            for matrix in reversed(forms):
                box = matrix.on_rect(*box)
            if box[2] - box[0] > 0.01 and box[3] - box[1] > 0.01:  # a space has none
                yield box
