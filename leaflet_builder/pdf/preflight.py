"""A print shop's preflight of a print-ready PDF.

Takes the bytes of a PDF; gives back one line per problem a print shop would reject or query the file
for, in the order found, empty for a file that passes:
- not encrypted (RC4 or AES: an encrypted file is refused, so it is never decrypted, and pypdf needs no
  cryptography package for it); no JavaScript, and nothing run when the file opens (OpenAction, AA)
- PDF/X: the version in the XMP metadata (PDF/X-4) or the Info dictionary (PDF/X-1a), an output intent
  /GTS_PDFX with an output condition, and for PDF/X-4 its ICC profile; /Trapped /True or /False, a name;
  a file identifier
- boxes: a TrimBox and a BleedBox on every page, the TrimBox within the BleedBox within the MediaBox
- colour: no RGB, Lab or spot colour anywhere, in content, images and shadings; no transparency blended
  in RGB; no transfer functions; overprint only for 100 % K (white overprinting vanishes on press, a
  colour mixes with what lies under it), never for an image; no rich black text under 12 pt
- fonts embedded; images at 300 ppi or more as placed; at most 300 % ink in any colour or image pixel
  within the bleed (crop marks in registration colour outside it are normal)
- no annotations; no transparency in PDF/X-1a; no line thinner than 0.25 pt; text 3 mm or more inside
  the trim; artwork that reaches the trim reaches the bleed edge too, as the page renders
Pages and their Form XObjects are read with pypdf, their content streams' operators with content_stream,
text positions and the rendered bleed with pdfium.
"""
from __future__ import annotations

import dataclasses
import io
import logging
import re
from dataclasses import dataclass, field

import pypdf
from pypdf.generic import ContentStream

from .content_stream import operations

MIN_IMAGE_PPI = 300
MAX_INK = 300  # percent, the sum of the four inks
MIN_LINE_WIDTH = 0.25  # points
TEXT_INSIDE_TRIM = 3 * 72 / 25.4  # 3 mm in points
PROCESS_SPACES = {"/DeviceCMYK", "/DeviceGray"}
STROKING = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
FILLING = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
SHOWING = {b"Tj", b"TJ", b"'", b'"'}
PATH = {b"m", b"l", b"c", b"v", b"y", b"re"}
RGB_SPACES = ("/DeviceRGB", "/CalRGB", "/ICCBased-3")
RICH_BLACK = 0.8  # K at or above this, with any C, M or Y, is a black from more than one plate
MIN_RICH_BLACK_TEXT = 12  # points: smaller type in four plates blurs when they do not register exactly
ENCRYPTED = "encrypted{}: a print shop needs a file without password or permissions; save it unencrypted"
BLEED_SCALE = 2  # pixels per point when the bleed is rendered: a pixel is 0.18 mm
WHITE = 250  # a rendered grey at least this light is paper
INK = 225  # and one at most this dark is artwork
BLEED_INSET = 0.5  # points inside the trim, and inside the bleed's edge, where the bleed is sampled


