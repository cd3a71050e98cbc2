"""A bounded memo of one field's quick path (`FieldPlan.quick`, `FieldPlan.checked`) per day
(issue 13).

Archive runs and ERP batches check the same values again and again: the buyer's name and tax ID
on every invoice of one buyer, the same unit, rate and date across the lines of one document.
The built-in kinds and checks are pure functions of the value and of the day the document is
judged on (a two-digit year's century, "not in the future", expiry all read `clock.today()`), so
a field's answer for one string on one day can be kept and given again.

Bounds, so that a stream of distinct values costs nothing more than the work itself:

* only a `str` value of at most `MEMO_VALUE` characters is remembered (longer ones are rarely
  repeated, and hashing them is the cost we would save);
* only a `str` answer is kept: `SLOW` (the long way's business, which reports) and any other
  answer (an object of a kind of one's own, perhaps mutable) is asked for every time;
* at most `MEMO_ENTRIES` values per field and day: a full memo is cleared and starts again,
  rather than growing or paying for an eviction order;
* at most `MEMO_DAYS` days per field: a long-running process judging "today" moves on at
  midnight, and an archive run `as_of` many days keeps only the latest.

Kinds and checks registered by plugins are never memoised (the plan asks `_plan._built_in`):
nothing says they are pure, and a plugin that counts its calls must see every one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

MEMO_VALUE = 64  # characters: the longest value remembered
MEMO_ENTRIES = 128  # values remembered per field and day
MEMO_DAYS = 2  # days remembered per field

Quick = Callable[[Any], Any]
DayQuick = Callable[[Any, date], Any]


def memoised_by_day(quick: Quick) -> DayQuick:
    """`quick` as a function of `(raw, day)`, its `str` answers kept per day (see the module)."""
    memos: dict[date, dict[str, str]] = {}

    def remembered(raw: Any, day: date) -> Any:
        if type(raw) is not str or len(raw) > MEMO_VALUE:
            return quick(raw)
        memo = memos.get(day)
        if memo is None:
            if len(memos) >= MEMO_DAYS:
                memos.clear()  # a new day: the old ones are not asked for again
            memo = memos[day] = {}
        else:
            got = memo.get(raw)
            if got is not None:
                return got
        out = quick(raw)
        if type(out) is str:
            if len(memo) >= MEMO_ENTRIES:
                memo.clear()
            memo[raw] = out
        return out

    remembered.memos = memos  # type: ignore[attr-defined]  # read by tests/engine/test_value_memo.py
    return remembered


def by_day(quick: Quick) -> DayQuick:
    """`quick` as a function of `(raw, day)` that remembers nothing (the plain path, plugins)."""

    def asked(raw: Any, day: date) -> Any:
        return quick(raw)

    return asked
