"""The Qwen-OCR service client: three wire forms, every built-in task, preflight, retries.

    OcrClient / AsyncOcrClient  ─ plan_calls (inputs → preflight → request bodies)
                                ─ send (httpx) → read_answer → OcrResponse | ApiError
                                ─ next_delay (RetryPolicy: backoff, full jitter, Retry-After)
                                ─ AnswerCache (cache_dir: never pay twice for one request)
    BatchApiClient              ─ the Batch API: upload, create, retrieve, download (half price)

The names below are imported on first use (`ocrcheck._lazy`): `ocrcheck estimate` needs the
token arithmetic and the preflight, not httpx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes

if TYPE_CHECKING:
    from ._async import AsyncOcrClient
    from ._batch import BatchItem, iterate_in_thread, run_batch, run_batch_async
    from ._batch_api import BatchApiClient, PollPolicy
    from ._cache import AnswerCache, request_key
    from ._config import DEFAULT_MODEL, REGIONS, ClientConfig, resolve_config
    from ._core import Call, OcrResponse, build_request, plan_calls
    from ._errors import error_from_response, is_retryable, stops_batch
    from ._imageinfo import ImageInfo, image_info
    from ._preflight import check_image
    from ._requests import OcrRequest, chat_body, native_body, responses_body
    from ._retry import RetryPolicy
    from ._sync import OcrClient
    from ._tasks import TASK_PROMPTS, TASKS, prompt_for
    from ._tokens import estimate_tokens, smart_resize, tokens_for_size

_EXPORTS = {
    "._async": ("AsyncOcrClient",),
    "._batch": ("BatchItem", "iterate_in_thread", "run_batch", "run_batch_async"),
    "._batch_api": ("BatchApiClient", "PollPolicy"),
    "._cache": ("AnswerCache", "request_key"),
    "._config": ("DEFAULT_MODEL", "REGIONS", "ClientConfig", "resolve_config"),
    "._core": ("Call", "OcrResponse", "build_request", "plan_calls"),
    "._errors": ("error_from_response", "is_retryable", "stops_batch"),
    "._imageinfo": ("ImageInfo", "image_info"),
    "._preflight": ("check_image",),
    "._requests": ("OcrRequest", "chat_body", "native_body", "responses_body"),
    "._retry": ("RetryPolicy",),
    "._sync": ("OcrClient",),
    "._tasks": ("TASK_PROMPTS", "TASKS", "prompt_for"),
    "._tokens": ("estimate_tokens", "smart_resize", "tokens_for_size"),
}
__getattr__, __dir__ = lazy_attributes(__name__, globals(), _EXPORTS)

__all__ = [  # noqa: RUF022 - plain sorted() order, which the public API test checks
    "AnswerCache",
    "AsyncOcrClient",
    "BatchApiClient",
    "BatchItem",
    "Call",
    "ClientConfig",
    "DEFAULT_MODEL",
    "ImageInfo",
    "OcrClient",
    "OcrRequest",
    "OcrResponse",
    "PollPolicy",
    "REGIONS",
    "RetryPolicy",
    "TASKS",
    "TASK_PROMPTS",
    "build_request",
    "chat_body",
    "check_image",
    "error_from_response",
    "estimate_tokens",
    "image_info",
    "is_retryable",
    "iterate_in_thread",
    "native_body",
    "plan_calls",
    "prompt_for",
    "request_key",
    "resolve_config",
    "responses_body",
    "run_batch",
    "run_batch_async",
    "smart_resize",
    "stops_batch",
    "tokens_for_size",
]
