"""LaTeX `tabular` → the rows of cells the HTML table model reads (_spans.py).

Rows end at `\\\\` and cells at `&` (outside braces, not escaped); rules (`\\hline`, booktabs,
`\\cline`) are dropped. `\\multicolumn{n}{spec}{text}` is a colspan. `\\multirow{n}{width}{text}`
is a rowspan, with one difference from HTML that matters: LaTeX rows below a multirow still write
an (empty) cell in its place, so those placeholders are removed here, and reported if not empty.

Spans are read with the HTML reader (`read_span`: the same caps of 1000 columns and 65534 rows,
and no `int()` of a 5000-digit number), and a multirow covers at most the rows that follow it, so
`\\multirow{100000000}{*}{a}` costs what its one row costs. Every pattern here is bounded or
anchored, so a body costs time linear in its length (rows of `\\\\[` with no `]` used to be
quadratic).
"""

from __future__ import annotations

import re

from ._html import clean_text
from ._spans import MAX_COLSPAN, MAX_ROWSPAN, SourceCell, SourceRow, SpanProblem, read_span
from .latex import to_unicode

# Arguments of rules and row breaks are short (`(lr)`, `{2-3}`, `[2pt]`): bounding them keeps a
# failed match from scanning to the end of the body at every row.
_RULES = re.compile(r"\\(?:hline|toprule|midrule|bottomrule|endhead|endfirsthead|endfoot|endlastfoot)\b"
                    r"|\\(?:cline|cmidrule)(?:\([^)]{0,16}\))?\{[^{}]{0,32}\}")
_NEWLINE = re.compile(r"\\\\(?:[ \t\n]{0,64}\[[^\]\n]{0,32}\])?|\\tabularnewline\b")


# What a splitter stops at: the separator, an escaped pair (`\\&`, `\\{`), or a brace.
_ROW_SPLIT = re.compile(r"(?P<sep>" + _NEWLINE.pattern + r")|\\.|[{}]", re.DOTALL)
_CELL_SPLIT = re.compile(r"(?P<sep>&)|\\.|[{}]", re.DOTALL)


def _split_top(text: str, splitter: re.Pattern[str]) -> list[str]:
    """Split at a separator that sits outside braces (`_ROW_SPLIT` or `_CELL_SPLIT`).

    Inside braces a separator is read as plain text: `\\\\` there is one escaped pair, `&` one
    character. A stray `}` leaves the depth negative, so nothing after it is split (as before).
    """
    parts: list[str] = []
    depth, start, position = 0, 0, 0
    while (match := splitter.search(text, position)) is not None:
        token = match.group(0)
        if match.group("sep") is not None:
            if depth == 0:
                parts.append(text[start : match.start()])
                start = position = match.end()
                continue
            position = match.start() + (2 if token.startswith("\\") else 1)
            continue
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        position = match.end()
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


def _span(text: str, problems: list[SpanProblem]) -> tuple[str, str | None, str | None]:
    """(cell text, rowspan, colspan) of one cell, `\\multicolumn` and `\\multirow` unwrapped."""
    rowspan = colspan = None
    stripped = text.strip()
    if stripped.startswith("\\multicolumn"):
        found = _groups(stripped[len("\\multicolumn"):], 3)
        if found:
            (colspan, _, stripped), _ = found
        else:
            problems.append(("multicolumn_arguments", {}))
    inner = stripped.strip()
    if inner.startswith("\\multirow"):
        found = _groups(re.sub(r"^\\multirow\s*(\[[^\]]*\])?", "", inner), 3)
        if found:
            (rowspan, _, stripped), _ = found
            if rowspan.strip().startswith("-"):
                problems.append(("multirow_upward", {"rowspan": rowspan[:24]}))
                rowspan = rowspan.strip()[1:]
        else:
            problems.append(("multirow_arguments", {}))
    plain = to_unicode(stripped) if re.search(r"[\\$^_{}~]", stripped) else stripped
    return clean_text(plain), rowspan, colspan


def tabular_rows(body: str) -> tuple[list[SourceRow], list[SpanProblem]]:
    """Rows of a tabular body (the text between `\\begin{tabular}{spec}` and `\\end{tabular}`)."""
    problems: list[SpanProblem] = []
    body = _RULES.sub(" ", body)
    lines = _split_top(body, _ROW_SPLIT)
    if lines and not lines[-1].strip():
        lines.pop()
    rows: list[SourceRow] = []
    covered_until: dict[int, int] = {}  # column → first row no longer under a multirow above
    for y, line in enumerate(lines):
        cells: list[SourceCell] = []
        x = 0
        for raw in _split_top(line, _CELL_SPLIT):
            text, rowspan, colspan = _span(raw, problems)
            width = read_span(colspan, limit=MAX_COLSPAN, zero_means=1)[0]
            if covered_until.get(x, 0) > y:
                if text:
                    problems.append(("under_multirow", {"row": y, "text": text[:40]}))
                x += width
                continue
            # Placeholders can only sit in the rows that follow; the grid reports the overhang.
            height = min(read_span(rowspan, limit=MAX_ROWSPAN, zero_means=1)[0], len(lines) - y)
            if height > 1:
                for dx in range(width):
                    covered_until[x + dx] = y + height
            cells.append(SourceCell(text, False, rowspan.strip() if rowspan else None,
                                    colspan.strip() if colspan else None))
            x += width
        rows.append(SourceRow(cells))
    return rows, problems
