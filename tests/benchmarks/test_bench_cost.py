"""Cost of every field kind and every normaliser as the input grows: 10³, 10⁴, 10⁵, 10⁶ characters.

Run with `make bench`. For each row it prints the CPU time of one call (the measuring child's
own, so other work on a shared machine does not inflate it) and its peak memory (tracemalloc, a
separate run) at each size, and the growth exponents: the log-log slope of time and of memory
against input length, fitted over the points measured and over the last step alone (the fit is
pulled down where a fixed cost dominates the small sizes). Linear is a slope near 1; flat memory
is a memory slope near 0 (or near 1 where the output itself grows with the input, as a table's
grid does). Nothing is asserted: the figures are measured, not tested (issue 7 asks for every
row linear).

A row whose input is refused past a length (`REFUSED_ABOVE`: the length policy of each field
kind, `latex.MAX_LENGTH` for LaTeX) is fitted over the points that did the work when there are
two, else over the refusals (`fit over`), and also shows the cost of the longest input it
accepts. The HTML rowspan row builds a grid that grows with the square of the rows until
`MAX_SLOTS` stops it (past about 10^4 characters); from there it is linear.

Each measurement is capped so the whole run stays within a few minutes: the next point is not
measured when the last one took over STOP_AFTER seconds or would, grown linearly, take over
BUDGET; the row then says `skipped: superlinear` (last step's slope above 1.3) or
`skipped: budget`. A point still running after POINT_TIMEOUT seconds of CPU is stopped and named.
Documents and formulas over 200,000 characters are refused with a finding
(`MAX_LENGTH`), so their 10⁶ point measures the refusal.

Field rows: `ocrcheck.kinds.normalise_value` on a value of that kind, and `ocrcheck.check` on
one field of that kind (the first document type, in id order, whose rules give a top-level field
that kind). Normaliser rows: `normalise_tables` (HTML), `normalise_document` on a tabular (LaTeX
tables), `normalise_formula`, `normalise_document`, `normalise_words`, each on well-formed input,
plus the hostile inputs issue 7 found quadratic.
"""

from __future__ import annotations

import contextlib
import json
import math
import multiprocessing
import os
import time
import tracemalloc
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from ocrcheck import check
from ocrcheck.doctypes import get_doctype, list_doctypes
from ocrcheck.kinds import MAX_LENGTH, kind_names, normalise_value
from ocrcheck.normalise import latex, normalise_document, normalise_formula, normalise_tables, normalise_words

SIZES = (1_000, 10_000, 100_000, 1_000_000)
BUDGET = 12.0  # seconds the next point may take if the row grows linearly
STOP_AFTER = 4.0  # seconds: a point this slow is the row's last
POINT_TIMEOUT = 40.0  # CPU seconds for one point (timed and traced runs together) before it is stopped
WALL_BACKSTOP = 10  # × POINT_TIMEOUT of wall-clock time, for a child that neither works nor ends
MIN_TIMING = 0.2  # seconds of repeated calls for a small point

# A value of each kind as OCR prints it, repeated to the wanted length.
FIELD_UNITS = {
    "text": "张三 Zhang ", "identifier": "44052418800101001X ", "date": "2024年11月14日",
    "datetime": "2024-11-14 11:46 ", "time": "11:46 ", "amount": "¥1,234.50", "decimal": "1.5",
    "rate": "13%", "sex": "男", "amount_in_words": "壹万贰仟叁佰肆拾伍元整", "mrz": "P<CHNZHANG<<SAN<<<",
    "quantity": "8.6公里",
}


