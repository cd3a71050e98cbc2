"""Answers and errors as the service sends them, in each of the three wire formats.

The envelopes themselves are `ocrcheck.wire`'s, the same module the parser, the normalisers and
the client read them with; here is what the fake server adds: what the model "wrote" (`Answer`),
token counts, fresh ids and timestamps, and the service's default error codes and wording.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from .. import wire


@dataclass(frozen=True)
class Answer:
    """What the model "wrote" for one request, independent of the wire format.

    `kv_result` and `words_info` become `ocr_result` in the native and Responses formats (the
    compatible chat format has no such field, as in the real service).
    """

    text: str
    kv_result: dict[str, Any] | None = None
    words_info: list[dict[str, Any]] | None = None
    finish_reason: str = "stop"
    usage: dict[str, int] | None = None

    @classmethod
    def fields(cls, fields: dict[str, Any]) -> Answer:
        """An extraction answer: fenced JSON text plus `kv_result`, like the document's example."""
        return cls(text=wire.fence(json.dumps(fields, ensure_ascii=False, indent=4)), kv_result=fields)

    @classmethod
    def words(cls, words_info: list[dict[str, Any]]) -> Answer:
        """An advanced_recognition answer: words with `location` and `rotate_rect`."""
        rects = [{"rotate_rect": w.get("rotate_rect")} for w in words_info]
        return cls(text=wire.fence(json.dumps([{"pos_list": rects}], ensure_ascii=False)), words_info=words_info)

    def cut(self) -> Answer:
        """The answer stopped at max_tokens: half the text, `finish_reason: length`, no ocr_result."""
        return replace(self, text=self.text[: max(1, len(self.text) // 2)], finish_reason="length",
                       kv_result=None, words_info=None)


@dataclass
class Usage:
    image_tokens: int = 0
    text_tokens: int = 0
    output_tokens: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def input_tokens(self) -> int:
        return self.image_tokens + self.text_tokens


def request_id() -> str:
    return str(uuid.uuid4())


def _ocr_result(answer: Answer) -> dict[str, Any] | None:
    if answer.kv_result is not None:
        return {"kv_result": answer.kv_result}
    if answer.words_info is not None:
        return {"words_info": answer.words_info}
    return None


def _tokens(usage: Usage) -> wire.Tokens:
    return wire.Tokens(image=usage.image_tokens, text=usage.text_tokens, output=usage.output_tokens)


def native_answer(answer: Answer, usage: Usage, rid: str) -> dict[str, Any]:
    return wire.native_answer(answer.text, ocr_result=_ocr_result(answer), finish_reason=answer.finish_reason,
                              tokens=_tokens(usage), request_id=rid)


def chat_answer(answer: Answer, usage: Usage, model: str) -> dict[str, Any]:
    return wire.chat_answer(answer.text, finish_reason=answer.finish_reason, tokens=_tokens(usage), model=model,
                            response_id=f"chatcmpl-{uuid.uuid4()}", created=int(time.time()))


def responses_answer(answer: Answer, usage: Usage, model: str) -> dict[str, Any]:
    return wire.responses_answer(answer.text, ocr_result=_ocr_result(answer), finish_reason=answer.finish_reason,
                                 tokens=_tokens(usage), model=model, response_id=f"resp_{uuid.uuid4().hex}",
                                 message_id=f"msg_{uuid.uuid4().hex}", created=int(time.time()))


# Default codes and messages per status, worded as the service words them.
ERRORS: dict[int, tuple[str, str]] = {
    400: ("InvalidParameter", "The request is invalid."),
    401: ("InvalidApiKey", "Invalid API-key provided."),
    403: ("AccessDenied", "Access denied."),
    408: ("RequestTimeOut", "Request timed out, please try again later."),
    429: ("Throttling.RateQuota", "Requests rate limit exceeded, please try again later."),
    500: ("InternalError", "An internal error has occured, please try again later."),
    502: ("BadGateway", "Bad gateway."),
    503: ("ServiceUnavailable", "The service is temporarily unavailable."),
    504: ("GatewayTimeout", "Gateway timeout."),
}
_COMPATIBLE_TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 429: "requests"}


def error_body(api: str, status: int, code: str | None, message: str | None, rid: str) -> dict[str, Any]:
    default_code, default_message = ERRORS.get(status, ("InternalError", "Unexpected error."))
    code, message = code or default_code, message or default_message
    if api != "native" and code == "InvalidApiKey":  # the compatible mode's own wording of a refused key
        code, message = "invalid_api_key", "Incorrect API key provided. "
    return wire.error_answer(api, code, message, rid, _COMPATIBLE_TYPES.get(status, "internal_error"))
