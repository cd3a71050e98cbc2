"""`ocrcheck review serve|report|export`: the reviewer's desk, its static report, the export.

    ocrcheck review serve  [--queue PATH] [--images DIR] [--show-pii] [--host H] [--port N] [--by NAME]
    ocrcheck review report [--queue PATH] [--images DIR] [--show-pii] -o review.html
    ocrcheck review export [--queue PATH] (--decisions out.jsonl | --csv out.csv) [--show-pii]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from .._exceptions import InputError
from ..desk import DeskServer, export_csv, export_jsonl, export_records, is_loopback, render_report

ACTIONS = ("serve", "report", "export")


def add_actions(actions: Any, common: argparse.ArgumentParser) -> None:
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--images", metavar="DIR", help="folder holding the documents' images (by source name)")
    shared.add_argument("--show-pii", action="store_true", help="show identity numbers unmasked")
    serve = actions.add_parser("serve", parents=[common, shared], help="the reviewer's desk in a browser")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    serve.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    serve.add_argument("--by", help="reviewer name recorded with decisions (default: the login name)")
    report = actions.add_parser("report", parents=[common, shared], help="one static HTML file, read-only")
    report.add_argument("-o", "--output", required=True, metavar="FILE")
    export = actions.add_parser("export", parents=[common], help="one record per entry with its decision")
    where = export.add_mutually_exclusive_group(required=True)
    where.add_argument("--decisions", metavar="FILE", help="JSON Lines")
    where.add_argument("--csv", metavar="FILE", help="CSV (spreadsheet-safe)")
    export.add_argument("--show-pii", action="store_true", help="export identity numbers unmasked")


def _write_private(path: str, text: str) -> None:
    """Reports and exports hold document data: created 0600, like the queue itself."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        out.write(text)


def run(args: argparse.Namespace, queue: str) -> int:
    if args.review_command == "serve":
        if not is_loopback(args.host):
            print(f"ocrcheck: warning: serving on {args.host}: anyone who can reach it and learns the URL "
                  "can read and decide documents", file=sys.stderr)
        if args.images and not Path(args.images).is_dir():
            raise InputError(f"--images {args.images}: not a folder")
        server = DeskServer(queue, host=args.host, port=args.port, images=args.images, show_pii=args.show_pii,
                            reviewer=args.by, lang=args.lang)
        print(f"ocrcheck review desk: {server.url}  (Ctrl-C stops it)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        return 0
    if args.review_command == "report":
        _write_private(args.output, render_report(queue, images=args.images, show_pii=args.show_pii, lang=args.lang))
        print(f"wrote {args.output}")
        return 0
    records = export_records(queue, show_pii=args.show_pii)
    if args.csv:
        _write_private(args.csv, export_csv(records))
    else:
        _write_private(args.decisions, export_jsonl(records))
    print(f"exported {len(records)} entries to {args.csv or args.decisions}")
    return 0
