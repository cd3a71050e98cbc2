"""The normalisers' fast paths (issue 13) give exactly what the general paths give.

Each fast path answers only the forms nearly every value is printed in and hands the rest to the
general path. These tests hold `normalise_*` (fast path first) equal to `_normalise_*_general`
on generated input, bit for bit: the same string, or the same `ValueProblem` code, variant,
context and text. They also hold that the common printed forms do take the fast path, so the
equality is tested where it matters and not only where the fast path declines.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ocrcheck import values
from ocrcheck.dates import DateOrder, _fast_date, _fast_month_date, _normalise_date_general, normalise_date
from ocrcheck.kinds import normaliser
from ocrcheck.values import (
    AMOUNT_MAX_LENGTH,
    ValueProblem,
    _fast_amount,
    _fast_decimal,
    _normalise_amount_general,
    _normalise_decimal_general,
    _normalise_identifier_general,
    _normalise_mrz_general,
    _normalise_rate_general,
    normalise_amount,
    normalise_decimal,
    normalise_identifier,
    normalise_mrz,
    normalise_rate,
)

ORDERS: list[DateOrder] = ["ymd", "dmy", "mdy"]
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def outcome(read: Callable[[str], str | None], raw: str) -> tuple[object, ...]:
    """What reading `raw` gives: its string, or everything a finding is made from."""
    try:
        return ("value", read(raw))
    except ValueProblem as problem:
        return ("problem", problem.code, problem.variant, problem.ctx, str(problem))


# ------------------------------------------------------------------------- amounts, decimals

def _digits(alphabet: str, most: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, max_size=most)


# An amount as OCR prints it, pieced together: marks before and after, a sign in either place,
# grouped or full-width digits, leading zeros, many places, an exponent, spaces, junk.
AMOUNTS = st.builds(
    lambda before, sign, whole, dot, places, exponent, after, full_width: (
        (before + sign + whole + dot + places + exponent + after).translate(FULL_WIDTH_DIGITS)
        if full_width
        else before + sign + whole + dot + places + exponent + after
    ),
    st.sampled_from(["", "", "¥", "￥", "¥ ", "￥ ", "人民币", "RMB ", "HK$", "$", "元", " ", "-", "¥¥", "\t"]),
    st.sampled_from(["", "", "", "-", "+", "--", "+-"]),
    st.one_of(_digits("0123456789", 20), _digits("0123456789,", 20), _digits("0０1１9,，", 8)),
    st.sampled_from(["", ".", ".", ".", "．", ",", ".."]),
    st.one_of(_digits("0123456789", 12), _digits("0", 12), st.just("0000001"), st.just("00000000")),
    st.sampled_from(["", "", "", "e5", "E-3", "e", "_1"]),
    st.sampled_from(["", "", "元", "元整", " 元", "整", "RMB", "%", " ", "圆", "元元", "x", "\n"]),
    st.booleans(),
)
AMOUNT_FUZZ = st.text(alphabet="0123456789.,-+¥￥元整 eE０１，．\u00a0", max_size=AMOUNT_MAX_LENGTH + 4)
# Around the length bound: the fast path must not read what the bound refuses.
LONG_AMOUNTS = st.integers(AMOUNT_MAX_LENGTH - 3, AMOUNT_MAX_LENGTH + 3).map(lambda n: "1" * n)

COMMON_AMOUNTS = ["3651.37", "¥3651.37", "¥408.63", "¥4060.00", "￥3,651.37", "3651.37元", "1234.5", "0", "-408.63"]
# The vectors tests/engine/test_values.py reads, kept equal on both paths too.
PUBLISHED_AMOUNTS = [
    "¥1,234.50", "1234.5元", "￥337.5", "RMB 12", "１２３.４５", "0.125", "abc", "1.2.3", "¥", "12,34a",
]  # fmt: skip


@pytest.mark.parametrize("raw", COMMON_AMOUNTS)
def test_common_amounts_take_the_fast_path(raw: str) -> None:
    assert _fast_amount(raw) is not None
    assert _fast_decimal(raw) is not None
    assert _fast_amount(raw) == _normalise_amount_general(raw)


@pytest.mark.parametrize("raw", COMMON_AMOUNTS + PUBLISHED_AMOUNTS)
def test_amount_vectors_read_the_same_on_both_paths(raw: str) -> None:
    assert outcome(normalise_amount, raw) == outcome(_normalise_amount_general, raw)
    assert outcome(normalise_decimal, raw) == outcome(_normalise_decimal_general, raw)


@given(st.one_of(AMOUNTS, AMOUNT_FUZZ, LONG_AMOUNTS))
@example("0.0000001")
@example("-0")
@example("00.5")
@example("0.000000")
@example("5.")
@example("¥-5元整")
@example("1" * (AMOUNT_MAX_LENGTH + 1))
def test_amount_fast_path_is_the_general_path(raw: str) -> None:
    fast = _fast_amount(raw)
    if fast is not None:
        assert fast == _normalise_amount_general(raw)
    assert outcome(normalise_amount, raw) == outcome(_normalise_amount_general, raw)
    assert outcome(normaliser("amount"), raw) == outcome(_normalise_amount_general, raw)


@given(st.one_of(AMOUNTS, AMOUNT_FUZZ, LONG_AMOUNTS))
@example("0.0000001")
@example("-0.0")
@example("1215.929204")
@example("5.")
@example("007")
@example("٣")  # a digit, but not ASCII: the general path reads it
@example("²")  # isdigit() but no decimal digit
@example("0" * AMOUNT_MAX_LENGTH)
def test_decimal_fast_path_is_the_general_path(raw: str) -> None:
    fast = _fast_decimal(raw)
    if fast is not None:
        assert fast == _normalise_decimal_general(raw)
    assert outcome(normalise_decimal, raw) == outcome(_normalise_decimal_general, raw)


def test_the_fast_path_answers_most_generated_plain_amounts() -> None:
    # The generated forms above must reach the fast path, or the equality tests little: every
    # grouped and ungrouped money figure with its marks does.
    for cents in range(0, 10**7, 7919):
        for raw in (f"{cents / 100:.2f}", f"¥{cents / 100:,.2f}", f"￥{cents / 100:,.1f}元", f"{cents // 100}元整"):
            assert _fast_amount(raw) == _normalise_amount_general(raw), raw


# The plainest printed form (`2265.49`, `¥3651.37`, `226.548672566372`): the shortcut before the
# fast path gives back the value itself, or it without its yuan sign. Around its edges: a whole
# part of 0 with six places and with seven (which str(Decimal) prints as `1E-7`), one place, a
# leading zero, a sign.
PLAIN = st.builds(
    lambda mark, whole, places: f"{mark}{whole}.{places}",
    st.sampled_from(["", "¥", "￥", "$", "¥¥"]),
    st.one_of(st.just("0"), st.just("00"), st.integers(1, 10**12).map(str), st.just("-1")),
    _digits("0123456789", 9),
)


@given(PLAIN)
@example("0.000000")
@example("0.0000000")
@example("0.00")
@example("¥0.5")
@example("1" * (AMOUNT_MAX_LENGTH - 3) + ".00")
@example("1" * (AMOUNT_MAX_LENGTH - 2) + ".00")
def test_the_plain_form_reads_as_the_general_path(raw: str) -> None:
    assert outcome(normalise_amount, raw) == outcome(_normalise_amount_general, raw)
    assert outcome(normalise_decimal, raw) == outcome(_normalise_decimal_general, raw)


@pytest.mark.parametrize(("raw", "amount"), [("2265.49", "2265.49"), ("¥3651.37", "3651.37"), ("￥0.50", "0.50"),
                                             ("226.548672566372", "226.548672566372")])
def test_the_plain_form_is_given_back_as_printed(raw: str, amount: str) -> None:
    assert normalise_amount(raw) == amount
    assert normalise_decimal(raw) == amount
    # The shortcut makes no new string: the value itself, or a slice of it past the yuan sign.
    bare = raw.lstrip("¥￥")
    assert (normalise_amount(raw) is raw) == (bare == raw)
    assert normalise_decimal(bare) is bare


# ----------------------------------------------------------------------------------- rates

RATES = st.one_of(
    st.builds(
        lambda before, number, after: before + number + after,
        st.sampled_from(["", "", " ", "¥"]),
        st.one_of(st.integers(0, 250).map(str), st.decimals(0, 2, places=3).map(str), _digits("0123456789.", 6)),
        st.sampled_from(["", "%", "%", "％", " %", "%%", "% "]),
    ),
    st.sampled_from(sorted(values._RATE_WORDS)),
    st.text(alphabet="0123456789.%％免税 -", max_size=8),
)


def test_every_common_rate_is_what_the_general_path_reads() -> None:
    assert {"13%", "9%", "6%", "3%", "0.13", "免税", "0%", "13"} <= values._COMMON_RATES.keys()
    for raw, canonical in values._COMMON_RATES.items():
        assert canonical == _normalise_rate_general(raw)


@given(RATES)
@example("100%")
@example("99%")
@example("0.135")
def test_rate_fast_path_is_the_general_path(raw: str) -> None:
    assert outcome(normalise_rate, raw) == outcome(_normalise_rate_general, raw)


# ----------------------------------------------------------------------------------- dates

def _number(width_choice: int, n: int) -> str:
    return f"{n:0{width_choice}d}" if width_choice else str(n)


# A date as printed: a year of 1 to 5 digits, month and day padded or not, in the CJK, dotted,
# dashed, slashed or compact form (mixed separators too), sometimes full-width or spaced;
# months and days out of range and days a month lacks (29 February of any year) included.
DATES = st.builds(
    lambda year, yw, month, mw, day, dw, form, full_width, spaced: _print_date(
        _number(yw, year), _number(mw, month), _number(dw, day), form, full_width, spaced
    ),
    st.integers(0, 10999),
    st.sampled_from([4, 4, 4, 0, 2, 5]),
    st.integers(0, 13),
    st.sampled_from([0, 2, 2, 3]),
    st.one_of(st.integers(0, 32), st.sampled_from([28, 29, 30, 31])),
    st.sampled_from([0, 2, 2, 3]),
    st.sampled_from(["年月日", "年月号", "年月", "-", ".", "/", "-/", "compact", "．", "－", "年月日生"]),
    st.booleans(),
    st.booleans(),
)


def _print_date(year: str, month: str, day: str, form: str, full_width: bool, spaced: bool) -> str:
    if form.startswith("年月"):
        raw = f"{year}年{month}月{day}{form[2:]}"
    elif form == "compact":
        raw = f"{year}{month}{day}"
    else:
        raw = f"{year}{form[0]}{month}{form[-1]}{day}"
    if spaced:
        raw = f" {raw.replace('年', ' 年 ')}"
    return raw.translate(FULL_WIDTH_DIGITS) if full_width else raw


ERAS = ["明治", "大正", "昭和", "平成", "令和"]
# Era dates, long and short (`令和08年06月13日`, `平成元年1月8日`, `R8.6.13`), with their suffixes.
ERA_DATES = st.builds(
    lambda era, year, month, day, suffix, short: (
        f"{'MTSHR'[ERAS.index(era)]}{year if year != '元' else '1'}.{month}.{day}"
        if short
        else f"{era}{year}年{month}月{day}日{suffix}"
    ),
    st.sampled_from(ERAS),
    st.one_of(st.sampled_from(["元", "0", "00", "01"]), st.integers(1, 99).map(str)),
    st.integers(0, 13).map(str),
    st.integers(0, 32).map(str),
    st.sampled_from(["", "生", "まで", "まで有効"]),
    st.booleans(),
)
DATE_FUZZ = st.text(alphabet="0123456789年月日号-./ 令和R元０", max_size=16)

COMMON_DATES = ["2021年06月18日", "2016.07.01", "1990年3月15日", "2024-11-14", "20241114", "2024/11/14"]
COMMON_DATES += ["2024年2月29日", "2000.02.29", "2021-6-30", "1999-12-31"]
# The vectors tests/engine/test_values.py reads.
PUBLISHED_DATES = [
    "2024 年 11 月 14 日", "２０２４年１１月１４日", "14/11/2024", "11/14/2024", "15 JAN 2015", "15 1月/JAN 2015",
    "15-Jan-2015", "JAN 15, 2015", "2023-02-29", "2024年13月01日", "20240431", "yesterday", "", "长期", "長期",
    "20-11-18", "01-07-97", "14 Mar. 1985", "JANUARY 01, 1990", "1987/05/17", "31 Feb. 1985", "1987/13/17",
    "令和08年06月13日", "令和８年６月１３日まで有効", "平成元年1月8日", "昭和60年 5月 3日生", "R8.6.13", "H31.04.30",
    "令和元年4月30日", "令和0年1月1日", "令和08年02月30日", "天保08年06月13日",
]  # fmt: skip


@pytest.mark.parametrize("raw", COMMON_DATES)
def test_common_dates_take_the_fast_path(raw: str) -> None:
    assert _fast_date(raw) is not None
    assert _fast_date(raw) == _normalise_date_general(raw)


@pytest.mark.parametrize("raw", COMMON_DATES + PUBLISHED_DATES)
@pytest.mark.parametrize("order", ORDERS)
def test_date_vectors_read_the_same_on_both_paths(raw: str, order: DateOrder) -> None:
    assert outcome(partial(normalise_date, order=order), raw) == outcome(
        partial(_normalise_date_general, order=order), raw
    )


@given(st.one_of(DATES, ERA_DATES, DATE_FUZZ), st.sampled_from(ORDERS))
@example("2024年02月29日", "ymd")
@example("2023.2.29", "ymd")
@example("0000-01-01", "ymd")
@example("00010101", "ymd")
@example("9999年12月31日", "ymd")
@example("2024-04-31", "dmy")
def test_date_fast_path_is_the_general_path(raw: str, order: DateOrder) -> None:
    fast = outcome(_fast_date, raw)
    if fast != ("value", None):
        assert fast == outcome(_normalise_date_general, raw)
    general = outcome(partial(_normalise_date_general, order=order), raw)
    assert outcome(partial(normalise_date, order=order), raw) == general
    assert outcome(normaliser("date", order), raw) == general


@given(ERA_DATES)
def test_an_era_date_never_takes_the_fast_path(raw: str) -> None:
    # The general path reads era dates before the common forms; the fast path, tried first,
    # must therefore never answer one, or it would take the era's place.
    assert _fast_date(raw) is None
    assert outcome(normalise_date, raw) == outcome(_normalise_date_general, raw)


@given(st.dates(date(1, 1, 1), date(9999, 12, 31)), st.sampled_from(["%Y年%m月%d日", "%Y.%m.%d", "%Y-%m-%d", "%Y%m%d"]))
def test_every_calendar_day_takes_the_fast_path(day: date, form: str) -> None:
    raw = f"{day.year:04d}" + day.strftime(form.removeprefix("%Y"))
    assert _fast_date(raw) == day.isoformat()


def test_days_a_month_lacks_are_the_same_problem_on_both_paths() -> None:
    for year in (1900, 2000, 2023, 2024):
        for month in range(1, 13):
            last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
            for day in range(last - 1, 33):
                raw = f"{year}年{month:02d}月{day:02d}日"
                assert outcome(_fast_date, raw) == outcome(_normalise_date_general, raw), raw


# Month-name dates as passports print them (`15 3月/MAR 1990`, `12 Apr 1988`): day and year of any
# width, the bilingual month number or not, names right, wrong, misspelt and in any case, one or
# more spaces or other separators, full-width digits; days a month lacks and year 0 included.
MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC",
               "JANUARY", "FEBRUARY", "JUNE", "SEPTEMBER", "Mar", "mar", "May", "DEc", "MAI", "XYZ", "MARCHES",
               "SEPTEMBERS", "AB", "ABCDEFGHIJ", "MÄR", "MAR."]  # fmt: skip
MONTH_DATES = st.builds(
    lambda day, dw, number, name, year, yw, gaps, full_width: _print_month_date(
        _number(dw, day), number, name, _number(yw, year), gaps, full_width
    ),
    st.one_of(st.integers(0, 32), st.sampled_from([28, 29, 30, 31])),
    st.sampled_from([0, 2, 2, 3]),
    st.sampled_from(["", "", "3月/", "12月/", "123月/", "3月 / ", "3月"]),
    st.sampled_from(MONTH_NAMES),
    st.one_of(st.integers(0, 10999), st.sampled_from([1900, 2000, 2023, 2024])),
    st.sampled_from([4, 4, 0, 2, 5]),
    st.sampled_from(
        [(" ", " "), (" ", " "), ("  ", " "), ("-", "-"), ("", ""), (" ", ", "), ("\t", " "), (" ", " \n")]
    ),
    st.booleans(),
)


def _print_month_date(day: str, number: str, name: str, year: str, gaps: tuple[str, str], full_width: bool) -> str:
    raw = f"{day}{gaps[0]}{number}{name}{gaps[1]}{year}"
    return raw.translate(FULL_WIDTH_DIGITS) if full_width else raw


COMMON_MONTH_DATES = ["15 3月/MAR 1990", "20 5月/MAY 2019", "19 5月/MAY 2029", "12 APR 1988", "05 Mar 2019",
                      "1 JAN 2000", "29 2月/FEB 2024", "31 12月/DEC 1999", "15 SEPT 2015"]  # fmt: skip


@pytest.mark.parametrize("raw", COMMON_MONTH_DATES)
def test_common_month_name_dates_take_the_fast_path(raw: str) -> None:
    assert _fast_month_date(raw) is not None
    assert _fast_month_date(raw) == _normalise_date_general(raw)


@given(MONTH_DATES, st.sampled_from(ORDERS))
@example("29 2月/FEB 2023", "ymd")
@example("31 APR 2024", "dmy")
@example("00 JAN 2024", "ymd")
@example("1 JAN 0000", "mdy")
@example("15 3月/XYZ 1990", "ymd")
def test_month_name_fast_path_is_the_general_path(raw: str, order: DateOrder) -> None:
    fast = outcome(_fast_month_date, raw)
    if fast != ("value", None):
        assert fast == outcome(partial(_normalise_date_general, order=order), raw)
    general = outcome(partial(_normalise_date_general, order=order), raw)
    assert outcome(partial(normalise_date, order=order), raw) == general
    assert outcome(normaliser("date", order), raw) == general


@given(st.dates(date(1, 1, 1), date(9999, 12, 31)), st.booleans())
def test_every_calendar_day_in_month_names_takes_the_fast_path(day: date, bilingual: bool) -> None:
    name = MONTH_NAMES[day.month - 1] if day.month < 10 else MONTH_NAMES[day.month]  # SEPT sits at 9
    if bilingual:
        raw = f"{day.day} {day.month}月/{name} {day.year:04d}"
    else:
        raw = f"{day.day:02d} {name.title()} {day.year:04d}"
    assert _fast_month_date(raw) == day.isoformat() == _normalise_date_general(raw)


# ----------------------------------------------------------------------------- identifiers

IDENTIFIERS = st.one_of(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=24),  # every ASCII character
    st.text(alphabet="0123456789ABCxyz -\t\n\x1c\x1f\u200b\u3000４Ａｘ（）", max_size=24),
    st.text(max_size=12),
)


@given(IDENTIFIERS)
@example("91310115MA1K3YJ123")
@example("4405 2418 8001 0100 1x")
@example("a\x1fb\x0bc")
def test_identifier_fast_path_is_the_general_path(raw: str) -> None:
    assert normalise_identifier(raw) == _normalise_identifier_general(raw)


# ------------------------------------------------------------------------------------- MRZ

MRZ_TEXT = st.one_of(
    st.text(alphabet="ABCPXYZ0123456789<", max_size=46),
    st.text(alphabet="abcpXYZ0189<«‹＜Ａ１ \t\n\r\x0b\x1c\u2028ß", max_size=46),
    st.text(max_size=12),
)


@given(MRZ_TEXT)
@example("EA12345676CHN9003152M2905198<<<<<<<<<<<<<<<8")
@example("p<chnzhang<<san")
@example("P<CHN\nZHANG")
@example("")
def test_mrz_fast_path_is_the_general_path(raw: str) -> None:
    assert normalise_mrz(raw) == _normalise_mrz_general(raw)
