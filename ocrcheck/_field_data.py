"""Plain helpers on the field data the engine walks: the nesting bound, the null test, whether
two labels gave the same value, field paths as findings print them, bilingual labels, and the
subset of fields cross rules may trust.

Pure functions over plain data, kept apart so the engine module holds only the run itself."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from .doctypes import fold_label
from .kinds import normalise_value
from .values import ValueProblem, normalise_text

NULL_STRINGS = frozenset({"", "null", "none", "n/a", "无"})
SHORT_VALUE = 16  # up to this length, `is_null` copies the value (strip, casefold) instead of matching it
MAX_NESTING = 32
NESTING_MARKER = f"<nested deeper than {MAX_NESTING} levels: not kept>"
_SCALARS = (str, int, float, bool, type(None))


def _flat_rows(value: Any) -> bool:
    """A list of scalars and of objects of scalars (invoice lines): containers two levels deep."""
    if type(value) is not list:
        return False
    for item in value:
        if type(item) is dict:
            for child in item.values():  # a loop, not all(...): no generator per item
                if type(child) not in _SCALARS:
                    return False
        elif type(item) not in _SCALARS:
            return False
    return True


def nesting_exceeds(value: Any, limit: int = MAX_NESTING) -> bool:
    """Whether `value` nests lists/objects deeper than `limit` (iterative: no recursion)."""
    if limit >= 2 and _flat_rows(value):  # the common list field, answered without the stack
        return False
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if type(item) is dict or isinstance(item, Mapping):
            children: Any = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        if depth >= limit:
            return True
        # Scalars are never too deep: only containers go on the stack.
        stack.extend((child, depth + 1) for child in children if type(child) not in _SCALARS)
    return False


# A null word with spaces around it, matched without copying the value (`strip().casefold()` of a
# 10^6-character value made three copies of it, only to find it is no null word).
_NULL_SHAPE = re.compile(r"\s*+(\S{0,4}+)\s*+")


def is_null(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    if len(value) <= SHORT_VALUE:  # the common case: copying a short value costs less than the match
        return value.strip().casefold() in NULL_STRINGS
    shape = _NULL_SHAPE.fullmatch(value)
    return shape is not None and shape.group(1).casefold() in NULL_STRINGS


def bilingual_target(key: str, aliases: Mapping[str, str]) -> str | None:
    targets = {aliases.get(fold_label(part)) for part in key.split("/") if part.strip()}
    targets.discard(None)
    return targets.pop() if len(targets) == 1 else None


def field_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def trusted_fields(fields: dict[str, Any], bad: Collection[str]) -> dict[str, Any]:
    """The fields cross-field rules may trust: those that passed their own checks."""
    if not bad:  # the same copies, without asking for each item value whether it failed
        return {
            key: [dict(i) if isinstance(i, dict) else i for i in value] if isinstance(value, list) else value
            for key, value in fields.items()
        }
    trusted: dict[str, Any] = {}
    for key, value in fields.items():
        if key in bad:
            continue
        if isinstance(value, list):
            trusted[key] = [
                {s: v for s, v in item.items() if f"{key}[{i}].{s}" not in bad} if isinstance(item, dict) else item
                for i, item in enumerate(value)
            ]
        else:
            trusted[key] = value
    return trusted


def same_value(a: Any, b: Any, kind: str) -> bool:
    """Two labels gave the same value (as the field's kind reads it: `x` and `X` in an ID)."""
    if a == b:
        return True
    if not (isinstance(a, str) and isinstance(b, str)):
        return False
    try:
        return bool(normalise_value(a, kind) == normalise_value(b, kind))
    except ValueProblem:
        return normalise_text(a) == normalise_text(b)
