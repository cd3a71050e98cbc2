"""Philippine driver's licence numbers (Land Transportation Office, LTO).

A letter, a 2-digit office code, the 2-digit year the licence was first issued and a 6-digit
serial: 11 characters, printed `N01-12-123456`. No check character is published.

More information:

* domain.md §10: public validator code "C09-10-XXXXXX" (format; not an official LTO document)

>>> validate('N01-12-123456')
'N01-12-123456'
>>> validate('n0112123456')
'N01-12-123456'
>>> validate('N01-12-12345')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: ...
>>> validate('101-12-123456')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidFormat, InvalidLength

from ._registry import invalid, register

_NUMBER = re.compile(r"([A-Z])([0-9]{2})([0-9]{2})([0-9]{6})")


def compact(number: str) -> str:
    """Fold full-width forms, drop spaces, hyphens and dots, upper-case."""
    return re.sub(r"[\s\-.]+", "", unicodedata.normalize("NFKC", number)).upper()


@register(
    "ph_driving_licence_number",
    description="Philippine LTO driver's licence number, printed N01-12-123456",
    standard="Land Transportation Office numbering (public validator code) [unverified]",
)
def validate(number: str) -> str:
    """An LTO licence number, returned in its printed form `N01-12-123456`."""
    number = compact(number)
    if len(number) != 11:
        raise invalid(InvalidLength, "lto_length", found=len(number))
    match = _NUMBER.fullmatch(number)
    if not match:
        raise invalid(InvalidFormat, "lto_form")
    letter, office, year, serial = match.groups()
    return f"{letter}{office}-{year}-{serial}"


def year_digits(number: str) -> str:
    """The two digits of the year of first issue (positions 4-5)."""
    return compact(number)[3:5]


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except ValueError:
        return False
