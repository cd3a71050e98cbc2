"""The one place where service error answers become ocrcheck exceptions.

Native errors are `{"code", "message", "request_id"}`; the OpenAI-compatible mode wraps them as
`{"error": {"code", "message", "type", "param"}, "request_id"}`. Classification is by `code`
first and HTTP status second, never by wording (design.md, Service facts).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .._exceptions import ApiError, AuthError, RateLimited
from ._config import Secret, scrub

AUTH_CODES = frozenset({"InvalidApiKey", "invalid_api_key"})
# Throttling.AllocationQuota (tokens/min) is worded `insufficient_quota` by the compatible mode,
# yet it clears within the minute, so it is retried like the other throttling codes.
THROTTLE_CODES = frozenset({"Throttling", "Throttling.RateQuota", "Throttling.AllocationQuota", "insufficient_quota"})
# Final whatever the status: retrying cannot help and may bill again.
FINAL_CODES = frozenset({
    "InvalidParameter", "InvalidApiKey", "invalid_api_key", "Arrearage", "DataInspectionFailed",
    "ResponseTooLarge", "DeadlineExceeded",
})
# The largest answer body read (after decompression). A real answer is a few hundred KB at most
# (max_tokens caps the text); a 300 MB body from a broken proxy or a hostile server was read
# whole before. The review queue's line bound (64 MiB) is sized to hold one such answer.
MAX_RESPONSE_BYTES = 16 << 20
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_MAX_MESSAGE = 500
_MAX_RAW_MESSAGE = 200  # a body that is not JSON: an HTML error page, a proxy's text
_MAX_FIELD = 200


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _fields(body: Any) -> tuple[str | None, str | None, str | None]:
    """(code, message, request_id) from either error shape."""
    if not isinstance(body, Mapping):
        return None, None, None
    request_id = body.get("request_id")
    error = body.get("error")
    if isinstance(error, Mapping):
        code = error.get("code") or error.get("type")
        return (str(code) if code else None), error.get("message"), request_id
    return body.get("code"), body.get("message"), request_id


def error_from_response(
    status: int | None,
    content: bytes | str | Mapping[str, Any] | None,
    headers: Mapping[str, str] | None = None,
    secret: Secret | None = None,
) -> ApiError:
    """An `ApiError` (or `AuthError` / `RateLimited`) for an error answer. Never raises itself."""
    body: Any = content
    if isinstance(content, (bytes, str)):
        try:
            body = json.loads(content)
        except (ValueError, RecursionError):
            body = None
    code, message, request_id = _fields(body)
    if request_id is None and headers is not None:
        request_id = headers.get("x-request-id") or headers.get("x-dashscope-request-id")
    if not message:
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        message = text.strip() if isinstance(text, str) and text.strip() else "no error message"
    # Scrub first, cut after: every text the service sent back may echo the key.
    message = _cut(scrub(str(message), secret), _MAX_MESSAGE if body is not None else _MAX_RAW_MESSAGE)
    code = _cut(scrub(str(code), secret), _MAX_FIELD) if code is not None else None
    request_id = _cut(scrub(str(request_id), secret), _MAX_FIELD) if request_id is not None else None
    kwargs: dict[str, Any] = {"status_code": status, "code": code, "request_id": request_id}
    if code in AUTH_CODES or status in (401, 403):
        return AuthError(message, **kwargs)
    if status == 429 or code in THROTTLE_CODES:
        return RateLimited(message, **kwargs)
    return ApiError(message, **kwargs)


def response_too_large(status: int, limit: int = MAX_RESPONSE_BYTES) -> ApiError:
    return ApiError(
        f"the answer body exceeds {limit} bytes; stopped reading",
        status_code=status,
        code="ResponseTooLarge",
    )


def deadline_exceeded(deadline: float, attempts: int, last: ApiError | None) -> ApiError:
    """The whole call (connect, body, retries and waits) ran out of time."""
    tried = f"{attempts} attempt{'s' * (attempts != 1)}"
    detail = f"; last: {last}" if last is not None else ""
    return ApiError(f"no complete answer within the {deadline:g} s deadline ({tried}{detail})", code="DeadlineExceeded")


def transport_error(error: Exception) -> ApiError:
    """A connection or timeout failure, as an ApiError without status (code names the kind)."""
    return ApiError(f"no answer from the service ({type(error).__name__})", code=type(error).__name__)


def is_retryable(error: ApiError) -> bool:
    if error.code in FINAL_CODES:
        return False
    if error.code in THROTTLE_CODES:
        return True
    if error.status_code is None:  # connection reset, timeout: no answer came back
        return True
    return error.status_code in RETRY_STATUSES


def stops_batch(error: ApiError) -> bool:
    """A refused key or an unpaid account fails every further request too: stop the batch."""
    return isinstance(error, AuthError) or error.code == "Arrearage"
