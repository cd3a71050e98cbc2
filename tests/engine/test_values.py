from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrcheck.dates import normalise_date, normalise_datetime
from ocrcheck.kinds import normalise_value
from ocrcheck.values import (
    ValueProblem,
    half_width,
    normalise_amount,
    normalise_rate,
)


@pytest.mark.parametrize(
    "raw",
    [
        "2024-11-14",
        "2024年11月14日",
        "2024.11.14",
        "2024/11/14",
        "20241114",
        "2024 年 11 月 14 日",
        "２０２４年１１月１４日",
    ],
)
def test_every_printed_date_form_reads_the_same(raw: str) -> None:
    assert normalise_date(raw) == "2024-11-14"


def test_day_first_only_where_the_document_prints_day_first() -> None:
    assert normalise_date("14/11/2024", "dmy") == "2024-11-14"
    assert normalise_date("11/14/2024", "mdy") == "2024-11-14"
    with pytest.raises(ValueProblem) as info:
        normalise_date("14/11/2024", "ymd")
    assert info.value.code == "date"


@pytest.mark.parametrize("raw", ["15 JAN 2015", "15 1月/JAN 2015", "15-Jan-2015", "JAN 15, 2015"])
def test_passport_style_dates(raw: str) -> None:
    assert normalise_date(raw) == "2015-01-15"


@pytest.mark.parametrize("raw", ["2023-02-29", "2024年13月01日", "20240431", "yesterday", ""])
def test_impossible_dates_are_date_problems(raw: str) -> None:
    with pytest.raises(ValueProblem) as info:
        normalise_date(raw)
    assert info.value.code == "date"


def test_long_term_is_kept() -> None:
    assert normalise_date("长期") == "长期"
    assert normalise_date("長期") == "长期"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-11-14 11:46", "2024-11-14T11:46"),
        ("2024年11月14日11:46开", "2024-11-14T11:46"),
        ("2024年11月14日 11时46分", "2024-11-14T11:46"),
        ("2024-11-14T11:46", "2024-11-14T11:46"),
        ("2024-11-14", "2024-11-14"),
    ],
)
def test_datetimes(raw: str, expected: str) -> None:
    assert normalise_datetime(raw) == expected


def test_impossible_time_of_day() -> None:
    with pytest.raises(ValueProblem):
        normalise_datetime("2024-11-14 25:10")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("¥1,234.50", "1234.50"),
        ("1234.5元", "1234.50"),
        ("￥337.5", "337.50"),
        ("RMB 12", "12.00"),
        ("１２３.４５", "123.45"),
        ("0.125", "0.125"),
    ],
)
def test_amounts(raw: str, expected: str) -> None:
    assert normalise_amount(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1.2.3", "¥", "12,34a"])
def test_bad_amounts_are_format_problems(raw: str) -> None:
    with pytest.raises(ValueProblem) as info:
        normalise_amount(raw)
    assert info.value.code == "format"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("13%", "0.13"), ("1", "0.01"), ("6%", "0.06"), ("0.09", "0.09"), ("9", "0.09"), ("免税", "免税"), ("0%", "0")],
)
def test_rates(raw: str, expected: str) -> None:
    assert normalise_rate(raw) == expected


@pytest.mark.parametrize("raw", ["100", "100%", "250", "100.0"])
def test_a_rate_of_100_percent_or_more_is_a_range_problem(raw: str) -> None:
    # Its fraction would print as `1`, which reads as 1% when a result is checked again.
    with pytest.raises(ValueProblem) as info:
        normalise_rate(raw)
    assert info.value.code == "range"


def test_identifier_folding() -> None:
    assert normalise_value("４４０５２４ 1880 0101 001x", "identifier") == "44052418800101001X"
    assert half_width("Ａ１２３（４）") == "A123(4)"


KINDS_AND_VALUES = st.sampled_from(
    [
        ("identifier", "４４０５２４ 1880 0101 001x"),
        ("date", "2024年11月14日"),
        ("date", "15 1月/JAN 2015"),
        ("datetime", "2024年11月14日11:46开"),
        ("amount", "¥1,234.5"),
        ("decimal", "3.000"),
        ("rate", "13%"),
        ("rate", "免税"),
        ("sex", "女"),
        ("text", "  南京南  站 "),
        ("amount_in_words", "⊗ 壹佰元整"),
        ("mrz", "P<CHN«ZHANG ＜＜SAN"),
    ]
)


@given(KINDS_AND_VALUES)
def test_normalising_twice_changes_nothing(pair: tuple[str, str]) -> None:
    kind, raw = pair
    once = normalise_value(raw, kind)
    assert normalise_value(once, kind) == once


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_amount_idempotent_for_any_money(value: Decimal) -> None:
    once = normalise_amount(f"¥{value:,}")
    assert Decimal(once) == value
    assert normalise_amount(once) == once


