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
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TextIO

from .. import clock
from .._exceptions import ApiError, InputError, OcrcheckError
from .._models import Finding, Result
from ..client import AsyncOcrClient, OcrRequest, build_request, plan_calls, stops_batch
from ..client._cache import request_key
from ..client._core import PdfMode
from ..client._requests import Api
from ..doctypes import get_doctype
from ..pipeline import check_response
from ..policy import Policy, resolve
from ..review_queue import ReviewQueue
from ._duplicates import DuplicateIndex, result_of
from ._inputs import Document, expand
from ._results import FINAL, ResultsFile, document_key

MAX_ANSWER_BYTES = 64 * 1024 * 1024
Callback = Callable[[dict[str, Any]], None]


@dataclass
class Summary:
    """What a run did, for the progress line, the closing table and `--summary`."""

    total: int = 0
    skipped: int = 0  # judged by an earlier run
    prior: Counter[str] = field(default_factory=Counter)  # their statuses then
    status: Counter[str] = field(default_factory=Counter)
    doc_types: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    input_tokens: int = 0
    output_tokens: int = 0
    retries: int = 0
    cached: int = 0
    stopped: str | None = None  # why the run stopped early, if it did
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    price_in: float | None = None  # per million input tokens
    price_out: float | None = None
    price_factor: float = 1.0  # 0.5 through the Batch API (half the realtime price)
    changed: Counter[str] = field(default_factory=Counter)  # a re-validation: "pass→review" and the like

    @property
    def clean(self) -> bool:
        """Every document of the inputs passed, now or in an earlier run, and the run finished."""
        return not self.stopped and set(self.status) | set(self.prior) <= {"pass"}

    @property
    def done(self) -> int:
        return sum(self.status.values())

    @property
    def cost(self) -> float | None:
        if self.price_in is None or self.price_out is None:
            return None
        return (self.input_tokens * self.price_in + self.output_tokens * self.price_out) * self.price_factor / 1e6

    def add(self, record: Mapping[str, Any]) -> None:
        self.status[str(record.get("status"))] += 1
        self.doc_types[str(record.get("doc_type"))] += 1
        for finding in record.get("findings") or []:
            if isinstance(finding, Mapping) and finding.get("severity", "error") in ("error", "warning"):
                self.codes[str(finding.get("code"))] += 1
        meta: Mapping[str, Any] = record["meta"] if isinstance(record.get("meta"), Mapping) else {}
        usage: Mapping[str, Any] = meta["usage"] if isinstance(meta.get("usage"), Mapping) else {}
        self.input_tokens += int(usage.get("input_tokens") or usage.get("prompt_tokens") or 0)
        self.output_tokens += int(usage.get("output_tokens") or usage.get("completion_tokens") or 0)
        self.retries += max(0, int(meta.get("attempts") or 1) - 1)
        self.cached += bool(meta.get("cached"))

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "skipped": self.skipped, "skipped_status": dict(self.prior), "done": self.done,
                "status": dict(self.status),
                "doc_types": dict(self.doc_types), "codes": dict(self.codes), "input_tokens": self.input_tokens,
                "output_tokens": self.output_tokens, "retries": self.retries, "cached": self.cached,
                "estimated_cost": self.cost, "price_factor": self.price_factor, "stopped": self.stopped,
                "started": self.started, **({"changed": dict(self.changed)} if self.changed else {})}


def _failure(error: BaseException) -> tuple[str, list[Finding]]:
    """(status, findings) of a document without an answer."""
    if isinstance(error, InputError):
        return "review", [Finding(field="", code="unparseable", message=f"not sent: {error}"[:600])]
    if isinstance(error, ApiError) and error.code == "DataInspectionFailed":
        text = f"the service's content inspection refused the image (request_id {error.request_id}): a person must look"
        return "review", [Finding(field="", code="unparseable", message=text, value=error.code)]
    return "failed", []


class _Run:
    def __init__(self, *, doc_type: str, out: str, review_queue: str | None, mask_pii: bool,
                 history: str | None, on_result: Callback | None, summary: Summary,
                 judging: Mapping[str, Any] | None = None) -> None:
        self.doc_type = doc_type
        self.judging = dict(judging or {})  # check_response's options for every document (`as_of`)
        self.results = ResultsFile(out)
        self.results.check_writable()
        self.queue = ReviewQueue(review_queue, mask_pii=mask_pii,
                                 pii_fields=get_doctype(doc_type).pii_fields) if review_queue else None
        if self.queue is not None:
            self.queue.key()  # an unusable queue path fails here, before any document
        self.prior = self.results.read()
        self.done = self.prior.done()
        self.duplicates = DuplicateIndex(history)
        for record in self.prior.latest.values():
            if record.get("status") in FINAL and (earlier := result_of(record)) is not None:
                self.duplicates.remember(earlier)
        self.on_result = on_result
        self.summary = summary
        self.lock = asyncio.Lock()  # duplicates and counters: one document at a time

    async def judged(self, key: str, document: Document, sha: str, page: int | None, result: Result,
                     raw: Any, meta: Mapping[str, Any]) -> None:
        async with self.lock:
            result = self.duplicates.check(result)
            record = {"key": key, "source": result.source, "path": document.path, "page": page, "sha256": sha,
                      "doc_type": result.doc_type, "status": result.status, "fields": result.fields,
                      "findings": [f.model_dump(mode="json", exclude_none=True) for f in result.findings],
                      "meta": {**result.meta, **meta}, "created": datetime.now(UTC).isoformat(timespec="seconds"),
                      "verdicts": [v.to_dict() for v in result.verdicts]}  # what ran, for the auditor
            if result.status == "review" and self.queue is not None:
                await asyncio.to_thread(self.queue.append, result, raw)
            await asyncio.to_thread(self.results.append, record)
            self._report(record)

    async def failed(self, key: str, document: Document, sha: str, page: int | None, reason: str,
                     meta: Mapping[str, Any] | None = None) -> None:
        record: dict[str, Any] = {"key": key, "source": _source(document, page), "path": document.path, "page": page,
                  "sha256": sha, "doc_type": self.doc_type, "status": "failed", "reason": reason[:600],
                  "fields": {}, "findings": [], "meta": dict(meta or {}),
                  "created": datetime.now(UTC).isoformat(timespec="seconds")}
        await asyncio.to_thread(self.results.append, record)
        self._report(record)

    def skip(self, key: str) -> bool:
        """True (and counted) when an earlier run judged this document."""
        if key not in self.done:
            return False
        self.summary.skipped += 1
        self.summary.prior[str(self.prior.latest[key].get("status"))] += 1
        if self.on_result is not None:
            self.on_result(self.prior.latest[key])
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


