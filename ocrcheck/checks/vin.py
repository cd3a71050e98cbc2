"""VIN (vehicle identification number, 车辆识别代号, ISO 3779 / GB 16735 / 49 CFR 565).

Seventeen characters without I, O and Q: world manufacturer identifier (1-3), vehicle
descriptor (4-8), check digit (9), model year (10), plant (11), serial (12-17). The check digit
is the weighted sum of transliterated values mod 11 (`X` for 10); letters transliterate as
A-H 1-8, J-N 1-5, P 7, R 9, S-Z 2-9, the weights are 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2.

The check digit is mandatory in North America (WMI starting 1-5) and in China (L), so `vin`
enforces it there only; European VINs often put a filler such as `Z` in position 9.
`vin_check_digit` enforces it always (rules use it as a warning elsewhere).

Known limits of the standard's check digit (tests/checks/test_properties_a.py): it misses a
substitution between characters with the same transliterated value (A, J and 1; B, K, S and 2;
...), a transposition of two such characters, a swap of positions 8 and 9 when both are digits
(weight 10 is -1 mod 11, so the sum is symmetric in them) and a swap of positions 9 and 10
when they are `X` and `4`. And `vin` is only as good as position 1: a first character misread
into a region without a mandatory check digit switches the check off.

More information:

* ISO 3779; GB 16735-2019; 49 CFR 565.15 Table IV
* https://en.wikipedia.org/wiki/Vehicle_identification_number
* domain.md §0.5, §1.5, §12

>>> validate('1M8GDM9AXKP042788')
'1M8GDM9AXKP042788'
>>> validate('WP0ZZZ99ZTS392124')  # European: no check digit required
'WP0ZZZ99ZTS392124'
>>> validate('1M8GDM9AXKP04278')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('1M8GDM9AXKP04278O')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('1M8GDM9A1KP042788')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> validate_check_digit('WP0ZZZ99ZTS392124')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> calc_check_digit('1M8GDM9A?KP042788')
'X'
>>> model_years('1M8GDM9AXKP042788')
(1989, 2019)
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from .. import clock
from ._registry import invalid, register

ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"

# Digits keep their value; each letter's value is the digit below it.
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_VALUES_ = "12345678123457923456789"
TRANSLITERATION: dict[str, int] = {char: int(char) for char in "0123456789"} | {
    letter: int(value) for letter, value in zip(_LETTERS, _VALUES_, strict=True)
}
WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)

# Position 10, a 30-year cycle starting 1980 (never I, O, Q, U, Z or 0).
MODEL_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"

# First WMI characters of regions where the check digit is mandatory: North America and China.
CHECKED_REGIONS = "12345L"

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―()]")
_FORMAT = re.compile(f"[{ALPHABET}]{{17}}")


def compact(number: str) -> str:
    """Fold full-width characters, drop spaces and dashes, upper-case."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", number)).upper()


def calc_check_digit(number: str) -> str:
    """Return the check digit of a whole 17-character VIN (position 9 is ignored: weight 0)."""
    pairs = zip(number, WEIGHTS, strict=True)
    total = sum(TRANSLITERATION[char] * weight for char, weight in pairs if weight)
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def _check_shape(number: str) -> str:
    number = compact(number)
    if len(number) != 17:
        raise InvalidLength()
    if not _FORMAT.fullmatch(number):
        raise InvalidFormat()
    return number


def validate_check_digit(number: str) -> str:
    """Check length, alphabet and the position-9 check digit whatever the region."""
    number = _check_shape(number)
    if calc_check_digit(number) != number[8]:
        raise InvalidChecksum()
    return number


def validate(number: str) -> str:
    """Check length and alphabet; the check digit only for North American and Chinese WMIs."""
    number = _check_shape(number)
    if number[0] in CHECKED_REGIONS:
        return validate_check_digit(number)
    return number


def is_valid(number: str) -> bool:
    """Return whether the VIN is valid (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


def model_years(number: str) -> tuple[int, ...]:
    """Return the candidate model years of position 10 up to next year (30-year cycle).

    An unknown code raises `InvalidComponent`.
    """
    code = compact(number)[9:10]
    if not code or code not in MODEL_YEAR_CODES:
        raise invalid(InvalidComponent, "vin_year_code")
    first = 1980 + MODEL_YEAR_CODES.index(code)
    last = clock.today().year + 1  # a model year can run one calendar year ahead
    return tuple(range(first, last + 1, 30))


register(
    "vin", validate,
    description="VIN: 17 characters without I, O, Q; the check digit where the region uses one (North America, China)",
    standard="ISO 3779; GB 16735-2019; 49 CFR 565.15",
)
register(
    "vin_check_digit", validate_check_digit,
    description="VIN whose position-9 check digit is right, whatever the region",
    standard="49 CFR 565.15 Table IV; GB 16735-2019",
)
