"""Cross-field rules of foreign identity cards: what a number carries ↔ the printed fields.

Many national numbers embed the holder's birth date and sex (domain.md §9): the Indonesian NIK
(DDMMYY, women's day + 40), the Malaysian NRIC (YYMMDD, last digit odd = male), the Vietnamese
CCCD (century/sex digit + year), the Mexican CURP and clave de elector (YYMMDD, H/M), the
Pakistani CNIC (last digit odd = male). `embedded_birth_date` and `embedded_sex` compare them
with the printed fields, the `scheme` option naming the number's format. Numbers that carry
only part of the date (two year digits, or a year alone) are compared on what they carry.

Also: the clave de elector ↔ the CURP on the same INE card, years in order (INE EMISIÓN ≤
VIGENCIA), and a US licence or ID number ↔ the formats of the card's state.

Each finding names the printed field and says what the number implies, never the number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from .._messages import finding
from ._registry import TEXT, RuleParams, cross_rule
from ._util import as_date, get

if TYPE_CHECKING:
    from .._models import Finding


class BirthParts(NamedTuple):
    """What a number says about the birth date; None where it says nothing."""

    year: int | None
    yy: int | None
    month: int | None
    day: int | None

    def matches(self, day: date) -> bool:
        return (
            (self.year is None or self.year == day.year)
            and (self.yy is None or self.yy == day.year % 100)
            and (self.month is None or self.month == day.month)
            and (self.day is None or self.day == day.day)
        )

    def describe(self) -> str:
        year = str(self.year) if self.year is not None else (f"(19/20){self.yy:02d}" if self.yy is not None else "?")
        if self.month is None:
            return year
        return f"{year}-{self.month:02d}-{self.day or 0:02d}"


def _nik(number: str) -> BirthParts:
    from ..checks.nik import get_birth_parts

    yy, month, day = get_birth_parts(number)
    return BirthParts(None, yy, month, day)


def _yymmdd(number: str) -> BirthParts:
    return BirthParts(None, int(number[0:2]), int(number[2:4]), int(number[4:6]))


def _cccd(number: str) -> BirthParts:
    from ..checks.vn_cccd import get_birth_year

    return BirthParts(get_birth_year(number), None, None, None)


def _curp(number: str) -> BirthParts:
    from stdnum.mx import curp

    born = curp.get_birth_date(number)
    return BirthParts(born.year, None, born.month, born.day)


def _elector(number: str) -> BirthParts:
    from ..checks.elector_key import get_birth_parts

    yy, month, day = get_birth_parts(number)
    return BirthParts(None, yy, month, day)


def _nik_sex(number: str) -> str:
    from ..checks.nik import get_sex

    return get_sex(number)


def _odd_last_male(number: str) -> str:
    return "M" if int(number[-1]) % 2 else "F"


def _cccd_sex(number: str) -> str:
    from ..checks.vn_cccd import get_sex

    return get_sex(number)


def _curp_sex(number: str) -> str:
    from stdnum.mx import curp

    return curp.get_gender(number)


def _elector_sex(number: str) -> str:
    from ..checks.elector_key import get_sex

    return get_sex(number)


BIRTH_SCHEMES: dict[str, Callable[[str], BirthParts]] = {
    "id_nik": _nik, "my_nric": _yymmdd, "vn_cccd": _cccd, "mx_curp": _curp, "mx_elector_key": _elector,
}  # fmt: skip
SEX_SCHEMES: dict[str, Callable[[str], str]] = {
    "id_nik": _nik_sex, "my_nric": _odd_last_male, "vn_cccd": _cccd_sex, "pk_cnic": _odd_last_male,
    "mx_curp": _curp_sex, "mx_elector_key": _elector_sex,
}  # fmt: skip
_SEX_WORD = {"M": "male", "F": "female"}
# How the printed sex is written when it is not normalised to M/F: Mexico prints H (hombre) / M (mujer).
_PRINTED = {"mf": {"M": "M", "F": "F"}, "hm": {"H": "M", "M": "F"}}


def _digits(value: Any) -> str | None:
    return re.sub(r"[\s\-]", "", value) if isinstance(value, str) else None


@cross_rule(
    "embedded_birth_date",
    fields=("number", "birth_date"),
    options=("scheme",),
    kinds={"number": ("identifier",), "birth_date": ("date",)},
    description="the printed birth date agrees with the one the ID number carries",
    standard="the number scheme named by `scheme` (NIK, NRIC, CURP, CCCD, ...)",
)
def embedded_birth_date(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The printed birth date agrees with the one the number carries (as far as it carries one)."""
    reader = BIRTH_SCHEMES[p["scheme"]]  # an unknown scheme is a rule-file error: reported, not skipped
    number, printed = _digits(get(fields, p["number"])), as_date(get(fields, p["birth_date"]))
    if number is None or printed is None:
        return []
    try:
        parts = reader(number)
    except (ValueError, IndexError, KeyError):
        return []  # the number's own check reports a number that cannot be read
    if parts.matches(printed):
        return []
    return [finding(p["birth_date"], "mismatch", "embedded_birth_date", value=get(fields, p["birth_date"]),
                    printed=printed, number_field=p["number"], in_number=parts.describe())]