def fingerprint(doc_type: str, model: str, api: str, pdf: str, request: OcrRequest) -> dict[str, Any]:
    """What, besides the content, decides the answer: the same document asked otherwise is new."""
    return {"doc_type": doc_type, "model": model, "api": api, "pdf": pdf, "request": dataclasses.asdict(request)}


async def run(
    inputs: Iterable[str],
    *,
    doc_type: str,
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
) -> Summary:
    """Judge every document of `inputs` exactly once into `out` (see the module docstring).

    Every document of the run is judged on one day, `as_of` (default: today when the run starts),
    under one `policy` (a shipped policy's name, a policy file, or a loaded `Policy`).
    """
    if concurrency < 1:
        raise InputError(f"concurrency must be at least 1, got {concurrency}")
    judging = judging_options(as_of, policy)
    get_doctype(doc_type)
    documents = expand(inputs, stdin=stdin)
    summary = Summary(total=len(documents), price_in=price_in, price_out=price_out)
    state = _Run(doc_type=doc_type, out=os.fspath(out), review_queue=os.fspath(review_queue) if review_queue else None,
                 mask_pii=mask_pii, history=os.fspath(history) if history else None, on_result=on_result,
                 summary=summary, judging=judging)
    stop = stop or asyncio.Event()
    request = build_request(doc_type=doc_type)
    own_client = client is None
    if client is None and any(d.kind in ("image", "pdf") for d in documents):
        options = {"model": model, "api": api, "max_concurrency": concurrency,
                   "requests_per_minute": requests_per_minute,
                   "cache_dir": os.fspath(answers_dir) if answers_dir else f"{os.fspath(out)}.answers",
                   **(client_options or {})}
        client = AsyncOcrClient(**options)
    if client is not None:
        request.validate(model or client.config.model)
    print_model = model or (client.config.model if client is not None else "")
    fp = fingerprint(doc_type, print_model, api, pdf, request)
    if on_start is not None:
        on_start(summary)
    slots = asyncio.Semaphore(concurrency)
    tasks: set[asyncio.Task[None]] = set()

    async def one(document: Document) -> None:
        try:
            await _document(state, client, document, request, fp, api=api, pdf=pdf, model=model, stop=stop)
        finally:
            slots.release()

    try:
        for document in documents:
            await slots.acquire()  # at most `concurrency` documents in memory at once
            if stop.is_set():
                slots.release()
                break
            task = asyncio.create_task(one(document))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.gather(*tasks)
    finally:
        if own_client and client is not None:
            await client.aclose()
    if stop.is_set() and summary.stopped is None:
        summary.stopped = "interrupted"
    return summary


async def _document(state: _Run, client: AsyncOcrClient | None, document: Document, request: OcrRequest,
                    fp: Mapping[str, Any], *, api: Api, pdf: PdfMode, model: str | None, stop: asyncio.Event) -> None:
    if document.kind == "missing":
        key = document_key(document.path, "", fp)
        if key not in state.done:
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
        await _answer_file(state, key, document, sha)
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
        if stop.is_set():
            return
        try:
            response = await client.send(call)
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
                stop.set()
                return
            continue
        result = check_response(response.raw, state.doc_type, source=_source(document, page), **state.judging)
        meta: dict[str, Any] = {"attempts": response.attempts, "cached": response.cached, "usage": response.usage}
        if client.cache is not None:
            meta["answer_key"] = request_key(call)  # where the answer is stored: re-validation reads it there
        await state.judged(key, document, sha, page, result, response.raw, meta)


async def _answer_file(state: _Run, key: str, document: Document, sha: str) -> None:
    try:
        size = os.path.getsize(document.path)
        if size > MAX_ANSWER_BYTES:
            raise InputError(f"answer file of {size} bytes is over the {MAX_ANSWER_BYTES}-byte limit")
        with open(document.path, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
        result = check_response(text, state.doc_type, source=document.path, **state.judging)
    except (OSError, OcrcheckError) as error:
        result = Result(source=document.path, doc_type=state.doc_type, status="review", fields={},
                        findings=[Finding(field="", code="unparseable", message=f"cannot read: {error}"[:600])])
        text = None
    await state.judged(key, document, sha, None, result, text, {})
