"""`ocrcheck scan --type TYPE FILE...`: preflight → service → parse → check, printed and routed
exactly like `ocrcheck check` (same formats, exit codes and review queue).

`--task TASK` runs another built-in task and prints its normalised output instead: tables as
`ocrcheck table` does, LaTeX as `ocrcheck latex`, located words as `ocrcheck boxes`, text as is.

Batch semantics (design.md, Service facts): a file refused at preflight and a document the
service refuses (`InvalidParameter`, `DataInspectionFailed`, retries run out) each become a review
entry with an `unparseable` finding, and the batch goes on; a refused key (`InvalidApiKey`) or an
unpaid account (`Arrearage`) stops the batch at once (exit 2), sending nothing more. A usage
error (unknown type or task, a bad option, no API key) exits 2 before anything is sent.
`--concurrency N` sends N documents at a time (AsyncOcrClient) and still prints in input order;
`--cache-dir` (or $OCRCHECK_CACHE_DIR) keeps answers so a re-run never pays twice.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import sys
from collections.abc import AsyncGenerator, Iterator
from typing import Any

from .._exceptions import ApiError, InputError
from .._models import Result
from ..client import (
    TASKS,
    AsyncOcrClient,
    BatchItem,
    OcrClient,
    OcrRequest,
    build_request,
    iterate_in_thread,
    resolve_config,
    run_batch,
    run_batch_async,
)
from ._lang import add_lang
from ._scan_output import ALL_FORMS, emit_task_items, error_body, error_finding, output_form
from .check import add_judging_options, judging_options


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("scan", help="send images or PDFs to Qwen-OCR and check the answers")
    parser.add_argument("--type", "-t", dest="doc_type", help="document type id (extraction + checks)")
    parser.add_argument("--task", choices=TASKS, help="run another built-in task and print its normalised output")
    parser.add_argument("--to", choices=ALL_FORMS,
                        help="--task output form: csv|json|html (table_parsing), latex|compact|text (LaTeX tasks)")
    parser.add_argument("--prompt", help="a prompt of your own, sent with the image")
    parser.add_argument("--model", "-m", help="model (default qwen3.5-ocr, or $OCRCHECK_MODEL)")
    parser.add_argument("--api", choices=("native", "chat"), default="native", help="wire form (default native)")
    parser.add_argument("--pdf", choices=("pages", "responses"), default="pages",
                        help="PDF page by page (default) or whole through the Responses API (qwen3.5-ocr)")
    parser.add_argument("--region", help="beijing, singapore or virginia (or $OCRCHECK_REGION)")
    parser.add_argument("--base-url", help="service root, e.g. a workspace domain (or $OCRCHECK_BASE_URL)")
    parser.add_argument("--compatible-base-url", help="any OpenAI-compatible server, e.g. http://host:8000/v1")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request (default 120)")
    parser.add_argument("--concurrency", "-j", type=int, default=1, metavar="N",
                        help="documents in flight at once (default 1); output stays in input order")
    parser.add_argument("--cache-dir", metavar="DIR",
                        help="keep answers here and never pay twice for one request (or $OCRCHECK_CACHE_DIR)")
    parser.add_argument("--no-cache", action="store_true", help="ignore $OCRCHECK_CACHE_DIR")
    parser.add_argument("--enable-rotate", action="store_true", help="let the service straighten skewed images")
    parser.add_argument("--min-pixels", type=int)
    parser.add_argument("--max-pixels", type=int)
    parser.add_argument("--max-tokens", type=int)
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    add_lang(parser)
    parser.add_argument("--review-queue", "-q", metavar="PATH", help="append documents for review to this queue")
    parser.add_argument("--mask-pii", action="store_true", help="mask identity numbers in the review queue")
    add_judging_options(parser)
    parser.add_argument("files", nargs="+", metavar="FILE", help="image or PDF files, or http(s) URLs; - reads stdin")
    parser.set_defaults(func=run)


def _client_options(args: argparse.Namespace) -> dict[str, Any]:
    return {"region": args.region, "base_url": args.base_url, "compatible_base_url": args.compatible_base_url,
            "model": args.model, "api": args.api, "timeout": args.timeout,
            "cache_dir": False if args.no_cache else args.cache_dir}


def _items(args: argparse.Namespace, request: OcrRequest) -> Iterator[BatchItem]:
    """The batch's items in input order, one document at a time or N at once."""
    options = _client_options(args)
    if args.concurrency == 1:
        with OcrClient(**options) as client:
            yield from run_batch(client, args.files, request, api=args.api, pdf=args.pdf)
        return

    async def produce() -> AsyncGenerator[BatchItem, None]:
        async with AsyncOcrClient(**options, max_concurrency=args.concurrency) as client:
            async for item in run_batch_async(client, args.files, request, api=args.api, pdf=args.pdf,
                                              concurrency=args.concurrency):
                yield item

    yield from iterate_in_thread(produce)


