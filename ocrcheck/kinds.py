"""Field kinds as a registry: a kind's name → how a raw value is read into canonical form.

A field's kind (`kind = "date"` in its rule file) names one registered `Kind`: its normaliser
(raw text → canonical text, raising `ValueProblem` when it cannot), the most characters a value
of the kind may have (the length policy: a longer value is one `format` finding and no further
work), and a one-line description with an example for `ocrcheck explain`. Rule files are checked
against the registry when a type loads; the engine resolves each field's `Kind` once, at load
(`FieldRule.spec`), so reading a value costs no look-up by name.

Registering a kind of one's own (from a plugin module, see docs/doctypes.md):

    register_kind("iban", normalise_iban, max_length=64,
                  description="an IBAN, spaces dropped, upper case", example=("de89 3704", "DE893704"))

Every normaliser must be idempotent: a value it returns reads back as itself, since stored
results are re-checked (tests/test_idempotence.py).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from types import MappingProxyType
from typing import Any

from ._exceptions import ConfigError
from .dates import DateOrder, normalise_date, normalise_datetime, normalise_time
from .plugins import load_plugins
from .values import (
    AMOUNT_MAX_LENGTH,
    ValueProblem,
    half_width,
    normalise_amount,
    normalise_amount_in_words,
    normalise_decimal,
    normalise_identifier,
    normalise_mrz,
    normalise_quantity,
    normalise_rate,
    normalise_sex,
    normalise_text,
    too_long,
)

Normaliser = Callable[..., str]  # (value) -> str, or (value, order) -> str when `takes_order`


@dataclass(frozen=True)
class Kind:
    """One registered kind. `read(value, order)` is the normaliser, whatever its signature."""

    name: str
    normalise: Normaliser
    max_length: int
    description: str
    example: tuple[str, str] = ("", "")  # printed → canonical
    takes_order: bool = False  # the normaliser takes the document's date order (ymd/dmy/mdy)
    module: str = ""  # who registered it (named when a name is registered twice)

    def read(self, value: str, order: DateOrder = "ymd") -> str:
        return self.normalise(value, order) if self.takes_order else self.normalise(value)


_KINDS: dict[str, Kind] = {}
# The length policy per kind, read-only and always current (registering a kind adds its bound).
_BOUNDS: dict[str, int] = {}
MAX_LENGTH: Mapping[str, int] = MappingProxyType(_BOUNDS)


def register_kind(
    name: str,
    normalise: Normaliser,
    *,
    max_length: int,
    description: str,
    example: tuple[str, str] = ("", ""),
    takes_order: bool = False,
) -> Kind:
    """Register a kind; the same name registered by another normaliser is a `ConfigError`."""
    module = sys._getframe(1).f_globals.get("__name__", "?")
    old = _KINDS.get(name)
    if old is not None and old.normalise is normalise:
        return old  # the same normaliser again (a module imported twice): as it was
    if old is not None:
        raise ConfigError(module, name, f"kind {name!r} is registered twice: by {old.module} and by {module}")
    if not isinstance(max_length, int) or max_length < 1:
        raise ConfigError(module, name, "max_length must be a positive number of characters")
    kind = Kind(name, normalise, max_length, description, example, takes_order, module)
    _KINDS[name] = kind
    _BOUNDS[name] = max_length
    return kind


def get_kind(name: str) -> Kind:
    found = _KINDS.get(name)
    if found is None:
        if not is_kind(name):  # nor an installed plugin's
            raise ValueError(f"unknown value kind {name!r}")
        found = _KINDS[name]
    return found


def is_kind(name: str) -> bool:
    """Whether some kind is called `name`: a built-in one (all registered below), else one an
    installed plugin registers (`ocrcheck.plugins`, scanned only for a name that is not ours)."""
    if name not in _KINDS:
        load_plugins()
    return name in _KINDS


def kind_names() -> list[str]:
    """Every kind's name: the built-in ones, the installed plugins' and those registered since."""
    load_plugins()
    return list(_KINDS)


def length_problem(value: Any, kind: str | Kind) -> ValueProblem | None:
    """The `format` problem of a value longer than its kind's bound, or None (the length policy)."""
    spec = kind if isinstance(kind, Kind) else _KINDS.get(kind)
    if spec is None:
        return too_long(value, str(kind), _BOUNDS["text"])
    return too_long(value, spec.name, spec.max_length)


def normaliser(kind: str | Kind, order: DateOrder = "ymd") -> Callable[[str], str]:
    """The kind's normaliser for a string within its length bound, the date order bound in: what
    the engine's compiled plan holds once per field (no dispatch by name per value)."""
    spec = kind if isinstance(kind, Kind) else get_kind(kind)
    if spec.takes_order:
        return partial(spec.normalise, order=order)
    return spec.normalise


def normalise_value(value: Any, kind: str | Kind, order: DateOrder = "ymd") -> Any:
    """Bring one raw value of the given kind to canonical form (idempotent).

    A value longer than its kind's bound raises `ValueProblem("format")` first; a list, object,
    `None` or boolean is returned as it is (the schema reports it)."""
    spec = kind if isinstance(kind, Kind) else get_kind(kind)
    if isinstance(value, bool) or value is None or not isinstance(value, (str, int, float)):
        return value
    problem = too_long(value, spec.name, spec.max_length)
    if problem is not None:
        raise problem
    if not isinstance(value, str):
        # A JSON number where text was expected (`"quantity": 10`, `"issue_date": 20241114`) is
        # read as the digits it prints; repr keeps a float's shortest exact form (0.1, not 0.1000…).
        value = repr(value) if isinstance(value, float) else str(value)
    return spec.read(value, order)


