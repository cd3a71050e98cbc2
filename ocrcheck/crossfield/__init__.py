"""Named cross-field rules (ID number ↔ birth date, sums ↔ totals, MRZ ↔ printed fields, ...).

Every public module here registers its rules on import; importing the package imports them all.
"""

from __future__ import annotations

import importlib
import pkgutil

from ._registry import CrossRule, RuleParams, cross_rule, get_rule, rule_names

__all__ = ["CrossRule", "RuleParams", "cross_rule", "get_rule", "rule_names"]

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
