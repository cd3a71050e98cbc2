"""Hong Kong ID: published vectors (domain.md §9.1, §12), generated numbers."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, hkid

VECTORS = ["CA182361(1)", "D360546(A)", "TP149025(8)", "A123456(3)", "G123456(A)"]


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(hkid, optionflags=flags)
    assert result.attempted > 4
    assert result.failed == 0


@pytest.mark.parametrize("number", VECTORS)
def test_published_vectors(number: str) -> None:
    check = get_check("hkid")
    assert check(number) == number
    bare = number.replace("(", "").replace(")", "")
    assert check(bare) == number  # parentheses optional, canonical form has them
    assert check(bare.lower()) == number


def test_full_width_input() -> None:
    assert hkid.validate("Ａ１２３４５６（３）") == "A123456(3)"


def test_check_character_by_hand() -> None:
    # A123456: space 36*9 + A 10*8 + 1*7 + 2*6 + 3*5 + 4*4 + 5*3 + 6*2 = 324 + 80 + 77 = 481;
    # 481 mod 11 = 8 -> 11 - 8 = 3.
    assert hkid.calc_check_digit("A123456") == "3"
    assert hkid.calc_check_digit("G123456") == "A"  # remainder 1
    assert hkid.calc_check_digit("CA182361") == "1"


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("TP1490253", InvalidChecksum),
        ("A123456(4)", InvalidChecksum),
        ("D360546(0)", InvalidChecksum),
        ("A12345(3)", InvalidLength),
        ("ABC123456(3)", InvalidLength),
        ("1123456(3)", InvalidFormat),  # a digit where the letter goes
        ("A1234567(3)", InvalidFormat),
        ("A123456(B)", InvalidFormat),  # check is 0-9 or A
        ("AB12345C(3)", InvalidFormat),
    ],
)
def test_rejections(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        hkid.validate(number)
    assert not hkid.is_valid(number)


@st.composite
def hkids(draw: st.DrawFn) -> str:
    letters = draw(st.from_regex(r"[A-Z]{1,2}", fullmatch=True))
    digits = draw(st.from_regex(r"[0-9]{6}", fullmatch=True))
    return letters + digits + hkid.calc_check_digit(letters + digits)


@settings(max_examples=200)
@given(hkids())
def test_generated_numbers(number: str) -> None:
    assert hkid.validate(number) == hkid.format(number)
    # MOD 11 over values below 37 with weights 2..9: every substitution of one of the six
    # digits by another digit changes the sum by weight * difference, never a multiple of 11.
    for position in range(len(number) - 7, len(number) - 1):
        for digit in "0123456789":
            if digit != number[position]:
                assert not hkid.is_valid(number[:position] + digit + number[position + 1 :])