def preflight(pdf: bytes, image_resolution: bool = True) -> list[str]:
    """``image_resolution``: whether to check that images print at MIN_IMAGE_PPI."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is one line of ours, not pypdf's log
    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf), strict=False)
    except pypdf.errors.DependencyError:  # reading an AES-encrypted file, pypdf asks for cryptography
        return [ENCRYPTED.format(" (AES)")]
    except (pypdf.errors.PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as err:
        return [f"not a readable PDF: {err}"]  # what a damaged file raises
    if reader.is_encrypted:
        return [ENCRYPTED.format(_encryption(reader.trailer["/Encrypt"].get_object()))]
    try:
        version = _pdfx_version(reader)
        problems = _document(reader, version) + _pages(reader.pages, version, image_resolution)
    except (pypdf.errors.PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as err:
        return [f"not a readable PDF: {err}"]
    try:
        problems += _rendered(pdf, reader.pages)
    except Exception as err:  # noqa: BLE001 - pdfium's errors have no common type but its own
        problems.append(f"the pages cannot be rendered: {err}")
    return problems


def _encryption(encrypt) -> str:
    """How a file is encrypted, as its /Encrypt dictionary says: " (RC4)", " (AES)" or nothing."""
    methods = {str(crypt.get("/CFM")) for crypt in (encrypt.get("/CF") or {}).values()}
    if int(encrypt.get("/V", 0)) >= 5 or methods & {"/AESV2", "/AESV3"}:
        return " (AES)"
    return " (RC4)" if str(encrypt.get("/Filter")) == "/Standard" else ""


def _pages(pages, version: str | None, image_resolution: bool) -> list[str]:
    problems = []
    for number, page in enumerate(pages, start=1):
        found: list[str] = []
        found += _boxes(page)
        if page.get("/Annots"):
            found.append(f"{len(page['/Annots'])} annotations (links or comments); a print file has none")
        if version == "PDF/X-1a" and "/Group" in page:
            found.append("a transparency group; PDF/X-1a allows no transparency")
        found += _group(page.get("/Group"))
        if "/AA" in page:
            found.append("actions run when the page opens or closes (AA); a print file has none")
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
    return problems + _scripts(reader.root_object)


def _scripts(root) -> list[str]:
    """JavaScript, and actions that run when the file opens: PDF/X allows neither."""
    problems = []
    if "/JavaScript" in (root.get("/Names") or {}):
        problems.append("JavaScript (in the document's names); a print file has none")
    action = root.get("/OpenAction")
    action = action.get_object() if action is not None else None
    if isinstance(action, pypdf.generic.DictionaryObject):  # an array is a page to open at, and harmless
        kinds = []
        while isinstance(action, pypdf.generic.DictionaryObject) and len(kinds) < 32:
            kinds.append(str(action.get("/S"))[1:])
            action = action.get("/Next")
            action = action.get_object() if action is not None else None
        runs = "JavaScript" if "JavaScript" in kinds else f"a {kinds[0]} action"
        problems.append(f"{runs} run when the file opens (OpenAction); a print file has none")
    if "/AA" in root:
        problems.append("actions run as the file is used (AA); a print file has none")
    return problems


def _group(group) -> list[str]:
    """A transparency group blended in RGB: what it blends is converted through RGB, not the press's
    CMYK, and its colours shift."""
    group = group.get_object() if group is not None else None
    if group is not None and group.get("/S") == "/Transparency" and _space_name(group.get("/CS")) in RGB_SPACES:
        return ["transparency blended in RGB (a group's /CS); a print shop needs it blended in CMYK"]
    return []


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


def _process(space: str, operands) -> tuple | None:
    """A colour in ``space`` as C, M, Y, K from 0 to 1; None for one not in process inks (a pattern,
    RGB, a spot colour), whose space is checked apart."""
    values = [float(x) for x in operands if isinstance(x, (int, float))]
    if space in ("/DeviceCMYK", "/ICCBased-4") and len(values) == 4:
        return tuple(values)
    if space in ("/DeviceGray", "/ICCBased-1") and len(values) == 1:
        return (0, 0, 0, 1 - values[0])
    return None


def _solid_black(colour: tuple) -> bool:
    return not any(colour[:3]) and colour[3] >= 0.999


def _described(colour: tuple) -> str:
    return "C{:.0f} M{:.0f} Y{:.0f} K{:.0f}".format(*(100 * ink for ink in colour))


def _is_process(name: str) -> bool:
    return name in PROCESS_SPACES or name in ("/ICCBased-4", "/ICCBased-1", "/Pattern")


class _Content:
    """Walks a content stream and the forms it draws, noting problems."""

    def __init__(self, found: list, transparency_allowed: bool, bleed: tuple, image_resolution: bool):
        self.found, self.transparency_allowed, self.bleed = found, transparency_allowed, bleed
        self.image_resolution = image_resolution

    def walk(self, contents, resources, ctm, seen=(), graphics: _Graphics | None = None):
        """Each operator of ``contents`` (a page's or a form's) to its handlers (``_HANDLERS``), which
        keep the graphics state in a _Walk and note what a print shop would refuse; ``graphics``: the
        state a form is drawn in (a page starts in the default one)."""
        if contents is None:
            return
        resources = resources.get_object() if resources is not None else {}
        self._resources(resources)
        state = _Walk(dataclasses.replace(graphics or _Graphics(), ctm=ctm), resources.get("/ColorSpace") or {},
                      resources.get("/XObject") or {}, resources.get("/ExtGState") or {}, seen)
        for operands, operator in operations(ContentStream(contents, None).get_data()):
            for handle in _HANDLERS.get(operator, ()):
                handle(self, state, operands, operator)

    def _path(self, state, operands, operator):
        state.path += _points(operator, operands, state.now.ctm)

    def _paint(self, state, operands, operator):
        # marks outside the bleed (crop marks in registration colour) are no part of the print
        now = state.now
        if state.path and _touches(state.path, self.bleed):
            if operator in STROKING:
                self._painted(now.stroke, now.stroke_overprint, "a line")
            if operator in FILLING:
                self._painted(now.fill, now.fill_overprint, "a shape")
        state.path = []

    def _text(self, state, operands, operator):
        if state.now.render_mode != 3:  # 3 is invisible text, which prints nothing
            self._painted(state.now.fill, state.now.fill_overprint, "text")
            self._rich_black(state.now)

    def _save(self, state, operands, operator):
        state.stack.append(dataclasses.replace(state.now))

    def _restore(self, state, operands, operator):
        if state.stack:
            state.now = state.stack.pop()

    def _transform(self, state, operands, operator):
        state.now.ctm = _multiply(tuple(float(x) for x in operands), state.now.ctm)

    def _line_width(self, state, operands, operator):
        state.now.width = float(operands[0])

    def _thin_line(self, state, operands, operator):
        width = state.now.width * _scale(state.now.ctm)
        if width < MIN_LINE_WIDTH - 0.001:
            self.found.append(f"a line {width:.2f} pt wide; a print shop needs at least {MIN_LINE_WIDTH} pt")

    def _rgb(self, state, operands, operator):
        self.found.append("an RGB colour; a print shop needs CMYK")
        if operator == b"rg":
            state.now.fill_space, state.now.fill = "/DeviceRGB", None
        else:
            state.now.stroke_space, state.now.stroke = "/DeviceRGB", None

    def _fill_colour(self, state, operands, operator):
        now = state.now
        now.fill_space = {b"k": "/DeviceCMYK", b"g": "/DeviceGray"}.get(operator, now.fill_space)
        now.fill = _process(now.fill_space, operands)

    def _stroke_colour(self, state, operands, operator):
        now = state.now
        now.stroke_space = {b"K": "/DeviceCMYK", b"G": "/DeviceGray"}.get(operator, now.stroke_space)
        now.stroke = _process(now.stroke_space, operands)

    def _colour_space_set(self, state, operands, operator):
        name = str(operands[0])
        family = name if name in ("/DeviceCMYK", "/DeviceGray", "/DeviceRGB", "/Pattern") \
            else _space_name(state.spaces.get(name))
        self._colour_space(family, "a colour")
        initial = _process(family, [0] * 3 + [1] if family in ("/DeviceCMYK", "/ICCBased-4") else [0])
        if operator == b"cs":
            state.now.fill_space, state.now.fill = family, initial
        else:
            state.now.stroke_space, state.now.stroke = family, initial

    def _graphics_state(self, state, operands, operator):
        if operands[0] not in state.states:
            return
        graphics = state.states[operands[0]].get_object()
        # pypdf's BooleanObject is true as bool() whatever it holds, and equals True or False
        if "/OP" in graphics:  # a missing /op takes the value of /OP
            state.now.stroke_overprint = state.now.fill_overprint = graphics["/OP"] == True  # noqa: E712
        if "/op" in graphics:
            state.now.fill_overprint = graphics["/op"] == True  # noqa: E712

    def _font(self, state, operands, operator):
        state.now.font_size = float(operands[1])

    def _render_mode(self, state, operands, operator):
        state.now.render_mode = int(operands[0])

    def _text_matrix(self, state, operands, operator):
        state.now.text_matrix = (1, 0, 0, 1, 0, 0) if operator == b"BT" else tuple(float(x) for x in operands)

    def _shading(self, state, operands, operator):
        if state.now.fill_overprint:
            self.found.append("a shading painted with overprint on; a print shop overprints only 100 % K")

    def _draw_object(self, state, operands, operator):
        if operands[0] not in state.xobjects:
            return
        xobject, now = state.xobjects[operands[0]].get_object(), state.now
        if xobject.get("/Subtype") == "/Image":
            self._image(xobject, now.ctm)
            if now.fill_overprint:
                self.found.append(f"an image of {xobject['/Width']} x {xobject['/Height']} px painted with overprint "
                                  "on; a print shop overprints only 100 % K")
        elif xobject.get("/Subtype") == "/Form" and id(xobject) not in state.seen:
            self.found.extend(_group(xobject.get("/Group")))
            matrix = tuple(float(x) for x in xobject.get("/Matrix", (1, 0, 0, 1, 0, 0)))
            self.walk(xobject, xobject.get("/Resources"), _multiply(matrix, now.ctm), (*state.seen, id(xobject)), now)

    def _inline_image(self, state, operands, operator):
        self.found.append("an inline image; it cannot be checked")

    def _painted(self, colour: tuple | None, overprint: bool, what: str):
        if colour is None:
            return
        self._ink(sum(colour) * 100, what)
        if overprint and not _solid_black(colour):
            self.found.append(f"white {what} set to overprint: it vanishes on press" if not any(colour) else
                              f"{what} in {_described(colour)} set to overprint: it mixes with what lies under "
                              "it; a print shop overprints only 100 % K")

    def _rich_black(self, now: _Graphics):
        colour = now.fill
        if colour is None or colour[3] < RICH_BLACK or not any(colour[:3]):
            return
        combined = _multiply(now.text_matrix, now.ctm)
        size = now.font_size * (combined[2] ** 2 + combined[3] ** 2) ** 0.5
        if size < MIN_RICH_BLACK_TEXT - 0.01:
            self.found.append(f"text {size:.1f} pt in rich black ({_described(colour)}); a print shop sets text "
                              f"under {MIN_RICH_BLACK_TEXT} pt in K only, as one plate cannot print out of register")

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
        for state in (resources.get("/ExtGState") or {}).values():
            state = state.get_object()
            halftone = state.get("/HT")
            halftone = halftone.get_object() if halftone is not None else None
            if (state.get("/TR", "/Identity") != "/Identity" or state.get("/TR2", "/Default") not in
                    ("/Default", "/Identity") or (isinstance(halftone, dict) and "/TransferFunction" in halftone)):
                self.found.append("a transfer function (/TR, /TR2 or a halftone's); PDF/X allows none: the "
                                  "press's curves apply")
            mask = state.get("/SMask", "/None")
            mask = mask.get_object() if not isinstance(mask, str) else None
            if isinstance(mask, dict) and "/G" in mask:
                self.found.extend(_group(mask["/G"].get_object().get("/Group")))
            if not self.transparency_allowed and (
                    float(state.get("/CA", 1)) < 1 or float(state.get("/ca", 1)) < 1
                    or state.get("/SMask", "/None") != "/None"
                    or state.get("/BM", "/Normal") not in ("/Normal", "/Compatible")):
                self.found.append("transparency (alpha, soft mask or blend mode); PDF/X-1a allows none")

    def _colour_space(self, family: str, what: str):
        if family in RGB_SPACES:
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
class _Graphics:
    """The parts of the graphics state the checks need, saved by q and restored by Q."""

    ctm: tuple = (1, 0, 0, 1, 0, 0)
    width: float = 1.0
    fill_space: str = "/DeviceGray"
    stroke_space: str = "/DeviceGray"
    fill: tuple | None = (0, 0, 0, 1)  # as C, M, Y, K from 0 to 1; None for a colour not in process inks
    stroke: tuple | None = (0, 0, 0, 1)
    fill_overprint: bool = False
    stroke_overprint: bool = False
    font_size: float = 0
    render_mode: int = 0
    text_matrix: tuple = (1, 0, 0, 1, 0, 0)


@dataclass
class _Walk:
    """The graphics state while a content stream is walked, and what it draws with."""

    now: _Graphics
    spaces: dict  # the stream's colour spaces by name
    xobjects: dict  # its images and forms by name
    states: dict  # its graphics states (ExtGState) by name
    seen: tuple  # the forms being walked, by id, outermost first
    path: list = field(default_factory=list)
    stack: list = field(default_factory=list)  # the _Graphics saved by q


def _handlers() -> dict:
    """Operator -> the _Content methods that handle it, in order: what it paints first, then the state
    it changes or the problem it is."""
    table: dict = {}
    for operators, handler in (
            (PATH, _Content._path), (STROKING | FILLING | {b"n"}, _Content._paint), (SHOWING, _Content._text),
            ({b"q"}, _Content._save), ({b"Q"}, _Content._restore), ({b"cm"}, _Content._transform),
            ({b"w"}, _Content._line_width), (STROKING, _Content._thin_line), ({b"rg", b"RG"}, _Content._rgb),
            ({b"k", b"g", b"sc", b"scn"}, _Content._fill_colour),
            ({b"K", b"G", b"SC", b"SCN"}, _Content._stroke_colour),
            ({b"cs", b"CS"}, _Content._colour_space_set), ({b"gs"}, _Content._graphics_state),
            ({b"Tf"}, _Content._font), ({b"Tr"}, _Content._render_mode), ({b"BT", b"Tm"}, _Content._text_matrix),
            ({b"sh"}, _Content._shading), ({b"Do"}, _Content._draw_object), ({b"BI"}, _Content._inline_image)):
        for operator in operators:
            table[operator] = (*table.get(operator, ()), handler)
    return table


_HANDLERS = _handlers()


def _rendered(pdf: bytes, pages) -> list[str]:
    """The checks that read the page as pdfium lays it out: text near the trim, the bleed filled."""
    import pypdfium2

    problems = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index, page in enumerate(pages):
            if "/TrimBox" not in page:
                continue
            trim = _box(page["/TrimBox"])
            rendered = document[index]  # pdfium loads the page anew at each document[index]
            found = _text_near_trim(rendered, trim)
            if "/BleedBox" in page:
                found += _bleed_short(rendered, page, trim, _box(page["/BleedBox"]))
            problems += [f"page {index + 1}: {problem}" for problem in found]
    finally:
        document.close()
    return problems


def _text_near_trim(page, trim: tuple) -> list[str]:
    """A line if text stands closer than 3 mm to the trim (or outside it), at its nearest."""
    x0, y0, x1, y1 = trim
    nearest = min(((distance, edge) for left, bottom, right, top in _text_bounds(page)
                   for distance, edge in ((left - x0, "left"), (bottom - y0, "bottom"), (x1 - right, "right"),
                                          (y1 - top, "top"))), default=(TEXT_INSIDE_TRIM, ""))
    if nearest[0] < TEXT_INSIDE_TRIM - 0.01:
        return [f"text {nearest[0] * 25.4 / 72:.1f} mm inside the trim at its {nearest[1]} edge; a print shop "
                "needs 3 mm"]
    return []


def _bleed_short(page, pdf_page, trim: tuple, bleed: tuple) -> list[str]:
    """A line for each edge where the rendered artwork reaches the trim but not the bleed's edge: the
    cut, never exact, would leave a white sliver. Read pixel by pixel along the edge, half a point
    inside the trim and inside the bleed's edge."""
    media = _box(pdf_page.mediabox)
    bitmap = page.render(scale=BLEED_SCALE, grayscale=True)  # kept: its greys image (mode L) shares its memory
    image = bitmap.to_pil()

    def pixel(value: float, vertical: bool) -> int:
        """The column (or, ``vertical``, the row) of a page coordinate."""
        if vertical:
            return min(image.height - 1, max(0, int((media[3] - value) * BLEED_SCALE)))
        return min(image.width - 1, max(0, int((value - media[0]) * BLEED_SCALE)))

    def line(across: float, start: float, stop: float, upright: bool) -> bytes:
        """The greys from ``start`` to ``stop`` at ``across``: down a column (upright) or along a row."""
        if upright:
            column, (top, bottom) = pixel(across, False), sorted((pixel(start, True), pixel(stop, True)))
            return image.crop((column, top, column + 1, bottom + 1)).tobytes()
        row, (left, right) = pixel(across, True), sorted((pixel(start, False), pixel(stop, False)))
        return image.crop((left, row, right + 1, row + 1)).tobytes()

    found = []
    for edge, side, upright in (("left", 0, True), ("bottom", 1, False), ("right", 2, True), ("top", 3, False)):
        reach = abs(bleed[side] - trim[side])
        if reach < 2 * BLEED_INSET:
            continue
        outward = -1 if side < 2 else 1
        start, stop = (trim[3], trim[1]) if upright else (trim[0], trim[2])  # top to bottom, left to right
        inside = line(trim[side] - outward * BLEED_INSET, start, stop, upright)
        outside = line(bleed[side] - outward * BLEED_INSET, start, stop, upright)
        gap = next((index for index, (ink, paper) in enumerate(zip(inside, outside))
                    if ink <= INK and paper >= WHITE), None)
        if gap is not None:
            along = start + (-1 if upright else 1) * gap / BLEED_SCALE
            across = line(along, trim[side], bleed[side], not upright)
            if (outward < 0) == upright:  # read outwards from the trim (rows count down the page)
                across = across[::-1]
            short = next((index for index, grey in enumerate(across) if grey >= WHITE), 0) / BLEED_SCALE
            found.append(f"artwork reaches the trim at its {edge} edge but stops {short * 25.4 / 72:.1f} mm past "
                         f"it, short of the bleed's {reach * 25.4 / 72:.1f} mm: the cut would leave a white sliver; "
                         "extend it to the bleed's edge")
    return found


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
