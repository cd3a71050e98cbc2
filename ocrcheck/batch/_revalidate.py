"""`ocrcheck.batch.revalidate`: an archive of stored answers re-checked with today's rules.

The driver reads the archive (`_archive`), skips documents already in the new results file (a
rerun resumes), ships the rules once to each worker (`Engine`) and cuts the rest into partitions
of `partition_size` documents. Workers load each stored answer and check it; the driver writes
each partition's records in one append (`ResultsFile.append_lines`), so every document ends in
the new results file exactly once, whatever the backend:

- `inline`: this process, no worker (the baseline, and what a debugger wants);
- `pool` (the default): a `ProcessPoolExecutor` of `workers` processes (`_pool`), partitions
  written in archive order as they come back;
- `dask`: a Dask Bag on a `distributed` cluster (`ocrcheck.batch.dask`), duplicates found by
  `foldby` before anything is written (so a run stopped before the fold writes nothing; the
  next one does it all).

Duplicates are decided exactly as a single-machine run decides them, in archive order: a
document is a duplicate of the first document with its identity, where documents of the history
file come first, then those already in the new results file, then the archive's. In-order
partitions can claim identities as they are written; Dask folds the earliest document of every
identity on the cluster first, which gives the same answer in any write order.

A partition whose worker raises or dies is tried again (`retries`); after that its documents are
written `failed` with the reason, and the next run tries them again. Never lost, never twice.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from .._exceptions import InputError
from ..review_queue import ReviewQueue
from ._archive import MissingAnswer, load, read_archive
from ._duplicates import DuplicateIndex, duplicate_finding, result_of
from ._engine import Checked, Engine, Stored
from ._results import FINAL, ResultsFile, encode
from ._run import Summary

Backend = Literal["inline", "pool", "dask"]
Callback = Callable[[dict[str, Any]], None]
BACKENDS = ("inline", "pool", "dask")


def check_partition(engine: Engine, items: list[Stored]) -> list[Checked]:
    """What a worker does with one partition: load each stored answer, check it. One document's
    trouble (its answer missing, or a bug) is that document's `failed` record, never the partition's."""
    out = []
    for stored in items:
        try:
            if stored.carried is not None:
                out.append(engine.carry(stored))
            else:
                out.append(engine.check(stored, load(stored)))
        except MissingAnswer as error:
            out.append(engine.failed(stored, str(error)))
        except Exception as error:
            out.append(engine.failed(stored, f"re-check failed on the worker: {type(error).__name__}: {error}"[:600]))
    return out


class Writer:
    """The driver's side: duplicates, the review queue, one append per partition, the summary."""

    def __init__(self, out: ResultsFile, index: DuplicateIndex, summary: Summary, engine: Engine, *,
                 queue: ReviewQueue | None = None, on_result: Callback | None = None,
                 on_written: Callable[[Summary], None] | None = None) -> None:
        self.out = out
        self.index = index
        self.summary = summary
        self.engine = engine
        self.queue = queue
        self.on_result = on_result
        self.on_written = on_written

    def merge(self, firsts: Mapping[str, tuple[int, str, str]]) -> None:
        """The earliest document of each identity among those checked now (Dask's fold): it
        becomes the first unless the history file or the results file already had one."""
        held: list[dict[str, Any]] = []
        for digest, (_, source, doc_type) in sorted(firsts.items(), key=lambda item: item[1][0]):
            if self.index.seen(digest) is None:
                self.index.claim(digest, source, doc_type, held)
        self.index.write_history(held)

    def write(self, part: list[Checked], items: list[Stored]) -> None:
        """One partition's records (`items` the documents they are of, in the same order)."""
        lines: list[bytes] = []
        briefs: list[tuple[dict[str, Any], bytes]] = []
        held: list[dict[str, Any]] = []
        for checked, stored in zip(part, items, strict=True):
            line, brief = checked.line, checked.brief
            if checked.digest is not None:
                first = self.index.claim(checked.digest, checked.source, str(brief["doc_type"]), held)
                if first is not None:
                    line, brief = _marked(checked, first)
            if self.queue is not None and brief["status"] == "review" and stored.carried is None:
                self._queue(line, stored)  # before the record, as `ocrcheck batch` does
            lines.append(line)
            briefs.append((brief, line))
        self.index.write_history(held)  # one sync per partition, not one per identity
        self.out.append_lines(lines)
        for brief, line in briefs:
            self.summary.add(brief)
            previous = brief.get("previous")
            if previous is not None and previous != brief["status"]:
                self.summary.changed[f"{previous}→{brief['status']}"] += 1
            if self.on_result is not None:
                self.on_result(json.loads(line))
        if self.on_written is not None:
            self.on_written(self.summary)

    def _queue(self, line: bytes, stored: Stored) -> None:
        assert self.queue is not None
        record = json.loads(line)
        try:
            raw = load(stored)  # read again here: workers do not ship answers back
        except MissingAnswer:
            raw = None
        entry = {k: record.get(k) for k in ("source", "doc_type", "status", "fields", "findings")}
        self.queue.append(entry, raw)  # the same document and answer again is the same entry

    def failed(self, part: list[Stored], reason: str) -> None:
        self.write([self.engine.failed(stored, reason) for stored in part], part)


def _marked(checked: Checked, first: str) -> tuple[bytes, dict[str, Any]]:
    record = json.loads(checked.line)
    finding = duplicate_finding(checked.what, list(checked.fields), first)
    record["findings"] = [*record["findings"], finding.model_dump(mode="json", exclude_none=True)]
    record["status"] = "review"
    brief = {**checked.brief, "status": "review",
             "findings": [*checked.brief["findings"], {"code": "duplicate", "severity": "error"}]}
    return encode(record), brief


