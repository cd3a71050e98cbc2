"""PhilSys Card Number (PCN, 菲律宾国民身份证卡号) on the Philippine national ID (PhilID).

Sixteen digits, printed in four groups `NNNN-NNNN-NNNN-NNNN`. No check digit has been published
(domain.md §9.7, §13). The 12-digit PhilSys Number (PSN) is confidential and not printed on the
card, so a 12-digit value in this field is reported as the wrong number rather than accepted.
python-stdnum has no module for either.

More information:

* Republic Act 11055 (Philippine Identification System Act) and its implementing rules
* https://philsys.gov.ph/; domain.md §9.7

>>> validate('1234-5678-9012-3456')
'1234567890123456'
>>> format('1234567890123456')
'1234-5678-9012-3456'
>>> validate('123456789012')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('12345-678-9012-3456')  # groups of four, or none
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('1234-5678-9012-345X')
Traceback (most recent call last):
    ...
InvalidFormat: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidFormat, InvalidLength

from ._registry import invalid, register

_GROUPED = re.compile(r"\d{4}([\s\-])\d{4}\1\d{4}\1\d{4}")


def compact(number: str) -> str:
    """Fold full-width digits, drop spaces and dashes."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", number))


def validate(number: str) -> str:
    """Sixteen digits, ungrouped or in four groups of four; returns the digits."""
    text = unicodedata.normalize("NFKC", number).strip()
    digits = compact(text)
    if len(digits) == 12 and digits.isdigit():
        raise invalid(InvalidLength, "philsys_psn")
    if len(digits) != 16:
        raise InvalidLength()
    if not digits.isascii() or not digits.isdigit():
        raise InvalidFormat()
    if text != digits and not _GROUPED.fullmatch(text):
        raise invalid(InvalidFormat, "philsys_groups")
    return digits


def is_valid(number: str) -> bool:
    """Return whether the number is valid (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


def format(number: str) -> str:
    """The printed form `NNNN-NNNN-NNNN-NNNN`."""
    digits = compact(number)
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


register(
    "ph_pcn", validate,
    description="PhilSys Card Number: 16 digits, in four groups of four or none",
    standard="Republic Act 11055 (Philippine Identification System Act)",
)
