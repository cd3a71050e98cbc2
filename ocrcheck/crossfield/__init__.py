"""Named cross-field rules (ID number ↔ birth date, sums ↔ totals, MRZ ↔ printed fields, ...).

Every public module here registers its rules on import (`@cross_rule("name")`). Importing the
package imports none of them: `_manifest` names each built-in rule's module, so a rule file can
name any of them and `get_rule` imports the module on first use (issue 13: a cold start paid for
all sixteen). A module is also imported when read as an attribute (`ocrcheck.crossfield.general`),
as when the package imported them all.
A rule returns findings made by `finding(field, code, variant, **ctx)` (the one finding factory;
a rule of one's own uses the variant `detail` with `detail=` its own words).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .._messages import finding
from ._manifest import MODULES
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

_SUBMODULES = frozenset(MODULES)


def __getattr__(name: str) -> ModuleType:
    """A rule module not imported yet (PEP 562), read as an attribute of the package."""
    if name not in _SUBMODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f"{__name__}.{name}")
