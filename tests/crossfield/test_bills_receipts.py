"""Cross-field rules of bank acceptance bills, fiscal receipts and tax certificates.

Term limits (domain.md §6.2): ≤ 6 calendar months from issue for bills issued from 2023-01-01
(《商业汇票承兑、贴现与再贴现管理办法》 art. 4, gaodun.com/chuji/1701463.html), ≤ 1 year before
(chaxiaohao.com, the 2009 electronic bill rules).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrcheck.crossfield import get_rule
from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.crossfield.bills import add_months, longest_due_date
from ocrcheck.pipeline import check

BANK = "308584000013"


def number(day: date, kind: str = "5", bank: str = BANK) -> str:
    return f"{kind}{bank}{day:%Y%m%d}000012347"


def bill(issued: date, due: date, accepted: date | None = None, **over: str) -> dict:
    doc = {
        "bill_number": number(issued),
        "issue_date": issued.isoformat(),
        "due_date": due.isoformat(),
        "acceptance_date": (accepted or issued).isoformat(),
        "drawer_name": "深圳市示例商贸有限公司",
        "drawer_bank_code": BANK,
        "payee_name": "示例科技（北京）有限公司",
        "acceptor_name": "招商银行股份有限公司深圳分行",
        "total_amount": "100000.00",
        "total_amount_in_words": "壹拾万元整",
    }
    doc.update(over)
    return doc


def found(result) -> set[tuple[str, str]]:
    return {(f.field, f.code) for f in result.findings if f.severity in ("error", "warning")}


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2023, 3, 31), 6, date(2023, 9, 30)),
        (date(2024, 1, 15), 6, date(2024, 7, 15)),
        (date(2024, 7, 31), 6, date(2025, 1, 31)),
        (date(2024, 12, 1), 1, date(2025, 1, 1)),
    ],
)
def test_add_months(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


@pytest.mark.parametrize(
    ("issued", "due", "code"),
    [
        (date(2024, 3, 15), date(2024, 9, 15), None),
        (date(2024, 3, 15), date(2024, 9, 16), "range"),
        (date(2023, 8, 31), date(2024, 2, 29), None),
        (date(2023, 8, 31), date(2024, 3, 1), "range"),
        (date(2023, 1, 1), date(2023, 7, 1), None),  # first day of the 6-month rule
        (date(2023, 1, 1), date(2023, 7, 2), "range"),
        (date(2022, 12, 31), date(2023, 12, 31), None),  # issued the day before: 1 year
        (date(2022, 12, 31), date(2024, 1, 1), "range"),
        (date(2024, 3, 15), date(2024, 3, 15), "date"),  # due on the day of issue
        (date(2024, 3, 15), date(2024, 3, 1), "date"),
    ],
)
def test_bill_term(issued: date, due: date, code: str | None) -> None:
    result = check("cn_bank_acceptance_bill", bill(issued, due))
    want = set() if code is None else {("due_date", code)}
    assert found(result) == want, result.findings


@given(st.dates(date(2010, 1, 1), date(2030, 12, 31)), st.integers(1, 400))
def test_generated_terms(issued: date, days: int) -> None:
    rule = get_rule("bill_term")
    params = RuleParams("bill_term", "error", {"issue_date": "i", "due_date": "d"})
    due = issued + timedelta(days=days)
    findings = rule.func({"i": issued.isoformat(), "d": due.isoformat()}, params)
    limit = 6 if issued >= date(2023, 1, 1) else 12
    assert (findings == []) is (due <= add_months(issued, limit))
    assert longest_due_date(issued) == add_months(issued, limit)


def test_number_date_and_bank_must_match_the_printed_fields() -> None:
    issued = date(2024, 3, 15)
    ok = check("cn_bank_acceptance_bill", bill(issued, date(2024, 6, 15)))
    assert found(ok) == set(), ok.findings
    other_day = bill(issued, date(2024, 6, 15), bill_number=number(date(2024, 3, 14)))
    assert found(check("cn_bank_acceptance_bill", other_day)) == {("bill_number", "mismatch")}
    other_bank = bill(issued, date(2024, 6, 15), drawer_bank_code="102100099996")
    assert found(check("cn_bank_acceptance_bill", other_bank)) == {("drawer_bank_code", "mismatch")}


def test_acceptance_within_issue_and_due() -> None:
    issued, due = date(2024, 3, 15), date(2024, 6, 15)
    for accepted, want in [
        (issued, set()),
        (due, set()),
        (issued - timedelta(days=1), {("acceptance_date", "date")}),
        (due + timedelta(days=1), {("due_date", "date")}),
    ]:
        assert found(check("cn_bank_acceptance_bill", bill(issued, due, accepted))) == want, accepted


# ------------------------------------------------------------------ receipts and certificates


@pytest.mark.parametrize(("code", "day", "ok"), [("00060124", "2024-01-01", True), ("00060124", "2023-12-31", False),
                                                  ("00060123", "2024-06-01", True)])
def test_receipt_code_year(code: str, day: str, ok: bool) -> None:
    rule = get_rule("receipt_code_year")
    params = RuleParams("receipt_code_year", "error", {"code": "c", "date": "d"})
    assert (rule.func({"c": code, "d": day}, params) == []) is ok
    assert rule.func({"c": "0006", "d": day}, params) == []


def test_item_date_order_names_the_line() -> None:
    rule = get_rule("item_date_order")
    params = RuleParams("item_date_order", "error", {"earlier": "items[].start", "later": "items[].end"})
    fields = {"items": [{"start": "2024-01-01", "end": "2024-01-31"}, {"start": "2024-02-01", "end": "2024-01-31"},
                        {"start": "2024-02-01", "end": "2024-02-01"}, {"start": None, "end": "2024-01-01"}]}
    findings = rule.func(fields, params)
    assert [(f.field, f.code) for f in findings] == [("items[1].end", "date")]


@given(st.dates(date(2000, 1, 1), date(2030, 12, 31)), st.integers(-40, 40))
def test_generated_periods(start: date, days: int) -> None:
    rule = get_rule("item_date_order")
    params = RuleParams("item_date_order", "error", {"earlier": "items[].start", "later": "items[].end"})
    end = start + timedelta(days=days)
    fields = {"items": [{"start": start.isoformat(), "end": end.isoformat()}]}
    assert (rule.func(fields, params) == []) is (days >= 0)
