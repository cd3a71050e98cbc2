"""`ocrcheck table FILE [--to csv|json|html] [--format text|json]`: normalise HTML tables.

FILE is a raw service answer (any wire format) or the bare markup; `-` reads standard input. The
tables go to standard output, the findings to standard error (or into the JSON object with
`--format json`). Exit status: 0 clean, 1 findings (errors or warnings), 2 could not run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._exceptions import OcrcheckError
from .._models import Finding
from ..client._imageinfo import sniff_format
from ..normalise import normalise_tables


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("table", help="normalise the HTML tables of a table_parsing answer")
    parser.add_argument("file", metavar="FILE", help="a service answer or bare HTML; - reads standard input")
    parser.add_argument("--to", choices=("csv", "json", "html"), default="csv", help="output form (default csv)")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text",
                        help="json: one object with the tables, the output and the findings")
    parser.add_argument("--spreadsheet-safe", action=argparse.BooleanOptionalAction, default=True,
                        help="CSV: prefix cells a spreadsheet would run as formulas (= + - @ tab CR) with ' "
                             "(default on; --no-spreadsheet-safe writes cells raw)")
    parser.set_defaults(func=run)


def read_source(name: str) -> tuple[str, str]:
    """(source name, text) of FILE or standard input; unreadable or binary → OcrcheckError (exit 2)."""
    if name == "-":
        source, data = "<stdin>", sys.stdin.buffer.read()
    else:
        try:
            source, data = name, Path(name).read_bytes()
        except OSError as error:
            raise OcrcheckError(f"cannot read {name}: {error.strerror or error}") from None
    kind = binary_kind(data)
    if kind:
        raise OcrcheckError(f"{source} is {kind}, not a service answer or markup; "
                            "`ocrcheck scan --task ...` sends images to the service")
    return source, data.decode("utf-8", errors="replace")


def binary_kind(data: bytes) -> str | None:
    """What a binary file is ("a PNG image", "binary data"), or None for text.

    Text here is UTF-8 (a service answer, HTML or LaTeX): a known image or PDF signature, a NUL
    byte, or bytes that do not decode in the first 8 KiB make it binary."""
    head = data[:8192]
    kind = sniff_format(head)
    if kind is not None and kind != "BMP":  # "BM" also starts text ("BMW …"); a real BMP has NULs
        return f"a {kind} {'document' if kind == 'PDF' else 'image'}"
    if b"\0" in head:
        return "binary data"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # not merely a character cut at the 8 KiB boundary
            return "binary data (not UTF-8 text)"
    return None


def exit_status(findings: Iterable[Finding]) -> int:
    return 1 if any(f.severity in ("error", "warning") for f in findings) else 0


def report(source: str, findings: list[Finding]) -> None:
    for f in findings:
        print(f"{source}: {f.severity} {f.code} {f.field or '(document)'}: {f.message}", file=sys.stderr)


def run(args: Any) -> int:
    source, text = read_source(args.file)
    result = normalise_tables(text)
    if args.to == "csv":
        output = "\n".join(t.to_csv(spreadsheet_safe=args.spreadsheet_safe) for t in result.tables)
    elif args.to == "html":
        output = "".join(t.to_html() + "\n" for t in result.tables)
    else:
        output = json.dumps([t.records() for t in result.tables], ensure_ascii=False, indent=1) + "\n"
    if args.format == "json":
        body = {"source": source, **result.to_dict(), "output": output}
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(output)
        report(source, result.findings)
    return exit_status(result.findings)
