"""Cross-field rules of passports and ID cards: the MRZ against the printed page, and validity.

The check digits of the MRZ are field checks on its lines (`mrz_td3_line2`, `mrz_td2_line2`,
`mrz_td1_line1`/`_line2`); these rules only compare what a valid MRZ says with what the data
page prints (ICAO Doc 9303 Parts 4-6, domain.md §1.3, §2.1), and check the one digit no single
line holds: the TD1 composite, which covers lines 1 and 2. The layout is told by the length of
line 2 (44 TD3, 36 TD2, 30 TD1); positions are fixed by the standard, and the document number,
which may overflow into the optional data on TD1 and TD2, is read by the `mrz` module.

MRZ dates are YYMMDD without a century; they are compared with the printed date's own YYMMDD,
which sidesteps guessing the century.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ..checks import mrz
from ._registry import TEXT, RuleParams, cross_rule
from ._util import add_years, age_on, as_date, get

if TYPE_CHECKING:
    from .._models import Finding

# Precompiled: these run on every document (a string pattern costs a re-cache look-up per call).
_NOT_LETTERS = re.compile(r"[^A-Z]")
_WORD_BREAKS = re.compile(r"[\s/,，、|]+")
_CODE3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class _Layout:
    """Where line 2 keeps the fields the page also prints (0-based slices)."""

    name: str
    birth: slice
    expiry: slice
    sex: int
    nationality: slice


_TD3 = _Layout("TD3", slice(13, 19), slice(21, 27), 20, slice(10, 13))
_TD2 = _Layout("TD2", slice(13, 19), slice(21, 27), 20, slice(10, 13))
_TD1 = _Layout("TD1", slice(0, 6), slice(8, 14), 7, slice(15, 18))
_LAYOUTS = {44: _TD3, 36: _TD2, 30: _TD1}

# Printed nationality words (PRC passports print `中国/CHINESE`) and the ICAO code they mean;
# a rule file adds its document's words with `nationality_words`.
_NATIONALITY_WORDS = {"中国": "CHN", "中华人民共和国": "CHN", "CHINA": "CHN", "CHINESE": "CHN"}

_SEX_MRZ = {"M": "M", "F": "F", "X": "X", "<": "X"}


@dataclass(frozen=True)
class _Zone:
    """An MRZ read from its trusted lines; line 1 and 3 are None when absent or untrusted."""

    layout: _Layout
    line1: str | None
    line2: str
    line3: str | None

    def number(self) -> str | None:
        if self.layout is _TD1:
            return mrz.td1_document_number(self.line1) if self.line1 else None
        if self.layout is _TD2:
            return mrz.td2_document_number(self.line2)
        return self.line2[0:9].rstrip("<")

    def name_field(self) -> str | None:
        """The `SURNAME<<GIVEN<NAMES` field: line 1 from position 6 (TD3, TD2), or line 3 (TD1)."""
        if self.layout is _TD1:
            return self.line3
        return self.line1[5:] if self.line1 else None


def _text(fields: Mapping[str, Any], p: RuleParams, name: str, length: int) -> str | None:
    field = p.get(name)
    value = get(fields, field) if field else None
    return value if isinstance(value, str) and len(value) == length else None


def _zone(fields: Mapping[str, Any], p: RuleParams) -> _Zone | None:
    line2 = get(fields, p["mrz_line2"])
    layout = _LAYOUTS.get(len(line2)) if isinstance(line2, str) else None
    if layout is None:
        return None
    width = len(line2)
    line3 = _text(fields, p, "mrz_line3", 30) if layout is _TD1 else None
    return _Zone(layout, _text(fields, p, "mrz_line1", width), line2, line3)


def _fold_name(value: str) -> str:
    """Names compared folded: upper-case Latin letters only (spaces, `<`, `-` and hanzi dropped)."""
    return _NOT_LETTERS.sub("", value.upper())


def _nationality_code(printed: str, p: RuleParams) -> str | None:
    """The ICAO code a printed nationality means, or None when we cannot tell."""
    words = [w for w in _WORD_BREAKS.split(printed.upper()) if w]
    known = dict(_NATIONALITY_WORDS)
    if p.get("nationality_code"):
        known.update({_fold_words(w): p["nationality_code"] for w in p.get("nationality_words", ())})
    whole = _fold_words(printed)
    if whole in known:  # `UNITED STATES OF AMERICA`, `SINGAPORE CITIZEN`
        return known[whole]
    for word in words:
        if word in known:
            return known[word]
    codes = [w for w in words if _CODE3.fullmatch(w)]
    return codes[0] if len(codes) == 1 else None


def _fold_words(text: str) -> str:
    return " ".join(text.upper().split())


def _yymmdd(day: date) -> str:
    return day.strftime("%y%m%d")


def _compare_number(fields: Mapping[str, Any], p: RuleParams, zone: _Zone) -> list[Finding]:
    name = p.get("passport_number") or p.get("document_number")
    printed = get(fields, name) if name else None
    in_mrz = zone.number()
    printed = printed.replace("<", "") if isinstance(printed, str) else None
    if printed is None or in_mrz is None or printed == in_mrz:
        return []
    # Say where they differ, not what the number is (PII).
    where = next((i + 1 for i, (a, b) in enumerate(zip(printed, in_mrz, strict=False)) if a != b), None)
    if where:
        return [finding(name, "mismatch", "mrz_number", value=printed, position=where)]
    return [finding(name, "mismatch", "mrz_number_length", value=printed, printed_length=len(printed),
                    mrz_length=len(in_mrz))]


def _compare_date(fields: Mapping[str, Any], field: str | None, variant: str, in_mrz: str) -> list[Finding]:
    printed = as_date(get(fields, field)) if field else None
    if field is None or printed is None or _yymmdd(printed) == in_mrz:
        return []
    return [finding(field, "mismatch", variant, value=get(fields, field), printed=printed,
                    printed_mrz=_yymmdd(printed), in_mrz=in_mrz)]


def _compare_sex(fields: Mapping[str, Any], p: RuleParams, zone: _Zone) -> list[Finding]:
    name = p.get("sex")
    printed = get(fields, name) if name else None
    char = zone.line2[zone.layout.sex]
    if printed not in ("M", "F", "X") or _SEX_MRZ.get(char) == printed:
        return []
    return [finding(name, "mismatch", "mrz_sex", value=printed, printed=printed, in_mrz=char)]


def _compare_surname(fields: Mapping[str, Any], p: RuleParams, zone: _Zone) -> list[Finding]:
    name = p.get("surname")
    printed = get(fields, name) if name else None
    name_field = zone.name_field()
    if not isinstance(printed, str) or name_field is None or not _fold_name(printed):
        return []
    in_mrz = name_field.split("<<", 1)[0]
    if _fold_name(printed) == _fold_name(in_mrz):
        return []
    shown = in_mrz.replace("<", " ").strip()
    return [finding(name, "mismatch", "mrz_surname", value=printed, printed=printed, in_mrz=shown)]


def _compare_nationality(fields: Mapping[str, Any], p: RuleParams, zone: _Zone) -> list[Finding]:
    """The printed nationality against the MRZ's; without a readable printed one, the MRZ's
    against `nationality_code`. A printed nationality we cannot read as that code is reported."""
    expected = p.get("nationality_code")
    name = p.get("nationality")
    printed = get(fields, name) if name else None
    in_mrz = zone.line2[zone.layout.nationality]
    code = _nationality_code(printed, p) if isinstance(printed, str) else None
    if code is not None:
        if code == in_mrz:
            return []
        return [finding(name, "mismatch", "mrz_nationality_printed", value=printed, printed=printed, nationality=code,
                        in_mrz=in_mrz)]
    if not expected:
        return []
    if isinstance(printed, str):
        return [finding(name, "mismatch", "nationality_not_expected", value=printed, printed=printed,
                        expected=expected, in_mrz=in_mrz)]
    if in_mrz != expected:
        return [finding(p["mrz_line2"], "mismatch", "mrz_nationality_expected", value=zone.line2, in_mrz=in_mrz,
                        expected=expected)]
    return []


def _compare_issuing_state(fields: Mapping[str, Any], p: RuleParams, zone: _Zone) -> list[Finding]:
    """Line 1 positions 3-5 (issuing state) against the printed country code, else the expected
    code: `issuing_state_code` (a residence card issued to foreigners), or `nationality_code`."""
    line1_name, line1 = p.get("mrz_line1"), zone.line1
    if line1 is None:
        return []
    in_mrz = line1[2:5]
    name = p.get("country_code")
    printed = get(fields, name) if name else None
    if isinstance(printed, str) and _CODE3.fullmatch(printed):
        if printed == in_mrz:
            return []
        return [finding(name, "mismatch", "mrz_country_code", value=printed, printed=printed, in_mrz=in_mrz)]
    expected = p.get("issuing_state_code") or p.get("nationality_code")
    if expected and in_mrz != expected:
        return [finding(line1_name, "mismatch", "mrz_issuing_state", value=line1, in_mrz=in_mrz,
                        expected=expected)]
    return []


@cross_rule(
    "mrz_matches_printed",
    fields=("mrz_line2",),
    optional_fields=(
        "mrz_line1",
        "mrz_line3",
        "passport_number",
        "document_number",
        "birth_date",
        "expiry_date",
        "sex",
        "surname",
        "nationality",
        "country_code",
    ),
    options=("nationality_code", "nationality_words", "issuing_state_code"),
    kinds={
        "mrz_line1": ("mrz",),
        "mrz_line2": ("mrz",),
        "mrz_line3": ("mrz",),
        "passport_number": ("identifier",),
        "document_number": ("identifier",),
        "birth_date": ("date",),
        "expiry_date": ("date",),
        "sex": ("sex",),
        "surname": ("text",),
        "nationality": TEXT,
        "country_code": TEXT,
    },
    description="each printed field equals its counterpart in the TD1/TD2/TD3 machine-readable zone",
    standard="ICAO Doc 9303 Parts 3-6",
)
def mrz_matches_printed(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Each printed field equals its counterpart in a TD3, TD2 or TD1 MRZ; one finding per
    disagreement.

    Every field parameter but `mrz_line2` is optional: a rule file names those its document
    prints (`passport_number`, or `document_number` for a card's number). `nationality_code`
    (`CHN`) is what the MRZ nationality and issuing state must be when the page prints no
    nationality or country code to compare with; `nationality_words` are the printed words that
    mean it (`INDIAN`); `issuing_state_code` the issuer when it is not the holder's nation.
    """
    zone = _zone(fields, p)
    if zone is None:
        return []
    return [
        *_compare_number(fields, p, zone),
        *_compare_date(fields, p.get("birth_date"), "mrz_birth_date", zone.line2[zone.layout.birth]),
        *_compare_date(fields, p.get("expiry_date"), "mrz_expiry_date", zone.line2[zone.layout.expiry]),
        *_compare_sex(fields, p, zone),
        *_compare_surname(fields, p, zone),
        *_compare_nationality(fields, p, zone),
        *_compare_issuing_state(fields, p, zone),
    ]


