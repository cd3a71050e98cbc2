"""Expressway toll vehicle class (收费车型, JT/T 489-2019 收费公路车辆通行费车型分类).

Since 2020 tolls are charged by class: passenger vehicles 客1-客4, goods vehicles 货1-货6 and
special-purpose vehicles 专1-专6 (专项作业车) [U: the standard's text was not checked here, the
classes are those domain.md §5.5 records]. Receipts print them as `客1`, `一类客车`, `1类客车`,
`货车三类`; the check returns the short form `客1`. Receipts printed before 2020 show the old
classes (`一类`, `第1类`, no vehicle kind), so rule files use this check as a warning.

More information:

* JT/T 489-2019; domain.md §5.5

>>> validate('一类客车'), validate('货车 3 类'), validate('专2')
('客1', '货3', '专2')
>>> validate('客5')
Traceback (most recent call last):
    ...
ocrcheck.checks._registry.InvalidRange: ...
>>> validate('小型车')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidFormat

from ._registry import InvalidRange, invalid, register

_KINDS = {"客": ("客", 4), "货": ("货", 6), "专": ("专", 6)}
_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MAX_LENGTH = 16
# `客1`, `客车1类`, `一类客车`, `第1类客车`, `专项作业车2类`, `1型货车`
_PATTERNS = (
    re.compile(r"(?P<kind>[客货专])(?:车|项作业车)?第?(?P<n>[1-9一二三四五六七八九])[类型]?"),
    re.compile(r"第?(?P<n>[1-9一二三四五六七八九])[类型](?P<kind>[客货专])(?:车|项作业车)?"),
)


def compact(value: str) -> str:
    """Fold full-width digits, drop spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value[:_MAX_LENGTH]))


def validate(value: str) -> str:
    """A JT/T 489-2019 toll class; return the short form (`客1`, `货6`, `专3`)."""
    text = compact(value)
    match = next((m for p in _PATTERNS if (m := p.fullmatch(text))), None)
    if match is None or len(value) > _MAX_LENGTH:
        raise invalid(InvalidFormat, "toll_class")
    kind, highest = _KINDS[match.group("kind")]
    number = match.group("n")
    n = int(number) if number.isdigit() else _NUMERALS[number]
    if n > highest:
        raise invalid(InvalidRange, "toll_class_range", kind=kind, highest=highest)
    return f"{kind}{n}"


def is_valid(value: str) -> bool:
    """Whether `value` is a toll vehicle class (never raises)."""
    try:
        return bool(validate(value))
    except ValueError:
        return False


register(
    "toll_vehicle_class", validate,
    description="expressway toll vehicle class 客1-4, 货1-6, 专1-6",
    standard="JT/T 489-2019 收费公路车辆通行费车型分类",
)
