"""What `ocrcheck scan --task TASK` prints: each answer normalised the way the matching command
would (`ocrcheck table` for table_parsing, `ocrcheck latex` for formula_recognition and
document_parsing, `ocrcheck boxes` for advanced_recognition), and the text of the text tasks.

Those commands read their input from a file inside `run()`, so their formatting cannot be
called on an answer in memory; the few lines that pick the output form are repeated here on top
of `ocrcheck.normalise`, and the findings are reported with their shared `report`/`exit_status`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .._exceptions import ApiError, InputError
from .._models import Finding
from ..client import BatchItem, OcrResponse
from ..normalise import markup_from_answer, normalise_document, normalise_formula, normalise_tables, normalise_words
from .table import exit_status, report

# Output forms per task; the first is the default (the same defaults as `table` and `latex`).
OUTPUT_FORMS: dict[str, tuple[str, ...]] = {
    "table_parsing": ("csv", "json", "html"),
    "formula_recognition": ("latex", "compact", "text"),
    "document_parsing": ("latex", "compact", "text"),
}
ALL_FORMS = ("csv", "json", "html", "latex", "compact", "text")


def output_form(task: str, to: str | None) -> str | None:
    """The `--to` form for a task (its default when not given); InputError for one it lacks."""
    forms = OUTPUT_FORMS.get(task)
    if forms is None:
        if to is not None:
            raise InputError(f"--to does not apply to {task}; it prints text")
        return None
    if to is None:
        return forms[0]
    if to not in forms:
        raise InputError(f"--to {to} does not apply to {task}; one of {', '.join(forms)}")
    return to


def error_finding(error: Exception) -> Finding:
    """A document the service would not answer (or we would not send) as an `unparseable` finding
    naming the service's code and request id, so the reviewer can quote them to support."""
    if isinstance(error, InputError):
        return Finding(field="", code="unparseable", message=f"not sent: {error}")
    if isinstance(error, ApiError):
        where = ", ".join(p for p in (f"HTTP {error.status_code}" if error.status_code else "",
                                      f"request_id {error.request_id}" if error.request_id else "") if p)
        code = error.code or "ApiError"
        if code == "DataInspectionFailed":
            text = f"the service's content inspection refused the image ({code}, {where}); a person must look at it"
        else:
            text = f"the service answered {code} ({where or 'no request id'}): {error.message}"
        return Finding(field="", code="unparseable", message=text[:600], value=code)
    return Finding(field="", code="unparseable", message=f"no answer: {type(error).__name__}")


def error_body(error: Exception) -> dict[str, Any]:
    """What stands in for the raw answer of a document that has none (kept in the review queue)."""
    if isinstance(error, ApiError):
        return {"code": error.code or "ApiError", "message": error.message, "request_id": error.request_id,
                "status_code": error.status_code}
    return {"code": type(error).__name__, "message": str(error)}


@dataclass
class Rendered:
    """One normalised answer: what standard output gets, the JSON body, and the findings."""

    output: str
    body: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)


def _dumped(findings: list[Finding]) -> list[dict[str, Any]]:
    return [f.model_dump(exclude_none=True) for f in findings]


def _text(raw: dict[str, Any], task: str) -> Rendered:
    markup = markup_from_answer(raw)
    findings: list[Finding] = []
    if markup.cut:
        findings.append(Finding(field="text", code="truncated",
                                message="the answer was cut at the token limit (finish_reason: length)"))
    if task == "key_information_extraction":
        from ..parse import parse_response

        extraction = parse_response(raw)
        fields = extraction.fields
        output = json.dumps(fields, ensure_ascii=False, indent=1) if fields is not None else markup.text
        extra = [f for f in extraction.findings if f.code != "truncated" or not findings]
        return Rendered(output, {"fields": fields, "text": markup.text, "findings": _dumped(findings + extra)},
                        findings + extra)
    if not markup.text.strip() and not findings:
        findings.append(Finding(field="text", code="unparseable", severity="warning",
                                message="the answer holds no text"))
    return Rendered(markup.text, {"text": markup.text, "findings": _dumped(findings)}, findings)


def render(task: str, to: str | None, response: OcrResponse, image_size: tuple[int, int] | None) -> Rendered:
    """The normalised form of one answer to `task`."""
    raw = response.raw
    if task == "table_parsing":
        tables = normalise_tables(raw)
        if to == "csv":
            output = "\n".join(t.to_csv() for t in tables.tables)
        elif to == "html":
            output = "".join(t.to_html() + "\n" for t in tables.tables).rstrip("\n")
        else:
            output = json.dumps([t.records() for t in tables.tables], ensure_ascii=False, indent=1)
        return Rendered(output, tables.to_dict(), tables.findings)
    if task == "formula_recognition":
        formula = normalise_formula(raw)
        output = {"latex": formula.spaced, "compact": formula.compact, "text": formula.unicode_text}[to or "latex"]
        return Rendered(output, {"kind": "formula", **formula.to_dict()}, formula.findings)
    if task == "document_parsing":
        document = normalise_document(raw)
        output = document.text if to == "text" else document.latex
        return Rendered(output, {"kind": "document", **document.to_dict()}, document.findings)
    if task == "advanced_recognition":
        words = normalise_words(raw, image_size=image_size)
        findings = list(words.findings)
        if response.finish_reason == "length":
            findings.insert(0, Finding(field="words", code="truncated",
                                       message="the answer was cut at the token limit (finish_reason: length)"))
        return Rendered(words.text, {**words.to_dict(), "findings": _dumped(findings)}, findings)
    return _text(raw, task)


def emit_task_items(items: Iterable[BatchItem], task: str, to: str | None, fmt: str, *, headers: bool) -> int:
    """Print every item; findings to standard error (text) or inside each JSON line. 0 or 1."""
    status = 0
    for item in items:
        label = item.source
        if item.response is not None:
            rendered = render(task, to, item.response, item.image_size)
        else:
            assert item.error is not None  # a BatchItem has one or the other
            finding = error_finding(item.error)
            rendered = Rendered("", {"error": error_body(item.error), "findings": _dumped([finding])}, [finding])
        status = max(status, exit_status(rendered.findings))
        if fmt == "json":
            response = item.response
            audit = {"request_id": response.request_id, "model": response.model, "usage": response.usage,
                     "finish_reason": response.finish_reason, "cached": response.cached} if response else {}
            record = {"source": label, "task": task, **rendered.body, **audit, "output": rendered.output}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            if headers:
                sys.stdout.write(f"== {label}\n")
            if rendered.output:
                sys.stdout.write(rendered.output.rstrip("\n") + "\n")
            sys.stdout.flush()
            report(label, rendered.findings)
        sys.stdout.flush()
    return status
