"""Cross-field rules of passports: the MRZ against the printed page, and the validity period.

The check digits of the MRZ are field checks on `mrz_line2` (`mrz_td3_line2`); these rules only
compare what a valid MRZ says with what the data page prints (ICAO Doc 9303 Part 4, domain.md
§1.3, §2.1). The TD3 positions are fixed by the standard, so the few slices needed are read here
directly: a field check has already vouched for the line's shape, and reading by position keeps
this module usable whatever else the MRZ module offers.

MRZ dates are YYMMDD without a century; they are compared with the printed date's own YYMMDD,
which sidesteps guessing the century.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from .._models import Finding
from ._registry import RuleParams, cross_rule
from ._util import add_years, age_on, as_date, finding, get

TD3_LENGTH = 44

# Printed nationality words (PRC passports print `中国/CHINESE`) and the ICAO code they mean.
_NATIONALITY_WORDS = {"中国": "CHN", "中华人民共和国": "CHN", "CHINA": "CHN", "CHINESE": "CHN"}

_SEX_MRZ = {"M": "M", "F": "F", "X": "X", "<": "X"}


def _line(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) == TD3_LENGTH else None


def _fold_name(value: str) -> str:
    """Names compared folded: upper-case Latin letters only (spaces, `<`, `-` and hanzi dropped)."""
    return re.sub(r"[^A-Z]", "", value.upper())


def _nationality_code(printed: str) -> str | None:
    """The ICAO code a printed nationality means, or None when we cannot tell."""
    words = [w for w in re.split(r"[\s/,，、|]+", printed.upper()) if w]
    for word in words:
        if word in _NATIONALITY_WORDS:
            return _NATIONALITY_WORDS[word]
    codes = [w for w in words if re.fullmatch(r"[A-Z]{3}", w)]
    return codes[0] if len(codes) == 1 else None


def _yymmdd(day: date) -> str:
    return day.strftime("%y%m%d")


def _compare_number(fields: Mapping[str, Any], p: RuleParams, line2: str) -> list[Finding]:
    name = p.get("passport_number")
    printed = get(fields, name) if name else None
    in_mrz = line2[0:9].rstrip("<")
    printed = printed.replace("<", "") if isinstance(printed, str) else None
    if printed is None or printed == in_mrz:
        return []
    # Say where they differ, not what the number is (PII).
    where = next((i + 1 for i, (a, b) in enumerate(zip(printed, in_mrz, strict=False)) if a != b), None)
    detail = f"first at character {where}" if where else f"{len(printed)} vs {len(in_mrz)} characters"
    return [finding(name, f"{name} differs from the document number in the MRZ ({detail})", value=printed)]


def _compare_date(fields: Mapping[str, Any], field: str | None, label: str, in_mrz: str) -> list[Finding]:
    printed = as_date(get(fields, field)) if field else None
    if printed is None or _yymmdd(printed) == in_mrz:
        return []
    return [
        finding(
            field,  # type: ignore[arg-type]
            f"{field} is {printed} (YYMMDD {_yymmdd(printed)}), but the MRZ {label} is {in_mrz}",
            value=get(fields, field),  # type: ignore[arg-type]
        )
    ]


def _compare_sex(fields: Mapping[str, Any], p: RuleParams, line2: str) -> list[Finding]:
    name = p.get("sex")
    printed = get(fields, name) if name else None
    in_mrz = _SEX_MRZ.get(line2[20])
    if printed not in ("M", "F", "X") or in_mrz == printed:
        return []
    return [finding(name, f"{name} is {printed}, but the MRZ says {line2[20]}", value=printed)]


def _compare_surname(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    name, line1_name = p.get("surname"), p.get("mrz_line1")
    printed = get(fields, name) if name else None
    line1 = _line(get(fields, line1_name)) if line1_name else None
    if not isinstance(printed, str) or line1 is None or not _fold_name(printed):
        return []
    in_mrz = line1[5:].split("<<", 1)[0]
    if _fold_name(printed) == _fold_name(in_mrz):
        return []
    shown = in_mrz.replace("<", " ").strip()
    return [finding(name, f"{name} {printed!r} differs from the surname in the MRZ ({shown!r})", value=printed)]


def _compare_nationality(fields: Mapping[str, Any], p: RuleParams, line2: str) -> list[Finding]:
    """The printed nationality against the MRZ's; without a readable printed one, the MRZ's
    against `nationality_code`. A printed nationality we cannot read as that code is reported."""
    expected = p.get("nationality_code")
    name = p.get("nationality")
    printed = get(fields, name) if name else None
    in_mrz = line2[10:13]
    code = _nationality_code(printed) if isinstance(printed, str) else None
    if code is not None:
        if code == in_mrz:
            return []
        return [finding(name, f"{name} {printed!r} means {code}, but the MRZ nationality is {in_mrz}", value=printed)]
    if not expected:
        return []
    if isinstance(printed, str):
        detail = f"{name} {printed!r} is not {expected}; the MRZ nationality is {in_mrz}"
        return [finding(name, detail, value=printed)]
    if in_mrz != expected:
        detail = f"the MRZ nationality is {in_mrz}; this document is issued to {expected}"
        return [finding(p["mrz_line2"], detail, value=line2)]
    return []


def _compare_issuing_state(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Line 1 positions 3-5 (issuing state) against the printed country code, else the expected code."""
    line1_name = p.get("mrz_line1")
    line1 = _line(get(fields, line1_name)) if line1_name else None
    if line1 is None:
        return []
    in_mrz = line1[2:5]
    name = p.get("country_code")
    printed = get(fields, name) if name else None
    if isinstance(printed, str) and re.fullmatch(r"[A-Z]{3}", printed):
        if printed == in_mrz:
            return []
        return [finding(name, f"{name} is {printed}, but the MRZ issuing state is {in_mrz}", value=printed)]
    expected = p.get("nationality_code")
    if expected and in_mrz != expected:
        detail = f"the MRZ issuing state is {in_mrz}; this document is issued by {expected}"
        return [finding(line1_name, detail, value=line1)]
    return []


