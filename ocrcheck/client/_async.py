"""`AsyncOcrClient`: the asyncio client, with bounds on concurrency and on requests per minute.
It shares request building, answer reading and the retry decision with `OcrClient`.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from typing import Any

import httpx

from .._exceptions import ApiError, OcrcheckError
from ._cache import AnswerCache, request_key, resolve_cache_dir
from ._config import ClientConfig, resolve_config
from ._core import Call, OcrResponse, PdfMode, build_request, plan_calls, read_answer
from ._errors import MAX_RESPONSE_BYTES, deadline_exceeded, response_too_large, transport_error
from ._inputs import Source
from ._logs import protect
from ._requests import Api
from ._retry import RetryPolicy, next_delay, parse_retry_after


class _Pacer:
    """Spaces request starts at least 60/rpm seconds apart (retries count: they are requests)."""

    def __init__(self, per_minute: float | None, clock: Callable[[], float], sleep: Callable[[float], Awaitable[None]]):
        self._interval = 60.0 / per_minute if per_minute else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        if not self._interval:
            return
        async with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self._interval
        if start > now:
            await self._sleep(start - now)


class _Shared:
    """One cached-mode request in flight, awaited by identical calls that arrive meanwhile."""

    def __init__(self) -> None:
        self.done = asyncio.Event()
        self.response: OcrResponse | None = None


class AsyncOcrClient:
    """Like `OcrClient`, awaitable. `max_concurrency` bounds requests in flight and
    `requests_per_minute` their rate (the service's RPM quota, Throttling.RateQuota)."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        region: str | None = None,
        base_url: str | None = None,
        compatible_base_url: str | None = None,
        model: str | None = None,
        api: Api = "native",
        timeout: float = 120.0,
        retry: RetryPolicy | None = None,
        max_concurrency: int = 8,
        requests_per_minute: float | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        seed: int | None = None,
        cache_dir: str | os.PathLike[str] | bool | None = None,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self.config: ClientConfig = resolve_config(
            api_key, region=region, base_url=base_url, compatible_base_url=compatible_base_url,
            model=model, timeout=timeout,
        )
        protect(self.config.api_key)
        self.api: Api = api
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._rng = random.Random(seed)
        self._slots = asyncio.Semaphore(max_concurrency)
        self._pacer = _Pacer(requests_per_minute, clock, sleep)
        directory = resolve_cache_dir(cache_dir)
        self.cache: AnswerCache | None = AnswerCache(directory) if directory is not None else None
        self._in_flight: dict[str, _Shared] = {}
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=max_concurrency),
        )

    def __repr__(self) -> str:
        return f"AsyncOcrClient(base_url={self.config.base_url!r}, model={self.config.model!r}, api={self.api!r})"

    async def __aenter__(self) -> AsyncOcrClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def ocr(
        self, source: Source, *, model: str | None = None, api: Api | None = None, **options: Any
    ) -> OcrResponse:
        responses = await self.ocr_document(source, model=model, api=api, **options)
        if len(responses) != 1:
            raise ValueError(f"{len(responses)} answers for one source (a PDF?); use ocr_document()")
        return responses[0]

    async def ocr_document(
        self,
        source: Source,
        *,
        model: str | None = None,
        api: Api | None = None,
        pdf: PdfMode = "pages",
        **options: Any,
    ) -> list[OcrResponse]:
        request = build_request(**options)
        calls = plan_calls(self.config, source, request, api=api or self.api, pdf=pdf, model=model)
        return list(await asyncio.gather(*(self.send(call) for call in calls)))

    async def ocr_many(self, sources: Iterable[Source], **options: Any) -> list[list[OcrResponse] | OcrcheckError]:
        """Many sources at once, in input order; a failed source gives its exception in place,
        so one bad file never loses the others' answers."""

        async def one(source: Source) -> list[OcrResponse] | OcrcheckError:
            try:
                return await self.ocr_document(source, **options)
            except OcrcheckError as error:
                return error

        return list(await asyncio.gather(*(one(s) for s in sources)))

    async def send(self, call: Call) -> OcrResponse:
        """Like `OcrClient.send`. With a cache, identical calls in flight at the same time share
        one request: the second awaits the first's answer instead of paying for its own."""
        if self.cache is None:
            return await self._post(call)
        key = request_key(call)
        cached = self.cache.get(call, key)
        if cached is not None:
            return cached
        shared = self._in_flight.get(key)
        if shared is not None:
            await shared.done.wait()
            if shared.response is not None:  # kept or cut, it is the answer to this very request
                return self.cache.get(call, key) or replace(shared.response, source=call.source, page=call.page)
            return await self.send(call)  # the first one failed: errors are not shared, try again
        shared = self._in_flight[key] = _Shared()
        try:
            shared.response = await self._post(call)
            # Stored (fsync'ed: milliseconds) off the event loop, so other requests go on meanwhile.
            await asyncio.to_thread(self.cache.put, call, shared.response, key)
            return shared.response
        finally:
            del self._in_flight[key]
            shared.done.set()

    async def _post(self, call: Call) -> OcrResponse:
        """Like `OcrClient._post`: the deadline bounds the whole call, counted from the moment
        the call first gets a slot (waiting behind other documents is not its own time)."""
        started: float | None = None
        deadline = self.retry.deadline
        attempts = 0
        error: ApiError | None = None
        while True:
            retry_after: float | None = None
            async with self._slots:
                await self._pacer.wait()
                started = self._clock() if started is None else started
                remaining = deadline - (self._clock() - started)
                if remaining <= 0:
                    raise deadline_exceeded(deadline, attempts, error)
                attempts += 1
                try:
                    async with asyncio.timeout(remaining):
                        status, headers, content = await self._exchange(call, remaining)
                except (httpx.TransportError, TimeoutError) as exc:
                    error = transport_error(exc)
                else:
                    try:
                        return read_answer(call, status, headers, content, attempts, self.config)
                    except ApiError as exc:
                        error = exc
                    retry_after = parse_retry_after(headers.get("retry-after"))
            if error.code == "ResponseTooLarge":
                raise error
            delay = next_delay(self.retry, attempts, error, retry_after, self._clock() - started, self._rng)
            if delay is None:
                if self._clock() - started >= deadline:
                    raise deadline_exceeded(deadline, attempts, error)
                raise error
            await self._sleep(min(delay, max(0.0, deadline - (self._clock() - started))))

    async def _exchange(self, call: Call, remaining: float) -> tuple[int, httpx.Headers, bytes]:
        """One request and its body, read in chunks up to `MAX_RESPONSE_BYTES`."""
        timeout = httpx.Timeout(min(self.config.timeout, remaining), connect=min(self.config.timeout, 10.0, remaining))
        async with self._http.stream(
            "POST", call.url, content=call.content(), headers=self.config.headers(), timeout=timeout
        ) as reply:
            declared = reply.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                raise response_too_large(reply.status_code)
            chunks: list[bytes] = []
            size = 0
            async for chunk in reply.aiter_bytes():
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise response_too_large(reply.status_code)
                chunks.append(chunk)
            return reply.status_code, reply.headers, b"".join(chunks)
