"""The plain data that flows between stages: Extraction in, Finding and Result out.

`Finding` and `Result` are pydantic models because they are the library's public contract
(ERP and KYC systems serialise them); `Extraction` is internal plumbing between the parser and
the engine, so it is a plain dataclass. `Verdict` is a typed named tuple: a document has dozens,
made on every check, so they are built without pydantic (a tuple is the cheapest immutable
record) and serialised as objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, SkipValidation, field_serializer, field_validator

# Stable finding codes (design.md): add, never rename.
FindingCode = Literal[
    "missing",
    "illegible",
    "masked",
    "format",
    "checksum",
    "date",
    "range",
    "mismatch",
    "schema",
    "truncated",
    "unparseable",
    "table",
    "latex",
    "geometry",
    "internal",
    "duplicate",  # the same invoice or identity document seen before (ocrcheck batch)
    "expired",  # the document's validity ended before the day it is judged on (`as_of`)
]
FINDING_CODES: tuple[str, ...] = FindingCode.__args__  # type: ignore[attr-defined]

Severity = Literal["error", "warning", "info"]
Status = Literal["pass", "review"]
Outcome = Literal["passed", "failed", "skipped"]
OUTCOMES: tuple[str, ...] = Outcome.__args__  # type: ignore[attr-defined]
# Why a check that was due did not run (stable, like finding codes: add, never rename).
SkipReason = Literal[
    "missing",  # the value is absent, null or empty
    "masked",  # the value is masked ('*') and these checks need it whole
    "illegible",  # the service wrote '?' for a character
    "unreadable",  # the value is not of its field's kind (no date, too long, a list for a value)
    "earlier_check_failed",  # an earlier check on the same value failed
    "input_failed",  # an input field of a cross-field rule failed its own checks
]
SKIP_REASONS: tuple[str, ...] = SkipReason.__args__  # type: ignore[attr-defined]


class Verdict(NamedTuple):
    """One check or rule that was due on one document, and what became of it.

    `check` names the check (`resident_id`), the cross-field rule (`items_sum`) or `schema` (the
    JSON Schema over all fields). `field` is the value judged (`items[0].amount`; the rule file's
    `items[].amount` when no item has it), `""` for the schema and cross-field rules, whose
    `inputs` are their fields as the rule file names them. `reason`: when `skipped`, why (one of
    `SKIP_REASONS`); when `failed`, the code of the finding it gave (`checksum`). `severity` is
    that of the finding a failure gives (a rule file's `warnings` are `warning`).

    A field check is `passed` when it ran and accepted the value. A cross-field rule is `passed`
    when its input fields were there and trusted and it found nothing.
    """

    check: str
    field: str
    outcome: Outcome
    reason: str | None = None
    severity: Severity = "error"
    inputs: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The verdict as JSON data (what `--format json` and `model_dump` give)."""
        return {"check": self.check, "field": self.field, "outcome": self.outcome, "reason": self.reason,
                "severity": self.severity, "inputs": list(self.inputs)}


def _verdict(value: Any) -> Verdict:
    if isinstance(value, Verdict):
        return value
    if not isinstance(value, dict):
        raise ValueError(f"a verdict is an object, not {type(value).__name__}")
    fields = {**value, "inputs": tuple(value.get("inputs") or ())}
    if fields.get("outcome") not in OUTCOMES:
        raise ValueError(f"verdict outcome must be one of {OUTCOMES}, not {fields.get('outcome')!r}")
    try:
        return Verdict(**fields)
    except TypeError as error:  # an unknown or missing key
        raise ValueError(f"not a verdict: {error}") from None


class Finding(BaseModel):
    """One thing wrong (or worth a look) with one field of one document.

    `field` is a dotted path with list indices in brackets (`items[0].amount`); `""` means the
    document as a whole. `value` is what the service wrote, `normalised` what ocrcheck made of
    it, `suggestion` a repair proposal for the reviewer (never applied), `rule` the name of the
    check or cross-field rule that produced the finding.

    `variant` names the message of `code` in the catalogue (`""`: the code's own sentence) and
    `ctx` holds the values that message names (JSON values only). Both are the same in every
    language; only `message` is rendered in one. Findings are made by `ocrcheck._messages.finding`.
    """

    # Schemas built on first validation or dump (`defer_build`): the engine makes its findings
    # and results without validating (`_messages._trusted`, `engine_result`), so a cold start
    # that prints a clean document never builds them (issue 13).
    model_config = ConfigDict(frozen=True, defer_build=True)

    field: str
    code: FindingCode
    severity: Severity = "error"
    message: str
    value: Any = None
    normalised: Any = None
    suggestion: str | None = None
    rule: str | None = None
    variant: str = ""
    ctx: dict[str, Any] = {}


class Result(BaseModel):
    """The verdict on one document: `review` as soon as any finding is an error.

    `verdicts` lists every check and rule that was due, `passed`, `failed` or `skipped` (see
    `Verdict`): what ran, not only what was found.
    """

    model_config = ConfigDict(defer_build=True)  # as Finding's

    source: str | None = None
    doc_type: str
    status: Status
    fields: dict[str, Any]
    findings: list[Finding]
    meta: dict[str, Any] = {}
    # Not validated item by item (the engine makes them typed); objects read back from JSON
    # become `Verdict`s in `_verdicts`.
    verdicts: Annotated[list[Verdict], SkipValidation] = []

    @field_validator("verdicts", mode="before")
    @classmethod
    def _verdicts(cls, value: Any) -> list[Verdict]:
        if type(value) is list and all(type(v) is Verdict for v in value):
            return value  # the engine's own: nothing to convert
        if not isinstance(value, (list, tuple)):
            raise ValueError("verdicts must be a list")
        return [_verdict(v) for v in value]

    @field_serializer("verdicts")
    def _dump_verdicts(self, verdicts: list[Verdict]) -> list[dict[str, Any]]:
        return [v.to_dict() for v in verdicts]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


_set_state = object.__setattr__
_Model = TypeVar("_Model", bound=BaseModel)


def constructed(model: type[_Model], values: dict[str, Any]) -> _Model:
    """`model.model_construct(**values)` for values that name every field, in the model's order:
    the same four attributes it sets, without its loop over aliases and defaults. The engine's
    own findings and results are made so (`_messages._trusted`, `engine_result`): it built every
    value, typed, and need not have them validated again (issue 13)."""
    made = model.__new__(model)
    _set_state(made, "__dict__", values)
    _set_state(made, "__pydantic_fields_set__", set(values))
    _set_state(made, "__pydantic_extra__", None)
    _set_state(made, "__pydantic_private__", None)
    return made


def engine_result(source: str | None, doc_type: str, status: Status, fields: dict[str, Any],
                  findings: list[Finding], meta: dict[str, Any], verdicts: list[Verdict]) -> Result:
    """A `Result` of what the engine built itself, typed and fresh (its own dicts and lists), not
    validated again: 11k instructions instead of 39k. tests/engine/test_engine_result.py holds it
    equal to `Result(...)` of the same values, in dump, repr and fields set, for every fixture."""
    values: dict[str, Any] = {"source": source, "doc_type": doc_type, "status": status, "fields": fields,
                              "findings": findings, "meta": meta, "verdicts": verdicts}
    if Result.__pydantic_post_init__ or Result.__private_attributes__:
        return Result(**values)  # a model with more state than its fields: the long way
    return constructed(Result, values)


def status_of(findings: list[Finding]) -> Status:
    return "review" if any(f.severity == "error" for f in findings) else "pass"


@dataclass
class Extraction:
    """What the parser made of one service answer, before any checking.

    `fields` is None when no object of fields could be recovered (prose, empty, cut answer);
    `findings` then says why (`unparseable`, `truncated`).
    """

    text: str = ""
    fields: dict[str, Any] | None = None
    words: list[dict[str, Any]] = field(default_factory=list)
    finish_reason: str | None = None
    request_id: str | None = None
    model: str | None = None
    usage: dict[str, Any] = field(default_factory=dict)
    wire_format: str = "fields"
    findings: list[Finding] = field(default_factory=list)
    raw: Any = None

    @property
    def truncated(self) -> bool:
        return self.finish_reason == "length"

    def meta(self) -> dict[str, Any]:
        out: dict[str, Any] = {"wire_format": self.wire_format}
        for key in ("request_id", "model", "finish_reason"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.usage:
            out["usage"] = self.usage
        return out


class Repeated(tuple[Any, ...]):
    """The different values one JSON object gave for one key (`{"name": "A", "name": "B"}`), in
    order. The parser keeps them all where a JSON decoder keeps the last; the engine reports the
    conflict on the field the key names, checks the first value and keeps them all in the finding.
    Serialised, it is a list."""
