"""`ocrcheck demo`: the main job (check a batch, route failures to review) over bundled fixtures.

No network and no API key: the fixtures are service answers in the documented wire formats.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..doctypes import data_dir, get_doctype, list_doctypes
from ..pipeline import check_response


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("demo", help="check every bundled fixture and print a per-type summary")
    parser.add_argument("--review-queue", "-q", metavar="PATH", default="demo-review-queue.jsonl")
    parser.add_argument("--fixtures", metavar="DIR", help="a fixtures folder laid out as fixtures/<type>/*.json")
    parser.set_defaults(func=run)


def _documents(root: Path, doc_type: str) -> list[Path]:
    folder = root / doc_type
    return sorted(p for p in folder.glob("*.json") if not p.name.endswith(".expected.json"))


def run(args: argparse.Namespace) -> int:
    from ..review_queue import ReviewQueue

    root = Path(args.fixtures) if args.fixtures else data_dir("fixtures")
    queue_path = Path(args.review_queue)
    print(f"ocrcheck demo: bundled service answers in {root}")
    print(f"{'document type':<24} {'docs':>5} {'pass':>5} {'review':>7}  top finding codes")
    totals: Counter[str] = Counter()
    for doc_type in list_doctypes():
        paths = _documents(root, doc_type)
        if not paths:
            continue
        doctype = get_doctype(doc_type)
        queue = ReviewQueue(queue_path, mask_pii=True, pii_fields=doctype.pii_fields)
        counts: Counter[str] = Counter()
        codes: Counter[str] = Counter()
        for path in paths:
            raw = path.read_text(encoding="utf-8")
            content: Any = json.loads(raw) if path.name.endswith(".fields.json") else raw
            result = check_response(content, doc_type, source=str(path.relative_to(root)))
            counts[result.status] += 1
            codes.update(f.code for f in result.findings if f.severity == "error")
            if result.status == "review":
                queue.append(result, content)
        top = ", ".join(f"{code} {n}" for code, n in codes.most_common(4)) or "-"
        print(f"{doc_type:<24} {len(paths):>5} {counts['pass']:>5} {counts['review']:>7}  {top}")
        totals.update(counts)
    print(f"{'total':<24} {totals.total():>5} {totals['pass']:>5} {totals['review']:>7}")
    print(f"documents for review: {queue_path} (identity numbers masked)")
    print(f"  see them with: ocrcheck review list --queue {queue_path}")
    return 0
