"""Archive re-validation throughput: the same archive re-checked in this process (the sequential
baseline), on a process pool and on a local Dask cluster of 1, 2 and 4 workers.

Run with `make bench`. The archive is the results file of a real `ocrcheck batch` run over
generated answer documents (train tickets, some defective, some the same ticket twice). Figures
are documents per second, wall clock, end to end, the best of two runs: reading the archive,
starting the pool's processes (not the Dask cluster, which a user keeps running: started and
warmed apart, its start printed), checking, finding duplicates and writing the new results file.
Only counts are asserted. Mind the machine: with fewer free cores than workers, more workers
cannot go faster.
"""

from __future__ import annotations

import importlib
import os
import time
from pathlib import Path

from ocrcheck.batch import revalidate

from ..batch.archive import make_archive, verdicts

DOCUMENTS = 3000
WORKERS = (1, 2, 4)
RUNS = 2


def _timed(archive: Path, out: Path, **options: object) -> tuple[float, float]:
    """(wall seconds, seconds until the first records were written): the best of `RUNS` runs,
    each into a fresh results file (the machine is shared: the best run is the least disturbed)."""
    best = (float("inf"), 0.0)
    for run in range(RUNS):
        target = out.with_suffix(f".{run}.jsonl")
        written: list[float] = []
        start = time.perf_counter()
        summary = revalidate(archive, out=target, on_written=lambda _, w=written: w.append(time.perf_counter()),
                             **options)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - start
        assert summary.done == DOCUMENTS
        best = min(best, (elapsed, written[0] - start))
    return best


def test_bench_revalidate_pool_and_dask(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    archive = make_archive(tmp_path, DOCUMENTS)
    rows: list[tuple[str, int, tuple[float, float], str]] = []
    timing = _timed(archive, tmp_path / "inline.jsonl", backend="inline")
    baseline = timing[0]
    rows.append(("in-process, sequential", 1, timing, ""))
    expected = verdicts(tmp_path / "inline.0.jsonl")
    for workers in WORKERS:
        out = tmp_path / f"pool-{workers}.jsonl"
        rows.append(("process pool", workers, _timed(archive, out, backend="pool", workers=workers), ""))
        assert verdicts(out.with_suffix(".0.jsonl")) == expected
    for workers in WORKERS:
        started = time.perf_counter()
        with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(importlib.import_module, "ocrcheck.batch._revalidate")  # a kept cluster is warm
            ready = time.perf_counter() - started
            out = tmp_path / f"dask-{workers}.jsonl"
            rows.append(("dask, local cluster", workers,
                         _timed(archive, out, backend="dask", scheduler=client), f"cluster start {ready:.1f} s"))
        assert verdicts(out.with_suffix(".0.jsonl")) == expected
    print()
    print(f"re-validation of an archive of {DOCUMENTS} stored answers (cn_train_ticket), "
          f"{os.cpu_count()} CPUs seen, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'backend':<24} {'workers':>7} {'wall s':>8} {'docs/s':>8} {'vs sequential':>13} "
          f"{'1st write s':>11}  note")
    for name, workers, (elapsed, first), note in rows:
        rate, speedup = DOCUMENTS / elapsed, baseline / elapsed
        print(f"{name:<24} {workers:>7} {elapsed:>8.2f} {rate:>8.0f} {speedup:>12.2f}x {first:>11.2f}  {note}")
