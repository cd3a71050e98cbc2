"""`ocrcheck batch INPUT... --type TYPE --out results.jsonl`: an audit run, exactly once.

    ocrcheck batch scans/ more.pdf @list.txt --type cn_vat_invoice --out results.jsonl \\
        [--review-queue Q] [--history H] [--summary summary.json] [--concurrency N] [--rpm N] \\
        [--model M] [--api native|chat] [--answers DIR] [--price-in X --price-out Y] [--dry-run] \\
        [--via realtime|batch-api [--batch-requests N] [--batch-bytes N] [--poll-every S] [--no-wait]]
    ocrcheck batch --revalidate results.jsonl --out new.jsonl [--workers N | --dask ADDRESS|local]
    ocrcheck batch scans/ --task table_parsing [--to csv|json|html] --out tables.jsonl

`--task TASK` runs another built-in task instead of extraction and records each answer in its
normalised form (what `ocrcheck scan --task` prints); the task is part of each document's key,
so the same folder asked for another task is new work, resumed on its own.

Folders are read recursively; images and PDFs go to the service, `.json` answers are checked
directly. Run the same command again to resume: documents already judged are skipped, `failed`
ones are tried again. Ctrl-C once: no new document is started, those in flight finish and are
stored; twice: stop now (in-flight documents are redone next time, their answers paid only once
when they had arrived). A live progress line goes to standard error on a terminal, the summary to
standard error at the end. `--via batch-api` sends the requests through the service's Batch API
instead: half the price, answers within 24 hours; the run waits and polls (or, with `--no-wait`,
submits and exits), and running it again collects the batches it submitted, never submitting them
twice. `--revalidate` re-checks the stored answers of earlier runs with today's rules instead
(see `_revalidate`). Exit status: 0 every document passed, 1 something went to review or
failed or the run stopped early, 2 the command could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
from typing import Any

from .._exceptions import InputError
from ..batch import Summary, dry_run, run, run_via_api
from ..batch._progress import Progress, render_summary
from ..client import TASKS, PollPolicy
from ..client._batch_api import MAX_FILE_BYTES, MAX_REQUESTS
from ..normalise.tasks import ALL_FORMS
from ._lang import add_lang
from ._revalidate import add_arguments as add_revalidation_arguments
from ._revalidate import misused, run_revalidation
from .check import add_judging_options, judging_options


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("batch", help="an audit run: folders in, each document judged exactly once")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="folders, files, @list files, or - (paths on stdin)")
    parser.add_argument("--type", "-t", dest="doc_type",
                        help="document type id (or give --task; with --revalidate: check every document as this type)")
    parser.add_argument("--task", choices=TASKS, help="another built-in task: record its normalised output")
    parser.add_argument("--to", choices=ALL_FORMS, help="--task output form (as `ocrcheck scan --task --to`)")
    parser.add_argument("--out", "-o", required=True, metavar="RESULTS", help="results file (JSON Lines), resumed")
    parser.add_argument("--review-queue", "-q", metavar="PATH", help="append documents for review to this queue")
    parser.add_argument("--mask-pii", action="store_true", help="mask identity numbers in the review queue")
    add_judging_options(parser)
    parser.add_argument("--history", metavar="PATH", help="duplicates across runs: keyed hashes of documents seen")
    parser.add_argument("--summary", metavar="PATH", help="write the summary as JSON here")
    parser.add_argument("--concurrency", "-j", type=int, default=4, metavar="N", help="documents in flight (4)")
    parser.add_argument("--rpm", type=float, help="requests per minute at most (the account's RPM quota)")
    parser.add_argument("--model", "-m", help="model (default qwen3.5-ocr, or $OCRCHECK_MODEL)")
    parser.add_argument("--api", choices=("native", "chat"), default="native", help="wire form (default native)")
    parser.add_argument("--pdf", choices=("pages", "responses"), default="pages", help="PDF page by page (default)")
    parser.add_argument("--answers", metavar="DIR", help="answer store (default RESULTS.answers): never pay twice")
    parser.add_argument("--region", help="beijing, singapore or virginia (or $OCRCHECK_REGION)")
    parser.add_argument("--base-url", help="service root (or $OCRCHECK_BASE_URL)")
    parser.add_argument("--compatible-base-url", help="any OpenAI-compatible server")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request (default 120)")
    parser.add_argument("--price-in", type=float, help="price per million input tokens, for the cost estimate")
    parser.add_argument("--price-out", type=float, help="price per million output tokens")
    parser.add_argument("--dry-run", action="store_true", help="preflight and estimate tokens and cost; send nothing")
    parser.add_argument("--no-progress", action="store_true", help="no live progress line")
    add_lang(parser)
    parser.add_argument("--via", choices=("realtime", "batch-api"), default="realtime",
                        help="realtime requests (default) or the Batch API: half price, answers within 24 hours")
    parser.add_argument("--batch-requests", type=int, default=MAX_REQUESTS, metavar="N",
                        help=f"requests per batch file at most (default {MAX_REQUESTS:,})")
    parser.add_argument("--batch-bytes", type=int, default=MAX_FILE_BYTES, metavar="N",
                        help=f"bytes per batch file at most (default {MAX_FILE_BYTES >> 20} MB)")
    parser.add_argument("--poll-every", type=float, default=10.0, metavar="S",
                        help="seconds before the first status read; the wait grows to 2 minutes (default 10)")
    parser.add_argument("--no-wait", action="store_true",
                        help="with --via batch-api: submit, read the status once and exit; run again to collect")
    add_revalidation_arguments(parser)
    parser.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    problem = misused(args)
    if problem is not None:
        raise InputError(problem)
    if args.task is not None and args.revalidate:
        raise InputError("--task means nothing to --revalidate (it re-checks stored extraction answers)")
    if args.revalidate:
        if args.as_of or args.policy:  # not silently ignored: the workers' engine takes neither yet
            raise InputError("--as-of and --policy do not apply to --revalidate yet (it judges as of today, "
                             "with the rule files)")
        if args.lang != "en":  # the workers' records are written as they come: in English, for now
            raise InputError("--lang applies to runs through the service; --revalidate writes English messages")
        return run_revalidation(args)
    if args.doc_type is None and args.task is None:
        raise InputError("batch: --type is required (a document type id, or auto), or --task for a built-in task")
    if args.doc_type is not None and args.task is not None:
        raise InputError("give exactly one of --type (extraction and checks) or --task")
    if args.task is not None and (args.review_queue or args.mask_pii or args.history):
        raise InputError("--review-queue, --mask-pii and --history apply to --type; --task records its output")
    if args.task is None and args.to is not None:
        raise InputError("--to applies to --task output")
    if args.concurrency < 1:
        raise InputError(f"--concurrency must be at least 1, got {args.concurrency}")
    if args.rpm is not None and args.rpm <= 0:
        raise InputError(f"--rpm must be positive, got {args.rpm}")
    if args.batch_requests < 1 or args.batch_bytes < 1 or args.poll_every <= 0:
        raise InputError("--batch-requests, --batch-bytes and --poll-every must be positive")
    judging = judging_options(args)  # a bad --as-of exits 2 before anything is read
    if args.dry_run:
        return dry_run(args.inputs, doc_type=args.doc_type, task=args.task, model=args.model,
                       price_in=args.price_in, price_out=args.price_out, out=sys.stdout, via=args.via,
                       max_requests=args.batch_requests, max_file_bytes=args.batch_bytes)
    client_options = {"region": args.region, "base_url": args.base_url,
                      "compatible_base_url": args.compatible_base_url, "timeout": args.timeout}
    progress = Progress(sys.stderr, enabled=not args.no_progress and sys.stderr.isatty())
    summary = asyncio.run(_run(args, client_options, progress, judging))
    sys.stderr.write(render_summary(summary) + "\n")
    if args.summary:
        fd = os.open(args.summary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(summary.to_dict(), handle, ensure_ascii=False, indent=2)
    return 0 if summary.clean else 1


async def _run(args: argparse.Namespace, client_options: dict[str, Any], progress: Progress,
               judging: dict[str, Any]) -> Summary:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    presses = {"n": 0}

    def interrupted() -> None:
        presses["n"] += 1
        if presses["n"] == 1:
            stop.set()
            progress.note("stopping: no new document is started; those in flight finish and are stored; "
                          "batches submitted keep running and are collected next run (Ctrl-C again to stop now)"
                          if args.via == "batch-api" else
                          "stopping: no new document is started; those in flight finish and are stored "
                          "(Ctrl-C again to stop now)")
        else:
            for task in asyncio.all_tasks(loop):
                task.cancel()

    loop.add_signal_handler(signal.SIGINT, interrupted)
    try:
        with progress:
            if args.via == "batch-api":
                return await run_via_api(
                    args.inputs, doc_type=args.doc_type, out=args.out, review_queue=args.review_queue,
                    mask_pii=args.mask_pii, history=args.history, model=args.model, pdf=args.pdf,
                    answers_dir=args.answers, client_options=client_options, on_result=progress.advance,
                    on_start=progress.start, on_batch=lambda info: progress.note(_batch_line(info)), stop=stop,
                    price_in=args.price_in, price_out=args.price_out, max_requests=args.batch_requests,
                    max_file_bytes=args.batch_bytes, poll=PollPolicy(first=args.poll_every,
                                                                     maximum=max(args.poll_every, 120.0)),
                    wait=not args.no_wait, lang=args.lang, **judging)
            return await run(
                args.inputs, doc_type=args.doc_type, task=args.task, to=args.to, out=args.out,
                review_queue=args.review_queue,
                mask_pii=args.mask_pii, history=args.history, concurrency=args.concurrency,
                requests_per_minute=args.rpm, model=args.model, api=args.api, pdf=args.pdf,
                answers_dir=args.answers, client_options=client_options, on_result=progress.advance,
                on_start=progress.start, stop=stop, price_in=args.price_in, price_out=args.price_out,
                lang=args.lang, **judging)
    finally:
        loop.remove_signal_handler(signal.SIGINT)


def _batch_line(info: Any) -> str:
    counts = info.get("request_counts") or {}
    done = f", {counts.get('completed', 0)}/{counts.get('total', info.get('requests'))} answered" if counts else ""
    name = info.get("batch_id") or "(not created)"
    return f"batch {name}: {info.get('status')} ({info.get('requests')} requests{done})"
