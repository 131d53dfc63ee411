"""A table's rows and cells in the structure: ReportLab's table render callback (``table_event``) makes
a data table's rows TR and its cells TH (with Scope and spans) or TD, an item table's rows its items,
and every table's backgrounds and rules artifacts; a mirrored table's row is read from its last cell.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..reportlab_internals import append_code, cell_span, column_count, page_number

if TYPE_CHECKING:
    from .elements import Element


@dataclass
class TableState:
    table: object
    element: Element | None  # the Table element of a data table
    headers: tuple[int, int]
    row_role: str | None
    mirrored: bool = False
    row: Element | None = None
    cell: Element | None = None
    repeated: bool = False
    string_cell: str | None = None  # "leaf" or "artifact": a cell of plain text
    holder: Element | None = None  # what a row's cells add their elements and content to
    cell_starts: list | None = None  # where in the holder's kids each cell of the row began


def table_event(table, event, *args):
    """ReportLab's table render callback: backgrounds and rules as artifacts, rows and cells as elements."""
    tagger = getattr(getattr(table, "canv", None), "tagger", None)
    if tagger is None:
        return
    if event == "startTable":
        own = table.__dict__
        headers = own.get("tag_headers")
        tagger.tables.append(TableState(table, tagger.stack[-1] if headers else None, headers or (0, 0),
                                         own.get("tag_row_role"), bool(own.get("tag_mirrored"))))
    elif event in ("startBG", "startLines"):
        tagger.begin_artifact()
    elif event in ("endBG", "endLines"):
        tagger.end_artifact()
    elif event == "startRow":
        _start_row(tagger, tagger.tables[-1], args[0])
    elif event == "startCell":
        _start_cell(tagger, tagger.tables[-1], *args[:3])
    elif event == "endCell":
        _end_cell(tagger, tagger.tables[-1])
    elif event == "endRow":
        state = tagger.tables[-1]
        if state.mirrored and state.cell_starts:
            _read_right_to_left(state)
        if state.repeated:
            tagger.end_artifact()
        elif state.row is not None:
            tagger.stack.pop()
        state.row, state.repeated = None, False
    elif event == "endTable":
        tagger.tables.pop()


def _repeated(table, row: int) -> bool:
    """Whether ``row`` repeats a header row of the table's first piece on a later page."""
    if not table.__dict__.get("tag_continued"):
        return False
    repeat = getattr(table, "repeatRows", 0) or 0
    return row < repeat if isinstance(repeat, int) else row in repeat


def _read_right_to_left(state: TableState):
    """The kids a mirrored row's cells added, put in reading order: the last cell drawn first."""
    kids, starts = state.holder.kids, state.cell_starts
    chunks = [kids[start:end] for start, end in zip(starts, [*starts[1:], len(kids)])]
    kids[starts[0]:] = [kid for chunk in reversed(chunks) for kid in chunk]
    state.cell_starts = None


def _start_row(tagger, state: TableState, row: int):
    if state.mirrored:
        state.holder, state.cell_starts = tagger.stack[-1], []
    if state.element is None and state.row_role is None:
        return
    if _repeated(state.table, row):
        state.repeated = True
        tagger.begin_artifact()
        return
    state.row = (state.element or tagger.stack[-1]).child("TR" if state.element else state.row_role,
                                                          pending=state.element is None)
    tagger.stack.append(state.row)
    state.holder = state.row


def _start_cell(tagger, state: TableState, row: int, column: int, value):
    if state.repeated:
        return
    if state.cell_starts is not None:
        state.cell_starts.append(len(state.holder.kids))
    if state.element is not None:
        header_rows, header_columns = state.headers
        span = cell_span(state.table, column, row)
        # mirrored, a spanned cell's logical first column is its rightmost one
        logical = column_count(state.table) - 1 - (span[2] if span else column) if state.mirrored else column
        whole_row = span is not None and span[2] - span[0] + 1 == column_count(state.table)
        scope = ("Column" if row < header_rows else
                 "Row" if logical < header_columns and not whole_row else None)  # a note under the rows
        state.cell = state.row.child("TH" if scope else "TD")
        state.cell.attributes = {}
        if scope:
            state.cell.attributes["Scope"] = f"/{scope}"
        if span and span[2] > span[0]:
            state.cell.attributes["ColSpan"] = span[2] - span[0] + 1
        if span and span[3] > span[1]:
            state.cell.attributes["RowSpan"] = span[3] - span[1] + 1
        tagger.stack.append(state.cell)
    if isinstance(value, str):
        if value.strip():
            state.string_cell = "leaf"
            element = state.cell or tagger.stack[-1].child("P")
            _open_leaf(tagger, element)
        else:
            state.string_cell = "artifact"
            tagger.begin_artifact()


def _end_cell(tagger, state: TableState):
    if state.repeated:
        return
    if state.string_cell == "leaf":
        _close_leaf(tagger)
    elif state.string_cell == "artifact":
        tagger.end_artifact()
    state.string_cell = None
    if state.cell is not None:
        tagger.stack.pop()
        state.cell = None


def _open_leaf(tagger, element):
    """Open marked content for a text cell: the table's callback has no draw() to wrap."""
    page = page_number(tagger.canvas)
    mcid = tagger.mcids[page]
    tagger.mcids[page] += 1
    append_code(tagger.canvas, f"/{element.role} <</MCID {mcid}>> BDC")
    tagger.open = element
    element.adopt((page, mcid))


def _close_leaf(tagger):
    if tagger.forms:
        tagger.place_forms()
    append_code(tagger.canvas, "EMC")
    tagger.open = None
