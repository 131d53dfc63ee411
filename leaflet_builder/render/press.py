"""A print-ready file as ReportLab writes it: PDF/X-4 (ReportLab's internals through reportlab_internals.py).

Takes a ReportLab canvas class and a print-ready Layout; gives back a canvas class whose PDF declares
and meets PDF/X-4 for the layout's output condition: the condition's ICC profile in an /OutputIntents
entry, XMP properties (title, dates, document and instance IDs, Trapped, the PDF/X version; xmp.py
writes the packet) that agree with the Info dictionary, K-only black overprinting (fill and stroke,
overprint mode 1) so that black text and rules do not knock out of tinted boxes, images painted with
overprint off, and no annotations (a print file has no use for links; the addresses are printed).
Also converts a logo to CMYK for print with the condition's profile, on white, each ink under 2 %
rounded as the layouts' colours are. The TrimBox and BleedBox come from document.py, which knows the
page geometry.
"""
from __future__ import annotations

import datetime
import io
import math
import uuid
from functools import cache
from pathlib import Path

from PIL import Image, ImageCms
from reportlab.lib.colors import CMYKColor
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.textobject import PDFTextObject

from ..inputs.layouts import Layout, OutputCondition, printable_tint
from .reportlab_internals import (CanvasHooks, add_catalog_entry, append_code, creation_date, fill_colour,
                                  pdf_document, state_attributes, stroke_colour, text_canvas)
from .xmp import Xmp, packet_of, write as write_xmp

PDFX_VERSION = "PDF/X-4"
INVARIANT_DATE = "D:20000101000000+00'00'"  # ReportLab's date when none is set

# (fill overprints, stroke overprints) -> the name of the ExtGState that says so; each names both,
# because a missing /op takes the value of /OP
_OVERPRINT = {(fill, stroke): f"OP{int(fill)}{int(stroke)}" for fill in (False, True) for stroke in (False, True)}


def is_black(colour) -> bool:
    """Whether a colour is K-only solid black, which prints over what lies under it."""
    return (isinstance(colour, CMYKColor) and colour.cyan == colour.magenta == colour.yellow == 0
            and colour.black * colour.density >= 0.999)


def _overprint_states() -> pdfdoc.PDFDictionary:
    return pdfdoc.PDFDictionary({name: pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("ExtGState"), "OP": "true" if stroke else "false", "op": "true" if fill else "false",
        "OPM": 1}) for (fill, stroke), name in _OVERPRINT.items()})


class _Overprinting:
    """Mixed into a text object class: its colours set overprinting as the canvas's do."""

    def setFillColor(self, colour, alpha=None):
        super().setFillColor(colour, alpha)
        text_canvas(self)._overprint_code(self, fill=is_black(fill_colour(self)))

    def setStrokeColor(self, colour, alpha=None):
        super().setStrokeColor(colour, alpha)
        text_canvas(self)._overprint_code(self, stroke=is_black(stroke_colour(self)))


class _PrintReady(CanvasHooks):
    """Mixed into a Canvas class by ``canvas_class``."""

    condition: OutputCondition
    STATE_ATTRIBUTES = state_attributes("_overprint")  # restored with the rest by restoreState
    replays_drawings = False  # the overprint state before a drawing goes into its operators

    def init_graphics_state(self):
        super().init_graphics_state()
        self._overprint = (False, False)  # (fill, stroke)

    def _overprint_code(self, target, fill: bool | None = None, stroke: bool | None = None) -> None:
        """After every colour operator, into ``target``'s code (this canvas's or a text object's), the
        overprint state that goes with it, both for fill and stroke: text objects write their code apart
        from the canvas's, so a state left unsaid could be stale."""
        now = self._overprint
        self._overprint = (now[0] if fill is None else fill, now[1] if stroke is None else stroke)
        append_code(target, f"/{_OVERPRINT[self._overprint]} gs")

    def setFillColor(self, colour, alpha=None):
        super().setFillColor(colour, alpha)
        self._overprint_code(self, fill=is_black(fill_colour(self)))

    def setStrokeColor(self, colour, alpha=None):
        super().setStrokeColor(colour, alpha)
        self._overprint_code(self, stroke=is_black(stroke_colour(self)))

    def drawImage(self, *args, **kwargs):
        """With overprint off, whatever colour was set before: an image overprinting what lies under it
        would let that show through its light parts."""
        append_code(self, f"q /{_OVERPRINT[False, False]} gs")
        try:
            return super().drawImage(*args, **kwargs)
        finally:
            append_code(self, "Q")

    def drawInlineImage(self, *args, **kwargs):
        append_code(self, f"q /{_OVERPRINT[False, False]} gs")
        try:
            return super().drawInlineImage(*args, **kwargs)
        finally:
            append_code(self, "Q")

    def beginText(self, x=0, y=0, direction=None):
        return self.text_class(self, x, y, direction=direction)

    def extra_graphics_states(self) -> dict:
        return _overprint_states().dict

    def add_annotation(self, annotation, name=None, addtopage=1):
        """Links and other annotations are left out: PDF/X allows none on the printed page."""

    def save(self):
        document = pdf_document(self)
        date = creation_date(document, INVARIANT_DATE)
        add_catalog_entry(document, "OutputIntents", pdfdoc.PDFArray([_output_intent(document, self.condition)]))
        xmp = packet_of(self)
        describe_pdfx(xmp, document.info, date)
        write_xmp(document, xmp)
        super().save()


