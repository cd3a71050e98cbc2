"""Electronic bank acceptance bill numbers and CNAPS codes (domain.md §6.2, §13).

Published structure (m.eguotiku.com/q/12388815721.html, zzsla.top/detail/ji3l98f20l.html,
licai.bangqike.com/gupiao/1091262.html; new-generation kinds f504.cn/g86205480.html):
kind (1) + drawer's bank CNAPS code (12) + registration date (8) + daily serial (8) + check (1).
No complete bill number is published (bill numbers identify real bills), so the numbers here are
built from that structure; the bank codes are the 3-digit bank category codes of the same
sources (102 工商银行, 308 招商银行, 402 农村信用合作社) followed by city and branch digits.
"""

from __future__ import annotations

import doctest
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import acceptance_bill, get_check
from ocrcheck.checks._registry import InvalidDate
from ocrcheck.checks.acceptance_bill import bill_bank_code, bill_date

from ..conftest import SUITE_TODAY

check = get_check("bank_acceptance_bill_number")
cnaps = get_check("cnaps_code")


def bill(kind: str = "5", bank: str = "308584000013", day: str = "20240315", serial: str = "00001234") -> str:
    return f"{kind}{bank}{day}{serial}7"


@pytest.mark.parametrize("kind", ["1", "5", "8"])
def test_bank_acceptance_kinds(kind: str) -> None:
    number = bill(kind)
    assert check(number) == number
    assert bill_date(number) == date(2024, 3, 15)
    assert bill_bank_code(number) == "308584000013"


@pytest.mark.parametrize("kind", ["2", "6", "7"])
def test_commercial_kinds_are_not_bank_acceptance_bills(kind: str) -> None:
    with pytest.raises(InvalidComponent, match="commercial"):
        check(bill(kind))


@pytest.mark.parametrize("kind", ["0", "3", "4", "9"])
def test_unknown_kinds(kind: str) -> None:
    with pytest.raises(InvalidComponent, match="not a bill kind"):
        check(bill(kind))


@pytest.mark.parametrize(
    ("number", "error"),
    [
        (bill()[:-1], InvalidLength),
        (bill() + "1", InvalidLength),
        (bill()[:-1] + "X", InvalidFormat),
        (bill(day="20240230"), InvalidDate),
        (bill(day="20241301"), InvalidDate),
        (bill(day="20090101"), InvalidDate),  # before ECDS began (2009-10-28)
        (bill(day=(SUITE_TODAY + timedelta(days=1)).strftime("%Y%m%d")), InvalidDate),
    ],
)
def test_failures(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        check(number)


def test_printed_with_spaces_and_full_width_digits() -> None:
    number = bill()
    spaced = " ".join(number[i : i + 5] for i in range(0, 30, 5))
    assert check(spaced) == number
    assert check("５" + number[1:]) == number


def test_parts_of_malformed_numbers_are_none() -> None:
    assert bill_date("123") is None
    assert bill_bank_code("123") is None
    assert bill_date(bill(day="20240230")) is None


@given(
    st.sampled_from("158"),
    st.sampled_from(["102", "103", "104", "105", "301", "308", "313", "402"]),
    st.from_regex(r"[0-9]{9}", fullmatch=True),
    st.dates(date(2009, 10, 28), SUITE_TODAY),
    st.from_regex(r"[0-9]{9}", fullmatch=True),
)
def test_generated_numbers(kind: str, category: str, rest: str, day: date, tail: str) -> None:
    number = f"{kind}{category}{rest}{day:%Y%m%d}{tail}"
    assert check(number) == number
    assert bill_date(number) == day
    assert bill_bank_code(number) == category + rest
    assert cnaps(category + rest) == category + rest


def test_cnaps_code() -> None:
    assert cnaps("102100099996") == "102100099996"
    with pytest.raises(InvalidLength):
        cnaps("30858400001")
    with pytest.raises(InvalidFormat):
        cnaps("30858400001X")


def test_doctests() -> None:
    result = doctest.testmod(acceptance_bill, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6
    assert result.failed == 0
