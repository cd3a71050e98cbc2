"""The `time` (HH:MM[:SS]) and `quantity` (`8.6km`, `89.56㎡`) value kinds, and seconds in date-times."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrcheck.dates import normalise_datetime
from ocrcheck.kinds import normalise_value
from ocrcheck.values import ValueProblem, split_quantity


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("09:05", "09:05"), ("9:05", "09:05"), ("23:59:59", "23:59:59"), ("11时46分", "11:46"),
     ("１１：４６", "11:46"), (" 00:00 ", "00:00"), ("7:03:09", "07:03:09")],
)  # fmt: skip
def test_times_of_day(raw: str, expected: str) -> None:
    assert normalise_value(raw, "time") == expected


@pytest.mark.parametrize(("raw", "code"), [("24:00", "date"), ("12:60", "date"), ("12:30:60", "date"),
                                           ("1230", "format"), ("12:3", "format"), ("noon", "format"),
                                           ("2024-11-14 12:30", "format")])  # fmt: skip
def test_impossible_or_malformed_times(raw: str, code: str) -> None:
    with pytest.raises(ValueProblem) as info:
        normalise_value(raw, "time")
    assert info.value.code == code


def test_datetimes_keep_their_seconds() -> None:
    assert normalise_datetime("2024-11-14 09:05:30") == "2024-11-14T09:05:30"
    assert normalise_datetime("2024年11月14日 09:05:30") == "2024-11-14T09:05:30"
    assert normalise_value("2024-11-14T09:05:30", "datetime") == "2024-11-14T09:05:30"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("8.6km", "8.6km"), ("8.6 KM", "8.6km"), ("8.6公里", "8.6km"), ("12千米", "12km"), ("８.６ｋｍ", "8.6km"),
     ("89.56㎡", "89.56㎡"), ("89.56 m²", "89.56㎡"), ("89.56平方米", "89.56㎡"), ("89.56m2", "89.56㎡"),
     ("1,234.5㎡", "1234.5㎡"), ("300米", "300m"), ("8.6", "8.6"), ("8.60km", "8.60km"),
     ("2.30元/公里", "2.30元/km"), ("2.30 元/KM", "2.30元/km")],
)  # fmt: skip
def test_quantities(raw: str, expected: str) -> None:
    assert normalise_value(raw, "quantity") == expected


@pytest.mark.parametrize("raw", ["8.6 miles", "km", "8.6.1km", "-3km", "约8公里", "8.6km/h"])
def test_bad_quantities_are_format_problems(raw: str) -> None:
    with pytest.raises(ValueProblem) as info:
        normalise_value(raw, "quantity")
    assert info.value.code == "format"


def test_split_quantity() -> None:
    assert split_quantity("8.6km") == (Decimal("8.6"), "km")
    assert split_quantity("89.56㎡") == (Decimal("89.56"), "㎡")
    assert split_quantity("3") == (Decimal("3"), "")


@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    st.sampled_from(["km", " KM", "公里", "㎡", "平方米", "m²", ""]),
)
def test_quantity_normalising_twice_changes_nothing(number: Decimal, unit: str) -> None:
    once = normalise_value(f"{number}{unit}", "quantity")
    assert normalise_value(once, "quantity") == once
    assert split_quantity(once)[0] == number


@given(st.integers(0, 23), st.integers(0, 59), st.one_of(st.none(), st.integers(0, 59)))
def test_time_normalising_twice_changes_nothing(hour: int, minute: int, second: int | None) -> None:
    raw = f"{hour}:{minute:02d}" + ("" if second is None else f":{second:02d}")
    once = normalise_value(raw, "time")
    assert normalise_value(once, "time") == once
    assert int(once[:2]) == hour
