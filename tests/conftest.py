"""Suite-wide settings.

Hypothesis's per-example deadline is off: tests never depend on time, and the 200 ms default
failed property tests on a loaded machine although every example passed.

Tests never depend on the real date either: the one clock (`ocrcheck.clock.system_today`) says
`SUITE_TODAY` in every test, so an expiry or "not in the future" verdict is the same on any day
the suite runs. A test about another day passes `as_of` or sets the clock itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from hypothesis import settings

from ocrcheck import clock

SUITE_TODAY = datetime.date(2025, 6, 1)

settings.register_profile("ocrcheck", deadline=None)
settings.load_profile("ocrcheck")


@pytest.fixture(autouse=True, scope="session")
def _suite_clock() -> Iterator[None]:
    # Session-wide, not per test: Hypothesis refuses function-scoped fixtures under @given.
    real = clock.system_today
    clock.system_today = lambda: SUITE_TODAY
    yield
    clock.system_today = real
