"""Safe YAML loading that remembers where everything stood.

Takes a file path; gives back plain data (dict, list, str, int, float, bool, date, None) in which every
mapping and list is a ``PosDict`` or ``PosList`` that records the line and column of each entry, so that
validation can name the place of a problem. Only YAML's safe types are built. Duplicate keys, files that
are too big, empty, not UTF-8 or not regular files, control characters, numbers too long to convert and
alias bombs are reported as a Problem, never loaded.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import yaml

from ..errors import Problem
from .files import MAX_YAML_BYTES, NotRegular, TooLarge, read_regular

MAX_EXPANDED_NODES = 50_000
MAX_NUMBER_DIGITS = 100
# what YAML cannot hold: PyYAML refuses it with an error that names no file
_NOT_ALLOWED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class PosDict(dict):
    """A mapping with ``key_at[key]`` and ``value_at[key]`` as (line, col), 1-based."""

    def __init__(self, *args, at=(1, 1), **kwargs):
        super().__init__(*args, **kwargs)
        self.at = at
        self.key_at: dict = {}
        self.value_at: dict = {}


class PosList(list):
    """A list with ``item_at[i]`` as (line, col), 1-based."""

    def __init__(self, *args, at=(1, 1)):
        super().__init__(*args)
        self.at = at
        self.item_at: list = []


def _at(node_or_error) -> tuple[int, int]:
    mark = getattr(node_or_error, "start_mark", None) or node_or_error.problem_mark or node_or_error.context_mark
    return mark.line + 1, mark.column + 1


class _NotAllowed(yaml.MarkedYAMLError):
    """Well-formed YAML this project does not accept; its message needs no "syntax error" prefix."""


class _Positions:
    """Builds PosDict and PosList; mixed into a loader."""

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        mapping = PosDict(at=_at(node))
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise _NotAllowed(problem="a key must be plain text", problem_mark=key_node.start_mark)
            if key in mapping:
                line, _ = mapping.key_at[key]
                raise _NotAllowed(
                    problem=f"duplicate key '{key}' (first given on line {line})",
                    problem_mark=key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_at[key] = _at(key_node)
            mapping.value_at[key] = _at(value_node)
        return mapping

    def construct_undefined(self, node):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _NotAllowed(problem=f"YAML tag '{tag}' is not allowed; write plain text, numbers, lists and "
                          "mappings only", problem_mark=node.start_mark)

    def construct_yaml_int(self, node):
        digits = sum(ch.isdigit() for ch in node.value)
        if digits > MAX_NUMBER_DIGITS:  # Python refuses to convert more than 4300 digits
            raise _NotAllowed(problem=f"a number of {digits} digits is too long; put it in quotes if it is text",
                              problem_mark=node.start_mark)
        return super().construct_yaml_int(node)

    def construct_sequence(self, node, deep=False):
        items = PosList(at=_at(node))
        for child in node.value:
            items.append(self.construct_object(child, deep=True))
            items.item_at.append(_at(child))
        return items


def _loader(base):
    class Loader(_Positions, base):
        pass

    Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", Loader.construct_sequence)
    Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
    Loader.add_constructor(None, Loader.construct_undefined)
    return Loader


_PositionLoader = _loader(yaml.SafeLoader)
# libyaml's parser, where PyYAML has it, reads valid files several times faster; the pure-Python one
# words the problems of invalid ones, so that messages do not depend on how PyYAML was installed.
_FastPositionLoader = _loader(yaml.CSafeLoader) if getattr(yaml, "__with_libyaml__", False) else None


def _expanded_size(node, memo: dict) -> int:
    """Node count with aliases expanded, computed once per node so a bomb is measured, not unfolded."""
    if id(node) in memo:
        return memo[id(node)]
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, memo) for child in node.value)
    else:
        size = 1
    memo[id(node)] = size
    return size


def load(path: Path, shown_as: str, kept: bool = True):
    """Load one YAML file; returns (data, problems). ``shown_as`` is the path printed in messages.
    A file read before in this process, unchanged since, is not parsed again (the layouts all start
    from _default.yaml, and a translation is compared with the English files): the data is shared,
    so nothing may change it. ``kept=False``: read and parse it now, and keep nothing."""
    try:
        stat = path.stat() if kept else None
    except OSError:  # read now, to say why
        stat = None
    if stat is None:
        return _read(path, shown_as)
    return _kept(path, shown_as, (stat.st_mtime_ns, stat.st_size, stat.st_ino))


@cache
def _kept(path: Path, shown_as: str, stamp: tuple):
    """What _read gives for the file as it was at ``stamp`` (its modification time, size and inode)."""
    return _read(path, shown_as)


def _read(path: Path, shown_as: str):
    def problem(line, col, message):
        return None, [Problem(shown_as, line, col, message)]

    try:
        raw = read_regular(path, MAX_YAML_BYTES)
    except FileNotFoundError:
        return problem(1, 1, "file not found")
    except TooLarge:
        return problem(1, 1, f"file is larger than {MAX_YAML_BYTES // 1024} KiB")
    except NotRegular:
        return problem(1, 1, "not a regular file; name a YAML file")
    except OSError as err:
        return problem(1, 1, f"cannot read file: {err.strerror}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return problem(line, col, "file is not UTF-8 text; save it as UTF-8")
    return parse(text, shown_as)


def parse(text: str, shown_as: str):
    """Load YAML text as ``load`` loads a file, e.g. a file's new text before it is written."""
    def problem(line, col, message):
        return None, [Problem(shown_as, line, col, message)]

    if not text.strip():
        return problem(1, 1, "file is empty")
    if bad := _NOT_ALLOWED.search(text):
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        kind = "control character" if unicodedata.category(bad.group()) == "Cc" else "character"
        return problem(line, col, f"{kind} U+{ord(bad.group()):04X} is not allowed")
    if _FastPositionLoader is not None:
        data, problems = _parse(_FastPositionLoader, text, problem)
        if not problems:
            return data, problems
    return _parse(_PositionLoader, text, problem)


