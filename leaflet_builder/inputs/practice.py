"""The practice profile: who hands the leaflets out.

Takes the path of a practice profile (YAML, see examples/practice.yaml) and gives back a frozen
``Practice`` with its logo already read and checked, or raises a ContentError whose one-line problems
name the file, the place and the field. A batch keeps each checked practice put aside (``PutAside``),
without its logo's pixels, until its set is made. The logo is decoded here, once: within a pixel bound, 16-bit
grey made 8-bit, and scaled down to what its largest placement needs at 300 ppi before anything else
sees it. Also says when a logo would print below 150 dpi.
"""
from __future__ import annotations

import io
import math
import unicodedata
import warnings
from collections import namedtuple
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

from . import schema as s
from .paper import MM
from ..errors import ContentError, Problem
from .cache import cached, digest, keep
from .files import NotRegular, TooLarge, read_regular
from .languages import SOURCE_LANGUAGE
from .yamlfile import PosDict
from .typeface import FAMILIES, missing_characters

MIN_DPI = 150
PRINT_PPI = 300  # what a logo is scaled down to where it prints largest: sharp in any print
MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000  # some 100 MB decoded
# No logo prints higher than on the brochure's cover (render/brochure.py: COVER_LOGO_BOX) or wider
# than the page: this box bounds the pixels a logo is kept with. The cover's sizes grow with the page,
# and a print file's page, with its bleed, is a little taller than A4: hence the 5 % to spare.
LARGEST_LOGO_BOX = (210 * MM, 20 * MM)
PIXELS_TO_SPARE = 1.05
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG
# The most characters each field may have (address: each line), as docs/practices.md says.
LIMITS = {"name": 40, "address": 30, "address_lines": 4, "phone": 30, "email": 40, "website": 40, "note": 80,
          "qr_url": 40}
LOGOS = "logos"  # the cache's folder of them


@dataclass(frozen=True)
class Logo:
    data: bytes
    width_px: int
    height_px: int
    place: str  # where the profile names it, "path:line:col", for warnings

    def size_within(self, width: float, height: float) -> tuple[float, float]:
        """The printed size that fits the box with the logo's own aspect ratio."""
        scale = min(width / self.width_px, height / self.height_px)
        return self.width_px * scale, self.height_px * scale

    def warning(self, width: float, height: float, least: int = MIN_DPI) -> str | None:
        """A one-line warning when the logo, fitted into width × height points, prints below ``least``
        dpi (MIN_DPI for the office, a print shop's 300)."""
        printed_width, _ = self.size_within(width, height)
        dpi = self.width_px / (printed_width / 72)
        if dpi >= least:
            return None
        needed = round(printed_width / 72 * least)
        return (f"{self.place}: warning: the logo prints at {dpi:.0f} dpi, {printed_width / MM:.0f} mm wide;"
                f" for {least} dpi give it at least {needed} pixels across")


@dataclass(frozen=True)
class Practice:
    name: str
    address: tuple = ()
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    logo: Logo | None = None
    note: str | tuple | None = None  # one text, or (language, text) pairs
    qr_url: str | None = None
    profile: str = field(default="", repr=False, compare=False)  # the file it was read from, for messages

    def note_in(self, lang: str) -> str | None:
        """The note a leaflet in ``lang`` prints: its own text, else the English one; a single text is
        every language's."""
        if not isinstance(self.note, tuple):
            return self.note
        notes = dict(self.note)
        return notes.get(lang, notes.get(SOURCE_LANGUAGE))

    def note_warning(self, lang: str) -> str | None:
        """A line when a leaflet in ``lang`` would print the note in another language, or none."""
        if not isinstance(self.note, tuple) or lang in dict(self.note):
            return None
        fallback = ("the English one" if SOURCE_LANGUAGE in dict(self.note) else "none")
        return (f"warning: practice '{self.name}': its note has no text in '{lang}'; the {lang} leaflets "
                f"print {fallback} (add {lang}: to note)")

    @cached_property
    def key(self) -> str:
        """What identifies the profile in a job's options: a digest of everything it prints (the logo's
        bytes too, so worked out once)."""
        return digest(repr(self).encode())

    def whole(self) -> Practice:
        return self

    def put_aside(self, fonts: dict | None = None) -> PutAside:
        """The practice as a batch keeps it until its set is made (PutAside), read again from its
        profile with ``fonts``, as it was read."""
        logo = replace(self.logo, data=None) if self.logo else None
        return PutAside(self.name, self.note, logo, self.key, self.profile, tuple(sorted((fonts or {}).items())))

    @property
    def footer(self) -> tuple[str, ...]:
        """What every page's footer may print of the practice, longest first: its name and phone, or
        only the phone, the number a patient looks for (the box prints the name whole)."""
        both = " · ".join(part for part in (self.name, self.phone) if part)
        return (both, self.phone) if self.phone else (both,)


