"""The registry of named field checks.

A check has python-stdnum's contract: `(value: str) -> str` returns the canonical value or raises
one of stdnum's exception classes. So `stdnum.luhn.validate` registers with no adapter, and our
own modules (HKID, VIN, MRZ, ...) follow the same shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import overload

from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

Check = Callable[[str], str]

_CHECKS: dict[str, Check] = {}


class InvalidDate(InvalidComponent):
    """An impossible or implausible date inside a value (a component error, reported as `date`)."""

    message = "The date is not valid."


class InvalidRange(InvalidComponent):
    """A value outside its allowed range (reported as `range`)."""

    message = "The value is out of range."


@overload
def register(name: str) -> Callable[[Check], Check]: ...
@overload
def register(name: str, check: Check) -> Check: ...
def register(name: str, check: Check | None = None) -> Callable[[Check], Check] | Check:
    """Register `check` under `name`; usable as `@register("vin")` or `register("luhn", fn)`."""

    def add(func: Check) -> Check:
        if name in _CHECKS and _CHECKS[name] is not func:
            raise ValueError(f"check {name!r} is registered twice")
        _CHECKS[name] = func
        return func

    if check is not None:
        return add(check)
    return add


def get_check(name: str) -> Check:
    return _CHECKS[name]


def check_names() -> list[str]:
    return sorted(_CHECKS)


def finding_code(error: ValidationError) -> str:
    """Map stdnum's exception classes to design.md finding codes."""
    if isinstance(error, InvalidChecksum):
        return "checksum"
    if isinstance(error, InvalidDate):
        return "date"
    if isinstance(error, InvalidRange):
        return "range"
    if isinstance(error, (InvalidFormat, InvalidLength, InvalidComponent)):
        return "format"
    return "format"
