"""The one output encoder: results (or any JSON-like data) to a JSON line or to text, never failing.

What the service wrote reaches the output as it was written, so everything here assumes the
worst of it:

* lone surrogates (`"\\ud800"`, legal in a Python `str` and in JSON text, not in UTF-8) are
  written as the JSON escape `\\ud800` — valid JSON that decodes back to the same string — and
  in text output as the same six characters; NEL, U+2028 and U+2029 likewise, so a JSON line is
  one line for every reader;
* nesting deeper than `MAX_DEPTH` is cut with `TOO_DEEP` (the conversion is iterative, so no
  depth raises `RecursionError`; the engine already bounds field values far below this);
* integers too long for Python to print are described (`values.as_text`), NaN and infinities
  become the strings `"nan"`, `"inf"`, `"-inf"` (strict JSON has no such numbers), other objects
  their `str()`;
* in text output, control characters, DEL, C1 controls and bidirectional overrides are escaped
  (`\\x1b`, `\\u202e`), so a value cannot move the cursor, write the clipboard (OSC 52) or
  reorder what a reviewer reads, and each finding stays on one line.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from ._records import FINDING_KEYS, result_types
from .values import as_text, printed_length

if TYPE_CHECKING:
    from ._models import Result

MAX_DEPTH = 200
TOO_DEEP = f"<nested deeper than {MAX_DEPTH} levels>"

# Lone surrogates cannot be encoded; NEL and the Unicode line/paragraph separators are line breaks
# to many readers (Python's splitlines, JavaScript): all are written as JSON escapes.
_SURROGATE = re.compile("[\ud800-\udfff\x85\u2028\u2029]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return value if printed_length(value) <= 4300 else as_text(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    try:
        return str(value)
    except Exception:  # an object whose __str__ fails still gets a line
        return f"<{type(value).__name__}>"


def jsonable(value: Any, max_depth: int = MAX_DEPTH) -> Any:
    """A copy of `value` made of dict/list/str/int/float/bool/None only, iteratively."""
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(value, root, 0, 0)]
    results = result_types()
    while stack:
        source, parent, slot, depth = stack.pop()
        if isinstance(source, results):
            source = result_record(source)
        if isinstance(source, Mapping):
            if depth >= max_depth:
                parent[slot] = TOO_DEEP
                continue
            out: dict[str, Any] = {}
            parent[slot] = out
            for key, child in source.items():
                name = key if isinstance(key, str) else as_text(_scalar(key))
                out[name] = None  # keeps the order of keys
                stack.append((child, out, name, depth + 1))
        elif isinstance(source, (list, tuple, set, frozenset)):
            if depth >= max_depth:
                parent[slot] = TOO_DEEP
                continue
            items = list(source)
            parent[slot] = [None] * len(items)
            stack.extend((child, parent[slot], i, depth + 1) for i, child in enumerate(items))
        else:
            parent[slot] = _scalar(source)
    return root[0]


def result_record(result: Result) -> dict[str, Any]:
    """The public JSON shape of a result (what `--format json` prints), as plain data."""
    return {
        "source": result.source,
        "doc_type": result.doc_type,
        "status": result.status,
        "fields": result.fields,
        "findings": [{key: getattr(f, key) for key in FINDING_KEYS} for f in result.findings],
        "meta": result.meta,
        "verdicts": [v.to_dict() for v in result.verdicts],
    }


def _escape_surrogates(text: str) -> str:
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_line(data: Any) -> str:
    """One line of strict JSON (no newline at the end); encodable as UTF-8 whatever `data` holds."""
    return _escape_surrogates(json.dumps(jsonable(data), ensure_ascii=False, allow_nan=False))


def printable(text: str) -> str:
    """`text` with control, bidi and surrogate characters escaped, for a terminal."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else
                            f"\\u{ord(m.group()):04x}", text)


def _shown(value: Any) -> str:
    return printable(value if isinstance(value, str) else json_line(value))


def text_block(record: Mapping[str, Any], masked_suggestions: Iterable[str] = ()) -> str:
    """The text form of one result record: a PASS/REVIEW line, then one line per finding.

    Suggestions on the fields named in `masked_suggestions` are shown as `1234…89`."""
    names = set(masked_suggestions)
    head = "PASS  " if record.get("status") == "pass" else "REVIEW"
    lines = [f"{head} {_shown(record.get('source') or '-')} ({_shown(record.get('doc_type'))})"]
    for f in record.get("findings") or []:
        path = str(f.get("field") or "")
        where = _shown(path or "(document)")
        line = f"  {f.get('severity')!s:<7} {f.get('code')!s:<11} {where}: {_shown(f.get('message'))}"
        suggestion = f.get("suggestion")
        if suggestion:
            shown = str(suggestion)
            if path.split("[")[0].split(".")[0] in names and len(shown) >= 8:
                shown = f"{shown[:4]}…{shown[-2:]}"
            line += f" [suggestion: {_shown(shown)}]"
        lines.append(line)
    return "\n".join(lines)


def write_text(text: str, stream: TextIO | None = None) -> None:
    """Write `text` to `stream` (standard output); characters its encoding lacks are escaped.
    A closed reader (`BrokenPipeError`) is the caller's to handle."""
    stream = stream if stream is not None else sys.stdout
    text = _escape_surrogates(text)
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))
