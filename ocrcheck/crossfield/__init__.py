"""Named cross-field rules (ID number ↔ birth date, sums ↔ totals, MRZ ↔ printed fields, ...).

Every public module here registers its rules on import; importing the package imports them all.
A rule returns findings made by `finding(field, code, variant, **ctx)` (the one finding factory;
a rule of one's own uses the variant `detail` with `detail=` its own words).
"""

from __future__ import annotations

import importlib
import pkgutil

from .._messages import finding
from ._registry import ANY, DATES, MONEY, TEXT, CrossRule, RuleParams, cross_rule, get_rule, rule_names

__all__ = [
    "ANY",
    "DATES",
    "MONEY",
    "TEXT",
    "CrossRule",
    "RuleParams",
    "cross_rule",
    "finding",
    "get_rule",
    "rule_names",
]

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
