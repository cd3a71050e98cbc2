"""Real estate unit numbers (GB/T 37346-2019), certificate numbers and areas.

No published unit or certificate number was found (domain.md §8); numbers are built from the
standard's layout as summarised there.
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import InvalidDate, InvalidRange, get_check, real_estate


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(real_estate, optionflags=flags)
    assert result.attempted > 6
    assert result.failed == 0


@st.composite
def unit_numbers(draw: st.DrawFn) -> str:
    county = draw(st.sampled_from(["110105", "310115", "440305", "510107"]))
    districts = draw(st.from_regex(r"[0-9]{6}", fullmatch=True))
    ownership = draw(st.sampled_from("GJZ"))
    right = draw(st.sampled_from("ABSXCDEFHGWY"))
    parcel = draw(st.from_regex(r"[0-9]{5}", fullmatch=True))
    fixture = draw(st.sampled_from("FLQW"))
    unit = "00000000" if fixture == "W" else draw(st.from_regex(r"[0-9]{8}", fullmatch=True))
    return f"{county}{districts}{ownership}{right}{parcel}{fixture}{unit}"


@settings(max_examples=200)
@given(unit_numbers())
def test_generated_unit_numbers(number: str) -> None:
    assert real_estate.validate_unit_number(number) == number
    spaced = f"{number[:6]} {number[6:12]} {number[12:19]} {number[19:]}"
    assert get_check("real_estate_unit_number")(spaced) == number


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("110105001002GB00123F0001020", InvalidLength),
        ("110105001002GB00123F000102030", InvalidLength),
        ("110105001002GI00123F00010203", InvalidFormat),  # I is no right code
        ("110105001002GB00123K00010203", InvalidFormat),  # K is no fixture code
        ("11010500100AGB00123F00010203", InvalidFormat),
        ("810105001002GB00123F00010203", InvalidComponent),
        ("110105001002GB00123W00000001", InvalidComponent),
    ],
)
def test_unit_number_rejections(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        real_estate.validate_unit_number(number)


@pytest.mark.parametrize(
    ("number", "canonical", "year"),
    [
        ("京(2020)朝阳区不动产权第0012345号", "京(2020)朝阳区不动产权第0012345号", 2020),
        ("沪（2019）浦东新区不动产权第0123456号", "沪(2019)浦东新区不动产权第0123456号", 2019),
        ("粤 (2021) 深圳市不动产权第 0000001 号", "粤(2021)深圳市不动产权第0000001号", 2021),
    ],
)
def test_certificate_numbers(number: str, canonical: str, year: int) -> None:
    assert get_check("real_estate_certificate_number")(number) == canonical
    assert real_estate.get_certificate_year(number) == year


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("京(2020)朝阳区不动产证明第0012345号", InvalidFormat),  # a registration proof, not a title
        ("京(20)朝阳区不动产权第0012345号", InvalidFormat),
        ("京2020朝阳区不动产权第0012345号", InvalidFormat),
        ("X(2020)朝阳区不动产权第0012345号", InvalidComponent),
        ("京(2010)朝阳区不动产权第0012345号", InvalidDate),
    ],
)
def test_certificate_rejections(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        real_estate.validate_certificate_number(number)


@pytest.mark.parametrize(("value", "canonical"), [("89.56㎡", "89.56㎡"), ("89.56 m²", "89.56㎡"), ("120", "120")])
def test_areas(value: str, canonical: str) -> None:
    assert real_estate.validate_area(value) == canonical


@pytest.mark.parametrize(("value", "error"), [("0㎡", InvalidRange), ("8.6km", InvalidFormat), ("abc", InvalidFormat)])
def test_area_rejections(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        real_estate.validate_area(value)
