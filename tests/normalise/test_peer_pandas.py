"""Peer agreement: our grid against `pandas.read_html` (lxml flavour) on the same HTML.

`fixtures/tables/peer/` holds well-formed tables with tricky spans: the span and header cases of
pandas' own `pandas/tests/io/test_html.py` (p01-p15, ported from the copy shipped in the pandas
wheel), docling's `example_04.html` (d01) and our own (o01-o25). On every one, the full grid
(header rows, then body, copy semantics) must be identical to the one pandas builds.

`fixtures/tables/malformed/` holds tables on which pandas departs from the HTML table model; there
each test asserts both what pandas does and what we do instead, and why.
"""

from __future__ import annotations

import json
import math
import re
from io import StringIO
from pathlib import Path

import pytest

from ocrcheck.normalise import normalise_tables

pd = pytest.importorskip("pandas")

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tables"
PEER = sorted((FIXTURES / "peer").glob("*.html"))


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    # pandas turns newlines into spaces but leaves a run of two spaces inside a cell; we collapse
    # every run to one (OmniDocBench and docling do too). Not a grid difference: compare words.
    text = " ".join(str(value).split())
    # pandas names an empty header cell "Unnamed: 0" or "Unnamed: 0_level_1".
    return "" if re.fullmatch(r"Unnamed: \d+(_level_\d+)?", text) else text


def pandas_grid(html: str) -> list[list[str]]:
    """The grid pandas builds: header levels (de-mangled) then body, all as text."""
    frame = pd.read_html(StringIO(html), flavor="lxml")[0]
    rows: list[list[str]] = []
    columns = frame.columns
    if isinstance(columns, pd.MultiIndex):
        rows.extend([_text(name[level]) for name in columns] for level in range(columns.nlevels))
    elif list(columns) != list(range(len(columns))):  # no header: pandas numbers the columns
        names = [_text(name) for name in columns]
        # pandas makes duplicate names unique (`X`, `X.1`); the grid holds the copy `X`.
        rows.append([re.sub(r"\.\d+$", "", n) if re.sub(r"\.\d+$", "", n) in names[:i] else n
                     for i, n in enumerate(names)])
    rows.extend([_text(v) for v in row] for row in frame.astype(object).itertuples(index=False))
    return rows


def our_grid(html: str) -> list[list[str]]:
    table = normalise_tables(html).tables[0]
    values = [[v.replace("\n", " ") for v in row] for row in table.values]  # pandas: <br> is a space
    # pandas leaves header rows that are entirely empty out of its column index (GH-…,
    # test_ignore_empty_rows_when_inferring_header); the data rows are kept whole.
    return [row for y, row in enumerate(values) if y >= table.header_rows or any(row)]


@pytest.mark.parametrize("path", PEER, ids=[p.stem for p in PEER])
def test_grid_equals_pandas(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    assert our_grid(html) == pandas_grid(html)


def test_peer_corpus_size() -> None:
    assert len(PEER) >= 30
    pandas_ports = [p for p in PEER if p.name.startswith("p")]
    assert len(pandas_ports) == 15


# ---------------------------------------------------------------------------------------------
# Deliberate differences. Each case: what pandas does, what the HTML standard says, what we do.

MALFORMED = sorted((FIXTURES / "malformed").glob("*.html"))


@pytest.mark.parametrize("path", MALFORMED, ids=[p.stem for p in MALFORMED])
def test_malformed_follows_the_standard(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    html = path.read_text(encoding="utf-8")
    result = normalise_tables(html)
    table = result.tables[expected.get("table", 0)]
    assert table.values == expected["grid"], expected["why"]
    codes = sorted({f.code for f in result.findings if f.severity != "info"})
    assert codes == expected["codes"], expected["why"]
    pandas_does = expected["pandas"]
    ours = [list(row) for row in table.values]
    if pandas_does == "error":
        with pytest.raises((ValueError, TypeError, IndexError)):
            pd.read_html(StringIO(html), flavor="lxml")
    elif pandas_does == "no table":
        try:
            found = pd.read_html(StringIO(html), flavor="lxml")
        except ValueError:  # "No tables found"
            found = []
        assert found == [], expected["why"]
    elif pandas_does == "shape":
        frame = pd.read_html(StringIO(html), flavor="lxml")[0]
        assert list(frame.shape) == expected["pandas_shape"], expected["why"]
    elif pandas_does == "same":
        # pandas builds a grid of the same shape and says nothing; the difference is our finding.
        theirs = pandas_grid(html)
        assert [len(r) for r in theirs] == [len(r) for r in ours], expected["why"]
        assert codes, expected["why"]
    else:
        theirs = pandas_grid(html)
        assert theirs == pandas_does, expected["why"]
        assert theirs != ours, "not a difference any more: move the case to peer/"
