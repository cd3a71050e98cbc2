"""What each check digit catches: every single substitution and adjacent transposition.

For valid generated numbers we try every one-character substitution over the check's alphabet
and every swap of two different neighbours, and compare what escapes with what the algorithm
predicts:

* GB 11643 (ISO 7064 MOD 11-2) and GB 32100 (MOD 31): nothing escapes.
* Luhn: no substitution escapes; the only transposition that escapes is 09 <-> 90.
* VIN (mod 11, weight 0 at the check position, many letters sharing a value): several kinds
  escape — a known limit of the standard, stated precisely in the VIN tests below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_11_2

from ocrcheck.checks import bank_card, credit_code, resident_id, vin

from .test_bank_card import cards
from .test_credit_code import credit_codes
from .test_resident_id import resident_ids

Substitution = tuple[int, str]  # (position, new character)


def substitutions(value: str, alphabet: str) -> Iterator[tuple[Substitution, str]]:
    for position, current in enumerate(value):
        for char in alphabet:
            if char != current:
                yield (position, char), value[:position] + char + value[position + 1 :]


def transpositions(value: str) -> Iterator[tuple[int, str]]:
    """Swaps of neighbours at (position, position + 1); equal neighbours change nothing."""
    for position in range(len(value) - 1):
        first, second = value[position], value[position + 1]
        if first != second:
            yield position, value[:position] + second + first + value[position + 2 :]


def passes(check: Callable[[str], object], value: str) -> bool:
    try:
        check(value)
    except ValidationError:
        return False
    return True


def escaped_substitutions(check: Callable[[str], object], value: str, alphabet: str) -> set[Substitution]:
    return {change for change, candidate in substitutions(value, alphabet) if passes(check, candidate)}


def escaped_transpositions(check: Callable[[str], object], value: str) -> set[int]:
    return {position for position, candidate in transpositions(value) if passes(check, candidate)}


# --- GB 11643 resident ID: MOD 11-2 ------------------------------------------------------------


@settings(max_examples=200)
@given(resident_ids())
def test_resident_id_catches_every_substitution_and_transposition(number: str) -> None:
    assert escaped_substitutions(resident_id.validate, number, resident_id.ALPHABET) == set()
    assert escaped_transpositions(resident_id.validate, number) == set()


@settings(max_examples=200)
@given(resident_ids())
def test_mod_11_2_alone_detects_them_all(number: str) -> None:
    # Not thanks to the date or province rules: the checksum on its own catches every one.
    assert escaped_substitutions(mod_11_2.validate, number, resident_id.ALPHABET) == set()
    assert escaped_transpositions(mod_11_2.validate, number) == set()


# --- GB 32100 credit code: MOD 31 ---------------------------------------------------------------


def _mod_31(code: str) -> str:
    if uscc.calc_check_digit(code[:17]) != code[17]:
        raise ValidationError()
    return code


@settings(max_examples=200)
@given(credit_codes())
def test_credit_code_catches_every_substitution_and_transposition(code: str) -> None:
    assert escaped_substitutions(credit_code.validate, code, credit_code.ALPHABET) == set()
    assert escaped_transpositions(credit_code.validate, code) == set()
    assert escaped_substitutions(_mod_31, code, credit_code.ALPHABET) == set()
    assert escaped_transpositions(_mod_31, code) == set()


# --- Luhn (bank cards) ------------------------------------------------------------------------


def luhn_blind_spots(number: str) -> set[int]:
    """Positions of neighbours 0 and 9 (in either order): doubling maps 0 -> 0 and 9 -> 9."""
    return {i for i in range(len(number) - 1) if {number[i], number[i + 1]} == {"0", "9"}}


@settings(max_examples=300)
@given(cards())
def test_bank_card_substitutions_all_caught(number: str) -> None:
    assert escaped_substitutions(bank_card.validate, number, bank_card.ALPHABET) == set()
    assert escaped_substitutions(luhn.validate, number, "0123456789") == set()


@settings(max_examples=300)
@given(cards())
def test_bank_card_only_09_transpositions_escape(number: str) -> None:
    assert escaped_transpositions(luhn.validate, number) == luhn_blind_spots(number)
    escaped = escaped_transpositions(bank_card.validate, number)
    # The network table may catch a swap inside the prefix; past the 6-digit IIN only Luhn acts.
    assert escaped <= luhn_blind_spots(number)
    assert {i for i in escaped if i >= 6} == {i for i in luhn_blind_spots(number) if i >= 6}


@pytest.mark.parametrize("position", [6, 7])  # both parities relative to the check digit
def test_luhn_transpositions_exhaustively(position: int) -> None:
    # Every pair of different digits in both orders and at both parities: only 0/9 escapes.
    escaping = set()
    for first in "0123456789":
        for second in "0123456789":
            if first == second:
                continue
            body = "4" + "1" * (position - 1) + first + second + "2" * (13 - position)  # 15 digits
            number = body + luhn.calc_check_digit(body)
            swapped = number[:position] + second + first + number[position + 2 :]
            assert bank_card.is_valid(number)
            if bank_card.is_valid(swapped):
                escaping.add(first + second)
    assert escaping == {"09", "90"}


# --- VIN: mod 11, weights 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2 ------------------------------------

T = vin.TRANSLITERATION
CHECK_POSITION = 8  # 0-based index of position 9


def predicted_vin_substitutions(number: str) -> set[Substitution]:
    """A substitution escapes iff the new character has the same transliterated value (A, J and
    1 are all 1; B, K, S and 2 are all 2; ...) and it is not the check digit itself."""
    return {
        (position, char)
        for position, current in enumerate(number)
        for char in vin.ALPHABET
        if char != current and position != CHECK_POSITION and T[char] == T[current]
    }


def predicted_vin_transpositions(number: str) -> set[int]:
    """A swap of different neighbours escapes iff:

    * away from the check position: both have the same transliterated value (`A1` -> `1A`);
    * positions 8 and 9 (weight 10 and the check): both are digits. Weight 10 is -1 mod 11, so
      `S + 10a = c` and `S + 10c = a` are the same equation: such a swap is never detected;
    * positions 9 and 10 (the check and weight 9): they are `X` and `4`, in either order.
    """
    escaping = set()
    for position in range(16):
        first, second = number[position], number[position + 1]
        if first == second:
            continue
        if position == CHECK_POSITION - 1:
            escapes = first.isdigit() and second.isdigit()
        elif position == CHECK_POSITION:
            escapes = {first, second} == {"X", "4"}
        else:
            escapes = T[first] == T[second]
        if escapes:
            escaping.add(position)
    return escaping


@st.composite
def vins(draw: st.DrawFn, first: str = vin.ALPHABET) -> str:
    head = draw(st.sampled_from(first))
    tail = "".join(draw(st.lists(st.sampled_from(vin.ALPHABET), min_size=16, max_size=16)))
    number = head + tail
    return number[:8] + vin.calc_check_digit(number) + number[9:]


@settings(max_examples=300)
@given(vins())
def test_vin_check_digit_escapes_exactly_as_predicted(number: str) -> None:
    assert escaped_substitutions(vin.validate_check_digit, number, vin.ALPHABET) == (
        predicted_vin_substitutions(number)
    )
    assert escaped_transpositions(vin.validate_check_digit, number) == predicted_vin_transpositions(number)


@settings(max_examples=200)
@given(vins(first=vin.CHECKED_REGIONS))
def test_region_gated_vin_escapes(number: str) -> None:
    # `vin` enforces the check digit only for WMIs starting 1-5 or L: a misread first
    # character that lands outside those regions switches the check off.
    unchecked_first = {(0, char) for char in vin.ALPHABET if char not in vin.CHECKED_REGIONS}
    assert escaped_substitutions(vin.validate, number, vin.ALPHABET) == (
        predicted_vin_substitutions(number) | unchecked_first
    )
    predicted = predicted_vin_transpositions(number)
    if number[1] not in vin.CHECKED_REGIONS and number[0] != number[1]:
        predicted.add(0)
    assert escaped_transpositions(vin.validate, number) == predicted


def _vin_with_check_x_and_year_4() -> str:
    """A valid North American VIN with check digit X and model-year code 4 (varying the serial)."""
    for serial in range(100_000):
        number = f"1HGCM826X4A{serial:06d}"
        if vin.is_valid(number):
            return number
    raise AssertionError("no such VIN")  # pragma: no cover


def test_vin_escape_examples() -> None:
    # Check digit swapped with position 8, both digits: never detected.
    number = "1HGCM82633A004352"
    swapped = number[:7] + number[8] + number[7] + number[9:]
    assert swapped != number and vin.is_valid(number) and vin.is_valid(swapped)
    # Check digit X with model-year 4 (or 4 with X): the swap is not detected either.
    x4 = _vin_with_check_x_and_year_4()
    assert vin.is_valid(x4[:8] + "4X" + x4[10:])
    # Same transliterated value: C and L are both 3, so a misread C -> L goes through.
    assert vin.is_valid("1HGCM82633A004352".replace("C", "L", 1))
    # A first character misread into a region without a mandatory check digit: `vin` passes it.
    assert not vin.is_valid("1M8GDM9A1KP042788")
    assert vin.is_valid("JM8GDM9A1KP042788")
