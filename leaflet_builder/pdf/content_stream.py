"""The operators of a PDF content stream and the operands the preflight reads, in one pass.

pypdf's ContentStream parser builds an object for every string and number of every line of text, and
that was more than half the preflight's time; the preflight reads only numbers and names, so strings,
arrays and dictionaries are passed over as one opaque operand each (a TJ's array is never read).
pypdf stays the door to the file's objects; this reads only the bytes of a stream pypdf has decoded.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

_DELIMITERS = rb"\x00\t\n\x0c\r /\[\]()<>{}%"
_TOKEN = re.compile(rb"""
    (?P<space>(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)+)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+))(?![^""" + _DELIMITERS + rb"""])
  | (?P<name>/[^""" + _DELIMITERS + rb"""]*)
  | (?P<string>\((?:\\.|[^\\()])*\))
  | (?P<hex><[^<>]*>)
  | (?P<open><<|\[)
  | (?P<close>>>|\])
  | (?P<word>[^""" + _DELIMITERS + rb"""]+)
""", re.VERBOSE | re.DOTALL)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_INLINE_IMAGE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[" + _DELIMITERS + rb"]|$)")
OPAQUE = b""  # a string, array or dictionary operand: there, but not read
# the fast way, for a stream whose strings nest at most once and that has no inline image (every
# stream the builder writes): comments without a parenthesis or backslash (ReportLab's "%begin table")
# taken out, which leaves the strings as they were, then strings, then arrays without arrays in them
# made one token {}
_COMMENTS = re.compile(rb"%[^\r\n()\\]*(?=[\r\n]|$)")
_STRINGS = re.compile(rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|(?<!<)<(?!<)[0-9A-Fa-f\x00\t\n\x0c\r ]*>", re.DOTALL)
_ARRAYS = re.compile(rb"\[[^\[\]]*\]")
_FAST_TOKEN = re.compile(rb"""
    (?P<number>[+-]?(?:\d+\.?\d*|\.\d+))(?![^""" + _DELIMITERS + rb"""])
  | (?P<name>/[^""" + _DELIMITERS + rb"""]*)
  | (?P<opaque>\{\})
  | (?P<open><<|\[)
  | (?P<close>>>|\])
  | (?P<word>[^""" + _DELIMITERS + rb"""]+)
""", re.VERBOSE)


def operations(data: bytes) -> Iterator[tuple[list, bytes]]:
    """(operands, operator) for each operator of ``data``: numbers as floats, names as str with their
    slash ("/F1"), anything else as OPAQUE; every word is an operator, true, false and null too, as
    pypdf reads them. An inline image is the operator b"BI" with no operands, its data passed over.
    A malformed stream gives what can be read of it, never an error: a stray delimiter is passed over."""
    plain = _ARRAYS.sub(b" {} ", _STRINGS.sub(b" {} ", _COMMENTS.sub(b"", data)))
    if any(mark in plain for mark in (b"(", b")", b"%", b"BI")):
        yield from _operations_of(_tokens_exactly(data))
    else:
        yield from _operations_of((match.lastgroup, match.group()) for match in _FAST_TOKEN.finditer(plain))


def _operations_of(tokens: Iterator[tuple[str, bytes]]) -> Iterator[tuple[list, bytes]]:
    """(operands, operator) from (kind, token) pairs, whichever way the stream was cut into them."""
    operands: list = []
    depth = 0
    for kind, token in tokens:
        if kind == "open":
            depth += 1
        elif kind == "close":
            if depth:
                depth -= 1
                if not depth:
                    operands.append(OPAQUE)
        elif depth:
            continue
        elif kind == "number":
            operands.append(float(token))
        elif kind == "name":
            operands.append(_name(token))
        elif kind == "opaque":
            operands.append(OPAQUE)
        else:
            yield ([] if kind == "inline" else operands), token
            operands = []


def _tokens_exactly(data: bytes) -> Iterator[tuple[str, bytes]]:
    """(kind, token) for any stream, token by token: strings opaque, an inline image one "inline"
    token whose data is passed over, a stray byte skipped."""
    position, end = 0, len(data)
    while position < end:
        match = _TOKEN.match(data, position)
        if match is None:
            if data[position:position + 1] == b"(":  # a string with parentheses in it
                position = _string_end(data, position)
                yield "opaque", OPAQUE
            else:
                position += 1
            continue
        position, kind = match.end(), match.lastgroup
        if kind == "space":
            continue
        if kind in ("string", "hex"):
            yield "opaque", OPAQUE
        elif match.group() == b"BI" and kind == "word":
            found = _INLINE_IMAGE_END.search(data, position)
            position = found.end() if found else end
            yield "inline", b"BI"
        else:
            yield kind, match.group()


def _name(token: bytes) -> str:
    """A name as pypdf's NameObject spells it: #xx escapes read."""
    if b"#" in token:
        token = _NAME_ESCAPE.sub(lambda escape: bytes([int(escape.group(1), 16)]), token)
    return token.decode("utf-8", "replace")


def _string_end(data: bytes, start: int) -> int:
    """The position after the string that opens at ``start``: parentheses balance in it unless escaped."""
    depth, position, end = 0, start, len(data)
    while position < end:
        byte = data[position]
        if byte == 0x5C:  # a backslash escapes the next byte
            position += 1
        elif byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if not depth:
                return position + 1
        position += 1
    return end
