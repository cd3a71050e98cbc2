"""The engine: normalise values → JSON Schema → field checks → cross-field rules → Result.

Pure: no I/O, no network. Every problem with the document becomes a `Finding` on a named field;
nothing here raises because of what the service wrote. This module holds the run and the path of
each value; the mapping of an answer's keys to ours is in `_key_mapping`, the document-level
stages (schema, cross-field rules) in `_document_stages`.

Bounds, applied before any normaliser, check or suggestion runs on a value:

* the length policy of `ocrcheck.kinds` (each kind's `max_length`): a longer value is one `format`
  finding and is kept as given;
* nesting: a field value nested deeper than `MAX_NESTING` levels is one `schema` finding, and the
  result keeps `NESTING_MARKER` in its place (a 3,000-level list is no field value, and nothing
  downstream could serialise it).

Two labels for one field (an alias and our key, `{"姓名": "张三", "name": "李四"}`): the same
value twice is one value. Different values are a `mismatch` finding on the field whose `value` is
`{label: value, ...}` for both labels; the field holds the value given under our own key (else the
first label's), which is the one checked, and the other value stays in the result under its label
as written, like an unknown key. One key given twice in one JSON object (`Repeated`, from the
parser) is the same case: different values are a `mismatch` (rule `repeated_key`) whose `value`
lists them all, and the first is checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from stdnum.exceptions import ValidationError

from . import checks, clock
from ._document_stages import DocumentStages
from ._field_data import (
    MAX_NESTING,
    NESTING_MARKER,
    NULL_STRINGS,
    SHORT_VALUE,
    is_null,
    nesting_exceeds,
)
from ._key_mapping import KeyMapping, Unmapped
from ._messages import finding
from ._plan import (
    SLOW,
    FieldPlan,
    Layout,
    Plan,
    build_plan,
    item_layout,
    plan_of,
    top_layout,
)
from ._records import Repeated, Verdict, new_result, status_of
from ._value_memo import MEMO_VALUE
from .doctypes import DocType, FieldRule
from .kinds import length_problem, normalise_value
from .policy import Policy, min_age_check, ruleset, weigh
from .values import ValueProblem, as_text

if TYPE_CHECKING:
    from ._models import Finding, Result

# Answers made without our schema (`unmapped="extra"`): what maps to no field is kept here.
EXTRA = "extra"


def _suggest(check_name: str, value: str) -> str | None:
    try:
        from .checks import repair  # imported here: repair tries hundreds of candidates, rarely needed

        return repair.suggest_repair(checks.get_check(check_name), value, repair.alphabet_for(check_name))
    except Exception:  # a suggestion is a courtesy; it must never cost the verdict
        return None


_new_tuple = tuple.__new__
_NESTED = (Mapping, list, tuple)  # what may nest too deep


def _masked_form(raw: Any, kind: str) -> Any:
    """A masked value as the result keeps it: an identifier's form, or, for a value longer than
    any identifier (within its own field's bound: `*` over a whole amount in words), as text."""
    try:
        return normalise_value(raw, kind)
    except ValueProblem:
        try:
            return normalise_value(raw, "text")
        except ValueProblem:  # longer than any text, though its field allows it: as given
            return raw


class _Run(KeyMapping, DocumentStages):
    """The state of checking one document (findings so far, which fields are already bad, the
    verdict of every check and rule that was due)."""

    def __init__(
        self, doctype: DocType, unmapped: Unmapped = "keep", plain: bool = False, day: date | None = None
    ) -> None:
        self.doctype = doctype
        self.day = clock.today() if day is None else day  # the day judged on: what the plan's memo is kept for
        self.unmapped = unmapped
        self.plain = plain
        self.quick = not plain  # the plan's quick path for plain values (`FieldPlan.quick`)
        # The plain path builds its plan afresh and caches nothing: the reference the fast path
        # (the doctype's kept plan, with its key-set cache) is tested against.
        self.plan: Plan = build_plan(doctype, cache=False) if plain else plan_of(doctype)
        self.findings: list[Finding] = []
        self.bad: dict[str, str] = {}  # field path → code of its first error finding
        self.extra: dict[str, Any] = {}
        self.verdicts: list[Verdict] = []
        self.reached: set[str] = set()  # rule paths (`items[].amount`) whose checks were considered
        self._trusted: tuple[int, dict[str, Any], dict[str, Any]] | None = None  # (len(bad), of, trusted)
        self._input_problems: dict[str, str | None] = {}  # a cross rule's input → why it cannot judge

    def add(self, field: str, code: str, variant: str = "", *, severity: str = "error", **extra: Any) -> None:
        """Record a finding; `extra` is the finding's value, normalised, suggestion, rule and ctx."""
        self.findings.append(finding(field, code, variant, severity=severity, **extra))
        if severity == "error":
            self.bad.setdefault(field, code)

    # ------------------------------------------------------------------------------ verdicts
    def skip(self, path: str, rule: FieldRule, reason: str, names: tuple[str, ...] | None = None) -> None:
        """Every check of `rule` (or just `names`) on the value at `path`: skipped, for `reason`."""
        verdicts = self.verdicts
        for name in rule.checks if names is None else names:
            verdicts.append(Verdict(name, path, "skipped", reason))
        if names is None:
            for name in rule.warnings:
                verdicts.append(Verdict(name, path, "skipped", reason, "warning"))

    # -------------------------------------------------------------------- one scalar value
    def value(self, path: str, raw: Any, field: FieldPlan) -> Any:
        rule = field.rule
        due = field.due
        if due:
            self.reached.add(rule.path)
        plain_text = type(raw) is str  # the common case: the plan's normaliser, no re-dispatch
        if raw is NESTING_MARKER:
            if due:
                self.skip(path, rule, "unreadable")
            return raw  # reported where it was cut
        # `is_null`, inlined for a short string (the common case, once per value of every check).
        if (raw.strip().casefold() in NULL_STRINGS) if plain_text and len(raw) <= SHORT_VALUE else is_null(raw):
            if field.required:
                self.add(path, "missing", value=raw)
            if due:
                self.skip(path, rule, "missing")
            return None
        if not plain_text and isinstance(raw, (dict, list)):
            self.add(path, "schema", "list_not_value" if isinstance(raw, list) else "object_not_value", value=raw)
            if due:
                self.skip(path, rule, "unreadable")
            return raw
        if not plain_text or len(raw) > field.bound:
            too_long = length_problem(raw, rule.spec)
            if too_long is not None:  # the length policy: one finding, no further work on the value
                self.add(path, too_long.code, too_long.variant, value=raw, rule=f"kind:{rule.kind}", **too_long.ctx)
                if due:
                    self.skip(path, rule, "unreadable")
                return raw
        text = raw if plain_text else as_text(raw)
        if "?" in text or "？" in text:
            suggestion = None
            if rule.checks and (text.count("?") + text.count("？")) == 1:
                probe = text.replace("？", "?")
                if rule.kind in ("identifier", "mrz"):
                    probe = normalise_value(probe, rule.kind)
                suggestion = _suggest(rule.checks[0], probe)
            self.add(path, "illegible", value=raw, suggestion=suggestion)
            if due:
                self.skip(path, rule, "illegible")
            return raw
        # `*` masks numbers and identifiers; in free text (`*办公用品*打印纸` on invoice lines) it is text.
        if ("*" in text or "＊" in text) and rule.kind != "text":
            return self.masked(path, raw, field)
        try:
            if plain_text:
                normalised = field.normalise(raw)
            else:
                normalised = normalise_value(raw, rule.spec, self.doctype.date_order)  # type: ignore[arg-type]
        except ValueProblem as problem:
            self.add(path, problem.code, problem.variant, value=raw, rule=f"kind:{rule.kind}", **problem.ctx)
            if due:
                self.skip(path, rule, "unreadable")
            return raw
        if normalised == "长期" and rule.kind in ("date", "datetime") and not rule.long_term:
            self.add(path, "date", "long_term", value=raw, rule=f"kind:{rule.kind}")
            if due:
                self.skip(path, rule, "unreadable")
            return raw
        if not due:  # no checks nor warnings (most values): what run_checks would give, without the call
            return normalised
        return self.run_checks(path, raw, normalised, field)

    def quick_value(self, path: str, raw: Any, field: FieldPlan) -> Any:
        """`value`, with the plan's quick path first (tests/engine/test_fast_vs_plain.py holds
        the two equal: the plain path takes `value` alone)."""
        checked = field.checked
        if checked is not None:  # a top-level field with checks: all of them, in one call
            value = checked(raw, self.day)
            if value is SLOW:
                return self.value(path, raw, field)
            self.reached.add(field.rule.path)
            self.verdicts.extend(field.passed)
            return value
        normalised = field.quick(raw, self.day)
        if normalised is SLOW:
            return self.value(path, raw, field)
        if not field.due:
            return normalised
        self.reached.add(field.rule.path)
        return self.run_checks(path, raw, normalised, field)

    def masked(self, path: str, raw: Any, field: FieldPlan) -> Any:
        rule = field.rule
        normalised = _masked_form(raw, "identifier" if rule.kind != "text" else "text")
        if rule.masked != "allow":
            self.add(path, "masked", value=raw)
            self.skip(path, rule, "masked")
            return normalised
        for name, check in field.masked_checks:  # each runs, whatever the others found
            self.apply(path, raw, normalised, name, check, "error")
        self.skip(path, rule, "masked")  # the checks of the whole value cannot run on a masked one
        return normalised

    def run_checks(self, path: str, raw: Any, normalised: Any, field: FieldPlan) -> Any:
        value = normalised
        for index, (name, check) in enumerate(field.checks):
            canonical = self.apply(path, raw, value, name, check, "error")
            if canonical is None:
                rule = field.rule
                self.skip(path, rule, "earlier_check_failed", rule.checks[index + 1 :])
                for warning in rule.warnings:
                    self.verdicts.append(Verdict(warning, path, "skipped", "earlier_check_failed", "warning"))
                return normalised
            value = canonical
        # Warnings judge the value the field will hold (the checks' canonical form), so that a
        # result's own fields, checked again, give the same findings (normalisation is idempotent).
        for name, check in field.warnings:
            self.apply(path, raw, value, name, check, "warning")
        return value

    def apply(self, path: str, raw: Any, value: Any, name: str, check: checks.Check, severity: str) -> Any:
        """Run one named check; the canonical value, or None after recording a finding."""
        if not isinstance(value, str):
            value = str(value)
        try:
            canonical = check(value)
            # The tuple made directly: a NamedTuple's generated __new__ costs twice as much, and
            # this runs for every check of every value.
            self.verdicts.append(_new_tuple(Verdict, (name, path, "passed", None, severity, ())))
            return canonical
        except ValidationError as error:
            code = checks.finding_code(error)
            self.verdicts.append(Verdict(name, path, "failed", code, severity))  # type: ignore[arg-type]
            suggestion = _suggest(name, value) if severity == "error" and code in ("checksum", "format") else None
            variant, ctx = checks.finding_detail(error)
            self.add(path, code, variant, severity=severity, value=raw, normalised=value, rule=name,
                     suggestion=suggestion, **ctx)
        except Exception as error:  # a check's bug must still land the document in review
            self.verdicts.append(Verdict(name, path, "failed", "format", severity))  # type: ignore[arg-type]
            self.add(path, "format", "check_failed", severity=severity, value=raw, rule=name, name=name,
                     error=type(error).__name__)
        return None

    # ----------------------------------------------------------------------- whole document
    def document(self, data: Mapping[str, Any]) -> dict[str, Any]:
        doctype, plan = self.doctype, self.plan
        data = self.bounded(data, "")
        walk = self.layout(data, doctype.aliases, "", "", top_layout, plan) if self.quick else None
        if walk is not None:
            return self.quick_document(data, *walk)
        fields = self.map_keys(data, doctype.aliases, "", doctype.fields)
        out: dict[str, Any] = {}
        for key, raw in fields.items():
            field = plan.fields.get(key)
            if field is not None:
                out[key] = self.quick_value(key, raw, field) if self.quick else self.value(key, raw, field)
            elif key in plan.items:
                out[key] = self.items(key, raw)
            else:
                out[key] = raw  # unknown: kept, already reported
        for key in plan.required:
            if key not in fields:
                self.add(key, "missing", "absent")
        return out

    def quick_document(self, data: dict[Any, Any], keys: tuple[str, ...], layout: Layout) -> dict[str, Any]:
        """`document` for an object that maps key for key: the same values in the same order,
        each field's plan taken from the layout."""
        out: dict[str, Any] = {}
        day = self.day
        for key, field, raw in zip(keys, layout.fields, data.values(), strict=True):
            if field is None:
                out[key] = self.items(key, raw) if key in self.plan.items else raw
            elif field.due:
                out[key] = self.quick_value(key, raw, field)
            else:
                kept = field.kept  # as in quick_item
                if kept is not None and type(raw) is str and len(raw) <= MEMO_VALUE:
                    got = kept(raw, day)
                else:
                    got = field.quick(raw, day)
                out[key] = got if got is not SLOW else self.value(key, raw, field)
        for key in layout.absent:
            self.add(key, "missing", "absent")
        return out

    def unreached(self) -> None:
        """The checks of fields the answer does not hold at all (nor any item of their list)."""
        for path, rule in self.plan.checked:
            if path not in self.reached:
                top = path.partition("[]")[0]
                self.skip(path, rule, "unreadable" if top in self.bad else "missing")

    def bounded(self, data: Mapping[Any, Any], prefix: str) -> dict[Any, Any]:
        """`data` with every value nested deeper than `MAX_NESTING` replaced by `NESTING_MARKER`
        (the caller's own dict when none is: the engine only reads it)."""
        if type(data) is dict:
            for value in data.values():
                if type(value) is not str and isinstance(value, _NESTED) and nesting_exceeds(value, MAX_NESTING - 2):
                    break
            else:
                return data
        out: dict[Any, Any] = {}
        for key, value in data.items():
            if type(value) is not str and isinstance(value, _NESTED) and nesting_exceeds(value, MAX_NESTING - 2):
                self.add(f"{prefix}{as_text(key)}", "schema", "too_deep", limit=MAX_NESTING)
                value = NESTING_MARKER
            out[key] = value
        return out

    def items(self, key: str, raw: Any) -> Any:
        if raw is NESTING_MARKER:
            return raw
        # An empty list is as missing as a null one: the result holds `[]` for both, so a
        # re-check of the result's own fields finds what the first check found.
        if is_null(raw) or (isinstance(raw, list) and not raw):
            if key in self.plan.required:
                self.add(key, "missing", value=raw)
            return []
        if not isinstance(raw, list):
            self.add(key, "schema", "not_list", value=raw)
            return raw
        plan = self.plan.items[key]
        out: list[Any] = []
        # The lines of one list nearly always carry the same labels: the walk made for one line
        # serves the next with the very same keys, without looking the key set up again.
        seen: tuple[Any, ...] | None = None
        walk: tuple[tuple[str, ...], Layout] | None = None
        for index, item in enumerate(raw):
            if type(item) is not dict and not isinstance(item, Mapping):
                self.add(f"{key}[{index}]", "schema", "item_not_object", value=item)
                out.append(item)
                continue
            if self.quick:
                keys = tuple(item)
                if keys != seen or Repeated in map(type, item.values()):
                    # Any prefix but "" (the top level's): only that one may take `extra`.
                    walk = self.layout(item, plan.aliases, "[].", key, item_layout, plan)
                    seen = keys if walk is not None else None
                if walk is not None:
                    out.append(self.quick_item(item, key, index, *walk))
                    continue
            prefix = f"{key}[{index}]"
            mapped = self.map_keys(item, plan.aliases, prefix + ".", plan.rules, key)
            normalised: dict[str, Any] = {}
            for sub, value in mapped.items():
                field = plan.fields.get(sub)
                if field is None:
                    normalised[sub] = value
                    continue
                if self.quick and not field.due:  # the usual item value: no path made for it
                    got = field.quick(value, self.day)
                    if got is not SLOW:
                        normalised[sub] = got
                        continue
                normalised[sub] = self.value(f"{prefix}.{sub}", value, field)
            for sub in plan.required - set(mapped):
                self.add(f"{prefix}.{sub}", "missing", "absent")
            for sub, rule in plan.checked:  # the item's checks of a sub-field it does not have
                if sub not in mapped:
                    self.skip(f"{prefix}.{sub}", rule, "missing")
            out.append(normalised)
        return out

    def quick_item(self, item: Mapping[Any, Any], key: str, index: int, subs: tuple[str, ...],
                   layout: Layout) -> dict[str, Any]:
        """Item `index` of the list `key` when it maps key for key: the same values and findings,
        each subfield's plan taken from the layout, and no path made for a value that needs none."""
        normalised: dict[str, Any] = {}
        day = self.day
        for sub, field, value in zip(subs, layout.fields, item.values(), strict=True):
            if field is None:
                normalised[sub] = value
                continue
            if not field.due:
                kept = field.kept  # `field.quick(value, day)` without the call to its memo's guard
                if kept is not None and type(value) is str and len(value) <= MEMO_VALUE:
                    got = kept(value, day)
                else:
                    got = field.quick(value, day)
                if got is not SLOW:
                    normalised[sub] = got
                    continue
            normalised[sub] = self.value(f"{key}[{index}].{sub}", value, field)
        for sub in layout.absent:
            self.add(f"{key}[{index}].{sub}", "missing", "absent")
        for sub, rule in layout.unchecked:  # the item's checks of a sub-field it does not have
            self.skip(f"{key}[{index}].{sub}", rule, "missing")
        return normalised

def check_fields(
    doctype: DocType,
    data: Mapping[str, Any],
    *,
    source: str | None = None,
    meta: dict[str, Any] | None = None,
    unmapped: Unmapped = "keep",
    plain: bool = False,
    as_of: date | None = None,
    policy: Policy | None = None,
) -> Result:
    """Check a mapping of extracted fields against one document type.

    `unmapped="keep"` (the default, for answers made with our schema): a key that is no field's
    label stays among the fields, with a `schema` warning. `unmapped="extra"` (answers made
    without a schema): such keys go, unreported, into `fields["extra"]`, present only when
    something did not map; the document's own fields are checked exactly as with keys of ours.

    `plain=True` is the reference path the speed-ups are tested against (tests/engine/
    test_fast_vs_plain.py): no fast schema predicate, every step done the long way.

    `as_of` is the day the document is judged on (expiry, "not in the future", two-digit years);
    None is the clock's day (`clock.today()`: the caller's `judged_on`, else the system date). It
    is fixed once for the whole check and recorded as `meta["as_of"]`.

    `policy` (see `ocrcheck.policy`) overlays the rule files: masking per field before the
    checks, `min_age` after the cross-field rules, then the severities. `meta["ruleset"]` is the
    version of the rules that judged (a hash of the type's schema, rule file and the policy),
    `meta["policy"]` the policy's name. `Result.verdicts` lists every check and rule that was due.
    """
    overlay = policy.overlay(doctype.id) if policy is not None else None
    with clock.judged_on(as_of) as day:
        run = _Run(policy.doctype(doctype) if policy is not None else doctype, unmapped, plain, day)
        fields = run.document(data)
        run.unreached()
        run.schema(fields)
        run.cross(fields)
        if overlay is not None and overlay.min_age is not None:
            age = min_age_check(run.doctype, fields, run.bad, overlay.min_age, run.findings)
            if age is not None:
                run.verdicts.append(age)
    findings, verdicts = run.findings, run.verdicts
    if overlay is not None and overlay.weighs:
        findings, verdicts = weigh(overlay, findings, verdicts)
    if run.extra:
        fields = {**fields, EXTRA: run.extra}
    out_meta = dict(meta) if meta else {}
    out_meta["as_of"] = day.isoformat()
    out_meta["ruleset"] = ruleset(doctype, policy)
    if policy is not None:
        out_meta["policy"] = policy.name
    # Not validated again: the engine built every value, typed (`new_result`).
    return new_result(source, doctype.id, status_of(findings), fields, findings, out_meta, verdicts)
