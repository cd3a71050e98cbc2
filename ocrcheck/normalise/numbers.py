"""Numbers in table cells, totals rows, and runs of repeated rows.

A cell is numeric when, after folding (NFKC for full-width digits, U+2212 to `-`, currency signs
and spaces removed), it reads as a decimal: `1,234.50`, `¥1,234.50`, `１２３`, `(12.00)` (a
negative in accounting notation), `12.5%`. Values are `Decimal`, never float, so sums are exact.
Only anchored cells are counted: a value spanning three rows is one value, not three.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ._spans import Problem

if TYPE_CHECKING:
    from .tables import Table

_CURRENCY = re.compile(r"[¥￥$€£元圆]|RMB|CNY|USD|HKD|EUR", re.IGNORECASE)
_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 1,234,567.89
_EUROPEAN = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+")  # 1.234.567,89
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d{1,2}")  # 12,5 (never 12,345: that is grouping)
# Labels of totals rows. 小计 is a subtotal; the others close the table or a section.
_SUBTOTAL = ("小计", "subtotal", "sub-total", "sub total")
_TOTAL = ("合计", "总计", "共计", "total", "sum", "价税合计")
REPEAT_RUN = 3  # identical consecutive rows that make a run worth flagging


def parse_number(text: str) -> tuple[Decimal, int, bool] | None:
    """(value, decimals shown, is a percentage) of a numeric cell, or None."""
    key = unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("\u2013", "-")
    key = _CURRENCY.sub("", key).replace(" ", "").strip()
    if not key:
        return None
    percent = key.endswith("%")
    key = key.rstrip("%")
    negative = key.startswith("(") and key.endswith(")")
    if negative:
        key = key[1:-1]
    if _PLAIN.fullmatch(key):
        digits = key
    elif _GROUPED.fullmatch(key):
        digits = key.replace(",", "")
    elif _EUROPEAN.fullmatch(key):
        digits = key.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.fullmatch(key):
        digits = key.replace(",", ".")
    else:
        return None
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid decimals
        return None
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return (-value if negative else value), decimals, percent


def _label_kind(text: str) -> str | None:
    key = unicodedata.normalize("NFKC", text).casefold().replace(" ", "").replace(":", "")
    if any(word.replace(" ", "") in key for word in _SUBTOTAL):
        return "subtotal"
    if any(key.startswith(word) or key.endswith(word) for word in _TOTAL):
        return "total"
    return None


def check_totals(table: Table) -> list[Problem]:
    """Each totals row against the sum of the anchored numbers above it (since the last total).

    A grand total after subtotals is checked against the subtotals. Sums of Decimals are exact,
    so any difference visible at the precision shown is reported (as a warning: a document may
    round each line; a reviewer decides).
    """
    problems: list[Problem] = []
    anchored = _anchored_rows(table)
    start = table.header_rows
    subtotal_rows: list[int] = []
    for y in range(table.header_rows, table.n_rows):
        label = next((text for _, text in anchored[y] if text), "")
        kind = _label_kind(label)
        if kind is None:
            continue
        if kind == "total" and subtotal_rows:
            above = subtotal_rows
        else:
            above = [r for r in range(start, y) if r not in subtotal_rows]
        for x, text in anchored[y]:
            total = parse_number(text)
            column = [parse_number(t) for r in above for cx, t in anchored[r] if cx == x]
            numbers = [n for n in column if n is not None]
            if total is None or not numbers or total[2]:
                continue
            found = sum((n[0] for n in numbers), Decimal(0))
            if found != total[0]:
                problems.append((f"rows[{y}]", "warning", "total_mismatch",
                                 {"label": label, "text": text, "column": x, "count": len(numbers), "found": found}))
        if kind == "subtotal":
            subtotal_rows.append(y)
        else:
            subtotal_rows = []
        start = y + 1
    return problems


def _anchored_rows(table: Table) -> list[list[tuple[int, str]]]:
    rows: list[list[tuple[int, str]]] = [[] for _ in range(table.n_rows)]
    for cell in table.cells:
        rows[cell.row].append((cell.col, cell.text))
    for row in rows:
        row.sort()
    return rows


def repeated_rows(table: Table) -> list[Problem]:
    """Runs of identical, non-empty consecutive rows: the model repeating itself in a loop."""
    problems: list[Problem] = []
    keys = [tuple(unicodedata.normalize("NFKC", v) for v in row) for row in table.values]
    y = 0
    while y < len(keys):
        end = y + 1
        while end < len(keys) and keys[end] == keys[y]:
            end += 1
        if end - y >= REPEAT_RUN and any(keys[y]):
            problems.append((f"rows[{y}]", "warning", "repeated_rows", {"first": y, "last": end - 1, "count": end - y}))
        y = end
    return problems
