"""The registry of named cross-field rules.

A cross-field rule is `(fields, params) -> list[Finding]`: `fields` are the document's normalised
values (a field that failed its own checks is absent, so rules never pile a second finding on a
value already reported), `params` the rule's table from the rule file (field names and options).
Each rule declares the params it needs, so a rule file that forgets one fails at load time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._models import Finding

RuleFunc = Callable[[Mapping[str, Any], "RuleParams"], list[Finding]]


@dataclass(frozen=True)
class RuleParams:
    """One `[[cross]]` table of a rule file."""

    name: str
    severity: str
    options: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.options[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)


@dataclass(frozen=True)
class CrossRule:
    """A registered rule. `fields` and `optional_fields` are parameters that name document fields
    (`id_number`, `items[].amount`: checked against the schema at load time); `options` are free
    parameters (tolerances, modes)."""

    name: str
    func: RuleFunc
    fields: tuple[str, ...]
    optional_fields: tuple[str, ...]
    options: tuple[str, ...]
    # A required field the rule can do without when this optional one is given instead (a whole
    # printed period for its two ends): its verdict is not `skipped` for want of the first.
    alternatives: Mapping[str, str] = field(default_factory=dict)


_RULES: dict[str, CrossRule] = {}


def cross_rule(
    name: str,
    *,
    fields: tuple[str, ...] = (),
    optional_fields: tuple[str, ...] = (),
    options: tuple[str, ...] = (),
    alternatives: Mapping[str, str] | None = None,
) -> Callable[[RuleFunc], RuleFunc]:
    def add(func: RuleFunc) -> RuleFunc:
        if name in _RULES:
            raise ValueError(f"cross-field rule {name!r} is registered twice")
        _RULES[name] = CrossRule(name, func, fields, optional_fields, options, dict(alternatives or {}))
        return func

    return add


def get_rule(name: str) -> CrossRule:
    return _RULES[name]


def rule_names() -> list[str]:
    return sorted(_RULES)
