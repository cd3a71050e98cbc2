"""The service's Batch API (OpenAI-compatible, half the realtime price): upload a JSONL request
file, create a batch, read its status, download its output and error files.

Wire format (the OpenAI Batch API, which the service's compatible mode follows; the service's
own page only says "use batch processing for large non-real-time jobs"):

- request line: `{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body": {...}}`;
- `POST {compatible}/files`, multipart `file` + `purpose=batch` → a file object (`id`);
- `POST {compatible}/batches` `{input_file_id, endpoint, completion_window: "24h"}` → a batch
  object: `id`, `status` (validating, in_progress, finalizing, completed, failed, expired,
  cancelling, cancelled), `request_counts`, `output_file_id`, `error_file_id`, `errors`;
- `GET {compatible}/batches/{id}`, `GET {compatible}/batches` (newest first, `after`, `limit`),
  `POST {compatible}/batches/{id}/cancel`, `GET {compatible}/files/{id}/content`;
- output and error lines: `{"id", "custom_id", "response": {"status_code", "request_id", "body"},
  "error": {"code", "message"} | null}`.

Limits: 50,000 requests a file; 500 MB a file for purpose `batch` (the service's upload page;
OpenAI says 200 MB, an older service page 100 MB — callers can set a lower bound).

Every call goes through the same rules as the realtime client: errors mapped by
`error_from_response` (the key scrubbed from every text the service sends back), retries with
`RetryPolicy` (backoff, full jitter, `Retry-After`), each attempt bounded by the time left of the
call's deadline (`asyncio.timeout`), bodies read in chunks up to a bound. One call is different:
creating a batch is not idempotent (an answer lost on the way back leaves a batch that runs and
is billed), so before each retry of `create` the batches are searched for one made from the same
input file, and that one is returned instead of a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from .._exceptions import ApiError
from ._config import ClientConfig
from ._errors import (
    MAX_RESPONSE_BYTES,
    deadline_exceeded,
    error_from_response,
    is_retryable,
    response_too_large,
    transport_error,
)
from ._logs import protect
from ._retry import RetryPolicy, next_delay, parse_retry_after

ENDPOINT = "/v1/chat/completions"
WINDOW = "24h"
MAX_REQUESTS = 50_000
MAX_FILE_BYTES = 500 << 20
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
# An output file holds one answer per request: 50,000 answers of a few KB each, with room.
MAX_DOWNLOAD_BYTES = 4 << 30
TRANSFER_DEADLINE = 3600.0  # seconds to upload a request file or download an output file, retries included
FIND_PAGES = 20  # batches searched for a lost `create` answer: the 2,000 newest


@dataclass(frozen=True)
class PollPolicy:
    """Seconds between status reads: `first`, growing by `factor` up to `maximum`. A batch takes
    minutes to hours; reading its status costs nothing but a request against the rate limit."""

    first: float = 10.0
    factor: float = 1.5
    maximum: float = 120.0

    def delay(self, index: int) -> float:
        return min(self.maximum, self.first * self.factor ** min(index, 64))


def request_line(custom_id: str, body: dict[str, Any]) -> bytes:
    """One line of a batch request file."""
    line = {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


class BatchApiClient:
    """Upload, create, retrieve, find, cancel, download. `transport`, `sleep`, `clock` and `seed`
    are the same test seams as `AsyncOcrClient`'s."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        seed: int | None = None,
    ) -> None:
        self.config = config
        protect(config.api_key)
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._rng = random.Random(seed)
        self._http = httpx.AsyncClient(transport=transport,
                                       timeout=httpx.Timeout(config.timeout, connect=min(config.timeout, 10.0)))

    async def __aenter__(self) -> BatchApiClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- the calls ------------------------------------------------------------------------
    async def upload(self, path: str | os.PathLike[str], *, filename: str | None = None) -> dict[str, Any]:
        """Upload a request file (streamed from disk) with purpose `batch`; the file object.
        A retried upload may leave an unused copy on the service: storage, never a charge."""
        name = filename or os.path.basename(os.fspath(path))
        found = await self._call("POST", "/files", upload=(os.fspath(path), name),
                                 deadline=max(self.retry.deadline, TRANSFER_DEADLINE))
        return _object(found, "id")

    async def create(self, input_file_id: str) -> dict[str, Any]:
        """Create the batch of an uploaded file; never two for one file (see the module text)."""
        body = {"input_file_id": input_file_id, "endpoint": ENDPOINT, "completion_window": WINDOW}
        started = self._clock()
        attempts = 0
        while True:
            attempts += 1
            try:
                return _object(await self._call("POST", "/batches", json_body=body, retry=False), "id")
            except ApiError as error:
                if not is_retryable(error):
                    raise
                found = await self.find(input_file_id)  # the answer was lost, perhaps not the batch
                if found is not None:
                    return found
                delay = next_delay(self.retry, attempts, error, None, self._clock() - started, self._rng)
                if delay is None:
                    raise
                await self._sleep(delay)

    async def retrieve(self, batch_id: str) -> dict[str, Any]:
        return _object(await self._call("GET", f"/batches/{_segment(batch_id)}"), "status")

    async def cancel(self, batch_id: str) -> dict[str, Any]:
        return _object(await self._call("POST", f"/batches/{_segment(batch_id)}/cancel"), "status")

    async def find(self, input_file_id: str) -> dict[str, Any] | None:
        """The newest batch made from `input_file_id`, if one is among the newest batches."""
        after: str | None = None
        for _ in range(FIND_PAGES):
            params = {"limit": "100", **({"after": after} if after else {})}
            page = await self._call("GET", "/batches", params=params)
            data = page.get("data") if isinstance(page, dict) else None
            if not isinstance(data, list):
                return None
            for batch in data:
                if isinstance(batch, dict) and batch.get("input_file_id") == input_file_id and batch.get("id"):
                    return batch
            last = page.get("last_id")
            if not page.get("has_more") or not isinstance(last, str) or not data:
                return None
            after = last
        return None

    async def download(self, file_id: str, target: str | os.PathLike[str], *,
                       limit: int = MAX_DOWNLOAD_BYTES) -> int:
        """Stream a file's content into `target` (created 0600); its size in bytes."""
        return int(await self._call("GET", f"/files/{_segment(file_id)}/content", sink=(os.fspath(target), limit),
                                    deadline=max(self.retry.deadline, TRANSFER_DEADLINE)))

    # -- one call, with retries -----------------------------------------------------------
    async def _call(self, method: str, path: str, *, json_body: dict[str, Any] | None = None,
                    params: dict[str, str] | None = None, upload: tuple[str, str] | None = None,
                    sink: tuple[str, int] | None = None, retry: bool = True,
                    deadline: float | None = None) -> Any:
        deadline = deadline if deadline is not None else self.retry.deadline
        started = self._clock()
        attempts = 0
        error: ApiError | None = None
        while True:
            remaining = deadline - (self._clock() - started)
            if remaining <= 0:
                raise deadline_exceeded(deadline, attempts, error)
            attempts += 1
            retry_after: float | None = None
            try:
                async with asyncio.timeout(remaining):
                    return await self._attempt(method, path, json_body, params, upload, sink, remaining)
            except (httpx.TransportError, TimeoutError) as exc:
                error = transport_error(exc)
            except _Refused as refused:
                error, retry_after = refused.error, refused.retry_after
            if not retry or error.code == "ResponseTooLarge":
                raise error
            delay = next_delay(self.retry, attempts, error, retry_after, self._clock() - started, self._rng)
            if delay is None:
                if self._clock() - started >= deadline:
                    raise deadline_exceeded(deadline, attempts, error)
                raise error
            await self._sleep(min(delay, max(0.0, deadline - (self._clock() - started))))

    async def _attempt(self, method: str, path: str, json_body: dict[str, Any] | None,
                       params: dict[str, str] | None, upload: tuple[str, str] | None,
                       sink: tuple[str, int] | None, remaining: float) -> Any:
        url = self.config.compatible_base_url + path
        headers = {"Authorization": f"Bearer {self.config.api_key.reveal()}", "User-Agent": "ocrcheck"}
        timeout = httpx.Timeout(min(self.config.timeout, remaining), connect=min(self.config.timeout, 10.0, remaining))
        with contextlib.ExitStack() as stack:
            extra: dict[str, Any] = {}
            if upload is not None:  # reopened for every attempt: a retry sends the file from its start
                handle = stack.enter_context(open(upload[0], "rb"))
                extra = {"files": {"file": (upload[1], handle, "application/jsonl")}, "data": {"purpose": "batch"}}
            elif json_body is not None:
                extra = {"json": json_body}
            async with self._http.stream(method, url, params=params, headers=headers, timeout=timeout,
                                         **extra) as reply:
                if reply.status_code != 200 or sink is None:
                    content = await _read(reply, MAX_RESPONSE_BYTES)
                    if reply.status_code != 200:
                        raise _Refused(error_from_response(reply.status_code, content, reply.headers,
                                                           self.config.api_key),
                                       parse_retry_after(reply.headers.get("retry-after")))
                    return _json(content, reply)
                return await _save(reply, *sink)