class PutAside(namedtuple("PutAside", "name note logo key profile fonts")):
    """A practice profile read and checked, kept until its set is made without its logo's pixels: a
    batch of a thousand practices would otherwise hold every logo for the whole build (docs/speed.md).
    It has what the build needs before any set is made: the name its folder is named by, the note and
    the logo's size and place its warnings are about, and ``key``, the Practice's. ``whole()`` reads
    the profile again (its logo from the builder's cache), and refuses it when it no longer prints what
    was checked: a set is made from the profile the build planned with, or not at all."""

    __slots__ = ()
    note_warning = Practice.note_warning

    def whole(self) -> Practice:
        practice = load_practice(Path(self.profile), dict(self.fonts))
        if practice.key != self.key:
            raise ContentError([Problem(self.profile, 1, 1, "the profile or its logo changed while the build ran; "
                                                            "build again to make the set from it as it is now")])
        return practice


class _Printable(s.Schema):
    """Text the typefaces of the languages it is printed in can print (``families``), without an
    invisible or direction-changing character (schema.format_character). A practice's name may be in
    any script they share, and a glyph a font lacks would print as a blank, so the profile is refused
    instead. Every field that prints is checked."""

    def __init__(self, schema: s.Schema, families):
        self.schema, self.families = schema, tuple(families)

    def check(self, value, at, ctx, partial=False):
        for index, text in enumerate([value] if isinstance(value, str) else value if isinstance(value, list) else []):
            if isinstance(text, str) and (problem := s.format_character(text)):
                return ctx.error(value.item_at[index] if hasattr(value, "item_at") else at, problem)
        checked = self.schema.check(value, at, ctx, partial)
        if checked is s.INVALID:
            return checked
        lines = tuple(unicodedata.normalize("NFC", line) for line in
                      ((checked,) if isinstance(checked, str) else checked))
        text = "".join(lines)
        missing = "".join(dict.fromkeys(ch for family in self.families for ch in missing_characters(text, family)))
        if missing:
            listed = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing)
            return ctx.error(at, f"the typeface cannot print {listed}; write it without that character")
        return lines[0] if isinstance(checked, str) else lines


class _PerLanguage(s.Schema):
    """One text for every language, or a mapping from language code to text, kept as sorted pairs. A
    language's text must print in its family; the English one, which the others fall back to, in
    every family of the build."""

    def __init__(self, text: s.Schema, fonts: dict):
        self.text, self.fonts = text, fonts

    def check(self, value, at, ctx, partial=False):
        every = set(self.fonts.values()) if self.fonts else set(FAMILIES)
        if not isinstance(value, PosDict):
            return _Printable(self.text, every).check(value, at, ctx, partial)
        result, ok = {}, True
        for lang, text in value.items():
            if s.Matching(r"[a-z]{2,3}", "a language code such as 'de'", max_length=3).check(
                    lang, value.key_at[lang], ctx) is s.INVALID:
                ok = False
                continue
            # a language not built is not printed; without languages given, every family
            families = (every if lang == SOURCE_LANGUAGE or not self.fonts else
                        {self.fonts[lang]} if lang in self.fonts else ())
            result[lang] = _Printable(self.text, families).check(text, value.value_at[lang], ctx, partial)
            ok = ok and result[lang] is not s.INVALID
        return tuple(sorted(result.items())) if ok else s.INVALID


