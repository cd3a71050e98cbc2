"""VIN: published vectors (domain.md §1.5, §12), regions, model years, generated VINs."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, vin

from ..conftest import SUITE_TODAY

VECTORS = ["1M8GDM9AXKP042788", "11111111111111111", "JHMCM56557C404453", "JTHCE96S770008889", "1HGCM82633A004352"]


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(vin, optionflags=flags)
    assert result.attempted > 6
    assert result.failed == 0


@pytest.mark.parametrize("number", VECTORS)
def test_published_vectors(number: str) -> None:
    assert get_check("vin")(number) == number
    assert get_check("vin_check_digit")(number) == number
    assert vin.calc_check_digit(number) == number[8]


def test_wrong_check_digit_north_america() -> None:
    with pytest.raises(InvalidChecksum):
        vin.validate("1M8GDM9A1KP042788")
    with pytest.raises(InvalidChecksum):
        vin.validate_check_digit("1M8GDM9A1KP042788")


def test_european_vin_without_check_digit() -> None:
    # domain.md §0.5: position 9 is a filler in many European VINs.
    assert vin.validate("WP0ZZZ99ZTS392124") == "WP0ZZZ99ZTS392124"
    with pytest.raises(InvalidChecksum):
        vin.validate_check_digit("WP0ZZZ99ZTS392124")


def test_check_digit_enforced_for_china() -> None:
    body = "LSVAA4182E2" + "123456"
    number = body[:8] + "0" + body[9:]
    good = number[:8] + vin.calc_check_digit(number) + number[9:]
    assert vin.validate(good) == good
    bad = good[:8] + ("1" if good[8] != "1" else "2") + good[9:]
    with pytest.raises(InvalidChecksum):
        vin.validate(bad)
    # The same wrong digit under a Japanese WMI is accepted by `vin`, not by `vin_check_digit`.
    japanese = "J" + bad[1:]
    assert vin.validate(japanese) == japanese
    with pytest.raises(InvalidChecksum):
        vin.validate_check_digit(japanese)


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("1M8GDM9AXKP04278", InvalidLength),
        ("1M8GDM9AXKP0427888", InvalidLength),
        ("1M8GDM9AXKP04278O", InvalidFormat),
        ("IM8GDM9AXKP042788", InvalidFormat),
        ("1M8GDM9AXKQ042788", InvalidFormat),
        ("1M8GDM9AXKP04278*", InvalidFormat),
    ],
)
def test_shape_rejections(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        vin.validate(number)
    with pytest.raises(error):
        vin.validate_check_digit(number)


def test_compact() -> None:
    assert vin.validate("１m8gdm9axkp 042-788") == "1M8GDM9AXKP042788"


def test_transliteration_table() -> None:
    # 49 CFR 565.15 Table IV.
    table = "A1 B2 C3 D4 E5 F6 G7 H8 J1 K2 L3 M4 N5 P7 R9 S2 T3 U4 V5 W6 X7 Y8 Z9"
    assert {pair[0]: int(pair[1]) for pair in table.split()} == {
        char: value for char, value in vin.TRANSLITERATION.items() if char.isalpha()
    }
    assert vin.calc_check_digit("11111111111111111") == "1"


def test_model_years() -> None:
    this_year = SUITE_TODAY.year
    assert vin.model_years("1M8GDM9AXKP042788") == (1989, 2019)  # K
    assert vin.model_years("1HGCM82633A004352")[0] == 2003  # 3
    assert all(year <= this_year + 1 for year in vin.model_years("1HGCM82633A004352"))
    assert vin.model_years("JHMCM56557C404453")[0] == 2007
    assert vin.model_years("WP0ZZZ99ZTS392124")[:2] == (1996, 2026)  # T
    assert vin.model_years("111111111A1111111") == (1980, 2010)
    assert vin.model_years("111111111Y1111111")[0] == 2000
    for code in "IOQUZ0":
        with pytest.raises(InvalidComponent):
            vin.model_years("11111111" + "1" + code + "1111111")


@st.composite
def vins(draw: st.DrawFn) -> str:
    chars = draw(st.lists(st.sampled_from(vin.ALPHABET), min_size=17, max_size=17))
    number = "".join(chars)
    return number[:8] + vin.calc_check_digit(number) + number[9:]


@settings(max_examples=200)
@given(vins())
def test_generated_vins(number: str) -> None:
    assert vin.validate_check_digit(number) == number
    assert vin.validate(number) == number
