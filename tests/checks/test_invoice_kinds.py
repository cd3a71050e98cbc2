"""Invoice codes by kind (roll, motor vehicle, general) and the 数电 number's region digits.

Published examples: the four codes the tax bureau's verifier script hard-codes as electronic
general invoices (VerifyInvoice.js `alxd()`, domain.md §12), which are 1-prefixed codes of the
general scheme and not of a motor vehicle invoice; the script's own kind rules (06/07 roll, 8th
digit 2 motor vehicle). The others are generated from the published structure.
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, invoice_kinds
from ocrcheck.checks._registry import InvalidDate

from ..conftest import SUITE_TODAY

roll = get_check("roll_invoice_code")
vehicle = get_check("vehicle_invoice_code")
general = get_check("general_invoice_code")
region = get_check("digital_invoice_region")
NEXT_YEAR = f"{(SUITE_TODAY.year + 1) % 100:02d}"
VERIFIER_CODES = ["144031539110", "131001570151", "133011501118", "111001571071"]


@pytest.mark.parametrize("number", VERIFIER_CODES)
def test_verifier_codes_are_general_codes_but_not_vehicle_or_roll(number: str) -> None:
    assert general(number) == number
    with pytest.raises(InvalidComponent):
        vehicle(number)  # 8th digit 5 / 7 / 0: the script files them as e-invoices, not 机动车
    with pytest.raises(InvalidComponent):
        roll(number)


@pytest.mark.parametrize("number", ["033021700106", "033021700107", "044031900106", "011002300107"])
def test_roll_codes(number: str) -> None:
    assert roll(f" {number[:6]} {number[6:]}") == number


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("044031900111", InvalidComponent),  # electronic general invoice
        ("044031900104", InvalidComponent),  # folded general invoice
        ("144031900106", InvalidComponent),  # a roll code starts with 0
        ("099001900106", InvalidComponent),  # region 99
        ("033020000106", InvalidDate),  # year 00
        (f"03302{NEXT_YEAR}00106", InvalidDate),
        ("03302170010", InvalidLength),
        ("0330217001O6", InvalidFormat),
    ],
)
def test_roll_code_failures(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        roll(number)


@pytest.mark.parametrize("number", ["144031926520", "111001720101", "251011821234"])
def test_vehicle_codes(number: str) -> None:
    assert vehicle(number) == number


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("044031926520", InvalidComponent),  # VAT-system code
        ("144031916520", InvalidComponent),  # 8th digit 1
        ("199031926520", InvalidComponent),  # region 99
        (f"14403{NEXT_YEAR}26520", InvalidDate),
        ("1440319265200", InvalidLength),
    ],
)
def test_vehicle_code_failures(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        vehicle(number)


@pytest.mark.parametrize("number", ["233011870051", "137011970102", "144031809110", "000001800101"])
def test_general_codes(number: str) -> None:
    assert general(number) == number


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("333011870051", InvalidComponent),  # digit 1 is the administration: 0, 1 or 2
        ("299011870051", InvalidComponent),
        ("100001800101", InvalidComponent),  # region 0000 belongs to the national administration (0)
        ("233010070051", InvalidDate),
        ("2330118700", InvalidLength),
    ],
)
def test_general_code_failures(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        general(number)


@given(
    st.sampled_from(["11", "31", "44", "65"]),
    st.from_regex(r"[0-9]{2}", fullmatch=True),
    st.integers(1, SUITE_TODAY.year % 100),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
)
def test_generated_vehicle_codes_pass_every_kind_rule(province: str, city: str, year: int, tail: str) -> None:
    number = f"1{province}{city}{year:02d}2{tail}"
    assert vehicle(number) == number
    assert general(number) == number
    with pytest.raises(InvalidComponent):
        vehicle(number[:7] + "3" + number[8:])


@given(
    st.sampled_from(["11", "21", "33", "44", "54"]),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    st.sampled_from(["06", "07"]),
)
def test_generated_roll_codes(province: str, batch: str, kind: str) -> None:
    number = f"0{province}0018{batch}{kind}"
    assert roll(number) == number
    assert get_check("vat_invoice_code")(number) == number  # a roll code is a VAT-system code too


def test_digital_invoice_region() -> None:
    assert region("24442000000123456789") == "24442000000123456789"
    assert region("25 31 1 000000000004321") == "25311000000000004321"
    with pytest.raises(InvalidComponent):
        region("24992000000123456789")
    with pytest.raises(InvalidComponent):
        region("24002000000123456789")
    with pytest.raises(InvalidLength):
        region("2444200000012345678")


def test_doctests() -> None:
    result = doctest.testmod(invoice_kinds, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6
    assert result.failed == 0
