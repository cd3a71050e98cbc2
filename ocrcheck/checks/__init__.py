"""Named field checks, one small module per identifier format.

Every public module in this package registers its checks on import (`@register("name")`).
Importing the package imports none of them: `_manifest` names each built-in check's module, so
a rule file can name any of them and `get_check` imports the module on first use (issue 13: a
cold start paid for all forty). A module is also imported when read as an attribute
(`ocrcheck.checks.vin`), as when the package imported them all.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ._manifest import MODULES
from ._registry import (
    Check,
    CheckInfo,
    InvalidDate,
    InvalidRange,
    check_info,
    check_names,
    finding_code,
    finding_detail,
    get_check,
    invalid,
    is_check,
    register,
)

__all__ = [
    "Check",
    "CheckInfo",
    "InvalidDate",
    "InvalidRange",
    "check_info",
    "check_names",
    "finding_code",
    "finding_detail",
    "get_check",
    "invalid",
    "is_check",
    "register",
]

_SUBMODULES = frozenset({*MODULES, "repair"})


def __getattr__(name: str) -> ModuleType:
    """A check module not imported yet (PEP 562), read as an attribute of the package."""
    if name not in _SUBMODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f"{__name__}.{name}")