@cross_rule(
    "embedded_sex",
    fields=("number", "sex"),
    options=("scheme", "printed"),
    kinds={"number": ("identifier",), "sex": ("sex", *TEXT)},
    description="the printed sex agrees with the one the ID number carries",
    standard="the number scheme named by `scheme` (NIK, NRIC, CNIC, CURP, CCCD, ...)",
)
def embedded_sex(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The printed sex agrees with the one the number carries."""
    reader = SEX_SCHEMES[p["scheme"]]
    words = _PRINTED[p.get("printed", "mf")]
    number, printed = _digits(get(fields, p["number"])), get(fields, p["sex"])
    if number is None or printed not in words:
        return []
    try:
        from_number = reader(number)
    except (ValueError, IndexError, KeyError):
        return []
    if words[printed] == from_number:
        return []
    return [finding(p["sex"], "mismatch", "embedded_sex", value=printed, printed=words[printed],
                    number_field=p["number"], in_number=from_number)]


@cross_rule(
    "elector_key_curp",
    fields=("elector_key", "curp"),
    kinds={"elector_key": ("identifier",), "curp": ("identifier",)},
    description="the clave de elector's birth date and sex are the CURP's",
    standard="INE Credencial para votar; RENAPO CURP",
)
def elector_key_curp(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """INE card: the clave de elector's birth date (YYMMDD) and sex are the CURP's."""
    key, curp = _digits(get(fields, p["elector_key"])), _digits(get(fields, p["curp"]))
    if key is None or curp is None:
        return []
    try:
        key_parts, curp_parts = _elector(key), _curp(curp)
        key_sex, curp_sex = _elector_sex(key), _curp_sex(curp)
    except (ValueError, IndexError, KeyError):
        return []
    birth_differs = curp_parts.year is not None and (key_parts.yy, key_parts.month, key_parts.day) != (
        curp_parts.year % 100,
        curp_parts.month,
        curp_parts.day,
    )
    sex_differs = key_sex != curp_sex
    if not (birth_differs or sex_differs):
        return []
    variant = "elector_both" if birth_differs and sex_differs else "elector_birth" if birth_differs else "elector_sex"
    return [finding(p["elector_key"], "mismatch", variant, key_birth=key_parts.describe(),
                    curp_birth=curp_parts.describe(), key_sex=key_sex, curp_sex=curp_sex)]


def _year(value: Any) -> int | None:
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    return int(text) if re.fullmatch(r"\d{4}", text) else None


@cross_rule(
    "year_order",
    fields=("earlier", "later"),
    kinds={"earlier": ("year", "year_month", "date"), "later": ("year", "year_month", "date")},
    description="two years in order (earlier ≤ later)",
    standard="document-type rule",
)
def year_order(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Two four-digit years in order (`earlier` ≤ `later`), e.g. INE EMISIÓN ≤ VIGENCIA."""
    first, second = _year(get(fields, p["earlier"])), _year(get(fields, p["later"]))
    if first is None or second is None or first <= second:
        return []
    return [finding(p["later"], "date", "before", value=get(fields, p["later"]), later=p["later"], later_value=second,
                    earlier=p["earlier"], earlier_value=first)]


@cross_rule(
    "us_state_number",
    fields=("number", "state"),
    kinds={"number": ("identifier",), "state": TEXT},
    description="the licence or ID number has a shape its state issues",
    standard="AAMVA DL/ID Card Design Standard; NTSI state licence formats",
)
def us_state_number(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """A US licence or ID number has one of the shapes its state issues (checks/us_state_id.py)."""
    from stdnum.exceptions import ValidationError

    from ..checks import finding_code, finding_detail, us_state_id

    number, state = get(fields, p["number"]), get(fields, p["state"])
    if not isinstance(number, str) or not isinstance(state, str):
        return []
    try:
        us_state_id.validate_for_state(number, state)
    except ValidationError as error:
        variant, ctx = finding_detail(error)
        return [finding(p["number"], finding_code(error), variant, value=number, **ctx)]
    return []
