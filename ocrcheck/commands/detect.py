"""`ocrcheck detect [--format text|json] FILE...`: the most likely document type of each answer.

Text output, one line per FILE: `<doc_type> <score> <source>` then the runner-up candidates;
`--format json` writes `{"source", "doc_type", "score", "recognised", "candidates"}` per line.
Exit status 0 when every FILE's type was recognised, 1 when one was not, 2 when a FILE cannot
be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..pipeline import detect
from .check import read_input


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("detect", help="name the most likely document type of service answers, with a score")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="a service answer or a JSON object of fields; - reads stdin"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    inputs = [read_input(name) for name in args.files]  # unreadable path: exit 2, nothing printed
    status = 0
    for source, content in inputs:
        found = detect(content)
        if not found.recognised:
            status = 1
        if args.format == "json":
            record = {
                "source": source,
                "doc_type": found.doc_type,
                "score": found.score,
                "recognised": found.recognised,
                "candidates": [c.model_dump() for c in found.candidates],
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            head = found.doc_type if found.recognised else "unknown"
            line = f"{head:<28} {found.score:.3f}  {source}"
            others = ", ".join(f"{c.doc_type} {c.score:.3f}" for c in found.candidates[1:3])
            sys.stdout.write(line + (f"  (next: {others})" if others else "") + "\n")
        sys.stdout.flush()
    return status