def _output_intent(document, condition: OutputCondition) -> pdfdoc.PDFDictionary:
    profile = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 4}), profile_bytes(condition.profile),
                               filters=[pdfdoc.PDFZCompress])
    return pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": pdfdoc.PDFString(condition.identifier),
        "OutputCondition": pdfdoc.PDFString(condition.info), "Info": pdfdoc.PDFString(condition.info),
        "RegistryName": pdfdoc.PDFString(condition.registry),
        "DestOutputProfile": document.Reference(profile)})


@cache
def profile_bytes(path: Path) -> bytes:
    return path.read_bytes()


def xmp_date(pdf_date: str) -> str:
    """A PDF date such as D:20250101000000+00'00' as XMP writes it, 2025-01-01T00:00:00+00:00."""
    when = datetime.datetime.strptime(pdf_date[2:16], "%Y%m%d%H%M%S")
    zone = pdf_date[16:].replace("'", "")
    offset = "+00:00" if zone in ("", "Z") else f"{zone[:3]}:{zone[3:5]}"
    return when.strftime("%Y-%m-%dT%H:%M:%S") + offset


def describe_pdfx(xmp: Xmp, info, date: str) -> None:
    """The XMP properties of a PDF/X-4 file, saying what its Info dictionary says; the IDs derive from
    the title, the date and the file's settings, so the same input gives the same bytes."""
    when = xmp_date(date)
    key = "\n".join((info.title, info.subject, info.keywords, date))
    document_id = uuid.uuid5(uuid.NAMESPACE_URL, f"leaflet-builder:{info.title}:{date}")
    instance_id = uuid.uuid5(uuid.NAMESPACE_URL, f"leaflet-builder:{key}")
    xmp.text("dc:format", "application/pdf")
    xmp.alternatives("dc:title", info.title)
    xmp.sequence("dc:creator", info.author)
    xmp.alternatives("dc:description", info.subject)
    for name in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
        xmp.text(name, when)
    xmp.text("xmp:CreatorTool", info.creator)
    xmp.text("xmpMM:DocumentID", f"uuid:{document_id}")
    xmp.text("xmpMM:InstanceID", f"uuid:{instance_id}")
    xmp.text("xmpMM:VersionID", "1")
    xmp.text("xmpMM:RenditionClass", "default")
    xmp.text("pdf:Producer", info.producer)
    xmp.text("pdf:Keywords", info.keywords)
    xmp.text("pdf:Trapped", "False")
    xmp.text("pdfxid:GTS_PDFXVersion", PDFX_VERSION)


@cache
def _canvas_class(base: type, condition: OutputCondition) -> type:
    text = getattr(base, "text_class", PDFTextObject)  # a tagged canvas's text object, overprinting
    return type(f"PrintReady{base.__name__}", (_PrintReady, base),
                {"condition": condition, "text_class": type(f"Overprinting{text.__name__}", (_Overprinting, text), {})})


def canvas_class(base: type, layout: Layout) -> type:
    """``base`` for an office PDF; for a print-ready one, ``base`` writing PDF/X-4."""
    return _canvas_class(base, layout.print_marks.condition) if layout.print_marks else base


@cache
def _to_print(condition: OutputCondition):
    """sRGB to the condition's CMYK, relative colorimetric: paper white stays unprinted."""
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"),
                                   ImageCms.getOpenProfile(io.BytesIO(profile_bytes(condition.profile))),
                                   "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


@cache
def print_logo(data: bytes, condition: OutputCondition) -> bytes:
    """A PNG or JPEG logo as a CMYK TIFF (lossless) for print, made once per process."""
    buffer = io.BytesIO()
    print_image(Image.open(io.BytesIO(data)), condition).save(buffer, "TIFF", compression="tiff_lzw")
    return buffer.getvalue()


# an ink's 0-255 value with a percentage under MIN_TINT rounded as the layouts' colours are, up to a
# value at or above it: a plate prints no finer dot reliably
_PRINTABLE = [math.ceil(printable_tint(value / 2.55) * 2.55 - 1e-9) for value in range(256)]


def print_image(image: Image.Image, condition: OutputCondition) -> Image.Image:
    """A decoded image in the condition's CMYK, any transparency laid on the white page first (CMYK
    images keep the inks their maker chose), each ink under 2 % rounded to none or 2 %."""
    return _convert(image, condition).point(_PRINTABLE * 4)


def _convert(image: Image.Image, condition: OutputCondition) -> Image.Image:
    if image.mode == "CMYK":
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit grey: scale to 8 bits, not clip
        image = image.point(lambda value: value / 257).convert("L")
    rgba = image.convert("RGBA")
    on_white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    on_white.alpha_composite(rgba)
    return ImageCms.applyTransform(on_white.convert("RGB"), _to_print(condition))
