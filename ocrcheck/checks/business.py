"""Food business and food production licence numbers (食品经营许可证, 食品生产许可证).

A food business licence number is `JY` + 14 digits: business form (1 digit: 1 sales, 2
catering, 3 canteen [U]; any non-zero digit is accepted), province, city and county (2 each,
GB/T 2260), sequence (6), check digit (1). A food production licence number is `SC` + 14
digits: food category (3: `1` + 01-31 for foods, `2` + 01-03 for additives), province, city,
county (2 each), sequence (4), check digit (1). Neither check algorithm is public, so only the
structure is checked; the old `QS` numbers expired on 2018-09-30.

More information:

* 《食品经营许可管理办法》 and 《食品生产许可管理办法》(总局令第16号, 2015) art. 29, domain.md §7.2, §7.3

>>> validate('JY14401060012345')
'JY14401060012345'
>>> validate('JY19901060012345')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: ...
>>> validate_food_production('SC10644010600123')
'SC10644010600123'
>>> validate_food_production('SC13244010600123')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: ...
>>> validate('JY1440106001234')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ._registry import invalid, register
from .invoice import PROVINCE_CODES


def compact(number: str) -> str:
    """Fold full-width forms, drop spaces and hyphens, upper-case."""
    return re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", number)).upper()


def _licence(number: str, prefix: str) -> str:
    number = compact(number)
    if len(number) != 16:
        raise invalid(InvalidLength, "licence_length", prefix=prefix, found=len(number))
    if not number.startswith(prefix) or not number[2:].isdigit() or not number.isascii():
        raise invalid(InvalidFormat, "licence_form", prefix=prefix)
    return number


def validate(number: str) -> str:
    """A food business licence number (JY + 14 digits)."""
    number = _licence(number, "JY")
    if number[2] == "0":
        raise invalid(InvalidComponent, "business_form_digit")
    if number[3:5] not in PROVINCE_CODES:
        raise invalid(InvalidComponent, "region_province")
    return number


def validate_food_production(number: str) -> str:
    """A food production licence number (SC + 14 digits)."""
    number = _licence(number, "SC")
    kind, category = number[2], int(number[3:5])
    if kind not in "12" or not 1 <= category <= (31 if kind == "1" else 3):
        raise invalid(InvalidComponent, "food_category")
    if number[5:7] not in PROVINCE_CODES:
        raise invalid(InvalidComponent, "region_province")
    return number


def is_valid(number: str) -> bool:
    """Whether `number` is a valid food business licence number."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


# Registered by call, not as decorators, so the functions keep their precise types.
register(
    "food_business_licence_number", validate,
    description="food business licence number: JY and 14 digits",
    standard="《食品经营许可管理办法》(总局令第17号, 2015) art. 29",
)
register(
    "food_production_licence_number", validate_food_production,
    description="food production licence number: SC and 14 digits",
    standard="《食品生产许可管理办法》(总局令第16号, 2015) art. 29",
)
