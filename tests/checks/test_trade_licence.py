"""Drug and medical-device business licence numbers (no check character, domain.md §13).

Published example: `琼AA898000001` (keys.md's example drug business licence number). No published
medical-device licence number was found: the tests build them from the format of keys.md / §7.5.
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import InvalidDate, get_check, trade_licence
from ocrcheck.checks.plate import PROVINCES

from ..conftest import SUITE_TODAY


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(trade_licence, optionflags=flags)
    assert result.attempted > 6
    assert result.failed == 0


def test_published_drug_licence_example() -> None:
    assert get_check("drug_business_licence_number")("琼AA898000001") == "琼AA898000001"
    assert get_check("drug_business_licence_number")("琼 AA 898000001") == "琼AA898000001"


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("琼AC898000001", InvalidFormat),  # second letter A or B
        ("琼AA89800000", InvalidFormat),  # 8 digits
        ("港AA898000001", InvalidComponent),
        ("琼AA" + "1" * 60, InvalidLength),
    ],
)
def test_drug_rejections(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        trade_licence.validate_drug_licence(number)


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("粤穗药监械经营备20230123号", InvalidFormat),  # 备: a filing, not a licence
        ("粤穗药监械经营许20230123", InvalidFormat),
        ("粤穗药监械经营许202301234号", InvalidFormat),
        ("X穗药监械经营许20230123号", InvalidComponent),
        ("粤穗药监械经营许19980123号", InvalidDate),
        (f"粤穗药监械经营许{SUITE_TODAY.year + 1}0123号", InvalidDate),
    ],
)
def test_medical_device_rejections(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        trade_licence.validate_medical_device_licence(number)


@settings(max_examples=100)
@given(
    st.sampled_from(PROVINCES),
    st.sampled_from(["", "穗", "深", "杭"]),
    st.sampled_from(["药监械经营许", "食药监械经营许"]),
    st.integers(2004, 2024),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
)
def test_generated_medical_device(province: str, city: str, word: str, year: int, serial: str) -> None:
    number = f"{province}{city}{word}{year}{serial}号"
    assert trade_licence.validate_medical_device_licence(number) == number
    assert trade_licence.get_year(number) == year
