"""Indonesian NIK: published vectors (python-stdnum id.nik doctests, domain.md §9.3, §12), the
places where stdnum is wrong, and generated numbers."""

from __future__ import annotations

import doctest
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.id import nik as stdnum_nik

from ocrcheck.checks import get_check, nik

# python-stdnum id/nik.py doctests and domain.md §12.
VALID = ["3171011708450001", "7105100607610439", "7105102902040439"]
INVALID = ["7105102902020439"]  # 29 February 2002


def test_doctests() -> None:
    result = doctest.testmod(nik, optionflags=doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS)
    assert result.attempted >= 6
    assert result.failed == 0


@pytest.mark.parametrize("number", VALID)
def test_published_valid(number: str) -> None:
    assert get_check("id_nik")(number) == number
    assert get_check("id_nik_region")(number) == number


@pytest.mark.parametrize("number", INVALID)
def test_published_invalid(number: str) -> None:
    with pytest.raises(ValidationError):
        nik.validate(number)


def test_separators_and_full_width() -> None:
    assert nik.validate("3171 0117 0845 0001") == "3171011708450001"
    assert nik.validate("３１７１０１１７０８４５０００１") == "3171011708450001"


def test_stdnum_accepts_day_81_we_do_not() -> None:
    number = "3171018108450001"  # day 81: stdnum reads 81 % 40 = the 1st
    assert stdnum_nik.is_valid(number)
    with pytest.raises(InvalidComponent):
        nik.validate(number)


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "80", "99"])
def test_impossible_days(day: str) -> None:
    with pytest.raises(InvalidComponent):
        nik.validate(f"317101{day}08450001")


def test_stdnum_only_looks_up_the_province() -> None:
    number = "3199011708450001"  # Jakarta has no regency 99
    assert stdnum_nik.is_valid(number)
    assert nik.validate(number) == number  # the province is real: not an error
    with pytest.raises(InvalidComponent):
        get_check("id_nik_region")(number)  # the regency lookup is the warning


def test_new_provinces_stdnum_rejects() -> None:
    number = "6501011708450001"  # 65 Kalimantan Utara (2012): missing from stdnum's table
    assert not stdnum_nik.is_valid(number)
    assert nik.validate(number) == number


def test_length_and_alphabet() -> None:
    with pytest.raises(InvalidLength):
        nik.validate("317101170845000")
    with pytest.raises(InvalidFormat):
        nik.validate("317101170845000A")
    with pytest.raises(InvalidComponent):
        nik.validate("2071011708450001")


@settings(max_examples=200, deadline=None)
@given(
    province=st.sampled_from(sorted(nik.PROVINCES)),
    born=st.dates(min_value=date(1920, 1, 1), max_value=date(2019, 12, 31)),
    female=st.booleans(),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_generated_numbers_round_trip(province: str, born: date, female: bool, serial: int) -> None:
    day = born.day + 40 if female else born.day
    number = f"{province}0101{day:02d}{born:%m%y}{serial:04d}"
    assert nik.validate(number) == number
    assert nik.get_birth_parts(number) == (born.year % 100, born.month, born.day)
    assert nik.get_sex(number) == ("F" if female else "M")
