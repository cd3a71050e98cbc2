"""The one module that knows the order of the stages: parse → (detect) → engine → Result.

Everything here works with no network, no API key and no files: this is what an ERP
integration calls when it already holds the OCR answer.

`doc_type="auto"` checks an answer of unknown type (typically one made without a schema, whose
keys are the printed labels): `detect` names the most likely type, the answer is checked as
that type with unmapped keys kept under `fields["extra"]`, and `meta["detected"]` says what was
detected with what score. When no type fits well enough the document goes to review.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._messages import message
from ._models import Extraction, Finding, Result, status_of
from .detection import Detection, detect_fields
from .doctypes import DocType, get_doctype
from .engine import EXTRA, Unmapped, check_fields
from .parse import parse_response

AUTO = "auto"  # not a document type: "detect it"
UNKNOWN = "unknown"  # the doc_type of a result whose type could not be detected


def _not_an_object(data: Any, doc_type: str, source: str | None) -> Result:
    finding = Finding(field="", code="unparseable", message=f"expected an object of fields, got {type(data).__name__}")
    return Result(source=source, doc_type=doc_type, status="review", fields={}, findings=[finding])


def check(
    doc_type: str,
    data: Mapping[str, Any],
    *,
    source: str | None = None,
    unmapped: Unmapped = "keep",
    _plain: bool = False,
) -> Result:
    """Check an object of extracted fields (keys ours or the document's labels).

    `doc_type="auto"` detects the type first; `unmapped="extra"` keeps keys that are no field's
    label under `fields["extra"]` instead of among the fields with a warning. `_plain` (tests
    only) takes the engine's reference path, which the fast one must match bit for bit.
    """
    if doc_type == AUTO:
        if not isinstance(data, Mapping):
            return _not_an_object(data, UNKNOWN, source)
        return _check_detected(Extraction(fields=dict(data)), source)
    doctype = get_doctype(doc_type)
    if not isinstance(data, Mapping):
        return _not_an_object(data, doctype.id, source)
    return check_fields(doctype, data, source=source, unmapped=unmapped, plain=_plain)


def check_extraction(
    extraction: Extraction, doc_type: str | DocType, *, source: str | None = None, unmapped: Unmapped = "keep"
) -> Result:
    """`doc_type` may be a loaded `DocType` (one shipped to another process, say): it is used as
    given, and nothing is read from the rule files."""
    if doc_type == AUTO:
        return _check_detected(extraction, source)
    doctype = doc_type if isinstance(doc_type, DocType) else get_doctype(doc_type)
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
    result = check_fields(doctype, extraction.fields, source=source, meta=extraction.meta(), unmapped=unmapped)
    if extraction.findings:
        findings = [*extraction.findings, *result.findings]
        result = result.model_copy(update={"findings": findings, "status": status_of(findings)})
    return result


def check_response(
    response: Any, doc_type: str | DocType, *, source: str | None = None, unmapped: Unmapped = "keep"
) -> Result:
    """Check any service answer (native, compatible, Responses API, bare fields, or text)."""
    if isinstance(doc_type, str) and doc_type != AUTO:
        get_doctype(doc_type)  # an unknown type is a usage error, raised before parsing
    return check_extraction(parse_response(response), doc_type, source=source, unmapped=unmapped)


def detect(response: Any) -> Detection:
    """The most likely document type of any service answer or object of fields, with a score."""
    fields = parse_response(response).fields
    if not fields:
        return Detection(doc_type=None, score=0.0, candidates=[])
    return detect_fields(fields)


def _check_detected(extraction: Extraction, source: str | None) -> Result:
    meta = extraction.meta()
    fields = extraction.fields
    detection = detect_fields(fields) if fields else Detection(doc_type=None, score=0.0, candidates=[])
    meta["detected"] = {
        "doc_type": detection.doc_type,
        "score": detection.score,
        "candidates": [c.model_dump() for c in detection.candidates[:3]],
    }
    findings = list(extraction.findings)
    if fields is None:
        return Result(
            source=source, doc_type=UNKNOWN, status=status_of(findings), fields={}, findings=findings, meta=meta
        )
    if not detection.recognised:
        guess = f"; best guess {detection.doc_type} (score {detection.score})" if detection.doc_type else ""
        findings.append(Finding(field="", code="schema", message=message("schema", f"no document type fits{guess}")))
    if detection.doc_type is None:
        return Result(
            source=source, doc_type=UNKNOWN, status="review", fields={EXTRA: fields}, findings=findings, meta=meta
        )
    result = check_fields(get_doctype(detection.doc_type), fields, source=source, meta=meta, unmapped="extra")
    findings = [*findings, *result.findings]
    return result.model_copy(update={"findings": findings, "status": status_of(findings)})
