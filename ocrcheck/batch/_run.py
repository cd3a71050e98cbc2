"""`ocrcheck.batch.run`: documents in, each judged exactly once into the results file.

The order of things for one document, each step durable before the next:
1. its key (path + content hash + request) is looked up in the results file: judged → skipped;
2. an image or PDF is sent through `AsyncOcrClient` with the answer cache on (`answers_dir`,
   default `<results>.answers/`): the client stores a paid answer before returning it, so a run
   killed after the answer arrived finds it in the cache next time and pays nothing;
3. the answer is checked (`check_response`) and compared with every document seen before
   (`duplicate`);
4. a document for review is appended to the review queue (idempotent: the same entry twice is one
   entry), then the record to the results file (`fdatasync`), then it is reported.
A kill between 3 and 4 redoes the document from the cache; nothing is lost, nothing paid twice.

Outcomes: `pass`, `review` (including a file the preflight refuses and an image the service's
content inspection refuses: a person must look), `failed` (the service unreachable or refusing,
the file unreadable: the reason is kept and the next run tries again). `InvalidApiKey` and
`Arrearage` stop the run: nothing more is sent, documents not started are left for the next run.
A set `stop` event (Ctrl-C in the command line) starts no new document and lets those in flight
finish and be stored.

Memory stays flat however many documents: inputs are streamed (`Inputs`), at most `concurrency`
requests are in flight and as many documents again are being read or recorded, and what is kept
per document (its key and, for duplicates, its identity) is a few dozen bytes and a file offset.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TextIO

from .. import clock
from .._exceptions import ApiError, InputError, OcrcheckError
from .._messages import DEFAULT_LANG, check_lang, finding, localise_result
from .._models import Finding, Result
from ..client import AsyncOcrClient, OcrRequest, build_request, plan_calls, stops_batch
from ..client._cache import request_key
from ..client._core import PdfMode
from ..client._requests import Api
from ..doctypes import get_doctype
from ..normalise.tasks import output_form
from ..pipeline import check_response
from ..policy import Policy, resolve
from ..review_queue import ReviewQueue
from ._duplicates import DuplicateIndex, result_of
from ._inputs import Document, Inputs
from ._results import FINAL, GroupWriter, ResultsFile, compact, document_key
from ._summary import Summary
from ._task import label, task_result

__all__ = ["Summary", "fingerprint", "run"]

MAX_ANSWER_BYTES = 64 * 1024 * 1024
Callback = Callable[[dict[str, Any]], None]


def _failure(error: BaseException) -> tuple[str, list[Finding]]:
    """(status, findings) of a document without an answer."""
    if isinstance(error, InputError):
        return "review", [finding("", "unparseable", "not_sent", error=str(error))]
    if isinstance(error, ApiError) and error.code == "DataInspectionFailed":
        if not error.request_id:
            return "review", [finding("", "unparseable", "inspection_refused_bare", value=error.code)]
        where = f"request_id {error.request_id}"
        return "review", [finding("", "unparseable", "inspection_refused", value=error.code, where=where)]
    return "failed", []


class _Run:
    def __init__(self, *, doc_type: str | None, out: str, review_queue: str | None, mask_pii: bool,
                 history: str | None, on_result: Callback | None, summary: Summary,
                 judging: Mapping[str, Any] | None = None, task: str | None = None,
                 lang: str = DEFAULT_LANG) -> None:
        self.task = task if doc_type is None else None
        self.doc_type = doc_type or label(str(task))  # a task's Results carry its label; records say `task`
        self.lang = check_lang(lang)
        self.judging = dict(judging or {})  # check_response's options for every document (`as_of`)
        self.lang = check_lang(lang)
        self.results = ResultsFile(out)
        self.results.check_writable()
        self.queue = ReviewQueue(review_queue, mask_pii=mask_pii,
                                 pii_fields=get_doctype(self.doc_type).pii_fields) if review_queue else None
        if self.queue is not None:
            self.queue.key()  # an unusable queue path fails here, before any document
        # Earlier runs' judgements, streamed: per document 16 bytes of its key and the offset of
        # its record (read back when it is skipped), so memory stays flat however long the file.
        self.done: dict[bytes, int] = {}
        self.retried: dict[bytes, int] = {}  # keys whose last record is not a judgement (failed)
        self.duplicates = DuplicateIndex(history, results=self.results)
        for offset, record in self.results.scan():
            if record is None:
                continue
            key = compact(record["key"])
            if record.get("status") in FINAL:
                self.done[key] = offset
                self.retried.pop(key, None)
                if (earlier := result_of(record)) is not None:
                    self.duplicates.remember(earlier, at=offset)
            elif key not in self.done:
                self.retried[key] = offset
        self.on_result = on_result
        self.summary = summary
        self.lock = asyncio.Lock()  # duplicates and counters: one document at a time
        self.writer = GroupWriter(self.results)

    async def judged(self, key: str, document: Document, sha: str, page: int | None, result: Result,
                     raw: Any, meta: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        async with self.lock:  # duplicates decided, and records queued, one document at a time
            result, new_identity = self.duplicates.match(result) if self.task is None else (result, None)
            result = localise_result(result, self.lang)
            if new_identity is not None:
                self.duplicates.reserve(new_identity, result)
            record = {"key": key, "source": result.source, "path": document.path, "page": page, "sha256": sha,
                      **self._what(result.doc_type), "status": result.status, "fields": result.fields,
                      "findings": [f.model_dump(mode="json", exclude_none=True) for f in result.findings],
                      **(extra or {}), "meta": {**result.meta, **meta},
                      "created": datetime.now(UTC).isoformat(timespec="seconds"),
                      "verdicts": [v.to_dict() for v in result.verdicts]}  # what ran, for the auditor
            if result.status == "review" and self.queue is not None:
                await asyncio.to_thread(self.queue.append, result, raw)
            written = self.writer.submit(record)  # its place in the file: now, in duplicate order
        at = await written
        if new_identity is not None and self.duplicates.history is not None:
            await asyncio.to_thread(self.duplicates.keep, new_identity, result, at)  # a synced append
        elif new_identity is not None:
            self.duplicates.keep(new_identity, result, at)
        self._report(record)

    async def failed(self, key: str, document: Document, sha: str, page: int | None, reason: str,
                     meta: Mapping[str, Any] | None = None) -> None:
        record: dict[str, Any] = {"key": key, "source": _source(document, page), "path": document.path, "page": page,
                  "sha256": sha, **self._what(self.doc_type), "status": "failed", "reason": reason[:600],
                  "fields": {}, "findings": [], "meta": dict(meta or {}),
                  "created": datetime.now(UTC).isoformat(timespec="seconds")}
        await self.writer.append(record)
        self._report(record)

    def _what(self, doc_type: str) -> dict[str, Any]:
        """What a record says was asked: a document type, or a task."""
        return {"doc_type": doc_type} if self.task is None else {"doc_type": None, "task": self.task}

    def judged_before(self, key: str) -> bool:
        return compact(key) in self.done

    def latest(self, key: str) -> dict[str, Any] | None:
        """The last record an earlier run wrote for `key` (read back from the results file)."""
        at = self.done.get(compact(key), self.retried.get(compact(key)))
        return self.results.read_at(at) if at is not None else None

    def skip(self, key: str) -> bool:
        """True (and counted) when an earlier run judged this document."""
        at = self.done.get(compact(key))
        if at is None:
            return False
        record = self.results.read_at(at) or {"key": key, "status": "unknown"}
        self.summary.skipped += 1
        self.summary.prior[str(record.get("status"))] += 1
        if self.on_result is not None:
            self.on_result(record)
        return True

    def _report(self, record: dict[str, Any]) -> None:
        self.summary.add(record)
        if self.on_result is not None:
            self.on_result(record)


def _source(document: Document, page: int | None) -> str:
    return document.path if page is None else f"{document.path}#page={page}"


def judging_options(as_of: date | str | None, policy: Policy | str | os.PathLike[str] | None) -> dict[str, Any]:
    """What `check_response` is given for every document of a run: one day, one policy."""
    return {"as_of": clock.as_date(as_of) or clock.today(), "policy": resolve(policy)}


def fingerprint(doc_type: str | None, model: str, api: str, pdf: str, request: OcrRequest,
                to: str | None = None) -> dict[str, Any]:
    """What, besides the content, decides the record: the same document asked otherwise is new
    (the request holds the task; a task's output form `to` is added only for a task)."""
    found = {"doc_type": doc_type, "model": model, "api": api, "pdf": pdf, "request": dataclasses.asdict(request)}
    return found if doc_type is not None else {**found, "to": to}


async def run(
    inputs: Iterable[str],
    *,
    doc_type: str | None = None,
    task: str | None = None,
    to: str | None = None,
    out: str | os.PathLike[str],
    review_queue: str | os.PathLike[str] | None = None,
    mask_pii: bool = False,
    history: str | os.PathLike[str] | None = None,
    concurrency: int = 4,
    requests_per_minute: float | None = None,
    model: str | None = None,
    api: Api = "native",
    pdf: PdfMode = "pages",
    answers_dir: str | os.PathLike[str] | None = None,
    client: AsyncOcrClient | None = None,
    client_options: Mapping[str, Any] | None = None,
    on_result: Callback | None = None,
    on_start: Callable[[Summary], None] | None = None,
    stop: asyncio.Event | None = None,
    price_in: float | None = None,
    price_out: float | None = None,
    stdin: TextIO | None = None,
    as_of: date | str | None = None,
    policy: Policy | str | os.PathLike[str] | None = None,
    lang: str = DEFAULT_LANG,
) -> Summary:
    """Judge every document of `inputs` exactly once into `out` (see the module docstring):
    checked as `doc_type`, or (`task`) the built-in task's normalised answer in form `to`.

    Every document of the run is judged on one day, `as_of` (default: today when the run starts),
    under one `policy` (a shipped policy's name, a policy file, or a loaded `Policy`); findings'
    messages are written in `lang`.
    """
    if concurrency < 1:
        raise InputError(f"concurrency must be at least 1, got {concurrency}")
    if (doc_type is None) == (task is None):
        raise InputError("give exactly one of doc_type (extraction and checks) or task")
    judging = judging_options(as_of, policy)
    if doc_type is not None:
        get_doctype(doc_type)
    else:
        if review_queue or history:
            raise InputError("a review queue and a history apply to a document type; a task records its output")
        to = output_form(str(task), to)
    with Inputs(inputs, stdin=stdin) as documents:
        total, to_send = documents.count()
        summary = Summary(total=total, price_in=price_in, price_out=price_out)
        state = _Run(doc_type=doc_type, task=task, out=os.fspath(out),
                     review_queue=os.fspath(review_queue) if review_queue else None, mask_pii=mask_pii,
                     history=os.fspath(history) if history else None, on_result=on_result,
                     summary=summary, judging=judging, lang=lang)
        stop = stop or asyncio.Event()
        request = build_request(doc_type=doc_type, task=task)
        own_client = client is None
        if client is None and to_send:
            options = {"model": model, "api": api, "max_concurrency": concurrency,
                       "requests_per_minute": requests_per_minute,
                       "cache_dir": os.fspath(answers_dir) if answers_dir else f"{os.fspath(out)}.answers",
                       **(client_options or {})}
            client = AsyncOcrClient(**options)
        if client is not None:
            request.validate(model or client.config.model)
        print_model = model or (client.config.model if client is not None else "")
        fp = fingerprint(doc_type, print_model, api, pdf, request, to)
        if on_start is not None:
            on_start(summary)
        # `concurrency` requests in flight, and as many documents again being read, checked or
        # recorded meanwhile, so the service never waits on our disk (and memory stays bounded).
        sending = asyncio.Semaphore(concurrency)
        slots = asyncio.Semaphore(2 * concurrency)
        jobs: set[asyncio.Task[None]] = set()

        async def one(document: Document) -> None:
            try:
                await _document(state, client, document, request, fp, api=api, pdf=pdf, model=model, stop=stop,
                                sending=sending, to=to)
            finally:
                slots.release()

        try:
            for document in documents:
                await slots.acquire()  # at most 2 × `concurrency` documents in memory at once
                if stop.is_set():
                    slots.release()
                    break
                job = asyncio.create_task(one(document))
                jobs.add(job)
                job.add_done_callback(jobs.discard)
            if jobs:
                await asyncio.gather(*jobs)
        finally:
            if own_client and client is not None:
                await client.aclose()
        if stop.is_set() and summary.stopped is None:
            summary.stopped = "interrupted"
        return summary


async def _document(state: _Run, client: AsyncOcrClient | None, document: Document, request: OcrRequest,
                    fp: Mapping[str, Any], *, api: Api, pdf: PdfMode, model: str | None, stop: asyncio.Event,
                    sending: asyncio.Semaphore, to: str | None) -> None:
    if document.kind == "missing":
        key = document_key(document.path, "", fp)
        if not state.judged_before(key):
            await state.failed(key, document, "", None, document.reason)
        return
    try:
        sha = await asyncio.to_thread(document.sha256)
    except OSError as error:
        await state.failed(document_key(document.path, "", fp), document, "", None, str(error.strerror or error))
        return
    if document.kind == "answer":
        key = document_key(document.path, sha, fp)
        if state.skip(key):
            return
        await _answer_file(state, key, document, sha, to)
        return
    assert client is not None
    try:
        calls = await asyncio.to_thread(plan_calls, client.config, document.path, request, api=api, pdf=pdf,
                                        model=model)
    except InputError as error:
        key = document_key(document.path, sha, fp)
        if state.skip(key):
            return
        _, findings = _failure(error)  # a preflight refusal is always a document for review
        result = Result(source=document.path, doc_type=state.doc_type, status="review", fields={}, findings=findings)
        await state.judged(key, document, sha, None, result, {"code": "InputError", "message": str(error)}, {})
        return
    paged = len(calls) > 1 or document.kind == "pdf"
    for call in calls:
        page = call.page if paged else None
        key = document_key(_source(document, page), sha, fp)
        if state.skip(key):
            continue
        try:
            async with sending:
                if stop.is_set():  # checked once a request may go: nothing new starts after a stop
                    return
                try:
                    response = await client.send(call)
                except ApiError as error:
                    if stops_batch(error):
                        stop.set()  # before the slot passes on: the next document sees it
                    raise
        except ApiError as error:
            status, findings = _failure(error)
            if status == "failed":
                await state.failed(key, document, sha, page, str(error))
            else:
                result = Result(source=_source(document, page), doc_type=state.doc_type, status="review",
                                fields={}, findings=findings)
                await state.judged(key, document, sha, page, result, {"code": error.code}, {})
            if stops_batch(error):
                state.summary.stopped = f"{error.code}: the service refused the key or the account"
                return
            continue
        meta: dict[str, Any] = {"attempts": response.attempts, "cached": response.cached, "usage": response.usage}
        if client.cache is not None:
            meta["answer_key"] = request_key(call)  # where the answer is stored: re-validation reads it there
        if state.task is not None:
            result, extra = task_result(state.task, to, response.raw, source=_source(document, page),
                                        image_size=call.image_size, finish_reason=response.finish_reason)
            await state.judged(key, document, sha, page, result, response.raw, meta, extra)
            continue
        result = check_response(response.raw, state.doc_type, source=_source(document, page), **state.judging)
        await state.judged(key, document, sha, page, result, response.raw, meta)


async def _answer_file(state: _Run, key: str, document: Document, sha: str, to: str | None = None) -> None:
    extra: dict[str, Any] = {}
    try:
        size = os.path.getsize(document.path)
        if size > MAX_ANSWER_BYTES:
            raise InputError(f"answer file of {size} bytes is over the {MAX_ANSWER_BYTES}-byte limit")
        with open(document.path, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
        if state.task is not None:
            try:
                answer = json.loads(text)
            except (ValueError, RecursionError):
                answer = None
            result, extra = task_result(state.task, to, answer, source=document.path)
        else:
            result = check_response(text, state.doc_type, source=document.path, **state.judging)
    except (OSError, OcrcheckError) as error:
        result = Result(source=document.path, doc_type=state.doc_type, status="review", fields={},
                        findings=[finding("", "unparseable", "cannot_read", error=str(error))])
        text = None
    await state.judged(key, document, sha, None, result, text, {}, extra)
