"""A bounded memo of one field's quick path (`FieldPlan.quick`, `FieldPlan.checked`) per day
(issue 13).

Archive runs and ERP batches check the same values again and again: the buyer's name and tax ID
on every invoice of one buyer, the same unit, rate and date across the lines of one document.
The built-in kinds and checks are pure functions of the value and of the day the document is
judged on (a two-digit year's century, "not in the future", expiry all read `clock.today()`), so
a field's answer for one string on one day can be kept and given again.

The memo is `functools.lru_cache` over `(value, day)`, as the project's other memos of pure
functions (`checks.amount_in_words`, `detection`), bounded so that a stream of distinct values
costs nothing more than the work itself:

* only a `str` value of at most `MEMO_VALUE` characters is remembered (longer ones are rarely
  repeated, and a dict holding them would be the memory we bound);
* at most `MEMO_ENTRIES` (value, day) pairs per field, the least recently used going first: a
  long-running process judging "today" moves on at midnight, and the old day's answers age out.

An answer is shared between documents: the built-in kinds' normalisers and checks answer `str`
(`kinds.Normaliser`, `checks.Check`), immutable, or `SLOW`, a sentinel the engine only compares.

The engine's loops over a document's values call the memo itself (`FieldPlan.kept`, the
`lru_cache` below), asking the same two things first: a `str`, within `MEMO_VALUE`. One Python
call fewer per value; tests/engine/test_value_memo.py holds the engine to the bound.

Kinds and checks registered by plugins are never memoised (the plan asks `_plan._built_in`):
nothing says they are pure, and a plugin that counts its calls must see every one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

MEMO_VALUE = 64  # characters: the longest value remembered
MEMO_ENTRIES = 256  # (value, day) pairs remembered per field

Quick = Callable[[Any], Any]
DayQuick = Callable[[Any, date], Any]


def memoised_by_day(quick: Quick) -> DayQuick:
    """`quick` as a function of `(raw, day)`, its answers kept per value and day (see the module)."""

    @lru_cache(maxsize=MEMO_ENTRIES)
    def kept(raw: str, day: date) -> Any:
        return quick(raw)

    def remembered(raw: Any, day: date) -> Any:
        if type(raw) is str and len(raw) <= MEMO_VALUE:
            return kept(raw, day)
        return quick(raw)  # not hashable, or too long to keep

    remembered.kept = kept  # type: ignore[attr-defined]  # FieldPlan.kept: the engine's loops call it directly
    remembered.cache_info = kept.cache_info  # type: ignore[attr-defined]  # read by tests/engine/test_value_memo.py
    return remembered


def by_day(quick: Quick) -> DayQuick:
    """`quick` as a function of `(raw, day)` that remembers nothing (the plain path, plugins)."""

    def asked(raw: Any, day: date) -> Any:
        return quick(raw)

    return asked