def _parse(loader_class, text: str, problem):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None or (isinstance(node, yaml.ScalarNode) and not node.value.strip()):
            return problem(1, 1, "file is empty")
        if _expanded_size(node, {}) > MAX_EXPANDED_NODES:
            return problem(*_at(node), "aliases expand to too much data")
        return loader.construct_document(node), []
    except _NotAllowed as err:
        return problem(*_at(err), err.problem)
    except yaml.MarkedYAMLError as err:
        return problem(*_at(err), f"YAML syntax error: {_syntax_message(err)}")
    except yaml.YAMLError as err:
        return problem(1, 1, f"YAML syntax error: {err}")
    except RecursionError:
        return problem(1, 1, "lists or mappings are nested too deeply")
    finally:
        loader.dispose()


def _syntax_message(err: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem, then what it was reading and where that began, which is often the real mistake."""
    if err.problem and "'\\t'" in err.problem:
        return "a tab where YAML allows none; use spaces, not tabs, to indent"
    if not (err.context and err.context_mark and err.problem):
        return err.problem or err.context or "cannot read this"
    line, col = err.context_mark.line + 1, err.context_mark.column + 1
    return f"{err.problem} ({err.context} at line {line}, column {col})"


def load_unchecked(path: Path):
    """The file's data by the fast C parser where there is one, without positions or checks; None when
    it cannot be read. For planning and listing only: the build validates with ``load``."""
    try:
        return parse_unchecked(read_regular(path, MAX_YAML_BYTES))
    except OSError:
        return None


def parse_unchecked(data: bytes):
    """As ``load_unchecked``, from the file's bytes."""
    try:
        return yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (ValueError, yaml.YAMLError):  # ValueError: a number too long to convert
        return None


def unchecked_field(path: Path, key: str, default: str = "?") -> str:
    """The text of one top-level key of a file read as ``load_unchecked`` reads it, or ``default``."""
    data = load_unchecked(path)
    return str(data[key]) if isinstance(data, dict) and key in data else default
