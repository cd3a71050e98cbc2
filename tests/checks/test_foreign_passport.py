"""Passport numbers of India, Singapore, Thailand, the US, Australia and the UAE (domain.md §10).

Published examples: validator.js `test/validators/isPassportNumber.js` (AU, IN, US) and
`test/validators.test.js` (TH), the test suite of the regex table the formats come from.
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidFormat, InvalidLength, ValidationError

from ocrcheck.checks import foreign_passport, get_check

# (check, valid published examples, invalid published examples)
PUBLISHED = [
    ("au_passport_number", ["N0995852", "L4819236"], ["1A012345"]),
    ("in_passport_number", ["A-1234567", "A1234567", "X0019390"], ["AB-1234567", "0123456789"]),
    ("us_passport_number", ["790369937", "340007237"], ["US0123456", "0123456US", "7903699371"]),
    ("th_passport_number", ["A123456", "B1234567", "CD123456", "EF1234567"], ["123456", "1234567", "010485371AA"]),
]


@pytest.mark.parametrize(("name", "valid", "invalid"), PUBLISHED)
def test_published_examples(name: str, valid: list[str], invalid: list[str]) -> None:
    check = get_check(name)
    for number in valid:
        assert check(number) == number.replace("-", ""), number
    for number in invalid:
        with pytest.raises(ValidationError):
            check(number)


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("au_passport_number", "PA1234567"),  # two-letter series (domain.md §10)
        ("us_passport_number", "A03456789"),  # Next Generation passport, letter + 8 digits
        ("sg_passport_number", "K1234567A"),
        ("sg_passport_number", "E7654321N"),
        ("ae_passport_number", "X1234567"),
        ("travel_document_number", "AB123456"),
        ("travel_document_number", "1"),
    ],
)
def test_other_series(name: str, number: str) -> None:
    assert get_check(name)(number) == number


@pytest.mark.parametrize(
    ("name", "number", "error"),
    [
        ("sg_passport_number", "K12345678", InvalidFormat),  # the trailing letter is missing
        ("sg_passport_number", "K1234567", InvalidLength),
        ("au_passport_number", "P12345678", InvalidFormat),
        ("au_passport_number", "ABC123456", InvalidFormat),
        ("in_passport_number", "JA369854", InvalidFormat),
        ("us_passport_number", "AB1234567", InvalidFormat),
        ("th_passport_number", "ABC123456", InvalidFormat),
        ("ae_passport_number", "AB123456", InvalidFormat),
        ("travel_document_number", "X1234567890", InvalidLength),
        ("travel_document_number", "X12#4567", InvalidFormat),
        ("travel_document_number", "", InvalidLength),
    ],
)
def test_wrong_series(name: str, number: str, error: type[ValidationError]) -> None:
    with pytest.raises(error):
        get_check(name)(number)


def test_compact_folds_full_width_spaces_hyphens_and_case() -> None:
    assert foreign_passport.validate_in("ｊ８３６ ９８５４") == "J8369854"
    assert foreign_passport.validate_au(" pa-123 4567 ") == "PA1234567"
    assert foreign_passport.is_valid("K1234567A", "sg")
    assert not foreign_passport.is_valid("K1234567A", "in")


@given(st.from_regex(r"[A-Z][0-9]{7}", fullmatch=True))
def test_generated_indian_numbers_are_accepted_and_a_second_letter_is_not(number: str) -> None:
    assert foreign_passport.validate_in(number) == number
    assert not foreign_passport.is_valid(number[0] + "A" + number[2:], "in")


@given(st.from_regex(r"[A-Z]{1,2}[0-9]{6,7}", fullmatch=True))
def test_generated_thai_numbers(number: str) -> None:
    assert foreign_passport.validate_th(number) == number


def test_doctests() -> None:
    result = doctest.testmod(foreign_passport, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5
    assert result.failed == 0
