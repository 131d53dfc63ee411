"""Completeness of one language against the English edition.

Takes the project folder and a language code; gives back a Problem for every file and key the language
lacks or has beyond English, comparing i18n/<lang>.yaml with i18n/en.yaml and each leaflets/<lang>/
file with its English counterpart key by key: a missing key is named at the mapping that should hold
it, an extra key where it stands, and a list must have as many items as English's, one statement each.
The language settings only some languages need (hyphenation, font, direction, spacing, translation
status) are not compared, nor the statements only English has (ENGLISH_ONLY).
Also which languages there are, read from the folder names without loading the content, and which
treatments the facts file lists, read without validation, so that a build with nothing to do stays
quick.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .files import MAX_YAML_BYTES, read_regular

# this module is on the path of a build with nothing to do, which loads no YAML parser: importing
# PyYAML would cost it more than all its other work

SOURCE_LANGUAGE = "en"
# the files every language's leaflets are made from, named here for the loaders and for the fingerprints of
# build/jobs.py, which a build with nothing to do computes without loading the loaders
FACTS = "leaflets/treatments.yaml"  # the treatments, in order, and their facts
IMPRINT = "leaflets/imprint.yaml"  # who publishes the leaflets, and when their text is next reviewed
CITATIONS = "leaflets/citations.yaml"  # where each English statement comes from in the source
LANGUAGE_SETTINGS = frozenset({"hyphenation", "hyphenation_exceptions", "font", "direction", "space_before",
                               "space_after", "source_note", "translation"})
# statements only English has, by key path: the title of the article we adapted, which every translation
# quotes in English (it never prints its own language's article's title)
ENGLISH_ONLY = frozenset({"shared.source.title"})


def counterparts(root: Path, lang: str) -> list[tuple[str, str]]:
    """(English file, the same file in ``lang``) for every file of the English edition."""
    pairs = [(f"i18n/{SOURCE_LANGUAGE}.yaml", f"i18n/{lang}.yaml")]
    for path in sorted((root / "leaflets" / SOURCE_LANGUAGE).glob("*.yaml")):
        pairs.append((f"leaflets/{SOURCE_LANGUAGE}/{path.name}", f"leaflets/{lang}/{path.name}"))
    return pairs


def differences(root: Path, lang: str) -> list[Problem]:
    """Every file or key ``lang`` lacks or adds compared with English, and files that do not load."""
    from .yamlfile import load

    problems: list[Problem] = []
    for english_file, own_file in counterparts(root, lang):
        english, _ = load(root / english_file, english_file)
        own, load_problems = load(root / own_file, own_file)
        problems += load_problems
        if english is not None and own is not None:
            _Comparison(english_file, own_file, problems).mapping(
                english, own, "", settings_allowed=english_file.startswith("i18n/"))
    return problems


def key_prefix(relative: str) -> str:
    """The first part of every key path in a file: ``massage`` for leaflets/en/massage.yaml."""
    return "i18n" if relative.startswith("i18n/") else Path(relative).stem


def _where(at) -> str:
    return f"{at[0]}:{at[1]}"


def child_path(name: str, key) -> str:
    """The key path of a mapping's key, or of a list's item by its 1-based number, below ``name``:
    ``child_path("does_it_help", 1)`` is ``does_it_help.1``. Messages, statements and citations all
    name a place in a content file this way."""
    return f"{name}.{key}" if name else str(key)


def leaves(data, name: str = "", at=(1, 1)):
    """(key path, value, (line, col)) of every single value in a loaded file, in the file's order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, child_path(name, key), data.value_at[key])
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from leaves(item, child_path(name, i + 1), data.item_at[i])
    else:
        yield name, data, at


