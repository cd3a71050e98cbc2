"""NIK (Nomor Induk Kependudukan, Indonesian population identity number, KTP 印尼身份证号).

Sixteen digits, no check digit: PP RR SS (province, regency or city, district, the Kemendagri
area codes of where the number was issued), DDMMYY (birth date; women add 40 to the day) and a
four-digit serial.

python-stdnum's `id.nik` is used for the regency lookup (its bundled table), but it is not used
as the format check, for two errors found here:

* it reads the day as `DD % 40`, so days 81-99 pass (`…8108…` is read as the 1st); a real NIK
  day is 01-31 (men) or 41-71 (women);
* its table predates the Kemendagri province codes 65 (Kalimantan Utara, 2012) and 92-96 (the
  Papua provinces), so it rejects numbers issued there. Here the province (first two digits) is
  an error only when it is no Kemendagri province at all; the finer regency lookup is the
  separate warning check `id_nik_region`, since any bundled table ages;
* its own area lookup only ever tests the province: `3199…` (no regency 99 in Jakarta) passes.
  `id_nik_region` looks the regency up in the same table (`stdnum.numdb`, `id/loc`).

More information:

* https://id.wikipedia.org/wiki/Nomor_Induk_Kependudukan
* Permendagri 72/2019 (kode wilayah); python-stdnum `id/nik.py`, `id/loc.dat`; domain.md §9.3

>>> validate('3171011708450001')
'3171011708450001'
>>> validate('3171 0157 0845 0002')  # a woman born 17 August 1945
'3171015708450002'
>>> get_sex('3171015708450002'), get_birth_parts('3171015708450002')
('F', (45, 8, 17))
>>> validate('317101170845000')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('3171018108450001')  # day 81: stdnum reads it as the 1st
Traceback (most recent call last):
    ...
InvalidDate: ...
>>> validate('2071011708450001')  # 20 is no province
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate_region('3199011708450001')
Traceback (most recent call last):
    ...
InvalidComponent: ...
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from stdnum import numdb
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ._registry import InvalidDate, invalid, register

# Kemendagri province codes (Permendagri 72/2019 and the 2022 Papua provinces).
PROVINCES = frozenset(
    str(code)
    for code in (
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
        71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
    )
)  # fmt: skip


def compact(number: str) -> str:
    """Fold full-width digits, drop spaces, dots and dashes."""
    return re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", number))


def get_birth_parts(number: str) -> tuple[int, int, int]:
    """(two-digit year, month, day) of the birth date, the women's +40 removed."""
    number = compact(number)
    day = int(number[6:8])
    return int(number[10:12]), int(number[8:10]), day - 40 if day > 40 else day


def get_sex(number: str) -> str:
    """'F' when the day has 40 added, else 'M'."""
    return "F" if int(compact(number)[6:8]) > 40 else "M"


def _date_exists(yy: int, month: int, day: int) -> bool:
    # Only two year digits: 29 February is possible if either century makes it a leap year.
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
            return True
        except ValueError:
            continue
    return False


def validate(number: str) -> str:
    """Length, digits, province, and a real birth date with day 01-31 or 41-71."""
    number = compact(number)
    if len(number) != 16:
        raise InvalidLength()
    if not number.isascii() or not number.isdigit():
        raise InvalidFormat()
    if number[:2] not in PROVINCES:
        raise invalid(InvalidComponent, "nik_province")
    raw_day = int(number[6:8])
    yy, month, day = get_birth_parts(number)
    if not (1 <= raw_day <= 31 or 41 <= raw_day <= 71) or not _date_exists(yy, month, day):
        raise invalid(InvalidDate, "nik_birth_date")
    return number


def validate_region(number: str) -> str:
    """The regency or city (digits 1-4) is in python-stdnum's table of Indonesian areas."""
    number = validate(number)
    levels = numdb.get("id/loc").info(number[:4])
    if len(levels) < 2 or not levels[0][1] or not levels[1][1]:
        raise invalid(InvalidComponent, "nik_regency")
    return number


def is_valid(number: str) -> bool:
    """Return whether the number is valid (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


def format(number: str) -> str:
    """The number as printed: sixteen digits, no separators."""
    return compact(number)


register(
    "id_nik", validate,
    description="Indonesian NIK: 16 digits, province, birth date (day + 40 for women)",
    standard="Permendagri 72/2019 (kode wilayah); UU 24/2013 Administrasi Kependudukan",
)
register(
    "id_nik_region", validate_region,
    description="NIK regency or city code (digits 1-4) is a known Indonesian area (a warning)",
    standard="Permendagri 72/2019 kode wilayah (python-stdnum id/loc.dat)",
)
