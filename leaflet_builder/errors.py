"""Error types and exit codes.

Takes nothing; gives back the exit codes the command line returns and the exceptions that carry
problems up to it. A Problem is one line a person can act on: ``path:line:col: message``.
"""
from __future__ import annotations

import unicodedata
from collections import namedtuple
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    BUILD_ERROR = 1
    USAGE_ERROR = 2
    INTERRUPTED = 130  # the shell's code for Ctrl-C; SIGTERM is reported the same way


# The records on the path of a build with nothing to do are named tuples, not dataclasses: importing
# dataclasses (it loads inspect, ast and dis) and making its classes cost such a build a fifth of its time.
class Problem(namedtuple("Problem", "path line col message")):
    """``path:line:col: message``; compared and sorted by those four. ``missing_key``: the name of the key
    missing from the mapping at line:col, when that is the problem (a translation's missing key is found
    both by its schema and by the comparison with English, and told once)."""

    def __new__(cls, path: str, line: int, col: int, message: str, missing_key: str | None = None):
        problem = super().__new__(cls, path, line, col, message)
        problem.missing_key = missing_key
        return problem

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


def printable(text: str) -> str:
    """``text`` with every control character written as an escape such as ``\\x1b``: a value echoed to
    the terminal must not move its cursor, change its colours or ring its bell."""
    return "".join(f"\\x{ord(ch):02x}" if unicodedata.category(ch) == "Cc" else ch for ch in text)


class LeafletError(Exception):
    """Base of every error the command line reports in one line; ``hint`` replaces the class's hint."""

    exit_code = ExitCode.BUILD_ERROR
    hint = ""

    def __init__(self, message: str = "", hint: str = ""):
        super().__init__(message)
        if hint:
            self.hint = hint

    def __reduce__(self):
        return type(self), (str(self), self.hint)


class UsageError(LeafletError):
    exit_code = ExitCode.USAGE_ERROR
    hint = "python build.py --help lists the options"


class ContentError(LeafletError):
    """Input files that do not validate; carries every problem found, not just the first."""

    exit_code = ExitCode.BUILD_ERROR
    hint = "fix the lines named above and build again"

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))  # files read twice report a problem once
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # Rebuilt from its problems when it comes back from a worker process.
        return type(self), (self.problems,)


class RenderError(LeafletError):
    """A document that cannot be made as asked, e.g. one that needs more pages than its layout allows."""

    hint = "shorten the text of the leaflets named above"


class PracticeError(RenderError):
    """A leaflet that fits its pages without the practice's profile, but not with it."""

    hint = "shorten the practice's profile as said above; docs/practices.md gives the limits"


class OutputError(LeafletError):
    """A PDF that cannot be written, e.g. to a full disk or a folder without write permission."""

    hint = "check that the output folder can be written to"
