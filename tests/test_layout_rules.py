"""Layout rules every language keeps, each tried on a small document rather than a whole build: no word
cut without a hyphen, no word of a phrase in another language broken by this language's dictionary,
no word alone on a paragraph's last line, no table row split across pages, and the same arrangement
of a leaflet's last page in every language. Languages and treatments come from the project."""
from __future__ import annotations

import dataclasses
import re

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from conftest import ROOT, TREATMENT_IDS, content_strings, edition_of
from leaflet_builder.inputs.hyphenation import FOREIGN_PHRASE
from leaflet_builder.inputs.languages import SOURCE_LANGUAGE, available_languages
from leaflet_builder.inputs.layouts import load_layout
from leaflet_builder.inputs.practice import load_practice
from leaflet_builder.render import parts
from leaflet_builder.render.markup import to_paragraph
from leaflet_builder.render.reportlab_internals import line_texts, table_cells
from leaflet_builder.render.rtl import paragraph
from leaflet_builder.render.script import writing
from leaflet_builder.render.styles import stylesheet

EDITIONS = {lang: edition_of(lang) for lang in available_languages(ROOT)}
LTR = sorted(lang for lang, edition in EDITIONS.items() if edition.strings.direction != "rtl")
LAYOUT = load_layout(ROOT, TREATMENT_IDS[0])


def laid_out_lines(lang: str, text: str, style_name: str, width: float) -> list[list[str]]:
    """The words of each line of ``text`` laid out in the language's ``style_name`` at ``width``."""
    edition = EDITIONS[lang]
    with writing(edition):
        style = getattr(stylesheet(LAYOUT, edition.strings.hyphenation), style_name)
        para = paragraph(to_paragraph(text), style)
        para.wrap(width, 10_000)
        if edition.strings.direction == "rtl":
            return [["".join(para._chars[word.start:word.end]) for word in line] for line in para._lines]
        return [text.split() for text in line_texts(para)]


@pytest.mark.parametrize("lang", LTR)
def test_no_word_is_cut_without_a_hyphen(lang):
    """Each treatment's name in the comparison table's bold, in a column narrower than its longest
    word (the Ukrainian table printed 'Електротерапі / я'): a line ends at a whole word or a hyphen."""
    edition = EDITIONS[lang]
    for treatment in edition.treatments:
        longest = max(treatment.name.split(), key=len)
        with writing(edition):
            style = stylesheet(LAYOUT, edition.strings.hyphenation).table_head
        width = stringWidth(longest, style.fontName, style.fontSize) * 0.6
        lines = laid_out_lines(lang, treatment.name, "table_head", width)
        printed = "".join(" ".join(line) + ("" if line[-1].endswith("-") else " ") for line in lines)
        # joined again where a line ends with a hyphen: a word cut without one stays apart
        assert printed.replace("-", "").strip() == treatment.name.replace("- ", "-").replace("-", ""), \
            f"{lang}: cut as {lines}"


HYPHENATED = sorted(lang for lang in LTR if EDITIONS[lang].strings.hyphenation)


def _core(word: str) -> str:
    """A word without the punctuation around it."""
    return re.sub(r"^\W+|[^\w-]+$|-+$", "", word)


def broken_inside(lines: list[list[str]], words: set[str]) -> list[str]:
    """Each line end at which one of ``words`` is broken with a hyphen the line breaker added: at any
    place but a hyphen written in it."""
    found = []
    for line, after in zip(lines, lines[1:]):
        head, tail = line[-1], after[0]
        if head.endswith("-") and _core(head + tail) not in words and _core(head[:-1] + tail) in words:
            found.append(f"{head}|{tail}")
    return found


def every_width(lang: str, text: str, widest: str):
    """The lines of ``text`` in the body style at 60 widths from that of ``widest`` to the whole text's."""
    with writing(EDITIONS[lang]):
        style = stylesheet(LAYOUT, EDITIONS[lang].strings.hyphenation).body
    narrowest = stringWidth(widest, style.fontName, style.fontSize) + 2
    step = max(1.0, (stringWidth(text, style.fontName, style.fontSize) - narrowest) / 60)
    for number in range(61):
        width = narrowest + number * step
        yield round(width), laid_out_lines(lang, text, "body", width)


