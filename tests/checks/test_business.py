"""Food business (JY) and food production (SC) licence numbers, domain.md §7.2-7.3."""

from __future__ import annotations

import doctest

import pytest
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import business, get_check

food_business = get_check("food_business_licence_number")
food_production = get_check("food_production_licence_number")


@pytest.mark.parametrize("number", ["JY14401060012345", "JY21101050000017", "JY36501020123459"])
def test_food_business_valid(number: str) -> None:
    assert food_business(number) == number
    assert business.is_valid(number)


def test_food_business_compacts() -> None:
    assert food_business("ｊｙ1 4401 0600 12345") == "JY14401060012345"


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("JY1440106001234", InvalidLength),
        ("JY144010600123456", InvalidLength),
        ("SC14401060012345", InvalidFormat),
        ("JY1440106001234X", InvalidFormat),
        ("JY04401060012345", InvalidComponent),  # business form 0
        ("JY19901060012345", InvalidComponent),  # province 99
        ("JY17101060012345", InvalidComponent),  # Taiwan (71) has no mainland licences
    ],
)
def test_food_business_failures(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        food_business(number)


@pytest.mark.parametrize(
    "number", ["SC10644010600123", "SC13111010500017", "SC20132050100018", "SC20365010000011"]
)
def test_food_production_valid(number: str) -> None:
    assert food_production(number) == number


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("SC1064401060012", InvalidLength),
        ("JY10644010600123", InvalidFormat),
        ("QS1064401060012", InvalidLength),
        ("SC13244010600123", InvalidComponent),  # food category 32
        ("SC10044010600123", InvalidComponent),  # food category 00
        ("SC20444010600123", InvalidComponent),  # additive category 04
        ("SC30144010600123", InvalidComponent),  # kind 3
        ("SC10690010600123", InvalidComponent),  # province 90
    ],
)
def test_food_production_failures(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        food_production(number)


def test_doctests() -> None:
    result = doctest.testmod(business, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5
    assert result.failed == 0