class _Refused(Exception):
    """An error answer inside one attempt, with its Retry-After."""

    def __init__(self, error: ApiError, retry_after: float | None) -> None:
        self.error = error
        self.retry_after = retry_after


async def _read(reply: httpx.Response, limit: int) -> bytes:
    declared = reply.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise response_too_large(reply.status_code, limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in reply.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise response_too_large(reply.status_code, limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def _save(reply: httpx.Response, target: str, limit: int) -> int:
    """The body into `target` (0600, truncated first: a retried download starts over)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    size = 0
    with os.fdopen(fd, "wb") as handle:
        async for chunk in reply.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise response_too_large(reply.status_code, limit)
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
    return size


def _json(content: bytes, reply: httpx.Response) -> Any:
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        raise ApiError("the service's answer is not JSON", status_code=reply.status_code, code="InvalidResponse",
                       request_id=reply.headers.get("x-request-id")) from None


def _object(body: Any, required: str) -> dict[str, Any]:
    """A file or batch object: a JSON object with `required` a string (else InvalidResponse)."""
    if not isinstance(body, dict) or not isinstance(body.get(required), str):
        raise ApiError(f"the service's answer has no {required!r}", code="InvalidResponse")
    return body


def _segment(value: str) -> str:
    """An id from the service, used in a path: only characters an id has."""
    if not value or not all(c.isalnum() or c in "-_." for c in value):
        raise ApiError(f"not a usable id from the service: {value[:80]!r}", code="InvalidResponse")
    return value
