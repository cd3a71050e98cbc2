"""The service's wire formats: the one module that knows how an answer is wrapped.

Answer envelopes (qwen-ocr.md, "Wire formats"; the service document's example answers):

* DashScope native (`dashscope`): `output.choices[0].message.content` is a list of items, each
  with `text` and perhaps `ocr_result` (`kv_result`, `words_info`); `finish_reason` in the
  choice; `usage` and `request_id` at the top. The older text-generation shape has
  `output.text` and `output.finish_reason` instead.
* OpenAI-compatible chat completion (`openai`): `choices[0].message.content`, a string (or a
  list of items); `finish_reason` in the choice; `id`, `model`, `usage` at the top.
* Responses API (`responses`): `output[*].content[*]` items (`output_text` with `text`, perhaps
  `ocr_result`); a cut answer says `status: "incomplete"`, `incomplete_details.reason:
  "max_output_tokens"`, read here as `finish_reason: "length"` like the other two.

Error bodies: native `{code, message, request_id}`; compatible mode `{"error": {code, message,
type, param}, request_id}`.

And the Markdown fence grammar the model wraps JSON, HTML and LaTeX in: an opening ```` ``` ````,
an optional language tag (letters, digits, `_+-`) and spaces, an optional line break, the body,
and the closing ```` ``` ````, which is missing when the answer was cut (the body then runs to
the end of the text).

The readers take untrusted input: any JSON value in any place. They never raise; a part of the
wrong type (`choices[0]` a string, `usage` a list) is read as absent and named in
`Envelope.problem`, which the parser reports and the lenient readers (normalisers, client)
ignore. No regular expressions: each reader is one pass over what it reads. The writers, used by
the fake server and the fixture script, produce exactly what the readers read (a test
round-trips every format).

This module imports nothing else from ocrcheck: parse, normalise, the client and the testing
server all stand on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FENCE = "```"
_LANG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-")
# The wire format an answer from each endpoint has (client/_requests names the endpoints).
WIRE_OF_API = {"native": "dashscope", "chat": "openai", "responses": "responses"}
_MAX_ID = 200


# -- fences -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fenced:
    """The first fenced block of a text: its body (stripped), language tag, and whether a fence
    was there at all and was closed. Unfenced text is its own body."""

    body: str
    lang: str = ""
    fenced: bool = False
    closed: bool = True


def unfence(text: str) -> Fenced:
    """The body of the first Markdown fence (```` ```json … ``` ````), or the text itself."""
    start = text.find(FENCE)
    if start < 0:
        return Fenced(text.strip())
    at = _skip_blanks(text, start + len(FENCE))
    tag_end = at
    while tag_end < len(text) and text[tag_end] in _LANG_CHARS:
        tag_end += 1
    lang = text[at:tag_end]
    at = _skip_blanks(text, tag_end)
    if text.startswith("\r\n", at):
        at += 2
    elif text.startswith("\n", at):
        at += 1
    end = text.find(FENCE, at)
    if end < 0:
        return Fenced(text[at:].strip(), lang, True, False)
    return Fenced(text[at:end].strip(), lang, True, True)


def _skip_blanks(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t":
        at += 1
    return at


def fence(body: str, lang: str = "json") -> str:
    """`body` in a fenced block, as the service writes its JSON answers."""
    return f"{FENCE}{lang}\n{body}\n{FENCE}"


# -- answer envelopes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Envelope:
    """What a service answer says, whatever its wire format.

    `content` is the message content as sent (a string, a list of items, or None when absent or
    malformed); `items` its objects (for the Responses API, those of every output message).
    `request_id` is the native `request_id`, `response_id` the compatible modes' `id`; both, and
    `model`, are text (a number is printed; anything else is no id). `problem` is the first part
    of the envelope that had the wrong type and the JSON type it had (`("choices[0]",
    "string")`), or None.
    """

    wire_format: str
    content: str | list[Any] | None = None
    finish_reason: str | None = None
    incomplete: bool = False  # Responses API `status: "incomplete"`, whatever the reason
    usage: dict[str, Any] = field(default_factory=dict)
    request_id: str | None = None
    response_id: str | None = None
    model: str | None = None
    problem: tuple[str, str] | None = None

    @property
    def items(self) -> list[Mapping[str, Any]]:
        content = self.content
        return [item for item in content if isinstance(item, Mapping)] if isinstance(content, list) else []

    @property
    def text(self) -> str:
        """The answer's text: the content string, or the `text` of its items, one per line."""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(item["text"] for item in self.items if isinstance(item.get("text"), str))

    @property
    def ocr_result(self) -> Mapping[str, Any] | None:
        """The first item's `ocr_result` (`kv_result`, `words_info`) that is an object."""
        for item in self.items:
            found = item.get("ocr_result")
            if isinstance(found, Mapping):
                return found
        return None

    @property
    def cut(self) -> bool:
        """The service stopped before the answer was whole (at `max_tokens`, or incomplete)."""
        return self.finish_reason == "length" or self.incomplete

    @property
    def has_content(self) -> bool:
        """Some text, or some non-empty item (`choices: []` or an empty message has none)."""
        if isinstance(self.content, str):
            return bool(self.content.strip())
        return any(self.items)


