"""HTML pages made from the project's data.

``fill`` is the one way a value reaches an HTML page: a translation's label, a title, a practice's name, a
path or a number read back from the build state, each escaped for text and attribute values alike, so
that markup in any file shows as the characters it is and never runs.

``leaflet_page`` and ``brochure_page`` take the same Edition, Layouts and Practice the PDFs are made
from and give back the HTML twin of a leaflet or of the brochure: the same statements in the same
order, as semantic HTML (one h1, sections with headings in order, lists, the comparison as a table
with header cells), ``lang`` on the page and on every phrase in another language, ``dir="rtl"`` for a
right-to-left language, the symbols as inline SVG. A page needs no script and asks for nothing outside
its folder: its fonts are the PDFs' families, cut down to the scripts they are for, in ``fonts/``
beside the language folders (``page_fonts`` gives their files).
"""
from __future__ import annotations

import base64
from functools import cache, lru_cache
from html import escape

# as typing's: the gallery, which a build with nothing to do writes, needs only ``fill``, and loads no typing
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..inputs.content import Edition, Treatment
    from ..inputs.icons import Icon, Shape
    from ..inputs.layouts import Layout
    from ..inputs.practice import Practice
    from ..inputs.typeface import Face

FONTS = "fonts"  # beside the language folders of a set: DIR/fonts/, DIR/<practice>/fonts/
# the blocks a page's text may come from: Latin, Greek, Cyrillic, Arabic and the punctuation they share;
# a family keeps those it has (its own scripts), whatever the content, so a page's fonts change only
# with the font files, never with a word
UNICODE_RANGES = ((0x20, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x52F), (0x600, 0x6FF), (0x750, 0x77F),
                  (0x8A0, 0x8FF), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20AC, 0x20AC), (0x2116, 0x2122),
                  (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
TEXT = "#1a1a1a"
LEAST_CONTRAST = 4.5  # WCAG 1.4.3 for body text


def fill(template: str, **values) -> str:
    """``template`` with each ``{name}`` replaced by its value, escaped; the template itself is trusted HTML."""
    return template.format_map({name: escape(str(value), quote=True) for name, value in values.items()})


def inline(text: str) -> str:
    """Author markup as HTML: ``**bold**`` strong, ``[text](https://…)`` a link, ``[phrase]{lang=de}`` a
    span in its language, a name (Strings.label's) a span of its own, neither hyphenated (STYLE), the
    language's punctuation spacing; every character of the text through ``fill``. Call within
    ``script.writing``."""
    from .markup import convert, spaced

    return convert(spaced(text), lambda segment: fill("{text}", text=segment),
                   lambda inner: f"<strong>{inner}</strong>",
                   lambda href, inner: fill('<a href="{href}">', href=href) + f"{inner}</a>",
                   # dir="auto": a German title in an Arabic sentence keeps its own order
                   lambda tag, phrase: fill('<span lang="{tag}" dir="auto">{phrase}</span>', tag=tag, phrase=phrase),
                   lambda name: fill('<span class="name">{name}</span>', name=name))


def _relative_luminance(rgb: tuple) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value / 255) for value in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: tuple, second: tuple) -> float:
    """WCAG's contrast ratio of two RGB colours (0-255)."""
    light, dark = sorted((_relative_luminance(first), _relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def screen_rgb(cmyk: tuple) -> tuple:
    """A layout's CMYK colour as the RGB a screen shows, the naive conversion without a profile."""
    c, m, y, k = cmyk
    return tuple(round(255 * (1 - part) * (1 - k)) for part in (c, m, y))


def readable_rgb(cmyk: tuple, background: tuple = (255, 255, 255)) -> tuple:
    """The colour, darkened in small steps until text in it reads at LEAST_CONTRAST on ``background``:
    the accents are chosen for print, where some are lighter on screen than text may be."""
    rgb = screen_rgb(cmyk)
    while contrast(rgb, background) < LEAST_CONTRAST:
        rgb = tuple(round(part * 0.92) for part in rgb)
    return rgb


def hex_colour(rgb: tuple) -> str:
    return "#" + "".join(f"{value:02x}" for value in rgb)


# --- icons -------------------------------------------------------------------------------------------

def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _svg_shape(shape: Shape) -> str:
    paint = fill(' fill="{fill}" stroke="{stroke}" stroke-width="{width}"',
                 fill="currentColor" if shape.filled else "none", stroke="currentColor" if shape.stroke else "none",
                 width=_number(shape.stroke))
    numbers = [_number(value) for value in shape.geometry] if shape.kind not in ("group", "path") else []
    if shape.kind == "group":
        inner = "".join(map(_svg_shape, shape.geometry))
        return fill('<g transform="matrix({m})">', m=" ".join(map(_number, shape.transform))) + inner + "</g>"
    if shape.kind == "path":
        data = " ".join(command + " " + " ".join(map(_number, points)) for command, *points in shape.geometry)
        return fill('<path d="{d}"', d=data) + paint + "/>"
    if shape.kind == "line":
        return fill('<line x1="{a}" y1="{b}" x2="{c}" y2="{d}"', **dict(zip("abcd", numbers))) + paint + "/>"
    if shape.kind in ("polyline", "polygon"):
        points = " ".join(",".join(numbers[i:i + 2]) for i in range(0, len(numbers), 2))
        return fill(f'<{shape.kind} points="{{points}}"', points=points) + paint + "/>"
    if shape.kind == "rect":
        return fill('<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" ry="{ry}"',
                    **dict(zip(("x", "y", "w", "h", "rx", "ry"), numbers))) + paint + "/>"
    if shape.kind == "circle":
        return fill('<circle cx="{x}" cy="{y}" r="{r}"', **dict(zip("xyr", numbers))) + paint + "/>"
    return fill('<ellipse cx="{x}" cy="{y}" rx="{a}" ry="{b}"', **dict(zip("xyab", numbers))) + paint + "/>"


def icon_svg(icon: Icon, colour: str, alt: str | None = None) -> str:
    """``icon`` as inline SVG in ``colour``, round caps and joins as in the PDF; with ``alt`` an image of
    that name, without it hidden from assistive technology (its wording stands beside it)."""
    role = fill(' role="img" aria-label="{alt}"', alt=alt) if alt else ' aria-hidden="true"'
    return (fill('<svg class="icon" viewBox="{box}" style="color:{colour}" focusable="false"',
                 box=" ".join(map(_number, icon.view_box)), colour=colour)
            + role + ' stroke-linecap="round" stroke-linejoin="round">' + _svg_shapes(icon.shapes) + "</svg>")


@lru_cache(maxsize=256)  # the same few icons are on every page of every practice's set
def _svg_shapes(shapes: tuple) -> str:
    return "".join(map(_svg_shape, shapes))


# --- fonts -------------------------------------------------------------------------------------------

def _font_file(face: Face) -> str:
    return f"{face.name}.woff"


@cache
def _web_font(face: Face) -> bytes:
    from .fonts import web_font

    return web_font(face, UNICODE_RANGES)


def page_fonts(edition: Edition, folder: str) -> dict[str, bytes]:
    """The font files the edition's pages load, by path relative to the output folder; ``folder`` the
    set's folder ("" or a practice's)."""
    from ..inputs.typeface import FAMILIES

    prefix = f"{folder}/" if folder else ""
    return {f"{prefix}{FONTS}/{_font_file(face)}": _web_font(face)
            for face in FAMILIES[edition.strings.font].faces().values()}


def _font_faces(edition: Edition) -> str:
    from ..inputs.typeface import FAMILIES

    family = FAMILIES[edition.strings.font]
    return "".join(fill('@font-face {{ font-family: "{family}"; src: url("../{folder}/{file}") format("woff"); '
                        'font-weight: {weight}; font-display: swap; }}\n', family=edition.strings.font, folder=FONTS,
                        file=_font_file(face), weight=weight)
                   for face, weight in ((family.regular, 400), (family.bold, 700)))


STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; color: #1a1a1a; background: #fff; font-family: var(--family), system-ui, sans-serif;
       font-size: 1.125rem; line-height: 1.5; overflow-wrap: anywhere; hyphens: auto; }
header, main, footer { max-inline-size: 44rem; margin-inline: auto; padding-inline: 1rem; }
header.band { max-inline-size: none; background: var(--accent); color: #fff; padding-block: 1rem; }
header.band > * { max-inline-size: 42rem; margin-inline: auto; }
main { padding-block-start: 1rem; }
span[lang], .name { hyphens: manual; }
.series { margin-block: 0; font-size: 1rem; }
h1 { font-size: 2rem; line-height: 1.2; margin-block: .25rem; display: flex; gap: .5rem; align-items: center; }
h1 .icon { inline-size: 2.5rem; block-size: 2.5rem; flex: none; }
.subtitle { margin-block: 0; font-size: 1.2rem; }
h2 { color: var(--heading); font-size: 1.4rem; line-height: 1.25; margin-block: 1.75rem .5rem; }
h3 { color: var(--heading); font-size: 1.2rem; line-height: 1.3; margin-block: 1.25rem .4rem; }
h4 { font-size: 1.1rem; margin-block: 1rem .3rem; }
p, li { max-inline-size: 40rem; }
p { margin-block: 0 .75rem; }
a { color: var(--heading); text-decoration-thickness: .08em; text-underline-offset: .15em; }
a:focus-visible { outline: 3px solid var(--heading); outline-offset: 2px; }
.notice { border-inline-start: .3rem solid var(--heading); padding-inline-start: .75rem; font-weight: 700; }
.key-message { font-size: 1.25rem; font-weight: 700; margin-block: 1.25rem; }
.icon { inline-size: 1.3em; block-size: 1.3em; vertical-align: -.3em; flex: none; margin-inline-end: .3em; }
.glance { background: var(--tint); border-radius: .5rem; padding: .75rem 1rem; margin-block: 1rem; }
.glance h2, .glance h3, .glance h4 { margin-block-start: 0; }
.glance table { border-collapse: collapse; inline-size: 100%; }
.glance th, .glance td { text-align: start; vertical-align: top; padding-block: .35rem; padding-inline-end: .75rem; }
.glance th { inline-size: 40%; }
ol, ul { padding-inline-start: 1.5rem; }
li { margin-block: .4rem; }
ol.steps > li::marker { font-weight: 700; color: var(--heading); }
.step { display: flow-root; }
.step .icon { float: inline-start; inline-size: 2.4rem; block-size: 2.4rem; margin-inline-end: .6rem; }
ul.checklist { list-style: none; padding-inline-start: 0; }
ul.checklist li { display: flex; gap: .5rem; }
ul.checklist li::before { content: ""; flex: none; inline-size: .9em; block-size: .9em; margin-block-start: .3em;
                          border: 2px solid var(--heading); }
.practice { border: 2px solid var(--heading); border-radius: .25rem; padding: .75rem 1rem; margin-block: 1.5rem; }
.practice img { max-inline-size: 100%; block-size: auto; max-block-size: 4rem; }
.practice h2 { margin-block-start: 0; }
.practice p { margin-block: 0 .25rem; }
.address { overflow-wrap: anywhere; }
footer { border-block-start: 1px solid #767676; margin-block-start: 2rem; padding-block: 1rem 2rem; font-size: 1rem; }
nav ol { padding-inline-start: 1.5rem; }
.scroll { overflow-x: auto; margin-block: 1rem; }
.scroll:focus-visible { outline: 3px solid var(--heading); }
.comparison { border-collapse: collapse; min-inline-size: 38rem; font-size: 1rem; }
/* a name broken in mid-word reads badly: the table scrolls in its region instead */
.comparison th, .comparison td { text-align: start; vertical-align: top; padding: .4rem .5rem; overflow-wrap: normal; }
.comparison thead th { border-block-end: 3px solid var(--heading); }
.comparison tbody tr:nth-child(odd) { background: var(--tint); }
.key { list-style: none; padding-inline-start: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
.chapter { border-block-start: 3px solid var(--chapter); margin-block-start: 2rem; }
.chapter h3 { color: var(--chapter); display: flex; gap: .5rem; align-items: center; font-size: 1.4rem; }
.chapter h3 .icon { inline-size: 2rem; block-size: 2rem; }
@media print {
  body { font-size: 11pt; }
  header.band { background: none; color: #000; border-block-end: 2pt solid #000; }
  header, main, footer { max-inline-size: none; }
  a { color: inherit; }
  a[href^="http"]:not([dir])::after { content: " (" attr(href) ")"; overflow-wrap: anywhere; }  /* not an address */
  h2, h3, h4 { break-after: avoid; }
  li, tr, .glance, .practice, .step { break-inside: avoid; }
  .scroll { overflow: visible; }
  .comparison { min-inline-size: 0; inline-size: 100%; }
  .chapter { break-before: page; }
}
"""


def _page(edition: Edition, title: str, description: str, colours: dict, body: str) -> str:
    strings = edition.strings
    variables = "".join(fill("--{name}: {value}; ", name=name, value=value) for name, value in colours.items())
    return (fill('<!DOCTYPE html>\n<html lang="{lang}" dir="{dir}">\n<head>\n<meta charset="utf-8">\n'
                 '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
                 '<meta name="description" content="{description}">\n<style>\n', lang=strings.locale,
                 dir=strings.direction, title=title, description=description)
            + _font_faces(edition) + fill(':root {{ --family: "{family}"; ', family=strings.font)
            + variables + "}\n" + STYLE + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n")


def _colours(layout: Layout) -> dict:
    tint = screen_rgb(layout.colours.tint)
    return {"accent": hex_colour(readable_rgb(layout.colours.accent, (255, 255, 255))),
            "heading": hex_colour(readable_rgb(layout.colours.accent, tint)), "tint": hex_colour(tint)}


# --- parts -------------------------------------------------------------------------------------------

def _paragraphs(texts, css: str = "") -> str:
    opening = f'<p class="{css}">' if css else "<p>"
    return "".join(f"{opening}{inline(text)}</p>\n" for text in texts)


def _list(texts, tag: str = "ul", css: str = "") -> str:
    opening = f'<{tag} class="{css}">' if css else f"<{tag}>"
    return opening + "".join(f"<li>{inline(text)}</li>" for text in texts) + f"</{tag}>\n"


def _links(entries) -> str:
    """A numbered list of links to places in the page: (anchor, author markup) pairs."""
    return "<ol>" + "".join(fill('<li><a href="#{anchor}">', anchor=anchor) + inline(text) + "</a></li>"
                            for anchor, text in entries) + "</ol>"


def _section(heading: str, body: str, level: int, css: str = "", anchor: str = "") -> str:
    attributes = (fill(' id="{anchor}"', anchor=anchor) if anchor else "") + (f' class="{css}"' if css else "")
    return f"<section{attributes}>\n<h{level}>{inline(heading)}</h{level}>\n{body}</section>\n"


def glance_box(edition: Edition, treatment: Treatment, level: int) -> str:
    """The at-a-glance box: the treatment's categories in the language's wording, as a table whose rows
    each have a header cell; the evidence symbol beside its wording, hidden from screen readers."""
    from .parts import glance_wording

    label, wording = edition.strings.label, glance_wording(edition, treatment)
    symbol = icon_svg(edition.evidence_symbols[treatment.facts.evidence], "var(--heading)")
    rows = "".join(f'<tr><th scope="row">{inline(label(key))}</th><td>{symbol if key == "evidence" else ""}'
                   f"{inline(wording[key])}</td></tr>" for key in ("evidence", "effect", "guideline"))
    body = f"{_paragraphs([edition.shared.glance['note']])}<table><tbody>{rows}</tbody></table>\n"
    return _section(label("at_a_glance"), body, level, "glance")


def section_body(name: str, edition: Edition, treatment: Treatment | None, layout: Layout) -> str:
    """The answer under one section's heading, as parts.section_body gives it to the PDF; empty when
    the content has none."""
    shared = edition.shared
    if name == "side_effects":
        return _paragraphs(treatment.sections.get(name, (shared.side_effects_not_described,)))
    if name == "who_pays":
        return _paragraphs(shared.who_pays)
    if name == "helps_instead":
        return _paragraphs([shared.helps_instead_lead]) + _list(shared.helps_instead_items)
    if name == "what_you_can_do":
        steps = [(f'<div class="step">{icon_svg(layout.step_icons[i], "var(--heading)")}<div>{inline(text)}</div></div>'
                  if i < len(layout.step_icons) else inline(text)) for i, text in enumerate(shared.what_you_can_do)]
        steps[-1] += _list(shared.questions, css="checklist")
        return '<ol class="steps">' + "".join(f"<li>{step}</li>" for step in steps) + "</ol>\n"
    return _paragraphs(treatment.sections.get(name, ()))


def treatment_sections(edition: Edition, treatment: Treatment, layout: Layout, level: int) -> str:
    """The layout's sections that the treatment has, in the layout's order."""
    parts = []
    for name in layout.sections:
        if name == "extra":
            parts += [_section(question, _paragraphs(answer), level) for question, answer in treatment.extra]
        elif body := section_body(name, edition, treatment, layout):
            parts.append(_section(edition.strings.headings[name], body, level))
    return "".join(parts)


def address_line(href: str, shown: str | None = None) -> str:
    """A web or e-mail address as a link on a line of its own, left to right in every language (as the
    PDF sets it), broken anywhere it must to fit a narrow screen."""
    return fill('<p class="address"><a href="{href}" dir="ltr">{shown}</a></p>\n', href=href, shown=shown or href)


def _logo(practice: Practice) -> str:
    """The logo as a data address (no request leaves the page); the practice's name is its heading."""
    kind = "png" if practice.logo.data.startswith(b"\x89PNG") else "jpeg"
    source = f"data:image/{kind};base64," + base64.b64encode(practice.logo.data).decode()
    return fill('<img src="{source}" alt="" width="{width}" height="{height}">', source=source,
                width=practice.logo.width_px, height=practice.logo.height_px)


def practice_box(edition: Edition, practice: Practice, level: int) -> str:
    """The practice's logo, name, address, phone, e-mail, website and note: text, never markup."""
    lines = [fill("<p>{line}</p>\n", line=line) for line in (*practice.address, practice.phone) if line]
    if practice.email:
        lines.append(address_line(f"mailto:{practice.email}", practice.email))
    if practice.website:
        lines.append(address_line(practice.website, practice.website.removeprefix("https://").rstrip("/")))
    note = practice.note_in(edition.lang)
    if note:
        lines.append(fill("<p>{note}</p>\n", note=note))
    logo = _logo(practice) if practice.logo else ""
    heading = fill("<h{level}>{name}</h{level}>\n", level=level, name=practice.name)
    return f'<section class="practice">\n{logo}{heading}' + "".join(lines) + "</section>\n"


def read_more(edition: Edition, practice: Practice | None) -> str:
    """Where the PDF's QR code leads, as a link, with the PDF's caption when it is the article."""
    from .parts import qr_target

    url = qr_target(edition, practice)
    strings = edition.strings
    caption = [text for text in (strings.label("read_more"), strings.source_note) if text] \
        if url == edition.shared.source.url else []
    return _paragraphs(caption) + address_line(url)


def _band(edition: Edition, series: str, title: str, subtitle: str | None, icon: Icon | None) -> str:
    symbol = icon_svg(icon, "currentColor") if icon else ""  # white on the band, black in print
    return ('<header class="band">\n' + f'<p class="series">{inline(series)}</p>\n'
            f"<h1>{symbol}<span>{inline(title)}</span></h1>\n"
            + (f'<p class="subtitle">{inline(subtitle)}</p>\n' if subtitle else "") + "</header>\n")


def _notice(edition: Edition) -> str:
    from .imprint import notice

    text = notice(edition)
    return f'<p class="notice">{inline(text)}</p>\n' if text else ""


# --- pages -------------------------------------------------------------------------------------------

def leaflet_page(edition: Edition, treatment_id: str, layout: Layout, practice: Practice | None = None) -> str:
    """The leaflet's HTML twin: band, notice, key message, at-a-glance box, the layout's sections, the
    disclaimer, the practice's box, where the QR code leads, and the lines on who made it."""
    from .imprint import imprint_texts
    from .markup import plain
    from .parts import qr_target
    from .script import writing

    with writing(edition):
        treatment, shared = edition.treatment(treatment_id), edition.shared
        address = qr_target(edition, practice) != shared.source.url  # as the PDF: else the link below has it
        body = (_band(edition, shared.series_title, treatment.name, treatment.subtitle, layout.icon)
                + "<main>\n" + _notice(edition) + _paragraphs([treatment.key_message], "key-message")
                + glance_box(edition, treatment, 2) + treatment_sections(edition, treatment, layout, 2)
                + _paragraphs([shared.disclaimer]) + (practice_box(edition, practice, 2) if practice else "")
                + read_more(edition, practice) + "</main>\n<footer>\n"
                + _paragraphs(imprint_texts(edition, practice, address))
                + (fill("<p>{footer}</p>\n", footer=practice.footer) if practice else "") + "</footer>\n")
        return _page(edition, f"{plain(treatment.name)} – {plain(shared.series_title)}", plain(treatment.key_message),
                     _colours(layout), body)


def chapter_anchor(treatment: Treatment) -> str:
    return f"chapter-{treatment.id}"


def brochure_page(edition: Edition, layouts, practice: Practice | None = None) -> str:
    """The brochure's HTML twin: its parts in the brochure layout's order, the contents a list of links
    to them and to each chapter, the comparison a table whose treatment names link to their chapters."""
    from .markup import plain
    from .script import writing

    with writing(edition):
        layout, booklet = layouts.brochure
        composer = _Brochure(edition, layout, booklet, layouts.treatments, practice)
        shared = edition.shared
        body = (_band(edition, edition.strings.label("patient_information"), shared.series_title,
                      shared.brochure["subtitle"], None)
                + "<main>\n" + _notice(edition)
                + "".join(getattr(composer, part)() for part in booklet.parts if part != "back_cover") + "</main>\n"
                + (composer.back_cover() if "back_cover" in booklet.parts else ""))
        return _page(edition, plain(shared.series_title), plain(shared.brochure["subtitle"]), _colours(layout), body)


class _Brochure:
    """One method per part of the brochure (layouts/brochure.yaml), as render/brochure.py composes them."""

    def __init__(self, edition: Edition, layout: Layout, booklet, treatment_layouts: dict,
                 practice: Practice | None):
        self.edition, self.layout, self.booklet, self.practice = edition, layout, booklet, practice
        self.strings, self.treatment_layouts = edition.strings, treatment_layouts

    def treatments(self) -> list:
        return [self.edition.treatment(treatment_id) for treatment_id in self.booklet.treatments]

    def _titles(self) -> list:
        """(anchor, title) of the parts the contents list, as the PDF's contents do."""
        label, headings = self.strings.label, self.strings.headings
        titles = {"introduction": label("introduction"), "at_a_glance": label("comparison"),
                  "chapters": label("chapters"), "helps_instead": headings["helps_instead"],
                  "what_you_can_do": headings["what_you_can_do"], "source_and_method": label("source_and_method"),
                  "imprint": label("imprint")}
        return [(part, titles[part]) for part in self.booklet.parts if part in titles]

    def cover(self) -> str:
        from .imprint import footer_text

        return _paragraphs([footer_text(self.edition)])

    def contents(self) -> str:
        entries = []
        for anchor, title in self._titles():
            chapters = [(chapter_anchor(treatment), treatment.name) for treatment in self.treatments()]
            inner = _links(chapters) if anchor == "chapters" else ""
            entries.append(fill('<li><a href="#{anchor}">', anchor=anchor) + inline(title) + "</a>" + inner + "</li>")
        heading = inline(self.strings.label("contents"))
        return (f'<nav aria-labelledby="contents">\n<h2 id="contents">{heading}</h2>\n'
                f'<ol>{"".join(entries)}</ol>\n</nav>\n')

    def introduction(self) -> str:
        label, shared = self.strings.label, self.edition.shared
        intro = shared.introduction
        sections = [(label("passive_and_active"), intro["passive_and_active"]),
                    (label("research"), intro["research"]), (label("guideline_heading"), intro["guideline"]),
                    (self.strings.headings["who_pays"], shared.who_pays)]
        body = "".join(_section(heading, _paragraphs(texts), 3) for heading, texts in sections)
        return _section(label("introduction"), body, 2, anchor="introduction")

    def at_a_glance(self) -> str:
        from .markup import plain
        from .parts import glance_wording

        edition, label = self.edition, self.strings.label
        glance = edition.shared.glance
        symbols = edition.evidence_symbols
        key = (f"<p>{inline(glance['key'])}</p>\n" + '<ul class="key">'
               + "".join(f"<li>{icon_svg(symbols[category], 'var(--heading)')} {inline(wording)}</li>"
                         for category, wording in glance["evidence"].items()) + "</ul>\n")
        head = "".join(f'<th scope="col">{inline(label(name))}</th>'
                       for name in ("treatment", "evidence", "effect", "side_effects", "guideline"))
        rows = []
        for treatment in self.treatments():
            wording = glance_wording(edition, treatment)
            side_effects = treatment.side_effects_brief or edition.shared.side_effects_not_described_brief
            symbol = icon_svg(edition.evidence_symbols[treatment.facts.evidence], "var(--heading)")
            rows.append(fill('<tr><th scope="row"><a href="#{anchor}">', anchor=chapter_anchor(treatment))
                        + f"{inline(treatment.name)}</a></th><td>{symbol} {inline(wording['evidence'])}</td>"
                        f"<td>{inline(wording['effect'])}</td><td>{inline(side_effects)}</td>"
                        f"<td>{inline(wording['guideline'])}</td></tr>")
        # a table needs its columns side by side: on a narrow screen it scrolls in its own region, the page not
        table = (fill('<div class="scroll" tabindex="0" role="region" aria-label="{name}">',
                      name=plain(label("comparison")))
                 + f'<table class="comparison"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
                 "</table></div>\n")
        body = _paragraphs([edition.shared.brochure["how_to_read"]]) + key + table
        return _section(label("comparison"), body, 2, anchor="at_a_glance")

    def chapters(self) -> str:
        body = "".join(map(self.chapter, self.treatments()))
        return _section(self.strings.label("chapters"), body, 2, anchor="chapters")

    def chapter(self, treatment: Treatment) -> str:
        own = self.treatment_layouts[treatment.id]
        colour = hex_colour(readable_rgb(own.colours.accent))
        title = (icon_svg(own.icon, colour) + f"<span>{inline(treatment.name)}</span>")
        subtitle = f'<p class="subtitle">{inline(treatment.subtitle)}</p>\n' if treatment.subtitle else ""
        body = (subtitle + _paragraphs([treatment.key_message], "key-message")
                + glance_box(self.edition, treatment, 4) + treatment_sections(self.edition, treatment, self.layout, 4))
        return (fill('<section class="chapter" id="{anchor}" style="--chapter: {colour}">\n',
                     anchor=chapter_anchor(treatment), colour=colour) + f"<h3>{title}</h3>\n" + body + "</section>\n")

    def helps_instead(self) -> str:
        return self._shared_part("helps_instead")

    def what_you_can_do(self) -> str:
        return self._shared_part("what_you_can_do")

    def _shared_part(self, name: str) -> str:
        return _section(self.strings.headings[name], section_body(name, self.edition, None, self.layout), 2,
                        anchor=name)

    def source_and_method(self) -> str:
        from .imprint import based_on, translated

        method = [*self.edition.shared.brochure["method"], translated(self.edition)]
        body = _paragraphs([text for text in method if text] + based_on(self.edition))
        return _section(self.strings.label("source_and_method"), body, 2, anchor="source_and_method")

    def imprint(self) -> str:
        from .imprint import imprint_entries

        body = "".join(_section(self.strings.label(key), _paragraphs(texts), 3)
                       for key, texts in imprint_entries(self.edition, self.practice))
        return _section(self.strings.label("imprint"), body, 2, anchor="imprint")

    def back_cover(self) -> str:
        from .imprint import footer_text

        shared = self.edition.shared
        practice = practice_box(self.edition, self.practice, 2) if self.practice else ""
        return ("<footer>\n" + _paragraphs([shared.brochure["disclaimer"], footer_text(self.edition)]) + practice
                + read_more(self.edition, self.practice) + "</footer>\n")