class _Comparison:
    """Walks an English file and its translation side by side, keeping every difference."""

    def __init__(self, english_file: str, own_file: str, problems: list):
        self.english_file, self.own_file, self.problems = english_file, own_file, problems

    def problem(self, at, message: str, missing_key: str | None = None):
        self.problems.append(Problem(self.own_file, at[0], at[1], message, missing_key))

    def value(self, english, own, own_at, english_at, name: str):
        if isinstance(english, dict):
            if not isinstance(own, dict):
                return self.problem(own_at, f"'{name}' must be a mapping, as in "
                                            f"{self.english_file}:{_where(english_at)}")
            return self.mapping(english, own, name)
        if isinstance(english, list):
            if not isinstance(own, list):
                return self.problem(own_at, f"'{name}' must be a list of {len(english)} items, as in "
                                            f"{self.english_file}:{_where(english_at)}")
            return self.items(english, own, name, english_at)
        if isinstance(own, (dict, list)):
            self.problem(own_at, f"'{name}' must be a single value, as in "
                                 f"{self.english_file}:{_where(english_at)}")

    def mapping(self, english, own, name: str, settings_allowed: bool = False):
        def compared(key):
            return not (settings_allowed and key in LANGUAGE_SETTINGS)

        for key in english:
            english_only = f"{key_prefix(self.english_file)}.{child_path(name, key)}" in ENGLISH_ONLY
            if key not in own and compared(key) and not english_only:
                self.problem(own.at, f"missing key '{child_path(name, key)}' (English: "
                                     f"{self.english_file}:{_where(english.key_at[key])})", str(key))
        for key in own:
            if key not in english and compared(key):
                self.problem(own.key_at[key],
                             f"extra key '{child_path(name, key)}': {self.english_file} has no such key")
            elif key in english:
                self.value(english[key], own[key], own.value_at[key], english.value_at[key],
                           child_path(name, key))

    def items(self, english, own, name: str, english_at):
        if len(own) != len(english):
            return self.problem(own.at, f"'{name}' has {len(own)} items, English has {len(english)} "
                                        f"({self.english_file}:{_where(english_at)}); translate each item")
        for i, (english_item, own_item) in enumerate(zip(english, own)):
            self.value(english_item, own_item, own.item_at[i], english.item_at[i],
                       child_path(name, i + 1))


def language_font(root: Path, lang: str) -> str:
    """The typeface family a language's i18n file names, read without the full check (the build makes
    it); the default family when it names none or none known."""
    from .typeface import DEFAULT_FAMILY, FAMILIES
    from .yamlfile import load_unchecked

    strings = load_unchecked(root / "i18n" / f"{lang}.yaml")
    font = strings.get("font") if isinstance(strings, dict) else None
    return font if font in FAMILIES else DEFAULT_FAMILY


def available_languages(root: Path) -> tuple[str, ...]:
    """Languages with a content folder or interface strings: one that has only one of them is reported
    as incomplete when built, never left out unseen."""
    folders = {p.name for p in (root / "leaflets").iterdir() if p.is_dir()}
    return tuple(sorted(folders | {p.stem for p in (root / "i18n").glob("*.yaml")}))


def listed_treatments(root: Path) -> tuple[str, ...]:
    """The treatments in the facts file's order, read without validation (loading an edition validates,
    and content.treatment_ids); empty when the file cannot be read, in which case loading an edition
    reports why. The list is kept in the builder's cache under the digest of the file's bytes, so that
    a build with nothing to do parses no YAML."""
    import json

    from .cache import cached, digest, keep

    try:
        facts = read_regular(root / FACTS, MAX_YAML_BYTES)
    except OSError:
        return ()
    key = digest(b"listed treatments 1\n" + facts)
    if kept := cached("plans", key):
        return tuple(json.loads(kept[1]))
    from .yamlfile import parse_unchecked

    data = parse_unchecked(facts)
    try:
        treatments = tuple(str(key) for key in data["treatments"])
    except (TypeError, KeyError):
        return ()
    keep("plans", key, json.dumps(treatments).encode(), suffix=".json")
    return treatments
