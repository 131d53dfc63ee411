"""The one door to python-bidi's internals: every name of python-bidi that is not its public interface
(``get_display``, ``get_base_level``) is used here, and only here, through ``resolved_levels``;
``tests/test_reportlab_internals.py`` touches each of them, so that an upgrade that renames or drops one
fails there, in one place.

Why: rtl.py needs each character's embedding level, to break lines in reading order and put each line
in display order itself, and rule N0 (bracket pairs), which python-bidi lacks; its public interface
gives only the reordered string (its Rust part shows levels only in a debug dump, per UTF-8 byte).
Its pure-Python implementation of UAX #9, ``bidi.algorithm``, runs the rules step by step:

- ``get_empty_storage``, ``get_embedding_levels`` (rules P2-P3, X1), ``explicit_embed_and_overrides``
  (X2-X10), ``resolve_weak_types`` (W1-W7), ``resolve_neutral_types`` (N1-N2) and
  ``resolve_implicit_levels`` (I1-I2), and the storage they share: its ``base_level``, ``base_dir`` and
  ``chars``, each a dictionary with the character (``ch``), its resolved type (``type``) and level
  (``level``);
- ``X9_REMOVED``: the bidirectional types rule X9 takes out (the storage's ``chars`` lack them).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable


def resolved_levels(text: str, base: int, before_neutrals: Callable[[str, list[str]], list[str]]) -> list[int | None]:
    """The resolved embedding level of each character of ``text`` (one paragraph at level ``base``, no
    explicit embeddings), None for one rule X9 takes out (a joiner, a direction mark).
    ``before_neutrals(characters, types)`` is called when the weak types are resolved, with the
    characters X9 kept and their types, and gives back the types the neutral rules start from."""
    from bidi import algorithm as uax9

    storage = uax9.get_empty_storage()
    storage["base_level"], storage["base_dir"] = base, "R" if base % 2 else "L"
    uax9.get_embedding_levels(text, storage)
    uax9.explicit_embed_and_overrides(storage)
    uax9.resolve_weak_types(storage)
    kept = storage["chars"]
    for ch, kind in zip(kept, before_neutrals("".join(ch["ch"] for ch in kept), [ch["type"] for ch in kept])):
        ch["type"] = kind
    uax9.resolve_neutral_types(storage, False)
    uax9.resolve_implicit_levels(storage, False)
    resolved = iter(ch["level"] for ch in kept)
    return [None if unicodedata.bidirectional(ch) in uax9.X9_REMOVED else next(resolved) for ch in text]
