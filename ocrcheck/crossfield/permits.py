"""Cross-field rules of permits, licences and cards with a fixed validity length.

`validity_length`: the end of validity is the start + N years − 1 day (the printed convention of
entry-exit permits, residence permits and licences), with N chosen by the holder's age at the
start where the law gives minors a shorter card; ±1 day is tolerated, so an end printed on the
anniversary itself also passes. Lengths and their sources, per document (domain.md):

* 往来港澳通行证: 10 years, 5 under 16 (§2.3, [S]); 往来台湾通行证: the same (§2.4, [S]).
* 港澳居民来往内地通行证: 10 years, 5 under 18 (§2.5, [U]).
* 港澳台居民居住证: 5 years (keys.md; 《港澳台居民居住证申领发放办法》 第八条).
* 外国人永久居留身份证: 10 years, 5 under 18 (zh/en Wikipedia summary, [U]).
* 澳門居民身份證: 10 years, 5 under 18 (§9.2, [S] Wikipedia), no end (`------`) from 60.
* 食品经营/生产许可证, 药品经营许可证, 医疗器械经营许可证: 5 years (§7.2-7.5, [U]).

Rule files set severity: an error where the length is law, a warning where it is convention.

`residence_permit_pass_number`: a 港澳台居民居住证's 通行证号码 is the holder's Home Return Permit
(`H…` for 810000 Hong Kong, `M…` for 820000 Macao) or Taiwan compatriot permit (8 digits, for
830000 Taiwan) number (domain.md §2.5).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ._registry import DATES, TEXT, RuleParams, cross_rule
from ._util import add_years, age_on, as_date, get

if TYPE_CHECKING:
    from .._models import Finding

LONG_TERM = "长期"
TOLERANCE = timedelta(days=1)


def expected_end(start: date, years: int) -> date:
    """start + `years` years − 1 day (29 February starts end on 27 February)."""
    return add_years(start, years) - timedelta(days=1)


def _years_for(p: RuleParams, age: int | None) -> tuple[int, ...] | None:
    """The lengths allowed at `age` (None when unknown: any of them); None result = 长期."""
    years, minor_years, minor_age = int(p["years"]), p.get("minor_years"), p.get("minor_age")
    long_term_age = p.get("long_term_age")
    if age is None:
        return (years,) if minor_years is None else (years, int(minor_years))
    if long_term_age is not None and age >= int(long_term_age):
        return None
    if minor_years is not None and minor_age is not None and age < int(minor_age):
        return (int(minor_years),)
    return (years,)


@cross_rule(
    "validity_length",
    fields=("start", "end"),
    optional_fields=("birth_date",),
    options=("years", "minor_years", "minor_age", "long_term_age"),
    kinds={"start": ("date",), "end": ("date",), "birth_date": ("date",)},
    description="end = start + N years − 1 day (minor_years under minor_age; none at long_term_age)",
    standard="the document's issuing rules (validity by age)",
)
def validity_length(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """end = start + N years − 1 day (±1 day); N = `years`, or `minor_years` under `minor_age`.

    With `long_term_age`, a holder that old at the start gets a card with no end (长期/`------`).
    Without a trusted birth date every length the rule names is accepted.
    """
    start, end_raw = as_date(get(fields, p["start"])), get(fields, p["end"])
    if start is None or end_raw is None:
        return []
    end = as_date(end_raw)
    if end is not None and end <= start:
        return []  # an inverted pair is the date order rule's finding
    birth = as_date(get(fields, p["birth_date"])) if p.get("birth_date") else None
    age = age_on(birth, start) if birth is not None and birth <= start else None
    allowed = _years_for(p, age)
    why: dict[str, Any] = {"age": age, "start": start} if age is not None else {}
    suffix = "_age" if why else ""
    name = p["end"]
    if allowed is None:
        if end_raw == LONG_TERM:
            return []
        return [finding(name, "mismatch", "validity_no_end" + suffix, value=end_raw, end=end_raw, **why)]
    if end is not None and any(abs(end - expected_end(start, y)) <= TOLERANCE for y in allowed):
        return []
    wanted = [expected_end(start, y) for y in allowed]
    return [finding(name, "mismatch", "validity_years" + suffix, value=end_raw, end=end_raw, expected=wanted,
                    years=list(allowed), **why)]


# Address code of the permit → the pass its holder carries.
_PASS_FOR_PREFIX = {
    "810000": ("Hong Kong", re.compile(r"H(?:\d{8}(?:\d{2})?|A\d{7})")),
    "820000": ("Macao", re.compile(r"M(?:\d{8}(?:\d{2})?|A\d{7})")),
    "830000": ("Taiwan", re.compile(r"\d{8}(?:\d{2})?")),
}


@cross_rule(
    "residence_permit_pass_number",
    fields=("id_number", "pass_number"),
    kinds={"id_number": ("identifier",), "pass_number": ("identifier",)},
    description="the permit's region (810000/820000/830000) matches its printed pass number",
    standard="国务院办公厅 港澳台居民居住证申领发放办法 (2018)",
)
def residence_permit_pass_number(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """810000 ⇒ an `H…` Home Return Permit, 820000 ⇒ `M…`, 830000 ⇒ an 8-digit Taiwan permit."""
    number, pass_number = get(fields, p["id_number"]), get(fields, p["pass_number"])
    if not isinstance(number, str) or not isinstance(pass_number, str):
        return []
    entry = _PASS_FOR_PREFIX.get(number[:6])
    if entry is None or entry[1].fullmatch(pass_number):
        return []
    region, _ = entry
    if region == "Taiwan":
        return [finding(p["pass_number"], "mismatch", "pass_taiwan", value=pass_number, prefix=number[:6])]
    return [finding(p["pass_number"], "mismatch", "pass_home_return", value=pass_number, prefix=number[:6],
                    region=region)]


@cross_rule(
    "home_return_permit_count",
    fields=("permit_number", "replacement_count"),
    kinds={"permit_number": ("identifier",), "replacement_count": (*TEXT, "decimal")},
    description="an 11-character Home Return Permit number ends in the printed replacement count",
    standard="公安部《港澳居民来往内地通行证号码规则》",
)
def home_return_permit_count(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """An 11-character Home Return Permit number ends in the replacement count (换证次数).

    The 1999 numbering puts the count in the last two digits (公安部《港澳居民来往内地通行证号码
    规则》, domain.md §2.5); the 2013 card prints the 9-character lifetime number and the count
    apart, so only the 11-character form is compared.
    """
    number, count = get(fields, p["permit_number"]), get(fields, p["replacement_count"])
    if not isinstance(number, str) or not isinstance(count, str) or len(number) != 11:
        return []
    if number[9:] == count:
        return []
    return [finding(p["replacement_count"], "mismatch", "replacement_count", value=count, count=count, ends=number[9:])]


def _number_year(scheme: str, number: str) -> int | None:
    from ..checks import real_estate, trade_licence

    read = {"medical_device": trade_licence.get_year, "real_estate": real_estate.get_certificate_year}.get(scheme)
    if read is None:
        return None
    try:
        return read(number)
    except ValueError:
        return None


# Schemes whose numbers embed a year (a rule option): 医疗器械经营许可证 (…许YYYYNNNN号) and
# 不动产权证书 (省(YYYY)…). Rule files are tested to name only these.
YEAR_SCHEMES = ("medical_device", "real_estate")


@cross_rule(
    "licence_number_year",
    fields=("number", "issue_date"),
    options=("scheme",),
    kinds={"number": ("identifier",), "issue_date": DATES},
    description="the year inside a licence number is not after the year of issue",
    standard="the licence's numbering rules (食品/药品/医疗器械经营许可)",
)
def licence_number_year(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The year inside the number is not after the year of issue (numbers are given at issue)."""
    number, issued = get(fields, p["number"]), as_date(get(fields, p["issue_date"]))
    if not isinstance(number, str) or issued is None:
        return []
    year = _number_year(str(p.get("scheme", "")), number)
    if year is None or year <= issued.year:
        return []
    return [finding(p["number"], "date", "number_year_after_issue", value=number, year=year,
                    issue_field=p["issue_date"], issued=issued)]


@cross_rule(
    "unit_building_area",
    fields=("unit_number", "building_area"),
    kinds={"unit_number": ("identifier",), "building_area": ("quantity", "decimal")},
    description="a unit coded as a building (F) has a building area; one without fixtures (W) has none",
    standard="GB/T 37346-2019 (fixture code, position 20)",
)
def unit_building_area(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """A unit whose fixture code (position 20 of the GB/T 37346 number) is `F`, a building, has
    a building area; one coded `W`, no fixture, has none (domain.md §8). Only an area the answer
    gives as null counts as missing: a key left out, or one that failed its own check, is not
    visible here and is not reported twice."""
    unit, area = get(fields, p["unit_number"]), fields.get(p["building_area"])
    if not isinstance(unit, str) or len(unit) != 28 or p["building_area"] not in fields:
        return []  # an area that failed its own check is absent here: already reported
    if unit[19] == "F" and area in (None, ""):
        return [finding(p["building_area"], "mismatch", "area_missing", unit_field=p["unit_number"])]
    if unit[19] == "W" and area not in (None, ""):
        return [finding(p["building_area"], "mismatch", "area_unexpected", value=area, unit_field=p["unit_number"])]
    return []
