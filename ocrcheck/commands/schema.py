"""`ocrcheck schema TYPE`: the `result_schema` to send to the service for a document type."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..doctypes import result_schema


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("schema", help="print the result_schema to send to the service for TYPE")
    parser.add_argument("doc_type", metavar="TYPE")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print(json.dumps(result_schema(args.doc_type), ensure_ascii=False, indent=2))
    return 0
