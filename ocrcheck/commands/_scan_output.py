"""What `ocrcheck scan --task TASK` prints: each answer normalised the way the matching command
would (`ocrcheck table` for table_parsing, `ocrcheck latex` for formula_recognition and
document_parsing, `ocrcheck boxes` for advanced_recognition), and the text of the text tasks.

The normalised forms are `ocrcheck.normalise.tasks` (shared with `ocrcheck batch --task`); the
findings are reported with the commands' shared `report`/`exit_status`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

from .._exceptions import ApiError, InputError
from .._messages import DEFAULT_LANG, finding, localise
from .._models import Finding
from ..client import BatchItem
from ..normalise.tasks import ALL_FORMS, Rendered, dumped, output_form, render
from .table import exit_status, report

__all__ = ["ALL_FORMS", "emit_task_items", "error_body", "error_finding", "output_form"]


def error_finding(error: Exception) -> Finding:
    """A document the service would not answer (or we would not send) as an `unparseable` finding
    naming the service's code and request id, so the reviewer can quote them to support."""
    if isinstance(error, InputError):
        return finding("", "unparseable", "not_sent", error=str(error))
    if isinstance(error, ApiError):
        code = error.code or "ApiError"
        where = ", ".join(p for p in (code if code == "DataInspectionFailed" else "",
                                      f"HTTP {error.status_code}" if error.status_code else "",
                                      f"request_id {error.request_id}" if error.request_id else "") if p)
        if code == "DataInspectionFailed":
            return finding("", "unparseable", "inspection_refused", value=code, where=where)
        if not where:
            return finding("", "unparseable", "service_refused_bare", value=code, error_code=code, error=error.message)
        return finding("", "unparseable", "service_refused", value=code, error_code=code, where=where,
                       error=error.message)
    return finding("", "unparseable", "no_answer", error=type(error).__name__)


def error_body(error: Exception) -> dict[str, Any]:
    """What stands in for the raw answer of a document that has none (kept in the review queue)."""
    if isinstance(error, ApiError):
        return {"code": error.code or "ApiError", "message": error.message, "request_id": error.request_id,
                "status_code": error.status_code}
    return {"code": type(error).__name__, "message": str(error)}


def emit_task_items(items: Iterable[BatchItem], task: str, to: str | None, fmt: str, *, headers: bool,
                    lang: str = DEFAULT_LANG) -> int:
    """Print every item; findings (messages in `lang`) to standard error (text) or inside each
    JSON line. 0 or 1."""
    status = 0
    for item in items:
        label = item.source
        if item.response is not None:
            rendered = render(task, to, item.response.raw, image_size=item.image_size,
                              finish_reason=item.response.finish_reason)
        else:
            assert item.error is not None  # a BatchItem has one or the other
            finding = error_finding(item.error)
            rendered = Rendered("", {"error": error_body(item.error), "findings": dumped([finding])}, [finding])
        if lang != DEFAULT_LANG:
            findings = localise(rendered.findings, lang)
            rendered = Rendered(rendered.output, {**rendered.body, "findings": dumped(findings)}, findings)
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
