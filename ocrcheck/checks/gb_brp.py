"""UK Biometric Residence Permit (BRP) numbers.

Nine characters: two letters, then a digit or `X`, then six digits (`ZW9005196`). No check
character of its own is published; the card's ICAO TD1 MRZ (document code `IR`, issuer `GBR`)
carries the number with a 7-3-1 check digit (`mrz` module).

More information:

* domain.md §9.12: ukbenefits.info sample `ZW9005196`; brookes.ac.uk "two letters followed by
  7 numbers"; quicktraveladvise.com "the third character ... 'X' or a digit"

>>> validate('ZW 900 5196')
'ZW9005196'
>>> validate('RFX123456')
'RFX123456'
>>> validate('Z19005196')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
>>> validate('ZW900519')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidFormat, InvalidLength

from ._registry import invalid, register

_BRP = re.compile(r"[A-Z]{2}[0-9X][0-9]{6}")


def compact(number: str) -> str:
    """Fold full-width forms, drop spaces and hyphens, upper-case."""
    return re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", number)).upper()


@register(
    "gb_brp_number",
    description="UK Biometric Residence Permit number: two letters, a digit or X, six digits",
    standard="Home Office BRP numbering (public samples)",
)
def validate(number: str) -> str:
    """A BRP number: 2 letters + digit or X + 6 digits."""
    number = compact(number)
    if len(number) != 9:
        raise invalid(InvalidLength, "brp_length", found=len(number))
    if not _BRP.fullmatch(number):
        raise invalid(InvalidFormat, "brp_form")
    return number


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except ValueError:
        return False
