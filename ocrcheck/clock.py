"""The one clock: the day a document is judged on (`as_of`).

Whatever depends on "today" — is a birth date in the future, has an identity card expired, which
century does a two-digit year belong to — reads `today()` here and nowhere else, so one document
gets one verdict whatever day it is re-checked, given the same `as_of`.

The engine sets the day for the duration of one check (`judged_on`); checks and cross-field
rules are called by name with a value only, so the day travels in a `ContextVar` rather than as an
argument: no I/O, and each thread or asyncio task sees its own check's day. Outside a check (or
when no day was given) `today()` is the system date, read by `system_today` only.
"""

from __future__ import annotations

import datetime
from contextvars import ContextVar, Token

from ._exceptions import InputError

_AS_OF: ContextVar[datetime.date | None] = ContextVar("ocrcheck_as_of", default=None)


def system_today() -> datetime.date:
    """The machine's date: the only call of `date.today()` in ocrcheck (tests set it here)."""
    return datetime.date.today()


def today() -> datetime.date:
    """The day documents are judged on: the running check's `as_of`, else the system date."""
    day = _AS_OF.get()
    return day if day is not None else system_today()


class judged_on:  # lower case: used like the function it was, `with clock.judged_on(day) as fixed:`
    """Judge on `day` (None: `today()`, fixed once for the whole block) until the block ends.

    A class rather than a `@contextmanager` generator: every `check()` enters it twice, and the
    generator's machinery cost more than the check of a short field (issue 13)."""

    __slots__ = ("_day", "_token")
    _token: Token[datetime.date | None] | None

    def __init__(self, day: datetime.date | None) -> None:
        self._day = day

    def __enter__(self) -> datetime.date:
        fixed = self._day
        if fixed is None:
            fixed = _AS_OF.get()
            if fixed is not None:  # already inside a judged block: its day holds, nothing to set
                self._token = None
                return fixed
            fixed = system_today()
        self._token = _AS_OF.set(fixed)
        return fixed

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _AS_OF.reset(self._token)


def as_date(value: datetime.date | str | None) -> datetime.date | None:
    """`as_of` as given to the library or `--as-of`: a date, `YYYY-MM-DD`, or None (today).

    A datetime counts by its date. Anything else is an `InputError` (a usage error, exit 2)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        raise InputError(f"as_of must be a date YYYY-MM-DD, got {value[:40]!r}")
    raise InputError(f"as_of must be a date YYYY-MM-DD, got a {type(value).__name__}")
