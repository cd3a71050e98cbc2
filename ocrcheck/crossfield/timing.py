"""Times of day in order: a taxi ride's pick-up and drop-off (domain.md §4.7).

A taxi receipt prints the date once and the two clock times (`上车 23:50`, `下车 00:20`). A
drop-off earlier than the pick-up is a ride past midnight, plausible only while the ride is
short: `next_day_within_hours` says how long (6 for taxis). A longer wrap is an OCR misread
(`10:05` for `18:05`) or a wrong receipt. Date-times are compared by `date_order`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ._registry import RuleParams, cross_rule
from ._util import get

if TYPE_CHECKING:
    from .._models import Finding

_CLOCK = re.compile(r"(\d{2}):(\d{2})(?::(\d{2}))?")
_DAY = 24 * 3600


def seconds_of_day(value: Any) -> int | None:
    """`09:05` → 32700, `09:05:30` → 32730; None for anything else."""
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


@cross_rule(
    "time_order",
    fields=("earlier", "later"),
    options=("next_day_within_hours",),
    kinds={"earlier": ("time",), "later": ("time",)},
    description="later time ≥ earlier, or the next day within `next_day_within_hours`",
    standard="document-type rule (a ride past midnight)",
)
def time_order(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """`later` is not before `earlier`, unless it is the next day within the allowed hours."""
    first, second = seconds_of_day(get(fields, p["earlier"])), seconds_of_day(get(fields, p["later"]))
    if first is None or second is None or second >= first:
        return []
    hours = p.get("next_day_within_hours", 0)
    if second + _DAY - first <= hours * 3600:
        return []
    later, earlier = get(fields, p["later"]), get(fields, p["earlier"])
    ctx = {"later": p["later"], "later_value": later, "earlier": p["earlier"], "earlier_value": earlier}
    if hours:
        return [finding(p["later"], "date", "time_before_next_day", value=later, hours=hours, **ctx)]
    return [finding(p["later"], "date", "time_before", value=later, **ctx)]
