"""The one module that knows the order of the stages: parse → (detect) → engine → Result.

Everything here works with no network and no API key: this is what an ERP integration calls when
it already holds the OCR answer (the only file it may read is a policy named by path).

`doc_type="auto"` checks an answer of unknown type (typically one made without a schema, whose
keys are the printed labels): `detect` names the most likely type, the answer is checked as
that type with unmapped keys kept under `fields["extra"]`, and `meta["detected"]` says what was
detected with what score. When no type fits well enough the document goes to review.

Every entry point takes `as_of` (the day judged on, default today), `policy` (a shipped
policy's name, a policy file's path, or a loaded `Policy`; see `ocrcheck.policy`) and `lang`
(the language of the findings' messages, `en` or `zh`; codes, variants and ctx are the same in
every language).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from . import clock
from ._messages import DEFAULT_LANG, check_lang, finding, localise_result
from ._records import Extraction, new_result, status_of
from .doctypes import DocType, TypesPath, get_doctype
from .engine import EXTRA, Unmapped, check_fields
from .parse import parse_response
from .policy import Policy, resolve, weigh
from .wire import json_type

if TYPE_CHECKING:
    from ._models import Finding, Result
    from .detection import Detection

AUTO = "auto"  # not a document type: "detect it"
UNKNOWN = "unknown"  # the doc_type of a result whose type could not be detected

AsOf = date | str | None  # a date, `YYYY-MM-DD`, or None: the clock's day (today)
PolicyLike = Policy | str | os.PathLike[str] | None  # a shipped policy's name, a path, or a loaded policy


def _meta(policy: Policy | None, meta: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The meta of a result the engine did not make (no usable fields): the day and the policy."""
    out = {**(meta or {}), "as_of": clock.today().isoformat()}
    if policy is not None:
        out["policy"] = policy.name
    return out


def _unchecked(source: str | None, doc_type: str, findings: list[Finding], policy: Policy | None,
               meta: Mapping[str, Any] | None = None, fields: dict[str, Any] | None = None) -> Result:
    if policy is not None:
        findings = weigh(policy.overlay(doc_type), findings, [])[0]
    return new_result(source, doc_type, status_of(findings), fields or {}, findings, _meta(policy, meta), validate=True)


def _not_an_object(data: Any, doc_type: str, source: str | None, policy: Policy | None) -> Result:
    found = finding("", "unparseable", "not_object", got=json_type(data))
    return _unchecked(source, doc_type, [found], policy)


def _with_earlier(result: Result, earlier: list[Finding], policy: Policy | None) -> Result:
    """`result` with the findings made before the engine ran (parse, detection) in front."""
    if not earlier:
        return result
    if policy is not None:
        earlier = weigh(policy.overlay(result.doc_type), earlier, [])[0]
    findings = [*earlier, *result.findings]
    return result.model_copy(update={"findings": findings, "status": status_of(findings)})


def check(
    doc_type: str,
    data: Mapping[str, Any],
    *,
    source: str | None = None,
    unmapped: Unmapped = "keep",
    as_of: AsOf = None,
    policy: PolicyLike = None,
    lang: str = DEFAULT_LANG,
    types_path: TypesPath = None,
    _plain: bool = False,
) -> Result:
    """Check an object of extracted fields (keys ours or the document's labels).

    `doc_type="auto"` detects the type first; `unmapped="extra"` keeps keys that are no field's
    label under `fields["extra"]` instead of among the fields with a warning. `as_of` is the day
    the document is judged on (default today): an identity card that ended before it is
    `expired`; it is recorded as `meta["as_of"]`. `policy` overlays the rule files. `lang` is the
    language of the messages. `types_path`: one directory or several of user types (`schemas/` +
    `rules/`) besides the built-in ones. `_plain` (tests only) takes the engine's reference path,
    which the fast one must match bit for bit.
    """
    check_lang(lang)
    rules = resolve(policy)
    with clock.judged_on(clock.as_date(as_of)):
        if doc_type == AUTO:
            if not isinstance(data, Mapping):
                return localise_result(_not_an_object(data, UNKNOWN, source, rules), lang)
            return localise_result(_check_detected(Extraction(fields=dict(data)), source, rules), lang)
        doctype = get_doctype(doc_type, types_path)
        if not isinstance(data, Mapping):
            return localise_result(_not_an_object(data, doctype.id, source, rules), lang)
        result = check_fields(doctype, data, source=source, unmapped=unmapped, policy=rules, plain=_plain)
        return localise_result(result, lang)


def check_extraction(
    extraction: Extraction,
    doc_type: str | DocType,
    *,
    source: str | None = None,
    unmapped: Unmapped = "keep",
    as_of: AsOf = None,
    policy: PolicyLike = None,
    lang: str = DEFAULT_LANG,
    types_path: TypesPath = None,
) -> Result:
    """Check what the parser made of an answer; the parser's findings come first. `doc_type` may
    be a loaded `DocType` (one shipped to another process, say): it is used as given, and nothing
    is read from the rule files."""
    check_lang(lang)
    rules = resolve(policy)
    with clock.judged_on(clock.as_date(as_of)):
        if doc_type == AUTO:
            return localise_result(_check_detected(extraction, source, rules), lang)
        doctype = doc_type if isinstance(doc_type, DocType) else get_doctype(doc_type, types_path)
        if extraction.fields is None:
            return localise_result(_unchecked(source, doctype.id, list(extraction.findings), rules,
                                              extraction.meta()), lang)
        result = check_fields(doctype, extraction.fields, source=source, meta=extraction.meta(), unmapped=unmapped,
                              policy=rules)
        return localise_result(_with_earlier(result, list(extraction.findings), rules), lang)


def check_response(
    response: Any,
    doc_type: str | DocType,
    *,
    source: str | None = None,
    unmapped: Unmapped = "keep",
    as_of: AsOf = None,
    policy: PolicyLike = None,
    lang: str = DEFAULT_LANG,
    types_path: TypesPath = None,
) -> Result:
    """Check any service answer (native, compatible, Responses API, bare fields, or text)."""
    check_lang(lang)
    day = clock.as_date(as_of)  # a bad `as_of` or policy is a usage error, raised before parsing
    rules = resolve(policy)
    if isinstance(doc_type, str) and doc_type != AUTO:
        get_doctype(doc_type, types_path)  # an unknown type is a usage error, raised before parsing
    return check_extraction(parse_response(response), doc_type, source=source, unmapped=unmapped, as_of=day,
                            policy=rules, lang=lang, types_path=types_path)


def detect(response: Any) -> Detection:
    """The most likely document type of any service answer or object of fields, with a score."""
    from .detection import Detection, detect_fields  # on first use: a check of a named type never needs it

    fields = parse_response(response).fields
    if not fields:
        return Detection(doc_type=None, score=0.0, candidates=[])
    return detect_fields(fields)


def _check_detected(extraction: Extraction, source: str | None, policy: Policy | None) -> Result:
    from .detection import Detection, detect_fields

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
        return _unchecked(source, UNKNOWN, findings, policy, meta)
    if not detection.recognised:
        if detection.doc_type:
            guess, score = detection.doc_type, detection.score
            findings.append(finding("", "schema", "no_type_fits_guess", guess=guess, score=score))
        else:
            findings.append(finding("", "schema", "no_type_fits"))
    if detection.doc_type is None:
        result = _unchecked(source, UNKNOWN, findings, policy, meta, {EXTRA: fields})
        return result.model_copy(update={"status": "review"})
    result = check_fields(get_doctype(detection.doc_type), fields, source=source, meta=meta, unmapped="extra",
                          policy=policy)
    return _with_earlier(result, findings, policy)
