"""LaTeX `tabular` → the rows of cells the HTML table model reads (_spans.py).

Rows end at `\\\\` and cells at `&` (outside braces, not escaped); rules (`\\hline`, booktabs,
`\\cline`) are dropped. `\\multicolumn{n}{spec}{text}` is a colspan. `\\multirow{n}{width}{text}`
is a rowspan, with one difference from HTML that matters: LaTeX rows below a multirow still write
an (empty) cell in its place, so those placeholders are removed here, and reported if not empty.
"""

from __future__ import annotations

import re

from ._html import clean_text
from ._spans import SourceCell, SourceRow
from .latex import to_unicode

_RULES = re.compile(r"\\(?:hline|toprule|midrule|bottomrule|endhead|endfirsthead|endfoot|endlastfoot)\b"
                    r"|\\(?:cline|cmidrule)(?:\([^)]*\))?\{[^{}]*\}")
_NEWLINE = re.compile(r"\\\\(?:\s*\[[^\]]*\])?|\\tabularnewline\b")


def _split_top(text: str, separator: re.Pattern[str] | str) -> list[str]:
    """Split at a separator that sits outside braces."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and isinstance(separator, str):
            i += 2
            continue
        if ch in "{}":
            depth += 1 if ch == "{" else -1
        elif depth == 0:
            if isinstance(separator, str):
                if ch == separator:
                    parts.append(text[start:i])
                    start = i + 1
            else:
                match = separator.match(text, i)
                if match:
                    parts.append(text[start:i])
                    start = i = match.end()
                    continue
        if ch == "\\" and not isinstance(separator, str):
            i += 2
            continue
        i += 1
    parts.append(text[start:])
    return parts


def _groups(text: str, count: int) -> tuple[list[str], str] | None:
    """`count` brace groups at the start of `text` and the rest, or None."""
    groups: list[str] = []
    i = 0
    for _ in range(count):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text) or text[i] != "{":
            return None
        depth, j = 0, i
        while j < len(text):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                break
            j += 2 if text[j] == "\\" else 1
        groups.append(text[i + 1 : j])
        i = j + 1
    return groups, text[i:]


def _span(text: str, problems: list[str]) -> tuple[str, str | None, str | None]:
    """(cell text, rowspan, colspan) of one cell, `\\multicolumn` and `\\multirow` unwrapped."""
    rowspan = colspan = None
    stripped = text.strip()
    if stripped.startswith("\\multicolumn"):
        found = _groups(stripped[len("\\multicolumn"):], 3)
        if found:
            (colspan, _, stripped), _ = found
        else:
            problems.append("\\multicolumn without its three arguments")
    inner = stripped.strip()
    if inner.startswith("\\multirow"):
        found = _groups(re.sub(r"^\\multirow\s*(\[[^\]]*\])?", "", inner), 3)
        if found:
            (rowspan, _, stripped), _ = found
            if rowspan.strip().startswith("-"):
                problems.append(f"\\multirow{{{rowspan}}} spans upward; read as downward")
                rowspan = rowspan.strip()[1:]
        else:
            problems.append("\\multirow without its three arguments")
    plain = to_unicode(stripped) if re.search(r"[\\$^_{}~]", stripped) else stripped
    return clean_text(plain), rowspan, colspan


def tabular_rows(body: str) -> tuple[list[SourceRow], list[str]]:
    """Rows of a tabular body (the text between `\\begin{tabular}{spec}` and `\\end{tabular}`)."""
    problems: list[str] = []
    body = _RULES.sub(" ", body)
    lines = _split_top(body, _NEWLINE)
    if lines and not lines[-1].strip():
        lines.pop()
    rows: list[SourceRow] = []
    covered: dict[tuple[int, int], bool] = {}
    for y, line in enumerate(lines):
        cells: list[SourceCell] = []
        x = 0
        for raw in _split_top(line, "&"):
            text, rowspan, colspan = _span(raw, problems)
            width = int(colspan) if colspan and colspan.strip().isdigit() else 1
            if covered.get((y, x)):
                if text:
                    problems.append(f"row {y}: text {text!r} under a \\multirow; dropped")
                x += width
                continue
            height = int(rowspan) if rowspan and rowspan.strip().isdigit() else 1
            for dy in range(1, height):
                for dx in range(width):
                    covered[(y + dy, x + dx)] = True
            cells.append(SourceCell(text, False, rowspan.strip() if rowspan else None,
                                    colspan.strip() if colspan else None))
            x += width
        rows.append(SourceRow(cells))
    return rows, problems
