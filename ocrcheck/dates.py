"""Dates, date-times and times of day as documents print them, read into ISO form.

Part of value normalisation (see `ocrcheck.values`): CJK (`2024年11月14日`), dotted, dashed,
slashed and compact forms, day-month-year and month-day-year with month names, Japanese era
dates (`令和08年06月13日`), `长期` (no end), times of day and date-times as tickets print them.
A value that is no date raises `ValueProblem` (`date` or `format`), which the engine turns into a
finding on the field. Kept apart from the other kinds so each module stays small.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from . import clock
from .values import LONG_TERM, ValueProblem, half_width

DateOrder = Literal["ymd", "dmy", "mdy"]
_SPACES = re.compile(r"\s+")


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("JAN", "JANUARY"),
            ("FEB", "FEBRUARY"),
            ("MAR", "MARCH"),
            ("APR", "APRIL"),
            ("MAY",),
            ("JUN", "JUNE"),
            ("JUL", "JULY"),
            ("AUG", "AUGUST"),
            ("SEP", "SEPT", "SEPTEMBER"),
            ("OCT", "OCTOBER"),
            ("NOV", "NOVEMBER"),
            ("DEC", "DECEMBER"),
        ],
        start=1,
    )
    for name in names
}

_CJK_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$")
_YMD = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_XY_4 = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_XY_2 = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{2})$")  # HKID prints issue dates DD-MM-YY
# `15 JAN 2015`, `15 1月/JAN 2015`, `15-JAN-2015`, `JAN 15, 2015`
_D_MON_Y = re.compile(r"^(\d{1,2})[\s\-./]*(?:\d{1,2}月\s*/\s*)?([A-Z]{3,9})[\s\-./,]*(\d{4})$")
_MON_D_Y = re.compile(r"^([A-Z]{3,9})[\s\-./]*(\d{1,2}),?[\s\-./]*(\d{4})$")
_TIME = re.compile(r"(\d{1,2})\s*[:：时]\s*(\d{2})\s*(?:分|[:：](\d{2})\s*秒?)?")

# Japanese era (和暦) dates: `令和08年06月13日`, `平成元年1月8日`, `昭和60年5月3日生`, `R8.6.13`.
# First days of the eras, from the Java SE 17 `java.time.chrono.JapaneseEra` constants
# (docs.oracle.com/en/java/javase/17/docs/api/java.base/java/time/chrono/JapaneseEra.html);
# Meiji begins there on 1868-01-01, before Japan's 1873 switch to the Gregorian calendar.
_ERAS = {
    "明治": date(1868, 1, 1),
    "大正": date(1912, 7, 30),
    "昭和": date(1926, 12, 25),
    "平成": date(1989, 1, 8),
    "令和": date(2019, 5, 1),
}
_ERA_INITIALS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
_ERA_DATE = re.compile(r"(明治|大正|昭和|平成|令和)(\d{1,2}|元)年(\d{1,2})月(\d{1,2})日")
_ERA_SHORT = re.compile(r"^([MTSHR])(\d{1,2})[-./](\d{1,2})[-./](\d{1,2})$")
# What a licence prints after a date: 生 (born), まで / まで有効 (valid until).
_ERA_SUFFIX = re.compile(r"(?:生|まで(?:有効)?)$")


def _make_date(year: int, month: int, day: int, raw: str) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise ValueProblem("date", "not_calendar", text=raw) from None


def _era_date(squeezed: str, raw: str) -> str | None:
    """A Japanese era date in ISO form; None when `squeezed` is not one.

    The era year counts from 1 (元年) in the era's first calendar year. A date before its era
    began is impossible; one after the era ended is kept: licences issued before 2019 print
    expiry dates such as 平成33年 (2021), projected on the era they were printed in.
    """
    match = _ERA_SHORT.match(squeezed) or _ERA_DATE.fullmatch(_ERA_SUFFIX.sub("", squeezed))
    if not match:
        return None
    era, year, month, day = match.groups()
    era = _ERA_INITIALS.get(era, era)
    era_year = 1 if year == "元" else int(year)
    start = _ERAS[era]
    if era_year == 0:
        raise ValueProblem("date", "era_year_zero", text=raw)
    iso = _make_date(start.year + era_year - 1, int(month), int(day), raw)
    if date.fromisoformat(iso) < start:
        raise ValueProblem("date", "before_era", text=raw, era=era, start=start.isoformat())
    return iso


# The fast path: the forms nearly every date is printed in, `2021年06月18日`, `2016.07.01`,
# `2024-11-14`, `20241114`, in ASCII digits without spaces, in one pattern. These are the first
# forms the general path reads, and they read the same in any date order; no era date has them
# (an era date starts with its era, never a digit). tests/engine/test_values_fast.py holds the two
# paths equal on generated input, errors included.
_FAST_DATE = re.compile(
    r"([0-9]{4})(?:年([0-9]{1,2})月([0-9]{1,2})[日号]?|[-./]([0-9]{1,2})[-./]([0-9]{1,2})|([0-9]{2})([0-9]{2}))"
)


# Months and days as printed → two digits; the month-days (`0630`) every year 1..9999 has: those
# of a common year, so not 29 February, which the calendar decides (tests/engine/test_values_fast.py
# reads every day of years 1..9999 and every day a month lacks against the calendar).
_MM = {f"{n}": f"{n:02d}" for n in range(1, 13)} | {f"{n:02d}": f"{n:02d}" for n in range(1, 13)}
_DD = {f"{n}": f"{n:02d}" for n in range(1, 32)} | {f"{n:02d}": f"{n:02d}" for n in range(1, 32)}
_COMMON_YEAR = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_EVERY_YEAR = frozenset(f"{m:02d}{d:02d}" for m, days in enumerate(_COMMON_YEAR, 1) for d in range(1, days + 1))


def _fast_date(value: str) -> str | None:
    """The ISO date of a date in a common printed form (or its `not_calendar` problem), else None."""
    match = _FAST_DATE.fullmatch(value)
    if match is None:
        return None
    last = match.lastindex  # the day's group; the month's is the one before
    year, month, day = match.group(1, last - 1, last)  # type: ignore[arg-type,operator]
    mm, dd = _MM.get(month), _DD.get(day)
    if mm is None or dd is None or mm + dd not in _EVERY_YEAR or year == "0000":
        return _make_date(int(year), int(month), int(day), value)  # the calendar decides
    return f"{year}-{mm}-{dd}"  # what date(...).isoformat() prints


# The month-name form of passports and foreign cards, `15 3月/MAR 1990`, `12 APR 1988`, `05 Mar 2019`:
# ASCII digits, single spaces, an ASCII month name in any case. The general path reads it only at
# `_D_MON_Y`, every pattern before it failing on a value that opens with one or two digits and a
# space; a name that is no month goes the general way (tests/engine/test_values_fast.py).
_FAST_MONTH_DATE = re.compile(r"([0-9]{1,2}) (?:[0-9]{1,2}月/)?([A-Za-z]{3,9}) ([0-9]{4})")
_MONTH_MM = {name: f"{number:02d}" for name, number in _MONTHS.items()}


def _fast_month_date(value: str) -> str | None:
    """The ISO date of a `DD MON YYYY` date (or its `not_calendar` problem), else None."""
    match = _FAST_MONTH_DATE.fullmatch(value)
    if match is None:
        return None
    day, name, year = match.groups()
    mm = _MONTH_MM.get(name.upper())
    if mm is None:
        return None  # not a month name: the general path says what it is
    dd = _DD.get(day)
    if dd is None or mm + dd not in _EVERY_YEAR or year == "0000":
        return _make_date(int(year), int(mm), int(day), value)  # the calendar decides
    return f"{year}-{mm}-{dd}"


def normalise_date(value: str, order: DateOrder = "ymd") -> str:
    """Read a printed date into ISO form. `order` decides `01/02/2024`-style ambiguity.

    >>> normalise_date("2024年11月14日"), normalise_date("2024.11.14"), normalise_date("20241114")
    ('2024-11-14', '2024-11-14', '2024-11-14')
    >>> normalise_date("14/11/2024", "dmy"), normalise_date("15 1月/JAN 2015")
    ('2024-11-14', '2015-01-15')
    >>> normalise_date("令和08年06月13日"), normalise_date("平成元年1月8日"), normalise_date("14 Mar. 1985")
    ('2026-06-13', '1989-01-08', '1985-03-14')
    """
    fast = _fast_date(value)
    if fast is None and value[:1].isdigit():
        fast = _fast_month_date(value)
    return fast if fast is not None else _normalise_date_general(value, order)


def _normalise_date_general(value: str, order: DateOrder = "ymd") -> str:
    text = half_width(value).strip().upper()
    if text in LONG_TERM:
        return "长期"
    text = _SPACES.sub(" ", text)
    squeezed = text.replace(" ", "")
    era = _era_date(squeezed, value)
    if era is not None:
        return era
    for pattern in (_CJK_DATE, _YMD, _COMPACT):
        match = pattern.match(squeezed)
        if match:
            y, m, d = (int(g) for g in match.groups())
            return _make_date(y, m, d, value)
    match = _XY_4.match(squeezed)
    if match:
        a, b, y = (int(g) for g in match.groups())
        if order == "ymd":
            raise ValueProblem("date", "ambiguous_order", text=value)
        day, month = (a, b) if order == "dmy" else (b, a)
        return _make_date(y, month, day, value)
    match = _XY_2.match(squeezed)
    if match and order != "ymd":
        a, b, yy = (int(g) for g in match.groups())
        # Two-digit years are issue dates: never in the future, so the century is the latest
        # that does not pass the current year.
        pivot = clock.today().year % 100
        year = (2000 if yy <= pivot else 1900) + yy
        day, month = (a, b) if order == "dmy" else (b, a)
        return _make_date(year, month, day, value)
    match = _D_MON_Y.match(text)
    if match and match.group(2) in _MONTHS:
        return _make_date(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)), value)
    match = _MON_D_Y.match(text)
    if match and match.group(1) in _MONTHS:
        return _make_date(int(match.group(3)), _MONTHS[match.group(1)], int(match.group(2)), value)
    raise ValueProblem("date", "no_date_form", text=value)


_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")
_DEPARTS = re.compile(r"[开開发發]$|^[开開]车")  # 开 / 开车: "departs", printed by tickets


def normalise_datetime(value: str, order: DateOrder = "ymd") -> str:
    """`2024-11-14 11:46`, `2024年11月14日11:46开` → `2024-11-14T11:46`; a bare date stays a date."""
    text = half_width(value).strip()
    if _ISO_DATETIME.fullmatch(text):
        return text
    times = list(_TIME.finditer(text))
    if not times:
        return normalise_date(text, order)
    clock = times[-1]
    date_part = (text[: clock.start()] + text[clock.end() :]).strip()
    date_part = _DEPARTS.sub("", date_part).strip().rstrip("T").strip()
    iso_date = normalise_date(date_part, order)
    hour, minute = int(clock.group(1)), int(clock.group(2))
    second = clock.group(3)
    if hour > 23 or minute > 59 or (second is not None and int(second) > 59):
        raise ValueProblem("date", "impossible_time", text=value)
    out = f"{iso_date}T{hour:02d}:{minute:02d}"
    return out + (f":{int(second):02d}" if second is not None else "")


def normalise_time(value: str) -> str:
    """A time of day: `9:05`, `09:05:30`, `11时46分` → `09:05`, `09:05:30`, `11:46`."""
    text = half_width(value).strip()
    clock = _TIME.fullmatch(text)
    if clock is None:
        raise ValueProblem("format", "not_time", text=value)
    hour, minute, second = clock.group(1), clock.group(2), clock.group(3)
    if int(hour) > 23 or int(minute) > 59 or (second is not None and int(second) > 59):
        raise ValueProblem("date", "impossible_time", text=value)
    return f"{int(hour):02d}:{minute}" + (f":{second}" if second is not None else "")
