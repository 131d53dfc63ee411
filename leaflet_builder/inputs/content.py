"""Content loading: the facts file, one language's interface strings and its leaflet texts.

Takes the project folder and a language code; gives back an ``Edition``: frozen dataclasses holding
every text and fact a leaflet or the brochure prints, checked against the schemas below and, for a
language other than English, against the English edition key by key (languages.py), with the
publisher's imprint (leaflets/imprint.yaml) and the language's review status (reviews.py); and that
every English statement cites its source paragraphs or is marked editorial (citations.py). Every
problem in every file is collected and raised together as one ContentError.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from . import schema as s
from ..errors import ContentError, Problem
from .hyphenation import LANGUAGES as HYPHENATION_LANGUAGES
from .hyphenation import Hyphenator, as_name
from .citations import backings
from .languages import ENGLISH_ONLY, FACTS, IMPRINT, SOURCE_LANGUAGE, differences
from .icons import icon_names, load_icons
from .reviews import ReviewStatus, load_sign_offs, review_status
from .typeface import DEFAULT_FAMILY, FAMILIES, missing_characters
from .yamlfile import PosDict, PosList, load

SECTIONS = ("what_is_it", "how_it_works", "does_it_help", "side_effects", "extra", "who_pays",
            "helps_instead", "what_you_can_do")
TREATMENT_SECTIONS = ("what_is_it", "how_it_works", "does_it_help", "side_effects")


@dataclass(frozen=True)
class Facts:
    """What leaflets/treatments.yaml says of one treatment, the same in every language."""

    id: str
    evidence: str
    effect: str
    guideline: str
    evidence_symbol: str  # the icon (layouts/icons/) that marks its evidence category


@dataclass(frozen=True)
class Translation:
    """Who translated a language from the English edition; whether a qualified reviewer checked it is
    in reviews/ (reviews.py)."""

    translated_by: str
    translated_on: datetime.date


# the placeholders that stand for a name: the publisher's (leaflets/imprint.yaml), the practice's, the
# reviewer's, and the translator's (a translation's translated_by, which names the publisher), each
# printed as spelled, never hyphenated by the reader's dictionary
NAMES = ("adapter", "practice", "reviewer", "translator")


@dataclass(frozen=True)
class Strings:
    """Interface strings and formats of one language (i18n/<lang>.yaml)."""

    language: str
    locale: str
    hyphenation: Hyphenator | str  # "" for a language whose words are not broken
    font: str  # the typeface family (inputs/typeface.py)
    direction: str  # "ltr", or "rtl" for a language written from right to left
    space_before: str  # punctuation that takes a no-break space before it, e.g. French ":;?!»"
    space_after: str  # and after it, e.g. French "«"
    source_note: str  # one line under the QR code when the article is in another language; "" for none
    date_format: str
    months: tuple
    headings: dict
    labels: dict
    translation: Translation | None  # None for the English source edition

    def date(self, day: datetime.date) -> str:
        """The day as the language writes it, with no-break spaces: a line never breaks inside a date
        ("27.|November"), and ReportLab hyphenates only a word of letters, which a date so held is not
        ("listo-|pada")."""
        return self.date_format.format(day=day.day, month=self.months[day.month - 1], year=day.year,
                                       mm=f"{day.month:02d}", dd=f"{day.day:02d}").replace(" ", "\u00a0")

    def label(self, key: str, **values) -> str:
        """The label ``key`` with its placeholders filled in; a name (NAMES) is marked as one (as_name)."""
        template = self.labels[key]
        for name, value in values.items():
            if str(value).endswith("."):  # the Polish date's "r." ends a sentence with one full stop
                template = template.replace(f"{{{name}}}.", f"{{{name}}}")
        return template.format(**{name: as_name(value) if name in NAMES else value for name, value in values.items()})


@dataclass(frozen=True)
class Source:
    short: str
    url: str
    taken_on: datetime.date  # the day our copy of the article was taken
    title: str | None = None  # the English article's; a translation quotes that one (Edition.original)


@dataclass(frozen=True)
class Shared:
    """Content every leaflet and the brochure share (leaflets/<lang>/shared.yaml)."""

    series_title: str
    source: Source
    introduction: dict
    who_pays: tuple
    helps_instead_lead: str
    helps_instead_items: tuple
    what_you_can_do: tuple
    questions: tuple
    side_effects_not_described: str
    side_effects_not_described_brief: str
    disclaimer: str
    glance: dict  # the wording of each category, by kind, and the key's label
    brochure: dict  # the brochure's own texts: subtitle, how to read the table, method note, disclaimer


@dataclass(frozen=True)
class Treatment:
    """One treatment's text in one language (leaflets/<lang>/<id>.yaml) with its facts."""

    id: str
    name: str
    subtitle: str | None
    key_message: str
    sections: dict
    extra: tuple
    side_effects_brief: str | None
    facts: Facts


