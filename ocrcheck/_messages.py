"""The one catalogue of finding messages (tests assert codes, never this wording)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "missing": "required field is empty or absent",
    "illegible": "the service could not read every character (it wrote '?')",
    "masked": "the value is masked ('*') where the full value is needed",
    "format": "the value does not have the required format",
    "checksum": "the check character does not match",
    "date": "not a valid date",
    "range": "the value is out of range",
    "mismatch": "fields disagree",
    "schema": "the value does not match the document type's schema",
    "truncated": "the answer was cut at the token limit",
    "unparseable": "the answer holds no usable data",
    "table": "the table is malformed",
    "latex": "the LaTeX is malformed",
    "geometry": "a text box is malformed",
    "internal": "ocrcheck failed on this document (a bug in ocrcheck, not in the document)",
    "expired": "the document's validity ended before the day it is judged on",
}


def message(code: str, detail: str | None = None) -> str:
    base = MESSAGES[code]
    return f"{base}: {detail}" if detail else base
