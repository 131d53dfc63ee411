"""Paragraphs laid out once: the lines a paragraph breaks into, kept for the life of a build.

Takes a LayoutCache that the build makes (one per build process or worker, in memory) and sets with
``using(cache)`` while it renders; gives back, to ``wrapped(paragraph, width, wrap)``, the paragraph
in the state ReportLab's wrap leaves it in: its lines, their words and its height, either from an
earlier wrap of the same paragraph or by wrapping it now. The same paragraph is wrapped again and
again: for each way of placing a leaflet's closing sections, when a frame measures and then places
it, in the brochure's chapters, and in every practice's set of a batch, where only the practice's box
and footer differ. Line breaking was the largest single cost of a batch (docs/speed.md).

A paragraph's wrap is a function of what it was made from and every width it was wrapped at since,
so the key is:
- the build's environment (``LayoutCache(environment)``: the build fingerprints' common part, which
  holds the fonts, this package's code and the rendering libraries' versions);
- the paragraph's class, its markup (every word and inline style), its bullet and every attribute of
  its style (the font, the size, the leading, hyphenation, alignment ...);
- the widths it was wrapped at, in order, this one last. Its height is not in it: ReportLab's
  paragraph breaks its lines by width alone.
A paragraph made from fragments rather than markup (the pieces ReportLab splits a paragraph into),
and one that has been split, are wrapped as ReportLab does, without the cache. Paragraphs wrapped
alike share the objects of their state (copying them would cost as much as breaking the lines); the
things that change them, splitting the paragraph (ReportLab rewrites its last fragment's class) and
wrapping it at a width not yet seen, are done on a copy of its own. The cache keeps the MAX_ENTRIES
states last used, so that a batch of a thousand practices keeps what every practice shares and lets
their own lines go.

ReportLab also reads a paragraph's markup into fragments whenever the paragraph is made, so
``parsed()`` keeps what equal markup in an equal style was read into (same key but the widths), and
every paragraph given it copies it before ReportLab rewrites it in a wrap or a split, as above.
"""
from __future__ import annotations

import pickle
import weakref
from contextlib import contextmanager

from .reportlab_internals import KeptImage, keep_image, restore_wrap, wrap_state

MAX_ENTRIES = 5000
MAX_IMAGES = 8  # a practice's logo is drawn into each PDF of its set, which are made one after another
_current = None  # the LayoutCache of the build rendering in this process, while it renders
_style_keys = weakref.WeakKeyDictionary()  # a style's attributes, as a key (styles are never changed)


class LayoutCache:
    def __init__(self, environment: str):
        self.environment = environment
        self._states: dict[tuple, tuple] = {}
        self._images: dict[bytes, KeptImage] = {}
        self._parsed: dict[tuple, dict] = {}
        self.hits = self.misses = 0

    def get(self, key: tuple) -> tuple | None:
        state = self._states.pop(key, None)
        if state is not None:
            self._states[key] = state  # now the most recently used
        return state

    def put(self, key: tuple, state: tuple) -> None:
        _keep(self._states, key, state)


def _keep(kept: dict, key, value) -> None:
    """``value`` kept under ``key`` as the most recently used, the least recently used let go past
    MAX_ENTRIES."""
    kept[key] = value
    if len(kept) > MAX_ENTRIES:
        del kept[next(iter(kept))]


def share_image(image, data: bytes) -> None:
    """Have an image flowable made from ``data`` draw the pixels this build decoded and compressed for
    the same bytes before (reportlab_internals.KeptImage): a logo is drawn into every PDF of a set."""
    cache = _current
    if cache is None:
        return
    kept = cache._images.pop(data, None) or KeptImage(data)
    cache._images[data] = kept  # the most recently used
    if len(cache._images) > MAX_IMAGES:
        del cache._images[next(iter(cache._images))]
    keep_image(image, kept)


@contextmanager
def using(cache: LayoutCache | None):
    """Render with ``cache``; None renders without one."""
    global _current
    before, _current = _current, cache
    try:
        yield cache
    finally:
        _current = before


def parsed(paragraph, text: str, style, bullet, parse) -> dict:
    """What parsing a paragraph's markup sets on it (reportlab_internals.NarrowableParagraph): the
    fragments, style and bullet an identical paragraph was parsed into before, shared with it, or
    ``parse()``'s. The markup was parsed for every arrangement of a leaflet, the brochure and every
    practice's set."""
    cache = _current
    if cache is None:
        return parse()
    key = (cache.environment, type(paragraph).__qualname__, text, repr(bullet), paragraph.caseSensitive,
           _style_key(style))
    state = cache._parsed.pop(key, None)
    if state is None:
        state = parse()
    _keep(cache._parsed, key, state)
    # ReportLab rewrites the fragments as it wraps or splits the paragraph: on a copy of its own (_own)
    paragraph.layout_shared = ("frags", "bulletText") if isinstance(state["bulletText"], list) else ("frags",)
    return state


def made(paragraph, markup_parsed: bool) -> None:
    """Note what a paragraph was made from, as it is made: only one parsed from its markup has a key."""
    paragraph.layout_key = _made_key(paragraph) if markup_parsed and _current else None


def split(paragraph) -> None:
    """Before ``paragraph`` is split, which may change its fragments: its state made its own, and its
    later wraps without the cache."""
    paragraph.layout_key = None
    _own(paragraph)


def _own(paragraph) -> None:
    """The state ``paragraph`` shares with the cache copied, for it alone to change."""
    shared = getattr(paragraph, "layout_shared", ())
    if shared:
        restore_wrap(paragraph, pickle.loads(pickle.dumps({name: paragraph.__dict__[name] for name in shared},
                                                          pickle.HIGHEST_PROTOCOL)))
        paragraph.layout_shared = ()


def wrapped(paragraph, width: float, wrap):
    """``wrap()``'s result, with ``paragraph`` in the state it leaves it in; from the cache when the same
    paragraph was wrapped at the same widths before."""
    cache, made_key = _current, getattr(paragraph, "layout_key", None)
    if cache is None or made_key is None or made_key[0] != cache.environment:
        _own(paragraph)
        return wrap()
    key = (*made_key, width)
    paragraph.layout_key = key
    state = cache.get(key)
    if state is not None:
        cache.hits += 1
        size, attributes = state
        restore_wrap(paragraph, attributes)
    else:
        cache.misses += 1
        _own(paragraph)  # wrapping again rewrites its fragments
        before = dict(paragraph.__dict__)
        size = wrap()
        attributes = wrap_state(paragraph, before)
        cache.put(key, (size, attributes))
    paragraph.layout_shared = tuple(dict.fromkeys((*getattr(paragraph, "layout_shared", ()), *attributes)))
    return size


def _made_key(paragraph) -> tuple:
    return (_current.environment, type(paragraph).__qualname__, paragraph.text, repr(paragraph.bulletText),
            paragraph.caseSensitive, _style_key(paragraph.style))


def _style_key(style) -> tuple:
    if style not in _style_keys:
        _style_keys[style] = tuple((name, repr(value)) for name, value in sorted(style.__dict__.items())
                                   if name != "parent")
    return _style_keys[style]