@dataclass(frozen=True)
class Imprint:
    """Who publishes the leaflets and when their text is next reviewed (leaflets/imprint.yaml), the
    same in every language."""

    publisher: str
    next_review: datetime.date


@dataclass(frozen=True)
class Edition:
    """Everything one language prints."""

    lang: str
    strings: Strings
    shared: Shared
    treatments: tuple
    imprint: Imprint
    review: ReviewStatus  # of this language's own text
    content_review: ReviewStatus  # of the English text it rests on, checked by a health professional
    original: Source  # the English article we read and adapted; shared.source is the reader's language version
    evidence_symbols: dict  # evidence category -> the Icon that marks it, in the facts file's order

    def treatment(self, treatment_id: str) -> Treatment:
        return next(t for t in self.treatments if t.id == treatment_id)


class _FactsFile(s.Schema):
    """leaflets/treatments.yaml: the category names first, each evidence category with the icon that
    marks it (one of ``symbols``, a symbol of its own), then each treatment's categories by them."""

    def __init__(self, symbols: tuple[str, ...]):
        self.categories = s.Record({
            "evidence": s.MapOf(s.Text(max_length=40), s.Choice(symbols, "evidence symbol")),
            "effect": s.ListOf(s.Text(max_length=40)),
            "guideline": s.ListOf(s.Text(max_length=40)),
        })

    def check(self, value, at, ctx, partial=False):
        if not isinstance(value, PosDict):
            return s.Record({}).check(value, at, ctx)  # says what it got instead of a mapping
        if "categories" not in value:
            return ctx.missing(value.at, "categories")
        categories = self.categories.check(value["categories"], value.value_at["categories"], ctx)
        if categories is s.INVALID:
            return categories
        if len(set(categories["evidence"].values())) < len(categories["evidence"]):
            return ctx.error(value["categories"].value_at["evidence"],
                             "each evidence category needs a symbol of its own")
        return s.Record({
            "categories": s.Accepted(categories),
            "treatments": s.MapOf(s.Text(max_length=40), s.Record(
                {kind: s.Choice(tuple(names), f"{kind} category") for kind, names in categories.items()})),
        }).check(value, at, ctx)


