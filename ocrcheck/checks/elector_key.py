"""Clave de elector (Mexican voter key on the INE card, 墨西哥选民卡选民号).

Eighteen characters, no published check character: six letters taken from the surnames and
the given name, the birth date YYMMDD, a two-digit state code (01-32, the INEGI order:
01 Aguascalientes … 32 Zacatecas), the sex (H hombre, M mujer) and a three-digit homonymy
block. INE publishes no algorithm, so only the structure is checked here; its date and sex are
compared with the CURP by the cross-field rule `elector_key_curp`.

More information:

* domain.md §9.11 (structure from public sample data [U]); INE, "Credencial para votar"
* INEGI, Catálogo Único de Claves de Áreas Geoestadísticas (state codes 01-32)

>>> validate('SNAGGR98030506H500')
'SNAGGR98030506H500'
>>> get_birth_parts('SNAGGR98030506H500'), get_sex('SNAGGR98030506H500')
((98, 3, 5), 'M')
>>> validate('SNAGGR9803050H500')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('SNAGG198030506H500')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('SNAGGR98023006H500')  # 30 February
Traceback (most recent call last):
    ...
InvalidDate: ...
>>> validate('SNAGGR98030533H500')  # state 33
Traceback (most recent call last):
    ...
InvalidComponent: ...
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ._registry import InvalidDate, invalid, register

_FORMAT = re.compile(r"[A-Z]{6}\d{6}\d{2}[HM]\d{3}")


def compact(number: str) -> str:
    """Fold full-width forms, drop spaces and dashes, upper-case."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", number)).upper()


def get_birth_parts(number: str) -> tuple[int, int, int]:
    """(two-digit year, month, day) of the birth date."""
    number = compact(number)
    return int(number[6:8]), int(number[8:10]), int(number[10:12])


def get_sex(number: str) -> str:
    """'M' for H (hombre), 'F' for M (mujer)."""
    return {"H": "M", "M": "F"}[compact(number)[14]]


def validate(number: str) -> str:
    """Structure, a real birth date (either century) and a state code 01-32."""
    number = compact(number)
    if len(number) != 18:
        raise InvalidLength()
    if not number.isascii() or not _FORMAT.fullmatch(number):
        raise InvalidFormat()
    yy, month, day = get_birth_parts(number)
    if not any(_exists(century + yy, month, day) for century in (1900, 2000)):
        raise invalid(InvalidDate, "elector_birth_date")
    if not 1 <= int(number[12:14]) <= 32:
        raise invalid(InvalidComponent, "elector_state")
    return number


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def is_valid(number: str) -> bool:
    """Return whether the number is valid (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


register(
    "mx_elector_key", validate,
    description="Mexican clave de elector: 18 characters, a real birth date, state 01-32",
    standard="INE Credencial para votar (structure from public samples) [unverified]",
)
