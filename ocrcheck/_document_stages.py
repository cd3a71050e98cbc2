"""The engine's document-level stages, once every value is normalised and checked: the JSON
Schema over all fields, and the cross-field rules with their verdicts (a rule that found nothing
did not judge when a field it needs is absent or failed its own checks).

A mixin of the engine's run (`engine._Run`), which holds the state these stages read and add
to; kept in its own module so that each stays small. Pure, like the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._field_data import field_path, trusted_fields
from ._plan import Plan
from ._records import Verdict
from .crossfield._util import TrustedFields
from .doctypes import DocType

if TYPE_CHECKING:
    from ._models import Finding

_SCHEMA_PASSED = Verdict("schema", "", "passed")  # verdicts are immutable: one for every document

# Why the checks of a value did not run, by the code of the finding that stopped them.
_SKIP_BY_CODE = {"missing": "missing", "masked": "masked", "illegible": "illegible"}


class DocumentStages:
    """The schema and cross-field stages of one document's check (see `engine._Run`)."""

    # The run's state (set by `engine._Run.__init__`).
    doctype: DocType
    plan: Plan
    plain: bool
    findings: list[Finding]
    verdicts: list[Verdict]
    bad: dict[str, str]  # field path → code of its first error finding
    _trusted: tuple[int, dict[str, Any], dict[str, Any]] | None
    _input_problems: dict[str, str | None]

    def add(self, field: str, code: str, variant: str = "", *, severity: str = "error", **extra: Any) -> None:
        raise NotImplementedError  # the run's: records a finding and marks the field bad

    def schema(self, fields: dict[str, Any]) -> None:
        # Fields that already failed are left out: their errors would only repeat (and jsonschema's
        # messages repr the value, which for an over-long one is costly or, for a huge int, raises).
        fields = self.trusted(fields)
        fast = None if self.plain else self.doctype.fast_valid
        if fast is not None and fast(fields):
            self.verdicts.append(_SCHEMA_PASSED)
            return  # valid: no need to walk jsonschema for details
        before = len(self.findings)
        self.schema_errors(fields)
        failed = len(self.findings) > before
        self.verdicts.append(Verdict("schema", "", "failed" if failed else "passed", "schema" if failed else None))

    def schema_errors(self, fields: dict[str, Any]) -> None:
        for error in self.doctype.validator.iter_errors(fields):
            path = field_path(error.absolute_path)
            if error.validator == "required":
                continue  # reported as `missing` by the engine, with the field named
            if any(path == bad or path.startswith(bad + ".") or path.startswith(bad + "[") for bad in self.bad):
                continue  # already reported more precisely
            value = error.instance if not isinstance(error.instance, (dict, list)) else None
            variant, ctx = _schema_detail(error)
            self.add(path, "schema", variant, value=value, rule="/".join(map(str, error.schema_path)), **ctx)

    def trusted(self, fields: dict[str, Any]) -> dict[str, Any]:
        """`trusted_fields` of the document, made once unless a field failed in between (the
        schema step may add failures before the cross-field rules run; `bad` only grows)."""
        kept = self._trusted
        if kept is None or kept[0] != len(self.bad) or kept[1] is not fields:
            trusted = trusted_fields(fields, self.bad)
            if not self.plain:  # with the memo the rules read each column through once (the plain path: none)
                trusted = TrustedFields.of(trusted)
            kept = self._trusted = (len(self.bad), fields, trusted)
        return kept[2]

    def cross(self, fields: dict[str, Any]) -> None:
        trusted = self.trusted(fields)
        self._input_problems = {}
        # Nothing failed and every input is there (the common case): every rule that finds
        # nothing has judged, without asking `inputs_problem` for each (the plain path does).
        judged = not self.plain and not self.bad and _inputs_present(self.plan, fields)
        for use in self.plan.cross:  # resolved once per type, with their parameters
            severity: Any = use.severity
            try:
                found = use.func(trusted, use.params)
            except Exception as error:  # a rule's bug must still land the document in review
                self.add("", "mismatch", "rule_failed", rule=use.name, name=use.name, error=type(error).__name__)
                self.verdicts.append(Verdict(use.name, "", "failed", "mismatch", severity, use.inputs))
                self._input_problems = {}  # a failure was added: look at the inputs again
                judged = False
                continue
            if found:
                self.verdicts.append(Verdict(use.name, "", "failed", found[0].code, severity, use.inputs))
            elif judged:
                self.verdicts.append(use.passed)
            else:
                reason = self.inputs_problem(use.needs, fields)
                if reason is None:
                    self.verdicts.append(use.passed)  # the same for every document: made once
                else:
                    self.verdicts.append(Verdict(use.name, "", "skipped", reason, severity, use.inputs))
            for one in found:
                self.findings.append(one.model_copy(update={"severity": use.severity, "rule": use.name}))

    def inputs_problem(self, needs: tuple[tuple[str, str | None], ...], fields: dict[str, Any]) -> str | None:
        """Why a rule that found nothing did not really judge: a field it needs absent or failed.
        `needs`: (field, the field that may stand in for it or None), from the plan."""
        # Rules share inputs (three invoice rules read `items[].amount`), and neither the fields
        # nor the failures change while the rules run: each input is looked at once per document.
        known = self._input_problems
        for path, stand_in in needs:
            reason = known[path] if path in known else known.setdefault(path, self.input_problem(path, fields))
            if reason is not None and (stand_in is None or self.input_problem(stand_in, fields) is not None):
                return reason
        return None

    def input_problem(self, path: str, fields: dict[str, Any]) -> str | None:
        # Normalised values: an empty or null one is None by now.
        bad = self.bad
        if "[]." not in path:
            code = bad.get(path) if bad else None
            if code is not None:
                return _SKIP_BY_CODE.get(code, "input_failed")
            return "missing" if fields.get(path) is None else None
        top, _, sub = path.partition("[].")
        items = fields.get(top)
        if top in bad:
            return "input_failed"
        if not isinstance(items, list):
            return "missing"
        if not bad:  # nothing failed (the common case): only whether some item has the value
            return None if any(_holds(item, sub) for item in items) else "missing"
        present = False
        for index, item in enumerate(items):
            code = self.bad.get(f"{top}[{index}].{sub}")
            if code is not None:  # a rule over the items cannot vouch for the list
                return _SKIP_BY_CODE.get(code, "input_failed")
            present = present or _holds(item, sub)
        return None if present else "missing"