# ------------------------------------------------------------------- kinds without a module

_YEAR = re.compile(r"(\d{4})\s*年?")
_YEAR_MONTH = re.compile(r"(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*月?|(\d{4})(\d{2})|(\d{1,2})\s*[-./]\s*(\d{4})")
_FULL_DATE = re.compile(r"\d{4}\s*(?:年|[-./])\s*\d{1,2}\s*(?:月|[-./])\s*\d{1,2}\s*[日号]?|\d{8}")
_PERCENT = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")


def normalise_year(value: str) -> str:
    """A four-digit year: `2024`, `2024年`, `２０２４` → `2024`."""
    match = _YEAR.fullmatch(half_width(value).strip())
    if match is None:
        raise ValueProblem("format", "not_year", text=value)
    if int(match.group(1)) < 1000:
        raise ValueProblem("date", "implausible_year", text=value)
    return match.group(1)


def normalise_year_month(value: str) -> str:
    """A month of a year: `2019年5月`, `2019-05`, `2019.5`, `201905`, `05/2019` → `2019-05`.

    A full date (`2019年05月12日`, `20190512`) is kept to its month: the precision of the field
    (a nameplate's month of manufacture, a card's month of issue); a day that does not exist is
    a `date` problem all the same."""
    text = half_width(value).strip()
    if _FULL_DATE.fullmatch(text):
        return normalise_date(text)[:7]
    match = _YEAR_MONTH.fullmatch(text)
    if match is None:
        raise ValueProblem("format", "not_year_month")  # the year_month check's own words
    groups = [g for g in match.groups() if g is not None]
    year, month = (groups[1], groups[0]) if match.group(5) is not None else (groups[0], groups[1])
    if not 1 <= int(month) <= 12:
        raise ValueProblem("date", "no_such_month")
    if int(year) < 1000:
        raise ValueProblem("date", "implausible_year", text=value)
    return f"{year}-{int(month):02d}"


def normalise_percent(value: str) -> str:
    """A percentage as printed, with its sign: `12.5 %`, `１２．５％`, `12.5` → `12.5%`.

    Unlike `rate` (a tax rate, kept as the fraction `0.13`), the number is the percentage itself:
    a bare number is read as percent, so the canonical `12.5%` reads back as itself."""
    text = half_width(value).strip()
    text = text[:-1].rstrip() if text.endswith("%") else text
    if len(text) > AMOUNT_MAX_LENGTH or not _PERCENT.fullmatch(text):
        raise ValueProblem("format", "not_percent", text=value)
    return f"{Decimal(text)}%"  # exact: `12.50` keeps its places, `+5` and `05` become `5`


# ------------------------------------------------------------------------- the built-in kinds
# Bounds: the longest printed form of each kind is far below its bound (a 50-character business
# scope is short; a 35-character MRZ zone with spaces, or `人民币 1,234,567,890.00元整`, too).

register_kind("text", normalise_text, max_length=8000,
              description="free text, Unicode NFC, runs of spaces collapsed", example=("  南京南  站 ", "南京南 站"))
register_kind("identifier", normalise_identifier, max_length=64,
              description="half-width, upper case, no spaces", example=("４４０５ 2418 001x", "44052418001X"))
register_kind("mrz", normalise_mrz, max_length=256,
              description="machine-readable zone: upper case, « read as <, no spaces", example=("p<chn«", "P<CHN<"))
register_kind("date", normalise_date, max_length=64, takes_order=True,
              description="a calendar date, ISO YYYY-MM-DD (the type's date_order reads 01/02/2024)",
              example=("2024年11月14日", "2024-11-14"))
register_kind("datetime", normalise_datetime, max_length=64, takes_order=True,
              description="a date and time of day, YYYY-MM-DDTHH:MM, seconds kept when printed",
              example=("2024年11月14日11:46:05", "2024-11-14T11:46:05"))
register_kind("time", normalise_time, max_length=32,
              description="a time of day, HH:MM or HH:MM:SS", example=("11时46分", "11:46"))
register_kind("year", normalise_year, max_length=16,
              description="a four-digit year", example=("2024年", "2024"))
register_kind("year_month", normalise_year_month, max_length=64,
              description="a month of a year, YYYY-MM (a full date is kept to its month)",
              example=("2019年5月", "2019-05"))
register_kind("amount", normalise_amount, max_length=AMOUNT_MAX_LENGTH,
              description="money: a plain decimal, two places at least, currency marks dropped",
              example=("¥1,234.5", "1234.50"))
register_kind("decimal", normalise_decimal, max_length=64,
              description="a plain decimal, as many places as printed", example=("3.000", "3.000"))
register_kind("quantity", normalise_quantity, max_length=64,
              description="a measured quantity: a decimal and its unit (km, m, ㎡, 元/km)",
              example=("8.6 公里", "8.6km"))
register_kind("rate", normalise_rate, max_length=32,
              description="a tax rate as a fraction (免税, 不征税 kept as printed)", example=("13%", "0.13"))
register_kind("percent", normalise_percent, max_length=32,
              description="a percentage, the number of percent and %", example=("12.5 ％", "12.5%"))
register_kind("sex", normalise_sex, max_length=16,
              description="sex marker M, F or X (男/女, Male/Female, and the cards' own words)", example=("女", "F"))
register_kind("amount_in_words", normalise_amount_in_words, max_length=128,
              description="an amount in Chinese uppercase words, kept as words, spaces dropped",
              example=("⊗肆仟 零陆拾圆整", "⊗肆仟零陆拾圆整"))
