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
from ._errors import transport_error
from ._inputs import Source
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
        self.api: Api = api
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._rng = random.Random(seed)
        directory = resolve_cache_dir(cache_dir)
        self.cache: AnswerCache | None = AnswerCache(directory) if directory is not None else None
        self._http = httpx.Client(transport=transport, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)))

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
        started = self._clock()
        attempts = 0
        while True:
            attempts += 1
            retry_after: float | None = None
            try:
                reply = self._http.post(call.url, content=call.content(), headers=self.config.headers())
            except httpx.TransportError as exc:
                error: ApiError = transport_error(exc)
            else:
                try:
                    return read_answer(call, reply.status_code, reply.headers, reply.content, attempts, self.config)
                except ApiError as exc:
                    error = exc
                retry_after = parse_retry_after(reply.headers.get("retry-after"))
            delay = next_delay(self.retry, attempts, error, retry_after, self._clock() - started, self._rng)
            if delay is None:
                raise error
            self._sleep(delay)
