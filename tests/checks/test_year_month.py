"""Year and month of manufacture (制造年月) as nameplates print it."""

from __future__ import annotations

import doctest

import pytest
from stdnum.exceptions import InvalidFormat

from ocrcheck.checks import InvalidDate, finding_code, get_check, year_month

from ..conftest import SUITE_TODAY


def test_doctests() -> None:
    result = doctest.testmod(year_month, optionflags=doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS)
    assert result.attempted >= 6
    assert result.failed == 0


def test_registered() -> None:
    assert get_check("year_month") is year_month.validate


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("2019年5月", "2019-05"),
        ("2019 年 5 月", "2019-05"),
        ("2019年05月", "2019-05"),
        ("2019-05", "2019-05"),
        ("2019.5", "2019-05"),
        ("2019/12", "2019-12"),
        ("201905", "2019-05"),
        ("20190531", "2019-05"),
        ("2019-05-31", "2019-05"),
        ("2019年5月31日", "2019-05"),
        ("２０１９年５月", "2019-05"),
    ],
)
def test_forms(printed: str, canonical: str) -> None:
    assert year_month.validate(printed) == canonical
    assert year_month.validate(canonical) == canonical  # idempotent


@pytest.mark.parametrize("bad", ["2019年13月", "2019-00", "2019年2月29日", "1899-12", "20191301"])
def test_impossible_months_are_date_errors(bad: str) -> None:
    with pytest.raises(InvalidDate) as error:
        year_month.validate(bad)
    assert finding_code(error.value) == "date"


def test_future_month_is_a_date_error_and_this_month_is_not() -> None:
    today = SUITE_TODAY
    assert year_month.validate(f"{today.year}年{today.month}月") == f"{today.year:04d}-{today.month:02d}"
    with pytest.raises(InvalidDate):
        year_month.validate(f"{today.year + 1}-01")


@pytest.mark.parametrize("bad", ["May 2019", "五月", "19-05", "2019", ""])
def test_not_a_year_month(bad: str) -> None:
    with pytest.raises(InvalidFormat):
        year_month.validate(bad)
    assert not year_month.is_valid(bad)
