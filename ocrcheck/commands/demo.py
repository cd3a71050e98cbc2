"""`ocrcheck demo`: the main job (check a batch, route failures to review) over bundled fixtures.

No network and no API key: the fixtures are service answers in the documented wire formats.
Most are made to fail (a wrong checksum, dates reversed, a masked number); each case's
`<case>.expected.json` holds the verdict it was written for, and the demo says how many verdicts
match. A case is judged on the day it was written for (its expected file's `as_of`, else
`FIXTURES_DAY`), so a card that was valid then does not read as expired today; `--as-of` judges
every case on one day instead.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from .. import clock
from ..doctypes import data_dir, get_doctype, list_doctypes
from ..pipeline import check_response

# The day the bundled fixtures are judged on when their expected file names none (the test suite
# judges them on the same day, tests/conftest.py).
FIXTURES_DAY = "2025-06-01"


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("demo", help="check every bundled fixture and print a per-type summary")
    parser.add_argument("--review-queue", "-q", metavar="PATH", default="demo-review-queue.jsonl")
    parser.add_argument("--fixtures", metavar="DIR", help="a fixtures folder laid out as fixtures/<type>/*.json")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD",
                        help="judge every case on this day (default: the day each case was written for)")
    parser.set_defaults(func=run)


def _documents(root: Path, doc_type: str) -> list[Path]:
    folder = root / doc_type
    return sorted(p for p in folder.glob("*.json") if not p.name.endswith(".expected.json"))


def _expected(path: Path) -> dict[str, Any] | None:
    """The case's expected verdict (`<case>.expected.json` beside `<case>.<wire>.json`), if any."""
    expected = path.with_name(path.name.split(".")[0] + ".expected.json")
    try:
        found: Any = json.loads(expected.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def run(args: argparse.Namespace) -> int:
    from ..review_queue import ReviewQueue

    one_day = clock.as_date(args.as_of)  # a bad date is a usage error before any case is read
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
            expected = _expected(path)
            as_of = one_day or (expected or {}).get("as_of") or FIXTURES_DAY
            result = check_response(content, doc_type, source=str(path.relative_to(root)), as_of=as_of)
            counts[result.status] += 1
            if expected is not None:
                counts["expected"] += 1
                counts["as expected"] += result.status == expected.get("status")
            codes.update(f.code for f in result.findings if f.severity == "error")
            if result.status == "review":
                queue.append(result, content)
        top = ", ".join(f"{code} {n}" for code, n in codes.most_common(4)) or "-"
        print(f"{doc_type:<24} {len(paths):>5} {counts['pass']:>5} {counts['review']:>7}  {top}")
        totals.update(counts)
    print(f"{'total':<24} {totals['pass'] + totals['review']:>5} {totals['pass']:>5} {totals['review']:>7}")
    print(f"verdicts as the cases were written to give: {totals['as expected']} of {totals['expected']}")
    print(f"documents for review: {queue_path} (identity numbers masked)")
    print(f"  see them with: ocrcheck review list --queue {queue_path}")
    return 0
