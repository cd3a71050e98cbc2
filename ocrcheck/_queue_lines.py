"""One review-queue line: encoding a record within bounds, and parsing a line back safely.

Every line is bounded (`MAX_LINE_BYTES`, `MAX_DEPTH`) and the writer keeps to the same bounds,
so whatever is written can be read back. A reader meets hostile lines too (a file edited by
hand, a line nested 100,000 levels): each is skipped with a reason, never an exception, and a
record of valid JSON but the wrong shape (findings a string, a decision without `decision`) is
reported the same way, so `review list/show/decide` only ever see the documented shapes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

DECISIONS = ("accept", "reject", "escalate", "correct")
_BLOCK = 1 << 20
# Bounds a reader enforces on every line (and the writer on every record, so that everything
# written can be read back): an entry keeps a service answer, which the client caps at 16 MiB.
MAX_LINE_BYTES = 64 << 20
MAX_DEPTH = 200



def encode_line(record: Mapping[str, Any]) -> bytes:
    try:
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate somewhere: escape everything instead
        return (json.dumps(record, separators=(",", ":")) + "\n").encode("ascii")


def _depth_over(value: Any, limit: int) -> bool:
    """Whether `value` nests containers deeper than `limit` (iterative: no recursion to blow)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _digest(value: Any) -> str:
    """sha256 of a nested value, walked iteratively (no depth limit, unlike json and pydantic)."""
    digest = hashlib.sha256()
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            digest.update(b"{%d" % len(item))
            for key in sorted(item, key=str, reverse=True):
                stack.extend((item[key], str(key)))
        elif isinstance(item, list | tuple):
            digest.update(b"[%d" % len(item))
            stack.extend(reversed(item))
        else:
            text = item if isinstance(item, str) else repr(item)
            digest.update(b"%s%d:" % (type(item).__name__.encode(), len(text)))
            digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def within_depth(value: Any) -> Any:
    """`value` itself when it fits under a record (at most `MAX_DEPTH - 1` levels), else a note
    with its digest, so that ids stay distinct and nothing downstream recurses that deep."""
    if not _depth_over(value, MAX_DEPTH - 1):
        return value
    return {"omitted": f"nested deeper than {MAX_DEPTH - 1} levels", "sha256": _digest(value)}


_OMITTED = "omitted: too large or too deeply nested for a review queue line; see the source document"


def _without_values(findings: list[Any]) -> list[Any]:
    quoted = ("value", "suggestion")
    return [{k: v for k, v in f.items() if k not in quoted} if isinstance(f, dict) else "?" for f in findings]


def bounded_line(record: dict[str, Any]) -> bytes:
    """The record's line, within the bounds every reader enforces: the raw answer, then the
    fields, then the values quoted in findings give way to a note (the id still covers them)."""
    shrink = (
        ("raw", lambda _: {"omitted": _OMITTED}),
        ("fields", lambda _: {"omitted": _OMITTED}),
        ("findings", _without_values),
    )
    for name, smaller in shrink:
        if not _depth_over(record, MAX_DEPTH):
            line = encode_line(record)
            if len(line) <= MAX_LINE_BYTES:
                return line
        record = {**record, name: smaller(record[name])}
    return encode_line(record)


def parse_line(line: bytes | None) -> tuple[dict[str, Any] | None, str]:
    if line is None:
        return None, f"longer than {MAX_LINE_BYTES} bytes"
    if not line.strip():
        return None, "empty line"
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, ValueError) as error:
        kind = "not UTF-8" if isinstance(error, UnicodeDecodeError) else "not valid JSON"
        return None, f"{kind} (torn or corrupt line)"
    except (RecursionError, MemoryError):  # the C parser's own depth guard, or a huge literal
        return None, f"nested deeper than {MAX_DEPTH} levels"
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        return None, "not a queue record (no string id)"
    if _depth_over(record, MAX_DEPTH):
        return None, f"nested deeper than {MAX_DEPTH} levels"
    return record, ""


_OPTIONAL_TEXT = (str, type(None))


def shape_problem(record: dict[str, Any]) -> str:
    """Why a parsed record cannot be shown or decided on ("" when it can). Checked on read, so
    `review list/show/decide` only ever see the documented shapes."""
    kind = record.get("kind")
    if kind == "decision":
        if record.get("decision") not in DECISIONS:
            return "a decision record without a known decision"
        if not isinstance(record.get("entry"), str):
            return "a decision record without a string entry id"
        wrong = [k for k in ("by", "note", "created") if not isinstance(record.get(k), _OPTIONAL_TEXT)]
    elif kind is None:
        if not isinstance(record.get("doc_type"), str):
            return "an entry without a string doc_type"
        if not isinstance(record.get("fields", {}), dict | type(None)):
            return "an entry whose fields are not an object"
        findings = record.get("findings", [])
        if not isinstance(findings, list | type(None)) or not all(isinstance(f, dict) for f in findings or []):
            return "an entry whose findings are not a list of objects"
        wrong = [k for k in ("source", "status", "created") if not isinstance(record.get(k), _OPTIONAL_TEXT)]
    else:
        return "a record of unknown kind"
    return f"{wrong[0]} is not text" if wrong else ""


def read_lines(fd: int, start: int, stop: int) -> Iterator[tuple[bytes | None, bool, int]]:
    """Yield `(line, terminated, end_offset)` for the bytes [start, stop) of `fd`, blockwise;
    `end_offset` is the absolute offset just past the line's `\n`. A line longer than
    `MAX_LINE_BYTES` is yielded as None and never held in memory, and a partial line is kept
    as a list of blocks joined once, so reading costs O(file) time and O(limit) memory."""
    parts: list[bytes] = []  # the current line so far, absent when it already ran too long
    held, overlong, offset = 0, False, start
    while offset < stop:
        block = os.pread(fd, min(_BLOCK, stop - offset), offset)
        if not block:
            break
        pos = 0
        while (newline := block.find(b"\n", pos)) >= 0:
            line = None if overlong or held + newline - pos > MAX_LINE_BYTES else b"".join([*parts, block[pos:newline]])
            yield line, True, offset + newline + 1
            parts, held, overlong, pos = [], 0, False, newline + 1
        if not overlong:
            parts.append(block[pos:])
            held += len(block) - pos
            if held > MAX_LINE_BYTES:
                parts, held, overlong = [], 0, True
        offset += len(block)
    if overlong or held:
        yield (None if overlong else b"".join(parts)), False, offset


