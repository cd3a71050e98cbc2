"""Archives for re-validation tests and benchmarks: a real `ocrcheck batch` run over a folder of
generated answer documents (train tickets, some defective, some the same ticket twice), and an
independent sequential reference of what re-checking them must give."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Collection
from pathlib import Path
from typing import Any

from ocrcheck import check_response
from ocrcheck.batch import DuplicateIndex, Engine, Stored, run_sync

from .conftest import TICKETS

TYPE = "cn_train_ticket"
VARIANTS = ("clean", "clean", "clean", "clean", "wrong_check_digit", "bad_train_number", "impossible_date",
            "same_stations", "unknown_label")


def make_answers(folder: Path, count: int, *, seed: int = 12) -> list[Path]:
    """`count` answer documents; about one ticket number in eight is used twice."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    variants = {name: json.loads((TICKETS / f"{name}.fields.json").read_text(encoding="utf-8")) for name in VARIANTS}
    paths = []
    for index in range(count):
        number = rng.randrange(count * 7 // 8 + 1)
        fields = {**variants[rng.choice(VARIANTS)], "车票号": f"E{number:06d}"}
        path = folder / f"{index:05d}.json"
        path.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def make_archive(root: Path, count: int, *, seed: int = 12) -> Path:
    """The results file of a real batch run over `count` answer documents."""
    make_answers(root / "answers", count, seed=seed)
    archive = root / "archive.jsonl"
    run_sync([str(root / "answers")], doc_type=TYPE, out=archive)
    return archive


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def whole_records(path: Path) -> list[dict[str, Any]]:
    """The records of a results file a kill may have torn: torn lines skipped, as the reader does."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


def verdicts(path: Path) -> dict[str, tuple[Any, ...]]:
    """key → (status, fields, findings) of the last record of each key."""
    out = {}
    for record in whole_records(path):
        out[record["key"]] = (record["status"], record["fields"], record["findings"])
    return out


def sequential(archive: Path, *, later: Collection[str] = ()) -> dict[str, tuple[Any, ...]]:
    """What re-checking the archive must give, computed the plain way: each answer read and
    checked in archive order through `check_response`, duplicates by `DuplicateIndex.check`.
    `later`: keys of documents judged after all the others (a rerun redid them)."""
    index = DuplicateIndex()
    out = {}
    ordered = records(archive)
    for record in [r for r in ordered if r["key"] not in later] + [r for r in ordered if r["key"] in later]:
        text = Path(record["path"]).read_text(encoding="utf-8")
        result = index.check(check_response(text, record["doc_type"], source=record["source"]))
        findings = [f.model_dump(mode="json", exclude_none=True) for f in result.findings]
        out[record["key"]] = (result.status, result.fields, findings)
    return out


class Crashing(Engine):
    """Kills its worker process (as the out-of-memory killer would) on the document named by
    $OCRCHECK_TEST_CRASH: every time, or only until the marker file $OCRCHECK_TEST_CRASH_ONCE
    exists (it is made just before the first crash). Configured from the environment in the
    driver; the settings travel to the workers as instance attributes (a cluster's workers may
    have started before the test set them)."""

    def __init__(self, doc_types: Any, hash_key: bytes) -> None:
        super().__init__(doc_types, hash_key)
        self.target = os.environ["OCRCHECK_TEST_CRASH"]
        self.once = os.environ.get("OCRCHECK_TEST_CRASH_ONCE")
        self.driver = os.getpid()  # never this process: it runs the test

    def check(self, stored: Stored, raw: Any) -> Any:
        if stored.source == self.target and os.getpid() != self.driver:
            if self.once is None:
                os._exit(70)
            if not os.path.exists(self.once):
                Path(self.once).touch()
                os._exit(70)
        return super().check(stored, raw)
