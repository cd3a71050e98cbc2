"""Trip times: a taxi ride past midnight (`time_order`), toll entry/exit date-times (`date_order`)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrcheck.crossfield import get_rule
from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.crossfield.timing import seconds_of_day


def run(rule: str, fields: dict[str, Any], **options: Any) -> list[tuple[str, str]]:
    params = RuleParams(rule, "error", {"earlier": "start", "later": "end", **options})
    return [(f.field, f.code) for f in get_rule(rule).func(fields, params)]


@pytest.mark.parametrize(
    ("start", "end"),
    [("08:10", "08:35"), ("08:10", "08:10"), ("23:50", "00:20"), ("22:00", "03:59"), ("21:00", "03:00"),
     ("23:59:30", "00:00:10")],
)  # fmt: skip
def test_taxi_rides_that_pass(start: str, end: str) -> None:
    assert run("time_order", {"start": start, "end": end}, next_day_within_hours=6) == []


@pytest.mark.parametrize(("start", "end"), [("10:05", "09:40"), ("18:00", "08:00"), ("20:59", "03:00")])
def test_drop_off_before_pick_up_beyond_six_hours(start: str, end: str) -> None:
    assert run("time_order", {"start": start, "end": end}, next_day_within_hours=6) == [("end", "date")]


def test_without_next_day_allowance_any_earlier_time_fails() -> None:
    assert run("time_order", {"start": "23:50", "end": "00:20"}) == [("end", "date")]


def test_missing_or_untrusted_times_are_not_compared() -> None:
    assert run("time_order", {"start": "23:50"}, next_day_within_hours=6) == []
    assert run("time_order", {"start": "23:50", "end": "午夜"}, next_day_within_hours=6) == []


@given(st.integers(0, 86399), st.integers(0, 6 * 3600))
def test_any_ride_up_to_six_hours_passes(start: int, duration: int) -> None:
    end = (start + duration) % 86400

    def clock(seconds: int) -> str:
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"

    assert seconds_of_day(clock(start)) == start
    assert run("time_order", {"start": clock(start), "end": clock(end)}, next_day_within_hours=6) == []


@pytest.mark.parametrize(
    ("start", "end", "found"),
    [("2024-11-14T09:05:30", "2024-11-14T10:15:02", []),
     ("2024-11-14T09:05:30", "2024-11-14T09:05:29", [("end", "date")]),  # one second early
     ("2024-11-14T23:50:00", "2024-11-15T00:20:00", []),
     ("2024-11-14T10:00", "2024-11-14T09:00:00", [("end", "date")]),
     ("2024-11-14", "2024-11-14T09:00:00", []),  # a bare date: only the days are compared
     ("2024-11-15", "2024-11-14T23:00:00", [("end", "date")])],
)  # fmt: skip
def test_date_order_compares_date_times_to_the_second(start: str, end: str, found: list[tuple[str, str]]) -> None:
    assert run("date_order", {"start": start, "end": end}) == found


def test_date_order_strict_on_equal_date_times() -> None:
    same = {"start": "2024-11-14T09:05:30", "end": "2024-11-14T09:05:30"}
    assert run("date_order", same) == []
    assert run("date_order", same, strict=True) == [("end", "date")]