STRINGS_SCHEMA = s.Record({
    "language": s.Text(),
    "locale": s.Text(max_length=20),
    "hyphenation": s.Optional(s.Choice(HYPHENATION_LANGUAGES, "hyphenation dictionary"), default=""),
    "hyphenation_exceptions": s.Optional(s.ListOf(s.Text(max_length=80)), default=()),
    "font": s.Optional(s.Choice(tuple(FAMILIES), "font"), default=DEFAULT_FAMILY),
    "direction": s.Optional(s.Choice(("ltr", "rtl"), "direction"), default="ltr"),
    "space_before": s.Optional(s.Text(max_length=10), default=""),
    "space_after": s.Optional(s.Text(max_length=10), default=""),
    "source_note": s.Optional(s.Text(max_length=120), default=""),
    "date_format": s.Template(("day", "month", "year", "mm", "dd")),
    "months": s.ListOf(s.Text(), min_items=12, max_items=12),
    "headings": s.MapOf(s.Choice(SECTIONS, "section"), s.Text(),
                        required_keys=[k for k in SECTIONS if k != "extra"]),
    "labels": s.Record({
        **{key: s.Template() for key in (
            "at_a_glance", "evidence", "effect", "guideline", "side_effects", "source", "practice_stamp",
            "read_more",
            # the brochure's
            "patient_information", "contents", "introduction", "passive_and_active", "research",
            "guideline_heading", "comparison", "treatment", "chapters", "source_and_method", "notes")},
        "as_read": s.Template(("date",)),
        "page": s.Template(("page", "pages")),
        "page_count": s.Template(("pages",)),
        # the gallery's cards
        **{key: s.Template() for key in (
            "file_leaflet", "file_brochure", "file_booklet", "file_large_print", "file_print_shop", "file_crop_marks",
            "web_page",
            "print_duplex", "print_booklet", "print_shop", "print_shop_booklet")},
        "quoted": s.Template(("text",)),
        "qr_code": s.Template(),  # the QR code's alternative text; its address is printed and linked beside it
        **{key: s.Template() for key in (
            "not_reviewed", "translation_not_reviewed", "neither_reviewed", "imprint", "publisher", "based_on",
            "how_made", "made", "review")},
        "made_by": s.Template(("adapter", "title")),
        "adapted_from": s.Template(("adapter", "title", "source", "date")),
        # the address of the article the link and QR code lead to, which a translation names as its version
        "own_version": s.Template(("address",)),
        "given_by": s.Template(("practice",)),
        "may_have_changed": s.Template(),
        "copy_used": s.Template(("date", "count")),
        "reviewed_by": s.Template(("reviewer", "qualification", "date")),
        "translated": s.Template(("translator",)),
        "next_review": s.Template(("date",)),
    }),
    "translation": s.Optional(s.Record({
        "translated_by": s.Text(max_length=200), "translated_on": s.Date(),
        # accepted as written by translators before reviews/ existed; only false, see _translation_status
        "reviewed": s.Optional(s.Boolean(), default=False),
    })),
})

IMPRINT_SCHEMA = s.Record({"publisher": s.Text(max_length=120), "next_review": s.Date()})


def _shared_schema(categories: dict, english: bool):
    """The schema of a leaflets/<lang>/shared.yaml; a translation's without the statements only English has
    (languages.ENGLISH_ONLY: the title of the article we adapted, which a translation quotes from there)."""
    glance = {kind: s.MapOf(s.Choice(names, f"{kind} category"), s.Text(), required_keys=names)
              for kind, names in categories.items()}
    source = {"title": s.Text(), "short": s.Text(), "url": s.Url(), "taken_on": s.Date()}
    return s.Record({
        "series_title": s.Text(),
        "source": s.Record({key: rule for key, rule in source.items()
                            if english or f"shared.source.{key}" not in ENGLISH_ONLY}),
        "introduction": s.Record({
            "passive_and_active": s.Paragraphs(), "research": s.Paragraphs(), "guideline": s.Paragraphs()}),
        "who_pays": s.Paragraphs(),
        "helps_instead": s.Record({"lead": s.Text(), "items": s.ListOf(s.Text())}),
        "what_you_can_do": s.ListOf(s.Text()),
        "questions": s.ListOf(s.Text()),
        "side_effects_not_described": s.Text(),
        "side_effects_not_described_brief": s.Text(),
        "disclaimer": s.Text(),
        "glance": s.Record({**glance, "key": s.Text(), "note": s.Text(max_length=60)}),
        "brochure": s.Record({"subtitle": s.Text(), "how_to_read": s.Text(), "method": s.Paragraphs(),
                              "disclaimer": s.Text()}),
    })


class _BothOrNeither(s.Schema):
    """A mapping in which two keys are given together or not at all."""

    def __init__(self, record: s.Record, keys: tuple[str, str]):
        self.record, self.keys = record, keys

    def check(self, value, at, ctx, partial=False):
        checked = self.record.check(value, at, ctx, partial)
        if checked is s.INVALID or bool(checked[self.keys[0]]) == bool(checked[self.keys[1]]):
            return checked
        given, other = sorted(self.keys, key=lambda key: not checked[key])
        return ctx.error(value.key_at[given], f"'{given}' needs '{other}' too: give both, or neither")


