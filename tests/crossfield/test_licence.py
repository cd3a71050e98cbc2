"""Driving-licence cross rules: expiry on the birthday (RA 10930), year of first licence (Japan)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrcheck.crossfield import RuleParams, get_rule


def _birthday(birth: str, expiry: str) -> list[tuple[str, str]]:
    rule = get_rule("expiry_on_birthday")
    params = RuleParams("expiry_on_birthday", "warning", {"birth_date": "b", "expiry_date": "e"})
    return [(f.field, f.code) for f in rule.func({"b": birth, "e": expiry}, params)]


@pytest.mark.parametrize(
    ("birth", "expiry", "ok"),
    [
        ("1987-05-17", "2027-05-17", True),
        ("1987-05-17", "2027-05-18", False),
        ("1987-05-17", "2027-06-17", False),
        ("1988-02-29", "2027-02-28", True),  # no 29 February in 2027
        ("1988-02-29", "2027-03-01", True),
        ("1988-02-29", "2028-02-29", True),
        ("1988-02-29", "2028-02-28", False),  # 2028 has a 29 February
        ("1987-05-17", "1980-05-17", True),  # inverted: the date order rule's finding, not this one
    ],
)
def test_expiry_on_birthday(birth: str, expiry: str, ok: bool) -> None:
    assert (_birthday(birth, expiry) == []) is ok
    if not ok:
        assert _birthday(birth, expiry) == [("e", "date")]


def test_expiry_on_birthday_ignores_untrusted_dates() -> None:
    assert _birthday("1987-05-17", "长期") == []
    assert _birthday("", "2027-05-18") == []


@given(st.dates(date(1930, 1, 1), date(2010, 12, 31)), st.integers(1, 12), st.integers(1, 400))
def test_generated_birthdays(birth: date, years: int, shift: int) -> None:
    year = birth.year + years
    leapling = (birth.month, birth.day) == (2, 29)
    expiry = date(year, birth.month, 28 if leapling and not calendar.isleap(year) else birth.day)
    assert _birthday(birth.isoformat(), expiry.isoformat()) == []
    moved = expiry + timedelta(days=shift)
    if (moved.month, moved.day) != (birth.month, birth.day) and not (
        leapling and (moved.month, moved.day) in ((3, 1), (2, 28), (2, 29))
    ):
        assert _birthday(birth.isoformat(), moved.isoformat()) == [("e", "date")]


def _first_year(number: str, birth: str, issue: str) -> list[str]:
    rule = get_rule("jp_licence_first_year")
    params = RuleParams(
        "jp_licence_first_year", "warning", {"licence_number": "n", "birth_date": "b", "issue_date": "i"}
    )
    return [f.field for f in rule.func({"n": number, "b": birth, "i": issue}, params)]


@pytest.mark.parametrize(
    ("number", "birth", "issue", "ok"),
    [
        ("300312345670", "1985-05-03", "2021-07-20", True),  # first licensed 2003, aged 18
        ("300112345670", "1985-05-03", "2021-07-20", True),  # 2001: the year he turned 16
        ("300012345670", "1985-05-03", "2021-07-20", False),  # 2000: aged 15 at most
        ("309912345670", "1985-05-03", "2021-07-20", False),  # 1999 too young, 2099 after issue
        ("302212345670", "1985-05-03", "2021-07-20", False),  # 2022: after the card was issued
        ("309012345620", "1970-01-01", "2021-07-20", True),  # jiko0's example: 1990
    ],
)
def test_first_licence_year(number: str, birth: str, issue: str, ok: bool) -> None:
    assert (_first_year(number, birth, issue) == []) is ok


def test_first_licence_year_needs_all_three_values() -> None:
    assert _first_year("300012345670", "1985-05-03", "") == []
    assert _first_year("3000", "1985-05-03", "2021-07-20") == []
