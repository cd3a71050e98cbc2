"""`ocrcheck explain TYPE | --all [--format text|json|markdown]`: what a document type checks.

Fields with their kinds, labels and whether they are required; each check and cross rule with
its one-line description and source standard. Generated from the registries (ocrcheck/explain.py);
`ocrcheck explain --all --format markdown` writes docs/types.md.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from .._exceptions import OcrcheckError
from ..explain import describe_type, render_catalogue, render_markdown, render_text


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("explain", help="what a document type checks: fields, kinds, checks, rules, standards")
    parser.add_argument("doc_type", metavar="TYPE", nargs="?", help="a document type id (see `ocrcheck types`)")
    parser.add_argument("--all", action="store_true", help="every type (with --format markdown: docs/types.md)")
    parser.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if bool(args.doc_type) == bool(args.all):
        raise OcrcheckError("explain takes one TYPE or --all")
    if args.all and args.format == "markdown":
        print(render_catalogue(), end="")
        return 0
    from ..doctypes import list_doctypes

    infos = [describe_type(name) for name in (list_doctypes() if args.all else [args.doc_type])]
    if args.format == "json":
        print(json.dumps(infos if args.all else infos[0], ensure_ascii=False, indent=2))
    else:
        render = render_markdown if args.format == "markdown" else render_text
        print("\n".join(render(info) for info in infos), end="")
    return 0
