"""Cross-field rules of identity and bank cards: numbers against the printed fields.

PRC resident ID card (居民身份证): the 18-character citizen number carries the holder's birth
date (positions 7-14) and sex (parity of the 17th digit), GB 11643-1999; the card's validity
length is fixed by the holder's age on the day it was issued, 居民身份证法 第五条 (domain.md §1.1).
Hong Kong ID: one Chinese commercial code per character of the Chinese name (§9.1). Bank cards:
the printed network mark against the number's prefix (§6.1).

Each rule names the printed field that disagrees and says what the number implies, never the
number itself (PII).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ..checks import foreign_permanent_id, resident_id
from ._registry import TEXT, RuleParams, cross_rule
from ._util import add_years, age_on, as_date, get

if TYPE_CHECKING:
    from .._models import Finding

LONG_TERM = "长期"

# (minimum age at issue, years of validity); None = 长期. 居民身份证法 第五条:
# 未满十六周岁 5 年；十六至二十五周岁 10 年；二十六至四十五周岁 20 年；四十六周岁以上 长期.
VALIDITY_BY_AGE: tuple[tuple[int, int | None], ...] = ((46, None), (26, 20), (16, 10), (0, 5))

# The printed end date is the same month and day N years on (observed convention, not law):
# allow one day either way (domain.md §1.1).
TOLERANCE = timedelta(days=1)

_SEX_WORD = {"M": "male (男)", "F": "female (女)"}


# Numbers that carry the holder's birth date and sex, by `id_format` (a rule option):
# `resident_id` (default): GB 11643 citizen numbers and the 810000/820000/830000 residence
# permits, whose layout is the same; `foreign_permanent_id`: the foreign permanent resident ID,
# 2023 (18 characters, same positions) or 2017 (15 characters, YYMMDD at positions 8-13, no sex).
ID_FORMATS = ("resident_id", "foreign_permanent_id")


def _id_birth_date(number: Any, id_format: str = "resident_id") -> date | None:
    if not isinstance(number, str):
        return None
    if id_format == "foreign_permanent_id" and len(number) in (15, 18):
        read = foreign_permanent_id.get_birth_date
    elif len(number) == 18:
        read = resident_id.get_birth_date
    else:
        return None
    try:
        return read(number)
    except ValueError:
        return None


def _id_sex(number: Any, id_format: str = "resident_id") -> str | None:
    if not isinstance(number, str) or len(number) != 18 or not number[16].isdigit():
        return None  # also the 2017 foreign form: its sex digit is not published
    return resident_id.get_sex(number)


def _same_birth(from_number: date, printed: date, number: str) -> bool:
    """A 15-character foreign number has no century: compare YYMMDD only."""
    if len(number) == 15:
        return from_number.strftime("%y%m%d") == printed.strftime("%y%m%d")
    return from_number == printed


def _id_format(p: RuleParams) -> str:
    """The rule's `id_format`; rule files are tested to name only `ID_FORMATS`."""
    return str(p.get("id_format", "resident_id"))