_JSON_TYPES = {str: "string", int: "number", float: "number", bool: "boolean", list: "array", type(None): "null"}


def json_type(value: Any) -> str:
    """The JSON name of a value's type (`string`, `array`, `object`, ...)."""
    return _JSON_TYPES.get(type(value), "object" if isinstance(value, Mapping) else "value")


class _Reader:
    """Reads parts of one envelope, remembering the first part of the wrong type."""

    def __init__(self) -> None:
        self.problem: tuple[str, str] | None = None

    def get(self, value: Any, types: type | tuple[type, ...], where: str) -> Any:
        """`value` if it is None or of `types`; else None, and the part is named as the problem."""
        if value is None or isinstance(value, types):
            return value
        if self.problem is None:
            self.problem = (where, json_type(value))
        return None


def as_id(value: Any) -> str | None:
    """An id or model name as text (a number is printed; a list or object is no id)."""
    if isinstance(value, str):
        return value[:_MAX_ID]
    if isinstance(value, int) and not isinstance(value, bool):
        # An integer of thousands of digits is no id, and str() refuses it (int_max_str_digits).
        return str(value)[:_MAX_ID] if value.bit_length() <= 1000 else None
    if isinstance(value, float):
        return str(value)[:_MAX_ID]
    return None


def _choice(read: _Reader, choices: list[Any], where: str) -> tuple[Any, str | None]:
    """(content, finish_reason) of the first choice of a native or chat answer."""
    if not choices:
        return None, None
    choice = read.get(choices[0], Mapping, f"{where}[0]")
    if choice is None:
        return None, None
    message = read.get(choice.get("message"), Mapping, f"{where}[0].message") or {}
    content = read.get(message.get("content"), (str, list), f"{where}[0].message.content")
    return content, read.get(choice.get("finish_reason"), str, f"{where}[0].finish_reason")


def _responses(read: _Reader, answer: Mapping[str, Any], output: list[Any]) -> tuple[list[Any], str | None, bool]:
    items: list[Any] = []
    for entry in output:
        # Other kinds of output entry (reasoning, tool calls) carry no content list: skipped.
        if isinstance(entry, Mapping) and isinstance(entry.get("content"), list):
            items.extend(entry["content"])
    if answer.get("status") != "incomplete":
        return items, None, False
    details = answer.get("incomplete_details")
    reason = details.get("reason") if isinstance(details, Mapping) else None
    # The service's reason when it gives another one (content_filter); `length` for the token limit.
    finish = reason[:_MAX_ID] if isinstance(reason, str) and reason != "max_output_tokens" else "length"
    return items, finish, True


def read_envelope(answer: Mapping[str, Any]) -> Envelope | None:
    """The envelope of a service answer, or None when `answer` is no envelope of the service's
    (a bare object of fields, a user's own shape). Never raises."""
    read = _Reader()
    output = answer.get("output")
    incomplete = False
    if isinstance(output, Mapping) and isinstance(output.get("choices"), list):
        wire = "dashscope"
        content, finish = _choice(read, output["choices"], "output.choices")
    elif isinstance(output, Mapping) and "text" in output:  # DashScope text-generation shape
        wire = "dashscope"
        content = read.get(output.get("text"), str, "output.text")
        finish = read.get(output.get("finish_reason"), str, "output.finish_reason")
    elif isinstance(answer.get("choices"), list):
        wire = "openai"
        content, finish = _choice(read, answer["choices"], "choices")
    elif isinstance(output, list):
        wire = "responses"
        content, finish, incomplete = _responses(read, answer, output)
    else:
        return None
    usage = read.get(answer.get("usage"), Mapping, "usage")
    return Envelope(
        wire_format=wire,
        content=content,
        finish_reason=finish,
        incomplete=incomplete,
        usage=dict(usage) if usage else {},
        request_id=as_id(answer.get("request_id")),
        response_id=as_id(answer.get("id")),
        model=as_id(answer.get("model")),
        problem=read.problem,
    )


