"""Rows of cells with rowspan/colspan → a rectangular grid, by the HTML table model.

The reference is WHATWG HTML §4.9.12.1 "Forming a table": spans are read with the rules for
non-negative integers (leading digits, so `"2px"` is 2); colspan 0 or unreadable is 1 and is
capped at 1000; rowspan unreadable is 1, is capped at 65534, and 0 grows down to the end of its
row group; each cell takes the next slot of its row not already covered from above. Two
situations the standard calls table model errors are findings here, and how we resolve them is
the policy browsers follow when they render (normalise.md §2): on an overlap the first cell
keeps the slot (the later cell is shrunk to the free rectangle), and a rowspan that runs past the
last row is cut off there instead of inventing rows.

One departure, for model output: row groups (`thead`/`tbody`/`tfoot`) are flattened first, so a
rowspan in the header carries on into the body as pandas (GH-60210) and docling do; only
`rowspan=0` still stops at the end of its own group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
# rows × columns we are willing to build: `rowspan=200000` or 1000 rows of `colspan=1000`
# must not exhaust memory (pandas builds the 200000-row frame).
MAX_SLOTS = 100_000

_LEADING_DIGITS = re.compile(r"[ \t\n\f\r]*\+?([0-9]+)")
# More significant digits than this is over every cap: never handed to int(), whose 4300-digit
# limit would raise ValueError on a 5000-digit span.
_MAX_SPAN_DIGITS = 9


# A problem found while reading a table, before it is a finding: (path inside the table, severity,
# variant of the `table` finding, its ctx).
Problem = tuple[str, str, str, dict[str, Any]]


@dataclass
class SourceCell:
    """A `td`/`th` as written: its text and span attributes before interpretation."""

    text: str
    header: bool = False
    rowspan: str | None = None
    colspan: str | None = None


@dataclass
class SourceRow:
    cells: list[SourceCell]
    group: int = 0  # index of the row group the row came from
    in_thead: bool = False


@dataclass
class Cell:
    """A cell anchored at (row, col) covering rowspan × colspan slots, after clipping."""

    id: int
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    header: bool


@dataclass
class Slot:
    cell: int | None  # id of the covering cell, None for a hole
    kind: str  # "anchor", "left", "up", "cross" (OTSL lcel/ucel/xcel) or "empty"


@dataclass
class Grid:
    cells: list[Cell] = field(default_factory=list)
    slots: list[list[Slot]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.slots)

    @property
    def n_cols(self) -> int:
        return len(self.slots[0]) if self.slots else 0


SpanProblem = tuple[str, dict[str, Any]]  # (variant of a `table` finding, its ctx)


def read_span(
    value: str | None, *, limit: int, zero_means: int | None, column: int = 0
) -> tuple[int, SpanProblem | None]:
    """(span, problem): the standard's lenient reading, and what was odd about the attribute of
    the cell at `column`."""
    if value is None:
        return 1, None
    match = _LEADING_DIGITS.match(value)
    shown = shown_value(value)
    if not match:
        return 1, ("span_not_number", {"column": column, "span": shown})
    digits = match.group(1).lstrip("0") or "0"
    if len(digits) > _MAX_SPAN_DIGITS:
        return limit, ("span_capped", {"column": column, "span": shown, "limit": limit})
    number = int(digits)
    read_as = ("span_read_as", {"column": column, "span": shown, "number": number})
    problem = None if match.end() == len(value.rstrip()) else read_as
    if number == 0:
        if zero_means is None:
            return 0, None  # rowspan=0: the caller grows it to the end of the row group
        return zero_means, ("span_read_as", {"column": column, "span": shown, "number": zero_means})
    if number > limit:
        return limit, ("span_capped", {"column": column, "span": shown, "limit": limit})
    return number, problem


def shown_value(value: str, limit: int = 24) -> str:
    """`value` quoted for a message, cut to `limit` characters (a span may be 5000 digits long)."""
    if len(value) <= limit:
        return repr(value)
    return repr(value[:limit]) + "…"


def form_grid(rows: list[SourceRow]) -> Grid:
    """Place every cell of `rows` in a grid; problems are reported, never raised."""
    grid = Grid()
    owner: dict[tuple[int, int], int] = {}
    group_end = _group_ends(rows)
    n_rows = len(rows)
    width = 0
    for y, row in enumerate(rows):
        x = 0
        for source in row.cells:
            while (y, x) in owner:
                x += 1
            colspan, col_problem = read_span(source.colspan, limit=MAX_COLSPAN, zero_means=1, column=x)
            rowspan, row_problem = read_span(source.rowspan, limit=MAX_ROWSPAN, zero_means=None, column=x)
            where = f"rows[{y}]"
            for problem in (col_problem, row_problem):
                if problem:
                    grid.problems.append((where, "warning", *problem))
            if rowspan == 0:
                rowspan = group_end[y] - y
            if y + rowspan > n_rows:
                grid.problems.append((where, "warning", "rowspan_past_end", {"column": x, "rowspan": rowspan}))
                rowspan = n_rows - y
            colspan, rowspan = _free_rectangle(owner, y, x, colspan, rowspan, grid, where)
            if max(width, x + colspan) * n_rows > MAX_SLOTS:
                grid.problems.append((where, "error", "too_large", {"limit": MAX_SLOTS}))
                return _materialise(grid, owner, n_rows, width)
            cell = Cell(len(grid.cells), y, x, rowspan, colspan, source.text, source.header)
            grid.cells.append(cell)
            for dy in range(rowspan):
                for dx in range(colspan):
                    owner[(y + dy, x + dx)] = cell.id
            x += colspan
            width = max(width, x)
    return _materialise(grid, owner, n_rows, width)


def _group_ends(rows: list[SourceRow]) -> list[int]:
    """For each row, the index one past the last row of its row group."""
    ends = [len(rows)] * len(rows)
    for y in range(len(rows) - 2, -1, -1):
        ends[y] = ends[y + 1] if rows[y + 1].group == rows[y].group else y + 1
    return ends


def _free_rectangle(
    owner: dict[tuple[int, int], int], y: int, x: int, colspan: int, rowspan: int, grid: Grid, where: str
) -> tuple[int, int]:
    """Shrink a cell to the slots no earlier cell covers (the first cell keeps an overlap)."""
    free_cols = 1
    while free_cols < colspan and (y, x + free_cols) not in owner:
        free_cols += 1
    free_rows = 1
    while free_rows < rowspan and all((y + free_rows, x + dx) not in owner for dx in range(free_cols)):
        free_rows += 1
    if (free_cols, free_rows) != (colspan, rowspan):
        grid.problems.append((where, "error", "overlap", {"column": x, "rowspan": rowspan, "colspan": colspan,
                                                           "rows": free_rows, "cols": free_cols}))
    return free_cols, free_rows


def _materialise(grid: Grid, owner: dict[tuple[int, int], int], n_rows: int, width: int) -> Grid:
    cells = grid.cells
    grid.slots = []
    for y in range(n_rows):
        line: list[Slot] = []
        for x in range(width):
            cid = owner.get((y, x))
            if cid is None:
                line.append(Slot(None, "empty"))
                continue
            cell = cells[cid]
            # OTSL: a slot right of the anchor in the anchor's row extends "left"; below it, "up".
            kind = {(True, True): "anchor", (True, False): "left", (False, True): "up"}.get(
                (cell.row == y, cell.col == x), "cross"
            )
            line.append(Slot(cid, kind))
        grid.slots.append(line)
    _report_holes(grid)
    return grid


def _report_holes(grid: Grid) -> None:
    for y, line in enumerate(grid.slots):
        holes = sum(1 for slot in line if slot.kind == "empty")
        if holes:
            grid.problems.append((f"rows[{y}]", "warning", "ragged_row", {"holes": holes, "slots": len(line)}))
        elif not any(slot.kind == "anchor" for slot in line):
            grid.problems.append((f"rows[{y}]", "warning", "no_cell_starts_row", {}))
    for x in range(grid.n_cols):
        column = [line[x] for line in grid.slots]
        if all(slot.kind != "empty" for slot in column) and not any(s.kind == "anchor" for s in column):
            grid.problems.append((f"columns[{x}]", "warning", "no_cell_starts_column", {}))
