"""`ocrcheck types`: the document types this installation knows."""

from __future__ import annotations

import argparse
from typing import Any

from ..doctypes import get_doctype, list_doctypes


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("types", help="list the document types")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    for name in list_doctypes():
        print(f"{name:<28} {get_doctype(name).title}")
    return 0
