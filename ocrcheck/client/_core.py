"""What the sync and async clients share: turning a source into calls, and an HTTP answer into
an `OcrResponse` or an exception. Pure functions; the clients only add I/O and sleeping.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .._exceptions import ApiError, InputError
from ..wire import as_id, is_error_body, read_envelope
from ._config import ClientConfig, scrub
from ._errors import error_from_response
from ._inputs import ImageInput, PdfInput, Source, load_source, pdf_page_count, pdf_pages
from ._preflight import check_image, check_pdf
from ._requests import APIS, Api, OcrRequest, chat_body, native_body, responses_body

PdfMode = Literal["pages", "responses"]
RESPONSES_MODELS = ("qwen3.5-ocr",)


@dataclass(frozen=True)
class OcrResponse:
    """One service answer, kept whole for audit and cost: `raw` is the JSON body as received."""

    raw: dict[str, Any]
    api: str
    request_id: str | None
    model: str | None
    usage: dict[str, Any] = field(default_factory=dict)
    attempts: int = 1
    source: str | None = None
    page: int | None = None
    cached: bool = False  # replayed from the answer cache: no request was sent (attempts 0)

    @property
    def finish_reason(self) -> str | None:
        """`length` when the answer was cut at max_tokens; None when the shape has none (any
        shape: the body is the service's, or a hostile server's, and is never trusted)."""
        envelope = read_envelope(self.raw)
        if envelope is None:
            return None
        return "length" if envelope.incomplete else envelope.finish_reason

    @property
    def usable(self) -> bool:
        """Whether the answer holds any content at all (`choices: []`, a choice without a
        message, empty text: not usable, so never cached and replayed)."""
        return has_content(self.raw)


def has_content(raw: Mapping[str, Any]) -> bool:
    """Some text or content items in any of the three answer shapes."""
    envelope = read_envelope(raw)
    return envelope is not None and envelope.has_content


@dataclass(frozen=True)
class Call:
    """One HTTP request to make: where, what, and for which source (page)."""

    api: Api
    url: str
    body: dict[str, Any]
    source: str
    page: int | None = None
    image_size: tuple[int, int] | None = None  # (width, height) of the image sent, when known

    def content(self) -> bytes:
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


def build_request(
    *,
    task: str | None = None,
    prompt: str | None = None,
    doc_type: str | None = None,
    result_schema: dict[str, Any] | None = None,
    enable_rotate: bool | None = None,
    min_pixels: int | None = None,
    max_pixels: int | None = None,
    max_tokens: int | None = None,
    extra: dict[str, Any] | None = None,
) -> OcrRequest:
    """A document type means extraction with that type's result schema (`schemas/<type>.json`)."""
    if doc_type is not None:
        if result_schema is not None:
            raise InputError("give doc_type or result_schema, not both")
        if task not in (None, "key_information_extraction"):
            raise InputError(f"doc_type implies the key_information_extraction task, not {task}")
        from ..doctypes import result_schema as schema_for  # loaded only when a type is asked for

        task, result_schema = "key_information_extraction", schema_for(doc_type)
    return OcrRequest(
        task=task,
        prompt=prompt,
        result_schema=result_schema,
        enable_rotate=enable_rotate,
        min_pixels=min_pixels,
        max_pixels=max_pixels,
        max_tokens=max_tokens,
        extra=dict(extra or {}),
    )


def _image_call(config: ClientConfig, model: str, api: Api, image: ImageInput, request: OcrRequest) -> Call:
    if image.data is not None:
        check_image(image.data, model, name=image.name)
    if api == "native":
        body, url = native_body(model, [image.data_url()], request), config.native_url
    else:
        body, url = chat_body(model, [image.data_url()], request), config.chat_url
    info = image.info
    size = (info.width, info.height) if info is not None and info.width and info.height else None
    return Call(api, url, body, image.name, image.page, size)


def plan_calls(
    config: ClientConfig,
    source: Source,
    request: OcrRequest,
    *,
    api: Api = "native",
    pdf: PdfMode = "pages",
    model: str | None = None,
) -> list[Call]:
    """Every request one source needs, each preflighted; raises InputError before any is sent."""
    model = model or config.model
    if api not in APIS:
        raise InputError(f"unknown api {api!r}; one of {', '.join(APIS)}")
    if pdf not in ("pages", "responses"):
        raise InputError(f"pdf must be 'pages' or 'responses', got {pdf!r}")
    request.validate(model)
    loaded = load_source(source)
    if isinstance(loaded, PdfInput):
        return _pdf_calls(config, model, api, loaded, request, pdf)
    if api == "responses":
        raise InputError("the Responses API form is for PDF documents; images go native or chat")
    return [_image_call(config, model, api, loaded, request)]


def _pdf_calls(
    config: ClientConfig, model: str, api: Api, pdf: PdfInput, request: OcrRequest, mode: PdfMode
) -> list[Call]:
    if mode == "responses" or api == "responses":
        if not model.startswith(RESPONSES_MODELS):
            raise InputError(f"PDF input through the Responses API needs qwen3.5-ocr, not {model}")
        if pdf.data is not None:
            check_pdf(pdf.data, pdf_page_count(pdf), name=pdf.name)
        body = responses_body(model, pdf.data_url(), request)
        return [Call("responses", config.responses_url, body, pdf.name)]
    if pdf.url is not None:
        raise InputError(
            f"{pdf.name}: a PDF URL can only go through the Responses API (pdf='responses'); "
            "ocrcheck never fetches URLs"
        )
    page_api: Api = "chat" if api == "chat" else "native"
    return [_image_call(config, model, page_api, page, request) for page in pdf_pages(pdf)]


def read_answer(
    call: Call,
    status: int,
    headers: Mapping[str, str],
    content: bytes,
    attempts: int,
    config: ClientConfig,
) -> OcrResponse:
    """The `OcrResponse` of a 200 answer; raises the mapped `ApiError` for anything else."""
    if status != 200:
        raise error_from_response(status, content, headers, config.api_key)
    try:
        body = json.loads(content)
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise ApiError(
            "the service's answer is not a JSON object",
            status_code=status,
            code="InvalidResponse",
            request_id=headers.get("x-request-id"),
        )
    if is_error_body(body):
        raise error_from_response(status, body, headers, config.api_key)
    header_id = headers.get("x-request-id")
    header_id = scrub(header_id, config.api_key) if header_id is not None else None
    return response_from_body(call, body, header_id, attempts=attempts)


def response_from_body(
    call: Call, body: dict[str, Any], header_request_id: str | None, *, attempts: int, cached: bool = False
) -> OcrResponse:
    """The `OcrResponse` of a successful answer body (fresh, or replayed from the cache)."""
    envelope = read_envelope(body)
    usage = envelope.usage if envelope is not None else {}
    return OcrResponse(
        raw=body,
        api=call.api,
        request_id=as_id(body.get("request_id")) or header_request_id or as_id(body.get("id")),
        model=as_id(body.get("model")) or as_id(call.body.get("model")),
        usage=usage,
        attempts=attempts,
        source=call.source,
        page=call.page,
        cached=cached,
    )
