"""The plain data that flows between stages, none of it pydantic: the finding codes and other
literals, `Verdict`, `Extraction`, `Repeated`, and `FindingData`/`ResultData`, the plain twins
of the public `Finding` and `Result`.

`Finding` and `Result` (`ocrcheck._models`) are pydantic models because they are the library's
public contract. Importing pydantic costs about 85 ms, more than half of `ocrcheck check` on
one file (issue 13), and the command line only prints its results: it never hands one to a
caller. So it checks inside `plain_results()`, where the one finding factory and the engine make
`FindingData` and `ResultData` instead: the same attributes, values and order, the few methods
the stages call (`model_copy(update=...)`, `errors`, `codes()`), made without pydantic, and
turned into the public models by `to_model()` where one is needed (the review queue).
Everywhere else, and always for a library caller, they make the pydantic models, as before.
tests/engine/test_plain_results.py holds the two equal for every fixture of every type, in the
result, the printed line and the queue entry.

`Verdict` is a typed named tuple: a document has dozens, made on every check, so they are built
without pydantic (a tuple is the cheapest immutable record) and serialised as objects.
`Extraction` is internal plumbing between the parser and the engine, a plain dataclass.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NamedTuple, Self, TypeGuard

if TYPE_CHECKING:
    from ._models import Finding, Result

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


def status_of(findings: list[Any]) -> Status:
    return "review" if any(f.severity == "error" for f in findings) else "pass"


# The fields of `Finding` and `Result`, in the models' order (a test holds them to the models).
FINDING_KEYS: tuple[str, ...] = (
    "field", "code", "severity", "message", "value", "normalised", "suggestion", "rule", "variant", "ctx")
RESULT_KEYS: tuple[str, ...] = ("source", "doc_type", "status", "fields", "findings", "meta", "verdicts")
_set = object.__setattr__


class _Plain:
    """What the two twins share: their fields in slots, set once from a mapping of every one of
    them in the model's order, compared, copied and shown field by field."""

    __slots__ = ()
    _KEYS: ClassVar[tuple[str, ...]]

    def __init__(self, values: Mapping[str, Any]) -> None:
        for key in self._KEYS:
            _set(self, key, values[key])

    def values(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in self._KEYS}

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """As the model's: a shallow copy with `update`'s fields replaced."""
        return type(self)({**self.values(), **(update or {})})

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.values() == other.values()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # as a model with a dict field: not hashable

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{key}={getattr(self, key)!r}" for key in self._KEYS) + ")"


class FindingData(_Plain):
    """A `Finding` made without pydantic (see the module's docstring); frozen, like the model."""

    __slots__ = FINDING_KEYS
    _KEYS = FINDING_KEYS
    field: str
    code: str
    severity: str
    message: str
    value: Any
    normalised: Any
    suggestion: str | None
    rule: str | None
    variant: str
    ctx: dict[str, Any]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a finding is frozen: cannot set {name!r}")

    def to_model(self) -> Finding:
        from ._messages import trusted_finding

        return trusted_finding(self.values())


class ResultData(_Plain):
    """A `Result` made without pydantic (see the module's docstring)."""

    __slots__ = RESULT_KEYS
    _KEYS = RESULT_KEYS
    source: str | None
    doc_type: str
    status: Status
    fields: dict[str, Any]
    findings: list[Any]  # FindingData, or a Finding made before the plain run began
    meta: dict[str, Any]
    verdicts: list[Verdict]

    @property
    def errors(self) -> list[Any]:
        return [f for f in self.findings if f.severity == "error"]

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_model(self) -> Result:
        """The public `Result` of the same values (findings turned into `Finding`s), not validated
        again: the engine built them, typed, as it builds the model's (`engine_result`)."""
        findings = [f.to_model() if type(f) is FindingData else f for f in self.findings]
        return (_engine_result or _import_engine_result())(
            self.source, self.doc_type, self.status, self.fields, findings, self.meta, self.verdicts)


# -- the factories: plain inside `plain_results()`, the public models everywhere else --------------

_PLAIN: ContextVar[bool] = ContextVar("ocrcheck_plain_results", default=False)


@contextmanager
def plain_results() -> Iterator[None]:
    """Findings and results made in this block (this thread, this task) are `FindingData` and
    `ResultData`. For callers that only print or count them: the command line."""
    token = _PLAIN.set(True)
    try:
        yield
    finally:
        _PLAIN.reset(token)


# Inside `plain_results()`? The finding factory (`ocrcheck._messages`) asks on every finding: the
# context variable's own method, without a Python call around it.
plain: Callable[[], bool] = _PLAIN.get


_engine_result: Callable[..., Result] | None = None  # `_models.engine_result`, once imported


def new_result(source: str | None, doc_type: str, status: Status, fields: dict[str, Any], findings: list[Finding],
               meta: dict[str, Any], verdicts: list[Verdict] | None = None, *, validate: bool = False) -> Result:
    """The result of these values. `validate`: the values were not all built by the engine (a
    result for an unreadable file), so the model validates them; a plain result never does."""
    if verdicts is None:
        verdicts = []
    made_plain = plain()
    if not (validate or made_plain):  # the engine's, for a library caller: the hot path
        return (_engine_result or _import_engine_result())(source, doc_type, status, fields, findings, meta, verdicts)
    values: dict[str, Any] = {"source": source, "doc_type": doc_type, "status": status, "fields": fields,
                              "findings": findings, "meta": meta, "verdicts": verdicts}
    if made_plain:
        return ResultData(values)  # type: ignore[return-value]
    from ._models import Result

    return Result(**values)


def _import_engine_result() -> Callable[..., Result]:
    """`_models.engine_result`, imported on the first result and kept: an import statement in
    `new_result` would cost every result thousands of instructions (importlib's `_handle_fromlist`)."""
    global _engine_result
    from ._models import engine_result

    _engine_result = engine_result
    return engine_result


def result_types() -> tuple[type[Any], ...]:
    """The classes of a result, `ResultData` and `Result`, without importing pydantic: a `Result`
    can only exist once `ocrcheck._models` is imported. For an `isinstance` over many objects
    (`_output.jsonable` asks it of every node): asked once, tested in C."""
    models = sys.modules.get("ocrcheck._models")
    return (ResultData,) if models is None else (ResultData, models.Result)


def is_result(value: Any) -> TypeGuard[Result]:
    """A `Result` or a `ResultData` (`result_types`)."""
    return isinstance(value, result_types())


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