@cross_rule(
    "mrz_td1_composite",
    fields=("mrz_line1", "mrz_line2"),
    kinds={"mrz_line1": ("mrz",), "mrz_line2": ("mrz",)},
    description="the TD1 composite check digit over the document number, dates and optional data",
    standard="ICAO Doc 9303 Part 5 (composite check digit)",
)
def mrz_td1_composite(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The TD1 composite digit (line 2, position 30) over line 1 positions 6-30 and line 2's
    birth, expiry and optional data; reported on line 2, which holds the digit."""
    line1, line2 = get(fields, p["mrz_line1"]), get(fields, p["mrz_line2"])
    if not (isinstance(line1, str) and isinstance(line2, str) and len(line1) == len(line2) == 30):
        return []
    if mrz.td1_composite_ok(line1, line2):
        return []
    return [finding(p["mrz_line2"], "checksum", "mrz_composite", value=line2)]


# 护照法 第七条: 10 years, 5 years when the holder is under 16 at issue; the printed expiry is
# the day before the anniversary (observed convention, [U] in domain.md §2.1: allow ±1 day).
ADULT_YEARS, MINOR_YEARS, MINOR_AGE = 10, 5, 16
TOLERANCE = timedelta(days=1)


def _expected_expiry(issue: date, years: int) -> date:
    return add_years(issue, years) - timedelta(days=1)


@cross_rule(
    "passport_validity",
    fields=("issue_date", "expiry_date"),
    optional_fields=("birth_date",),
    kinds={"issue_date": ("date",), "expiry_date": ("date",), "birth_date": ("date",)},
    description="expiry = issue + 10 years − 1 day (5 years when under 16 at issue)",
    standard="《中华人民共和国护照法》 art. 5 (validity by age)",
)
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
        why: dict[str, Any] = {"age": age, "start": issue}
    else:
        allowed, why = (ADULT_YEARS, MINOR_YEARS), {}
    if any(abs(expiry - _expected_expiry(issue, years)) <= TOLERANCE for years in allowed):
        return []
    name = p["expiry_date"]
    variant = "validity_years_age" if why else "validity_years"
    return [finding(name, "mismatch", variant, value=get(fields, name), end=expiry,
                    expected=[_expected_expiry(issue, y) for y in allowed], years=list(allowed), **why)]
