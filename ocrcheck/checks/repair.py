"""Repair suggestions: use a check digit to propose the one-character fix of an OCR misread.

A suggestion goes into `Finding.suggestion` for a reviewer; it is never applied (domain.md §14).
It is offered only when it is unambiguous:

* a value with exactly one `?` (the service's mark for an unreadable character): the only
  alphabet character that makes the value pass;
* a value that fails its check: the only single-character substitution (over the alphabet plus
  the OCR confusions O/0, I/1, Z/2, S/5, B/8) that passes; failing that, the only passing one
  among the OCR confusions alone.

Otherwise there is no suggestion: a reviewer must read the image. This module registers no
check.

The search is bounded: at most `MAX_CANDIDATES` candidates (value length × alphabet), so it runs
only on values of identifier or MRZ size (the engine's length policy already keeps longer values
away), and each candidate costs one check, linear in the value's length.

>>> from ocrcheck.checks import resident_id
>>> suggest_repair(resident_id.validate, '11010519491231?02X')
'11010519491231002X'
>>> suggest_repair(resident_id.validate, '1101051949123100ZX')
'11010519491231002X'
>>> suggest_repair(resident_id.validate, '11010519491231002X') is None
True
"""

from __future__ import annotations

import string
from collections.abc import Iterable

from stdnum.exceptions import ValidationError

from . import bank_card, credit_code, hkid, resident_id, vin
from ._registry import Check, check_names, get_check

# Characters OCR mistakes for each other; both directions.
OCR_CONFUSIONS: dict[str, str] = {
    "O": "0", "0": "O", "I": "1", "1": "I", "Z": "2", "2": "Z",
    "S": "5", "5": "S", "B": "8", "8": "B",
}  # fmt: skip

# 64 characters over 0-9A-Z plus the confusions: every identifier and MRZ zone we check fits.
MAX_CANDIDATES = 4096

DIGITS = string.digits
DEFAULT_ALPHABET = string.digits + string.ascii_uppercase

_ALPHABETS: dict[str, str] = {
    "resident_id": resident_id.ALPHABET,
    "resident_id_masked": resident_id.ALPHABET,
    "person_id": resident_id.ALPHABET,
    "person_id_masked": resident_id.ALPHABET,
    "credit_code": credit_code.ALPHABET,
    "credit_code_organisation": credit_code.ALPHABET,
    "bank_card": bank_card.ALPHABET,
    "luhn": DIGITS,
    "credit_card": DIGITS,
    "hkid": hkid.ALPHABET,
    "vin": vin.ALPHABET,
    "vin_check_digit": vin.ALPHABET,
    "old_business_registration": DIGITS,
    "th_pin": DIGITS,
    "tr_tckimlik": DIGITS,
    "in_aadhaar": DIGITS,
    "id_nik": DIGITS,
    "my_nric": DIGITS,
    "pk_cnic": DIGITS,
}


def alphabet_for(check_name: str) -> str:
    """Return the characters a value checked by `check_name` can contain (digits and A-Z if
    the check is not one we know)."""
    return _ALPHABETS.get(check_name, DEFAULT_ALPHABET)


def _alphabet_of(check: Check) -> str:
    for name in check_names():
        if get_check(name) is check:
            return alphabet_for(name)
    return DEFAULT_ALPHABET


def _passes(check: Check, value: str) -> bool:
    try:
        check(value)
    except ValidationError:
        return False
    return True


def _unique_passing(check: Check, candidates: Iterable[str], known: int = 0) -> tuple[str | None, int]:
    """(the passing candidate, if exactly one passes, counting `known` earlier passes; how many
    passed, stopping at two): a second pass already makes the answer ambiguous, so the search
    stops there instead of trying every candidate."""
    found: str | None = None
    for candidate in candidates:
        if _passes(check, candidate):
            known += 1
            if known >= 2:
                return None, known
            found = candidate
    return found, known


def _fill_unreadable(check: Check, value: str, alphabet: str) -> str | None:
    position = value.index("?")
    head, tail = value[:position], value[position + 1 :]
    return _unique_passing(check, (head + char + tail for char in dict.fromkeys(alphabet)))[0]


def _substitutions(value: str, alphabet: str) -> tuple[list[str], list[str]]:
    """(the substitutions that undo an OCR confusion, every other single-character substitution
    over `alphabet`), in a fixed order. No candidate repeats: two differ at their one changed
    position or in the character put there."""
    chars = tuple(dict.fromkeys(alphabet))
    confusions: list[str] = []
    others: list[str] = []
    for position, current in enumerate(value):
        head, tail = value[:position], value[position + 1 :]
        confused = OCR_CONFUSIONS.get(current)
        if confused is not None:
            confusions.append(head + confused + tail)
        others.extend(head + char + tail for char in chars if char != current and char != confused)
    return confusions, others


def suggest_repair(check: Check, value: str, alphabet: str | None = None) -> str | None:
    """Return the single unambiguous one-character repair of `value`, or None.

    `alphabet` defaults to the registered check's alphabet (`alphabet_for`). The input itself is
    never returned: a value that already passes has nothing to repair.
    """
    if alphabet is None:
        alphabet = _alphabet_of(check)
    if len(value) * (len(alphabet) + 1) > MAX_CANDIDATES:
        return None  # too long to be a one-character misread of an identifier
    unreadable = value.count("?")
    if unreadable == 1:
        return _fill_unreadable(check, value, alphabet)
    if unreadable or _passes(check, value):
        return None
    confusions, others = _substitutions(value, alphabet)
    # The OCR confusions are tried first: when more than one substitution passes, the only
    # passing confusion is still the answer, so the others need trying only until a second pass.
    confused, passed = _unique_passing(check, confusions)
    if passed >= 2:
        return None
    any_one, passed = _unique_passing(check, others, passed)
    if passed == 1:
        return any_one or confused
    return confused
