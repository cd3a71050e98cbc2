"""`ocrcheck types [--format text|json]`: the document types this installation knows."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..explain import list_types


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("types", help="list the document types")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    types = list_types()
    if args.format == "json":
        print(json.dumps(types, ensure_ascii=False, indent=2))
        return 0
    for entry in types:
        origin = "" if entry["origin"] == "built-in" else f"  ({entry['origin']})"
        print(f"{entry['doc_type']:<28} {entry['title']}{origin}")
    return 0
