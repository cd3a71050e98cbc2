"""Small helpers shared by the cross-field rules: reading normalised values back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any


def as_date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def as_moment(value: Any) -> date | datetime | None:
    """A normalised date (`2024-11-14`) as a date, a date-time (`2024-11-14T11:46[:05]`) as a datetime."""
    day = as_date(value)
    if day is None or len(value) == 10:
        return day
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return day


def as_decimal(value: Any) -> Decimal | None:
    if type(value) is str:  # a normalised value, nearly always: no `str()` copy, no bool test
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def get(fields: Mapping[str, Any], name: str) -> Any:
    """A top-level field's trusted value, or None when absent or failed its own checks."""
    return fields.get(name)


def item_values(fields: Mapping[str, Any], path: str) -> tuple[str, list[Any]]:
    """`items[].amount` → ("items", [value of each item, None where absent or untrusted])."""
    top, _, sub = path.partition("[].")
    items = fields.get(top)
    if not isinstance(items, list):
        return top, []
    return top, [item.get(sub) if type(item) is dict or isinstance(item, Mapping) else None for item in items]


def column(fields: Mapping[str, Any], path: str) -> list[Any]:
    """The values a rule parameter names: one per item for `items[].amount`, or the single
    top-level field for `tax_rate`. Their field paths are made only for a finding, by `place`."""
    if "[]." not in path:
        return [fields.get(path)]
    return item_values(fields, path)[1]


def place(path: str, index: int) -> str:
    """The field path of the `index`-th value `column(fields, path)` gave: `items[0].amount`, or
    the top-level field itself."""
    if "[]." not in path:
        return path
    top, _, sub = path.partition("[].")
    return f"{top}[{index}].{sub}"


def add_years(day: date, years: int) -> date:
    """Same month and day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