def _partitions(items: list[Stored], size: int) -> list[list[Stored]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _default_partition_size(count: int, workers: int) -> int:
    # Several partitions per worker (balance), each big enough that shipping it costs little.
    return max(16, min(1000, count // (workers * 4) or 1))


def revalidate(
    archive: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    out: str | os.PathLike[str],
    doc_type: str | None = None,
    answers_dir: str | os.PathLike[str] | None = None,
    history: str | os.PathLike[str] | None = None,
    backend: Backend = "pool",
    workers: int | None = None,
    scheduler: Any = None,
    partition_size: int | None = None,
    retries: int = 2,
    review_queue: str | os.PathLike[str] | None = None,
    mask_pii: bool = False,
    engine_class: type[Engine] = Engine,
    on_result: Callback | None = None,
    on_written: Callable[[Summary], None] | None = None,
    on_start: Callable[[Summary], None] | None = None,
    stop: threading.Event | None = None,
) -> Summary:
    """Re-check every stored answer of `archive` into `out`, each document exactly once.

    `archive`: results files of `ocrcheck batch` and/or answer stores (directories; these need
    `doc_type`). `doc_type` checks every document as that type (default: the type each record
    was judged as). `backend="dask"` runs on `scheduler` (a `distributed.Client`, a scheduler
    address, or None / "local" for a local cluster of `workers` processes). `engine_class`: an
    `Engine` subclass (checks of your own after ours, say); it is pickled to the workers.
    `review_queue`: documents now in review are appended to it (idempotent: a document and answer
    already queued are not queued twice). `on_result` gets each new record once it is written,
    `on_written` the summary after each partition; `stop` (set from another thread, or a
    signal handler) starts no new partition and writes those in flight.
    """
    if backend not in BACKENDS:
        raise InputError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise InputError(f"workers must be at least 1, got {workers}")
    if partition_size is not None and partition_size < 1:
        raise InputError(f"partition_size must be at least 1, got {partition_size}")
    if retries < 0:
        raise InputError(f"retries must be at least 0, got {retries}")
    if backend == "dask":
        from .dask import require

        require()
    inputs = [os.fspath(archive)] if isinstance(archive, str | os.PathLike) else [os.fspath(a) for a in archive]
    results = ResultsFile(out)
    if any(os.path.abspath(given) == os.path.abspath(results.path) for given in inputs):
        raise InputError("the new results file must not be the archive: give another --out")
    stored = read_archive(inputs, doc_type=doc_type, answers_dir=answers_dir)
    results.check_writable()
    prior = results.read()
    done = prior.done()
    index = DuplicateIndex(os.fspath(history) if history is not None else None)
    for record in prior.latest.values():
        # Documents already written come before those checked now. Duplicates are not firsts:
        # their first is written too (or in the history), and their own identity is masked by
        # the `duplicate` finding on the field it rests on.
        if record.get("status") in FINAL and (earlier := result_of(record)) is not None \
                and not any(f.code == "duplicate" for f in earlier.findings):
            index.remember(earlier)
    summary = Summary(total=len(stored))
    todo = []
    for item in stored:
        if item.key in done:
            summary.skipped += 1
            summary.prior[str(prior.latest[item.key].get("status"))] += 1
        else:
            todo.append(item)
    engine = engine_class({s.doc_type for s in todo}, index.key)
    queue = None
    if review_queue is not None:
        names = {name for t in engine.types.values() for name in t.pii_fields}
        queue = ReviewQueue(review_queue, mask_pii=mask_pii, pii_fields=names)
        queue.key()  # an unusable queue path fails here, before any document
    writer = Writer(results, index, summary, engine, queue=queue, on_result=on_result, on_written=on_written)
    stop = stop or threading.Event()
    if on_start is not None:
        on_start(summary)
    parts = _partitions(todo, partition_size or _default_partition_size(len(todo), workers))
    if not parts:
        pass  # nothing left to check: no pool, no cluster
    elif backend == "inline":
        for part in parts:
            if stop.is_set():
                break
            writer.write(check_partition(engine, part), part)
    elif backend == "pool":
        from ._pool import Pool

        Pool(engine, parts, writer, workers=workers, retries=retries, stop=stop).run()
    else:
        from .dask import run_dask

        run_dask(engine, parts, writer, scheduler=scheduler, workers=workers, retries=retries, stop=stop)
    if stop.is_set() and summary.stopped is None:
        summary.stopped = "interrupted"
    return summary


def render(summary: Summary) -> str:
    """The closing summary of a re-validation (no tokens: nothing was sent)."""
    s = summary
    before = f" ({', '.join(f'{k} {v}' for k, v in sorted(s.prior.items()))})" if s.prior else ""
    lines = [f"documents {s.total}: {s.done} re-checked now, {s.skipped} already in the results file{before}",
             "status    " + ("  ".join(f"{k} {v}" for k, v in sorted(s.status.items())) or "-")]
    if s.changed:
        lines.append("changed   " + "  ".join(f"{k} {v}" for k, v in s.changed.most_common()))
    if s.doc_types:
        lines.append("types     " + "  ".join(f"{k} {v}" for k, v in sorted(s.doc_types.items())))
    if s.codes:
        lines.append("findings  " + "  ".join(f"{k} {v}" for k, v in s.codes.most_common()))
    if s.stopped:
        left = s.total - s.done - s.skipped
        lines.append(f"stopped   {s.stopped}; {left} documents not re-checked: run the same command again to go on")
    return "\n".join(lines)
