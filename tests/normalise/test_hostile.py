"""Hostile input to the normalisers (issue 7, item 15): findings, never a crash, a stall or a
memory blow-up. No test here measures time: quadratic work is caught by counting the work done
(characters scanned, corners read) or by comparing with the former implementation on small input.
"""

from __future__ import annotations

import random
import re
import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocrcheck import InputError
from ocrcheck._messages import localise
from ocrcheck.cli import main
from ocrcheck.normalise import (
    _blocks,
    _tabular,
    boxes,
    draw_boxes,
    normalise_document,
    normalise_tables,
    normalise_words,
)
from ocrcheck.normalise._spans import MAX_COLSPAN, MAX_ROWSPAN, read_span

# The regexes document.py used before (commit 0a46a10): the reference for what must be found.
OLD_EQUATION = re.compile(
    r"\$\$(?P<dd>.+?)\$\$|\\\[(?P<br>.+?)\\\]|\\\((?P<pa>.+?)\\\)"
    r"|\\begin\{(?P<env>equation\*?|align\*?|gather\*?|multline\*?|eqnarray\*?|displaymath)\}(?P<eb>.*?)"
    r"\\end\{(?P=env)\}|(?<![\\$])\$(?P<d>[^$]+?)(?<!\\)\$",
    re.DOTALL,
)
OLD_TABULAR = re.compile(r"\\begin\{(tabular[x*]?|longtable|array)\}(.*?)\\end\{\1\}", re.DOTALL)
OLD_SPEC = re.compile(r"\s*(\[[^\]]*\])?\s*\{((?:[^{}]|\{[^{}]*\})*)\}")


def peak_bytes(func: object) -> int:
    tracemalloc.start()
    try:
        func()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- spans -------------------------------------------------------------------------------------

def test_huge_multirow_is_capped_like_html_and_costs_one_row() -> None:
    latex = r"\begin{tabular}{c}\multirow{100000000}{*}{a}\end{tabular}"
    peak = peak_bytes(lambda: normalise_document(latex))
    doc = normalise_document(latex)
    told = [(f.variant, f.ctx) for f in doc.findings if f.code == "table"]
    assert ("span_capped", {"column": 0, "span": "'100000000'", "limit": MAX_ROWSPAN}) in told
    assert any(variant == "rowspan_past_end" for variant, _ in told)
    assert doc.tables[0].values == [["a"]]
    assert peak < 20_000_000  # the former code filled a dict with 10^8 placeholders (MemoryError)


def test_multirow_placeholders_are_kept_per_column_not_per_slot() -> None:
    # 1000 columns × 65534 rows would be 65 million placeholders; only the rows that exist count.
    body = (r"\multicolumn{1000}{c}{\multirow{65534}{*}{A}} & b \\ \multicolumn{1000}{c}{} & c \\ "
            r"\multicolumn{1000}{c}{y} & d")
    rows, problems = _tabular.tabular_rows(body)
    assert [[c.text for c in r.cells] for r in rows] == [["A", "b"], ["c"], ["d"]]
    assert problems == [("under_multirow", {"row": 2, "text": "y"})]


@pytest.mark.parametrize("digits", [5000, 4301, 10])
def test_span_of_thousands_of_digits_is_capped_not_a_valueerror(digits: int) -> None:
    value = "9" * digits
    assert read_span(value, limit=MAX_COLSPAN, zero_means=1)[0] == MAX_COLSPAN
    assert read_span("0" * 6000 + "2", limit=MAX_COLSPAN, zero_means=1) == (2, None)  # leading zeros
    html = normalise_tables(f'<table><tr><td colspan="{value}">a</td><td rowspan="{value}">b</td></tr></table>')
    capped = [f for f in html.findings if f.variant == "span_capped"]
    assert [(f.code, f.severity) for f in capped] == [("table", "warning")] * 2
    # The value is cut in ctx, and so in the message of every language, never echoed whole.
    assert all(len(f.ctx["span"]) < 40 and len(f.message) < 120 for f in [*capped, *localise(capped, "zh")])
    latex = normalise_document(r"\begin{tabular}{cc}\multicolumn{" + value + r"}{c}{a} & b\end{tabular}")
    assert any(f.variant == "span_capped" and f.ctx["limit"] == MAX_COLSPAN for f in latex.findings)
    assert latex.tables[0].n_cols == MAX_COLSPAN + 1


# --- linear scans of documents ------------------------------------------------------------------

class CountingText(str):
    """A str that adds up how many characters its `find` calls read."""

    scanned = 0

    def find(self, sub: str, start: int | None = None, end: int | None = None) -> int:  # type: ignore[override]
        begin = 0 if start is None else start
        found = super().find(sub, begin) if end is None else super().find(sub, begin, end)
        CountingText.scanned += (found + len(sub) if found >= 0 else len(self)) - begin
        return found


