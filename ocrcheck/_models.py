"""The public models: `Finding` and `Result`, pydantic models because they are the library's
contract (ERP and KYC systems serialise them). The plain data around them (`Verdict`,
`Extraction`, the literals, and the models' plain twins for the command line) is in
`ocrcheck._records`, which imports no pydantic; it is re-exported here.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, SkipValidation, field_serializer, field_validator

from ._records import (
    FINDING_CODES,
    OUTCOMES,
    SKIP_REASONS,
    Extraction,
    FindingCode,
    Outcome,
    Repeated,
    Severity,
    SkipReason,
    Status,
    Verdict,
    status_of,
)

__all__ = [
    "FINDING_CODES", "OUTCOMES", "SKIP_REASONS", "Extraction", "Finding", "FindingCode", "Outcome", "Repeated",
    "Result", "Severity", "SkipReason", "Status", "Verdict", "constructed", "engine_result", "status_of",
]


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
