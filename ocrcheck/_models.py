"""The plain data that flows between stages: Extraction in, Finding and Result out.

`Finding` and `Result` are pydantic models because they are the library's public contract
(ERP and KYC systems serialise them); `Extraction` is internal plumbing between the parser and
the engine, so it is a plain dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

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
]
FINDING_CODES: tuple[str, ...] = FindingCode.__args__  # type: ignore[attr-defined]

Severity = Literal["error", "warning", "info"]
Status = Literal["pass", "review"]


class Finding(BaseModel):
    """One thing wrong (or worth a look) with one field of one document.

    `field` is a dotted path with list indices in brackets (`items[0].amount`); `""` means the
    document as a whole. `value` is what the service wrote, `normalised` what ocrcheck made of
    it, `suggestion` a repair proposal for the reviewer (never applied), `rule` the name of the
    check or cross-field rule that produced the finding.
    """

    model_config = ConfigDict(frozen=True)

    field: str
    code: FindingCode
    severity: Severity = "error"
    message: str
    value: Any = None
    normalised: Any = None
    suggestion: str | None = None
    rule: str | None = None


class Result(BaseModel):
    """The verdict on one document: `review` as soon as any finding is an error."""

    source: str | None = None
    doc_type: str
    status: Status
    fields: dict[str, Any]
    findings: list[Finding]
    meta: dict[str, Any] = {}

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


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
