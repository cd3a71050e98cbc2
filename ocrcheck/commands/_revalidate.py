"""`ocrcheck batch --revalidate ARCHIVE... --out NEW.jsonl`: stored answers re-checked with
today's rules, each document once into a new results file, on a process pool or on Dask.

    ocrcheck batch --revalidate results.jsonl [more.jsonl] [ANSWER_STORE/] --out new.jsonl \\
        [--type TYPE] [--answers DIR] [--workers N | --dask ADDRESS|local] [--partition-size N] \\
        [--review-queue Q [--mask-pii]] [--history H] [--summary S] [--no-progress]

The INPUTs are results files of earlier runs (their answers read from `RESULTS.answers/`, or
`--answers DIR`) and/or answer stores on their own (these need `--type`). Nothing is sent to the
service. `--workers 1` checks in this process; more start a process pool; `--dask` runs on a
Dask cluster (`local`: one of `--workers` processes on this machine). Run the same command again
to resume. Ctrl-C once: no new partition is started, those in flight are written; twice: stop now.
Exit status as for `ocrcheck batch`: 0 every document passed, 1 something is in review or failed,
2 the command could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from typing import Any

from .._exceptions import InputError
from ..batch import Summary, revalidate
from ..batch._progress import Progress
from ..batch._revalidate import Backend, render

# Options of a run through the service that mean nothing to a re-validation (None: not given).
_SERVICE_ONLY = ("rpm", "model", "region", "base_url", "compatible_base_url", "price_in", "price_out")
_REVALIDATION_ONLY = ("workers", "dask", "partition_size")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--revalidate", action="store_true",
                        help="re-check stored answers with today's rules: the INPUTs are results files "
                             "and/or answer stores; nothing is sent")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="with --revalidate: worker processes (default: the CPUs; 1: this process)")
    parser.add_argument("--dask", metavar="ADDRESS", help="with --revalidate: run on this Dask scheduler "
                        "(tcp://host:8786), or 'local' for a local cluster of --workers processes")
    parser.add_argument("--partition-size", type=int, metavar="N",
                        help="with --revalidate: documents per task (default: a few per worker, 16-1000)")


def misused(args: argparse.Namespace) -> str | None:
    """Why these options do not go together, or None."""
    if not args.revalidate:
        given = [name for name in _REVALIDATION_ONLY if getattr(args, name) is not None]
        return f"--{given[0].replace('_', '-')} needs --revalidate" if given else None
    given = [name for name in _SERVICE_ONLY if getattr(args, name) is not None]
    if args.dry_run:
        given.append("dry_run")
    if args.via != "realtime":
        given.append("via")
    if given:
        return f"--{given[0].replace('_', '-')} means nothing to --revalidate (nothing is sent)"
    return None


class _Progress(Progress):
    def written(self, summary: Summary) -> None:
        if self._bar is None or self._task is None:
            return
        s = summary
        task = self._bar.tasks[0]
        rate = f"{task.speed:.0f} doc/s" if task.speed else ""
        moved = sum(s.changed.values())
        counts = (f"review {s.status.get('review', 0)}  failed {s.status.get('failed', 0)}  "
                  f"duplicate {s.codes.get('duplicate', 0)}  verdict changed {moved}")
        self._bar.update(self._task, completed=s.done + s.skipped, rate=rate, counts=counts)


def run_revalidation(args: argparse.Namespace) -> int:
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    backend: Backend = "dask" if args.dask is not None else "pool" if workers > 1 else "inline"
    progress = _Progress(sys.stderr, enabled=not args.no_progress and sys.stderr.isatty())
    stop = threading.Event()

    def interrupted(signum: int, frame: Any) -> None:
        stop.set()
        progress.note("stopping: no new partition is started; those in flight are written (Ctrl-C again to stop now)")
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        with progress:
            summary = revalidate(
                args.inputs, out=args.out, doc_type=args.doc_type, answers_dir=args.answers, history=args.history,
                review_queue=args.review_queue, mask_pii=args.mask_pii, backend=backend, workers=workers,
                scheduler=args.dask, partition_size=args.partition_size, on_start=progress.start,
                on_written=progress.written, stop=stop)
    finally:
        signal.signal(signal.SIGINT, previous)
    sys.stderr.write(render(summary) + "\n")
    if args.summary:
        fd = os.open(args.summary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(summary.to_dict(), handle, ensure_ascii=False, indent=2)
    return 0 if summary.clean else 1
