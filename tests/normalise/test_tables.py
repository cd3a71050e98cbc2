"""HTML tables: grid, headers, canonical HTML, CSV, records, numbers, totals, loops, security."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from ocrcheck.normalise import normalise_tables
from ocrcheck.normalise.numbers import parse_number
from ocrcheck.normalise.tables import comparison_key

INVOICE = (
    "<table><tr><th>名称</th><th>数量</th><th>金额</th></tr>"
    "<tr><td>纸</td><td>10</td><td>¥1,200.50</td></tr>"
    "<tr><td>笔</td><td>５</td><td>99.50</td></tr>"
    "<tr><td>合计</td><td>15</td><td>¥1,300.00</td></tr></table>"
)


def codes(result) -> list[str]:
    return sorted(f.code for f in result.findings)


def test_dashscope_answer_with_fences() -> None:
    answer = {"output": {"choices": [{"finish_reason": "stop", "message": {"role": "assistant", "content": [
        {"text": "```html\n<table>\n  <tr>\n    <td>Case name</td>\n    <td>Last load grade: 0%</td>\n"
                 "  </tr>\n</table>\n```"}]}}]}, "request_id": "x"}
    result = normalise_tables(json.dumps(answer))
    assert result.wire_format == "dashscope"
    assert result.findings == []
    assert result.tables[0].values == [["Case name", "Last load grade: 0%"]]


def test_compatible_answer_cut_by_max_tokens() -> None:
    answer = {"choices": [{"finish_reason": "length", "message": {"content": "```html\n<table><tr><td>a</td>"}}]}
    result = normalise_tables(answer)
    assert result.wire_format == "openai"
    assert set(codes(result)) == {"truncated"}
    assert [f.variant for f in result.findings] == ["length", "fence_open", "no_table_close"]


def test_clean_table_that_the_service_says_was_cut_is_still_cut() -> None:
    result = normalise_tables("<table><tr><td>a</td></tr></table>", finish_reason="length")
    assert codes(result) == ["truncated"]


def test_no_markup_is_unparseable() -> None:
    for text in ("", "Sorry, I cannot read this image.", "```html\n```"):
        result = normalise_tables(text)
        assert codes(result) == ["unparseable"] and result.tables == []


def test_unbalanced_tags_in_a_closed_table() -> None:
    result = normalise_tables("<table><tr><td>a<td>b</td></tr></table>")
    assert codes(result) == ["table"]
    assert result.findings[0].variant == "tag_count"
    assert result.findings[0].ctx == {"opened": 2, "tag": "td", "closed": 1}


def test_headers_and_records() -> None:
    table = normalise_tables(INVOICE).tables[0]
    assert (table.header_rows, table.header_rule) == (1, "th")
    assert table.columns == ["名称", "数量", "金额"]
    assert table.records()[0] == {"名称": "纸", "数量": "10", "金额": "¥1,200.50"}


def test_header_inferred_from_text_over_numbers() -> None:
    table = normalise_tables("<table><tr><td>item</td><td>qty</td></tr><tr><td>a</td><td>3</td></tr>"
                             "<tr><td>b</td><td>4</td></tr></table>").tables[0]
    assert (table.header_rows, table.header_rule) == (1, "inferred")
    plain = normalise_tables("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>")
    assert plain.tables[0].header_rows == 0
    assert plain.tables[0].columns == ["column_1", "column_2"]


def test_header_columns() -> None:
    table = normalise_tables("<table><tr><th></th><th>Mon</th></tr><tr><th>AM</th><td>gym</td></tr>"
                             "<tr><th>PM</th><td>work</td></tr></table>").tables[0]
    assert table.header_rows == 1 and table.header_cols == 1


def test_totals_row_checked_against_the_column() -> None:
    result = normalise_tables(INVOICE)
    assert result.findings == []  # 10 + ５ = 15 and 1,200.50 + 99.50 = 1,300.00
    wrong = normalise_tables(INVOICE.replace("¥1,300.00", "¥1,300.10"))
    assert [(f.field, f.code, f.severity) for f in wrong.findings] == [("tables[0].rows[3]", "table", "warning")]
    assert wrong.findings[0].variant == "total_mismatch" and wrong.findings[0].ctx["found"] == "1300.00"


def test_grand_total_after_subtotals() -> None:
    html = ("<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr>"
            "<tr><td>小计</td><td>3</td></tr><tr><td>c</td><td>4</td></tr><tr><td>小计</td><td>4</td></tr>"
            "<tr><td>总计</td><td>{}</td></tr></table>")
    assert normalise_tables(html.format(7)).findings == []
    assert [f.field for f in normalise_tables(html.format(8)).findings] == ["tables[0].rows[6]"]


def test_rowspanned_value_counted_once_in_totals() -> None:
    html = ("<table><tr><th>g</th><th>v</th><th>w</th></tr><tr><td>x</td><td rowspan='2'>5</td><td>1</td></tr>"
            "<tr><td>y</td><td>2</td></tr><tr><td>Total</td><td>5</td><td>3</td></tr></table>")
    assert normalise_tables(html).findings == []


@pytest.mark.parametrize(("text", "value", "decimals", "percent"), [
    ("1,234.50", Decimal("1234.50"), 2, False),
    ("¥1,234.50", Decimal("1234.50"), 2, False),
    ("￥ 88", Decimal(88), 0, False),
    ("１２３", Decimal(123), 0, False),
    ("(12.00)", Decimal("-12.00"), 2, False),
    ("\u221212.5", Decimal("-12.5"), 1, False),
    ("12.5%", Decimal("12.5"), 1, True),
    ("1.234.567,89", Decimal("1234567.89"), 2, False),
    ("12,5", Decimal("12.5"), 1, False),
])
def test_numbers(text: str, value: Decimal, decimals: int, percent: bool) -> None:
    assert parse_number(text) == (value, decimals, percent)


@pytest.mark.parametrize("text", ["", "abc", "12,34,5", "1.2.3", "O0", "合计", "-", "1,2345"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_repeated_rows_flagged_as_a_loop() -> None:
    rows = "<tr><td>x</td><td>1</td></tr>" * 4
    result = normalise_tables(f"<table><tr><th>a</th><th>b</th></tr>{rows}<tr><td>y</td><td>2</td></tr></table>")
    assert [(f.field, f.code) for f in result.findings] == [("tables[0].rows[1]", "table")]
    two = normalise_tables(f"<table><tr><th>a</th><th>b</th></tr>{rows[: len(rows) // 2]}</table>")
    assert two.findings == []


def test_canonical_html_is_idempotent_and_minimal() -> None:
    html = ('<table border="1" class="x"><thead><tr><th style="a" rowspan="2">Key</th><th>V</th></tr></thead>'
            '<tbody><tr><td>one <b>bold</b></td></tr><tr><td colspan="2">a<br>b &amp; c</td></tr></tbody></table>')
    first = normalise_tables(html).tables[0]
    canonical = first.to_html()
    assert canonical == ('<table><thead><tr><th rowspan="2">Key</th><th>V</th></tr></thead><tbody>'
                         '<tr><td>one bold</td></tr><tr><td colspan="2">a<br>b &amp; c</td></tr></tbody></table>')
    again = normalise_tables(canonical).tables[0]
    assert again.to_html() == canonical
    assert again.values == first.values


def test_csv_round_trips_and_guards_formulas() -> None:
    table = normalise_tables('<table><tr><th>a</th><th>b,c</th></tr><tr><td>=1+2</td><td>x<br>"y"</td>'
                             "</tr></table>").tables[0]
    text = table.to_csv(spreadsheet_safe=False)
    assert list(csv.reader(io.StringIO(text))) == [["a", "b,c"], ["=1+2", 'x\n"y"']]
    safe = table.to_csv()  # the default
    assert list(csv.reader(io.StringIO(safe)))[1][0] == "'=1+2"


def test_nfc_stored_nfkc_only_in_keys() -> None:
    table = normalise_tables("<table><tr><td>面积 m²</td><td>ｅ\u0301</td></tr></table>").tables[0]
    assert table.values[0] == ["面积 m²", "ｅ\u0301".replace("\u0301", "\u0301")]  # full width kept
    assert table.values[0][0].endswith("m²")
    assert comparison_key("面积 m²") == "面积m2"
    decomposed = normalise_tables("<table><tr><td>e\u0301</td></tr></table>").tables[0]
    assert decomposed.values == [["\u00e9"]]


def test_empty_and_blank_tables() -> None:
    assert codes(normalise_tables("<table></table>")) == ["table"]
    assert codes(normalise_tables("<table><tr><td> </td><td></td></tr></table>")) == ["table"]


def test_several_tables_reported_as_info() -> None:
    result = normalise_tables("<table><tr><td>a</td></tr></table>\n<table><tr><td>b</td></tr></table>")
    assert len(result.tables) == 2
    assert [(f.code, f.severity) for f in result.findings] == [("table", "info")]


def test_span_slot_kinds() -> None:
    table = normalise_tables("<table><tr><td rowspan=2 colspan=2>A</td><td>b</td></tr>"
                             "<tr><td>c</td></tr></table>").tables[0]
    assert [[s.kind for s in row] for row in table.slots] == [["anchor", "left", "anchor"], ["up", "cross", "anchor"]]
    assert table.values_anchor == [["A", "", "b"], ["", "", "c"]]


def test_slot_cap_stops_expansion() -> None:
    rows = "".join(f'<tr><td colspan="1000">{i}</td></tr>' for i in range(200))
    result = normalise_tables(f"<table>{rows}</table>")
    assert any(f.severity == "error" and f.variant == "too_large" for f in result.findings)


# --- security ------------------------------------------------------------------------------------

def test_active_content_never_reaches_the_canonical_html() -> None:
    html = ('<table onclick="steal()"><tr><td onmouseover="x()"><script>alert(1)</script>ok</td>'
            '<td><a href="javascript:alert(2)">link</a><img src=x onerror="y()"></td>'
            '<td><iframe src="https://evil.example"></iframe>&lt;script&gt;</td></tr></table>')
    result = normalise_tables(html)
    canonical = result.tables[0].to_html()
    for bad in ("<script", "onclick", "onmouseover", "onerror", "javascript:", "<a ", "<img", "<iframe", "alert(1)"):
        assert bad not in canonical
    assert canonical == "<table><tbody><tr><td>ok</td><td>link</td><td>&lt;script&gt;</td></tr></tbody></table>"
    assert [f.code for f in result.findings] == ["table"]
    assert result.findings[0].variant == "active_markup"
    assert {"<script>", "onclick="} <= set(result.findings[0].ctx["found"])


def test_canonical_html_has_only_table_tags() -> None:
    import re

    html = ('<html><head><style>td{}</style></head><body><p>intro</p><table width="5" id="t"><caption>C</caption>'
            '<colgroup><col span="2"></colgroup><tbody class="b"><tr valign="top"><th scope="col">h</th>'
            '<td data-x="1"><div><span>a</span></div></td></tr></tbody><tfoot><tr><td>f</td><td>g</td></tr>'
            "</tfoot></table></body></html>")
    canonical = normalise_tables(html).tables[0].to_html()
    tags = set(re.findall(r"</?([a-z]+)", canonical))
    assert tags <= {"table", "thead", "tbody", "tr", "th", "td", "br"}
    assert set(re.findall(r'\s([a-z]+)="', canonical)) <= {"rowspan", "colspan"}


def test_parser_does_not_expand_entities_or_read_files() -> None:
    html = ('<!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "AAAAAAAAAA">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><table><tr><td>&xxe;&b;</td></tr></table>')
    table = normalise_tables(html).tables[0]
    assert table.values == [["&xxe;&b;"]]
    assert "root:" not in table.to_html()


def test_deep_markup_does_not_crash() -> None:
    html = "<table><tr><td>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</td></tr></table>"
    result = normalise_tables(html)
    assert isinstance(result.findings, list)
