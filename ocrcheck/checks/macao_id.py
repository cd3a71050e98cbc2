"""Macao resident identity card number (澳門居民身份證號碼, BIR).

Eight digits: the first says how the holder first got a card (`1` since 1992 and all new cards,
`5` former holders of Portuguese identity cards, `7` former "blue card" holders), then the
6-digit core, then a check digit "for computer processing". First-generation cards print
`1/234567/8`, smart cards `1234567(8)`; the canonical form here is the smart-card printing.

The check digit's algorithm is not published (domain.md §9.2, §13: the Identification Services
Bureau states its purpose only; identique/idnumbers also checks the format only), so the check
digit is read and kept but cannot be verified: this check validates the structure, the leading
digit and the printing.

Sources:

* zh.wikipedia 澳門居民身份證 (number format, leading digits), as quoted in Dason1986/Lib
  `Code/Lib/Library/IDCrad/MacauIDCard.cs`; domain.md §9.2; keys.md (`mo_id`).
* Published example `5686611(1)` (alanhzw/warbler-js `src/reg/idMacaoReg.js` usage note).

>>> validate('1234567(8)')
'1234567(8)'
>>> validate('1/234567/8')
'1234567(8)'
>>> validate('5686611 (1)')
'5686611(1)'
>>> validate('12345678')
'1234567(8)'
>>> validate('2234567(8)')
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate('123456(7)')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('1234567(X)')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('12345(67)8')
Traceback (most recent call last):
    ...
InvalidFormat: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ._registry import invalid, register

__all__ = ["LEADING_DIGITS", "compact", "format", "is_valid", "validate"]

LEADING_DIGITS = frozenset("157")

# The three printed forms: `1234567(8)`, `1/234567/8`, or the eight digits run together.
_PRINTED = re.compile(r"([0-9])/?([0-9]{6})(?:\(([0-9A-Z])\)|/?([0-9A-Z]))")


def compact(number: str) -> str:
    """Fold full-width forms, drop spaces and hyphens, upper-case (brackets and `/` are kept)."""
    return re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", number)).upper()


def format(number: str) -> str:
    """The smart-card printing `1234567(8)` of a valid number."""
    return validate(number)


def validate(number: str) -> str:
    """Check the structure (8 digits, first 1, 5 or 7); return it printed as `1234567(8)`."""
    number = compact(number)
    digits = re.sub(r"[()/]", "", number)
    if len(digits) != 8:
        raise invalid(InvalidLength, "macao_length")
    match = _PRINTED.fullmatch(number)
    if match is None or not digits.isdigit():
        raise invalid(InvalidFormat, "macao_form")
    if digits[0] not in LEADING_DIGITS:
        raise invalid(InvalidComponent, "macao_first_digit")
    return f"{digits[:7]}({digits[7]})"


def is_valid(number: str) -> bool:
    """Whether the number is valid (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


register(
    "mo_id", validate,
    description="Macao resident identity card number: 8 digits (first 1, 5 or 7) printed 1234567(8)",
    standard="澳門身份證明局 BIR numbering",
)
