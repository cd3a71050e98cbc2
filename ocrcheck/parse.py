"""Parse every answer shape the service gives into one `Extraction`.

Shapes: DashScope native (`output.choices[0].message.content[*].text` and `ocr_result`),
OpenAI-compatible chat completion (`choices[0].message.content`), the Responses API
(`output[*].content[*]`), a bare object of fields, or raw text. Inside text: Markdown fences,
JSON, the single-quoted pseudo-JSON the service's own prompt example invites, or prose.

A cut answer (`finish_reason: "length"`) yields a `truncated` finding and no fields: a JSON object
that happens to close early may still be missing fields, so nothing is salvaged from it.

Hostile answers are findings, never exceptions: an envelope of the wrong shape (`choices[0]` a
string, `usage` a list, `message` a number) is `unparseable` naming the part; JSON nested deeper
than `MAX_NESTING` levels is `unparseable` (Python's decoder would raise `RecursionError` somewhere
around 1,000, and nothing downstream could print it); a JSON integer of more digits than Python
will convert (4,300) is kept as its digit string, so the engine reports it on its field. A key
given twice in one object with different values keeps every value (`Repeated`) where a JSON
decoder keeps the last: the engine reports it on its field, and in the envelope it is `unparseable`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ._messages import finding
from ._records import Extraction, Repeated
from .values import as_text
from .wire import as_id, error_parts, is_error_body, json_type, read_envelope, unfence

MAX_NESTING = 64
_INT_DIGITS = 4300  # sys.int_info.default_max_str_digits: int() refuses longer digit strings


def _int_or_digits(digits: str) -> int | str:
    return int(digits) if len(digits.lstrip("-")) <= _INT_DIGITS else digits


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key given more than once with different values keeps them all (`Repeated`)."""
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    given: dict[str, list[Any]] = {}
    for key, value in pairs:
        values = given.setdefault(key, [])
        if not any(type(seen) is type(value) and seen == value for seen in values):
            values.append(value)  # the same value twice is one value (but `1` is not `true`)
    return {key: values[0] if len(values) == 1 else Repeated(values) for key, values in given.items()}


def _loads(text: str) -> Any:
    """`json.loads`, with over-long integers kept as digit strings and repeated keys kept (`_object`);
    raises ValueError/RecursionError."""
    return json.loads(text, parse_int=_int_or_digits, object_pairs_hook=_object)


def _nesting_exceeds(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        children: Any = item.values() if isinstance(item, Mapping) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth >= limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def strip_fences(text: str) -> str:
    """The body of the first Markdown fence (```json … ```), or the text itself when unfenced."""
    return unfence(text).body


def _single_quoted_to_json(text: str) -> str:
    """Rewrite `{'a': 'b', 'c': null}` (Python-ish, as the prompt example invites) as JSON."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':  # a double-quoted string: copy it whole
            j = i + 1
            while j < len(text) and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif ch == "'":
            j = i + 1
            buf: list[str] = []
            while j < len(text) and text[j] != "'":
                if text[j] == "\\" and j + 1 < len(text):
                    buf.append(text[j + 1])
                    j += 2
                else:
                    buf.append(text[j])
                    j += 1
            out.append(json.dumps("".join(buf), ensure_ascii=False))
            i = j + 1
        else:
            out.append(ch)
            i += 1
    body = "".join(out)
    return re.sub(r"\bNone\b", "null", re.sub(r"\bTrue\b", "true", re.sub(r"\bFalse\b", "false", body)))


def _as_object(candidate: str) -> dict[str, Any] | None:
    # Strict JSON first; the single-quoted rewrite only when that fails (it costs a character loop).
    for rewrite in (None, _single_quoted_to_json):
        attempt = candidate if rewrite is None else rewrite(candidate)
        try:
            value = _loads(attempt)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict):
            return value
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
            return value[0]
    return None


def fields_from_text(text: str) -> dict[str, Any] | None:
    """The object of fields in a text answer, or None when there is none to be had."""
    body = strip_fences(text)
    found = _as_object(body)
    if found is not None:
        return found
    # Prose around an object: take the outermost braces, but only if they parse whole.
    start, end = body.find("{"), body.rfind("}")
    if 0 <= start < end:
        return _as_object(body[start : end + 1])
    return None


def _unparseable(extraction: Extraction, variant: str, **ctx: Any) -> Extraction:
    extraction.findings.append(finding("", "unparseable", variant, value=extraction.text[:2000] or None, **ctx))
    return extraction


def parse_response(response: Any) -> Extraction:
    """Any service answer (decoded JSON, raw JSON text, or text) → `Extraction`. Never raises."""
    if not isinstance(response, (Mapping, str, bytes, bytearray, list)) and isinstance(
        getattr(response, "raw", None), (Mapping, str, bytes)
    ):
        response = response.raw  # an OcrResponse from ocrcheck.client: check what the service sent
    if isinstance(response, (bytes, bytearray)):
        response = response.decode("utf-8", errors="replace")
    if isinstance(response, str):
        try:
            decoded = _loads(response)
        except ValueError:
            decoded = None
        except RecursionError:
            extraction = Extraction(text=response, wire_format="text", raw=response)
            return _unparseable(extraction, "too_deep", limit=MAX_NESTING)
        if isinstance(decoded, Mapping):
            return parse_response(decoded)
        extraction = Extraction(text=response, wire_format="text", raw=response)
        return _from_text(extraction)
    if not isinstance(response, Mapping):
        extraction = Extraction(raw=response, wire_format="unknown")
        return _unparseable(extraction, "not_object", got=json_type(response))
    if _nesting_exceeds(response, MAX_NESTING):
        extraction = Extraction(raw=response, wire_format="unknown")
        return _unparseable(extraction, "too_deep", limit=MAX_NESTING)

    if is_error_body(response):
        code = as_text(error_parts(response)[0] or "error")[:200]
        extraction = Extraction(raw=response, wire_format="error", request_id=as_id(response.get("request_id")))
        return _unparseable(extraction, "service_error", error_code=code)

    envelope = read_envelope(response)
    if envelope is None:
        return Extraction(fields=dict(response), wire_format="fields", raw=response)
    if envelope.problem is not None:
        part, got = envelope.problem
        return _unparseable(Extraction(raw=response, wire_format="unknown"), "malformed", part=part, got=got)

    text = envelope.text
    ocr_result = envelope.ocr_result
    extraction = Extraction(
        text=text,
        finish_reason=envelope.finish_reason,
        request_id=envelope.request_id or envelope.response_id,
        model=envelope.model,
        usage=envelope.usage,
        wire_format=envelope.wire_format,
        raw=response,
    )
    if ocr_result is not None and isinstance(ocr_result.get("words_info"), list):
        extraction.words = [dict(w) for w in ocr_result["words_info"] if isinstance(w, Mapping)]
    if envelope.cut:
        extraction.findings.append(finding("", "truncated", "no_field_trusted", value=text[-200:] or None))
        return extraction
    if ocr_result is not None and isinstance(ocr_result.get("kv_result"), Mapping):
        extraction.fields = dict(ocr_result["kv_result"])
        return extraction
    return _from_text(extraction)


def _from_text(extraction: Extraction) -> Extraction:
    if not extraction.text.strip():
        return _unparseable(extraction, "empty")
    fields = fields_from_text(extraction.text)
    if fields is None:
        looks_cut = extraction.text.count("{") > extraction.text.count("}") or not unfence(extraction.text).closed
        return _unparseable(extraction, "looks_cut" if looks_cut else "prose")
    extraction.fields = fields
    return extraction
