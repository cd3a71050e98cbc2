"""HTML tables from `table_parsing` answers → grids, canonical HTML, CSV and records.

`normalise_tables(answer)` accepts a raw service answer (any wire format) or the bare markup and
returns every table with its findings. The grid follows the HTML table model (_spans.py); the
canonical HTML is written from the parsed cells, never passed through, so it holds only
table/thead/tbody/tr/th/td with rowspan/colspan and escaped text, and is safe to show in a
browser. Cut markup is detected on the raw string, because lxml closes a cut table silently
(normalise.md §2.3).
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .._messages import finding
from .._models import Finding
from ._html import RawTable, find_tables, parse_document
from ._markup import Markup, markup_from_answer
from ._spans import Cell, Problem, Slot, form_grid
from .numbers import check_totals, parse_number, repeated_rows

_CLOSE_TAGS = ("table", "tr", "td", "th")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")  # CWE-1236: a spreadsheet runs these
_PLAIN_NUMBER = re.compile(r"[+-][0-9]{1,30}(?:[.,][0-9]{1,30}){0,10}%?")


@dataclass
class Table:
    """One table: anchored cells, the slot grid, and the header found for it."""

    index: int
    cells: list[Cell]
    slots: list[list[Slot]]
    header_rows: int = 0
    header_cols: int = 0
    header_rule: str = "none"  # "thead", "th", "inferred" or "none"
    caption: str = ""
    parent: int | None = None

    @property
    def n_rows(self) -> int:
        return len(self.slots)

    @property
    def n_cols(self) -> int:
        return len(self.slots[0]) if self.slots else 0

    @property
    def values(self) -> list[list[str]]:
        """Every slot holds its cell's text (copy semantics, as pandas and docling)."""
        return [[self.cells[s.cell].text if s.cell is not None else "" for s in row] for row in self.slots]

    @property
    def values_anchor(self) -> list[list[str]]:
        """Only a cell's first slot holds its text; spanned slots are blank (as Marker)."""
        return [
            [self.cells[s.cell].text if s.kind == "anchor" and s.cell is not None else "" for s in row]
            for row in self.slots
        ]

    @property
    def columns(self) -> list[str]:
        """One key per column for records: the header text, `column_N` when blank, and made
        unique the way pandas does (`X`, `X.1`)."""
        return _unique([text or f"column_{x + 1}" for x, text in enumerate(self.header_texts)])

    @property
    def header_texts(self) -> list[str]:
        """Each column's header as printed: the distinct header texts down the column, joined by
        " / ". A header cell spanning two columns gives both the same text."""
        names: list[str] = []
        values = self.values
        for x in range(self.n_cols):
            parts: list[str] = []
            for y in range(self.header_rows):
                text = values[y][x].replace("\n", " ")
                if text and text not in parts:
                    parts.append(text)
            names.append(" / ".join(parts))
        return names

    def to_html(self) -> str:
        """Canonical HTML: idempotent, attribute order fixed, text escaped, nothing else kept."""
        rows: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row].append(cell)
        out = ["<table>"]
        for y, row in enumerate(rows):
            if y == 0 and self.header_rows:
                out.append("<thead>")
            if y == self.header_rows:
                out.append("<tbody>")
            out.append("<tr>")
            for cell in sorted(row, key=lambda c: c.col):
                tag = "th" if cell.header or y < self.header_rows else "td"
                attrs = "".join(
                    f' {name}="{n}"' for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if n > 1
                )
                text = html.escape(cell.text, quote=True).replace("\n", "<br>")
                out.append(f"<{tag}{attrs}>{text}</{tag}>")
            out.append("</tr>")
            if y == self.header_rows - 1:
                out.append("</thead>")
        if self.n_rows > self.header_rows:
            out.append("</tbody>")
        out.append("</table>")
        return "".join(out)

    def to_csv(self, *, spreadsheet_safe: bool = True) -> str:
        """RFC 4180 CSV: one line of headers as printed (when there is a header), then the body.

        Spreadsheet-safe unless asked otherwise: a cell a spreadsheet would run as a formula gets
        a leading `'` (see `spreadsheet_safe_cell`)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        if self.header_rows:
            writer.writerow(_safe(self.header_texts, spreadsheet_safe))
        for row in self.values[self.header_rows :]:
            writer.writerow(_safe(row, spreadsheet_safe))
        return buffer.getvalue()

    def records(self) -> list[dict[str, str]]:
        """Body rows as objects keyed by column name."""
        names = self.columns
        return [dict(zip(names, row, strict=True)) for row in self.values[self.header_rows :]]

    def to_dict(self) -> dict[str, Any]:
        cells = []
        for cell in self.cells:
            number = parse_number(cell.text)
            cells.append({
                "id": cell.id, "row": cell.row, "col": cell.col, "rowspan": cell.rowspan,
                "colspan": cell.colspan, "header": cell.header or cell.row < self.header_rows,
                "text": cell.text, "number": str(number[0]) if number else None,
            })
        return {
            "index": self.index, "n_rows": self.n_rows, "n_cols": self.n_cols,
            "header_rows": self.header_rows, "header_cols": self.header_cols,
            "header_rule": self.header_rule, "caption": self.caption, "parent": self.parent,
            "columns": self.columns, "cells": cells,
            "slots": [[[s.cell, s.kind] for s in row] for row in self.slots],
            "values": self.values, "records": self.records(), "html": self.to_html(),
        }


@dataclass
class TablesResult:
    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    finish_reason: str | None = None
    wire_format: str = "bare"

    def to_dict(self) -> dict[str, Any]:
        return {
            "tables": [t.to_dict() for t in self.tables],
            "findings": [f.model_dump(exclude_none=True) for f in self.findings],
            "finish_reason": self.finish_reason,
            "wire_format": self.wire_format,
        }


def normalise_tables(
    answer: str | bytes | Mapping[str, Any], *, finish_reason: str | None = None
) -> TablesResult:
    """Every table of a `table_parsing` answer, normalised; problems as findings, never raised."""
    markup = markup_from_answer(answer)
    if finish_reason is not None:
        markup.finish_reason = finish_reason
    result = TablesResult(finish_reason=markup.finish_reason, wire_format=markup.wire_format)
    result.findings.extend(cut_markup(markup))
    root = parse_document(markup.text)
    raws = find_tables(root) if root is not None else []
    if not raws:
        result.findings.append(finding("tables", "unparseable", "no_table", value=markup.text[:200] or None))
        return result
    for index, raw in enumerate(raws):
        table, problems = table_from_raw(index, raw)
        result.tables.append(table)
        result.findings.extend(table_findings(index, problems))
    top_level = [t for t in result.tables if t.parent is None]
    if len(top_level) > 1:
        result.findings.append(finding("tables", "table", "tables_in_answer", severity="info", count=len(top_level)))
    return result


def table_findings(index: int, problems: list[Problem]) -> list[Finding]:
    """The `table` findings of table `index`'s problems, on paths inside `tables[index]`."""
    return [finding(f"tables[{index}]" + (f".{where}" if where else ""), "table", variant, severity=severity, **ctx)
            for where, severity, variant, ctx in problems]