def _stdin_named(items: Iterator[BatchItem]) -> Iterator[BatchItem]:
    for item in items:
        if item.source.startswith("<bytes>"):  # also "<bytes>#page=2" for a PDF
            item = dataclasses.replace(item, source="<stdin>" + item.source[len("<bytes>"):])
        yield item


def _until_stopped(items: Iterator[BatchItem]) -> Iterator[BatchItem]:
    """Pass items on; at one that stops the batch, raise its error in one clear line (exit 2)."""
    for item in items:
        if item.stops_batch and isinstance(item.error, ApiError):
            error = item.error
            raise type(error)(f"{error.message}; batch stopped at {item.source}, no later file was sent",
                              status_code=error.status_code, code=error.code, request_id=error.request_id)
        yield item


def _result(item: BatchItem, doc_type: str, options: dict[str, Any]) -> tuple[Result, Any]:
    """(checked result, raw answer for the review queue) of one item; `options`: `judging_options`."""
    if item.response is not None:
        from ..pipeline import check_response

        result = check_response(item.response.raw, doc_type, source=item.source, **options)
        if item.response.cached:
            result.meta["cached"] = True
        return result, item.response.raw
    assert item.error is not None  # a BatchItem has one or the other
    raw = error_body(item.error)
    meta = {"wire_format": "error", **({"request_id": raw["request_id"]} if raw.get("request_id") else {})}
    finding = error_finding(item.error)
    return Result(source=item.source, doc_type=doc_type, status="review", fields={}, findings=[finding],
                  meta=meta), raw


def run(args: argparse.Namespace) -> int:
    # Usage errors first: each of these exits 2 before any file is read or request sent.
    if (args.doc_type is None) == (args.task is None):
        raise InputError("give exactly one of --type (extraction and checks) or --task")
    if args.concurrency < 1:
        raise InputError(f"--concurrency must be at least 1, got {args.concurrency}")
    if args.doc_type is not None:
        from ..doctypes import get_doctype

        get_doctype(args.doc_type)
        if args.to is not None:
            raise InputError("--to applies to --task output; --type prints checked results")
    if args.task is not None and (args.review_queue or args.mask_pii or args.as_of or args.policy):
        raise InputError("--review-queue, --mask-pii, --as-of and --policy apply to --type; "
                         "--task prints normalised output")
    judging = judging_options(args) if args.doc_type is not None else {}
    to = output_form(args.task, args.to) if args.task is not None else None
    options = {"enable_rotate": True if args.enable_rotate else None, "min_pixels": args.min_pixels,
               "max_pixels": args.max_pixels, "max_tokens": args.max_tokens, "prompt": args.prompt}
    request = build_request(doc_type=args.doc_type, task=args.task, **options)
    config = resolve_config(region=args.region, base_url=args.base_url, model=args.model,
                            compatible_base_url=args.compatible_base_url, timeout=args.timeout)
    request.validate(config.model)
    if args.files.count("-") > 1:
        raise InputError("standard input (-) can be read only once")
    # The client takes bytes as a source; its items then say "<bytes>", shown here as "<stdin>".
    args.files = [sys.stdin.buffer.read() if f == "-" else f for f in args.files]
    items = _until_stopped(_stdin_named(_items(args, request)))
    if args.task is not None:
        headers = len(args.files) > 1 or (args.pdf == "pages" and any(
            f.lower().endswith(".pdf") if isinstance(f, str) else f.startswith(b"%PDF-") for f in args.files))
        return emit_task_items(items, args.task, to, args.format, headers=headers, lang=args.lang)
    from .check import emit_results

    doc_type: str = args.doc_type
    documents = ((item.source, functools.partial(_result, item, doc_type, judging)) for item in items)
    return emit_results(documents, args.format, args.review_queue, mask_pii=args.mask_pii, doc_type=doc_type,
                        lang=args.lang)
