"""Each built-in task's answer in its normalised form: what `ocrcheck scan --task` prints and
`ocrcheck batch --task` records. The same shapes as the matching commands (`ocrcheck table` for
table_parsing, `ocrcheck latex` for formula_recognition and document_parsing, `ocrcheck boxes`
for advanced_recognition), and the text of the text tasks, with the findings of each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .._exceptions import InputError
from .._messages import finding
from .._models import Finding
from ._markup import markup_from_answer
from .boxes import normalise_words
from .document import normalise_document
from .latex import normalise_formula
from .tables import normalise_tables

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


@dataclass
class Rendered:
    """One normalised answer: the output text, the JSON body, and the findings."""

    output: str
    body: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)


def dumped(findings: list[Finding]) -> list[dict[str, Any]]:
    return [f.model_dump(exclude_none=True) for f in findings]


def _text(raw: dict[str, Any], task: str) -> Rendered:
    markup = markup_from_answer(raw)
    findings: list[Finding] = []
    if markup.cut:
        findings.append(finding("text", "truncated"))
    if task == "key_information_extraction":
        from ..parse import parse_response

        extraction = parse_response(raw)
        fields = extraction.fields
        output = json.dumps(fields, ensure_ascii=False, indent=1) if fields is not None else markup.text
        extra = [f for f in extraction.findings if f.code != "truncated" or not findings]
        return Rendered(output, {"fields": fields, "text": markup.text, "findings": dumped(findings + extra)},
                        findings + extra)
    if not markup.text.strip() and not findings:
        findings.append(finding("text", "unparseable", "no_text", severity="warning"))
    return Rendered(markup.text, {"text": markup.text, "findings": dumped(findings)}, findings)


def render(task: str, to: str | None, raw: dict[str, Any], *, image_size: tuple[int, int] | None = None,
           finish_reason: str | None = None) -> Rendered:
    """The normalised form of one answer to `task` (`to`: one of its `OUTPUT_FORMS`)."""
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
        if finish_reason == "length":
            findings.insert(0, finding("words", "truncated"))
        return Rendered(words.text, {**words.to_dict(), "findings": dumped(findings)}, findings)
    return _text(raw, task)
