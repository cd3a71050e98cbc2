"""HKID (Hong Kong Identity Card number, 香港身份證號碼).

One or two letters, six digits and a check character (0-9 or A), printed with the check in
parentheses: `A123456(3)`. The check is MOD 11: a one-letter prefix is padded on the left with
a space so the body has eight positions; a space counts 36, A-Z count 10-35 and digits their
face value; the weights are 9 8 7 6 5 4 3 2; with R the weighted sum mod 11 the check is `0`
when R = 0, `A` when R = 1 and 11 - R otherwise.

More information:

* https://en.wikipedia.org/wiki/Hong_Kong_identity_card
* OECD Hong Kong TIN sheet; domain.md §9.1, §12

>>> validate('A123456(3)')
'A123456(3)'
>>> validate('TP1490258')  # parentheses are optional in the input
'TP149025(8)'
>>> validate('A12345(3)')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('A1234567(3)')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('TP1490253')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> calc_check_digit('G123456')
'A'
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from ._registry import register

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―()\[\]]")  # `C668668[9]`: brackets as OCR reads them
_FORMAT = re.compile(r"[A-Z]{1,2}[0-9]{6}[0-9A]")
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def compact(number: str) -> str:
    """Fold full-width characters, drop spaces, dashes, parentheses and brackets, upper-case."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", number)).upper()


def _value(char: str) -> int:
    if char == " ":
        return 36
    return int(char, 36)  # digits: face value; A-Z: 10-35


def calc_check_digit(body: str) -> str:
    """Return the check character for the letters and six digits (without the check)."""
    total = sum(_value(char) * weight for char, weight in zip(body.rjust(8), _WEIGHTS, strict=True))
    remainder = total % 11
    return {0: "0", 1: "A"}.get(remainder, str(11 - remainder))


def validate(number: str) -> str:
    """Check format and check character; return the canonical form `A123456(3)`."""
    number = compact(number)
    if len(number) not in (8, 9):
        raise InvalidLength()
    if not _FORMAT.fullmatch(number):
        raise InvalidFormat()
    if calc_check_digit(number[:-1]) != number[-1]:
        raise InvalidChecksum()
    return format(number)


def is_valid(number: str) -> bool:
    """Return whether the number is valid (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


def format(number: str) -> str:
    """Return the printed form with the check character in parentheses."""
    number = compact(number)
    return f"{number[:-1]}({number[-1]})"


register(
    "hkid", validate,
    description="Hong Kong identity card number with its MOD 11 check character, A123456(3)",
    standard="HKSAR Registration of Persons Ordinance; HKID MOD 11 check digit",
)