def test_two_digit_years_for_day_first_documents() -> None:
    assert normalise_date("20-11-18", "dmy") == "2018-11-20"
    assert normalise_date("01-07-97", "dmy") == "1997-07-01"
    with pytest.raises(ValueProblem):
        normalise_date("20-11-18", "ymd")  # a ymd document never prints this form


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        (20241114, "date", "2024-11-14"),
        (10, "decimal", "10"),
        (337.5, "amount", "337.50"),
        (13, "rate", "0.13"),
        (4401, "identifier", "4401"),
        (7, "text", "7"),
        (True, "text", True),
        (None, "date", None),
    ],
)
def test_json_numbers_read_as_the_digits_they_print(raw: object, kind: str, expected: object) -> None:
    assert normalise_value(raw, kind) == expected


# The printed date forms of the foreign documents (keys.md): th_id `14 Mar. 1985`, ph_philsys
# `JANUARY 01, 1990`, ph_driving_licence `1987/05/17`, passports `05 FEB 1965`.
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("14 Mar. 1985", "1985-03-14"),
        ("14 MAR.1985", "1985-03-14"),
        ("14 Sept. 1985", "1985-09-14"),
        ("Mar. 14, 1985", "1985-03-14"),
        ("JANUARY 01, 1990", "1990-01-01"),
        ("January 1,1990", "1990-01-01"),
        ("1987/05/17", "1987-05-17"),
        ("05 FEB 1965", "1965-02-05"),
    ],
)
def test_foreign_printed_forms(raw: str, expected: str) -> None:
    assert normalise_date(raw) == expected
    assert normalise_date(expected) == expected


@pytest.mark.parametrize("raw", ["31 Feb. 1985", "FEBRUARY 30, 1990", "1987/13/17", "14 Mae. 1985"])
def test_foreign_printed_forms_that_are_not_dates(raw: str) -> None:
    with pytest.raises(ValueProblem) as info:
        normalise_date(raw)
    assert info.value.code == "date"


# Japanese era dates. Era boundaries as published in the Java SE 17 JapaneseEra constants
# (Showa 1926-12-25 – 1989-01-07, Heisei 1989-01-08 – 2019-04-30, Reiwa from 2019-05-01).
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("令和08年06月13日", "2026-06-13"),  # keys.md jp_driving_licence expiry form
        ("令和８年６月１３日まで有効", "2026-06-13"),  # full-width, as the licence prints 有効期限
        ("令和元年5月1日", "2019-05-01"),  # first day of Reiwa
        ("平成31年4月30日", "2019-04-30"),  # last day of Heisei
        ("平成元年1月8日", "1989-01-08"),  # first day of Heisei
        ("昭和64年1月7日", "1989-01-07"),  # last day of Showa
        ("昭和元年12月25日", "1926-12-25"),  # first day of Showa
        ("昭和60年 5月 3日生", "1985-05-03"),  # birth date as printed, with spaces and 生
        ("大正15年12月24日", "1926-12-24"),
        ("平成33年03月31日", "2021-03-31"),  # pre-2019 licences project Heisei forwards
        ("R8.6.13", "2026-06-13"),
        ("H31.04.30", "2019-04-30"),
        ("S60.5.3", "1985-05-03"),
    ],
)
def test_japanese_era_dates(raw: str, expected: str) -> None:
    assert normalise_date(raw) == expected
    assert normalise_value(raw, "date") == expected


@pytest.mark.parametrize(
    "raw",
    [
        "令和元年4月30日",  # Reiwa had not begun
        "平成元年1月7日",  # still Showa
        "昭和元年12月24日",  # still Taisho
        "令和0年1月1日",  # era years start at 1
        "令和08年02月30日",  # no such day
        "令和08年13月01日",
        "令和08年06月13日X",
        "天保08年06月13日",  # not an era we read
    ],
)
def test_impossible_japanese_era_dates(raw: str) -> None:
    with pytest.raises(ValueProblem) as info:
        normalise_date(raw)
    assert info.value.code == "date"


ERA_STARTS = {"大正": date(1912, 7, 30), "昭和": date(1926, 12, 25), "平成": date(1989, 1, 8), "令和": date(2019, 5, 1)}


@given(st.sampled_from(sorted(ERA_STARTS)), st.integers(-400, 40 * 366), st.booleans())
def test_generated_era_dates_read_back(era: str, offset: int, padded: bool) -> None:
    # Days around each era's start: those before it are impossible, those after read back.
    start = ERA_STARTS[era]
    day = start + timedelta(days=offset)
    year = day.year - start.year + 1
    width = 2 if padded else 1
    raw = f"{era}{year:0{width}d}年{day.month:0{width}d}月{day.day:0{width}d}日"
    if year == 1 and padded:
        raw = raw.replace(f"{era}01年", f"{era}元年")
    if day < start:
        with pytest.raises(ValueProblem):
            normalise_date(raw)
    else:
        assert normalise_date(raw) == day.isoformat()
