"""`ocrcheck estimate PATH...`: image tokens per file and in total, before spending anything.

Uses the service document's smart_resize procedure (`ocrcheck.client.estimate_tokens`); a PDF
counts each page as `ocrcheck scan` would render it; `-` reads one file from standard input.
Billing follows the service's `usage`. An image the service would refuse (over 15.68 megapixels,
sides of 10 px or less, a format or file size it does not take: the same preflight `scan` runs)
gets a `refused:` line instead of a price and is left out of the total; the exit status is then
1. A file that cannot be read stops the command (exit 2) before any output, and so do pixel
limits that are not positive.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .._exceptions import InputError, OcrcheckError
from ..client import DEFAULT_MODEL, check_image, estimate_tokens


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1 (a pixel limit of 0 divides by zero)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("estimate", help="estimate image tokens per file (the service's resize procedure)")
    parser.add_argument("--model", "-m", default=DEFAULT_MODEL, help=f"model (default {DEFAULT_MODEL})")
    parser.add_argument("--min-pixels", type=positive_int, default=None, help="as sent to the service (default 3072)")
    parser.add_argument("--max-pixels", type=positive_int, default=None,
                        help="as sent to the service (default 8388608)")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="image or PDF files; - reads standard input")
    parser.set_defaults(func=run)


def _read(path: str) -> str | bytes:
    """The file's bytes (a URL stays a string: estimate_tokens explains why it cannot be priced)."""
    if path == "-":
        return sys.stdin.buffer.read()
    if path.startswith(("http://", "https://")):
        return path
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise OcrcheckError(f"cannot read {path}: {error.strerror or error}") from None


def _price(name: str, source: str | bytes, args: argparse.Namespace) -> tuple[int | None, str | None]:
    """(tokens, None), or (None, why the service would refuse the file)."""
    if isinstance(source, str):
        return estimate_tokens(source, args.model, args.min_pixels, args.max_pixels), None  # raises for URLs
    try:
        if not source.startswith(b"%PDF-"):
            check_image(source, args.model, name=name)
        return estimate_tokens(source, args.model, args.min_pixels, args.max_pixels), None
    except InputError as error:
        reason = str(error)
        return None, reason[len(name) + 2 :] if reason.startswith(name + ": ") else reason


def run(args: argparse.Namespace) -> int:
    if args.min_pixels is not None and args.max_pixels is not None and args.min_pixels > args.max_pixels:
        raise InputError(f"--min-pixels {args.min_pixels} is above --max-pixels {args.max_pixels}")
    if args.paths.count("-") > 1:
        raise InputError("standard input (-) can be read only once")
    # Every file is read first: an unreadable one stops the command (exit 2) before any output.
    sources = [("<stdin>" if path == "-" else path, _read(path)) for path in args.paths]
    priced = [(name, *_price(name, source, args)) for name, source in sources]
    total = sum(tokens for _, tokens, _ in priced if tokens is not None)
    refused = sum(1 for _, tokens, _ in priced if tokens is None)
    if args.format == "json":
        for name, tokens, reason in priced:
            line: dict[str, Any] = {"path": name, "model": args.model, "image_tokens": tokens}
            if reason is not None:
                line["refused"] = reason
            print(json.dumps(line, ensure_ascii=False))
        summary: dict[str, Any] = {"total": total, "files": len(priced), "model": args.model}
        if refused:
            summary["refused"] = refused
        print(json.dumps(summary))
        return 1 if refused else 0
    width = max(len(name) for name, _, _ in priced)
    for name, tokens, reason in priced:
        print(f"{name:<{width}}  {tokens:>9,}" if tokens is not None else f"{name:<{width}}  refused: {reason}")
    note = f", {refused} refused" if refused else ""
    print(f"{'total':<{width}}  {total:>9,}  ({len(priced)} files{note}, {args.model})")
    return 1 if refused else 0
