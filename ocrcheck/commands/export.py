"""`ocrcheck export RESULTS --csv out.csv [--xlsx out.xlsx]`: a results file for the auditor."""

from __future__ import annotations

import argparse
import os
from typing import Any

from .._exceptions import InputError
from ..batch._export import latest_records, rows, to_csv, to_xlsx


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("export", help="a batch results file as CSV or XLSX, one row per document")
    parser.add_argument("results", metavar="RESULTS", help="the results file of `ocrcheck batch`")
    parser.add_argument("--csv", metavar="FILE", help="write CSV here (spreadsheet-safe)")
    parser.add_argument("--xlsx", metavar="FILE", help="write an Excel workbook here (needs openpyxl)")
    parser.set_defaults(func=run)


def _write(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def run(args: argparse.Namespace) -> int:
    if not args.csv and not args.xlsx:
        raise InputError("give --csv FILE and/or --xlsx FILE")
    if not os.path.isfile(args.results):
        raise InputError(f"no results file at {args.results}")
    header, body = rows(latest_records(args.results))
    if args.csv:
        _write(args.csv, to_csv(header, body).encode("utf-8"))
    if args.xlsx:
        _write(args.xlsx, to_xlsx(header, body))
    print(f"exported {len(body)} documents")
    return 0
