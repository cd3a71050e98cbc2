"""VAT invoice cross-field rules through `ocrcheck.pipeline.check` (domain.md §1.7, §1.8, §4.1, §4.2).

Invoices are built from their lines: totals and the amount in words are computed here, so each
test breaks exactly one relation and sees exactly the finding it expects.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ocrcheck.checks.amount_in_words import to_words
from ocrcheck.crossfield import get_rule, rule_names
from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.crossfield.invoice import RATE_WINDOWS, item_amount, item_tax
from ocrcheck.pipeline import check

BUYER = "91110108MA01R7W404"
SELLER = "91440300MA5FT3K2XX"


def line(quantity: str | None, price: str | None, amount: str, rate: str, tax: str, name: str = "*服务*费用") -> dict:
    return {
        "name": name,
        "quantity": quantity,
        "unit_price": price,
        "amount": amount,
        "tax_rate": rate,
        "tax_amount": tax,
    }


def _money(value: str) -> Decimal:
    return Decimal(0) if set(value) == {"*"} else Decimal(value)


def invoice(*items: dict, date: str = "2021-06-18", code: str = "044032110011", **over: Any) -> dict:
    """A consistent invoice around `items`; keyword arguments override any field afterwards."""
    excl = sum((_money(i["amount"]) for i in items), Decimal(0))
    tax = sum((_money(i["tax_amount"]) for i in items), Decimal(0))
    doc = {
        "invoice_code": code,
        "invoice_number": "03915862",
        "issue_date": date,
        "check_code": "61873052946183025718",
        "buyer_name": "示例科技（北京）有限公司",
        "buyer_tax_id": BUYER,
        "seller_name": "深圳市示例商贸有限公司",
        "seller_tax_id": SELLER,
        "items": list(items),
        "total_excl_tax": f"{excl:.2f}",
        "total_tax": f"{tax:.2f}",
        "total_amount": f"{excl + tax:.2f}",
        "total_amount_in_words": "⊗" + to_words(excl + tax).replace("元", "圆"),
    }
    doc.update(over)
    return doc


CLEAN = invoice(
    line("10", "226.548672566372", "2265.49", "13%", "294.51", "*办公用品*打印纸"),
    line("5", "88.50", "442.48", "13%", "57.52", "*计算机配套产品*鼠标"),
    line("1", "943.396226415094", "943.40", "6%", "56.60", "*信息技术服务*维护费"),
)


def found(result) -> set[tuple[str, str, str]]:
    return {(f.field, f.code, f.severity) for f in result.findings}


def test_rules_are_registered() -> None:
    names = set(rule_names())
    assert {
        "item_amount",
        "item_tax",
        "items_sum",
        "total_is_sum",
        "amount_in_words_matches",
        "invoice_code_year",
        "vat_rate_for_date",
    } <= names


def test_clean_invoice_with_13_and_6_percent_lines_passes() -> None:
    result = check("cn_vat_invoice", CLEAN)
    assert result.status == "pass", result.findings
    assert result.findings == []
    assert result.fields["total_amount"] == "4060.00"
    assert result.fields["total_amount_in_words"] == CLEAN["total_amount_in_words"]  # words stay words
    assert [i["tax_rate"] for i in result.fields["items"]] == ["0.13", "0.13", "0.06"]


# ------------------------------------------------------------------------------ item_amount


@pytest.mark.parametrize(
    ("quantity", "price", "amount", "ok"),
    [
        ("1", "100.00", "100.01", True),  # 0.01 is the floor of the tolerance
        ("1", "100.00", "100.02", False),
        ("10", "8.85", "88.45", True),  # price shown to 2 places: 10 × 0.005 + 0.005 = 0.055 allowed
        ("10", "8.85", "88.44", False),
        ("10", "8.849557522124", "88.50", True),
        ("10", "8.849557522124", "88.51", False),  # 0.0144 off: a many-decimal price allows 0.01
        ("-1", "100", "-100.00", True),  # red-letter (negative) invoice
        ("3", "33.3", "100.05", True),  # 33.3 may be 33.25..33.35: 3 × 0.05 + 0.005 allowed
        ("3", "33.3", "100.06", False),
    ],
)
def test_item_amount_tolerance(quantity: str, price: str, amount: str, ok: bool) -> None:
    tax = (Decimal(amount) * Decimal("0.13")).quantize(Decimal("0.01"))
    result = check("cn_vat_invoice", invoice(line(quantity, price, amount, "13%", f"{tax}")))
    assert (("items[0].amount", "mismatch", "error") in found(result)) is not ok, result.findings
    assert result.status == ("pass" if ok else "review")


def test_item_amount_beyond_tolerance_names_the_line() -> None:
    doc = invoice(
        line("2", "50", "100.00", "13%", "13.00"),
        line("4", "25.00", "100.05", "13%", "13.01"),
    )
    result = check("cn_vat_invoice", doc)
    assert found(result) == {("items[1].amount", "mismatch", "error")}
    finding = result.findings[0]
    assert finding.variant == "item_amount"
    assert (finding.ctx["product"], finding.ctx["amount"]) == ("100.00", "100.05")
    assert finding.rule == "item_amount"


def test_item_amount_skips_lines_without_quantity_or_price() -> None:
    result = check("cn_vat_invoice", invoice(line(None, None, "100.00", "6%", "6.00")))
    assert result.status == "pass", result.findings


def test_item_amount_returns_nothing_for_absent_items() -> None:
    params = RuleParams(
        "item_amount", "error", {"quantity": "items[].quantity", "unit_price": "items[].unit_price",
                                 "amount": "items[].amount"}
    )
    assert item_amount({}, params) == []
    assert item_amount({"items": [{"quantity": "1"}]}, params) == []


# --------------------------------------------------------------------------------- item_tax


@pytest.mark.parametrize(
    ("amount", "rate", "tax", "ok"),
    [
        ("100.50", "13%", "13.07", True),  # 13.065 rounds half up to 13.07
        ("100.50", "13%", "13.06", True),  # 0.01 either way is tax-software rounding
        ("100.50", "13%", "13.08", True),
        ("100.50", "13%", "13.05", False),
        ("100.50", "13%", "13.09", False),
        ("943.40", "6%", "56.60", True),
        ("1000.00", "0%", "0.00", True),
        ("1000.00", "0%", "***", True),
    ],
)
def test_item_tax_tolerance(amount: str, rate: str, tax: str, ok: bool) -> None:
    result = check("cn_vat_invoice", invoice(line(None, None, amount, rate, tax)))
    assert (("items[0].tax_amount", "mismatch", "error") in found(result)) is not ok, result.findings


@pytest.mark.parametrize("rate", ["免税", "不征税"])
@pytest.mark.parametrize(("tax", "ok"), [("***", True), ("0.00", True), ("0", True), ("5.00", False)])
def test_exempt_line_tax_is_zero_or_stars(rate: str, tax: str, ok: bool) -> None:
    result = check("cn_vat_invoice", invoice(line("50", "6.00", "300.00", rate, tax)))
    assert (("items[0].tax_amount", "mismatch", "error") in found(result)) is not ok, result.findings
    if ok:
        assert result.status == "pass", result.findings


def test_taxed_line_with_stars_is_a_mismatch() -> None:
    doc = invoice(line(None, None, "100.00", "13%", "***"))
    result = check("cn_vat_invoice", doc)
    assert ("items[0].tax_amount", "mismatch", "error") in found(result)


def test_partly_starred_tax_is_a_schema_finding_not_a_number() -> None:
    doc = invoice(line(None, None, "100.00", "13%", "13.00"))
    doc["items"][0]["tax_amount"] = "1*.00"
    result = check("cn_vat_invoice", doc)
    assert ("items[0].tax_amount", "schema", "error") in found(result)


# ------------------------------------------------------------------- items_sum, total_is_sum


def test_items_sum_names_each_total_that_disagrees() -> None:
    lines = (line(None, None, "100.00", "13%", "13.00"), line(None, None, "50.00", "6%", "3.00"))
    assert check("cn_vat_invoice", invoice(*lines)).status == "pass"

    excl_off = invoice(*lines, total_excl_tax="150.01", total_amount="166.01",
                       total_amount_in_words="壹佰陆拾陆圆零壹分")
    assert found(check("cn_vat_invoice", excl_off)) == {("total_excl_tax", "mismatch", "error")}

    tax_off = invoice(*lines, total_tax="15.99", total_amount="165.99", total_amount_in_words="壹佰陆拾伍圆玖角玖分")
    assert found(check("cn_vat_invoice", tax_off)) == {("total_tax", "mismatch", "error")}


def test_items_sum_treats_stars_as_no_tax() -> None:
    doc = invoice(line(None, None, "100.00", "13%", "13.00"), line("1", "20", "20.00", "免税", "***"))
    assert doc["total_tax"] == "13.00"
    assert check("cn_vat_invoice", doc).status == "pass"
    assert check("cn_vat_invoice", {**doc, "total_tax": "***", "total_amount": "120.00",
                                    "total_amount_in_words": "壹佰贰拾圆整"}).status == "review"


def test_items_sum_is_silent_when_a_line_amount_is_already_reported() -> None:
    doc = invoice(line(None, None, "100.00", "13%", "13.00"), line(None, None, "50.00", "13%", "6.50"))
    doc["items"][1]["amount"] = "5?.00"
    assert found(check("cn_vat_invoice", doc)) == {("items[1].amount", "illegible", "error")}


def test_total_is_sum_exact_to_the_fen() -> None:
    doc = invoice(line(None, None, "100.00", "13%", "13.00"))
    off = {**doc, "total_amount": "113.01", "total_amount_in_words": "壹佰壹拾叁圆零壹分"}
    result = check("cn_vat_invoice", off)
    assert found(result) == {("total_amount", "mismatch", "error")}
    assert result.findings[0].variant == "total_sum"
    assert (result.findings[0].ctx["expected"], result.findings[0].ctx["total"]) == ("113.00", "113.01")


# ------------------------------------------------------------------------- amount in words


@pytest.mark.parametrize(
    "words", ["⊗壹佰壹拾叁圆整", "ⓧ壹佰壹拾叁圆正", "壹佰壹拾叁元整", "人民币壹佰壹拾叁元", "⊗ 壹佰壹拾叁圆整"]
)
def test_words_in_invoice_forms_match(words: str) -> None:
    doc = invoice(line(None, None, "100.00", "13%", "13.00"), total_amount_in_words=words)
    result = check("cn_vat_invoice", doc)
    assert result.status == "pass", result.findings


def test_words_that_say_another_amount_are_a_mismatch_on_the_words() -> None:
    doc = invoice(line(None, None, "100.00", "13%", "13.00"), total_amount_in_words="⊗壹佰壹拾肆圆整")
    result = check("cn_vat_invoice", doc)
    assert found(result) == {("total_amount_in_words", "mismatch", "error")}
    assert result.findings[0].variant == "words_amount" and result.findings[0].ctx["said"] == "114.00"


def test_unreadable_words_are_the_field_checks_finding_only() -> None:
    doc = invoice(line(None, None, "100.00", "13%", "13.00"), total_amount_in_words="一百一十三元整")
    assert found(check("cn_vat_invoice", doc)) == {("total_amount_in_words", "format", "error")}


def test_amount_in_words_rule_parses_words_it_is_given_directly() -> None:
    rule = get_rule("amount_in_words_matches")
    params = RuleParams(rule.name, "error", {"words": "w", "amount": "a"})
    assert rule.func({"w": "⊗壹拾圆整", "a": "10.00"}, params) == []
    assert [f.field for f in rule.func({"w": "⊗壹拾圆整", "a": "10.01"}, params)] == ["w"]
    assert rule.func({"w": "not words", "a": "10.01"}, params) == []


# ------------------------------------------------------------------------ invoice_code_year


@pytest.mark.parametrize(
    ("code", "date", "ok"),
    [
        ("044032110011", "2021-01-01", True),  # 12 digits, year in digits 6-7
        ("044032010011", "2021-06-18", True),  # codes are printed in advance: older is fine
        ("044032210011", "2021-12-31", False),
        ("4403211130", "2021-06-18", True),  # 10 digits, year in digits 5-6
        ("4403221130", "2021-06-18", False),
    ],
)
def test_invoice_code_year_not_after_issue_year(code: str, date: str, ok: bool) -> None:
    doc = invoice(line(None, None, "100.00", "13%", "13.00"), code=code, date=date)
    result = check("cn_vat_invoice", doc)
    assert (("invoice_code", "mismatch", "error") in found(result)) is not ok, result.findings


# ------------------------------------------------------------------------ vat_rate_for_date


@pytest.mark.parametrize(
    ("rate", "date", "ok"),
    [
        ("17%", "2018-04-30", True),
        ("17%", "2018-05-01", False),
        ("11%", "2018-04-30", True),
        ("16%", "2018-05-01", True),
        ("16%", "2019-03-31", True),
        ("16%", "2019-04-01", False),
        ("10%", "2018-04-30", False),
        ("13%", "2019-03-31", False),
        ("13%", "2019-04-01", True),
        ("13%", "2017-06-30", True),  # the old low rate, merged into 11 % on 2017-07-01
        ("13%", "2017-07-01", False),
        ("9%", "2019-04-01", True),
        ("9%", "2019-03-31", False),
        ("6%", "2012-01-01", True),
        ("3%", "2024-01-01", True),
        ("1%", "2023-01-01", True),
        ("0%", "2023-01-01", True),
        ("7%", "2023-01-01", False),  # not a rate at all
    ],
)
def test_vat_rate_for_date_warns(rate: str, date: str, ok: bool) -> None:
    amount = Decimal("100.00")
    tax = (amount * Decimal(rate.rstrip("%")) / 100).quantize(Decimal("0.01"))
    code = f"04403{date[2:4]}10011"  # a code of the issue year
    doc = invoice(line(None, None, f"{amount}", rate, f"{tax}"), code=code, date=date)
    result = check("cn_vat_invoice", doc)
    assert (("items[0].tax_rate", "mismatch", "warning") in found(result)) is not ok, result.findings
    assert result.status == "pass", result.findings  # a warning never sends it to review


def test_rate_windows_cover_the_timeline_of_domain_1_8() -> None:
    assert set(RATE_WINDOWS) >= {Decimal(r) for r in ("0.17", "0.16", "0.13", "0.11", "0.10", "0.09", "0.06",
                                                      "0.05", "0.03", "0.01", "0")}


# ---------------------------------------------------------------------------- tax ids


def test_question_mark_in_buyer_tax_id_gets_a_repair_suggestion() -> None:
    result = check("cn_vat_invoice", {**CLEAN, "buyer_tax_id": "91110108MA01R7?404"})
    assert found(result) == {("buyer_tax_id", "illegible", "error")}
    assert result.findings[0].suggestion == BUYER


def test_wrong_tax_id_check_character_is_a_checksum_error() -> None:
    result = check("cn_vat_invoice", {**CLEAN, "seller_tax_id": SELLER[:-1] + "1"})
    assert found(result) == {("seller_tax_id", "checksum", "error")}


@pytest.mark.parametrize("legacy", ["110108600037341", "11010519491231002X01", "11010549123100201"])
def test_legacy_tax_id_is_a_warning_only(legacy: str) -> None:
    result = check("cn_vat_invoice", {**CLEAN, "buyer_tax_id": legacy})
    assert found(result) == {("buyer_tax_id", "format", "warning")}
    assert result.status == "pass"


def test_legacy_tax_id_with_a_broken_embedded_code_is_a_checksum_warning() -> None:
    result = check("cn_vat_invoice", {**CLEAN, "buyer_tax_id": "110108600037342"})
    assert found(result) == {("buyer_tax_id", "checksum", "warning")}


def test_tax_id_of_another_length_is_an_error() -> None:
    result = check("cn_vat_invoice", {**CLEAN, "buyer_tax_id": "9111010860003734"})
    assert found(result) == {("buyer_tax_id", "format", "error")}


def test_individual_buyer_with_resident_id_number_passes() -> None:
    result = check("cn_vat_invoice", {**CLEAN, "buyer_name": "张三", "buyer_tax_id": "11010519491231002X"})
    assert result.status == "pass", result.findings
    assert result.findings == []


# ---------------------------------------------------------------- generated lines (hypothesis)

ITEM_PARAMS = RuleParams(
    "item_amount",
    "error",
    {"quantity": "items[].quantity", "unit_price": "items[].unit_price", "amount": "items[].amount"},
)
TAX_PARAMS = RuleParams(
    "item_tax",
    "error",
    {"amount": "items[].amount", "tax_rate": "items[].tax_rate", "tax_amount": "items[].tax_amount"},
)
CENT = Decimal("0.01")


@st.composite
def priced_lines(draw: st.DrawFn) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(quantity, unrounded price, printed price, tolerance) as the tax software prints them."""
    quantity = Decimal(draw(st.integers(1, 10_000))) / Decimal(10) ** draw(st.integers(0, 3))
    price = Decimal(draw(st.integers(1, 10**9))) / Decimal(10) ** 6
    places = draw(st.integers(2, 8))
    printed = price.quantize(Decimal(1).scaleb(-places))
    tolerance = max(CENT, quantity * Decimal("0.5") * Decimal(1).scaleb(-places) + Decimal("0.005"))
    return quantity, price, printed, tolerance