UNCLOSED = ["\\[ x ", "\\( x ", "\\begin{equation} x ", "\\begin{align*} x \\end{align} ", "$ x \\$ "]


@pytest.mark.parametrize("unit", UNCLOSED)
def test_unclosed_openers_are_each_read_once(unit: str) -> None:
    """20,000 openers with no closer: the former regex read to the end from each (n² characters)."""
    text = CountingText(unit * 20_000)
    CountingText.scanned = 0
    assert _blocks.equations(text) == []
    assert CountingText.scanned <= 3 * len(text)


def test_unclosed_tabulars_are_each_read_once() -> None:
    text = CountingText("\\begin{tabular}{c} a & b \\\\ " * 10_000)
    CountingText.scanned = 0
    assert _blocks.tabulars(text) == []
    assert CountingText.scanned <= 3 * len(text)


def old_equations(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in OLD_EQUATION.finditer(text):
        name = next(n for n in ("dd", "br", "pa", "eb", "d") if m.group(n) is not None)
        out.append((m.start(), m.end(), m.group(name)))
    return out


LATEX_PIECES = ["$", "$$", "\\[", "\\]", "\\(", "\\)", "\\\\", "\\$", "x", " ", "\n", "{", "}",
                "\\begin{equation}", "\\end{equation}", "\\begin{align*}", "\\end{align*}",
                "\\begin{tabular}", "\\end{tabular}", "\\begin{array}", "\\end{array}", "[", "]", "{c}"]


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(LATEX_PIECES), max_size=30))
def test_scanners_find_what_the_former_regexes_found(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert [(b.start, b.end, b.inner) for b in _blocks.equations(text)] == old_equations(text)
    old_tabulars = [(m.start(), m.end(), m.group(1), m.group(2)) for m in OLD_TABULAR.finditer(text)]
    assert [(b.start, b.end, b.delimiter, b.inner) for b in _blocks.tabulars(text)] == old_tabulars
    spec = OLD_SPEC.match(text)
    assert _blocks.without_spec(text) == (text[spec.end():] if spec else text)


def test_delimiters_named_as_before() -> None:
    found = _blocks.equations("$$a$$ \\[b\\] \\(c\\) $d$ \\begin{align*}e\\end{align*}")
    assert [(b.delimiter, b.inner) for b in found] == [("$$", "a"), ("\\[", "b"), ("\\(", "c"), ("$", "d"),
                                                       ("align*", "e")]


def bounded(pattern: re.Pattern[str]) -> bool:
    """True when no repetition in `pattern` is unbounded (each match attempt reads O(1))."""
    parser = pytest.importorskip("re._parser")

    def walk(items: object) -> bool:
        for op, arg in items:  # type: ignore[attr-defined]
            if op in (parser.MAX_REPEAT, parser.MIN_REPEAT):
                _, high, sub = arg
                if high == parser.MAXREPEAT or not walk(sub):
                    return False
            elif (op == parser.SUBPATTERN and not walk(arg[-1])) or (
                op == parser.BRANCH and not all(walk(branch) for branch in arg[1])
            ):
                return False
        return True

    return walk(parser.parse(pattern.pattern, pattern.flags))


def test_row_and_rule_patterns_are_bounded() -> None:
    """`\\\\[` with no `]` on every row read to the end of the body from each row (n²)."""
    assert bounded(_tabular._NEWLINE) and bounded(_tabular._RULES)
    assert not bounded(re.compile(r"\\\\(?:\s*\[[^\]]*\])?"))  # the former row pattern


def test_rows_of_unclosed_row_options_still_split() -> None:
    rows, _ = _tabular.tabular_rows("a\\\\[" * 5_000)
    texts = [r.cells[0].text for r in rows]
    assert texts == ["a"] + ["[a"] * 4_999 + ["["]
    rows, _ = _tabular.tabular_rows("a \\\\[2pt] b \\\\ \\cmidrule(lr){1-2} c")
    assert [[c.text for c in r.cells] for r in rows] == [["a"], ["b"], ["c"]]


def test_long_whitespace_reaches_pylatexenc_squeezed() -> None:
    """pylatexenc gathers whitespace quadratically; a run is what TeX reads it as."""
    from ocrcheck.normalise.latex import squeeze_spaces

    assert squeeze_spaces("a" + " " * 100 + "b") == "a b"
    assert squeeze_spaces("a" + " \n " * 40 + "b") == "a\n\nb"
    assert squeeze_spaces("a" + " " * 40 + "\n" + " " * 40 + "b") == "a\nb"
    assert squeeze_spaces("a" + " " * 64 + "b") == "a" + " " * 64 + "b"
    doc = normalise_document("\\begin{tabular}" + " " * 150_000 + "\\end{tabular}")
    assert [f.code for f in doc.findings].count("table") >= 1


# --- located words -----------------------------------------------------------------------------

def old_reading_order(words: list[boxes.Word]) -> list[list[int]]:
    """The former loop over every line for every word (O(n²))."""
    placed = sorted((w for w in words if w.location is not None), key=lambda w: (w.centre[1], w.centre[0]))
    lines: list[list[boxes.Word]] = []
    for word in placed:
        for line in lines:
            ys = [p[1] for p in line[0].points]
            if min(ys) <= word.centre[1] <= max(ys):
                line.append(word)
                break
        else:
            lines.append([word])
    ordered = [[w.index for w in sorted(line, key=lambda w: w.centre[0])] for line in lines]
    return ordered + [[w.index] for w in words if w.location is None]


def random_words(rng: random.Random, n: int) -> list[boxes.Word]:
    words = []
    for i in range(n):
        if rng.random() < 0.05:
            words.append(boxes.Word(i, "bad"))
            continue
        x, y = rng.randint(0, 500), rng.randint(0, 400)
        w, h, skew = rng.randint(1, 80), rng.randint(1, 60), rng.randint(-8, 8)
        words.append(boxes.Word(i, "w", (x, y, x + w, y + skew, x + w, y + h + skew, x, y + h)))
    return words


@pytest.mark.parametrize("seed", range(40))
def test_reading_order_is_the_former_order(seed: int) -> None:
    words = random_words(random.Random(seed), 60)
    assert boxes.reading_order(words) == old_reading_order(words)


def test_reading_order_reads_each_box_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """16,000 words one per line took over a minute: every word compared against every line."""
    reads = 0
    original = boxes.Word.points

    def counted(self: boxes.Word) -> list[boxes.Point]:
        nonlocal reads
        reads += 1
        return original.fget(self)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(boxes.Word, "points", property(counted))
    n = 4_000
    words = [boxes.Word(i, "w", (0, 30 * i, 8, 30 * i, 8, 30 * i + 20, 0, 30 * i + 20)) for i in range(n)]
    assert boxes.reading_order(words) == [[i] for i in range(n)]
    assert reads <= 6 * n  # the former loop read about n²/2 = 8 million


@pytest.mark.parametrize("coordinate", [int("9" * 400), -int("9" * 400), 1e300, 1_000_001, float("nan")])
def test_absurd_coordinate_is_a_geometry_finding(coordinate: float) -> None:
    result = normalise_words([{"text": "w", "location": [coordinate, 0, 10, 0, 10, 10, 0, 10],
                               "rotate_rect": [5, 5, 10, 10, coordinate]}])
    assert [(f.field, f.code) for f in result.findings] == [("words[0]", "geometry")] * 2
    assert result.lines == [[0]]
    assert result.to_dict()["words"][0]["location"] == []


def test_coordinates_up_to_the_bound_are_read() -> None:
    far = boxes.MAX_COORDINATE
    result = normalise_words([{"text": "w", "location": [far - 10, 0, far, 0, far, 10, far - 10, 10]}])
    assert result.findings == []


# --- pictures ----------------------------------------------------------------------------------

def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims `width`×`height` (1-bit grey), with a few compressed rows."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = zlib.compress((b"\x00" + b"\xff" * ((width + 7) // 8)) * 4, 1)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


WORD = [{"text": "a", "location": [1, 1, 9, 1, 9, 9, 1, 9]}]


@pytest.mark.parametrize(("width", "height", "says"), [
    (20_000, 20_000, "decompression bomb"),  # Pillow raises DecompressionBombError
    (10_000, 10_000, "decompression bomb"),  # Pillow only warns: refused all the same
    (7_000, 4_715, "at most 15.68 MP"),      # opens fine, over the service's own limit
])
def test_drawing_on_a_huge_image_is_refused(width: int, height: int, says: str) -> None:
    pytest.importorskip("PIL")
    png = png_header_only(width, height)
    with pytest.raises(InputError, match=says):
        draw_boxes(png, WORD)

    def refused() -> None:
        with pytest.raises(InputError):
            draw_boxes(png, WORD)

    assert peak_bytes(refused) < 20_000_000


def test_boxes_command_refuses_a_bomb_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("PIL")
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header_only(20_000, 20_000))
    answer = tmp_path / "words.json"
    answer.write_text('[{"text": "a", "location": [1, 1, 9, 1, 9, 9, 1, 9]}]', encoding="utf-8")
    status = main(["boxes", str(answer), str(bomb), "-o", str(tmp_path / "out.png")])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "decompression bomb" in err and "Traceback" not in err
    assert not (tmp_path / "out.png").exists()
