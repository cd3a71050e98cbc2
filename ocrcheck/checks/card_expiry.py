"""Payment card expiry date (有效期 / VALID THRU), printed as MM/YY.

Cards print the last month of validity as two-digit month and two-digit year (ISO/IEC 7813
track data stores it as YYMM; the embossed or printed face shows MM/YY). OCR output varies the
separator (`/`, `-`, `.`), sometimes drops it (`1228`), keeps the face label (`VALID THRU`,
`有效期`) or writes a four-digit year; all come back as `MM/YY`. The month must be 01-12; a
month outside that range is a misread digit, reported as a date error (no repair is guessed:
`13/28` could be `12/28` or `11/28`). Whether the card has already expired is not a defect of
the document, so it is not checked here.

More information:

* ISO/IEC 7813 (expiry date field); domain.md §6.1 ("expiry month 01-12")

>>> validate('12/28')
'12/28'
>>> validate('VALID THRU 3/29')
'03/29'
>>> validate('06-2031')
'06/31'
>>> validate('1228')
'12/28'
>>> validate('13/28')
Traceback (most recent call last):
    ...
InvalidDate: ...
>>> validate('00/28')
Traceback (most recent call last):
    ...
InvalidDate: ...
>>> validate('12/2')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('12/1999')
Traceback (most recent call last):
    ...
InvalidFormat: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidFormat

from ._registry import InvalidDate, invalid, register

# Face labels the service sometimes copies into the value.
_LABEL = re.compile(r"^(?:VALID(?:THRU|THROUGH|UNTIL)?|GOODTHRU|EXPIRES|EXP(?:IRY)?|有效期至?|到期日?)[:：]?")
_SEPARATED = re.compile(r"(\d{1,2})[/\-.](\d{2}|20\d{2})")
_COMPACT = re.compile(r"(\d{2})(\d{2})")


def compact(value: str) -> str:
    """Fold full-width characters, drop spaces and any face label, upper-case."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()
    return _LABEL.sub("", text)


def validate(value: str) -> str:
    """Check the month (01-12) and the shape; return `MM/YY`."""
    text = compact(value)
    match = _SEPARATED.fullmatch(text) or _COMPACT.fullmatch(text)
    if not match:
        raise invalid(InvalidFormat, "expiry_form")
    month, year = int(match.group(1)), match.group(2)[-2:]
    if not 1 <= month <= 12:
        raise invalid(InvalidDate, "expiry_month")
    return f"{month:02d}/{year}"


def is_valid(value: str) -> bool:
    """Return whether the value is a valid MM/YY expiry (never raises)."""
    try:
        return bool(validate(value))
    except ValueError:
        return False


def format(value: str) -> str:
    """Return the printed form `MM/YY`."""
    return validate(value)


register(
    "card_expiry", validate,
    description="payment card expiry MM/YY with a month 01-12",
    standard="ISO/IEC 7813 (expiry date field)",
)
