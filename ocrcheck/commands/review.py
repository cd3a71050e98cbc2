"""`ocrcheck review list|show|decide`: read the review queue, record reviewers' decisions.

    ocrcheck review list   [--queue PATH] [--format text|json] [--open]
    ocrcheck review show   ID [--queue PATH] [--format text|json]
    ocrcheck review decide ID --decision accept|reject|escalate [--note TEXT] [--by NAME] [--queue PATH]

The queue is `--queue`, else `$OCRCHECK_REVIEW_QUEUE`, else `ocrcheck-review.jsonl` in the
current directory. ID may be any unique prefix of an entry id (`list` shows 16 characters).
Exit status: 0 done, 2 the command could not run (no queue at that path, unknown or ambiguous
id), with one line on standard error. Lines the reader skipped (torn or corrupt) are reported on
standard error by `list`, and do not change the exit status.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from .._queue_files import check_path
from ..review_queue import DECISIONS, QueueError, QueueRead, ReviewQueue, UnknownEntry

QUEUE_ENV = "OCRCHECK_REVIEW_QUEUE"
DEFAULT_QUEUE = "ocrcheck-review.jsonl"
SHORT_ID = 16
MIN_PREFIX = 6


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("review", help="list and show documents in the review queue, record decisions")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--queue",
        "--review-queue",
        "-q",
        metavar="PATH",
        help=f"the review queue (default: ${QUEUE_ENV} or ./{DEFAULT_QUEUE})",
    )
    actions = parser.add_subparsers(dest="review_command", metavar="ACTION")
    actions.required = True
    listing = actions.add_parser("list", parents=[common], help="one line per queued document")
    listing.add_argument("--format", "-f", choices=("text", "json"), default="text")
    listing.add_argument("--open", action="store_true", help="only entries without a decision")
    show = actions.add_parser("show", parents=[common], help="one queued document in full")
    show.add_argument("id", metavar="ID", help="entry id or a unique prefix of it")
    show.add_argument("--format", "-f", choices=("text", "json"), default="text")
    decide = actions.add_parser("decide", parents=[common], help="append a reviewer's decision")
    decide.add_argument("id", metavar="ID", help="entry id or a unique prefix of it")
    decide.add_argument("--decision", "-d", required=True, choices=DECISIONS)
    decide.add_argument("--note", "-n", help="free text kept with the decision")
    decide.add_argument("--by", help="who decided (default: the login name)")
    parser.set_defaults(func=run)


def queue_path(args: argparse.Namespace) -> str:
    return args.queue or os.environ.get(QUEUE_ENV) or DEFAULT_QUEUE


def run(args: argparse.Namespace) -> int:
    path = queue_path(args)
    if not check_path(path):  # a link or a directory is refused here, never followed
        raise QueueError(f"no review queue at {path}")
    queue = ReviewQueue(path)
    found = queue.read()
    if args.review_command == "list":
        return _list(found, path, args.format, only_open=args.open)
    entry = _resolve(found, args.id, path)
    if args.review_command == "show":
        return _show(found, entry, args.format)
    decision_id = queue.append_decision(entry["id"], args.decision, by=args.by, note=args.note)
    print(f"{decision_id} {args.decision} {entry['id'][:SHORT_ID]}")
    return 0


def _resolve(found: QueueRead, wanted: str, path: str) -> dict[str, Any]:
    matches = found.find(wanted) if len(wanted) >= MIN_PREFIX else []
    if not matches:
        raise UnknownEntry(f"no entry {wanted} in {path}")
    if len(matches) > 1:
        raise QueueError(f"{wanted} is the start of {len(matches)} entry ids in {path}; give more of it")
    return matches[0]


def _list(found: QueueRead, path: str, fmt: str, *, only_open: bool) -> int:
    for number, reason in found.torn:
        print(f"ocrcheck: warning: {path}:{number}: skipped, {reason}", file=sys.stderr)
    for entry in found.entries:
        latest = found.latest_decision(entry["id"])
        if only_open and latest is not None:
            continue
        if fmt == "json":
            row = {**entry, "decision": latest["decision"] if latest else None}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            continue
        codes = ",".join(sorted({str(f.get("code")) for f in entry.get("findings") or []})) or "-"
        state = latest["decision"] if latest else "open"
        sys.stdout.write(
            f"{entry['id'][:SHORT_ID]}  {str(entry.get('created'))[:19]}  {entry.get('doc_type')!s:<22}"
            f" {state:<8} {codes:<24} {entry.get('source') or '-'}\n"
        )
    return 0


def _show(found: QueueRead, entry: dict[str, Any], fmt: str) -> int:
    decisions = found.decisions_for(entry["id"])
    if fmt == "json":
        sys.stdout.write(json.dumps({**entry, "decisions": decisions}, ensure_ascii=False, indent=2) + "\n")
        return 0
    out = [
        f"id        {entry['id']}",
        f"created   {entry.get('created')}",
        f"source    {entry.get('source') or '-'}",
        f"doc_type  {entry.get('doc_type')}",
        f"status    {entry.get('status')}",
        "fields",
    ]
    for key, value in (entry.get("fields") or {}).items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        out.append(f"  {key}: {shown}")
    out.append("findings")
    for f in entry.get("findings") or []:
        where = f.get("field") or "(document)"
        line = f"  {f.get('severity', 'error'):<7} {f.get('code'):<11} {where}: {f.get('message')}"
        if f.get("value") is not None:
            line += f" [value: {f['value']}]"
        if f.get("suggestion"):
            line += f" [suggestion: {f['suggestion']}]"
        out.append(line)
    out.append("decisions" if decisions else "decisions (none)")
    for d in decisions:
        note = f": {d['note']}" if d.get("note") else ""
        out.append(f"  {d.get('created')} {d.get('decision')} by {d.get('by')}{note}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0
