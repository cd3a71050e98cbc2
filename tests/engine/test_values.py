from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrcheck.values import (
    ValueProblem,
    half_width,
    normalise_amount,
    normalise_date,
    normalise_datetime,
    normalise_rate,
    normalise_value,
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
