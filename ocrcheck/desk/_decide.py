"""A reviewer's decision from the desk: accept, reject with a reason, or correct a value.

A correction is re-checked at once with the same rules (`ocrcheck.check` on the entry's fields
with the new value) and recorded with that verdict, so a correction that fails its own checks is
kept, and shown, as failing: the reviewer sees it, and the ERP reading the export does too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .._exceptions import OcrcheckError
from ..review_queue import ReviewQueue
from ._model import EntryView, as_dict, recheck, with_correction

MAX_NOTE = 2000
MAX_VALUE = 2000


class DecisionError(OcrcheckError):
    """The form does not describe a decision that can be recorded (nothing was written)."""


@dataclass(frozen=True)
class Decision:
    action: str  # accept | reject | correct | apply-suggestion
    seen: str  # id of the latest decision the reviewer's page showed ("" for none)
    note: str = ""
    field: str = ""
    value: str = ""
    finding: int | None = None
    by: str | None = None

    @classmethod
    def from_form(cls, form: Mapping[str, str], *, reviewer: str | None = None) -> Decision:
        action = form.get("action", "")
        if action not in ("accept", "reject", "correct", "apply-suggestion"):
            raise DecisionError("unknown action")
        note = form.get("note", "").strip()
        value = form.get("value", "")
        if len(note) > MAX_NOTE or len(value) > MAX_VALUE:
            raise DecisionError("note or value too long")
        if action == "reject" and not note:
            raise DecisionError("a rejection needs a reason")
        finding = None
        if action == "apply-suggestion":
            try:
                finding = int(form.get("finding", ""))
            except ValueError:
                raise DecisionError("which suggestion?") from None
        if action == "correct" and not form.get("field"):
            raise DecisionError("which field?")
        return cls(action=action, seen=form.get("seen", ""), note=note, field=form.get("field", ""),
                   value=value, finding=finding, by=reviewer)


def decide(queue: ReviewQueue, view: EntryView, wanted: Decision) -> str:
    """Record `wanted` on the entry; returns the line the desk shows. Raises `DecisionConflict`
    when someone decided meanwhile, `DecisionError` when the form makes no sense."""
    if wanted.action in ("accept", "reject"):
        queue.append_decision(view.id, wanted.action, by=wanted.by, note=wanted.note or None,
                              expect_latest=wanted.seen)
        return f"Recorded: {wanted.action}."
    field, value = wanted.field, wanted.value
    if wanted.action == "apply-suggestion":
        findings = view.findings
        if wanted.finding is None or not 0 <= wanted.finding < len(findings):
            raise DecisionError("no such suggestion")
        chosen = findings[wanted.finding]
        field, value = str(chosen.get("field") or ""), str(chosen.get("suggestion") or "")
        if not field or not value:
            raise DecisionError("that finding has no suggestion")
    try:
        fields = with_correction(as_dict(view.entry.get("fields")), field, value)
    except ValueError as error:
        raise DecisionError(str(error)) from None
    verdict = recheck(view.doc_type, fields)
    queue.append_decision(view.id, "correct", by=wanted.by, note=wanted.note or None,
                          corrections={field: value}, recheck=verdict, expect_latest=wanted.seen)
    if verdict["status"] == "pass":
        return f"Corrected {field}; the document now passes every check."
    failing = sorted({str(f.get("field") or "(document)") for f in verdict["findings"] if f.get("severity") == "error"})
    return f"Corrected {field}; the document still fails: {', '.join(failing)}."
