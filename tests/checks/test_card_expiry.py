"""The `card_expiry` check: MM/YY card expiry dates."""

from __future__ import annotations

import doctest

import pytest
from stdnum.exceptions import InvalidFormat

from ocrcheck.checks import InvalidDate, card_expiry, get_check


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(card_expiry, optionflags=flags)
    assert result.attempted > 0 and result.failed == 0


def test_registered() -> None:
    assert get_check("card_expiry") is card_expiry.validate


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_passes(month: int) -> None:
    assert card_expiry.validate(f"{month:02d}/27") == f"{month:02d}/27"


@pytest.mark.parametrize("value", ["13/27", "00/27", "19/27", "99/27"])
def test_impossible_months(value: str) -> None:
    with pytest.raises(InvalidDate):
        card_expiry.validate(value)


@pytest.mark.parametrize("value", ["", "12", "12/2", "12/275", "1/2/27", "AB/CD", "12/1999", "2027-12"])
def test_bad_shapes(value: str) -> None:
    with pytest.raises(InvalidFormat):
        card_expiry.validate(value)


def test_full_width_and_labels() -> None:
    assert card_expiry.validate("１２／２８") == "12/28"
    assert card_expiry.validate("有效期 12/28") == "12/28"
    assert not card_expiry.is_valid("13/28")
