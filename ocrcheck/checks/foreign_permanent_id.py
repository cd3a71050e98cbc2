"""Foreign permanent resident ID number (外国人永久居留身份证号码), 2023 and 2017 cards.

2023 card (issued from 2023-12-01): 18 characters modelled on the citizen number of GB 11643:
`9` (the foreigner mark; citizen numbers start 1-8), the 2-digit province-level code of the
office that took the application, the 3-digit numeric code of the holder's nationality, the birth
date YYYYMMDD (positions 7-14), a 3-digit sequence whose last digit (17th) is odd for men and
even for women, and an ISO 7064 MOD 11-2 check character, computed as for citizen numbers.

2017 card: 15 characters, `AAA` + 12 digits: the 3-letter (ICAO/ISO 3166 alpha-3) nationality
code, a 4-digit region code of the issuing office (province + city, e.g. `1100` Beijing), the
birth date YYMMDD (positions 8-13) and two more digits. The National Immigration
Administration's example number `KAZ110090123105` ends in the ICAO 9303 7-3-1 check digit of the
first 14 characters; that is not stated as a rule anywhere we found, so it is a separate
warning-level check (`cn_foreign_permanent_id_check_2017`).

Sources:

* 国家移民管理局《新版外国人永久居留身份证机读信息规则(2023版)》/《适配性改造要点》, mirrored at
  www.eastcoms.com/service/pro/840.html and gzwubang.com/service/pro/840.html: 15 characters
  (3 Latin letters + 12 digits) become 18 (17 digits + check), first digit `9`, the letters
  become a numeric code, last character MOD 11-2 "与公民身份号码校验方式相同".
* The guide's example numbers, as quoted at blog.csdn.net/weixin_47180815/article/details/134553563:
  `932682198501010017` (2023: province 32, nationality 682, born 1985-01-01, male) and
  `KAZ110090123105` (2017: Kazakhstan, Beijing, born 1990-12-31).
* domain.md §1.1 (MOD 11-2), keys.md (`cn_foreign_permanent_resident_id`).

>>> validate('932682198501010017')
'932682198501010017'
>>> validate('KAZ110090123105')
'KAZ110090123105'
>>> validate('932682198501010018')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> validate('132682198501010017')  # a citizen number's first digit
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('992682198501010011')  # province 99
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate('932682198502300017')
Traceback (most recent call last):
    ...
InvalidDate: ...
>>> validate('KAZ110090133105')  # month 13
Traceback (most recent call last):
    ...
InvalidDate: ...
>>> validate('KA1110090123105')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('93268219850101001')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> get_birth_date('932682198501010017')
datetime.date(1985, 1, 1)
>>> get_birth_date('KAZ110090123105')
datetime.date(1990, 12, 31)
>>> get_sex('932682198501010017')
'M'
>>> get_sex('KAZ110090123105') is None
True
>>> validate_check_2017('KAZ110090123105')
'KAZ110090123105'
>>> validate_check_2017('KAZ110090123107')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
"""

from __future__ import annotations

import datetime
import re

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.iso7064 import mod_11_2

from .. import clock
from ._registry import InvalidDate, invalid, register
from .resident_id import EARLIEST_BIRTH_YEAR, PROVINCES, compact

__all__ = [
    "calc_check_digit",
    "calc_check_digit_2017",
    "compact",
    "get_birth_date",
    "get_sex",
    "is_valid",
    "validate",
    "validate_check_2017",
]

_FORMAT_2023 = re.compile(r"9[0-9]{16}[0-9X]")
_FORMAT_2017 = re.compile(r"[A-Z]{3}[0-9]{12}")

# Applications are taken by mainland offices: the province-level codes of GB/T 2260 without
# Taiwan (71) and the residence-permit prefixes (81-83).
_MAINLAND_PROVINCES = PROVINCES - {"71", "81", "82", "83"}


def calc_check_digit(number: str) -> str:
    """The MOD 11-2 check character of a 2023 number's 17-digit body."""
    return mod_11_2.calc_check_digit(compact(number)[:17])


def _icao_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def calc_check_digit_2017(number: str) -> str:
    """The ICAO 9303 7-3-1 check digit over a 2017 number's first 14 characters."""
    body = compact(number)[:14]
    return str(sum(_icao_value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(body)) % 10)


def _date_2017(yymmdd: str) -> datetime.date:
    """YYMMDD without a century: the latest such date not after today."""
    today = clock.today()
    year, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    for century in (2000, 1900):
        try:
            candidate = datetime.date(century + year, month, day)
        except ValueError:
            raise invalid(InvalidDate, "birth_date_in_number") from None
        if candidate <= today:
            return candidate
    raise invalid(InvalidDate, "birth_date_in_number")  # pragma: no cover


def get_birth_date(number: str) -> datetime.date:
    """The birth date inside the number (either form); an impossible date raises `InvalidDate`."""
    number = compact(number)
    if len(number) == 15:
        return _date_2017(number[7:13])
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise invalid(InvalidDate, "birth_date_in_number") from None


def get_sex(number: str) -> str | None:
    """'M' or 'F' from the 17th digit of a 2023 number; None for the 2017 form (not published)."""
    number = compact(number)
    if len(number) != 18 or not number[16].isdigit():
        return None
    return "M" if int(number[16]) % 2 else "F"


def _check_birth(birth: datetime.date) -> None:
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise invalid(InvalidDate, "birth_year_early", year=EARLIEST_BIRTH_YEAR)
    if birth > clock.today():
        raise invalid(InvalidDate, "birth_date_future")


def validate(number: str) -> str:
    """Check a 2023 (18-character) or 2017 (15-character) number; return its compact form."""
    number = compact(number)
    if len(number) == 18:
        if not _FORMAT_2023.fullmatch(number):
            raise invalid(InvalidFormat, "permanent_2023")
        if number[1:3] not in _MAINLAND_PROVINCES:
            raise invalid(InvalidComponent, "issuing_province")
        _check_birth(get_birth_date(number))
        if not mod_11_2.is_valid(number):
            raise InvalidChecksum()
        return number
    if len(number) == 15:
        if not _FORMAT_2017.fullmatch(number):
            raise invalid(InvalidFormat, "permanent_2017")
        if number[3:5] not in _MAINLAND_PROVINCES:
            raise invalid(InvalidComponent, "issuing_province")
        _check_birth(get_birth_date(number))
        return number
    raise invalid(InvalidLength, "permanent_length")


def validate_check_2017(number: str) -> str:
    """The last digit of a 2017 number is the 7-3-1 check digit (as in the official example).

    A 2023 number passes through (its check is part of `validate`).
    """
    number = validate(number)
    if len(number) == 15 and number[14] != calc_check_digit_2017(number):
        raise invalid(InvalidChecksum, "permanent_731")
    return number


def is_valid(number: str) -> bool:
    """Whether the number is valid (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


register(
    "cn_foreign_permanent_id", validate,
    description="foreign permanent resident ID: 2023 card (18 characters, birth date, MOD 11-2) or 2017 card",
    standard="GB 11643-1999 layout; ISO 7064 MOD 11-2 (2023 card); 公安部 2017 card numbering",
)
register(
    "cn_foreign_permanent_id_check_2017", validate_check_2017,
    description="2017 foreign permanent resident ID: the last digit is the 7-3-1 check digit",
    standard="7-3-1 weighted check digit (as in the official 2017 specimen)",
)
