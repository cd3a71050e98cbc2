"""Invoice codes, numbers, check codes and 数电 numbers (domain.md §4.1, §4.3, §12)."""

from __future__ import annotations

import doctest
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, invoice
from ocrcheck.checks._registry import InvalidDate
from ocrcheck.checks.invoice import digital_invoice_year, invoice_code_year

from ..conftest import SUITE_TODAY
from ._outcome import outcome

code = get_check("vat_invoice_code")
NEXT_YEAR = f"{(SUITE_TODAY.year + 1) % 100:02d}"
THIS_YEAR = f"{SUITE_TODAY.year % 100:02d}"


# The four codes the official verifier hard-codes as electronic general invoices (§12).
@pytest.mark.parametrize("number", ["144031539110", "131001570151", "133011501118", "111001571071"])
def test_verifier_special_codes(number: str) -> None:
    assert code(number) == number
    assert invoice_code_year(number) == 2015


@pytest.mark.parametrize(
    ("number", "year"),
    [
        ("044031900111", 2019),  # 深圳 e-普票
        ("011001800112", 2018),  # 北京 通行费
        ("033021700106", 2017),  # 宁波 roll (卷票)
        ("033021700107", 2017),
        ("032001600104", 2016),  # 普票 2-part
        ("035022000113", 2020),  # 厦门 电子专票
        ("3100153130", 2015),  # 10-digit 专票
        ("4403163360", 2016),  # 10-digit 普票
        ("1100171270", 2017),  # 10-digit 货运
    ],
)
def test_generated_codes(number: str, year: int) -> None:
    assert code(number) == number
    assert invoice_code_year(number) == year
    assert invoice.is_valid(number)


def test_current_year_is_allowed_and_next_year_is_not() -> None:
    assert code(f"03100{THIS_YEAR}00111")
    with pytest.raises(InvalidDate):
        code(f"03100{NEXT_YEAR}00111")
    with pytest.raises(InvalidDate):
        code(f"3100{NEXT_YEAR}3130")


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("03100190011", InvalidLength),
        ("0310019001111", InvalidLength),
        ("03100190011A", InvalidFormat),
        ("231001900111", InvalidComponent),  # first digit 2
        ("031001900199", InvalidComponent),  # kind 99 on a VAT-system code
        ("099001900111", InvalidComponent),  # region 99
        ("031000000111", InvalidDate),  # year 00
        ("3100155430", InvalidComponent),  # 10-digit kind 4
        ("9900153130", InvalidComponent),  # 10-digit region 99
    ],
)
def test_code_failures(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        code(number)


def test_one_prefixed_codes_have_no_kind_constraint() -> None:
    assert code("144031900199") == "144031900199"


def test_code_year_of_malformed_code_is_none() -> None:
    assert invoice_code_year("12345") is None
    assert invoice_code_year("03100190011A") is None


def test_invoice_number() -> None:
    check = get_check("invoice_number")
    assert check("01234567") == "01234567"
    assert check("No 01234567") == "01234567"
    assert check("№：０１２３４５６７") == "01234567"
    with pytest.raises(InvalidLength):
        check("1234567")
    with pytest.raises(InvalidFormat):
        check("1234567A")


def test_check_code() -> None:
    check = get_check("check_code")
    assert check("12345 67890 12345 67890") == "12345678901234567890"
    with pytest.raises(InvalidLength):
        check("1234567890123456789")
    with pytest.raises(InvalidFormat):
        check("1234567890123456789X")


def test_digital_invoice_number() -> None:
    check = get_check("digital_invoice_number")
    number = "24442000000012345678"
    assert check(number) == number
    assert digital_invoice_year(number) == 2024
    with pytest.raises(InvalidDate):
        check("20442000000012345678")  # before 数电 existed
    with pytest.raises(InvalidDate):
        check(NEXT_YEAR + "442000000012345678")
    with pytest.raises(InvalidLength):
        check("2444200000001234567")
    with pytest.raises(InvalidFormat):
        digital_invoice_year("24442000000O12345678")


@given(st.from_regex(r"0(11|31|44)00(1[5-9])[0-9]{3}(04|05|06|07|11|12|13)", fullmatch=True))
def test_structured_codes_always_pass(number: str) -> None:
    assert code(number) == number
    assert 2015 <= (invoice_code_year(number) or 0) <= 2019


def test_doctests() -> None:
    result = doctest.testmod(invoice, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5
    assert result.failed == 0


def test_unicode_digits() -> None:
    # NFKC folds full-width and mathematical digits; other scripts' digits are not figures.
    assert get_check("invoice_number")("０１２３４５６𝟕") == "01234567"
    with pytest.raises(InvalidFormat):
        get_check("invoice_number")("0123456٧")


# Issue 13: `compact` returns ASCII digits as they are; the reference is what it replaced.
def old_compact(number: str) -> str:
    text = unicodedata.normalize("NFKC", number)
    return re.sub(r"^(?:NO\.?|№|No\.?)[:：]?", "", re.sub(r"\s+", "", text), flags=re.IGNORECASE)


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.from_regex(r"[0-9]{0,22}", fullmatch=True), st.text(alphabet="0123456789０１٣ No.№:：\t", max_size=24)
))
def test_compact_as_before(number: str) -> None:
    assert invoice.compact(number) == old_compact(number)
    names = ("vat_invoice_code", "invoice_number", "check_code", "digital_invoice_number", "digital_invoice_region")
    for check in names:
        fast = outcome(get_check(check), number)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(invoice, "compact", old_compact)
            assert fast == outcome(get_check(check), number)