def table_from_raw(index: int, raw: RawTable) -> tuple[Table, list[Problem]]:
    """Form the grid, find the headers, and run the table-level checks."""
    grid = form_grid(raw.rows)
    problems = list(raw.problems) + grid.problems
    table = Table(index, grid.cells, grid.slots, caption=raw.caption, parent=raw.parent)
    _find_headers(table, raw)
    if table.n_rows == 0 or not any(cell.text for cell in table.cells):
        problems.append(("", "error", "empty_no_rows" if table.n_rows == 0 else "empty_blank", {}))
    if raw.nested:
        problems.append(("", "warning", "nested", {"count": raw.nested}))
    problems.extend(check_totals(table))
    problems.extend(repeated_rows(table))
    return table, problems


def _find_headers(table: Table, raw: RawTable) -> None:
    thead = 0
    while thead < len(raw.rows) and raw.rows[thead].in_thead:
        thead += 1
    anchored: list[list[Cell]] = [[] for _ in range(table.n_rows)]
    for cell in table.cells:
        anchored[cell.row].append(cell)
    if thead:
        table.header_rows, table.header_rule = thead, "thead"
    else:
        leading = 0
        while leading < table.n_rows and anchored[leading] and all(c.header for c in anchored[leading]):
            leading += 1
        if leading and leading < table.n_rows:
            table.header_rows, table.header_rule = leading, "th"
        elif _text_over_numbers(table, anchored):
            table.header_rows, table.header_rule = 1, "inferred"
    body = [c for c in table.cells if c.row >= table.header_rows]
    cols = 0
    while cols < table.n_cols and body and all(c.header for c in body if c.col <= cols < c.col + c.colspan):
        cols += 1
    table.header_cols = cols if cols < table.n_cols else 0


