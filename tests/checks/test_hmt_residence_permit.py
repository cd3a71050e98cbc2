"""Residence permit for HK, Macao and Taiwan residents: published specimens, generated numbers.

Specimens `810000199408230021` (Hong Kong) and `830000199201300022` (Taiwan): the numbers printed
on the permit specimens published by 北京市公安局, as cited in renyijiu/id_validator README.md and
used in jxlwqq/id-validator's tests.
"""

from __future__ import annotations

import doctest
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.iso7064 import mod_11_2

from ocrcheck.checks import InvalidDate, get_check, hmt_residence_permit

SPECIMENS = {"810000199408230021": ("HK", date(1994, 8, 23), "F"), "830000199201300022": ("TW", date(1992, 1, 30), "F")}


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(hmt_residence_permit, optionflags=flags)
    assert result.attempted > 6
    assert result.failed == 0


@pytest.mark.parametrize("number", sorted(SPECIMENS))
def test_published_specimens(number: str) -> None:
    region, birth, sex = SPECIMENS[number]
    assert get_check("cn_hmt_residence_permit")(number) == number
    assert hmt_residence_permit.get_region(number) == region
    assert hmt_residence_permit.get_birth_date(number) == birth
    assert hmt_residence_permit.get_sex(number) == sex


def test_stdnum_rejects_what_we_accept() -> None:
    # domain.md §0.1: stdnum's cn.ric refuses every 830000 number (the difference we correct).
    assert not ric.is_valid("830000199201300022")
    assert hmt_residence_permit.is_valid("830000199201300022")


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("810000199408230023", InvalidChecksum),  # published negative (ChinaValidator tests)
        ("810000199408320021", InvalidDate),
        ("810000199408230X21", InvalidFormat),
        ("110101199408230021", InvalidComponent),
        ("710000199408230021", InvalidComponent),
        ("810100199408230021", InvalidComponent),
        ("8100001994082300211", InvalidLength),
        ("", InvalidLength),
    ],
)
def test_rejections(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        hmt_residence_permit.validate(number)
    assert not hmt_residence_permit.is_valid(number)


@settings(max_examples=200)
@given(
    st.sampled_from(sorted(hmt_residence_permit.PREFIXES)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
)
def test_generated(prefix: str, birth: date, sequence: str) -> None:
    body = f"{prefix}{birth:%Y%m%d}{sequence}"
    number = body + mod_11_2.calc_check_digit(body)
    assert hmt_residence_permit.validate(number) == number
    assert hmt_residence_permit.get_region(number) == hmt_residence_permit.PREFIXES[prefix]
    assert hmt_residence_permit.get_birth_date(number) == birth
    swapped = number[:14] + number[15] + number[14] + number[16:]
    if swapped != number:
        assert not hmt_residence_permit.is_valid(swapped)


@pytest.mark.parametrize("number", ["H12345678", "M1234567801", "HA1234567", "12345678", "1234567801", "h 1234 5678"])
def test_pass_numbers(number: str) -> None:
    assert hmt_residence_permit.validate_pass_number(number) == number.upper().replace(" ", "")


@pytest.mark.parametrize("number", ["C12345678", "1234567", "H1234567", "L12345678", ""])
def test_pass_number_rejections(number: str) -> None:
    with pytest.raises(InvalidFormat):
        hmt_residence_permit.validate_pass_number(number)
