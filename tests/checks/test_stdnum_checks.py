"""stdnum validators registered as checks: published vectors (domain.md §12)."""

from __future__ import annotations

import doctest

import pytest
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.iso7064 import mod_11_10

from ocrcheck.checks import check_names, get_check, stdnum_checks

NAMES = ["luhn", "th_pin", "tr_tckimlik", "in_aadhaar", "mx_curp", "id_nik", "my_nric", "pk_cnic", "in_pan",
         "old_business_registration"]  # fmt: skip

VALID = [
    ("luhn", "79927398713"),
    ("luhn", "784196865703050"),  # Emirates ID
    ("luhn", "784198012345678"),
    ("in_aadhaar", "234123412346"),
    ("in_aadhaar", "499118665246"),
    ("in_aadhaar", "892473528038"),
    ("th_pin", "3100600445635"),
    ("th_pin", "3801300141074"),
    ("th_pin", "1909900064640"),
    ("tr_tckimlik", "10000000146"),
    ("tr_tckimlik", "15973515680"),
    ("tr_tckimlik", "17291716060"),
    ("mx_curp", "BOXW310820HNERXN09"),
    ("mx_curp", "HEGG560427MVZRRL04"),
    ("mx_curp", "CAMP800404HNEHDD03"),
    ("id_nik", "3171011708450001"),
    ("id_nik", "7105102902040439"),
    ("my_nric", "770305021234"),
    ("my_nric", "691206105330"),
    ("pk_cnic", "3420108912318"),
    ("pk_cnic", "4220103976408"),
    ("in_pan", "ACUPA7085R"),
    ("old_business_registration", "110108000000016"),
]

INVALID = [
    ("luhn", "784198212345679"),
    ("in_aadhaar", "234123412347"),
    ("in_aadhaar", "475587669940"),
    ("th_pin", "1234545678789"),
    ("tr_tckimlik", "10000000145"),
    ("tr_tckimlik", "17291716050"),
    ("mx_curp", "BOXW310820HNERXN08"),
    ("id_nik", "7105102902020439"),
    ("my_nric", "771305021234"),
    ("in_pan", "ACUPA0000R"),
    ("old_business_registration", "110108000000017"),
]


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(stdnum_checks, optionflags=flags)
    assert result.attempted >= 4
    assert result.failed == 0


def test_all_registered() -> None:
    assert set(NAMES) <= set(check_names())


@pytest.mark.parametrize(("name", "number"), VALID)
def test_valid(name: str, number: str) -> None:
    assert get_check(name)(number) == number


@pytest.mark.parametrize(("name", "number"), INVALID)
def test_invalid(name: str, number: str) -> None:
    with pytest.raises(ValidationError):
        get_check(name)(number)


def test_old_business_registration_needs_fifteen_digits() -> None:
    # stdnum's mod_11_10 accepts any length; GS15-2006 numbers have 15 digits.
    short = "1101080000000" + mod_11_10.calc_check_digit("1101080000000")
    assert mod_11_10.is_valid(short)
    with pytest.raises(InvalidLength):
        stdnum_checks.validate_old_business_registration(short)
    with pytest.raises(InvalidFormat):
        stdnum_checks.validate_old_business_registration("11010800000001X")
    with pytest.raises(InvalidChecksum):
        stdnum_checks.validate_old_business_registration("110108000000010")
