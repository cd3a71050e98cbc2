"""The engine's compiled plan of one document type: what every check of that type would otherwise
look up again on each call (issue 13).

Built once per loaded `DocType` and kept on it: each field's rule, whether it is required, its
normaliser for string values, its checks and warnings resolved to functions; each list field's
item schema, required subfields and item rules; the cross-field rules resolved with their
parameters; and a bounded cache from an answer's key set to where each key goes. The engine reads
the plan the same way on its plain path (`plain=True`), where the plan is built afresh for the
call and nothing is cached nor remembered (`_value_memo`), so the two paths run the same code and tests/engine/
test_fast_vs_plain.py holds them equal.

Everything in a plan is derived from the `DocType` alone, never from a document.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from . import checks, crossfield
from ._field_data import NESTING_MARKER, NULL_STRINGS, SHORT_VALUE, is_null
from ._records import Verdict
from ._value_memo import DayQuick, by_day, memoised_by_day
from .checks import Check
from .crossfield._registry import RuleFunc
from .doctypes import DocType, FieldRule
from .kinds import normaliser
from .values import CLEAN_READERS, ValueProblem

DEFAULT_RULE = FieldRule(path="")
# What `FieldPlan.quick` answers for a value it leaves to the engine's long path.
SLOW: Any = object()
_NULL_MAX = max(map(len, NULL_STRINGS))

# An answer's key sets are cached up to this many, of at most this many keys each: typical
# producers send the same few layouts, and answers of made-up keys must not grow the cache.
MAX_KEY_SETS = 512
MAX_CACHED_KEYS = 64


@dataclass(frozen=True)
class FieldPlan:
    """One field (top level, or `list[].sub` of list items) as the engine checks it."""

    rule: FieldRule
    required: bool
    bound: int  # the length policy's bound for the field's kind
    # The kind's normaliser for a string value within the bound (date order bound in).
    normalise: Callable[[str], Any]
    checks: tuple[tuple[str, Check], ...]
    warnings: tuple[tuple[str, Check], ...]
    masked_checks: tuple[tuple[str, Check], ...]
    due: bool  # any named check at all: its verdicts are recorded
    # `quick(raw, day)`: the normalised value of a plain one (a string within the bound: not
    # null, no `?`, no mask where a mask counts, normalised without a problem), or `SLOW` for
    # anything else; made once per field by `_quick`, and remembered per day the document is
    # judged on (`_value_memo`) where the kind and checks are built in. No field path is made,
    # nor any finding: the engine takes its long path (`_Run.value`) on `SLOW`, which does
    # everything again the long way.
    quick: DayQuick
    # A top-level field with checks: `quick`, then every check and warning in the engine's order
    # (`_Run.run_checks`), the value they leave, or `SLOW` when any of them did not pass (the
    # engine then takes its long path, which runs them again and reports). `passed`: the
    # verdicts of that run, all passed at the field's own path (the same for every document).
    checked: DayQuick | None = None
    passed: tuple[Verdict, ...] = ()
    # The memo inside `quick` (`_value_memo`: a str of at most MEMO_VALUE characters, per day),
    # or None where nothing is remembered: the engine's loops over a document's values call it
    # themselves, one Python call fewer per value (issue 13: 3% of an invoice's instructions).
    kept: DayQuick | None = None


@dataclass(frozen=True)
class ItemsPlan:
    """A list field: its items' subfields."""

    properties: frozenset[str]
    # A set built as the reference engine builds it, so `required - set(mapped)` iterates (and
    # reports missing subfields) in the very same order.
    required: frozenset[str]
    fields: dict[str, FieldPlan]  # subfield → plan, for every subfield of the item schema
    rules: dict[str, FieldRule]  # subfield → rule, only those the rule file names
    aliases: dict[str, str]
    checked: tuple[tuple[str, FieldRule], ...]  # (subfield, rule) of those with checks or warnings


@dataclass(frozen=True)
class CrossPlan:
    name: str
    severity: str
    func: RuleFunc
    params: crossfield.RuleParams
    inputs: tuple[str, ...]  # the fields it reads, as the rule file names them (for its verdict)
    needs: tuple[tuple[str, str | None], ...]  # (required field, the field that may stand in for it)
    passed: Verdict  # its verdict when it judged and found nothing (immutable, shared)


@dataclass(frozen=True)
class Layout:
    """How the quick path walks an object whose labels each map to a field of their own, given
    our keys in the object's order (`_Routes.targets`): made once per key set and kept with its
    routes, so that no value looks its field up again."""

    fields: tuple[FieldPlan | None, ...]  # each key's plan (None: a list field, or no plan)
    absent: tuple[str, ...]  # required keys the object lacks, in the order the engine reports them
    unchecked: tuple[tuple[str, FieldRule], ...]  # (subfield, rule): checked subfields an item lacks