class _LogoFile(s.Schema):
    """A PNG or JPEG file named relative to the profile, read and decoded once here."""

    def __init__(self, folder: Path, shown_as: str):
        self.folder, self.shown_as = folder, shown_as

    def check(self, value, at, ctx, partial=False):
        name = s.Text(max_length=500).check(value, at, ctx)
        if name is s.INVALID:
            return name
        path = self.folder / name
        try:
            data = read_regular(path, MAX_LOGO_BYTES)
        except FileNotFoundError:
            return ctx.error(at, f"'{path}' not found (a logo is named relative to the profile)")
        except TooLarge:
            return ctx.error(at, f"'{path}' is larger than {MAX_LOGO_BYTES // 2**20} MiB")
        except NotRegular:
            return ctx.error(at, f"'{path}' is not a regular file")
        except OSError as err:
            return ctx.error(at, f"cannot read '{path}': {err.strerror}")
        if not data.startswith(IMAGE_SIGNATURES):
            return ctx.error(at, f"'{path}' is not a PNG or JPEG image")
        place = f"{self.shown_as}:{at[0]}:{at[1]}"
        # decoded once per content: a build with nothing to do, or 500 profiles with one logo, reads it from the cache
        key = digest(data + _logo_rules())
        if found := cached(LOGOS, key):
            entry, kept = found
            width, height = map(int, entry.name.split("-")[1].split("x"))
            return Logo(kept, width, height, place)
        try:
            image = decode_logo(data)
        except LogoTooLarge as err:
            return ctx.error(at, f"'{path}' {err}")
        # Pillow reports a damaged image with many exception types; any of them means the same to the
        # person fixing the file.
        except Exception:  # noqa: BLE001
            return ctx.error(at, f"'{path}' cannot be read: the image is damaged or incomplete")
        logo = logo_for_print(image, data, place)
        keep(LOGOS, key, logo.data, label=f"{logo.width_px}x{logo.height_px}")
        return logo


@cache
def _logo_rules() -> bytes:
    """What decides a decoded logo's bytes besides its file: this module (its bounds and steps) and Pillow."""
    import PIL

    return Path(__file__).read_bytes() + PIL.__version__.encode()


class LogoTooLarge(ValueError):
    """An image with more pixels than a logo may have; refused before it is decoded."""