def _inputs_present(plan: Plan, fields: dict[str, Any]) -> bool:
    """Whether every field the cross rules need is there, when nothing failed: then
    `inputs_problem` is None for every rule (`input_problem` of a field that did not fail is
    `missing` or None, and a stand-in is asked only for a field with a problem)."""
    tops, columns = plan.needed
    get = fields.get
    for name in tops:
        if get(name) is None:
            return False
    for top, sub in columns:
        items = get(top)
        if not isinstance(items, list):
            return False
        for item in items:  # `_holds` of some item, inline: this runs for every document
            if (type(item) is dict or isinstance(item, Mapping)) and item.get(sub) is not None:
                break
        else:
            return False
    return True


def _holds(item: Any, sub: str) -> bool:
    return (type(item) is dict or isinstance(item, Mapping)) and item.get(sub) is not None


# JSON Schema keywords whose value is the whole of what their message needs to say.
_SCHEMA_CTX = {"type": "expected", "enum": "allowed", "const": "expected", "pattern": "pattern", "format": "format",
               **{k: "limit" for k in ("minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
                                       "exclusiveMaximum", "minItems", "maxItems")}}


def _schema_detail(error: Any) -> tuple[str, dict[str, Any]]:
    """(variant, ctx) of one jsonschema error: the keyword and its value, or the keyword and
    jsonschema's own (English) words for a keyword the catalogue has no sentence for."""
    keyword = str(error.validator)
    key = _SCHEMA_CTX.get(keyword)
    if key is None:
        return "keyword", {"keyword": keyword, "detail": error.message}
    return keyword, {"keyword": keyword, key: error.validator_value}