@pytest.mark.parametrize("lang", HYPHENATED)
def test_a_phrase_in_another_language_is_never_broken_by_this_languages_dictionary(lang):
    """'Nationale VersorgungsLeitlinie' in a Polish text: the Polish dictionary would break it as
    'VersorgungsLe-itlinie'; marked [..]{lang=de}, it breaks only at a space, at every width. So too
    the English article's title quoted in a translation, a phrase the code marks ('„Passive treatments:
    Massa-|ges' in German and Polish)."""
    english = EDITIONS[SOURCE_LANGUAGE].shared.source.title
    strings = EDITIONS[lang].strings
    phrases = [phrase for text in content_strings(lang) for phrase, tag in FOREIGN_PHRASE.findall(text)
               if tag.split("-")[0] != lang]
    texts = [text for text in content_strings(lang) if FOREIGN_PHRASE.search(text)]
    if lang != SOURCE_LANGUAGE:
        quoted = strings.label("quoted", text=f"[{english}]{{lang={SOURCE_LANGUAGE}}}")
        texts.append(strings.label("made_by", adapter="x", title=quoted))
        phrases.append(english)
    words = {_core(word) for phrase in phrases for word in phrase.split()}
    widest = max(words, key=len)
    for text in texts:
        for width, lines in every_width(lang, text, widest):
            assert not broken_inside(lines, words), f"{lang} at {width} pt: {lines}"


@pytest.mark.parametrize("lang", HYPHENATED)
def test_a_name_is_never_hyphenated(lang):
    """The publisher's name as leaflets/imprint.yaml spells it, the practice's and the reviewer's, set into
    their sentences, at every width: a line ends inside a name only at a hyphen written in it
    ('lea-|flet-builder' and 'leaflet-buil-|der' were printed; 'leaflet-|builder' may be)."""
    edition = EDITIONS[lang]
    strings, publisher = edition.strings, edition.imprint.publisher
    practice = load_practice(ROOT / "examples" / "practice.yaml").name
    reviewer = "Dr. Anna Müller-Lüdenscheidt"
    texts = [strings.label("made_by", adapter=name, title="x") for name in (publisher, practice)]
    texts.append(strings.label("reviewed_by", reviewer=reviewer, qualification="x", date="x"))
    words = {_core(word) for name in (publisher, practice, reviewer) for word in name.split()}
    for text in texts:
        for width, lines in every_width(lang, text, max(words, key=len)):
            assert not broken_inside(lines, words), f"{lang} at {width} pt: {lines}"


@pytest.mark.parametrize("lang", sorted(EDITIONS))
def test_a_date_stands_on_one_line_unbroken(lang):
    """'27.|November' in German, 'listo-|pada' in Polish: a date as the language writes it is never
    broken between its words nor inside one, at every width it fits."""
    edition = EDITIONS[lang]
    date = edition.strings.date(edition.imprint.next_review)
    text = edition.strings.label("next_review", date=date)
    for width, lines in every_width(lang, text, date):
        assert any(" ".join(date.split()) in " ".join(" ".join(line).split()) for line in lines), \
            f"{lang} at {width} pt: {lines}"


def test_a_phrase_in_another_language_keeps_its_own_punctuation():
    """French puts a no-break space before a colon; the German title quoted in French keeps its own."""
    french = [lang for lang, edition in EDITIONS.items() if ":" in edition.strings.space_before]
    assert french
    for lang in french:
        with writing(EDITIONS[lang]):
            markup = to_paragraph("Selon «[Passive Behandlungen: Massagen]{lang=de}» : oui")
        text = re.sub(r"<[^>]*>", "", markup)  # the printed text, without the phrase's language marks
        assert "Behandlungen: Massagen" in text and "\u00a0: oui" in text and "«\u00a0Passive" in text


@pytest.mark.parametrize("lang", sorted(EDITIONS))
def test_no_word_is_alone_on_a_paragraphs_last_line(lang):
    """Every width from narrow to wide: where the line before holds three words or more, the last line
    holds at least two, and the paragraph is never longer for it."""
    edition = EDITIONS[lang]
    text = edition.shared.disclaimer + " " + edition.shared.helps_instead_lead
    with writing(edition):
        style = stylesheet(LAYOUT, edition.strings.hyphenation).body
    full = stringWidth(text, style.fontName, style.fontSize)
    for step in range(8, 40):
        width = full / step * 1.7
        lines = laid_out_lines(lang, text, "body", width)
        if len(lines) < 2 or len(lines[-1]) >= 2:
            continue
        before, last = lines[-2], lines[-1][0]
        if before[-1].endswith("-"):  # the last line holds a broken word's end: company is the whole word
            before, last = before[:-1], before[-1][:-1] + last
        pair = f"{before[-1]} {last}" if before else last
        # company is owed where the line before keeps two words and the pair fits the line
        owed = len(before) >= 3 and stringWidth(pair, style.fontName, style.fontSize) < width - 2
        assert not owed, f"{lang} at {width:.0f} pt: {lines[-2:]}"