def top_layout(plan: Plan, targets: tuple[str, ...]) -> Layout:
    present = set(targets)
    return Layout(tuple(plan.fields.get(key) for key in targets),
                  tuple(key for key in plan.required if key not in present), ())


def item_layout(items: ItemsPlan, targets: tuple[str, ...]) -> Layout:
    present = set(targets)  # `required - set(mapped)` as the long way makes it: the same order
    return Layout(tuple(items.fields.get(sub) for sub in targets), tuple(items.required - present),
                  tuple((sub, rule) for sub, rule in items.checked if sub not in present))


@dataclass
class Plan:
    doctype: DocType
    fields: dict[str, FieldPlan]  # every top-level property that is not a list
    items: dict[str, ItemsPlan]  # every list field
    properties: frozenset[str]
    required: tuple[str, ...]
    cross: tuple[CrossPlan, ...]
    cache: bool
    checked: tuple[tuple[str, FieldRule], ...]  # (rule path, rule) of every field with checks or warnings
    # The fields the cross rules need (not their stand-ins), each once: top-level names and
    # (list, subfield) pairs; a document that has them all, with nothing failed, lets every rule
    # that found nothing pass without asking why it might not have judged (`_inputs_present`).
    needed: tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
    key_sets: dict[Hashable, tuple[Any, ...]] = field(default_factory=dict)

    def cached_keys(self, cache_key: Hashable) -> tuple[Any, ...] | None:
        """What `remember_keys` kept for this key set, or None (always None on the plain path)."""
        return self.key_sets.get(cache_key) if self.cache else None

    def remember_keys(self, cache_key: Hashable, routes: tuple[Any, ...]) -> tuple[Any, ...]:
        """Keep `routes` for this key set when the plan caches (never on the plain path)."""
        if self.cache:
            if len(self.key_sets) >= MAX_KEY_SETS:
                self.key_sets.clear()  # a new layout mix: start again rather than grow
            self.key_sets[cache_key] = routes
        return routes


def _resolved(names: tuple[str, ...]) -> tuple[tuple[str, Check], ...]:
    return tuple((name, checks.get_check(name)) for name in names)


def _quick(bound: int, normalise: Callable[[str], Any], rule: FieldRule) -> Callable[[Any], Any]:
    """The engine's value path (`engine._Run.value`) for the values that need none of its
    branches, in its order of tests: a plain string within the bound, not a null word, no `?`,
    no `*` unless the kind is text, a normaliser that raises nothing, no `长期` where the field's
    dates take none."""
    masks = rule.kind != "text"  # in free text `*` is text; elsewhere it masks
    no_long_term = rule.kind in ("date", "datetime") and not rule.long_term
    # A built-in kind's reader of clean values (an amount, an identifier): when it answers, none
    # of the tests below would have said SLOW, so they are not made.
    clean = None if no_long_term else CLEAN_READERS.get(normalise)

    def quick(raw: Any) -> Any:
        if type(raw) is not str or len(raw) > bound or raw is NESTING_MARKER:
            return SLOW
        if clean is not None:
            out = clean(raw)
            if out is not None:
                return out
        if len(raw) <= SHORT_VALUE:
            # casefold() never makes a string shorter: a value longer than every null word
            # once stripped is none, and is not copied to find that out.
            text = raw.strip()
            if len(text) <= _NULL_MAX and text.casefold() in NULL_STRINGS:
                return SLOW
        elif (raw[0].isspace() or raw[-1].isspace()) and is_null(raw):
            return SLOW  # else stripping keeps it longer than any null word: no match to make
        if "?" in raw or "？" in raw or (masks and ("*" in raw or "＊" in raw)):
            return SLOW
        try:
            out = normalise(raw)
        except ValueProblem:
            return SLOW
        if no_long_term and out == "长期":
            return SLOW
        return out

    return quick


def _checked(
    quick: Callable[[Any], Any], checks: tuple[Check, ...], warnings: tuple[Check, ...]
) -> Callable[[Any], Any]:
    """`quick`, then the checks (each judging the canonical value the one before gave) and the
    warnings (judging the last one), as `_Run.run_checks` and `_Run.apply` run them on a value
    that passes them all: `SLOW` when one raises anything or gives None (which `run_checks`
    takes for a failure)."""

    def checked(raw: Any) -> Any:
        value = quick(raw)
        if value is SLOW:
            return SLOW
        try:
            for check in checks:
                value = check(value if isinstance(value, str) else str(value))
                if value is None:
                    return SLOW
            text = value if isinstance(value, str) else str(value)
            for warning in warnings:
                warning(text)
        except Exception:  # the long way runs the check again, and reports what it found
            return SLOW
        return value

    return checked


