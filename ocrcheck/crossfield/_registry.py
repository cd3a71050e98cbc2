"""The registry of named cross-field rules.

A cross-field rule is `(fields, params) -> list[Finding]`: `fields` are the document's normalised
values (a field that failed its own checks is absent, so rules never pile a second finding on a
value already reported), `params` the rule's table from the rule file (field names and options).
Each rule declares the params it needs, so a rule file that forgets one fails at load time.

The built-in rules are registered by their modules when first asked for: `_manifest` names the
module of each, so `rule_names()` knows them all and `get_rule` imports only the module it needs
(a cold start pays for the rules its document type names, issue 13).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._exceptions import ConfigError
from ..plugins import import_registering, load_plugins
from ._manifest import BUILT_IN

if TYPE_CHECKING:
    from .._models import Finding

_PACKAGE = __name__.rpartition(".")[0]  # ocrcheck.crossfield
RuleFunc = Callable[[Mapping[str, Any], "RuleParams"], "list[Finding]"]


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


# Parameter kinds: which field kinds (ocrcheck.kinds) a rule can read a parameter as. A rule file
# that points a parameter at a field of another kind (`date_order` on a time of day) is a
# ConfigError at load, naming the file and key, instead of a rule that silently never fires.
ANY: tuple[str, ...] = ()  # any kind: the values are compared as they are (same_values)
DATES = ("date", "datetime")
MONEY = ("amount", "decimal")
TEXT = ("text", "identifier")


@dataclass(frozen=True)
class CrossRule:
    """A registered rule. `fields` and `optional_fields` are parameters that name document fields
    (`id_number`, `items[].amount`: checked against the schema at load time); `options` are free
    parameters (tolerances, modes); `kinds` maps each field parameter to the kinds it reads
    (`ANY`, or a parameter left out, accepts every kind)."""

    name: str
    func: RuleFunc
    fields: tuple[str, ...]
    optional_fields: tuple[str, ...]
    options: tuple[str, ...]
    # A required field the rule can do without when this optional one is given instead (a whole
    # printed period for its two ends): its verdict is not `skipped` for want of the first.
    alternatives: Mapping[str, str] = field(default_factory=dict)
    kinds: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    module: str = ""  # the module that registered it
    description: str = ""  # one line, for `ocrcheck explain`
    standard: str = ""  # the published rule it implements

    def accepts(self, param: str, kind: str) -> bool:
        allowed = self.kinds.get(param, ANY)
        return not allowed or kind in allowed


_RULES: dict[str, CrossRule] = {}


def cross_rule(
    name: str,
    *,
    fields: tuple[str, ...] = (),
    optional_fields: tuple[str, ...] = (),
    options: tuple[str, ...] = (),
    alternatives: Mapping[str, str] | None = None,
    kinds: Mapping[str, tuple[str, ...]] | None = None,
    description: str = "",
    standard: str = "",
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule; the same name registered by another function is a `ConfigError` naming
    both modules. `description` (one line) and `standard` (where the rule is published) are what
    `ocrcheck explain` prints; every built-in rule has both."""
    module = sys._getframe(1).f_globals.get("__name__", "?")
    declared = dict(kinds or {})
    unknown = set(declared) - set(fields) - set(optional_fields)
    if unknown:
        raise ConfigError(module, name, f"kinds names parameters the rule does not take: {sorted(unknown)}")

    def add(func: RuleFunc) -> RuleFunc:
        old = _RULES.get(name)
        if old is None and name in BUILT_IN and module != f"{_PACKAGE}.{BUILT_IN[name]}":
            old = _built_in(name)  # a built-in name taken elsewhere: its module registers first
        if old is not None and old.func is func:
            return func  # the same function again: as it was
        if old is not None:
            raise ConfigError(
                module, name, f"cross-field rule {name!r} is registered twice: by {old.module} and by {module}"
            )
        _RULES[name] = CrossRule(
            name, func, fields, optional_fields, options, dict(alternatives or {}), declared, module,
            " ".join(description.split()), " ".join(standard.split()),
        )  # fmt: skip
        return func

    return add


def _built_in(name: str) -> CrossRule | None:
    """Import the module that registers the built-in rule `name`; its registration (None for a
    name that is not built in)."""
    module = BUILT_IN.get(name)
    if module is not None:
        importlib.import_module(f"{_PACKAGE}.{module}")
    return _RULES.get(name)


def get_rule(name: str) -> CrossRule:
    found = _RULES.get(name)
    if found is not None:
        return found
    import_registering(name, BUILT_IN, _PACKAGE, _RULES)
    return _RULES[name]  # KeyError for a name no one registers, as before


def rule_names() -> list[str]:
    """Every rule's name: the built-in ones (imported or not yet), the installed plugins' and
    those registered since."""
    load_plugins()
    return sorted(_RULES.keys() | BUILT_IN.keys())
