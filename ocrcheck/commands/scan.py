"""`ocrcheck scan --type TYPE FILE...`: preflight → service → parse → check, printed and routed
exactly like `ocrcheck check` (same formats, exit codes and review queue).

Every file is preflighted before the first request, so a bad input costs nothing and stops the
command (exit 2). A refused key or an unpaid account stops it too; any other service error
after retries sends that document to review (`unparseable`), so no document is lost silently.
`--task` runs another built-in task and prints its output instead of checking fields.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any

from .._exceptions import ApiError, InputError
from .._models import Result
from ..client import TASKS, Call, OcrClient, build_request, plan_calls, stops_batch


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("scan", help="send images or PDFs to Qwen-OCR and check the answers")
    parser.add_argument("--type", "-t", dest="doc_type", help="document type id (extraction + checks)")
    parser.add_argument("--task", choices=TASKS, help="run another built-in task and print its output")
    parser.add_argument("--prompt", help="a prompt of your own, sent with the image")
    parser.add_argument("--model", "-m", help="model (default qwen3.5-ocr, or $OCRCHECK_MODEL)")
    parser.add_argument("--api", choices=("native", "chat"), default="native", help="wire form (default native)")
    parser.add_argument("--pdf", choices=("pages", "responses"), default="pages",
                        help="PDF page by page (default) or whole through the Responses API (qwen3.5-ocr)")
    parser.add_argument("--region", help="beijing, singapore or virginia (or $OCRCHECK_REGION)")
    parser.add_argument("--base-url", help="service root, e.g. a workspace domain (or $OCRCHECK_BASE_URL)")
    parser.add_argument("--compatible-base-url", help="any OpenAI-compatible server, e.g. http://host:8000/v1")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request (default 120)")
    parser.add_argument("--enable-rotate", action="store_true", help="let the service straighten skewed images")
    parser.add_argument("--min-pixels", type=int)
    parser.add_argument("--max-pixels", type=int)
    parser.add_argument("--max-tokens", type=int)
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    parser.add_argument("--review-queue", "-q", metavar="PATH", help="append documents for review to this queue")
    parser.add_argument("--mask-pii", action="store_true", help="mask identity numbers in the review queue")
    parser.add_argument("files", nargs="+", metavar="FILE", help="image or PDF files, or http(s) URLs")
    parser.set_defaults(func=run)


def _client(args: argparse.Namespace) -> OcrClient:
    return OcrClient(region=args.region, base_url=args.base_url, compatible_base_url=args.compatible_base_url,
                     model=args.model, api=args.api, timeout=args.timeout)


def _error_body(error: ApiError) -> dict[str, Any]:
    """The service's error, kept as the document's raw answer so the parser reports it."""
    return {"code": error.code or "ApiError", "message": error.message, "request_id": error.request_id}


def _answers(client: OcrClient, calls: list[Call]) -> Iterator[tuple[Call, Any]]:
    for call in calls:
        try:
            yield call, client.send(call).raw
        except ApiError as error:
            if stops_batch(error):
                raise
            yield call, _error_body(error)


def _label(call: Call) -> str:
    return call.source


def run(args: argparse.Namespace) -> int:
    if (args.doc_type is None) == (args.task is None):
        raise InputError("give exactly one of --type (extraction and checks) or --task")
    if args.doc_type is not None:
        from ..doctypes import get_doctype

        get_doctype(args.doc_type)  # unknown type: exit 2 before any request
    options = {"enable_rotate": True if args.enable_rotate else None, "min_pixels": args.min_pixels,
               "max_pixels": args.max_pixels, "max_tokens": args.max_tokens, "prompt": args.prompt}
    request = build_request(doc_type=args.doc_type, task=args.task, **options)
    with _client(args) as client:
        calls = [call for name in args.files
                 for call in plan_calls(client.config, name, request, api=args.api, pdf=args.pdf)]
        if args.task is not None:
            return _print_task_output(_answers(client, calls), args.format)
        from ..pipeline import check_response
        from .check import emit_results

        def results() -> Iterator[tuple[Result, Any]]:
            for call, raw in _answers(client, calls):
                yield check_response(raw, args.doc_type, source=_label(call)), raw

        return emit_results(results(), args.format, args.review_queue, mask_pii=args.mask_pii)


def _print_task_output(answers: Iterator[tuple[Call, Any]], fmt: str) -> int:
    from ..parse import parse_response

    status = 0
    for call, raw in answers:
        extraction = parse_response(raw)
        failed = extraction.truncated or extraction.wire_format == "error"
        status = 1 if failed else status
        if fmt == "json":
            record = {"source": _label(call), "text": extraction.text, "words": extraction.words,
                      "finish_reason": extraction.finish_reason, "request_id": extraction.request_id,
                      "usage": extraction.usage, "findings": [f.model_dump(mode="json") for f in extraction.findings]}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"== {_label(call)}{' (REVIEW: ' + extraction.findings[0].code + ')' if failed else ''}\n")
            sys.stdout.write(extraction.text + "\n")
        sys.stdout.flush()
    return status
