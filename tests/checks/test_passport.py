"""PRC passport and permit numbers (domain.md §2.1-2.5): every series, every failure path."""

from __future__ import annotations

import doctest

import pytest
from stdnum.exceptions import InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, passport


@pytest.mark.parametrize(
    "number",
    ["E12345678", "EA0000001", "EZ1234567", "G12345678", "PE1234567", "SE1234567",
     "DE1234567", "P.1234567", "S.1234567", "S12345678", "141234567", "151234567"],
)
def test_cn_passport_series(number: str) -> None:
    assert get_check("cn_passport_number")(number) == number
    assert passport.is_valid(number)


@pytest.mark.parametrize(
    "number",
    ["EI1234567", "EO1234567", "E1234567O", "X12345678", "GA1234567", "161234567",
     "PA1234567", "E1234567I"],
)
def test_cn_passport_wrong_series(number: str) -> None:
    with pytest.raises(InvalidFormat):
        passport.validate(number)
    assert not passport.is_valid(number)


@pytest.mark.parametrize("number", ["E1234567", "E123456789", ""])
def test_cn_passport_wrong_length(number: str) -> None:
    with pytest.raises(InvalidLength):
        passport.validate(number)


def test_compact_folds_full_width_spaces_and_case() -> None:
    assert passport.validate("ｅａ１２３ ４５６７") == "EA1234567"
    assert passport.validate(" e-12345678 ") == "E12345678"


def test_hk_and_macao_passports() -> None:
    check_hk, check_mo = get_check("hk_passport_number"), get_check("mo_passport_number")
    assert check_hk("K12345678") == "K12345678"
    assert check_hk("H12345678") == "H12345678"
    with pytest.raises(InvalidFormat):
        check_hk("KA1234567")
    with pytest.raises(InvalidLength):
        check_hk("K1234567")
    assert check_mo("MA1234567") == "MA1234567"
    with pytest.raises(InvalidFormat):
        check_mo("MB1234567")
    with pytest.raises(InvalidLength):
        check_mo("MA12345678")


@pytest.mark.parametrize("number", ["C12345678", "CA0000001", "CZ1234567"])
def test_eep_numbers(number: str) -> None:
    assert get_check("eep_number")(number) == number


@pytest.mark.parametrize("number", ["CI1234567", "CO1234567", "D12345678", "CA123456A"])
def test_eep_wrong_series(number: str) -> None:
    with pytest.raises(InvalidFormat):
        get_check("eep_number")(number)


@pytest.mark.parametrize(
    ("number", "canonical"),
    [("H12345678", "H12345678"), ("M12345678", "M12345678"), ("H1234567801", "H1234567801"),
     ("H12345678(01)", "H1234567801"), ("HA1234567", "HA1234567"), ("MA1234567", "MA1234567")],
)
def test_home_return_permit(number: str, canonical: str) -> None:
    assert get_check("home_return_permit_number")(number) == canonical


@pytest.mark.parametrize(
    ("number", "error"),
    [("K12345678", InvalidFormat), ("H123456789", InvalidLength), ("HB1234567", InvalidFormat),
     ("H1234567", InvalidLength), ("H123456780A", InvalidFormat)],
)
def test_home_return_permit_failures(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        get_check("home_return_permit_number")(number)


def test_doctests() -> None:
    result = doctest.testmod(passport, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4
    assert result.failed == 0


@pytest.mark.parametrize("number", ["L12345678", "l 1234 5678", "Ｌ１２３４５６７８"])
def test_taiwan_permit_numbers(number: str) -> None:
    assert get_check("taiwan_permit_number")(number) == "L12345678"


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("C12345678", InvalidFormat),
        ("LA1234567", InvalidFormat),
        ("L1234567", InvalidLength),
        ("L123456789", InvalidLength),
    ],
)
def test_taiwan_permit_rejections(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        passport.validate_taiwan_permit(number)
