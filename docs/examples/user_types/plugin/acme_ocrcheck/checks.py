"""ACME purchase-order numbers: `PO-<year>-<5 digits><check digit>`.

The check digit is the Luhn digit (ISO/IEC 7812-1 Annex B) of the year and the five digits, so a
misread digit or two swapped neighbours of the number are caught.

>>> validate('po-2024-001238')
'PO-2024-001238'
>>> validate('PO-2024-001239')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidFormat

from ocrcheck.checks import register

_SHAPE = re.compile(r"PO-(\d{4})-(\d{5})(\d)")


def validate(number: str) -> str:
    """The number in canonical form, or a stdnum exception (the shape of every ocrcheck check)."""
    text = number.strip().upper()
    match = _SHAPE.fullmatch(text)
    if match is None:
        raise InvalidFormat("An ACME order number is PO-<year>-<6 digits>.")
    year, serial, check = match.groups()
    if luhn.calc_check_digit(year + serial) != check:
        raise InvalidChecksum()
    return text


register(
    "acme_po_number",
    validate,
    description="ACME purchase-order number PO-<year>-<5 digits><check digit>",
    standard="ACME order numbering; Luhn check digit (ISO/IEC 7812-1 Annex B)",
)