def decode_logo(data: bytes):
    """The PNG or JPEG ``data`` as a Pillow image in a mode a PDF can hold (L, LA, RGB, RGBA or CMYK),
    decoded only when its pixel count is within MAX_LOGO_PIXELS, turned upright as its EXIF orientation
    says (a PDF reads no EXIF), and no larger than the largest place it prints needs at PRINT_PPI."""
    from PIL import Image, ImageOps

    with warnings.catch_warnings():
        # Pillow's own bomb check warns, or refuses, far above our bound; ours is the one that counts
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=("PNG", "JPEG"))
        except Image.DecompressionBombError:
            raise LogoTooLarge(f"has more than {MAX_LOGO_PIXELS:,} pixels; {_smaller()}") from None
        width, height = image.size
        if width * height > MAX_LOGO_PIXELS:
            raise LogoTooLarge(f"has {width} × {height} pixels, more than {MAX_LOGO_PIXELS:,}; {_smaller()}")
        orientation = _orientation(image)
        sideways = orientation in SIDEWAYS
        upright = _print_size(*((height, width) if sideways else (width, height)))
        target = upright[::-1] if sideways else upright  # as the file stores it
        if target != (width, height):
            image.draft(image.mode, target)  # a JPEG decodes straight at a fraction of its size
        image.load()
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit grey: its 0..65535 scaled, not clipped, to 0..255
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    elif image.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode.endswith("A") else "RGB")
    # averaged down by whole blocks first, as Pillow's reducing_gap of 2 does: LANCZOS after it looks the same
    factor = min(image.width // target[0], image.height // target[1]) // 2
    if factor >= 2:
        image = _reduced(image, factor)
    if image.size != target:
        image = image.resize(target, Image.Resampling.LANCZOS)
    # turned last, when it is small: turning a copy of the whole decoded image would double the memory
    return ImageOps.exif_transpose(image) if orientation != 1 else image


def _reduced(image, factor: int):
    """``image`` made ``factor`` times smaller by averaging blocks of pixels, a band of rows at a time:
    Pillow's own reduce would first copy the whole image to premultiply its alpha, doubling the memory."""
    from PIL import Image

    width, height = image.size
    band = factor * max(1, 1_000_000 // (width * factor))  # rows: some 4 MB at 4 bytes a pixel
    reduced = Image.new(image.mode, (math.ceil(width / factor), math.ceil(height / factor)))
    for top in range(0, height, band):
        reduced.paste(image.crop((0, top, width, min(top + band, height))).reduce(factor), (0, top // factor))
    return reduced


ORIENTATION = 0x0112  # the EXIF tag
SIDEWAYS = (5, 6, 7, 8)  # the orientations that turn the image by a quarter


def _orientation(image) -> int:
    return image.getexif().get(ORIENTATION, 1)


def _print_size(width: int, height: int) -> tuple[int, int]:
    """The pixel size at which the logo prints at PRINT_PPI where it prints largest; never more than it has."""
    scale = min(LARGEST_LOGO_BOX[0] / width, LARGEST_LOGO_BOX[1] / height) / 72 * PRINT_PPI * PIXELS_TO_SPARE
    # rounded up: never a pixel short of PRINT_PPI
    return (width, height) if scale >= 1 else (math.ceil(width * scale), math.ceil(height * scale))


def _smaller() -> str:
    pixels = round(LARGEST_LOGO_BOX[0] / 72 * PRINT_PPI * PIXELS_TO_SPARE)
    return f"save it at most {pixels} pixels across, which prints sharp"


def logo_for_print(image, data: bytes, place: str) -> Logo:
    """The decoded logo as it is placed on the page: the file's own bytes when decoding changed nothing,
    else the image written anew (PNG, or JPEG for CMYK, which PNG cannot hold)."""
    from PIL import Image

    original = Image.open(io.BytesIO(data))
    if (original.size, original.mode, _orientation(original)) != (image.size, image.mode, 1):
        buffer = io.BytesIO()
        if image.mode == "CMYK":
            image.save(buffer, format="JPEG", quality=95)
        else:
            image.save(buffer, format="PNG", optimize=False)
        data = buffer.getvalue()
    return Logo(data, image.width, image.height, place)


def _schema(folder: Path, shown_as: str, fonts: dict | None) -> s.Record:
    every = set(fonts.values()) if fonts else set(FAMILIES)

    def key(name, schema, required=False):
        named = s.Named(name, schema)
        return named if required else s.Optional(named)

    return s.Record({
        "name": key("name", _Printable(s.Text(max_length=LIMITS["name"]), every), required=True),
        "address": key("address", _Printable(s.ListOf(
            s.Text(max_length=LIMITS["address"]), max_items=LIMITS["address_lines"],
            form='write one entry per printed line, e.g. ["Hauptstraße 12", "12345 Musterstadt"]'), every)),
        "phone": key("phone", _Printable(s.Matching(r"[+(]?[0-9][0-9 ()/.\-–]*",
                                           "a phone number: use digits, spaces and + ( ) / - .",
                                           max_length=LIMITS["phone"]),
                                           every)),
        "email": key("email", _Printable(s.Matching(r"[^@\s<>\"'()]+@[^@\s<>\"'()]+\.[^@\s<>\"'()]+",
                                           "an e-mail address", max_length=LIMITS["email"]), every)),
        "website": key("website", _Printable(s.Url(max_length=LIMITS["website"]), every)),
        "logo": key("logo", _LogoFile(folder, shown_as)),
        "note": key("note", _PerLanguage(s.Text(max_length=LIMITS["note"]), fonts)),
        "qr_url": key("qr_url", _Printable(s.Url(max_length=LIMITS["qr_url"]), every)),
    })


def load_practice(path: Path, fonts: dict | None = None) -> Practice:
    """Read and check one profile for the languages it is printed in, ``fonts`` (language -> its
    typeface family; default: a text every family can print); raises ContentError naming every problem
    in it."""
    problems: list = []
    checked = s.read_checked(path, str(path), _schema(path.parent, str(path), fonts), problems, kept=False)
    if problems:
        raise ContentError(problems)
    return Practice(**{key: value for key, value in checked.items() if value is not None}, profile=str(path))
