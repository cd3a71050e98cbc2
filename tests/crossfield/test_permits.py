"""Validity lengths of permits and licences, and the residence permit's pass number."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.crossfield._util import add_years
from ocrcheck.crossfield.permits import expected_end, residence_permit_pass_number, validity_length


def length(start: str, end: str, birth: str | None = None, **options: Any) -> list[str]:
    params: dict[str, Any] = {"start": "start", "end": "end", "years": 10, **options}
    fields = {"start": start, "end": end}
    if birth is not None:
        params["birth_date"] = "birth"
        fields["birth"] = birth
    return [f.field for f in validity_length(fields, RuleParams("validity_length", "error", params))]


MINORS = {"minor_years": 5, "minor_age": 16}


def test_expected_end_is_the_day_before_the_anniversary() -> None:
    assert expected_end(date(2019, 5, 20), 10) == date(2029, 5, 19)
    assert expected_end(date(2020, 3, 1), 5) == date(2025, 2, 28)
    assert expected_end(date(2020, 2, 29), 5) == date(2025, 2, 27)  # 28 February − 1 day
    assert expected_end(date(2020, 2, 29), 4) == date(2024, 2, 28)


@pytest.mark.parametrize(
    ("end", "ok"),
    [("2029-05-19", True), ("2029-05-20", True), ("2029-05-18", True), ("2029-05-21", False), ("2024-05-19", False)],
)
def test_one_day_tolerance(end: str, ok: bool) -> None:
    assert (length("2019-05-20", end) == []) is ok


def test_minor_gets_the_short_card() -> None:
    # Aged 12 at the start: 5 years; 10 years is wrong, and the other way round for an adult.
    assert length("2019-05-20", "2024-05-19", "2007-01-01", **MINORS) == []
    assert length("2019-05-20", "2029-05-19", "2007-01-01", **MINORS) == ["end"]
    assert length("2019-05-20", "2024-05-19", "1980-01-01", **MINORS) == ["end"]


def test_sixteenth_birthday_is_an_adult() -> None:
    assert length("2019-05-20", "2029-05-19", "2003-05-20", **MINORS) == []
    assert length("2019-05-20", "2024-05-19", "2003-05-21", **MINORS) == []


def test_without_birth_date_either_length() -> None:
    assert length("2019-05-20", "2024-05-19", **MINORS) == []
    assert length("2019-05-20", "2029-05-19", **MINORS) == []
    assert length("2019-05-20", "2027-05-19", **MINORS) == ["end"]


def test_long_term_from_an_age() -> None:
    options = {**MINORS, "long_term_age": 60}
    assert length("2020-01-01", "长期", "1950-01-01", **options) == []
    assert length("2020-01-01", "2030-12-31", "1950-01-01", **options) == ["end"]
    assert length("2020-01-01", "长期", "1980-01-01", **options) == ["end"]


def test_inverted_or_unreadable_pairs_are_left_to_other_rules() -> None:
    assert length("2029-05-19", "2019-05-20") == []
    assert length("not a date", "2019-05-20") == []


@settings(max_examples=200)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)), st.integers(-40, 40))
def test_generated(start: date, offset: int) -> None:
    end = add_years(start, 10) - timedelta(days=1) + timedelta(days=offset)
    assert (length(start.isoformat(), end.isoformat()) == []) is (abs(offset) <= 1)


def pass_finding(number: str, pass_number: str) -> list[str]:
    p = RuleParams("residence_permit_pass_number", "error", {"id_number": "id", "pass_number": "pass"})
    return [f.field for f in residence_permit_pass_number({"id": number, "pass": pass_number}, p)]


@pytest.mark.parametrize(
    ("number", "pass_number", "ok"),
    [
        ("810000199408230021", "H12345678", True),
        ("810000199408230021", "H1234567801", True),
        ("810000199408230021", "HA1234567", True),
        ("810000199408230021", "M12345678", False),
        ("810000199408230021", "12345678", False),
        ("820000200001010028", "M12345678", True),
        ("820000200001010028", "H12345678", False),
        ("830000199201300022", "12345678", True),
        ("830000199201300022", "H12345678", False),
    ],
)
def test_pass_number_fits_the_prefix(number: str, pass_number: str, ok: bool) -> None:
    assert (pass_finding(number, pass_number) == []) is ok


def count_finding(number: str, count: str) -> list[str]:
    p = RuleParams("home_return_permit_count", "error", {"permit_number": "n", "replacement_count": "c"})
    from ocrcheck.crossfield.permits import home_return_permit_count

    return [f.field for f in home_return_permit_count({"n": number, "c": count}, p)]


def test_home_return_permit_count() -> None:
    assert count_finding("H1234567801", "01") == []
    assert count_finding("H1234567801", "02") == ["c"]
    assert count_finding("H12345678", "05") == []  # the 2013 card prints the count apart


def year_finding(scheme: str, number: str, issued: str) -> list[str]:
    from ocrcheck.crossfield.permits import licence_number_year

    p = RuleParams("licence_number_year", "error", {"number": "n", "issue_date": "d", "scheme": scheme})
    return [f.code for f in licence_number_year({"n": number, "d": issued}, p)]


def test_licence_number_year() -> None:
    assert year_finding("medical_device", "粤穗药监械经营许20230123号", "2023-05-01") == []
    assert year_finding("medical_device", "粤穗药监械经营许20230123号", "2024-05-01") == []
    assert year_finding("medical_device", "粤穗药监械经营许20230123号", "2022-12-31") == ["date"]
    assert year_finding("real_estate", "京(2021)朝阳区不动产权第0012345号", "2020-08-17") == ["date"]
    assert year_finding("real_estate", "京(2020)朝阳区不动产权第0012345号", "2020-08-17") == []


def area_finding(unit: str, fields: dict[str, Any]) -> list[str]:
    from ocrcheck.crossfield.permits import unit_building_area

    p = RuleParams("unit_building_area", "warning", {"unit_number": "u", "building_area": "a"})
    return [f.field for f in unit_building_area({"u": unit, **fields}, p)]


def test_unit_building_area() -> None:
    building, land = "110105001002GB00123F00010203", "110105001002GB00123W00000000"
    assert area_finding(building, {"a": "89.56㎡"}) == []
    assert area_finding(building, {"a": None}) == ["a"]
    assert area_finding(building, {}) == []  # failed its own check: not reported twice
    assert area_finding(land, {"a": None}) == []
    assert area_finding(land, {"a": "89.56㎡"}) == ["a"]
