"""Vietnamese citizen identity number (Số định danh cá nhân, CCCD / Căn cước, 越南身份证号).

Twelve digits, no check digit: a three-digit code of the province where the birth was
registered, one century/sex digit (0/1 for the 20th century, 2/3 for the 21st, 4/5 the 22nd,
6/7 the 23rd, 8/9 the 24th; even = male, odd = female), the last two digits of the birth year,
and six random digits. python-stdnum has no module for it (`vn.mst` is the tax code).

The province codes are those of Circular 07/2016/TT-BCA, Appendix 1 (63 provinces, 001 Hà Nội
… 096 Cà Mau). A code outside that list is the warning check `vn_cccd_province`, not an error:
citizens whose birth was registered abroad carry other codes.

More information:

* Circular 07/2016/TT-BCA, Art. 7 and Appendix 1 (thuvienphapluat.vn, lawnet.vn)
* https://en.wikipedia.org/wiki/National_identification_number#Vietnam; domain.md §9.5

>>> validate('020093001656')
'020093001656'
>>> get_birth_year('020093001656'), get_sex('020093001656')
(1993, 'M')
>>> get_birth_year('079305001234'), get_sex('079305001234')
(2005, 'F')
>>> validate('02009300165')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('02009300165A')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('020493001656')  # century digit 4: born 2193
Traceback (most recent call last):
    ...
InvalidDate: ...
>>> validate_province('003093001656')  # 003 is no province code
Traceback (most recent call last):
    ...
InvalidComponent: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from .. import clock
from ._registry import InvalidDate, invalid, register

# Circular 07/2016/TT-BCA, Appendix 1: province codes of the place of birth registration.
PROVINCES = frozenset(
    f"{code:03d}"
    for code in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40,
        42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83,
        84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    )
)  # fmt: skip


def compact(number: str) -> str:
    """Fold full-width digits, drop spaces and dashes."""
    return re.sub(r"[\s\-.]", "", unicodedata.normalize("NFKC", number))


def get_birth_year(number: str) -> int:
    """The full birth year: 1900 + 100 × (century digit // 2) + the two year digits."""
    number = compact(number)
    return 1900 + 100 * (int(number[3]) // 2) + int(number[4:6])


def get_sex(number: str) -> str:
    """'M' for an even century/sex digit, 'F' for an odd one."""
    return "M" if int(compact(number)[3]) % 2 == 0 else "F"


def validate(number: str) -> str:
    """Twelve digits whose century/sex digit and year give a birth year not in the future."""
    number = compact(number)
    if len(number) != 12:
        raise InvalidLength()
    if not number.isascii() or not number.isdigit():
        raise InvalidFormat()
    if get_birth_year(number) > clock.today().year:
        raise invalid(InvalidDate, "cccd_birth_year")
    return number


def validate_province(number: str) -> str:
    """The first three digits are one of the 63 province codes of Circular 07/2016."""
    number = validate(number)
    if number[:3] not in PROVINCES:
        raise invalid(InvalidComponent, "cccd_province")
    return number


def is_valid(number: str) -> bool:
    """Return whether the number is valid (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


def format(number: str) -> str:
    return compact(number)


register(
    "vn_cccd", validate,
    description="Vietnamese citizen ID: 12 digits, century/sex digit and birth year not in the future",
    standard="Circular 07/2016/TT-BCA, Art. 7",
)
register(
    "vn_cccd_province", validate_province,
    description="the Vietnamese citizen ID's first three digits are one of the 63 province codes",
    standard="Circular 07/2016/TT-BCA, Appendix 1",
)
