"""Taxpayer identification number (纳税人识别号) as printed on VAT invoices.

Since the 2015 "three certificates in one" reform an organisation's taxpayer number is its
18-character unified social credit code (GB 32100, `credit_code`); a natural person's is their
18-character resident ID number (GB 11643, domain.md §1.1), which invoices issued to individuals
print as the buyer's 纳税人识别号. Invoices still show legacy numbers (§4.2, unverified [U]):

* 15 characters: 6-digit region code + the 9-character GB 11714 organisation code;
* 17 characters: an old 15-digit resident ID number + 2 digits (individual businesses) [U];
* 20 characters: an 18-character resident ID number + 2 digits (individual businesses).

Two checks are registered:

* `tax_id` (an error when it fails): 18 characters must be a valid credit code (MOD 31) or a
  valid resident ID number (MOD 11-2, real birth date; an 18-digit code that fails MOD 31 is
  reported as a credit code error); 15, 17 and 20 characters must have the legacy shape (digits
  and capital letters, a digit region); any other length is wrong.
* `tax_id_structure` (rules use it as a warning): the embedded parts a legacy number carries are
  checked where they have a public check character (the organisation code of a 15-character
  number, the MOD 11-2 ID number of a 20-character one), and a legacy number is flagged even
  when those pass, because its format is not published and it was not checksummed as a whole.
  On a credit code it checks the embedded GB 11714 organisation code like
  `credit_code_organisation`; a resident ID number has nothing more to check.

More information:

* GB 32100-2015; GB 11714-1997; GB 11643-1999
* 国家税务总局公告2015年第66号 (统一社会信用代码作为纳税人识别号)
* domain.md §1.2, §4.2

>>> validate('91110000600037341L')
'91110000600037341L'
>>> validate('11010519491231002X')  # a natural person: the resident ID number
'11010519491231002X'
>>> validate('110108600037341')  # legacy 15: region + organisation code
'110108600037341'
>>> validate('91110000600037341M')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> validate('1101086000373')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate_structure('91110000600037341L')
'91110000600037341L'
>>> validate_structure('110108600037342')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> validate_structure('110108600037341')
Traceback (most recent call last):
    ...
InvalidFormat: ...
"""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.iso7064 import mod_11_2

from . import credit_code, person_id
from ._registry import invalid, register

LEGACY_LENGTHS = (15, 17, 20)
_ID_LAST = frozenset("0123456789X")  # the last character of an 18-character ID number

# Legacy numbers: a digit region (or ID body), then digits and capital letters.
_LEGACY_SHAPE = {
    15: re.compile(r"\d{6}[0-9A-Z]{8}[0-9X]"),
    17: re.compile(r"\d{17}"),
    20: re.compile(r"\d{17}[0-9X]\d{2}"),
}


def compact(number: str) -> str:
    """Fold full-width characters, drop spaces and dashes, upper-case."""
    return credit_code.compact(number)


def validate(number: str) -> str:
    """Check an 18-character credit code fully, a legacy number's shape; return it compact."""
    number = compact(number)
    if len(number) == 18:
        if credit_code._is_code(number):
            return number  # what credit_code.validate returns (it is ASCII: compact keeps it)
        try:
            return credit_code.validate(number)
        except ValidationError:
            if not person_id.is_valid(number):
                raise  # the credit code's error: the usual case, and the one to repair
            return number
    if len(number) not in LEGACY_LENGTHS:
        raise InvalidLength()
    if not _LEGACY_SHAPE[len(number)].fullmatch(number):
        raise InvalidFormat()
    return number


def validate_structure(number: str) -> str:
    """Check the embedded organisation code or ID number; flag any legacy number."""
    number = compact(number)
    if len(number) == 18:
        if number.isascii() and not (number[:17].isdigit() and number[17] in _ID_LAST):
            # No person's number (17 digits and a digit or X; every ID check asks that first), so
            # the organisation code decides, whatever the MOD 31 says: neither need be computed.
            return credit_code.validate_organisation(number)
        if not credit_code.is_valid(number) and person_id.is_valid(number):
            return number
        return credit_code.validate_organisation(number)
    if len(number) == 15:
        credit_code.validate_organisation(number[6:])
    elif len(number) == 20 and not mod_11_2.is_valid(number[:18]):
        raise invalid(InvalidChecksum, "embedded_resident_id")
    raise invalid(InvalidFormat, "legacy_tax_id", length=len(number))


def is_valid(number: str) -> bool:
    """Return whether the number passes `validate` (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


def format(number: str) -> str:
    """Return the number without separators."""
    return compact(number)


register(
    "tax_id", validate,
    description="taxpayer number: an 18-character credit code in full, or a legacy 15/17/20-character number's shape",
    standard="GB 32100-2015; 国家税务总局公告2015年第66号",
)
register(
    "tax_id_structure", validate_structure,
    description="the organisation code or ID number inside a taxpayer number; a legacy number is flagged (a warning)",
    standard="GB 11714-1997; GB 11643-1999; 国家税务总局公告2015年第66号",
)