def _text_over_numbers(table: Table, anchored: list[list[Cell]]) -> bool:
    """A first row of text only, above at least one column that is mostly numbers."""
    if table.n_rows < 2 or not anchored[0] or any(parse_number(c.text) or not c.text for c in anchored[0]):
        return False
    for x in range(table.n_cols):
        texts = [c.text for row in anchored[1:] for c in row if c.col == x and c.text]
        if texts and sum(1 for t in texts if parse_number(t)) >= 0.8 * len(texts):
            return True
    return False


def cut_markup(markup: Markup) -> list[Finding]:
    """Signs on the raw string that the answer stopped mid-table (lxml would hide them)."""
    text = markup.text
    reasons: list[str] = []
    if markup.finish_reason == "length" or markup.incomplete:
        reasons.append("length")
    if not markup.fence_closed:
        reasons.append("fence_open")
    lowered = text.lower()
    last_open = lowered.rfind("<table")
    if last_open >= 0 and lowered.find("</table", last_open) < 0:
        reasons.append("no_table_close")
    if re.search(r"<[^<>]*\Z", text):
        reasons.append("ends_in_tag")
    findings = [finding("tables", "truncated", reason) for reason in reasons]
    if not reasons:
        for tag in _CLOSE_TAGS:
            opened = len(re.findall(rf"<{tag}\b", lowered))
            closed = len(re.findall(rf"</{tag}\s*>", lowered))
            if opened != closed:
                findings.append(finding("tables", "table", "tag_count", opened=opened, tag=tag, closed=closed))
    return findings


def _unique(names: list[str]) -> list[str]:
    """Make duplicate names unique the way pandas does: `X`, `X.1`, `X.2`."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for name in names:
        if name in seen:
            seen[name] += 1
            candidate = f"{name}.{seen[name]}"
            while candidate in seen:
                seen[name] += 1
                candidate = f"{name}.{seen[name]}"
            seen[candidate] = 0
            out.append(candidate)
        else:
            seen[name] = 0
            out.append(name)
    return out


def spreadsheet_safe_cell(text: str) -> str:
    """`text` with a leading `'` when a spreadsheet would read it as a formula (CWE-1236).

    OWASP's CSV injection guidance and ASVS 1.2.10 name the first characters `=`, `+`, `-`, `@`,
    tab, carriage return and NUL; the `'` makes Excel, LibreOffice and Sheets take the cell as
    text. A plain number (`-5`, `+3.5`, `-1,234.00`, `-12%`) is left alone: it holds no formula,
    and a table of amounts is mostly such cells."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _safe(row: list[str], on: bool) -> list[str]:
    return [spreadsheet_safe_cell(v) for v in row] if on else row


def comparison_key(text: str) -> str:
    """NFKC, case-folded, spaces removed: for matching cells, never for storing them."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()
