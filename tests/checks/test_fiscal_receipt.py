"""财政票据 codes, numbers and check codes; quota invoice denominations (domain.md §4.5, §4.9).

Published structure: the 2020 four-department notice on toll e-bills (票据代码 8 digits, year at
7-8; 票据号码 10 digits). Published denominations (domain.md §4.5): 壹元 贰元 伍元 拾元 贰拾元 伍拾元 壹佰元.
The rest is generated from the structure.
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import fiscal_receipt, get_check, quota_invoice
from ocrcheck.checks._registry import InvalidDate
from ocrcheck.checks.fiscal_receipt import receipt_code_year

from ..conftest import SUITE_TODAY

code = get_check("non_tax_receipt_code")
region = get_check("non_tax_receipt_region")
number = get_check("non_tax_receipt_number")
check_code = get_check("non_tax_check_code")
denomination = get_check("quota_denomination")
NEXT_YEAR = f"{(SUITE_TODAY.year + 1) % 100:02d}"


@pytest.mark.parametrize("value", ["00060124", "11010123", "44 03 01 20", "００060124"])
def test_codes(value: str) -> None:
    assert len(code(value)) == 8


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("0006012", InvalidLength),
        ("000601245", InvalidLength),
        ("0006012A", InvalidFormat),
        ("00060100", InvalidDate),
        (f"000601{NEXT_YEAR}", InvalidDate),
    ],
)
def test_code_failures(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        code(value)


def test_region_is_central_or_a_province() -> None:
    assert region("00060124") == "00060124"
    assert region("65060124") == "65060124"
    for bad in ("99060124", "10060124", "71060124"):  # 71 (Taiwan) has no mainland finance department code here
        with pytest.raises(InvalidComponent):
            region(bad)


def test_receipt_code_year() -> None:
    assert receipt_code_year("00060124") == 2024
    assert receipt_code_year("0006012") is None
    assert receipt_code_year("0006012X") is None


def test_number_and_check_code() -> None:
    assert number("0012345678") == "0012345678"
    with pytest.raises(InvalidLength):
        number("012345678")
    with pytest.raises(InvalidFormat):
        number("001234567O")
    assert check_code(" a1b2c3 ") == "A1B2C3"
    assert check_code("123456") == "123456"
    with pytest.raises(InvalidLength):
        check_code("A1B2C3D")
    with pytest.raises(InvalidFormat):
        check_code("A1B2C-")
    with pytest.raises(InvalidFormat):
        check_code("Ａ1B2C３é")


@given(st.from_regex(r"(00|11|44)[0-9]{4}", fullmatch=True), st.integers(1, SUITE_TODAY.year % 100))
def test_generated_codes(head: str, year: int) -> None:
    value = f"{head}{year:02d}"
    assert code(value) == value
    assert region(value) == value
    assert receipt_code_year(value) == 2000 + year


@pytest.mark.parametrize("value", ["1.00", "2.00", "5.00", "10.00", "20.00", "50.00", "100.00", "¥10", "100"])
def test_published_denominations(value: str) -> None:
    assert denomination(value)


@pytest.mark.parametrize("value", ["3.00", "30.00", "200.00", "0.50", "10.01", "-10.00"])
def test_other_amounts_are_not_denominations(value: str) -> None:
    with pytest.raises(InvalidComponent):
        denomination(value)


def test_denomination_of_text_is_a_format_error() -> None:
    with pytest.raises(InvalidFormat):
        denomination("拾元")


def test_doctests() -> None:
    for module, least in ((fiscal_receipt, 6), (quota_invoice, 3)):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.attempted >= least
        assert result.failed == 0
