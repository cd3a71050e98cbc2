"""Passport numbers of India, Singapore, Thailand, the United States, Australia and the UAE.

None of these numbers has a check character of its own: the only check digit is the one in
the MRZ (ICAO Doc 9303, `mrz` module). What is checked here is the series pattern each country
issues, after folding full-width forms and dropping spaces and hyphens (`A-1234567`):

* India: a letter and 7 digits (`A1234567`).
* Singapore: a letter, 7 digits and a letter (`K1234567A`; older S, biometric E, newer K series);
  the trailing letter is a check character whose algorithm is not public (domain.md §10).
* Thailand: 1-2 letters and 6-7 digits (`AA1234567`).
* United States: 9 digits, or a letter and 8 digits (Next Generation passport, 2021 on).
* Australia: 1-2 letters and 7 digits (`N1234567`, `PA1234567`).
* UAE: no reliable public format; a letter and 7 digits is common, so that pattern is only
  ever used as a warning. `travel_document_number` is the pattern every TD3 number fits
  (1-9 letters and digits), the error-level check for such countries.

More information:

* domain.md §10 (passport number table), keys.md "Foreign passports and driving licences"
* validator.js `src/lib/isPassportNumber.js` (country regexes) and its tests
  `test/validators/isPassportNumber.js` (the published examples used in our tests)

>>> validate_in('A-1234567')
'A1234567'
>>> validate_us('790369937')
'790369937'
>>> validate_us('US0123456')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
>>> validate_th('1234567')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
>>> validate_au('N099585')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidFormat, InvalidLength

from ._registry import invalid, register

# country → (pattern, allowed lengths, what the number is called; messages take their words,
# in every language, from the catalogue's `passport_series`)
_SERIES: dict[str, tuple[re.Pattern[str], tuple[int, ...], str]] = {
    "in": (re.compile(r"[A-Z][0-9]{7}"), (8,), "an Indian passport number (letter + 7 digits)"),
    "sg": (re.compile(r"[A-Z][0-9]{7}[A-Z]"), (9,), "a Singapore passport number (letter + 7 digits + letter)"),
    "th": (re.compile(r"[A-Z]{1,2}[0-9]{6,7}"), (7, 8, 9), "a Thai passport number (1-2 letters + 6-7 digits)"),
    "us": (re.compile(r"[0-9]{9}|[A-Z][0-9]{8}"), (9,), "a US passport number (9 digits, or letter + 8 digits)"),
    "au": (re.compile(r"[A-Z]{1,2}[0-9]{7}"), (8, 9), "an Australian passport number (1-2 letters + 7 digits)"),
    "ae": (re.compile(r"[A-Z][0-9]{7}"), (8,), "a UAE passport number in the common form (letter + 7 digits)"),
    "icao": (re.compile(r"[A-Z0-9]{1,9}"), tuple(range(1, 10)), "a travel document number (1-9 letters and digits)"),
}


def compact(number: str) -> str:
    """Fold full-width forms, drop spaces and hyphens, upper-case."""
    text = unicodedata.normalize("NFKC", number)
    return re.sub(r"[\s\-]+", "", text).upper()


def _validate(number: str, country: str) -> str:
    pattern, lengths, _ = _SERIES[country]  # messages name the series by country (the catalogue's words)
    number = compact(number)
    if len(number) not in lengths:
        raise invalid(InvalidLength, "passport_series_length", length=len(number), country=country)
    if not pattern.fullmatch(number):
        raise invalid(InvalidFormat, "passport_series", country=country)
    return number


def validate_in(number: str) -> str:
    return _validate(number, "in")


def validate_sg(number: str) -> str:
    return _validate(number, "sg")


def validate_th(number: str) -> str:
    return _validate(number, "th")


def validate_us(number: str) -> str:
    return _validate(number, "us")


def validate_au(number: str) -> str:
    return _validate(number, "au")


def validate_ae(number: str) -> str:
    """The common UAE form; use as a warning only (no reliable public format)."""
    return _validate(number, "ae")


def validate_travel_document(number: str) -> str:
    """Any number that fits a TD3 document-number field: 1-9 letters and digits."""
    return _validate(number, "icao")


def is_valid(number: str, country: str) -> bool:
    """Whether `number` fits the series of `country` (`in`, `sg`, `th`, `us`, `au`, `ae`)."""
    try:
        return bool(_validate(number, country))
    except ValueError:
        return False


register(
    "in_passport_number", validate_in,
    description="Indian passport number: a letter and seven digits",
    standard="no published format; validator.js isPassportNumber (IN)",
)
register(
    "sg_passport_number", validate_sg,
    description="Singapore passport number: a letter, seven digits, a letter",
    standard="no published format; validator.js isPassportNumber (SG)",
)
register(
    "th_passport_number", validate_th,
    description="Thai passport number: one or two letters and six or seven digits",
    standard="no published format; validator.js isPassportNumber (TH)",
)
register(
    "us_passport_number", validate_us,
    description="US passport number: nine digits, or a letter and eight digits (next generation)",
    standard="no published format; validator.js isPassportNumber (US)",
)
register(
    "au_passport_number", validate_au,
    description="Australian passport number: one or two letters and seven digits",
    standard="no published format; validator.js isPassportNumber (AU)",
)
register(
    "ae_passport_number", validate_ae,
    description="UAE passport number in the common form, a letter and seven digits (no reliable public format)",
    standard="no published format; validator.js isPassportNumber (AE)",
)
register(
    "travel_document_number", validate_travel_document,
    description="a document number that fits the MRZ field: 1-9 letters and digits",
    standard="ICAO Doc 9303 Part 4 (document number field)",
)
