"""Cross-field rules of driving licences: the expiry on the birthday, the year of first licence.

* `expiry_on_birthday`: a Philippine licence is "valid for five (5) years reckoned from the
  birthdate of the licensee" (Republic Act No. 10930 §23, amending RA 4136), so it expires on
  the holder's birthday; 29 February births expire on 28 February or 1 March in common years.
* `jp_licence_first_year`: digits 3-4 of a Japanese licence number are the last two digits of
  the Western year of the holder's first licence (domain.md §10: biteme.jp, jiko0.com). That year
  cannot be after the card's issue year nor before the holder turned 16, the youngest age for
  any licence class (Road Traffic Act art. 88: 原付・二輪 from 16). The digits are community-derived,
  so rule files use this as a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ..checks import jp_driving_licence
from ._registry import RuleParams, cross_rule
from ._util import as_date, get

if TYPE_CHECKING:
    from .._models import Finding

YOUNGEST_LICENCE_AGE = 16


def _birthdays(birth: date, year: int) -> set[date]:
    if (birth.month, birth.day) == (2, 29):
        try:
            return {date(year, 2, 29)}
        except ValueError:
            return {date(year, 2, 28), date(year, 3, 1)}
    return {date(year, birth.month, birth.day)}


@cross_rule(
    "expiry_on_birthday",
    fields=("birth_date", "expiry_date"),
    kinds={"birth_date": ("date",), "expiry_date": ("date",)},
    description="the expiry date falls on the holder's birthday",
    standard="national driving licence rules (expiry on the birthday)",
)
def expiry_on_birthday(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The expiry date falls on the holder's birthday."""
    birth, expiry = as_date(get(fields, p["birth_date"])), as_date(get(fields, p["expiry_date"]))
    if birth is None or expiry is None or expiry <= birth:
        return []  # an inverted pair is the date order rule's finding
    if expiry in _birthdays(birth, expiry.year):
        return []
    name = p["expiry_date"]
    birthday = f"{birth.month:02d}-{birth.day:02d}"
    return [finding(name, "date", "not_birthday", value=get(fields, name), expiry=expiry, birthday=birthday)]


@cross_rule(
    "jp_licence_first_year",
    fields=("licence_number", "birth_date", "issue_date"),
    kinds={"licence_number": ("identifier",), "birth_date": ("date",), "issue_date": ("date",)},
    description="licence number digits 3-4 name a year between the holder's 16th birthday and the issue",
    standard="道路交通法施行規則 licence numbering (year of first licence)",
)
def jp_licence_first_year(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Digits 3-4 name a year between the holder's 16th birthday year and the issue year."""
    number = get(fields, p["licence_number"])
    birth, issue = as_date(get(fields, p["birth_date"])), as_date(get(fields, p["issue_date"]))
    if not isinstance(number, str) or len(number) != 12 or birth is None or issue is None:
        return []
    digits = jp_driving_licence.first_licence_year_digits(number)
    earliest, latest = birth.year + YOUNGEST_LICENCE_AGE, issue.year
    years = [century + int(digits) for century in (1900, 2000)]
    if any(earliest <= year <= latest for year in years):
        return []
    return [finding(p["licence_number"], "mismatch", "jp_first_licence_year", value=number, digits=digits,
                    earliest=earliest, age=YOUNGEST_LICENCE_AGE, latest=latest)]
