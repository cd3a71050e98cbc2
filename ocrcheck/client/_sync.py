"""`OcrClient`: the blocking client. Request building, answer reading and the retry decision
are the shared pure functions of `_core` and `_retry`; this module only does the I/O.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from typing import Any

import httpx

from .._exceptions import ApiError
from ._cache import AnswerCache, request_key, resolve_cache_dir
from ._config import ClientConfig, resolve_config
from ._core import Call, OcrResponse, PdfMode, build_request, plan_calls, read_answer
from ._deadline import bounded_transport, deadline_scope
from ._errors import MAX_RESPONSE_BYTES, deadline_exceeded, response_too_large, transport_error
from ._inputs import Source
from ._logs import protect
from ._requests import Api
from ._retry import RetryPolicy, next_delay, parse_retry_after


class OcrClient:
    """Calls Qwen-OCR. `transport` is the httpx test seam; `sleep` and `clock` make retry waits
    observable without waiting. The API key is never shown by `repr`, logs or exceptions.
    `cache_dir` (default `$OCRCHECK_CACHE_DIR`; False turns it off) keeps successful answers so
    the same image and request are never paid for twice.

    >>> OcrClient(api_key="sk-example", base_url="http://127.0.0.1:9")
    OcrClient(base_url='http://127.0.0.1:9', model='qwen3.5-ocr', api='native')
    """

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
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        seed: int | None = None,
        cache_dir: str | os.PathLike[str] | bool | None = None,
    ) -> None:
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
        directory = resolve_cache_dir(cache_dir)
        self.cache: AnswerCache | None = AnswerCache(directory) if directory is not None else None
        self._http = httpx.Client(
            transport=transport if transport is not None else bounded_transport(),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        )

    def __repr__(self) -> str:
        return f"OcrClient(base_url={self.config.base_url!r}, model={self.config.model!r}, api={self.api!r})"

    def __enter__(self) -> OcrClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def ocr(
        self, source: Source, *, model: str | None = None, api: Api | None = None, **options: Any
    ) -> OcrResponse:
        """One image (path, bytes or URL) → one answer. Options: task, prompt, doc_type,
        result_schema, enable_rotate, min_pixels, max_pixels, max_tokens, extra."""
        responses = self.ocr_document(source, model=model, api=api, **options)
        if len(responses) != 1:
            raise ValueError(f"{len(responses)} answers for one source (a PDF?); use ocr_document()")
        return responses[0]

    def ocr_document(
        self,
        source: Source,
        *,
        model: str | None = None,
        api: Api | None = None,
        pdf: PdfMode = "pages",
        **options: Any,
    ) -> list[OcrResponse]:
        """An image or a PDF → one answer per page (or one Responses API answer with pdf='responses').
        Every page is preflighted before the first request is sent."""
        request = build_request(**options)
        calls = plan_calls(self.config, source, request, api=api or self.api, pdf=pdf, model=model)
        return [self.send(call) for call in calls]

    def send(self, call: Call) -> OcrResponse:
        """One call's answer: from the answer cache when it holds it (no request sent), else
        POSTed with the retries the policy allows; raises the last `ApiError`."""
        if self.cache is None:
            return self._post(call)
        key = request_key(call)
        cached = self.cache.get(call, key)
        if cached is not None:
            return cached
        response = self._post(call)
        self.cache.put(call, response, key)
        return response

    def _post(self, call: Call) -> OcrResponse:
        """Tries until an answer, a final error, `max_attempts` or the deadline: the deadline
        bounds the whole call (it is checked before each attempt, each attempt gets only what is
        left of it, and a wait that would end past it is not started)."""
        started = self._clock()
        deadline = self.retry.deadline
        attempts = 0
        error: ApiError | None = None
        while True:
            remaining = deadline - (self._clock() - started)
            if remaining <= 0:
                raise deadline_exceeded(deadline, attempts, error)
            attempts += 1
            retry_after: float | None = None
            try:
                status, headers, content = self._exchange(call, remaining, started)
            except httpx.TransportError as exc:
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
            self._sleep(min(delay, max(0.0, deadline - (self._clock() - started))))

    def _exchange(self, call: Call, remaining: float, started: float) -> tuple[int, httpx.Headers, bytes]:
        """One request and its body, read in chunks up to `MAX_RESPONSE_BYTES`, within `remaining`."""
        timeout = httpx.Timeout(min(self.config.timeout, remaining), connect=min(self.config.timeout, 10.0, remaining))
        with deadline_scope(remaining), self._http.stream(
            "POST", call.url, content=call.content(), headers=self.config.headers(), timeout=timeout
        ) as reply:
            declared = reply.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                raise response_too_large(reply.status_code)
            chunks: list[bytes] = []
            size = 0
            for chunk in reply.iter_bytes():
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise response_too_large(reply.status_code)
                chunks.append(chunk)
                if self._clock() - started > self.retry.deadline:  # a transport of the caller's own
                    raise httpx.ReadTimeout("the call's deadline passed while reading the answer")
            return reply.status_code, reply.headers, b"".join(chunks)

