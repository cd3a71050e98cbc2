"""LaTeX documents from `document_parsing` answers: cut detection, plain text, equations, tables.

The LaTeX is kept as the service wrote it; beside it come a parse report (normalise.md §4.4, D1):
whether the document is whole (`\\begin{document}` … `\\end{document}`, no environment left open,
`finish_reason` not `length`), the plain text for search, every equation normalised as a formula,
and every `tabular` turned into the same grid as an HTML table. Nothing is compiled or expanded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .._messages import finding
from .._models import Finding
from ._blocks import equations, tabulars, without_spec
from ._html import RawTable
from ._markup import markup_from_answer
from ._tabular import tabular_rows
from .latex import (
    MAX_DEPTH,
    MAX_LENGTH,
    Formula,
    formula_from_text,
    scan,
    squeeze_spaces,
    strict_parse,
    to_unicode,
    tokenize,
)
from .tables import Table, table_findings, table_from_raw

_COMMENT = re.compile(r"(?<!\\)%[^\n]*")


@dataclass
class Document:
    latex: str
    text: str = ""
    equations: list[Formula] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    finish_reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "equations": [e.to_dict() for e in self.equations],
            "tables": [t.to_dict() for t in self.tables],
            "findings": [f.model_dump(exclude_none=True) for f in self.findings],
            "finish_reason": self.finish_reason,
        }


def normalise_document(answer: str | bytes | Mapping[str, Any], *, finish_reason: str | None = None) -> Document:
    """A `document_parsing` answer (raw or bare LaTeX) → Document; problems are findings."""
    markup = markup_from_answer(answer)
    if finish_reason is not None:
        markup.finish_reason = finish_reason
    latex = markup.text
    doc = Document(latex=latex, finish_reason=markup.finish_reason)
    if not latex.strip():
        doc.findings.append(finding("document", "unparseable", "no_latex"))
        return doc
    if len(latex) > MAX_LENGTH:
        doc.findings.append(finding("document", "latex", "document_too_long", limit=MAX_LENGTH))
        return doc
    source = _COMMENT.sub("", latex)
    doc.findings.extend(_skeleton(source, markup.finish_reason, markup.fence_closed))
    problems, deepest = scan(tokenize(source), field_name="document", environments=None, document=True)
    cut = any(f.code == "truncated" for f in doc.findings)
    for problem in problems:
        # In a cut document, open environments are the cut's consequence, not a second defect.
        if not (cut and problem.variant == "never_closed"):
            doc.findings.append(problem)
    if deepest > MAX_DEPTH:
        return doc
    if not cut and not problems:
        doc.findings.extend(strict_parse(squeeze_spaces(source), field_name="document"))
    body = _body(source)
    for block in equations(body):
        index = len(doc.equations)
        formula = formula_from_text(block.inner, field_name=f"equations[{index}]")
        formula.delimiter = block.delimiter
        doc.equations.append(formula)
        doc.findings.extend(formula.findings)
    for block in tabulars(body):
        rows, problems_here = tabular_rows(without_spec(block.inner))
        index = len(doc.tables)
        table, table_problems = table_from_raw(index, RawTable(rows=rows))
        doc.tables.append(table)
        tabular = [("", "warning", variant, ctx) for variant, ctx in problems_here]
        doc.findings.extend(table_findings(index, [*tabular, *table_problems]))
    doc.text = plain_text(body)
    return doc


def _skeleton(source: str, finish_reason: str | None, fence_closed: bool) -> list[Finding]:
    findings: list[Finding] = []
    if finish_reason == "length":
        findings.append(finding("document", "truncated", "length"))
    if not fence_closed:
        findings.append(finding("document", "truncated", "fence_open"))
    begun, ended = "\\begin{document}" in source, "\\end{document}" in source
    if begun and not ended:
        findings.append(finding("document", "truncated", "document_open"))
    elif ended and not begun:
        findings.append(finding("document", "latex", "document_close"))
    if "\\documentclass" not in source:
        findings.append(finding("document", "latex", "fragment", severity="info"))
    return findings


def _body(source: str) -> str:
    start = source.find("\\begin{document}")
    end = source.rfind("\\end{document}")
    start = start + len("\\begin{document}") if start >= 0 else 0
    return source[start : end if end >= start else len(source)]


def plain_text(body: str) -> str:
    """Text in source order, paragraphs apart: tables as tab-separated rows, math as Unicode."""
    parts: list[str] = []
    last = 0
    for block in tabulars(body):
        parts.extend(_paragraphs(body[last : block.start]))
        rows, _ = tabular_rows(without_spec(block.inner))
        parts.append("\n".join("\t".join(c.text for c in row.cells) for row in rows))
        last = block.end
    parts.extend(_paragraphs(body[last:]))
    return "\n\n".join(p for p in parts if p)


def _paragraphs(text: str) -> list[str]:
    return [to_unicode(part) for part in re.split(r"\n\s*\n", text) if part.strip()]