def _built_in(rule: FieldRule) -> bool:
    """Whether the field's kind and every check and warning of it are ours: pure functions of
    the value and the day, which the plan may remember (`_value_memo`)."""
    names = (*rule.checks, *rule.warnings)
    return _ours(rule.spec.module) and all(_ours(checks.check_info(name).module) for name in names)


def _ours(module: str) -> bool:
    return module.startswith("ocrcheck.")


def _field_plan(
    rule: FieldRule, required: bool, date_order: str, path: str | None = None, *, memo: bool = True
) -> FieldPlan:
    """`path`: the field's own path when it is a top-level field (its verdicts are then the same
    for every document), None for the subfield of a list's items. `memo`: remember the quick
    path's answers (never on the plain path, nor for a kind or check of a plugin's)."""
    normalise = normaliser(rule.spec, date_order)  # type: ignore[arg-type]
    plain_quick = _quick(rule.spec.max_length, normalise, rule)
    checks, warnings = _resolved(rule.checks), _resolved(rule.warnings)
    remember = memoised_by_day if memo and _built_in(rule) else by_day
    quick = remember(plain_quick)
    checked: DayQuick | None = None
    passed: tuple[Verdict, ...] = ()
    if path is not None and (checks or warnings):
        checked = remember(_checked(plain_quick, tuple(c for _, c in checks), tuple(w for _, w in warnings)))
        passed = (*(Verdict(name, path, "passed", None, "error") for name, _ in checks),
                  *(Verdict(name, path, "passed", None, "warning") for name, _ in warnings))
    return FieldPlan(
        rule=rule,
        required=required,
        bound=rule.spec.max_length,
        normalise=normalise,
        quick=quick,
        checks=checks,
        warnings=warnings,
        masked_checks=_resolved(rule.masked_checks),
        due=bool(rule.checks or rule.warnings or rule.masked_checks),
        checked=checked,
        passed=passed,
        kept=getattr(quick, "kept", None),
    )


def build_plan(doctype: DocType, *, cache: bool = True) -> Plan:
    properties = doctype.schema["properties"]
    required = set(doctype.required)
    fields: dict[str, FieldPlan] = {}
    items: dict[str, ItemsPlan] = {}
    for key in properties:
        if key in doctype.list_fields:
            item_schema = properties[key].get("items", {})
            subs = item_schema.get("properties", {})
            item_required = set(item_schema.get("required", []))
            rules = {sub: rule for sub in subs if (rule := doctype.fields.get(f"{key}[].{sub}")) is not None}
            items[key] = ItemsPlan(
                properties=frozenset(subs),
                required=frozenset(item_schema.get("required", [])),
                fields={
                    sub: _field_plan(rules.get(sub, DEFAULT_RULE), sub in item_required, doctype.date_order,
                                     memo=cache)
                    for sub in subs
                },
                rules=rules,
                aliases=doctype.item_aliases.get(key, {}),
                checked=tuple((sub, rule) for sub, rule in rules.items() if rule.checks or rule.warnings),
            )
        else:
            rule = doctype.fields.get(key, DEFAULT_RULE)
            fields[key] = _field_plan(rule, key in required, doctype.date_order, key, memo=cache)
    cross = tuple(_cross_plan(use.name, use.severity, use.options) for use in doctype.cross)
    tops: dict[str, None] = {}  # dicts: each once, in the rules' order
    columns: dict[tuple[str, str], None] = {}
    for use in cross:
        for path, _ in use.needs:
            top, list_field, sub = path.partition("[].")
            if list_field:
                columns[top, sub] = None
            else:
                tops[path] = None
    return Plan(
        doctype=doctype,
        fields=fields,
        items=items,
        properties=frozenset(properties),
        required=doctype.required,
        cross=cross,
        cache=cache,
        checked=tuple((path, rule) for path, rule in doctype.fields.items() if rule.checks or rule.warnings),
        needed=(tuple(tops), tuple(columns)),
    )


def _cross_plan(name: str, severity: str, options: dict[str, Any]) -> CrossPlan:
    rule = crossfield.get_rule(name)
    inputs = tuple(options[p] for p in (*rule.fields, *rule.optional_fields) if p in options)
    needs = tuple((options[p], options.get(rule.alternatives[p]) if p in rule.alternatives else None)
                  for p in rule.fields)
    passed = Verdict(name, "", "passed", None, severity, inputs)  # type: ignore[arg-type]
    return CrossPlan(name, severity, rule.func, crossfield.RuleParams(name, severity, options), inputs, needs, passed)


def plan_of(doctype: DocType) -> Plan:
    """The doctype's plan, built on first use and kept on the doctype (a `DocType` is loaded once
    per process; one loaded from explicit directories gets its own)."""
    plan: Plan | None = doctype.__dict__.get("_plan")
    if plan is None or plan.doctype is not doctype:
        plan = build_plan(doctype)
        doctype.__dict__["_plan"] = plan
    return plan
