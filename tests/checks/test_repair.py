"""Repair suggestions: one `?`, OCR confusions, ambiguity (domain.md §14)."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrcheck.checks import bank_card, credit_code, get_check, hkid, repair, resident_id, vin
from ocrcheck.checks.repair import alphabet_for, suggest_repair

from .test_credit_code import credit_codes
from .test_resident_id import resident_ids


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(repair, optionflags=flags)
    assert result.attempted >= 3
    assert result.failed == 0


def test_alphabets() -> None:
    assert alphabet_for("resident_id") == "0123456789X"
    assert alphabet_for("credit_code") == "0123456789ABCDEFGHJKLMNPQRTUWXY"
    assert alphabet_for("bank_card") == "0123456789"
    assert alphabet_for("vin") == "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
    assert set(alphabet_for("hkid")) == set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert set(alphabet_for("no_such_check")) == set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


# --- one unreadable character ------------------------------------------------------------


@settings(max_examples=100)
@given(resident_ids(), st.integers(0, 17))
def test_one_question_mark_in_resident_id_gives_the_original(number: str, position: int) -> None:
    unreadable = number[:position] + "?" + number[position + 1 :]
    assert suggest_repair(resident_id.validate, unreadable) == number


@settings(max_examples=100)
@given(credit_codes(), st.integers(0, 17))
def test_one_question_mark_in_credit_code_gives_the_original(code: str, position: int) -> None:
    unreadable = code[:position] + "?" + code[position + 1 :]
    assert suggest_repair(credit_code.validate, unreadable) == code


def test_one_question_mark_elsewhere() -> None:
    assert suggest_repair(bank_card.validate, "41111111?1111111") == "4111111111111111"
    assert suggest_repair(hkid.validate, "A12345?(3)") == "A123456(3)"
    assert suggest_repair(vin.validate, "1M8GDM9A?KP042788") == "1M8GDM9AXKP042788"


def test_question_mark_with_several_fits_is_ambiguous() -> None:
    # Position 1 of a VIN: A, J and 1 all transliterate to 1, so all three pass.
    assert suggest_repair(vin.validate, "?M8GDM9AXKP042788") is None
    # A European VIN has no check digit: every letter fits.
    assert suggest_repair(vin.validate, "WP0ZZZ99ZTS39212?") is None


def test_question_mark_with_no_fit() -> None:
    # Position 1 would need the value 10 (weight 7): only X, which is not allowed there.
    assert suggest_repair(resident_id.validate, "?10105194912310022") is None


def test_two_question_marks_are_not_guessed() -> None:
    assert suggest_repair(resident_id.validate, "1101051949123100??") is None


def test_explicit_alphabet_limits_the_search() -> None:
    # With only digits, the X check character cannot be proposed.
    assert suggest_repair(resident_id.validate, "11010519491231002?", alphabet="0123456789") is None
    assert suggest_repair(resident_id.validate, "11010519491231002?") == "11010519491231002X"


# --- misreads ------------------------------------------------------------------------------


def test_ocr_confusion_in_credit_code() -> None:
    # '8' read as 'B' (both legal USCC characters): 13 single substitutions pass MOD 31, but
    # only one of them undoes an OCR confusion.
    original = "9144030078A5EX8L2F"
    misread = "914403007BA5EX8L2F"
    assert credit_code.is_valid(original) and not credit_code.is_valid(misread)
    assert suggest_repair(credit_code.validate, misread) == original


def test_letter_for_digit_in_resident_id() -> None:
    assert suggest_repair(resident_id.validate, "I1010519491231002X") == "11010519491231002X"
    assert suggest_repair(resident_id.validate, "1101051949123100ZX") == "11010519491231002X"
    assert suggest_repair(resident_id.validate, "11O10519491231002X") == "11010519491231002X"


def test_letter_for_digit_in_vin() -> None:
    assert suggest_repair(vin.validate, "1M8GDM9AXKPO42788") == "1M8GDM9AXKP042788"
    assert suggest_repair(get_check("vin"), "1M8GDM9AXKP0427B8") == "1M8GDM9AXKP042788"


def test_wrong_digit_is_ambiguous() -> None:
    # A wrong digit with no letter in sight: one fix per position passes the checksum.
    assert suggest_repair(resident_id.validate, "11010519491231003X") is None
    assert suggest_repair(bank_card.validate, "4111111111111112") is None


def test_valid_value_gets_no_suggestion() -> None:
    for check, value in [
        (resident_id.validate, "11010519491231002X"),
        (credit_code.validate, "91110000600037341L"),
        (vin.validate, "1M8GDM9AXKP042788"),
    ]:
        assert suggest_repair(check, value) is None


@pytest.mark.parametrize("position", range(18))
def test_single_substitution_in_resident_id_is_never_the_input(position: int) -> None:
    number = "11010519491231002X"
    for char in "0123456789XBIOSZ":
        value = number[:position] + char + number[position + 1 :]
        suggestion = suggest_repair(resident_id.validate, value)
        assert suggestion != value
        if suggestion is not None:
            assert resident_id.is_valid(suggestion)


# --- the search stops early but answers as the full definition does -----------------------


def _by_definition(check, value: str, alphabet: str) -> str | None:
    """domain.md §14 spelled out: every single substitution tried, nothing skipped."""
    if "?" in value:
        if value.count("?") != 1:
            return None
        at = value.index("?")
        filled = {value[:at] + c + value[at + 1 :] for c in alphabet}
        passing = {candidate for candidate in filled if repair._passes(check, candidate)}
        return next(iter(passing)) if len(passing) == 1 else None
    if repair._passes(check, value):
        return None
    every, confusions = set(), set()
    for at, current in enumerate(value):
        for char in set(alphabet) | {repair.OCR_CONFUSIONS.get(current, current)}:
            if char != current:
                every.add(value[:at] + char + value[at + 1 :])
        if current in repair.OCR_CONFUSIONS:
            confusions.add(value[:at] + repair.OCR_CONFUSIONS[current] + value[at + 1 :])
    passing = {candidate for candidate in every if repair._passes(check, candidate)}
    if len(passing) == 1:
        return passing.pop()
    both = passing & confusions
    return both.pop() if len(both) == 1 else None


_CASES = {
    "resident_id": "11010519491231002X",
    "credit_code": "91350100M000100Y43",
    "bank_card": "6222021234567890128",
    "hkid": "C668668(9)",
    "vin": "1M8GDM9AXKP042788",
    "mrz_td3_line2": "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    "mrz_td3_line1": "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "invoice_number": "12345678",
}


@settings(max_examples=150)
@given(
    st.sampled_from(sorted(_CASES)),
    st.lists(st.tuples(st.integers(0, 60), st.sampled_from("0123456789ABKOISZ<?")), max_size=2),
)
def test_search_answers_as_the_definition(name: str, edits: list[tuple[int, str]]) -> None:
    value = list(_CASES[name])
    for at, char in edits:
        value[at % len(value)] = char
    text = "".join(value)
    check = get_check(name)
    assert suggest_repair(check, text, alphabet_for(name)) == _by_definition(check, text, alphabet_for(name))


def test_search_stops_at_the_second_passing_candidate() -> None:
    calls: list[str] = []

    def counted(value: str) -> str:
        calls.append(value)
        return bank_card.validate(value)

    value = "4111111111111112"  # a wrong digit: one passing fix per position
    assert suggest_repair(counted, value, "0123456789") is None
    full = 1 + len(value) * 9  # the value itself, then every substitution
    assert 2 < len(calls) < full // 4
