"""The one clock: the day a check is judged on, held for one block (`clock.judged_on`)."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from ocrcheck import clock


def test_a_block_fixes_its_day_and_restores_the_clock_after() -> None:
    outside = clock.today()
    with clock.judged_on(date(2020, 2, 29)) as day:
        assert day == clock.today() == date(2020, 2, 29)
    assert clock.today() == outside


def test_a_block_without_a_day_inside_one_keeps_the_outer_day() -> None:
    with clock.judged_on(date(2019, 1, 2)), clock.judged_on(None) as inner:
        assert inner == clock.today() == date(2019, 1, 2)
    with clock.judged_on(date(2019, 1, 2)):
        with clock.judged_on(date(2030, 5, 6)) as given:  # a day given inside wins, for its block
            assert given == clock.today() == date(2030, 5, 6)
        assert clock.today() == date(2019, 1, 2)


def test_a_block_without_a_day_fixes_the_system_date_once(monkeypatch: pytest.MonkeyPatch) -> None:
    days = iter([date(2024, 12, 31), date(2025, 1, 1)])
    monkeypatch.setattr(clock, "system_today", lambda: next(days))
    with clock.judged_on(None) as day:
        assert day == clock.today() == clock.today() == date(2024, 12, 31)  # midnight passes: same day


def test_an_exception_leaves_the_clock_as_it_was() -> None:
    outside = clock.today()
    with pytest.raises(ZeroDivisionError), clock.judged_on(date(2001, 1, 1)):
        _ = 1 / 0
    assert clock.today() == outside


def test_each_thread_sees_its_own_day() -> None:
    seen: dict[str, date] = {}
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with clock.judged_on(date(1999, 9, 9)):
            inside.set()
            release.wait(5)
            seen["other"] = clock.today()

    thread = threading.Thread(target=other)
    with clock.judged_on(date(2011, 11, 11)):
        thread.start()
        inside.wait(5)
        seen["main"] = clock.today()
        release.set()
        thread.join(5)
    assert seen == {"main": date(2011, 11, 11), "other": date(1999, 9, 9)}
