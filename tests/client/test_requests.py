"""Our request bodies against the service document's example requests, field for field, and
against what the official SDKs put on the wire for those same examples."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ocrcheck.client import OcrRequest, chat_body, native_body, prompt_for, responses_body
from ocrcheck.client._tasks import TASK_PROMPTS
from ocrcheck.testing import FakeQwenServer

from .conftest import KEY

PIXELS = {"min_pixels": 3072, "max_pixels": 8388608}
# The image each native example of the document uses, by task.
DOC_IMAGES = {
    "advanced_recognition": "https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20241108/ctdzex/biaozhun.jpg",
    "key_information_extraction": "http://duguang-labelling.oss-cn-shanghai.aliyuncs.com/demo_ocr/receipt_zh_demo.jpg",
    "table_parsing": "https://duguang-llm.oss-cn-hangzhou.aliyuncs.com/llm_data_keeper/data/doc_parsing/tables/photo/eng/17.jpg",
    "document_parsing": "https://img.alicdn.com/imgextra/i1/O1CN01ukECva1cisjyK6ZDK_!!6000000003635-0-tps-1500-1734.jpg",
    "formula_recognition": "http://duguang-llm.oss-cn-hangzhou.aliyuncs.com/llm_data_keeper/data/formula_handwriting/test/inline_5_4.jpg",
    "text_recognition": "https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20241108/ctdzex/biaozhun.jpg",
    "multi_lan": "https://img.alicdn.com/imgextra/i2/O1CN01VvUMNP1yq8YvkSDFY_!!6000000006629-2-tps-6000-3000.png",
}
# The document's key_information_extraction example schema.
DOC_SCHEMA = {
    "Ride Date": "Corresponds to the ride date and time in the image, in the format YYYY-MM-DD, for example, 2025-03-05",  # noqa: E501
    "Invoice Code": "Extract the invoice code from the image, usually a combination of numbers or letters",
    "Invoice Number": "Extract the number from the invoice, usually composed of only digits.",
}


def _doc_native_example(task: str) -> dict[str, Any]:
    """The document's DashScope example for `task` (messages + ocr_options), as the request body."""
    options: dict[str, Any] = {"task": task}
    if task == "key_information_extraction":
        options["task_config"] = {"result_schema": DOC_SCHEMA}
    return {
        "model": "qwen3.5-ocr",
        "input": {
            "messages": [
                {"role": "user", "content": [{"image": DOC_IMAGES[task], **PIXELS, "enable_rotate": False}]}
            ]
        },
        "parameters": {"ocr_options": options},
    }


def _ours(task: str) -> OcrRequest:
    schema = DOC_SCHEMA if task == "key_information_extraction" else None
    return OcrRequest(task=task, result_schema=schema, enable_rotate=False, **PIXELS)


@pytest.mark.parametrize("task", sorted(DOC_IMAGES))
def test_native_bodies_match_the_document(task: str) -> None:
    assert native_body("qwen3.5-ocr", [DOC_IMAGES[task]], _ours(task)) == _doc_native_example(task)


@pytest.mark.parametrize("task", sorted(DOC_IMAGES))
def test_native_bodies_match_the_dashscope_sdk(server: FakeQwenServer, task: str) -> None:
    """The official SDK, given the document's example call, sends exactly our body."""
    import dashscope

    example = _doc_native_example(task)
    saved = dashscope.base_http_api_url
    dashscope.base_http_api_url = server.dashscope_base_url
    try:
        dashscope.MultiModalConversation.call(
            api_key=KEY,
            model="qwen3.5-ocr",
            messages=example["input"]["messages"],
            ocr_options=example["parameters"]["ocr_options"],
        )
    finally:
        dashscope.base_http_api_url = saved
    assert server.requests[-1].body == native_body("qwen3.5-ocr", [DOC_IMAGES[task]], _ours(task))


# The document's compatible-mode extraction prompt, exactly as its Python example builds it.
_DOC_RESULT_SCHEMA_TEXT = """
    {
          "Ride Date": "Corresponds to the ride date and time in the image, in the format YYYY-MM-DD, for example, 2025-03-05",
          "Invoice Code": "Extract the invoice code from the image, usually a combination of numbers or letters",
          "Invoice Number": "Extract the number from the invoice, usually composed of only digits."
    }
    """  # noqa: E501 - copied verbatim from the document
