"""`ocrcheck check --type TYPE [--format text|json] [--review-queue PATH] FILE...`"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._exceptions import OcrcheckError
from .._models import Result
from ..doctypes import get_doctype, list_doctypes
from ..engine import EXTRA
from ..pipeline import AUTO, check_response


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("check", help="check service answers (or bare field objects) of one document type")
    parser.add_argument(
        "--type",
        "-t",
        required=True,
        dest="doc_type",
        help="document type id (see `ocrcheck types`), or `auto` to detect it (see `ocrcheck detect`)",
    )
    parser.add_argument(
        "--unmapped",
        choices=("keep", "extra"),
        default="keep",
        help="keys that are no field's label: kept among the fields with a warning (keep), or under "
        "fields.extra, for answers made without a schema (extra; implied by --type auto)",
    )
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    parser.add_argument(
        "--review-queue", "-q", metavar="PATH", help="append documents that need review to this JSONL queue"
    )
    parser.add_argument("--mask-pii", action="store_true", help="mask identity numbers in the review queue")
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="a service answer or a JSON object of fields; - reads stdin"
    )
    parser.set_defaults(func=run)


def read_input(name: str) -> tuple[str, Any]:
    """(source name, content): raw text, decoded later by the parser. Unreadable → OcrcheckError."""
    if name == "-":
        return "<stdin>", sys.stdin.buffer.read().decode("utf-8", errors="replace")
    path = Path(name)
    try:
        return name, path.read_bytes().decode("utf-8", errors="replace")
    except OSError as error:
        raise OcrcheckError(f"cannot read {name}: {error.strerror or error}") from None


def _masked(value: Any) -> str:
    text = str(value)
    return text if len(text) < 8 else f"{text[:4]}…{text[-2:]}"


def format_text(result: Result, pii: Iterable[str] = ()) -> str:
    pii = set(pii)
    head = "PASS  " if result.status == "pass" else "REVIEW"
    lines = [f"{head} {result.source or '-'} ({result.doc_type})"]
    for f in result.findings:
        base = f.field.split("[")[0].split(".")[0]
        line = f"  {f.severity:<7} {f.code:<11} {f.field or '(document)'}: {f.message}"
        if f.suggestion:
            shown = _masked(f.suggestion) if base in pii else f.suggestion
            line += f" [suggestion: {shown}]"
        lines.append(line)
    return "\n".join(lines)


def emit_results(
    results: Iterable[tuple[Result, Any]],
    fmt: str,
    queue_path: str | None = None,
    *,
    mask_pii: bool = False,
) -> int:
    """Print each result, route the ones for review to the queue; the exit status (0 or 1)."""
    queue = None
    status = 0
    for result, raw in results:
        pii = _pii_fields(result)
        if fmt == "json":
            sys.stdout.write(json.dumps(result.model_dump(mode="json"), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(format_text(result, pii) + "\n")
        if result.status == "review":
            status = 1
            if queue_path:
                if queue is None:
                    from ..review_queue import ReviewQueue

                    queue = ReviewQueue(queue_path, mask_pii=mask_pii, pii_fields=pii)
                queue.append(result, raw)
        sys.stdout.flush()
    return status


def _pii_fields(result: Result) -> tuple[str, ...]:
    """The type's PII fields; what did not map (`extra`) is unknown, so it counts as PII too."""
    known = get_doctype(result.doc_type).pii_fields if result.doc_type in list_doctypes() else ()
    return (*known, EXTRA) if EXTRA in result.fields else known


def run(args: argparse.Namespace) -> int:
    if args.doc_type != AUTO:
        get_doctype(args.doc_type)  # unknown type: exit 2 before reading anything
    inputs = [read_input(name) for name in args.files]  # unreadable path: exit 2, nothing printed
    results = (
        (check_response(content, args.doc_type, source=source, unmapped=args.unmapped), content)
        for source, content in inputs
    )
    return emit_results(results, args.format, args.review_queue, mask_pii=args.mask_pii)
