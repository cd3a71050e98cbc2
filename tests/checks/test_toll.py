"""Toll vehicle classes (JT/T 489-2019 as recorded in domain.md §5.5): the printed forms and bounds."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidFormat

from ocrcheck.checks import get_check, toll
from ocrcheck.checks._registry import InvalidRange

vehicle_class = get_check("toll_vehicle_class")


def test_doctests() -> None:
    result = doctest.testmod(toll, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3
    assert result.failed == 0


@pytest.mark.parametrize(
    ("value", "canonical"),
    [("客1", "客1"), ("客4", "客4"), ("货6", "货6"), ("专6", "专6"), ("一类客车", "客1"), ("1类客车", "客1"),
     ("第1类客车", "客1"), ("客车1类", "客1"), ("货车三类", "货3"), ("货车 3 类", "货3"), ("三型货车", "货3"),
     ("专项作业车2类", "专2"), ("２类专项作业车", "专2")],
)  # fmt: skip
def test_printed_forms(value: str, canonical: str) -> None:
    assert vehicle_class(value) == canonical
    assert toll.is_valid(value)


@pytest.mark.parametrize(
    ("value", "error"),
    [("客5", InvalidRange), ("五类客车", InvalidRange), ("货7", InvalidRange), ("专7", InvalidRange),
     ("一类", InvalidFormat), ("小型车", InvalidFormat), ("客", InvalidFormat), ("客0", InvalidFormat),
     ("客1" * 20, InvalidFormat)],
)  # fmt: skip
def test_not_a_class(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        vehicle_class(value)


@given(st.sampled_from([("客", 4), ("货", 6), ("专", 6)]), st.integers(1, 9))
def test_every_class_number(kind_highest: tuple[str, int], n: int) -> None:
    kind, highest = kind_highest
    assert toll.is_valid(f"{kind}{n}") == (n <= highest)
