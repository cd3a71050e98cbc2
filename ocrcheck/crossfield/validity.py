"""Expiry: has the document's validity ended before the day it is judged on (`as_of`)?

Identity documents, permits, licences and cards print the last day they are valid; that day
counts (a card valid until 2026-07-01 is still good on 2026-07-01). The day the document is
judged on is the one clock's (`ocrcheck.clock.today()`: the check's `as_of`, default today), so
a stored result re-checked later with the same `as_of` gets the same verdict.

What the end of validity looks like, by document:

* a date (`2036-07-01`): valid through that day;
* no end: 长期 / 長期 / 长期有效 (PRC cards and licences), SEUMUR HIDUP (Indonesian KTP), LIFETIME;
* a month: `MM/YY` on payment cards (ISO/IEC 7813: through the last day of that month), or
  `YYYY年MM月` / `YYYY-MM` (social security cards); a year, `2029` (the INE's vigencia, through
  31 December);
* a whole period as printed, `2016.07.01-2036.07.01` (有效期限), read when no end date is given.

An end that cannot be read is no finding here: the field's own checks report it.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from .. import clock
from .._messages import finding
from ..dates import normalise_date
from ..values import ValueProblem
from ._registry import DATES, TEXT, RuleParams, cross_rule
from ._util import as_date, get
from .identity import split_period

if TYPE_CHECKING:
    from .._models import Finding

NO_END = frozenset({"长期", "長期", "长期有效", "長期有效", "永久", "seumurhidup", "lifetime", "indefinite"})
_CARD_MONTH = re.compile(r"(\d{2})/(\d{2})")
_YEAR_MONTH = re.compile(r"(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*月?")
_YEAR = re.compile(r"\d{4}")
_SPACE_RUN = re.compile(r"\s+")
_ORDERS = ("ymd", "dmy", "mdy")


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12 or year < 1:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def last_valid_day(value: Any, order: str = "ymd") -> date | str | None:
    """The last day `value` (an end of validity) covers; `"no end"`; or None when unreadable.

    >>> last_valid_day("2036-07-01"), last_valid_day("12/28"), last_valid_day("2029")
    (datetime.date(2036, 7, 1), datetime.date(2028, 12, 31), datetime.date(2029, 12, 31))
    >>> last_valid_day("2030年2月"), last_valid_day("长期"), last_valid_day("SEUMUR HIDUP")
    (datetime.date(2030, 2, 28), 'no end', 'no end')
    >>> last_valid_day("17-08-2027", "dmy"), last_valid_day("soon")
    (datetime.date(2027, 8, 17), None)
    """
    if not isinstance(value, str):
        return None
    if len(value) == 10 and value.isascii():  # a normalised date (the common case): read as is
        day = as_date(value)
        if day is not None:
            return day  # what the steps below give it: NFKC and strip leave it as it is
    text = unicodedata.normalize("NFKC", value).strip()
    if _SPACE_RUN.sub("", text).casefold() in NO_END:
        return "no end"
    day = as_date(text)
    if day is not None and len(text) == 10:
        return day
    if match := _CARD_MONTH.fullmatch(text):
        return _month_end(2000 + int(match.group(2)), int(match.group(1)))
    if match := _YEAR_MONTH.fullmatch(text):
        return _month_end(int(match.group(1)), int(match.group(2)))
    if _YEAR.fullmatch(text):
        return date(int(text), 12, 31)
    try:
        return as_date(normalise_date(text, order if order in _ORDERS else "ymd"))  # type: ignore[arg-type]
    except ValueProblem:
        return None


@cross_rule(
    "not_expired",
    fields=("valid_until",),
    optional_fields=("valid_from", "period"),
    options=("date_order",),
    alternatives={"valid_until": "period"},
    # The end as the document prints it: a date, 长期 or SEUMUR HIDUP kept as text, a card's MM/YY,
    # a year and month, a year.
    kinds={"valid_until": (*DATES, "year_month", "year", *TEXT), "valid_from": DATES, "period": ("text",)},
    description="the document's validity has not ended before the day judged on (as_of), nor begun after it",
    standard="the document's issuing rules (end of validity)",
)
def not_expired(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """`valid_until` is not before the day judged on (else `expired`); `valid_from`, when given,
    is not after it (else `date`: not yet valid; most rule files leave that to `not_in_future`).

    A whole printed `period` (`2016.07.01-2036.07.01`) stands in for both when `valid_until` is
    absent or untrusted; `date_order` (`dmy`, `mdy`) reads an end kept as text (`17-08-2027`).
    """
    on = clock.today()
    out: list[Finding] = []
    end_name = start_name = p["valid_until"]
    end: date | str | None = last_valid_day(get(fields, end_name), str(p.get("date_order", "ymd")))
    start: date | None = None
    if p.get("valid_from"):
        start_name = p["valid_from"]
        start = as_date(get(fields, start_name))
    if end is None and p.get("period"):
        split = split_period(get(fields, p["period"]))
        if split is not None:  # the period as printed gives both ends
            start_name = end_name = p["period"]
            start, end = split[0], last_valid_day(split[1])
    if isinstance(end, date) and end < on:
        out.append(finding(end_name, "expired", "ended", value=get(fields, end_name), end=end, on=on))
    if start is not None and start > on:
        out.append(finding(start_name, "date", "not_yet_valid", value=get(fields, start_name), start=start, on=on))
    return out
