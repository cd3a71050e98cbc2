"""The one module that knows the order of the stages: parse → engine → Result.

Everything here works with no network, no API key and no files: this is what an ERP
integration calls when it already holds the OCR answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._models import Extraction, Finding, Result, status_of
from .doctypes import get_doctype
from .engine import check_fields
from .parse import parse_response


def check(doc_type: str, data: Mapping[str, Any], *, source: str | None = None) -> Result:
    """Check an object of extracted fields (keys ours or the document's labels)."""
    doctype = get_doctype(doc_type)
    if not isinstance(data, Mapping):
        finding = Finding(
            field="", code="unparseable", message=f"expected an object of fields, got {type(data).__name__}"
        )
        return Result(source=source, doc_type=doctype.id, status="review", fields={}, findings=[finding])
    return check_fields(doctype, data, source=source)


def check_extraction(extraction: Extraction, doc_type: str, *, source: str | None = None) -> Result:
    doctype = get_doctype(doc_type)
    if extraction.fields is None:
        findings = list(extraction.findings)
        return Result(
            source=source,
            doc_type=doctype.id,
            status=status_of(findings),
            fields={},
            findings=findings,
            meta=extraction.meta(),
        )
    result = check_fields(doctype, extraction.fields, source=source, meta=extraction.meta())
    if extraction.findings:
        findings = [*extraction.findings, *result.findings]
        result = result.model_copy(update={"findings": findings, "status": status_of(findings)})
    return result


def check_response(response: Any, doc_type: str, *, source: str | None = None) -> Result:
    """Check any service answer (native, compatible, Responses API, bare fields, or text)."""
    get_doctype(doc_type)  # an unknown type is a usage error, raised before parsing
    return check_extraction(parse_response(response), doc_type, source=source)
