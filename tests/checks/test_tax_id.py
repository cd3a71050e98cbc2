"""Taxpayer numbers on invoices: the credit code, and the legacy 15/17/20-character forms."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from ocrcheck.checks import credit_code, get_check, tax_id

FLAGS = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS


def test_doctests() -> None:
    result = doctest.testmod(tax_id, optionflags=FLAGS)
    assert result.attempted >= 7
    assert result.failed == 0


def test_registered() -> None:
    assert get_check("tax_id") is tax_id.validate
    assert get_check("tax_id_structure") is tax_id.validate_structure


@pytest.mark.parametrize("code", ["91110000600037341L", "N2330105MF12345676"])
def test_credit_codes_are_tax_ids(code: str) -> None:
    assert tax_id.validate(code) == code
    assert tax_id.validate_structure(code) == code


def test_synthetic_y_code_is_mod31_valid_but_its_organisation_code_is_not() -> None:
    # domain.md §12 lists it as MOD 31 valid only; its GB 11714 check would be X, not 5.
    assert tax_id.validate("Y1110000MA0012345N") == "Y1110000MA0012345N"
    with pytest.raises(InvalidChecksum):
        tax_id.validate_structure("Y1110000MA0012345N")


def test_credit_code_rules_apply_in_full() -> None:
    with pytest.raises(InvalidChecksum):
        tax_id.validate("91110000600037341M")
    with pytest.raises(InvalidFormat):
        tax_id.validate("9111000060003734IL")
    with pytest.raises(InvalidChecksum):  # MOD 31 right, embedded GB 11714 wrong
        tax_id.validate_structure("91330106MA2GL8P36M")


@pytest.mark.parametrize(
    "legacy", ["110108600037341", "11010549123100201", "11010519491231002X01", "440524188001010014 00"]
)
def test_legacy_numbers_pass_the_error_check_and_are_flagged(legacy: str) -> None:
    assert tax_id.validate(legacy) == legacy.replace(" ", "")
    with pytest.raises(InvalidFormat):
        tax_id.validate_structure(legacy)


@pytest.mark.parametrize("broken", ["110108600037342", "11010519491231003X01"])
def test_legacy_numbers_with_a_wrong_embedded_check_character(broken: str) -> None:
    assert tax_id.validate(broken) == broken
    with pytest.raises(InvalidChecksum):
        tax_id.validate_structure(broken)


@pytest.mark.parametrize("bad", ["1101086000373", "9111000060003734", "1234567890123456789", "11010519491231002X0A"])
def test_other_lengths_and_shapes_are_errors(bad: str) -> None:
    with pytest.raises((InvalidLength, InvalidFormat)):
        tax_id.validate(bad)


@given(st.from_regex(r"[0-9]{6}", fullmatch=True), st.from_regex(r"[0-9A-HJ-NPQRTUWXY]{8}", fullmatch=True))
def test_generated_legacy_15_follow_the_organisation_code(region: str, body: str) -> None:
    number = region + body + credit_code.calc_organisation_check_digit(body)
    assert tax_id.validate(number) == number
    with pytest.raises(InvalidFormat):  # flagged as legacy, not as a wrong check character
        tax_id.validate_structure(number)


def test_a_natural_persons_resident_id_number_is_a_tax_id() -> None:
    for number in ("11010519491231002X", "440524188001010014"):
        assert tax_id.validate(number) == number
        assert tax_id.validate_structure(number) == number


def test_an_18_character_number_that_is_neither_reports_the_credit_code_error() -> None:
    with pytest.raises(InvalidChecksum):
        tax_id.validate("11010519491231003X")  # ID check character wrong, and no credit code either
