"""Foreign permanent resident ID (2023 and 2017 cards): published examples, generated numbers.

Published examples: `932682198501010017` (2023) and `KAZ110090123105` (2017), the example numbers
of the National Immigration Administration's adaptation guide for the 2023 card, as quoted at
blog.csdn.net/weixin_47180815/article/details/134553563 (rule text mirrored at
www.eastcoms.com/service/pro/840.html).
"""

from __future__ import annotations

import doctest
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.iso7064 import mod_11_2

from ocrcheck.checks import InvalidDate, foreign_permanent_id, get_check

PUBLISHED_2023 = "932682198501010017"
PUBLISHED_2017 = "KAZ110090123105"


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(foreign_permanent_id, optionflags=flags)
    assert result.attempted > 10
    assert result.failed == 0


@pytest.mark.parametrize("number", [PUBLISHED_2023, PUBLISHED_2017])
def test_published_examples(number: str) -> None:
    check = get_check("cn_foreign_permanent_id")
    assert check(number) == number
    assert check(number.lower()) == number
    assert check(" ".join(number)) == number  # printed with spaces
    assert get_check("cn_foreign_permanent_id_check_2017")(number) == number


def test_published_2023_parts() -> None:
    # 9 | 32 Jiangsu | 682 nationality | 19850101 | 001 (odd: male) | 7
    assert foreign_permanent_id.get_birth_date(PUBLISHED_2023) == date(1985, 1, 1)
    assert foreign_permanent_id.get_sex(PUBLISHED_2023) == "M"
    assert foreign_permanent_id.calc_check_digit(PUBLISHED_2023[:17]) == "7"


def test_published_2017_parts() -> None:
    # KAZ | 1100 Beijing | 901231 | 0 | 5 (7-3-1 check digit of the first 14)
    assert foreign_permanent_id.get_birth_date(PUBLISHED_2017) == date(1990, 12, 31)
    assert foreign_permanent_id.get_sex(PUBLISHED_2017) is None
    assert foreign_permanent_id.calc_check_digit_2017(PUBLISHED_2017) == "5"


def test_2017_century_resolves_to_the_past() -> None:
    # YYMMDD 050101 is 2005 (not in the future), 991231 is 1999.
    assert foreign_permanent_id.get_birth_date("USA110005010100") == date(2005, 1, 1)
    assert foreign_permanent_id.get_birth_date("USA110099123100") == date(1999, 12, 31)


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("932682198501010018", InvalidChecksum),
        ("932682198501010071", InvalidChecksum),  # two digits swapped
        ("132682198501010017", InvalidFormat),  # citizen numbers start 1-8
        ("9326821985010100X7", InvalidFormat),
        ("9A2682198501010017", InvalidFormat),
        ("992682198501010017", InvalidComponent),  # province 99
        ("971682198501010017", InvalidComponent),  # 71 (Taiwan) takes no applications
        ("932682198513010017", InvalidDate),
        ("932682187001010017", InvalidDate),  # before 1880
        ("93268219850101001", InvalidLength),
        ("9326821985010100170", InvalidLength),
        ("KA1110090123105", InvalidFormat),
        ("KAZ11009012310A", InvalidFormat),
        ("KAZ990090123105", InvalidComponent),
        ("KAZ110090230105", InvalidDate),  # 30 February
        ("KAZ11009012310", InvalidLength),
        ("", InvalidLength),
    ],
)
def test_rejections(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        foreign_permanent_id.validate(number)
    assert not foreign_permanent_id.is_valid(number)


def test_2017_check_digit_is_its_own_check() -> None:
    wrong = PUBLISHED_2017[:14] + "7"
    assert foreign_permanent_id.validate(wrong) == wrong  # the format check does not know it
    with pytest.raises(InvalidChecksum):
        foreign_permanent_id.validate_check_2017(wrong)


@st.composite
def numbers_2023(draw: st.DrawFn) -> tuple[str, date, str]:
    province = draw(st.sampled_from(sorted(foreign_permanent_id._MAINLAND_PROVINCES)))
    nationality = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
    sequence = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    body = f"9{province}{nationality}{birth:%Y%m%d}{sequence}"
    return body + mod_11_2.calc_check_digit(body), birth, "M" if int(sequence[2]) % 2 else "F"


@settings(max_examples=200)
@given(numbers_2023())
def test_generated_2023(case: tuple[str, date, str]) -> None:
    number, birth, sex = case
    assert foreign_permanent_id.validate(number) == number
    assert foreign_permanent_id.get_birth_date(number) == birth
    assert foreign_permanent_id.get_sex(number) == sex
    # MOD 11-2 catches every single-digit substitution in the body.
    position = 10
    for digit in "0123456789":
        if digit != number[position]:
            changed = number[:position] + digit + number[position + 1 :]
            assert not foreign_permanent_id.is_valid(changed)


@settings(max_examples=100)
@given(
    st.from_regex(r"[A-Z]{3}", fullmatch=True),
    st.sampled_from(["1100", "3100", "4401", "3201"]),
    st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31)),
    st.from_regex(r"[0-9]", fullmatch=True),
)
def test_generated_2017(letters: str, region: str, birth: date, digit: str) -> None:
    body = f"{letters}{region}{birth:%y%m%d}{digit}"
    number = body + foreign_permanent_id.calc_check_digit_2017(body)
    assert foreign_permanent_id.validate_check_2017(number) == number
    assert foreign_permanent_id.get_birth_date(number).strftime("%y%m%d") == f"{birth:%y%m%d}"
