"""Cross-field rules of the catalogue's invoices: 数电 year, top-level price + tax, rates by date.

Rate dates (domain.md §1.8): 17/11 % until 2018-04-30 (财税〔2018〕32号), 16/10 % until
2019-03-31, 13/9 % since 2019-04-01 (2019年第39号公告); 1 % for small-scale taxpayers from
2020-03-01 (财政部 税务总局公告2020年第13号) to 2022-03-31 and 2023-01-01 to 2027-12-31 (公告2023年
第1号, 第19号); 3 % since 2009-01-01.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrcheck.crossfield import get_rule
from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.pipeline import check

CENT = Decimal("0.01")


def found(result) -> set[tuple[str, str, str]]:
    return {(f.field, f.code, f.severity) for f in result.findings}


def vehicle_invoice(excl: str, rate: str, tax: str, date: str = "2024-03-15", code: str = "144032326520") -> dict:
    total = Decimal(excl) + Decimal(tax)
    from ocrcheck.checks.amount_in_words import to_words

    return {
        "invoice_code": code,
        "invoice_number": "01287734",
        "issue_date": date,
        "buyer_name": "张三",
        "buyer_tax_id": "11010519491231002X",
        "vin": "LSVAU2186P2183294",
        "seller_name": "深圳市示例汽车销售服务有限公司",
        "seller_tax_id": "91440300MA5FT3K2XX",
        "total_excl_tax": excl,
        "tax_rate": rate,
        "total_tax": tax,
        "total_amount": f"{total:.2f}",
        "total_amount_in_words": to_words(total),
    }


# ------------------------------------------------------------------- 数电 number ↔ issue year


@pytest.mark.parametrize(
    ("number", "date", "ok"),
    [
        ("24442000000123456789", "2024-01-01", True),
        ("24442000000123456789", "2024-12-31", True),
        ("24442000000123456789", "2025-01-01", False),  # issued in 2025 with a 2024 number
        ("25442000000123456789", "2024-12-31", False),
    ],
)
def test_digital_invoice_year(number: str, date: str, ok: bool) -> None:
    rule = get_rule("digital_invoice_year")
    params = RuleParams("digital_invoice_year", "error", {"number": "n", "date": "d"})
    findings = rule.func({"n": number, "d": date}, params)
    assert (findings == []) is ok
    assert all(f.field == "n" and f.code == "mismatch" for f in findings)


def test_digital_invoice_year_ignores_what_its_field_checks_report() -> None:
    rule = get_rule("digital_invoice_year")
    params = RuleParams("digital_invoice_year", "error", {"number": "n", "date": "d"})
    assert rule.func({"n": "2444", "d": "2024-01-01"}, params) == []
    assert rule.func({"n": None, "d": "2024-01-01"}, params) == []
    assert rule.func({"n": "24442000000123456789", "d": None}, params) == []


@given(st.integers(2021, 2030), st.integers(2021, 2030))
def test_generated_digital_years(number_year: int, issue_year: int) -> None:
    rule = get_rule("digital_invoice_year")
    params = RuleParams("digital_invoice_year", "error", {"number": "n", "date": "d"})
    number = f"{number_year % 100:02d}442000000123456789"
    assert (rule.func({"n": number, "d": f"{issue_year}-06-30"}, params) == []) is (number_year == issue_year)


# ------------------------------------------------------------- top-level price, rate and tax


def test_vehicle_invoice_clean_passes() -> None:
    result = check("cn_vehicle_sales_invoice", vehicle_invoice("176991.15", "13%", "23008.85"))
    assert result.status == "pass", result.findings
    assert found(result) == set()


def test_vehicle_invoice_tax_off_by_more_than_a_fen() -> None:
    result = check("cn_vehicle_sales_invoice", vehicle_invoice("176991.14", "13%", "23008.86"))  # 23008.85 ± 0.01
    assert result.status == "pass", result.findings
    result = check("cn_vehicle_sales_invoice", vehicle_invoice("176991.13", "13%", "23008.87"))
    assert found(result) == {("total_tax", "mismatch", "error")}


@pytest.mark.parametrize(
    ("rate", "date", "ok"),
    [
        ("17%", "2018-04-30", True),
        ("17%", "2018-05-01", False),
        ("16%", "2018-05-01", True),
        ("16%", "2019-04-01", False),
        ("13%", "2019-03-31", False),
        ("13%", "2019-04-01", True),
        ("9%", "2019-04-01", True),
        ("10%", "2019-03-31", True),
        ("3%", "2024-03-15", True),
        ("1%", "2020-02-29", False),  # the 1 % levy began on 2020-03-01
        ("1%", "2020-03-01", True),
        ("1%", "2022-03-31", True),
        ("1%", "2022-04-01", False),  # 3 % sales exempt instead until the end of 2022
        ("1%", "2023-01-01", True),
        ("1%", "2025-06-30", True),
    ],
)
def test_rate_not_in_force_is_an_error_on_the_vehicle_invoice(rate: str, date: str, ok: bool) -> None:
    excl = Decimal("100000.00")
    tax = (excl * Decimal(rate.rstrip("%")) / 100).quantize(CENT)
    doc = vehicle_invoice(f"{excl}", rate, f"{tax}", date=date, code=f"14403{date[2:4]}26520")
    result = check("cn_vehicle_sales_invoice", doc, as_of="2025-12-31")  # after every date above
    assert (("tax_rate", "mismatch", "error") in found(result)) is not ok, result.findings
    assert (result.status == "pass") is ok


@pytest.mark.parametrize(("rate", "date", "ok"), [("0.01", "2027-12-31", True), ("0.01", "2028-01-01", False),
                                                 ("0.03", "2008-12-31", False), ("0.03", "2009-01-01", True)])
def test_rate_window_edges_at_rule_level(rate: str, date: str, ok: bool) -> None:
    rule = get_rule("vat_rate_for_date")
    params = RuleParams("vat_rate_for_date", "error", {"rate": "r", "date": "d"})
    assert (rule.func({"r": rate, "d": date}, params) == []) is ok


def test_the_vat_invoice_keeps_the_rate_rule_a_warning() -> None:
    from tests.crossfield.test_invoice import invoice, line

    doc = invoice(line(None, None, "100.00", "1%", "1.00"), date="2019-06-10", code="044031910011")
    result = check("cn_vat_invoice", doc)
    assert ("items[0].tax_rate", "mismatch", "warning") in found(result)
    assert result.status == "pass"


@given(st.integers(1, 10**9), st.sampled_from(["0.13", "0.09", "0.06", "0.03"]), st.integers(-3, 3))
def test_generated_top_level_tax(cents: int, rate: str, off: int) -> None:
    rule = get_rule("item_tax")
    params = RuleParams("item_tax", "error", {"amount": "a", "tax_rate": "r", "tax_amount": "t"})
    amount = Decimal(cents) / 100
    tax = (amount * Decimal(rate)).quantize(CENT, "ROUND_HALF_UP") + off * CENT
    findings = rule.func({"a": str(amount), "r": rate, "t": str(tax)}, params)
    assert (findings == []) is (abs(off) <= 1)
    assert all(f.field == "t" for f in findings)
