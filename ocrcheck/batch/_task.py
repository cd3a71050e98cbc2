"""`ocrcheck batch --task TASK`: a built-in task other than extraction over a whole folder.

Each answer is recorded in its normalised form (`ocrcheck.normalise.tasks`, what `ocrcheck scan
--task` prints): `output` (the text, CSV, LaTeX...) and `normalised` (the structured body), with
the findings. Such a document passes when its answer raised no finding and goes to review
otherwise (an empty or cut answer, a table that does not parse); there are no fields, so no
duplicates. The task and the output form are part of each document's key: the same image asked
for another task is another request, another record.
"""

from __future__ import annotations

from typing import Any

from .._messages import finding
from .._models import Result, Status
from ..normalise.tasks import render
from ..wire import json_type


def label(task: str) -> str:
    """What stands in a Result's document type for a task's answer (records say `task` instead)."""
    return f"task:{task}"


def task_result(task: str, to: str | None, raw: Any, *, source: str, image_size: tuple[int, int] | None = None,
                finish_reason: str | None = None) -> tuple[Result, dict[str, Any]]:
    """(the verdict, what the record adds: output and normalised body) of one answer to `task`."""
    if not isinstance(raw, dict):
        found = finding("", "unparseable", "not_object", got=json_type(raw))
        return Result(source=source, doc_type=label(task), status="review", fields={}, findings=[found]), {}
    rendered = render(task, to, raw, image_size=image_size, finish_reason=finish_reason)
    findings = rendered.findings
    status: Status = "review" if any(f.severity in ("error", "warning") for f in findings) else "pass"
    body = {k: v for k, v in rendered.body.items() if k != "findings"}
    result = Result(source=source, doc_type=label(task), status=status, fields={}, findings=findings)
    return result, {"output": rendered.output, "normalised": body}
