"""Year and month (制造年月, the manufacture date of a vehicle nameplate).

Nameplates (GB 7258 §4.1.2; domain.md §3.2) print the month of manufacture only: `2019年5月`,
`2019-05`, `2019.05`, `201905`. The engine has no year-month value kind, so such a field is kind
`text` and this check reads it and returns the canonical `YYYY-MM`. A full date (some plates and
certificates print the day) is accepted and reduced to its month: the nameplate's precision.

A month that does not exist, a year before 1900 or a month after the current one (a vehicle is not
made in the future) raises `InvalidDate`, reported as `date`.

More information:

* GB 7258-2017 机动车运行安全技术条件 (产品标牌); GB/T 18411 机动车产品标牌
* domain.md §3.2

>>> validate('2019年5月')
'2019-05'
>>> validate('2019-05'), validate('2019.5'), validate('201905'), validate('2019年05月12日')
('2019-05', '2019-05', '2019-05', '2019-05')
>>> validate('２０１９年１２月')
'2019-12'
>>> validate('2019年13月')
Traceback (most recent call last):
    ...
InvalidDate: ...
>>> validate('May 2019')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('2999-01')
Traceback (most recent call last):
    ...
InvalidDate: ...
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from stdnum.exceptions import InvalidFormat

from .. import clock
from ._registry import InvalidDate, invalid, register

# Year, separator (年 . - /), month, optional day; or the compact YYYYMM(DD).
_SEPARATED = re.compile(r"(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*月?(?:\s*(?:[-./])?\s*(\d{1,2})\s*[日号]?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})?")


def compact(value: str) -> str:
    """Fold full-width characters and strip surrounding spaces."""
    return unicodedata.normalize("NFKC", value).strip()


def validate(value: str) -> str:
    """Return `YYYY-MM`, or raise `InvalidFormat` (not a year-month) or `InvalidDate`."""
    text = compact(value)
    match = _SEPARATED.fullmatch(text) or _COMPACT.fullmatch(text)
    if not match:
        raise invalid(InvalidFormat, "not_year_month")
    year, month = int(match.group(1)), int(match.group(2))
    day = match.group(3)
    if not 1 <= month <= 12:
        raise invalid(InvalidDate, "no_such_month")
    if day is not None:
        try:
            datetime.date(year, month, int(day))
        except ValueError:
            raise invalid(InvalidDate, "no_such_day") from None
    today = clock.today()
    if year < 1900 or (year, month) > (today.year, today.month):
        raise invalid(InvalidDate, "implausible_month")
    return f"{year:04d}-{month:02d}"


def is_valid(value: str) -> bool:
    """Return whether the value is a plausible year and month (never raises)."""
    try:
        return bool(validate(value))
    except ValueError:
        return False


def format(value: str) -> str:
    """Return the value in the canonical `YYYY-MM` form."""
    return validate(value)


register(
    "year_month", validate,
    description="year and month YYYY-MM, not before 1900 nor in the future",
    standard="GB 7258-2017 机动车运行安全技术条件 (产品标牌); GB/T 18411",
)