@cross_rule(
    "resident_id_birth_date",
    fields=("id_number", "birth_date"),
    options=("id_format",),
    kinds={"id_number": ("identifier",), "birth_date": ("date",)},
    description="the printed birth date equals the one inside the resident ID number",
    standard="GB 11643-1999 (birth date digits 7-14)",
)
def resident_id_birth_date(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The printed birth date equals the one inside the ID number (`id_format` says which layout)."""
    number = get(fields, p["id_number"])
    from_number = _id_birth_date(number, _id_format(p))
    printed = as_date(get(fields, p["birth_date"]))
    if from_number is None or printed is None or _same_birth(from_number, printed, number):
        return []
    return [finding(p["birth_date"], "mismatch", "id_birth_date", value=get(fields, p["birth_date"]), printed=printed,
                    in_number=from_number)]


@cross_rule(
    "resident_id_sex",
    fields=("id_number", "sex"),
    options=("id_format",),
    kinds={"id_number": ("identifier",), "sex": ("sex",)},
    description="the printed sex equals the parity of the ID number's 17th digit",
    standard="GB 11643-1999 (sequence code: odd for men, even for women)",
)
def resident_id_sex(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The printed sex equals the parity of the ID number's 17th digit (odd = male)."""
    from_number = _id_sex(get(fields, p["id_number"]), _id_format(p))
    printed = get(fields, p["sex"])
    if from_number is None or printed not in _SEX_WORD or printed == from_number:
        return []
    return [finding(p["sex"], "mismatch", "id_sex", value=printed, printed=printed, in_number=from_number)]


def validity_years(age: int) -> int | None:
    """Years of validity for a card issued at `age` (None: 长期)."""
    for minimum, years in VALIDITY_BY_AGE:
        if age >= minimum:
            return years
    return VALIDITY_BY_AGE[-1][1]  # pragma: no cover - the table ends at age 0


# The back of the card prints the period as one value, `2016.07.01-2036.07.01` or
# `2010.05.05-长期`; an answer that keeps it whole is read here rather than lost.
_PERIOD_PART = re.compile(r"\d{4}[.\-/年]\d{1,2}[.\-/月]\d{1,2}日?|\d{8}|长期有效|长期|長期")


def split_period(text: Any) -> tuple[date, str] | None:
    """`2016.07.01-2036.07.01` → (2016-07-01, '2036-07-01'); `…-长期` → (…, '长期'); else None."""
    from ..dates import normalise_date
    from ..values import ValueProblem

    parts = _PERIOD_PART.findall(text) if isinstance(text, str) else []
    if len(parts) != 2:
        return None
    try:
        start, end = normalise_date(parts[0]), normalise_date(parts[1])
    except ValueProblem:
        return None
    first = as_date(start)
    return (first, end) if first is not None else None


@cross_rule(
    "id_card_validity",
    fields=("valid_from", "valid_until"),
    optional_fields=("birth_date", "id_number", "period"),
    alternatives={"valid_from": "period", "valid_until": "period"},
    kinds={
        "valid_from": ("date",),
        "valid_until": ("date",),
        "birth_date": ("date",),
        "id_number": ("identifier",),
        "period": ("text",),
    },
    description="valid until = valid from + 5/10/20 years or 长期, by the holder's age at issue",
    standard="《中华人民共和国居民身份证法》 art. 5 (validity by age)",
)
def id_card_validity(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """valid_until = valid_from + 5/10/20 years (±1 day) or 长期, by the holder's age at issue.

    The age comes from the printed birth date, or from the ID number when the birth date is
    absent or untrusted. When the answer has no separate start and end but a whole `period`
    (有效期限 as printed), the two dates are read from it and findings name that field.
    """
    start, end_raw = as_date(get(fields, p["valid_from"])), get(fields, p["valid_until"])
    start_name, end_name = p["valid_from"], p["valid_until"]
    if (start is None or end_raw is None) and p.get("period"):
        split = split_period(get(fields, p["period"]))
        if split is not None:
            (start, end_raw), start_name, end_name = split, p["period"], p["period"]
    birth = as_date(get(fields, p["birth_date"])) if p.get("birth_date") else None
    source = "birth_date"
    if birth is None and p.get("id_number"):
        birth, source = _id_birth_date(get(fields, p["id_number"])), "id_number"
    if start is None or birth is None or end_raw is None:
        return []
    if start < birth:
        return []  # the date order rule reports it; an age below zero means nothing here
    age = age_on(birth, start)
    years = validity_years(age)
    why: dict[str, Any] = {"age": age, "start": start, "age_from": source}
    value = get(fields, end_name)
    end = as_date(end_raw)
    if end is not None and end <= start:
        if end_name == start_name:  # a whole period: no date order rule sees it
            return [finding(end_name, "date", "period_inverted", value=value, end=end, start=start)]
        return []  # an end before the start is the date order rule's finding
    if years is None:
        if end_raw == LONG_TERM:
            return []
        return [finding(end_name, "mismatch", "id_validity_no_end", value=value, end=end_raw, **why)]
    expected = add_years(start, years)
    if end is not None and abs(end - expected) <= TOLERANCE:
        return []
    return [finding(end_name, "mismatch", "id_validity_years", value=value, end=end_raw, expected=expected, years=years,
                    **why)]


# ------------------------------------------------------------------------- Hong Kong ID card

# The CJK blocks a Chinese name is written in: unified ideographs, extension A, compatibility
# ideographs. Compared, not matched: a regex class over these ranges cost every cold start 3 ms
# of compiling (issue 13), for a rule of one type.
_HAN_BLOCKS = (("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"))


def _hanzi_count(text: str) -> int:
    return sum(1 for char in text if any(low <= char <= high for low, high in _HAN_BLOCKS))


@cross_rule(
    "chinese_commercial_code_count",
    fields=("name_cn", "ccc"),
    kinds={"name_cn": ("text",), "ccc": TEXT},
    description="one 4-digit Chinese commercial code (中文电码) per character of the Chinese name",
    standard="HKID card layout (Chinese commercial codes, domain.md §9.1)",
)
def chinese_commercial_code_count(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """One 4-digit Chinese commercial code (中文电码) per character of the Chinese name (HKID,
    domain.md §9.1): a count that differs means a code or a character was dropped or merged."""
    name, codes = get(fields, p["name_cn"]), get(fields, p["ccc"])
    if not isinstance(name, str) or not isinstance(codes, str):
        return []
    characters = _hanzi_count(name)
    groups = re.sub(r"\D", "", codes)
    if not characters:
        return []  # a name in another script: nothing to count against
    if len(groups) % 4:
        return [finding(p["ccc"], "mismatch", "ccc_digits", value=codes, digits=len(groups), name_cn=p["name_cn"],
                        characters=characters)]
    if len(groups) // 4 == characters:
        return []
    return [finding(p["ccc"], "mismatch", "ccc_count", value=codes, codes=len(groups) // 4, name_cn=p["name_cn"],
                    characters=characters)]


# ------------------------------------------------------------------------------- bank cards

# Printed network marks (logo text) and the network name `checks.bank_card` derives from the IIN.
_NETWORK_WORDS = {
    "银联": "UnionPay", "UNIONPAY": "UnionPay", "CHINAUNIONPAY": "UnionPay", "VISA": "Visa",
    "MASTERCARD": "Mastercard", "万事达": "Mastercard", "AMERICANEXPRESS": "American Express",
    "AMEX": "American Express", "运通": "American Express", "JCB": "JCB", "DISCOVER": "Discover",
    "DINERSCLUB": "Diners Club", "大来": "Diners Club", "MAESTRO": "Maestro",
}  # fmt: skip


@cross_rule(
    "card_network",
    fields=("card_number", "network"),
    kinds={"card_number": ("identifier",), "network": TEXT},
    description="the card network printed on the card is the one the number's prefix belongs to",
    standard="ISO/IEC 7812-1 issuer identification numbers",
)
def card_network(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The network printed on the card (its logo) is the one the number's prefix belongs to.

    Co-branded cards print two logos (`银联 / VISA`): any one of them matching is enough. A mark
    we do not recognise is not compared.
    """
    from ..checks.bank_card import get_network

    number, printed = get(fields, p["card_number"]), get(fields, p["network"])
    if not isinstance(number, str) or not isinstance(printed, str):
        return []
    folded = re.sub(r"[\s\-_.]", "", printed.upper())
    marks = {network for word, network in _NETWORK_WORDS.items() if word in folded}
    from_prefix = get_network(number)
    if not marks or from_prefix is None or from_prefix in marks:
        return []
    return [finding(p["network"], "mismatch", "card_network", value=printed, printed=sorted(marks),
                    from_prefix=from_prefix)]
