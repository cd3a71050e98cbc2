"""`ocrcheck batch --via batch-api`: the same audit run through the service's Batch API, at half
the realtime price, answers within 24 hours.

1. Plan: each document not yet judged becomes its chat requests (the Batch API's endpoint is
   `/v1/chat/completions`), preflighted as in a realtime run. An answer already in the answer
   store is judged at once (nothing is sent); a request already waiting in a submitted batch is
   not sent again; the same image and request carried by two documents is one line.
2. Submit: lines are written to a request file on disk as they come; at 50,000 requests or the
   file-size limit the file is closed, recorded in the state file (`_api_state`), uploaded and
   its batch created, then the next one begins.
3. Poll every batch with backoff (`PollPolicy`) until each is finished; with `wait=False` (or
   Ctrl-C) the run stops after submitting and reading the status once, and the next run picks
   the batches up from the state file.
4. Collect: the output and error files are downloaded, each answer stored in the answer store,
   checked through the same path as a realtime answer (`check_response`, duplicates, review
   queue, the results file with `fdatasync`), each failed line recorded `failed` with its reason
   (tried again next run); only then is the submission removed from the state file. A run killed
   while collecting collects the same batch again next time and skips what it already recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TextIO

from .._exceptions import ApiError, InputError
from .._models import Result
from ..client import (
    AnswerCache,
    BatchApiClient,
    OcrRequest,
    PollPolicy,
    build_request,
    plan_calls,
    request_key,
    resolve_config,
)
from ..client._batch_api import MAX_FILE_BYTES, MAX_REQUESTS, TERMINAL, request_line
from ..client._config import ClientConfig
from ..client._core import Call, PdfMode, response_from_body
from ..client._errors import error_from_response, stops_batch
from ..doctypes import get_doctype
from ..pipeline import check_response
from ..policy import Policy
from ._api_state import PartFile, Submission, Submissions, output_lines
from ._inputs import Document, expand, kind_of
from ._results import document_key
from ._run import Callback, Summary, _answer_file, _failure, _Run, _source, fingerprint, judging_options

BatchCallback = Callable[[Mapping[str, Any]], None]
_CONFIG_KEYS = ("api_key", "region", "base_url", "compatible_base_url", "timeout")


class _Context:
    def __init__(self, state: _Run, store: Submissions, api: BatchApiClient, config: ClientConfig, model: str,
                 cache: AnswerCache, on_batch: BatchCallback | None, stop: asyncio.Event) -> None:
        self.state, self.store, self.api, self.config, self.model = state, store, api, config, model
        self.cache, self.on_batch, self.stop = cache, on_batch, stop
        self.waiting = store.keys()

    def tell(self, item: Submission, batch: Mapping[str, Any] | None = None) -> None:
        if self.on_batch is not None:
            counts = batch.get("request_counts") if batch is not None else None
            self.on_batch({"batch_id": item.get("batch_id"), "status": item.get("status"),
                           "requests": item.get("requests"), "request_counts": counts})


async def run_via_api(
    inputs: Iterable[str],
    *,
    doc_type: str,
    out: str | os.PathLike[str],
    review_queue: str | os.PathLike[str] | None = None,
    mask_pii: bool = False,
    history: str | os.PathLike[str] | None = None,
    model: str | None = None,
    pdf: PdfMode = "pages",
    answers_dir: str | os.PathLike[str] | None = None,
    client_options: Mapping[str, Any] | None = None,
    on_result: Callback | None = None,
    on_start: Callable[[Summary], None] | None = None,
    on_batch: BatchCallback | None = None,
    stop: asyncio.Event | None = None,
    price_in: float | None = None,
    price_out: float | None = None,
    stdin: TextIO | None = None,
    max_requests: int = MAX_REQUESTS,
    max_file_bytes: int = MAX_FILE_BYTES,
    poll: PollPolicy | None = None,
    wait: bool = True,
    as_of: date | str | None = None,
    policy: Policy | str | os.PathLike[str] | None = None,
    lang: str = "en",
) -> Summary:
    """Judge every document of `inputs` exactly once into `out`, through the Batch API.

    Every answer collected by this run is judged on one day, `as_of` (default: today when the run
    starts), also answers of batches submitted by an earlier run, under one `policy`."""
    if pdf != "pages":
        raise InputError("the Batch API takes chat requests: PDFs go page by page (pdf='pages')")
    if max_requests < 1 or max_file_bytes < 1:
        raise InputError("max_requests and max_file_bytes must be positive")
    judging = judging_options(as_of, policy)
    get_doctype(doc_type)
    options = dict(client_options or {})
    config = resolve_config(**{k: options[k] for k in _CONFIG_KEYS if options.get(k) is not None}, model=model)
    request = build_request(doc_type=doc_type)
    request.validate(config.model)
    documents = expand(inputs, stdin=stdin)
    summary = Summary(total=len(documents), price_in=price_in, price_out=price_out, price_factor=0.5)
    state = _Run(doc_type=doc_type, out=os.fspath(out), review_queue=os.fspath(review_queue) if review_queue else None,
                 mask_pii=mask_pii, history=os.fspath(history) if history else None, on_result=on_result,
                 summary=summary, judging=judging, lang=lang)
    store = Submissions(os.fspath(out))
    cache = AnswerCache(os.fspath(answers_dir) if answers_dir else f"{os.fspath(out)}.answers")
    stop = stop or asyncio.Event()
    fp = fingerprint(doc_type, config.model, "chat", pdf, request)  # the same request as a realtime `--api chat`
    if on_start is not None:
        on_start(summary)
    async with BatchApiClient(config, retry=options.get("retry"), transport=options.get("transport")) as api:
        ctx = _Context(state, store, api, config, config.model, cache, on_batch, stop)
        try:
            for item in list(store.items):  # left by an earlier run: finish submitting them first
                if item.get("batch_id") is None:
                    await _submit(ctx, item, resumed=True)
            await _plan(ctx, documents, request, fp, max_requests, max_file_bytes)
            await _poll(ctx, poll or PollPolicy(), wait)
        except ApiError as error:
            summary.stopped = _why(error)
    with contextlib.suppress(OSError):
        os.rmdir(store.folder)  # only when empty: no part file waits to be uploaded
    if store.items and summary.stopped is None:
        ids = ", ".join(str(s.get("batch_id") or "not yet created") for s in store.items)
        summary.stopped = (f"{'interrupted; ' if stop.is_set() else ''}{len(store.items)} batch(es) not yet collected "
                           f"({ids}): run the same command again to collect them (nothing is submitted twice)")
    elif stop.is_set() and summary.stopped is None:
        summary.stopped = "interrupted"
    return summary


def _why(error: ApiError) -> str:
    if stops_batch(error):
        return f"{error.code}: the service refused the key or the account"
    return f"the Batch API failed ({error.code or error.status_code}: {error}); the state is kept: run again"


# -- 1. plan --------------------------------------------------------------------------------
async def _plan(ctx: _Context, documents: list[Document], request: OcrRequest, fp: Mapping[str, Any],
                max_requests: int, max_file_bytes: int) -> None:
    state = ctx.state
    part: PartFile | None = None
    try:
        for document in documents:
            if ctx.stop.is_set():
                break
            if document.kind == "missing":
                key = _key(document.path, "", fp)
                if not state.judged_before(key):
                    await state.failed(key, document, "", None, document.reason)
                continue
            try:
                sha = await asyncio.to_thread(document.sha256)
            except OSError as error:
                await state.failed(_key(document.path, "", fp), document, "", None, str(error.strerror or error))
                continue
            if document.kind == "answer":
                key = _key(document.path, sha, fp)
                if not state.skip(key):
                    await _answer_file(state, key, document, sha)
                continue
            try:
                calls = await asyncio.to_thread(plan_calls, ctx.config, document.path, request, api="chat",
                                                pdf="pages", model=ctx.model)
            except InputError as error:
                key = _key(document.path, sha, fp)
                if not state.skip(key):
                    _, findings = _failure(error)
                    result = Result(source=document.path, doc_type=state.doc_type, status="review", fields={},
                                    findings=findings)
                    await state.judged(key, document, sha, None, result, {"code": "InputError", "message": str(error)},
                                       {})
                continue
            paged = len(calls) > 1 or document.kind == "pdf"
            for call in calls:
                page = call.page if paged else None
                key = _key(_source(document, page), sha, fp)
                if state.skip(key) or key in ctx.waiting:
                    continue
                custom_id = request_key(call)
                entry = {"key": key, "path": document.path, "page": page, "sha256": sha}
                cached = ctx.cache.get(call, custom_id)
                if cached is not None:  # paid before (a realtime chat run, an earlier batch): judged now
                    result = check_response(cached.raw, state.doc_type, source=_source(document, page), **state.judging)
                    await state.judged(key, document, sha, page, result, cached.raw,
                                       {"attempts": 0, "cached": True, "usage": cached.usage, "via": "batch-api",
                                        "answer_key": custom_id})
                    continue
                waiting = ctx.store.line(custom_id)
                if waiting is not None:  # the same request is in a batch already: one line answers both
                    waiting["lines"][custom_id].append(entry)
                    ctx.store.save()
                    continue
                if part is not None and custom_id in part.lines:
                    part.lines[custom_id].append(entry)
                    continue
                data = request_line(custom_id, call.body)
                if len(data) > max_file_bytes:
                    await state.failed(key, document, sha, page, f"the request of {len(data)} bytes is over the "
                                       f"Batch API's {max_file_bytes}-byte file limit: send it with --via realtime")
                    continue
                if part is not None and not part.fits(len(data)):
                    full, part = part, None  # recorded by _close: no longer ours to drop
                    await _close(ctx, full)
                if part is None:
                    part = PartFile(ctx.store.make_folder(), max_requests, max_file_bytes)
                part.add(custom_id, data, entry)
        if part is not None and not ctx.stop.is_set():
            full, part = part, None
            await _close(ctx, full)
    finally:
        if part is not None:
            part.drop()  # interrupted before it was recorded: its documents are planned again next run


def _key(source: str, sha: str, fp: Mapping[str, Any]) -> str:
    return document_key(source, sha, fp)


async def _close(ctx: _Context, part: PartFile) -> None:
    part.close()
    if not part.lines:
        part.drop()
        return
    item = ctx.store.add(part.name, part.lines, doc_type=ctx.state.doc_type, model=ctx.model, size=part.size)
    ctx.waiting |= {e["key"] for entries in part.lines.values() for e in entries}
    await _submit(ctx, item, resumed=False)


# -- 2. submit ------------------------------------------------------------------------------
async def _submit(ctx: _Context, item: Submission, *, resumed: bool) -> None:
    """Upload (unless done) and create the batch (unless it exists), saving after each step."""
    store = ctx.store
    if item.get("input_file_id") is None:
        path = store.part_path(item)
        if path is None:  # killed between the state and the part: nothing was sent; plan them again
            store.remove(item)
            ctx.waiting = store.keys()
            return
        try:
            uploaded = await ctx.api.upload(path, filename=f"ocrcheck-{item['id']}.jsonl")
        except ApiError as error:
            if stops_batch(error) or error.status_code is None:
                raise  # the service unreachable or the key refused: keep the part, stop, try next run
            await _fail_all(ctx, item, f"the Batch API refused the request file: {error.code}: {error}")
            return
        item["input_file_id"] = uploaded["id"]
        store.save()
    found = await ctx.api.find(item["input_file_id"]) if resumed else None
    if found is None:
        try:
            found = await ctx.api.create(item["input_file_id"])
        except ApiError as error:
            if stops_batch(error) or error.status_code is None or error.status_code >= 500 or error.status_code == 429:
                raise  # perhaps created: the next run looks it up by its input file before creating one
            await _fail_all(ctx, item, f"the Batch API refused the batch: {error.code}: {error}")
            return
    item["batch_id"], item["status"] = found["id"], found.get("status")
    store.discard_part(item)
    store.save()
    ctx.tell(item, found)


async def _fail_all(ctx: _Context, item: Submission, reason: str) -> None:
    """Nothing of this submission was or will be answered: each document `failed`, redone next run."""
    for entries in item["lines"].values():
        for entry in entries:
            await _failed(ctx, item, entry, reason)
    ctx.store.remove(item)
    ctx.waiting = ctx.store.keys()


# -- 3. poll --------------------------------------------------------------------------------
async def _poll(ctx: _Context, poll: PollPolicy, wait: bool) -> None:
    index = 0
    while True:
        for item in [s for s in ctx.store.items if s.get("batch_id")]:
            batch = await ctx.api.retrieve(item["batch_id"])
            if batch.get("status") != item.get("status"):
                item["status"] = batch.get("status")
                ctx.store.save()
                ctx.tell(item, batch)
            if batch.get("status") in TERMINAL:
                await _collect(ctx, item, batch)
        if not ctx.store.items or not wait or ctx.stop.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(ctx.stop.wait(), poll.delay(index))
        index += 1


# -- 4. collect -----------------------------------------------------------------------------
async def _collect(ctx: _Context, item: Submission, batch: Mapping[str, Any]) -> None:
    folder = ctx.store.make_folder()
    answered: set[str] = set()
    for name in ("output_file_id", "error_file_id"):
        file_id = batch.get(name)
        if not isinstance(file_id, str) or not file_id:
            continue
        target = os.path.join(folder, f"{item['id']}.{name}.jsonl")
        try:
            await ctx.api.download(file_id, target)
            for line in output_lines(target):
                custom_id = line.get("custom_id")
                if isinstance(custom_id, str) and custom_id in item["lines"] and custom_id not in answered:
                    answered.add(custom_id)
                    await _line(ctx, item, custom_id, line)
        finally:
            if os.path.exists(target):
                os.unlink(target)
    missing = _batch_reason(batch)
    for custom_id, entries in item["lines"].items():
        if custom_id not in answered:
            for entry in entries:
                await _failed(ctx, item, entry, missing)
    ctx.store.remove(item)
    ctx.waiting = ctx.store.keys()


def _batch_reason(batch: Mapping[str, Any]) -> str:
    status = batch.get("status")
    errors = batch.get("errors")
    data = errors.get("data") if isinstance(errors, Mapping) else None
    texts = [f"{e.get('code')}: {e.get('message')}" for e in data or [] if isinstance(e, Mapping)][:3]
    detail = f" ({'; '.join(texts)})" if texts else ""
    return f"batch {batch.get('id')} {status} without an answer for this request{detail}"


async def _line(ctx: _Context, item: Submission, custom_id: str, line: Mapping[str, Any]) -> None:
    entries = item["lines"][custom_id]
    given = line.get("response")
    response: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    body, status = response.get("body"), response.get("status_code")
    if status == 200 and isinstance(body, dict) and not isinstance(body.get("error"), Mapping):
        first = entries[0]
        call = Call("chat", ctx.config.chat_url, {"model": item.get("model")}, first["path"], first["page"])
        answer = response_from_body(call, body, response.get("request_id"), attempts=1)
        await asyncio.to_thread(ctx.cache.put, call, answer, custom_id)  # paid: stored before it is reported
        for index, entry in enumerate(entries):
            document = Document(entry["path"], kind_of(entry["path"]))
            if _recorded(ctx, item, entry):
                continue
            source = _source(document, entry["page"])
            result = check_response(body, item.get("doc_type") or ctx.state.doc_type, source=source,
                                    **ctx.state.judging)
            meta = {"attempts": 1, "cached": index > 0, "usage": answer.usage if index == 0 else {},
                    "via": "batch-api", "batch_id": item["batch_id"], "answer_key": custom_id}
            await ctx.state.judged(entry["key"], document, entry["sha256"], entry["page"], result, body, meta)
        return
    error = line.get("error") if isinstance(line.get("error"), Mapping) else None
    found = error_from_response(status if isinstance(status, int) else None, body if body is not None else error,
                                None, ctx.config.api_key)
    if error is not None and not found.code:
        found.code = str(error.get("code"))
    outcome, findings = _failure(found)
    for entry in entries:
        if outcome == "failed":
            await _failed(ctx, item, entry, f"batch {item['batch_id']}: {found.code}: {found}")
            continue
        if _recorded(ctx, item, entry):
            continue
        document = Document(entry["path"], kind_of(entry["path"]))
        result = Result(source=_source(document, entry["page"]), doc_type=ctx.state.doc_type, status="review",
                        fields={}, findings=findings)
        await ctx.state.judged(entry["key"], document, entry["sha256"], entry["page"], result, {"code": found.code},
                               {"via": "batch-api", "batch_id": item["batch_id"]})


def _recorded(ctx: _Context, item: Submission, entry: Mapping[str, Any]) -> bool:
    """Recorded from this very batch by an earlier run that was killed while collecting it
    (counted as skipped, like any document an earlier run judged)."""
    record = ctx.state.latest(entry["key"])
    meta = record.get("meta") if record is not None else None
    if not (isinstance(meta, Mapping) and item.get("batch_id") is not None
            and meta.get("batch_id") == item.get("batch_id")):
        return False
    ctx.state.summary.skipped += 1
    ctx.state.summary.prior[str(record.get("status") if record is not None else None)] += 1
    return True


async def _failed(ctx: _Context, item: Submission, entry: Mapping[str, Any], reason: str) -> None:
    if _recorded(ctx, item, entry):
        return
    document = Document(entry["path"], kind_of(entry["path"]))
    await ctx.state.failed(entry["key"], document, entry["sha256"], entry["page"], reason,
                           {"via": "batch-api", "batch_id": item.get("batch_id")})