@pytest.mark.parametrize("lang", sorted(EDITIONS))
def test_a_table_row_never_splits_across_pages(lang):
    """The comparison table split at every height: each part holds whole rows, the header at its top."""
    edition = EDITIONS[lang]
    with writing(edition):
        styles = stylesheet(LAYOUT, edition.strings.hyphenation)
        width = LAYOUT.paper.frame_width
        grid = parts.comparison_table(edition, edition.treatments, LAYOUT, styles, width)
        total = grid.wrap(width, 100_000)[1]
        rows = [id(row[0]) for row in table_cells(grid)]
        for room in range(40, int(total), 37):
            pieces = grid.split(width, room)
            if len(pieces) < 2:
                continue
            first, rest = (table_cells(piece) for piece in pieces[:2])
            assert {id(row[0]) for row in first} <= set(rows), f"{lang}: a row split at {room} pt"
            assert id(rest[0][0]) == rows[0], f"{lang}: the header does not open the next page"
            assert {id(row[0]) for row in rest} <= set(rows), f"{lang}: a row split at {room} pt"
            assert len(first) + len(rest) - 1 == len(rows)


@pytest.mark.parametrize("lang", sorted(EDITIONS))
def test_every_language_arranges_a_leaflets_last_page_alike(lang):
    """The layout's number of sections beside the practice column comes first in every language (page
    2 of Turkish, Russian, Ukrainian and Arabic squeezed 'What helps?' into the narrow column)."""
    edition = EDITIONS[lang]
    for treatment_id in TREATMENT_IDS:
        layout = load_layout(ROOT, treatment_id)
        with writing(edition):
            styles = stylesheet(layout, edition.strings.hyphenation)
            found = parts._leaflet_parts(edition, edition.treatment(treatment_id), layout, styles, None)
            assert parts.beside_counts(*found, layout)[0] == layout.sections_beside_practice, treatment_id


def test_a_stylesheet_is_made_once_for_an_equal_layout_hyphenator_and_writing():
    """The same styles for an equal layout, the same hyphenator and the same writing (styles are never
    changed); others for another layout, hyphenator or writing."""
    edition = next(EDITIONS[lang] for lang in LTR if EDITIONS[lang].strings.hyphenation)
    rtl = next(edition for edition in EDITIONS.values() if edition.strings.direction == "rtl")
    hyphenator = edition.strings.hyphenation
    with writing(edition):
        styles = stylesheet(LAYOUT, hyphenator)
        assert stylesheet(LAYOUT, hyphenator) is styles
        assert stylesheet(dataclasses.replace(LAYOUT), hyphenator) is styles
        large = load_layout(ROOT, TREATMENT_IDS[0], large_print=True)
        assert stylesheet(large, hyphenator).body.fontSize > styles.body.fontSize
        assert stylesheet(LAYOUT, "").body.hyphenationLang == "" != styles.body.hyphenationLang
    with writing(rtl):
        assert stylesheet(LAYOUT, hyphenator).body.alignment != styles.body.alignment


def test_a_leaflets_sections_are_measured_once_for_every_practice():
    """The ways to place a leaflet's last sections, with the sections' heights kept from the first
    measure, are those of its parts made afresh, for a practice (a taller column) and without; another
    layout is measured anew."""
    edition, treatment_id = EDITIONS[LTR[0]], TREATMENT_IDS[-1]
    treatment, practice = edition.treatment(treatment_id), load_practice(ROOT / "examples" / "practice.yaml")
    for layout in (load_layout(ROOT, treatment_id), load_layout(ROOT, treatment_id, "a5", large_print=True)):
        with writing(edition):
            styles = stylesheet(layout, edition.strings.hyphenation)
            for handed_out_by in (None, practice, None):
                fresh = parts.beside_counts(*parts._leaflet_parts(edition, treatment, layout, styles, handed_out_by),
                                            layout)
                assert parts._leaflet_counts(edition, treatment, layout, styles, handed_out_by) == fresh
            kept = [heights for held, heights in parts._heights.values() if held[1] is layout]
            assert len(kept) == 1, "measured once"