@cross_rule(
    "mrz_matches_printed",
    fields=("mrz_line2",),
    optional_fields=(
        "mrz_line1",
        "passport_number",
        "birth_date",
        "expiry_date",
        "sex",
        "surname",
        "nationality",
        "country_code",
    ),
    options=("nationality_code",),
)
def mrz_matches_printed(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Each printed field equals its counterpart in a TD3 MRZ; one finding per disagreement.

    Every field parameter but `mrz_line2` is optional: a rule file names those its document
    prints. `nationality_code` (`CHN`) is what the MRZ nationality and issuing state must be
    when the page prints no nationality or country code to compare with.
    """
    line2 = _line(get(fields, p["mrz_line2"]))
    if line2 is None:
        return []
    return [
        *_compare_number(fields, p, line2),
        *_compare_date(fields, p.get("birth_date"), "birth date", line2[13:19]),
        *_compare_date(fields, p.get("expiry_date"), "expiry date", line2[21:27]),
        *_compare_sex(fields, p, line2),
        *_compare_surname(fields, p),
        *_compare_nationality(fields, p, line2),
        *_compare_issuing_state(fields, p),
    ]


# 护照法 第七条: 10 years, 5 years when the holder is under 16 at issue; the printed expiry is
# the day before the anniversary (observed convention, [U] in domain.md §2.1: allow ±1 day).
ADULT_YEARS, MINOR_YEARS, MINOR_AGE = 10, 5, 16
TOLERANCE = timedelta(days=1)


def _expected_expiry(issue: date, years: int) -> date:
    return add_years(issue, years) - timedelta(days=1)


@cross_rule("passport_validity", fields=("issue_date", "expiry_date"), optional_fields=("birth_date",))
def passport_validity(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """expiry = issue + 10 years − 1 day (5 years when under 16 at issue), ±1 day.

    Without a trusted birth date either length is accepted.
    """
    issue, expiry = as_date(get(fields, p["issue_date"])), as_date(get(fields, p["expiry_date"]))
    if issue is None or expiry is None or expiry < issue:
        return []  # an inverted pair is the date order rule's finding
    birth = as_date(get(fields, p["birth_date"])) if p.get("birth_date") else None
    if birth is not None and birth <= issue:
        age = age_on(birth, issue)
        allowed: tuple[int, ...] = (MINOR_YEARS,) if age < MINOR_AGE else (ADULT_YEARS,)
        why = f" for a holder aged {age} at issue"
    else:
        allowed, why = (ADULT_YEARS, MINOR_YEARS), ""
    if any(abs(expiry - _expected_expiry(issue, years)) <= TOLERANCE for years in allowed):
        return []
    wanted = " or ".join(f"{_expected_expiry(issue, y)} ({y} years − 1 day)" for y in allowed)
    name = p["expiry_date"]
    return [finding(name, f"{name} is {expiry}; expected {wanted}{why}", value=get(fields, name))]
