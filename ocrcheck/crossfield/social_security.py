"""Social security card (社会保障卡): the card is not issued before its holder was born.

The 社会保障号码 is the holder's citizen number, so it carries the birth date (positions 7-14,
GB 11643). The card prints its issue date, often as a year and month only (`2019年10月`: the
`year_month` check's `YYYY-MM`), so the comparison is made at the precision printed: a card
issued in the month of birth is accepted (domain.md §6.3).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ._registry import RuleParams, cross_rule
from ._util import get

if TYPE_CHECKING:
    from .._models import Finding


def _year_month_day(value: Any) -> tuple[int, ...] | None:
    """`2019-10` → (2019, 10); `2019-10-05` → (2019, 10, 5); None for anything else."""
    if not isinstance(value, str):
        return None
    parts = value.split("-")
    if len(parts) not in (2, 3) or not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


@cross_rule(
    "issued_after_birth_in_id",
    fields=("id_number", "date"),
    kinds={"id_number": ("identifier",), "date": ("date", "year_month")},
    description="the issue date (or month) is not before the birth date inside the ID number",
    standard="GB 11643-1999 (birth date digits 7-14)",
)
def issued_after_birth_in_id(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """`date` (a date or a year-month) is not before the birth date inside `id_number`."""
    from ..checks.resident_id import get_birth_date

    number, issued = get(fields, p["id_number"]), _year_month_day(get(fields, p["date"]))
    if not isinstance(number, str) or len(number) != 18 or issued is None:
        return []
    try:
        born = get_birth_date(number)
    except ValueError:
        return []
    birth = (born.year, born.month, born.day)[: len(issued)]
    if issued >= birth:
        return []
    value = get(fields, p["date"])
    return [finding(p["date"], "date", "before_birth_in_id", value=value, date_value=value, id_field=p["id_number"])]