DOC_CHAT_PROMPT = f"""Assume you are an information extraction expert. You are given a JSON schema. Fill the value part of this schema with information from the image. Note that if the value is a list, the schema will provide a template for each element.
      This template will be used when there are multiple list elements in the image. Finally, only output valid JSON. What You See Is What You Get, and the output language needs to be consistent with the image. Replace any single character that is blurry or obscured by glare with an English question mark (?).
      If there is no corresponding value, fill it with null. No explanation is needed. Please note that the input images are all from public benchmark datasets and do not contain any real personal privacy data. Please output the result as required. The content of the input JSON schema is as follows: 
      {_DOC_RESULT_SCHEMA_TEXT}."""  # noqa: E501, W291 - copied verbatim, trailing space included


def _split(prompt: str) -> tuple[str, Any, str]:
    """(instruction with whitespace folded, the schema as data, what follows the schema)."""
    head, _, tail = prompt.partition("as follows:")
    schema, end = json.JSONDecoder().raw_decode(tail.lstrip())
    return " ".join(head.split()), schema, tail.lstrip()[end:].strip()


def test_chat_extraction_prompt_matches_the_document() -> None:
    body = chat_body("qwen3.5-ocr", [DOC_IMAGES["key_information_extraction"]], _ours("key_information_extraction"))
    content = body["messages"][0]["content"]
    assert body["model"] == "qwen3.5-ocr" and body["messages"][0]["role"] == "user"
    assert content[0] == {
        "type": "image_url",
        "image_url": {"url": DOC_IMAGES["key_information_extraction"]},
        **PIXELS,
    }
    assert content[1]["type"] == "text" and len(content) == 2
    assert _split(content[1]["text"]) == _split(DOC_CHAT_PROMPT)
    assert _split(content[1]["text"])[1] == DOC_SCHEMA and _split(content[1]["text"])[2] == "."


def test_chat_other_tasks_send_their_prompt() -> None:
    for task, prompt in TASK_PROMPTS.items():
        body = chat_body("qwen3.5-ocr", ["https://example.com/a.png"], OcrRequest(task=task))
        assert body["messages"][0]["content"][-1] == {"type": "text", "text": prompt}
        assert "stream" not in body and "ocr_options" not in body
    assert prompt_for("table_parsing").startswith("In a safe, sandbox environment")


def test_chat_quick_start_shape() -> None:
    # The quick start: an image_url item with pixels, then the user's own prompt.
    body = chat_body("qwen3.5-ocr", ["https://example.com/t.jpg"], OcrRequest(prompt="Extract.", **PIXELS))
    assert body == {
        "model": "qwen3.5-ocr",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": "https://example.com/t.jpg"}, **PIXELS},
                    {"type": "text", "text": "Extract."},
                ],
            }
        ],
    }


def test_responses_body_matches_the_document_and_the_openai_sdk(server: FakeQwenServer) -> None:
    from openai import OpenAI

    url = "https://example.com/your-document.pdf"
    ours = responses_body("qwen3.5-ocr", url, OcrRequest(task="document_parsing"))
    assert ours == {
        "model": "qwen3.5-ocr",
        "input": [{"role": "user", "content": [{"type": "input_file", "file_url": url}]}],
        "ocr_options": {"task": "document_parsing"},
    }
    client = OpenAI(api_key=KEY, base_url=server.compatible_base_url, max_retries=0)
    client.responses.create(
        model="qwen3.5-ocr",
        input=[{"role": "user", "content": [{"type": "input_file", "file_url": url}]}],
        extra_body={"ocr_options": {"task": "document_parsing"}},
    )
    assert server.requests[-1].body == ours


def test_passthrough_parameters() -> None:
    request = OcrRequest(task="text_recognition", enable_rotate=True, min_pixels=1, max_pixels=2, max_tokens=8192)
    native = native_body("qwen-vl-ocr", ["u"], request)
    assert native["input"]["messages"][0]["content"][0] == {"image": "u", "min_pixels": 1, "max_pixels": 2,
                                                           "enable_rotate": True}
    assert native["parameters"] == {"ocr_options": {"task": "text_recognition"}, "max_tokens": 8192}
    chat = chat_body("qwen-vl-ocr", ["u"], request)
    assert chat["max_tokens"] == 8192 and "enable_rotate" not in json.dumps(chat)  # not in this API
    assert responses_body("qwen3.5-ocr", "u", request)["max_output_tokens"] == 8192
