"""Answers and errors as the service sends them, in each of the three wire formats.

Shapes are those of the service document's example answers (DashScope native with `output`,
`usage`, `request_id`; chat completions; the Responses API with `output[].content[].ocr_result`)
and its error bodies (`{code, message, request_id}` native, `{"error": {...}}` compatible mode).
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field, replace
from typing import Any


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
        text = "```json\n" + json.dumps(fields, ensure_ascii=False, indent=4) + "\n```"
        return cls(text=text, kv_result=fields)

    @classmethod
    def words(cls, words_info: list[dict[str, Any]]) -> Answer:
        """An advanced_recognition answer: words with `location` and `rotate_rect`."""
        rects = [{"rotate_rect": w.get("rotate_rect")} for w in words_info]
        text = "```json\n" + json.dumps([{"pos_list": rects}], ensure_ascii=False) + "```"
        return cls(text=text, words_info=words_info)

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


def native_answer(answer: Answer, usage: Usage, rid: str) -> dict[str, Any]:
    item: dict[str, Any] = {"text": answer.text}
    ocr_result = _ocr_result(answer)
    if ocr_result is not None:
        item["ocr_result"] = ocr_result
    return {
        "output": {
            "choices": [
                {"finish_reason": answer.finish_reason, "message": {"role": "assistant", "content": [item]}}
            ]
        },
        "usage": {
            "input_tokens_details": {"text_tokens": usage.text_tokens, "image_tokens": usage.image_tokens},
            "total_tokens": usage.input_tokens + usage.output_tokens,
            "output_tokens": usage.output_tokens,
            "input_tokens": usage.input_tokens,
            "output_tokens_details": {"text_tokens": usage.output_tokens},
            "image_tokens": usage.image_tokens,
        },
        "request_id": rid,
    }


def chat_answer(answer: Answer, usage: Usage, model: str) -> dict[str, Any]:
    return {
        "choices": [
            {
                "message": {"content": answer.text, "role": "assistant"},
                "finish_reason": answer.finish_reason,
                "index": 0,
                "logprobs": None,
            }
        ],
        "object": "chat.completion",
        "usage": {
            "prompt_tokens": usage.input_tokens,
            "completion_tokens": usage.output_tokens,
            "total_tokens": usage.input_tokens + usage.output_tokens,
        },
        "created": int(time.time()),
        "system_fingerprint": None,
        "model": model,
        "id": f"chatcmpl-{uuid.uuid4()}",
    }


def responses_answer(answer: Answer, usage: Usage, model: str) -> dict[str, Any]:
    part: dict[str, Any] = {"type": "output_text", "text": answer.text, "annotations": []}
    ocr_result = _ocr_result(answer)
    if ocr_result is not None:
        part["ocr_result"] = ocr_result
    cut = answer.finish_reason == "length"
    return {
        "id": f"resp_{uuid.uuid4().hex}",
        "object": "response",
        "created_at": int(time.time()),
        "status": "incomplete" if cut else "completed",
        "incomplete_details": {"reason": "max_output_tokens"} if cut else None,
        "error": None,
        "model": model,
        "output": [
            {
                "type": "message",
                "id": f"msg_{uuid.uuid4().hex}",
                "role": "assistant",
                "status": "incomplete" if cut else "completed",
                "content": [part],
            }
        ],
        "parallel_tool_calls": False,
        "tool_choice": "auto",
        "tools": [],
        "usage": {
            "input_tokens": usage.input_tokens,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": usage.output_tokens,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": usage.input_tokens + usage.output_tokens,
        },
    }


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
    if api == "native":
        return {"code": code, "message": message, "request_id": rid}
    if code == "InvalidApiKey":  # the compatible mode's own wording of a refused key
        code, message = "invalid_api_key", "Incorrect API key provided. "
    return {
        "error": {"message": message, "type": _COMPATIBLE_TYPES.get(status, "internal_error"), "param": None,
                  "code": code},
        "request_id": rid,
    }
