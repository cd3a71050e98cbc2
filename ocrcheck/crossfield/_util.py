"""Small helpers shared by the cross-field rules: reading normalised values back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

_T = TypeVar("_T")


class TrustedFields(dict[str, Any]):
    """The trusted fields the engine hands its cross-field rules: a dict (a rule or plugin reads
    it as one), with a memo of what the rules read from it, for this one document.

    Rules share inputs: three invoice rules read `items[].amount`, two the total excluding tax;
    each parsed its own copy (34 `as_decimal` per 3-line invoice, issue 13). `read_column` reads
    a column once per document and keeps it here. Rules only read their fields (the engine
    builds a fresh one per document), so what is kept stays true; a plain dict works the same,
    without the memo (as the reference path and a rule's own tests call them).

    `memo` maps a reader to what it gave per column, `scalars` a reader to what it gave per
    top-level field (`read_field`): keyed by the reader first and then by the path, a string
    whose hash Python keeps, so that a read asks two dicts and makes no tuple to hash."""

    __slots__ = ("memo", "scalars")
    memo: dict[Callable[[Any], Any], dict[Any, tuple[Any, ...]]]
    scalars: dict[Callable[[Any], Any], dict[str, Any]]

    @classmethod
    def of(cls, fields: Mapping[str, Any]) -> TrustedFields:
        """`fields` with an empty memo: one per document."""
        trusted = cls(fields)
        trusted.memo, trusted.scalars = {}, {}
        return trusted


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


def read_column(fields: Mapping[str, Any], path: str, read: Callable[[Any], _T], items: bool = False) -> tuple[_T, ...]:
    """`read` of each value `column(fields, path)` gives, or with `items` of each value
    `item_values(fields, path)` gives (none for a top-level field: a rule over the lines only).

    On `TrustedFields` a column is read once per document, whichever rule asks first, and each
    `read` of it once: `read` must be a pure function of the value that raises nothing on a
    normalised value (`as_decimal`, `same`), as the memo keeps its answers and reads a whole
    column before the rule looks at its first line."""
    if type(fields) is not TrustedFields:
        return tuple(map(read, item_values(fields, path)[1] if items and "[]." not in path else column(fields, path)))
    # For a list's column `items` changes nothing: both readings share the path's entry. A
    # top-level field read as items (no lines) is the one reading kept apart, under a tuple.
    bare = items and "[]." not in path
    key: Any = (path,) if bare else path
    kept = fields.memo.get(read)
    if kept is None:
        kept = fields.memo[read] = {}
    got = kept.get(key)
    if got is None:
        got = kept[key] = _first_read(fields, path, key, bare, read)
    return got


def _first_read(fields: TrustedFields, path: str, key: Any, bare: bool, read: Callable[[Any], _T]) -> tuple[_T, ...]:
    """`read_column` of a column not read this way before on this document: the raw column,
    kept under `same`, read by `read` (`as_decimal` without a call per value)."""
    raws = fields.memo.get(same)
    if raws is None:
        raws = fields.memo[same] = {}
    raw = raws.get(key)
    if raw is None:
        raw = raws[key] = _raw(fields, path, bare)
    if read is same:
        return raw
    if read is as_decimal:
        return _decimals(raw)  # type: ignore[return-value]  # what `read` gives
    return tuple(map(read, raw))


def _raw(fields: Mapping[str, Any], path: str, bare: bool) -> tuple[Any, ...]:
    """`item_values(fields, path)[1]` (`bare`) or `column(fields, path)`, as a tuple."""
    if "[]." not in path and not bare:
        return (fields.get(path),)
    top, _, sub = path.partition("[].")
    items = fields.get(top)
    if not isinstance(items, list):
        return ()
    return tuple([item.get(sub) if type(item) is dict or isinstance(item, Mapping) else None for item in items])


def _decimals(values: tuple[Any, ...]) -> tuple[Decimal | None, ...]:
    """`as_decimal` of each value, without a call per normalised (string) value."""
    out: list[Decimal | None] = []
    for value in values:
        if type(value) is str:
            try:
                out.append(Decimal(value))
            except InvalidOperation:
                out.append(None)
        else:
            out.append(as_decimal(value))
    return tuple(out)


def read_field(fields: Mapping[str, Any], name: str, read: Callable[[Any], _T]) -> _T:
    """`read(fields.get(name))`: a top-level field's value read once per document on
    `TrustedFields` (two invoice rules read the total tax, two the total), as `read_column`."""
    if type(fields) is not TrustedFields:
        return read(fields.get(name))
    kept = fields.scalars.get(read)
    if kept is None:
        kept = fields.scalars[read] = {}
    got = kept.get(name, kept)  # the dict itself: nothing kept (None is an answer)
    if got is kept:
        got = kept[name] = read(fields.get(name))
    return got  # type: ignore[no-any-return]


def same(value: _T) -> _T:
    """The value as it is: `read_column(fields, path, same)` is the column itself, kept."""
    return value


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