def repeat_to(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def html_table(n: int) -> str:
    head = "<table><tr><th>名称</th><th>数量</th><th>金额</th></tr>"
    row, rows = "<tr><td>纸 A4</td><td>10</td><td>¥1,200.50</td></tr>", []
    size = len(head) + len("</table>")
    while size < n:
        rows.append(row)
        size += len(row)
    return head + "".join(rows) + "</table>"


def latex_table(n: int) -> str:
    start, end, row = r"\begin{tabular}{|c|c|c|}\hline Model & Score & Time \\ \hline ", r"\end{tabular}", \
        r"Qwen2-VL & 94.5 & \multicolumn{1}{c}{1.2} \\ "
    return start + repeat_to(row, max(0, n - len(start) - len(end))) + end


def formula(n: int) -> str:
    unit = r"\frac { a _ { 1 } } { \sqrt { b ^ { 2 } } } + \alpha \cdot x ^ { 2 } "
    return "$$" + repeat_to(unit, max(0, n - 4)).rsplit("+", 1)[0] + "$$"


def document(n: int) -> str:
    start = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
    end = "\n\\end{document}"
    unit = ("Large models read images. The score is $E = m c ^ { 2 }$ here.\n\n"
            "\\begin{equation} \\int _ { 0 } ^ { 1 } f ( x ) d x \\end{equation}\n\n"
            "\\begin{tabular}{cc} a & 1.5 \\\\ b & 2.5 \\end{tabular}\n\n")
    body = unit * max(1, (n - len(start) - len(end)) // len(unit))
    return start + body + end


def words(n: int) -> str:
    """A words_info list of about n characters: lines of ten words down the page."""
    items: list[dict[str, object]] = []
    size = 2
    while size < n:
        i = len(items)
        x, y = 10 + 60 * (i % 10), 10 + 30 * (i // 10)
        item = {"text": f"w{i}", "location": [x, y, x + 50, y, x + 50, y + 20, x, y + 20],
                "rotate_rect": [x + 25, y + 10, 50, 20, 0]}
        items.append(item)
        size += len(json.dumps(item, ensure_ascii=False)) + 2
    return json.dumps(items, ensure_ascii=False)


def one_word_per_line(n: int) -> str:
    items = []
    size = 2
    while size < n:
        i = len(items)
        items.append({"text": "w", "location": [10 * i, 30 * i, 10 * i + 8, 30 * i, 10 * i + 8, 30 * i + 20,
                                                10 * i, 30 * i + 20]})
        size += len(json.dumps(items[-1])) + 2
    return json.dumps(items)


def field_cases() -> list[tuple[str, Callable[[str], object], Callable[[int], str]]]:
    cases: list[tuple[str, Callable[[str], object], Callable[[int], str]]] = []
    for kind in kind_names():
        unit = FIELD_UNITS.get(kind, "x")

        def make(n: int, unit: str = unit) -> str:
            return repeat_to(unit, n)

        cases.append((f"normalise_value {kind}", lambda v, kind=kind: _normalise(v, kind), make))
        REFUSED_ABOVE[cases[-1][0]] = MAX_LENGTH[kind]
        found = _field_of_kind(kind)
        if found:
            doc_type, path = found
            cases.append((f"check {doc_type}.{path} ({kind})",
                          lambda v, doc_type=doc_type, path=path: check(doc_type, {path: v}), make))
            REFUSED_ABOVE[cases[-1][0]] = MAX_LENGTH[kind]
    return cases


def _normalise(value: str, kind: str) -> object:
    try:
        return normalise_value(value, kind)
    except ValueError as error:  # a value past its kind's rules: the engine's finding, not a cost
        return error


def _field_of_kind(kind: str) -> tuple[str, str] | None:
    for doc_type in list_doctypes():
        for path, rule in get_doctype(doc_type).fields.items():
            if rule.kind == kind and "[" not in path and "." not in path:
                return doc_type, path
    return None


# Row → the length past which its input is refused with one finding before any work (the length
# policy of a field kind, `latex.MAX_LENGTH` for LaTeX), for the fit and the "longest accepted" cell.
REFUSED_ABOVE: dict[str, int] = {}

NORMALISERS: list[tuple[str, Callable[[str], object], Callable[[int], str]]] = [
    ("tables HTML", normalise_tables, html_table),
    ("tables LaTeX (tabular)", normalise_document, latex_table),
    ("latex formula", normalise_formula, formula),
    ("document_parsing", normalise_document, document),
    ("boxes (10 words a line)", lambda s: normalise_words(json.loads(s)), words),
    # The hostile inputs of issue 7, item 15 (quadratic before it).
    ("hostile: unclosed \\[", normalise_document, lambda n: repeat_to("\\[ x ", n)),
    ("hostile: tabular of \\\\[ rows", normalise_document,
     lambda n: "\\begin{tabular}{c}" + repeat_to("a\\\\[", max(0, n - 31)) + "\\end{tabular}"),
    ("hostile: tabular body of spaces", normalise_document,
     lambda n: "\\begin{tabular}" + " " * max(0, n - 28) + "\\end{tabular}"),
    ("hostile: one word per line", lambda s: normalise_words(json.loads(s)), one_word_per_line),
    ("hostile: HTML rowspan=65534 rows", normalise_tables,
     lambda n: "<table>" + repeat_to('<tr><td rowspan="65534">a</td><td>b</td></tr>', max(0, n - 15)) + "</table>"),
]


for _row in ("tables LaTeX (tabular)", "latex formula", "document_parsing", "hostile: unclosed \\[",
             "hostile: tabular of \\\\[ rows", "hostile: tabular body of spaces"):
    REFUSED_ABOVE[_row] = latex.MAX_LENGTH


def seconds(func: Callable[[str], object], value: str) -> float:
    """CPU time of one call (of the measuring child alone, so other work on a shared machine does
    not inflate it): the best of repeated calls for small inputs, a single call otherwise."""
    start = time.process_time()
    func(value)
    once = time.process_time() - start
    if once >= MIN_TIMING:
        return once
    best, spent = once, once
    while spent < MIN_TIMING:
        start = time.process_time()
        func(value)
        took = time.process_time() - start
        best, spent = min(best, took), spent + took
    return best


def peak(func: Callable[[str], object], value: str) -> int:
    tracemalloc.start()
    try:
        func(value)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(y) against log(n)."""
    usable = [(math.log(n), math.log(max(y, 1e-9))) for n, y in points]
    if len(usable) < 2:
        return None
    mx = sum(x for x, _ in usable) / len(usable)
    my = sum(y for _, y in usable) / len(usable)
    var = sum((x - mx) ** 2 for x, _ in usable)
    return sum((x - mx) * (y - my) for x, y in usable) / var


def _point(func: Callable[[str], object], value: str, pipe: Connection) -> None:
    pipe.send((seconds(func, value), peak(func, value)))


def _cpu_seconds(pid: int, fallback: float) -> float:
    """CPU time used so far by process `pid` (/proc), or `fallback` where there is no /proc. (Not
    RLIMIT_CPU in the child: on this kernel an armed CPU limit makes its process clock tick-coarse.)"""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return fallback
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_point(func: Callable[[str], object], value: str, timeout: float = POINT_TIMEOUT) -> tuple[float, int] | None:
    """(seconds, peak bytes) measured in a forked child, or None when it ran past `timeout`
    seconds of CPU (the child is then killed: one runaway row must not hold up the others). The
    limit is CPU time, like the measurement: a loaded machine slows the wall clock, not this."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_point, args=(func, value, send), daemon=True)
    child.start()
    send.close()
    started, result = time.monotonic(), None
    while child.pid is not None:
        if receive.poll(0.25):
            with contextlib.suppress(EOFError):  # EOF: the child died without an answer
                result = receive.recv()
            break
        elapsed = time.monotonic() - started
        if _cpu_seconds(child.pid, elapsed) > timeout or elapsed > WALL_BACKSTOP * timeout:
            break
    if child.is_alive():
        child.kill()
    child.join()
    return result  # type: ignore[no-any-return]


def measure(func: Callable[[str], object], make: Callable[[int], str]) -> tuple[list[tuple[int, float, int]], str]:
    points: list[tuple[int, float, int]] = []
    for n in SIZES:
        if points:
            last_n, last_t, _ = points[-1]
            grown = slope([(p[0], p[1]) for p in points[-2:]]) or 1.0
            if last_t > STOP_AFTER or last_t * n / last_n > BUDGET:  # linear growth would overrun
                return points, "skipped: superlinear" if grown > 1.3 else "skipped: budget"
        value = make(n)
        measured = timed_point(func, value)
        if measured is None:
            return points, f"skipped: 10^{round(math.log10(n))} ran past {POINT_TIMEOUT:.0f} s of CPU"
        points.append((len(value), *measured))
    return points, ""


def fmt_time(t: float) -> str:
    return f"{t * 1e3:9.2f}ms" if t < 10 else f"{t:9.1f}s "


def fmt_mem(m: int) -> str:
    return f"{m / 1e6:7.2f}MB"


def print_table(title: str, cases: list[tuple[str, Callable[[str], object], Callable[[int], str]]]) -> None:
    print()
    sizes = "".join(f"{'10^' + str(round(math.log10(n))):>21}" for n in SIZES)
    print(f"{title:<44}{sizes}   time slope fit/last   mem slope fit/last   fit over; longest accepted")
    for name, func, make in cases:
        points, note = measure(func, make)
        cells = "".join(f"{fmt_time(t)} {fmt_mem(m)}" for _, t, m in points)
        cells += " " * (21 * (len(SIZES) - len(points)))
        bound = REFUSED_ABOVE.get(name)
        worked = [p for p in points if bound is None or p[0] <= bound]
        # Points past the bound measure the refusal, a different (cheaper) path than the work: the
        # fit is over the points that did the work when there are two, else over the refusals.
        fitted, over = (worked, "work") if len(worked) >= 2 else (points, "refusal")
        t_fit, m_fit = slope([(n, t) for n, t, _ in fitted]), slope([(n, m) for n, _, m in fitted])
        t_last = slope([(n, t) for n, t, _ in fitted[-2:]])
        m_last = slope([(n, m) for n, _, m in fitted[-2:]])
        exps = f"   {t_fit or 0:5.2f} / {t_last or 0:5.2f}       {m_fit or 0:5.2f} / {m_last or 0:5.2f}"
        extra = f"   {over}"
        if bound is not None:
            # Traced, pylatexenc runs about ten times slower: this one point gets more time.
            at_bound = timed_point(func, make(bound), 3 * POINT_TIMEOUT)
            shown = f"{fmt_time(at_bound[0]).strip()} {fmt_mem(at_bound[1]).strip()}" if at_bound else "timed out"
            extra += f"; {bound:,} chars: {shown}"
        print(f"{name[:43]:<44}{cells}{exps}{extra}  {note}".rstrip())


def test_bench_cost_per_field_kind() -> None:
    print_table("field kind (time, peak memory per call)", field_cases())


def test_bench_cost_per_normaliser() -> None:
    print_table("normaliser (time, peak memory per call)", NORMALISERS)
