"""Review sign-offs and each language's review status.

Takes the project folder and a language code; gives back the language's sign-offs, read from
reviews/<lang>.yaml with the safe loader and checked against ``reviews_schema()``, and its ReviewStatus:
*reviewed* when the latest sign-off's fingerprints match today's files, *changed since review* when a
file it covers changed since, *not reviewed* when there is no sign-off. A sign-off covers exactly the
files a reviewer reads: the facts file and the language's own files, and for a translation also the
English files it was made from. Nothing here renders or writes; the status is the one fact the
leaflets, the gallery, the build's warnings and the job fingerprints all derive from.
"""
from __future__ import annotations

import hashlib
from collections import namedtuple
from functools import cache
from pathlib import Path

from ..errors import ContentError, Problem
from .files import MAX_YAML_BYTES, read_regular
from .languages import FACTS, SOURCE_LANGUAGE, counterparts

REVIEWED = "reviewed"
CHANGED = "changed since review"
NOT_REVIEWED = "not reviewed"
FINGERPRINT_DIGITS = 16


@cache
def reviews_schema():
    """Made when a reviews file is read: the schema module loads the YAML parser, which a build with
    nothing to do and no sign-off does without."""
    from . import schema as s

    return s.ListOf(s.Record({
        "reviewer": s.Visible(s.Plain(max_length=200)),
        "qualification": s.Visible(s.Plain(max_length=200)),
        "date": s.Date(past=True),
        "files": s.MapOf(s.Text(max_length=200), s.Matching(f"[0-9a-f]{{{FINGERPRINT_DIGITS}}}",
                                                            f"a fingerprint of {FINGERPRINT_DIGITS} hex digits")),
    }), max_items=10_000)


# named tuples, not dataclasses: see errors.Problem
class SignOff(namedtuple("SignOff", "reviewer qualification date files")):
    """``date``: a datetime.date; ``files``: project-relative path -> fingerprint of the file as it was
    reviewed."""

    __slots__ = ()


class ReviewStatus(namedtuple("ReviewStatus", "lang state latest changed", defaults=((),))):
    """``state``: REVIEWED, CHANGED or NOT_REVIEWED; ``latest``: the latest SignOff, if any; ``changed``:
    the files changed, added or gone since the latest sign-off."""

    __slots__ = ()

    @property
    def reviewed(self) -> bool:
        return self.state == REVIEWED

    def key(self) -> str:
        """What the status changes in a PDF and its gallery card, for the job fingerprints."""
        latest = self.latest
        return repr((self.state, latest and (latest.reviewer, latest.qualification, latest.date)))


def reviews_file(lang: str) -> str:
    return f"reviews/{lang}.yaml"


def reviewed_files(root: Path, lang: str) -> tuple[str, ...]:
    """The project-relative files a sign-off of ``lang`` covers, in a fixed order."""
    pairs = counterparts(root, lang)
    english = [] if lang == SOURCE_LANGUAGE else [english for english, _ in pairs]
    return (FACTS, *(own for _, own in pairs), *english)


def file_fingerprint(path: Path) -> str:
    """The file's fingerprint, or what it is instead of a file: loading the content says what to do."""
    try:
        return hashlib.sha256(read_regular(path, MAX_YAML_BYTES)).hexdigest()[:FINGERPRINT_DIGITS]
    except FileNotFoundError:
        return "missing"
    except OSError:  # a folder, a FIFO, a file too large
        return "unreadable"


def fingerprints(root: Path, lang: str) -> dict[str, str]:
    """Today's fingerprint of every file a sign-off of ``lang`` covers."""
    return {relative: file_fingerprint(root / relative) for relative in reviewed_files(root, lang)}


def files_fingerprint(files: dict[str, str]) -> str:
    """One fingerprint of all the files' fingerprints: the review sheet prints it and the sign-off says
    it, so that a reviewer signs off the very files the sheet showed."""
    listing = "\n".join(f"{relative} {files[relative]}" for relative in sorted(files))
    return hashlib.sha256(listing.encode()).hexdigest()[:FINGERPRINT_DIGITS]


def load_sign_offs(root: Path, lang: str) -> tuple[list[SignOff], list[Problem]]:
    """The sign-offs in reviews/<lang>.yaml, oldest first; none when the file does not exist."""
    relative = reviews_file(lang)
    if not (root / relative).exists():
        return [], []
    problems: list[Problem] = []
    from .schema import read_checked

    return _sign_offs(read_checked(root / relative, relative, reviews_schema(), problems)), problems


def parse_sign_offs(lang: str, text: str) -> tuple[list[SignOff], list[Problem]]:
    """The sign-offs a reviews file's text holds, e.g. its new text before it is written."""
    problems: list[Problem] = []
    from .schema import read_checked_text

    return _sign_offs(read_checked_text(text, reviews_file(lang), reviews_schema(), problems)), problems


def _sign_offs(records) -> list[SignOff]:
    return [SignOff(r["reviewer"], r["qualification"], r["date"], dict(r["files"])) for r in records or ()]


def review_status(root: Path, lang: str) -> ReviewStatus:
    """The language's status today; raises ContentError when its reviews file does not validate."""
    sign_offs, problems = load_sign_offs(root, lang)
    if problems:
        raise ContentError(problems)
    if not sign_offs:
        return ReviewStatus(lang, NOT_REVIEWED, None)
    latest, today = sign_offs[-1], fingerprints(root, lang)
    changed = tuple(sorted(relative for relative in {*today, *latest.files}
                           if today.get(relative) != latest.files.get(relative)))
    return ReviewStatus(lang, CHANGED if changed else REVIEWED, latest, changed)


def review_warning(status: ReviewStatus) -> str | None:
    """The build's one-line warning for a language that is not reviewed as it is today, else None."""
    name, latest = status.lang, status.latest
    if status.state == NOT_REVIEWED:
        return (f"warning: {name} is not reviewed: no qualified reviewer has signed it off "
                f"({reviews_file(status.lang)}); see python build.py --review-sheet {status.lang}")
    if status.state == CHANGED:
        more = f" and {len(status.changed) - 1} more" if len(status.changed) > 1 else ""
        return (f"warning: {name} changed since review by {latest.reviewer} on {latest.date}: "
                f"{status.changed[0]}{more}; review it again and sign it off")
    return None
