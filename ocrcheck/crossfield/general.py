"""Generic cross-field rules: dates in order, values that must differ or agree."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .. import clock
from .._messages import finding
from ._registry import ANY, DATES, RuleParams, cross_rule
from ._util import as_date, as_moment, get

if TYPE_CHECKING:
    from .._models import Finding


@cross_rule(
    "date_order",
    fields=("earlier", "later"),
    options=("strict",),
    kinds={"earlier": DATES, "later": DATES},
    description="earlier ≤ later (strict: before); two date-times are compared to the second, else the days",
    standard="document-type rule (dates in the order the document prints them)",
)
def date_order(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """`earlier` ≤ `later` (strictly before with `strict = true`); 长期 counts as open-ended.

    Two date-times (`2024-11-14T09:05:30`, a toll road's entry and exit) are compared to the
    second; when either side is a bare date, the dates are compared.

    >>> p = RuleParams("date_order", "error", {"earlier": "pick_up", "later": "drop_off"})
    >>> [f.field for f in date_order({"pick_up": "2024-11-14T09:05", "drop_off": "2024-11-14T08:40"}, p)]
    ['drop_off']
    >>> date_order({"pick_up": "2024-11-14", "drop_off": "2024-11-14T08:40"}, p)  # same day
    []
    """
    first, second = as_moment(get(fields, p["earlier"])), as_moment(get(fields, p["later"]))
    if first is None or second is None:
        return []
    if not (isinstance(first, datetime) and isinstance(second, datetime)):
        first, second = _day(first), _day(second)
    if second < first or (p.get("strict", False) and second == first):
        return [
            finding(p["later"], "date", "before" if second < first else "not_after", value=get(fields, p["later"]),
                    later=p["later"], later_value=second, earlier=p["earlier"], earlier_value=first)
        ]
    return []


def _day(moment: date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


@cross_rule(
    "not_in_future",
    fields=("field",),
    kinds={"field": DATES},
    description="the date is not after today",
    standard="document-type rule",
)
def not_in_future(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    day = as_date(get(fields, p["field"]))
    if day is not None and day > clock.today():
        return [finding(p["field"], "date", "in_future", value=get(fields, p["field"]), day=day)]
    return []


def _fold(value: Any) -> str:
    return "".join(str(value).split()).casefold()


@cross_rule(
    "different_values",
    fields=("a", "b"),
    kinds={"a": ANY, "b": ANY},
    description="two fields differ (compared without spaces and case)",
    standard="document-type rule",
)
def different_values(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    a, b = get(fields, p["a"]), get(fields, p["b"])
    if a is not None and b is not None and _fold(a) == _fold(b):
        return [finding(p["b"], "mismatch", "same_as", value=b, a=p["a"], b=p["b"])]
    return []


@cross_rule(
    "same_values",
    fields=("a", "b"),
    kinds={"a": ANY, "b": ANY},
    description="two fields agree (compared without spaces and case)",
    standard="document-type rule",
)
def same_values(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    a, b = get(fields, p["a"]), get(fields, p["b"])
    if a is not None and b is not None and _fold(a) != _fold(b):
        return [finding(p["b"], "mismatch", "differs_from", value=b, a=p["a"], b=p["b"])]
    return []