TREATMENT_SCHEMA = _BothOrNeither(s.Record({
    "name": s.Text(max_length=80),
    "subtitle": s.Optional(s.Text(max_length=120)),
    "key_message": s.Text(max_length=300),
    **{name: s.Optional(s.Paragraphs(), default=()) for name in TREATMENT_SECTIONS},
    "extra": s.Optional(s.ListOf(s.Record({"question": s.Text(), "answer": s.Paragraphs()})), default=()),
    "side_effects_brief": s.Optional(s.Text(max_length=120)),
}), ("side_effects", "side_effects_brief"))


def _read_facts(root: Path, problems: list):
    """The facts and the category names, or None when the file does not validate."""
    checked = s.read_checked(root / FACTS, FACTS, _FactsFile(icon_names(root)), problems)
    if checked is None:
        return None
    categories = checked["categories"]
    facts = tuple(Facts(treatment_id, entry["evidence"], entry["effect"], entry["guideline"],
                        categories["evidence"][entry["evidence"]])
                  for treatment_id, entry in checked["treatments"].items())
    return facts, categories


def load_facts(root: Path) -> tuple[Facts, ...]:
    """The facts of every treatment, in order; raises ContentError when the facts file does not validate."""
    problems: list[Problem] = []
    read_facts = _read_facts(root, problems)
    if read_facts is None:
        raise ContentError(problems)
    return read_facts[0]


def treatment_ids(root: Path) -> tuple[str, ...]:
    """The treatments in leaflets/treatments.yaml, in order; raises ContentError when it does not validate."""
    return tuple(fact.id for fact in load_facts(root))


def load_edition(root: Path, lang: str) -> Edition:
    """Load and check one language; raises ContentError naming every problem in every file."""
    problems: list[Problem] = []
    read_facts = _read_facts(root, problems)
    strings = s.read_checked(root / f"i18n/{lang}.yaml", f"i18n/{lang}.yaml", STRINGS_SCHEMA, problems)
    if strings is not None:
        problems += _translation_status(lang, strings["translation"])
    compared = differences(root, lang) if lang != SOURCE_LANGUAGE else []
    problems += compared
    if read_facts is None:
        raise ContentError(_told_once(problems, compared))
    facts, categories = read_facts
    shared = s.read_checked(root / f"leaflets/{lang}/shared.yaml", f"leaflets/{lang}/shared.yaml",
                            _shared_schema(categories, lang == SOURCE_LANGUAGE), problems)
    english = shared if lang == SOURCE_LANGUAGE else s.read_checked(
        root / f"leaflets/{SOURCE_LANGUAGE}/shared.yaml", f"leaflets/{SOURCE_LANGUAGE}/shared.yaml",
        _shared_schema(categories, True), problems)
    treatments = [_read_treatment(root, lang, fact, problems) for fact in facts]
    known = (*(fact.id for fact in facts), "shared")
    problems += s.stray_files(root / "leaflets" / lang, f"leaflets/{lang}", known, "unknown treatment",
                              "treatments are listed in leaflets/treatments.yaml")
    imprint = s.read_checked(root / IMPRINT, IMPRINT, IMPRINT_SCHEMA, problems)
    problems += load_sign_offs(root, lang)[1]
    if strings is not None:
        problems += _unprintable(root, lang, strings["font"], problems)
    if not problems:
        # every build checks that each English statement, which a translation mirrors, names its source;
        # once the files are valid, so that a typo in a key is reported once, not again as a citation
        problems += backings(root)[1]
    if problems:
        raise ContentError(_told_once(problems, compared))
    icons = load_icons(root)
    symbols = {category: icons[name] for category, name in categories["evidence"].items()}
    review = review_status(root, lang)
    original = _shared(english).source
    return Edition(lang, _strings(strings), _shared(shared), tuple(treatments), Imprint(**imprint), review,
                   review if lang == SOURCE_LANGUAGE else review_status(root, SOURCE_LANGUAGE), original, symbols)


