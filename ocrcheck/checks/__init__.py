"""Named field checks, one small module per identifier format.

Every public module in this package registers its checks on import (`@register("name")`);
importing the package imports them all, so a rule file can name any of them.
"""

from __future__ import annotations

import importlib
import pkgutil

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
    "register",
]

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