# -- error bodies -------------------------------------------------------------------------------


def error_parts(body: Any) -> tuple[Any, Any, Any]:
    """(code, message, request_id) of an error body in either shape, each as sent (any type, or
    None). The compatible mode's `type` stands in for a missing `code`."""
    if not isinstance(body, Mapping):
        return None, None, None
    error = body.get("error")
    if isinstance(error, Mapping):
        return error.get("code") or error.get("type"), error.get("message"), body.get("request_id")
    return body.get("code"), body.get("message"), body.get("request_id")


def is_error_body(body: Mapping[str, Any]) -> bool:
    """Whether a body is the service's error answer rather than an answer (the HTTP status may
    still say 200, and a bare object of fields may have a `code` field of its own)."""
    if isinstance(body.get("error"), Mapping):
        return True
    return bool(body.get("code")) and "message" in body and "output" not in body and "choices" not in body


# -- writers (the fake server, fixtures) --------------------------------------------------------


@dataclass(frozen=True)
class Tokens:
    """Token counts of one answer, spelt out per wire format by the writers."""

    image: int = 0
    text: int = 0
    output: int = 0

    @property
    def input(self) -> int:
        return self.image + self.text


def _item(text: str, ocr_result: Mapping[str, Any] | None, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {**extra, "text": text}
    if ocr_result is not None:
        item["ocr_result"] = dict(ocr_result)
    return item


def native_answer(
    text: str,
    *,
    ocr_result: Mapping[str, Any] | None = None,
    finish_reason: str = "stop",
    tokens: Tokens = Tokens(),
    request_id: str,
) -> dict[str, Any]:
    """A DashScope native answer body."""
    message = {"role": "assistant", "content": [_item(text, ocr_result)]}
    return {
        "output": {"choices": [{"finish_reason": finish_reason, "message": message}]},
        "usage": {
            "input_tokens_details": {"text_tokens": tokens.text, "image_tokens": tokens.image},
            "total_tokens": tokens.input + tokens.output,
            "output_tokens": tokens.output,
            "input_tokens": tokens.input,
            "output_tokens_details": {"text_tokens": tokens.output},
            "image_tokens": tokens.image,
        },
        "request_id": request_id,
    }


def chat_answer(
    text: str, *, finish_reason: str = "stop", tokens: Tokens = Tokens(), model: str, response_id: str, created: int
) -> dict[str, Any]:
    """An OpenAI-compatible chat completion body (no `ocr_result`: the mode has none)."""
    return {
        "choices": [
            {
                "message": {"content": text, "role": "assistant"},
                "finish_reason": finish_reason,
                "index": 0,
                "logprobs": None,
            }
        ],
        "object": "chat.completion",
        "usage": {
            "prompt_tokens": tokens.input,
            "completion_tokens": tokens.output,
            "total_tokens": tokens.input + tokens.output,
        },
        "created": created,
        "system_fingerprint": None,
        "model": model,
        "id": response_id,
    }


def responses_answer(
    text: str,
    *,
    ocr_result: Mapping[str, Any] | None = None,
    finish_reason: str = "stop",
    tokens: Tokens = Tokens(),
    model: str,
    response_id: str,
    message_id: str,
    created: int,
) -> dict[str, Any]:
    """A Responses API body; `finish_reason="length"` makes it incomplete at max_output_tokens."""
    cut = finish_reason == "length"
    status = "incomplete" if cut else "completed"
    part = _item(text, ocr_result, type="output_text")
    part["annotations"] = []
    return {
        "id": response_id,
        "object": "response",
        "created_at": created,
        "status": status,
        "incomplete_details": {"reason": "max_output_tokens"} if cut else None,
        "error": None,
        "model": model,
        "output": [{"type": "message", "id": message_id, "role": "assistant", "status": status, "content": [part]}],
        "parallel_tool_calls": False,
        "tool_choice": "auto",
        "tools": [],
        "usage": {
            "input_tokens": tokens.input,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": tokens.output,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": tokens.input + tokens.output,
        },
    }


def error_answer(
    api: str, code: str, message: str, request_id: str, error_type: str = "internal_error"
) -> dict[str, Any]:
    """An error body as the endpoint `api` (`native`, `chat`, `responses`) shapes it."""
    if api == "native":
        return {"code": code, "message": message, "request_id": request_id}
    return {"error": {"message": message, "type": error_type, "param": None, "code": code}, "request_id": request_id}