def _told_once(problems: list[Problem], compared: list[Problem]) -> list[Problem]:
    """``problems`` without the schemas' word for a key that the comparison with English (``compared``,
    among them) says is missing, in the words that name the English key."""
    missing = {(p.path, p.line, p.col, p.missing_key) for p in compared if p.missing_key}
    return [p for p in problems if p in compared or (p.path, p.line, p.col, p.missing_key) not in missing]


def _unprintable(root: Path, lang: str, family: str, told: list) -> list[Problem]:
    """A problem for every text of the language's files holding a character its family's fonts lack,
    where no other problem is told already: a missing glyph would print as a blank box."""
    told_at = {(p.path, p.line, p.col) for p in told}
    found = []

    def walk(relative, value, at):
        if isinstance(value, PosDict):
            for key, item in value.items():
                walk(relative, item, value.value_at[key])
        elif isinstance(value, PosList):
            for item, item_at in zip(value, value.item_at):
                walk(relative, item, item_at)
        elif isinstance(value, str) and (relative, *at) not in told_at:
            missing = missing_characters(value, family)
            if missing:
                listed = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing)
                found.append(Problem(relative, *at, f"the font ({family}) cannot print {listed}; write it "
                                                    "without that character or choose a font that has it (font)"))

    for path in [root / "i18n" / f"{lang}.yaml", *sorted((root / "leaflets" / lang).glob("*.yaml"))]:
        relative = path.relative_to(root).as_posix()
        data, _ = load(path, relative)  # its problems are told by the schema check
        if data is not None:
            walk(relative, data, getattr(data, "at", (1, 1)))
    return found


def _read_treatment(root: Path, lang: str, fact: Facts, problems: list):
    relative = f"leaflets/{lang}/{fact.id}.yaml"
    data = s.read_checked(root / relative, relative, TREATMENT_SCHEMA, problems)
    if data is None:
        return None
    sections = {name: data[name] for name in TREATMENT_SECTIONS if data[name]}
    extra = tuple((item["question"], item["answer"]) for item in data["extra"])
    return Treatment(fact.id, data["name"], data["subtitle"], data["key_message"], sections, extra,
                     data["side_effects_brief"], fact)


def _translation_status(lang: str, status: dict | None) -> list[Problem]:
    relative = f"i18n/{lang}.yaml"
    if status is None and lang != SOURCE_LANGUAGE:
        return [Problem(relative, 1, 1, "missing required key 'translation': say who translated this "
                        "language and when")]
    if status and status["reviewed"]:
        return [Problem(relative, 1, 1, f"translation: a review is recorded in reviews/{lang}.yaml, not here: "
                        f"remove 'reviewed' and sign it off with python build.py --sign-off {lang}")]
    return []


def _strings(data: dict) -> Strings:
    code = data["hyphenation"]
    hyphenation = Hyphenator(code, data["hyphenation_exceptions"]) if code else ""
    status = data["translation"]
    translation = Translation(status["translated_by"], status["translated_on"]) if status else None
    return Strings(data["language"], data["locale"], hyphenation, data["font"], data["direction"],
                   data["space_before"], data["space_after"], data["source_note"], data["date_format"],
                   data["months"], data["headings"], data["labels"], translation)


def _shared(data: dict) -> Shared:
    return Shared(
        series_title=data["series_title"],
        source=Source(**data["source"]),
        introduction=data["introduction"],
        who_pays=data["who_pays"],
        helps_instead_lead=data["helps_instead"]["lead"],
        helps_instead_items=data["helps_instead"]["items"],
        what_you_can_do=data["what_you_can_do"],
        questions=data["questions"],
        side_effects_not_described=data["side_effects_not_described"],
        side_effects_not_described_brief=data["side_effects_not_described_brief"],
        disclaimer=data["disclaimer"],
        glance=data["glance"],
        brochure=data["brochure"],
    )
