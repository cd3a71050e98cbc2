"""`ocrcheck review list|show|decide`: read the review queue, record reviewers' decisions.

    ocrcheck review list   [--queue PATH] [--format text|json] [--open]
    ocrcheck review show   ID [--queue PATH] [--format text|json]
    ocrcheck review decide ID --decision accept|reject|escalate [--note TEXT] [--by NAME] [--queue PATH]
    ocrcheck review serve|report|export ...   (the reviewer's desk: see commands/_review_desk.py)

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
import re
import sys
from typing import Any

from .._messages import DEFAULT_LANG, localise_records
from .._queue_files import check_path
from ..review_queue import DECISIONS, QueueError, QueueRead, ReviewQueue, UnknownEntry
from . import _review_desk as review_desk
from ._lang import add_lang

QUEUE_ENV = "OCRCHECK_REVIEW_QUEUE"
DEFAULT_QUEUE = "ocrcheck-review.jsonl"
SHORT_ID = 16
MIN_PREFIX = 6


# What a terminal may act on instead of printing: C0 controls (ESC starts CSI/OSC sequences,
# e.g. OSC 52 writes the clipboard), DEL, C1 controls (U+009B is a one-character CSI), line and
# paragraph separators, bidirectional overrides (they reorder what the reviewer reads), and lone
# surrogates (not encodable). Document content is shown with these escaped, never raw.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


_UNSAFE_IN_JSON = re.compile(_UNSAFE.pattern.replace(r"\x00-\x1f", ""))  # json escapes C0 itself
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: re.Match[str]) -> str:
    code = ord(char.group())
    if char.group() in _NAMED:
        return _NAMED[char.group()]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: Any) -> str:
    """`value` as one line of text a terminal only prints (see `_UNSAFE`)."""
    if not isinstance(value, str):
        value = "-" if value is None else json.dumps(value, ensure_ascii=False)
    return _UNSAFE.sub(_escape, value)


def _json_line(data: Any, indent: int | None = None) -> str:
    # json.dumps already escapes C0 controls; the rest of `_UNSAFE` only occurs inside strings,
    # where a \uXXXX escape is the same JSON value.
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
    add_lang(common)
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
    decide.add_argument("--decision", "-d", required=True, choices=[d for d in DECISIONS if d != "correct"])
    decide.add_argument("--note", "-n", help="free text kept with the decision")
    decide.add_argument("--by", help="who decided (default: the login name)")
    review_desk.add_actions(actions, common)
    parser.set_defaults(func=run)


def queue_path(args: argparse.Namespace) -> str:
    return args.queue or os.environ.get(QUEUE_ENV) or DEFAULT_QUEUE


def run(args: argparse.Namespace) -> int:
    path = queue_path(args)
    if not check_path(path):  # a link or a directory is refused here, never followed
        raise QueueError(f"no review queue at {path}")
    if args.review_command in review_desk.ACTIONS:
        return review_desk.run(args, path)
    queue = ReviewQueue(path)
    found = queue.read()
    if args.review_command == "list":
        return _list(found, path, args.format, only_open=args.open, lang=args.lang)
    entry = _resolve(found, args.id, path)
    if args.review_command == "show":
        return _show(found, _in(entry, args.lang), args.format)
    decision_id = queue.append_decision(entry["id"], args.decision, by=args.by, note=args.note)
    print(f"{decision_id} {args.decision} {shown(entry['id'][:SHORT_ID])}")
    return 0


def _resolve(found: QueueRead, wanted: str, path: str) -> dict[str, Any]:
    matches = found.find(wanted) if len(wanted) >= MIN_PREFIX else []
    if not matches:
        raise UnknownEntry(f"no entry {wanted} in {path}")
    if len(matches) > 1:
        raise QueueError(f"{wanted} is the start of {len(matches)} entry ids in {path}; give more of it")
    return matches[0]


def _in(entry: dict[str, Any], lang: str) -> dict[str, Any]:
    """The entry with its findings' messages in `lang` (as stored for English)."""
    if lang == DEFAULT_LANG or not isinstance(entry.get("findings"), list):
        return entry
    return {**entry, "findings": localise_records(entry["findings"], lang)}


def _list(found: QueueRead, path: str, fmt: str, *, only_open: bool, lang: str = DEFAULT_LANG) -> int:
    _warn_skipped(found, path)
    for entry in found.entries:
        latest = found.latest_decision(entry["id"])
        if only_open and latest is not None:
            continue
        if fmt == "json":
            row = {**_in(entry, lang), "decision": latest["decision"] if latest else None}
            sys.stdout.write(_json_line(row) + "\n")
            continue
        codes = ",".join(sorted({shown(f.get("code")) for f in entry.get("findings") or []})) or "-"
        state = latest["decision"] if latest else "open"
        sys.stdout.write(
            f"{shown(entry['id'][:SHORT_ID])}  {shown(entry.get('created'))[:19]}  {shown(entry.get('doc_type')):<22}"
            f" {state:<8} {codes:<24} {shown(entry.get('source') or '-')}\n"
        )
    return 0


def _warn_skipped(found: QueueRead, path: str) -> None:
    for number, reason in found.torn:
        print(f"ocrcheck: warning: {shown(path)}:{number}: skipped, {reason}", file=sys.stderr)


def _show(found: QueueRead, entry: dict[str, Any], fmt: str) -> int:
    decisions = found.decisions_for(entry["id"])
    if fmt == "json":
        sys.stdout.write(_json_line({**entry, "decisions": decisions}, indent=2) + "\n")
        return 0
    out = [
        f"id        {shown(entry['id'])}",
        f"created   {shown(entry.get('created'))}",
        f"source    {shown(entry.get('source') or '-')}",
        f"doc_type  {shown(entry.get('doc_type'))}",
        f"status    {shown(entry.get('status'))}",
        "fields",
    ]
    for key, value in (entry.get("fields") or {}).items():
        out.append(f"  {shown(key)}: {shown(value)}")
    out.append("findings")
    for f in entry.get("findings") or []:
        where = shown(f.get("field") or "(document)")
        line = f"  {shown(f.get('severity', 'error')):<7} {shown(f.get('code')):<11} {where}: {shown(f.get('message'))}"
        if f.get("value") is not None:
            line += f" [value: {shown(f['value'])}]"
        if f.get("suggestion"):
            line += f" [suggestion: {shown(f['suggestion'])}]"
        out.append(line)
    out.append("decisions" if decisions else "decisions (none)")
    for d in decisions:
        note = f": {shown(d['note'])}" if d.get("note") else ""
        out.append(f"  {shown(d.get('created'))} {d.get('decision')} by {shown(d.get('by'))}{note}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0