@settings(max_examples=1000)
@given(priced_lines())
# The amount is rounded too: 16.91 × 340.397622 = 5756.12, the price printed 340.398 (0.01018 off).
@example((Decimal("16.91"), Decimal("340.397622"), Decimal("340.398"), Decimal(0)))
@example((Decimal("342.3"), Decimal("254.727558"), Decimal("254.7276"), Decimal(0)))
def test_generated_lines_printed_by_the_software_pass(line_: tuple[Decimal, Decimal, Decimal, Decimal]) -> None:
    quantity, price, printed, _ = line_
    amount = (quantity * price).quantize(CENT, "ROUND_HALF_UP")
    fields = {"items": [{"quantity": str(quantity), "unit_price": str(printed), "amount": str(amount)}]}
    assert item_amount(fields, ITEM_PARAMS) == []


@given(priced_lines(), st.sampled_from([-1, 1]))
def test_generated_lines_off_beyond_tolerance_fail(line_: tuple[Decimal, Decimal, Decimal, Decimal], sign: int) -> None:
    quantity, _, printed, tolerance = line_
    exact = quantity * printed
    amount = (exact + sign * (tolerance + CENT)).quantize(CENT, "ROUND_UP" if sign > 0 else "ROUND_DOWN")
    fields = {"items": [{"quantity": str(quantity), "unit_price": str(printed), "amount": str(amount)}]}
    assert [f.field for f in item_amount(fields, ITEM_PARAMS)] == ["items[0].amount"]


@given(st.integers(-10**9, 10**9), st.sampled_from(["0.13", "0.09", "0.06", "0.03", "0.01", "0.16", "0.17"]),
       st.integers(-3, 3))
def test_generated_tax_within_a_cent_passes_and_beyond_fails(cents: int, rate: str, off: int) -> None:
    amount = Decimal(cents) / 100
    expected = (amount * Decimal(rate)).quantize(CENT, "ROUND_HALF_UP")
    tax = expected + off * CENT
    fields = {"items": [{"amount": str(amount), "tax_rate": rate, "tax_amount": str(tax)}]}
    assert (item_tax(fields, TAX_PARAMS) == []) is (abs(off) <= 1)
