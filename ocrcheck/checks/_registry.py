"""The registry of named field checks.

A check has python-stdnum's contract: `(value: str) -> str` returns the canonical value or raises
one of stdnum's exception classes. So `stdnum.luhn.validate` registers with no adapter, and our
own modules (HKID, VIN, MRZ, ...) follow the same shape.

The built-in checks are registered by their modules when first asked for: `_manifest` names
the module of each, so `check_names()` knows them all and `get_check` imports only the module
it needs (a cold start pays for the checks its document type uses, issue 13).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, overload

from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidLength,
    ValidationError,
)

from .._exceptions import ConfigError
from .._messages import detail
from ..plugins import import_registering, load_plugins
from ._manifest import BUILT_IN

Check = Callable[[str], str]
_PACKAGE = __name__.rpartition(".")[0]  # ocrcheck.checks

_CHECKS: dict[str, Check] = {}


class InvalidDate(InvalidComponent):
    """An impossible or implausible date inside a value (a component error, reported as `date`)."""

    message = "The date is not valid."


class InvalidRange(InvalidComponent):
    """A value outside its allowed range (reported as `range`)."""

    message = "The value is out of range."


@dataclass(frozen=True)
class CheckInfo:
    """What `ocrcheck explain` says of a check: its one-line description and source standard."""

    name: str
    func: Check
    module: str  # the module that registered it
    description: str = ""
    standard: str = ""  # the published rule it implements: "GB 11643-1999; ISO 7064 MOD 11-2"


_INFO: dict[str, CheckInfo] = {}


@overload
def register(name: str, *, description: str = ..., standard: str = ...) -> Callable[[Check], Check]: ...
@overload
def register(name: str, check: Check, *, description: str = ..., standard: str = ...) -> Check: ...
def register(
    name: str, check: Check | None = None, *, description: str = "", standard: str = ""
) -> Callable[[Check], Check] | Check:
    """Register `check` under `name`; usable as `@register("vin")` or `register("luhn", fn)`.

    `description` (one line: what the value is and what is verified) and `standard` (where the
    rule is published) are what `ocrcheck explain` prints; every built-in check has both. The same
    name registered by another function is a `ConfigError` naming both modules."""
    module = sys._getframe(1).f_globals.get("__name__", "?")  # the registering module

    def add(func: Check) -> Check:
        old = _INFO.get(name)
        if old is None and name in BUILT_IN and module != f"{_PACKAGE}.{BUILT_IN[name]}":
            old = _built_in(name)  # a built-in name taken elsewhere: its module registers first
        if old is not None:
            if old.func is func:
                return func  # the same function again (a module imported twice): as it was
            problem = f"check {name!r} is registered twice: by {old.module} and by {module}"
            raise ConfigError(module, name, problem)
        _CHECKS[name] = func
        _INFO[name] = CheckInfo(name, func, module, " ".join(description.split()), " ".join(standard.split()))
        return func

    if check is not None:
        return add(check)
    return add


def _built_in(name: str) -> CheckInfo | None:
    """Import the module that registers the built-in check `name`; its registration (None for
    a name that is not built in)."""
    module = BUILT_IN.get(name)
    if module is not None:
        importlib.import_module(f"{_PACKAGE}.{module}")
    return _INFO.get(name)


def _any_module(name: str) -> None:
    import_registering(name, BUILT_IN, _PACKAGE, _INFO)


def get_check(name: str) -> Check:
    found = _CHECKS.get(name)
    if found is None:
        _any_module(name)
        return _CHECKS[name]  # KeyError for a name no one registers, as before
    return found


def check_info(name: str) -> CheckInfo:
    found = _INFO.get(name)
    if found is None:
        _any_module(name)
        return _INFO[name]
    return found


def is_check(name: str) -> bool:
    """Whether some check is called `name` (a rule file's names are checked with this): a built-in
    one without importing its module, else one registered so far or by an installed plugin."""
    if name in _INFO or name in BUILT_IN:
        return True
    _any_module(name)
    return name in _INFO


def check_names() -> list[str]:
    """Every check's name: the built-in ones (imported or not yet), the installed plugins' and
    those registered since."""
    load_plugins()
    return sorted(_CHECKS.keys() | BUILT_IN.keys())


def _code_of(error_class: type[ValidationError]) -> str:
    if issubclass(error_class, InvalidChecksum):
        return "checksum"
    if issubclass(error_class, InvalidDate):
        return "date"
    if issubclass(error_class, InvalidRange):
        return "range"
    return "format"  # InvalidFormat, InvalidLength, InvalidComponent, and any other


def finding_code(error: ValidationError) -> str:
    """Map stdnum's exception classes to design.md finding codes."""
    return _code_of(type(error))


_CARRYING: dict[type[ValidationError], type[ValidationError]] = {}


def _carrying(error_class: type[ValidationError]) -> type[ValidationError]:
    """`error_class` with its text rendered from the catalogue when asked for. Same name and
    module, so a traceback reads as stdnum's; rendering waits because the repair search raises
    and catches thousands of these for each suggestion and reads none of their texts."""
    found = _CARRYING.get(error_class)
    if found is None:
        code = _code_of(error_class)

        def text(self: ValidationError) -> str:
            return detail(code, vars(self).get("variant", ""), vars(self).get("ctx", {}))

        def reduce(self: ValidationError) -> tuple[Any, ...]:  # pickled by what it is made of
            return _rebuild, (error_class, vars(self).get("variant", ""), vars(self).get("ctx", {}))

        found = type(error_class.__name__, (error_class,), {
            "__str__": text, "__reduce__": reduce, "__module__": error_class.__module__,
            "__qualname__": error_class.__qualname__})
        _CARRYING[error_class] = found
    return found


def _rebuild(error_class: type[ValidationError], variant: str, ctx: dict[str, Any]) -> ValidationError:
    return invalid(error_class, variant, **ctx)


def invalid(error_class: type[ValidationError], variant: str = "", **ctx: Any) -> ValidationError:
    """An exception of stdnum's `error_class` that carries its message from the catalogue:
    `raise invalid(InvalidLength, "mrz_line", length=44, found=40)`. Its text is the message in
    English (what doctests and stdnum's callers see); the engine takes `variant` and `ctx`."""
    error = _carrying(error_class)()
    vars(error).update(variant=variant, ctx=ctx)
    return error


def finding_detail(error: ValidationError) -> tuple[str, dict[str, Any]]:
    """(variant, ctx) of a check's exception: those it carries (`invalid`), else those of its
    stdnum class; a third-party check's own words are kept as the `detail` variant."""
    carried = vars(error)
    if "variant" in carried:
        return carried["variant"], dict(carried.get("ctx") or {})
    if error.args and error.args[0]:
        return "detail", {"detail": str(error.args[0])}
    if isinstance(error, InvalidLength):
        return "length", {}
    if isinstance(error, InvalidComponent) and not isinstance(error, (InvalidDate, InvalidRange)):
        return "component", {}
    return "", {}
