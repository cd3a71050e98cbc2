"""Request bodies for the three wire forms, as pure functions of one `OcrRequest`.

Shapes follow the service document's examples field for field: DashScope native
(`input.messages` + `parameters.ocr_options`), OpenAI-compatible chat (the task's prompt as a text
item, since that API has no `ocr_options`), and the Responses API for PDF (`input_file` +
`ocr_options` at the top level, which is what the OpenAI SDK's `extra_body` produces).
Nothing here streams: with streaming the service leaves `ocr_result` empty for built-in tasks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .._exceptions import InputError
from ._tasks import check_schema, check_task, prompt_for

Api = Literal["native", "chat", "responses"]
APIS: tuple[str, ...] = ("native", "chat", "responses")


@dataclass(frozen=True)
class OcrRequest:
    """What to ask of one image or document; the same for every wire form."""

    task: str | None = None
    prompt: str | None = None
    result_schema: dict[str, Any] | None = None
    enable_rotate: bool | None = None
    min_pixels: int | None = None
    max_pixels: int | None = None
    max_tokens: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def validate(self, model: str) -> None:
        if self.task is None and not self.prompt:
            raise InputError("give a task (e.g. key_information_extraction) or a prompt")
        check_task(self.task, model)
        if self.result_schema is not None:
            if self.task != "key_information_extraction":
                raise InputError("result_schema only applies to the key_information_extraction task")
            check_schema(self.result_schema)
        for name in ("min_pixels", "max_pixels", "max_tokens"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value <= 0):
                raise InputError(f"{name} must be a positive integer, got {value!r}")
        if self.extra.get("stream") or self.extra.get("incremental_output"):
            raise InputError("streaming is not supported: the service leaves ocr_result empty when streaming")


def ocr_options(request: OcrRequest) -> dict[str, Any]:
    options: dict[str, Any] = {"task": request.task}
    if request.result_schema is not None:
        options["task_config"] = {"result_schema": request.result_schema}
    return options


def _pixels(request: OcrRequest) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if request.min_pixels is not None:
        out["min_pixels"] = request.min_pixels
    if request.max_pixels is not None:
        out["max_pixels"] = request.max_pixels
    return out


def native_body(model: str, image_urls: list[str], request: OcrRequest) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    for url in image_urls:
        item: dict[str, Any] = {"image": url, **_pixels(request)}
        if request.enable_rotate is not None:
            item["enable_rotate"] = request.enable_rotate
        content.append(item)
    if request.prompt:
        content.append({"text": request.prompt})
    body: dict[str, Any] = {"model": model, "input": {"messages": [{"role": "user", "content": content}]}}
    parameters: dict[str, Any] = {}
    if request.task is not None:
        parameters["ocr_options"] = ocr_options(request)
    if request.max_tokens is not None:
        parameters["max_tokens"] = request.max_tokens
    parameters.update(request.extra)
    if parameters:
        body["parameters"] = parameters
    return body


def chat_body(model: str, image_urls: list[str], request: OcrRequest) -> dict[str, Any]:
    content: list[dict[str, Any]] = [
        {"type": "image_url", "image_url": {"url": url}, **_pixels(request)} for url in image_urls
    ]
    if request.task is not None:
        content.append({"type": "text", "text": prompt_for(request.task, request.result_schema)})
    if request.prompt:
        content.append({"type": "text", "text": request.prompt})
    body: dict[str, Any] = {"model": model, "messages": [{"role": "user", "content": content}]}
    if request.max_tokens is not None:
        body["max_tokens"] = request.max_tokens
    body.update(request.extra)
    return body


def responses_body(model: str, file_url: str, request: OcrRequest) -> dict[str, Any]:
    content: list[dict[str, Any]] = [{"type": "input_file", "file_url": file_url}]
    if request.prompt:
        content.append({"type": "input_text", "text": request.prompt})
    body: dict[str, Any] = {"model": model, "input": [{"role": "user", "content": content}]}
    if request.task is not None:
        body["ocr_options"] = ocr_options(request)
    if request.max_tokens is not None:
        body["max_output_tokens"] = request.max_tokens
    body.update(request.extra)
    return body
