"""`ocrcheck estimate PATH...`: image tokens per file and in total, before spending anything.

Uses the service document's smart_resize procedure (`ocrcheck.client.estimate_tokens`); a PDF
counts each page as `ocrcheck scan` would render it. Billing follows the service's `usage`.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..client import DEFAULT_MODEL, estimate_tokens


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("estimate", help="estimate image tokens per file (the service's resize procedure)")
    parser.add_argument("--model", "-m", default=DEFAULT_MODEL, help=f"model (default {DEFAULT_MODEL})")
    parser.add_argument("--min-pixels", type=int, default=None, help="as sent to the service (default 3072)")
    parser.add_argument("--max-pixels", type=int, default=None, help="as sent to the service (default 8388608)")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="image or PDF files")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Every file is read first: an unreadable one stops the command (exit 2) before any output.
    counts = [
        (path, estimate_tokens(path, args.model, args.min_pixels, args.max_pixels)) for path in args.paths
    ]
    total = sum(tokens for _, tokens in counts)
    if args.format == "json":
        for path, tokens in counts:
            print(json.dumps({"path": path, "model": args.model, "image_tokens": tokens}, ensure_ascii=False))
        print(json.dumps({"total": total, "files": len(counts), "model": args.model}))
        return 0
    width = max(len(path) for path, _ in counts)
    for path, tokens in counts:
        print(f"{path:<{width}}  {tokens:>9,}")
    print(f"{'total':<{width}}  {total:>9,}  ({len(counts)} files, {args.model})")
    return 0
