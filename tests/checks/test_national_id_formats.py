"""Vietnamese CCCD, Philippine PCN, Mexican clave de elector, Aadhaar VID: published vectors and
generated numbers (domain.md §9.5, §9.7, §9.8, §9.11)."""

from __future__ import annotations

import doctest
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import verhoeff
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import elector_key, get_check, philsys, vn_cccd

from ..conftest import SUITE_TODAY


@pytest.mark.parametrize("module", [vn_cccd, philsys, elector_key])
def test_doctests(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.attempted >= 4
    assert result.failed == 0


# ------------------------------------------------------------------------------------- CCCD
def test_cccd_published_vector() -> None:
    # identique/idnumbers tests (domain.md §9.5): Lạng Sơn (020), male, born 1993.
    assert get_check("vn_cccd")("020093001656") == "020093001656"
    assert get_check("vn_cccd_province")("020093001656") == "020093001656"
    assert (vn_cccd.get_birth_year("020093001656"), vn_cccd.get_sex("020093001656")) == (1993, "M")


def test_cccd_province_list_is_circular_07_2016() -> None:
    assert len(vn_cccd.PROVINCES) == 63
    assert {"001", "079", "096"} <= vn_cccd.PROVINCES
    assert not {"000", "003", "097"} & vn_cccd.PROVINCES


def test_cccd_future_birth_year() -> None:
    future = (SUITE_TODAY.year + 1) % 100
    with pytest.raises(InvalidComponent):
        vn_cccd.validate(f"0793{future:02d}001234")
    with pytest.raises(InvalidLength):
        vn_cccd.validate("07930500123")
    with pytest.raises(InvalidFormat):
        vn_cccd.validate("07930500123X")


@settings(max_examples=200, deadline=None)
@given(
    province=st.sampled_from(sorted(vn_cccd.PROVINCES)),
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31)),
    female=st.booleans(),
    serial=st.integers(min_value=0, max_value=999999),
)
def test_cccd_generated(province: str, born: date, female: bool, serial: int) -> None:
    digit = 2 * ((born.year - 1900) // 100) + int(female)
    number = f"{province}{digit}{born.year % 100:02d}{serial:06d}"
    assert vn_cccd.validate_province(number) == number
    assert vn_cccd.get_birth_year(number) == born.year
    assert vn_cccd.get_sex(number) == ("F" if female else "M")


# -------------------------------------------------------------------------------------- PCN
def test_pcn_printed_and_bare() -> None:
    assert get_check("ph_pcn")("1234-5678-9012-3456") == "1234567890123456"
    assert get_check("ph_pcn")("1234 5678 9012 3456") == "1234567890123456"
    assert philsys.format("1234567890123456") == "1234-5678-9012-3456"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("123456789012", InvalidLength),  # the PSN, which the card does not print
        ("1234-5678-9012-345", InvalidLength),
        ("12-345678-9012-3456", InvalidFormat),
        ("1234-5678-9012-34S6", InvalidFormat),
    ],
)
def test_pcn_invalid(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        philsys.validate(value)


# ----------------------------------------------------------------------- clave de elector
def test_elector_key_sample() -> None:
    # domain.md §9.11 sample: 5 March 1998, state 06 (Colima), hombre.
    number = "SNAGGR98030506H500"
    assert get_check("mx_elector_key")(number) == number
    assert elector_key.get_birth_parts(number) == (98, 3, 5)
    assert elector_key.get_sex(number) == "M"
    assert elector_key.get_sex("SNAGGR98030506M500") == "F"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("SNAGGR98030500H500", InvalidComponent),  # state 00
        ("SNAGGR98133006H500", InvalidComponent),  # month 13
        ("SNAGGR98030506X500", InvalidFormat),
        ("SNAGGR98030506H50", InvalidLength),
    ],
)
def test_elector_key_invalid(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        elector_key.validate(value)


# --------------------------------------------------------------------------- Aadhaar VID
def test_vid_registered_from_stdnum() -> None:
    # python-stdnum in_/vid.py doctests.
    assert get_check("in_vid")("2341234123412341") == "2341234123412341"
    with pytest.raises(InvalidChecksum):
        get_check("in_vid")("2341234123412342")


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[2-9][0-9]{14}", fullmatch=True))
def test_vid_generated(body: str) -> None:
    number = body + verhoeff.calc_check_digit(body)
    if number != number[::-1]:
        assert get_check("in_vid")(number) == number
