"""FakeQwenServer speaks the real wire formats: the official SDKs get our fixtures back, and
each injected fault reaches the parser as the service would send it."""

from __future__ import annotations

import json

import httpx
import pytest

from ocrcheck.client import OcrClient
from ocrcheck.parse import parse_response
from ocrcheck.testing import Answer, FakeQwenServer, Fault, RecordedRequest

from .conftest import KEY

FIELDS = {"Invoice Number": "24329116804000", "Train Number": "G1948"}
URL = "https://img.alicdn.com/imgextra/i2/O1CN01ktT8451iQutqReELT_!!6000000004408-0-tps-689-487.jpg"


def test_openai_sdk_chat_gets_the_fixture(server: FakeQwenServer) -> None:
    from openai import OpenAI

    server.add_answer(Answer.fields(FIELDS), image=URL)
    client = OpenAI(api_key=KEY, base_url=server.compatible_base_url, max_retries=0)
    completion = client.chat.completions.create(
        model="qwen3.5-ocr",
        messages=[{"role": "user", "content": [
            {"type": "image_url", "image_url": {"url": URL}},
            {"type": "text", "text": "Please extract the invoice number and train number."},
        ]}],
    )
    assert json.loads(completion.choices[0].message.content.strip("`").removeprefix("json")) == FIELDS
    assert completion.choices[0].finish_reason == "stop" and completion.usage.prompt_tokens > 0


def test_openai_sdk_sees_the_compatible_error_shape(server: FakeQwenServer) -> None:
    import openai

    client = openai.OpenAI(api_key="sk-wrong", base_url=server.compatible_base_url, max_retries=0)
    with pytest.raises(openai.AuthenticationError) as caught:
        client.chat.completions.create(model="qwen3.5-ocr", messages=[{"role": "user", "content": "x"}])
    assert caught.value.code == "invalid_api_key"


def test_dashscope_sdk_gets_the_fixture(server: FakeQwenServer) -> None:
    import dashscope

    server.add_answer(Answer.fields(FIELDS), task="key_information_extraction")
    saved = dashscope.base_http_api_url
    dashscope.base_http_api_url = server.dashscope_base_url
    try:
        response = dashscope.MultiModalConversation.call(
            api_key=KEY, model="qwen3.5-ocr",
            messages=[{"role": "user", "content": [{"image": URL}]}],
            ocr_options={"task": "key_information_extraction", "task_config": {"result_schema": {"a": "b"}}},
        )
        refused = dashscope.MultiModalConversation.call(
            api_key="sk-wrong", model="qwen3.5-ocr", messages=[{"role": "user", "content": [{"image": URL}]}],
        )
    finally:
        dashscope.base_http_api_url = saved
    assert response.status_code == 200 and response.request_id
    assert response.output.choices[0].message.content[0]["ocr_result"]["kv_result"] == FIELDS
    assert response.usage["image_tokens"] > 0
    assert (refused.status_code, refused.code) == (401, "InvalidApiKey")


@pytest.mark.parametrize("api", ["native", "chat"])
def test_cut_prose_and_broken_answers_reach_the_parser(server: FakeQwenServer, png: bytes, api: str) -> None:
    server.add_answer(Answer.fields(FIELDS))
    server.inject(Fault.truncated(), Fault.prose(), Fault.broken_json())
    with OcrClient(api_key=KEY, base_url=server.base_url, api=api) as client:  # type: ignore[arg-type]
        cut, prose, broken, fine = (client.ocr(png, task="key_information_extraction") for _ in range(4))
    assert cut.finish_reason == "length"
    assert [f.code for f in parse_response(cut.raw).findings] == ["truncated"]
    assert [f.code for f in parse_response(prose.raw).findings] == ["unparseable"]
    assert parse_response(broken.raw).fields != FIELDS
    assert parse_response(fine.raw).fields == FIELDS


def test_responses_cut_answer_is_incomplete(server: FakeQwenServer) -> None:
    server.inject(Fault.truncated())
    body = {"model": "qwen3.5-ocr", "input": [{"role": "user", "content": [
        {"type": "input_file", "file_url": "https://example.com/a.pdf"}]}], "ocr_options": {"task": "document_parsing"}}
    reply = httpx.post(server.compatible_base_url + "/responses", json=body, headers={"Authorization": f"Bearer {KEY}"})
    assert reply.json()["status"] == "incomplete"
    assert parse_response(reply.json()).truncated


def test_handler_and_recording(server: FakeQwenServer, png: bytes) -> None:
    seen: list[RecordedRequest] = []

    def handler(request: RecordedRequest) -> Answer | None:
        seen.append(request)
        return Answer(text=f"task={request.task}") if request.task == "table_parsing" else None

    server.handler = handler
    server.add_answer(Answer(text="default text"))
    with OcrClient(api_key=KEY, base_url=server.base_url, api="chat") as client:
        table = client.ocr(png, task="table_parsing")
        other = client.ocr(png, task="formula_recognition", max_tokens=100)
    assert table.raw["choices"][0]["message"]["content"] == "task=table_parsing"
    assert other.raw["choices"][0]["message"]["content"] == "default text"
    assert [r.task for r in seen] == ["table_parsing", "formula_recognition"]
    assert server.requests[1].body["max_tokens"] == 100 and server.requests[0].time <= server.requests[1].time


def test_raw_fixture_body_is_sent_verbatim(server: FakeQwenServer, png: bytes) -> None:
    raw = {"output": {"choices": [{"finish_reason": "stop", "message": {"role": "assistant",
           "content": [{"text": "hello"}]}}]}, "usage": {"input_tokens": 1}, "request_id": "fixed-id"}
    server.add_answer(raw, image=png)
    with OcrClient(api_key=KEY, base_url=server.base_url) as client:
        response = client.ocr(png, task="text_recognition")
    assert response.raw == raw and response.request_id == "fixed-id"


def test_bad_requests_get_400(server: FakeQwenServer) -> None:
    headers = {"Authorization": f"Bearer {KEY}"}
    native = server.base_url + "/api/v1/services/aigc/multimodal-generation/generation"
    missing_model = httpx.post(native, json={"input": {"messages": []}}, headers=headers)
    assert missing_model.status_code == 400 and missing_model.json()["code"] == "InvalidParameter"
    streamed = httpx.post(server.compatible_base_url + "/chat/completions", headers=headers, json={
        "model": "m", "stream": True, "messages": [{"role": "user", "content": [
            {"type": "text", "text": "Please output only the text content from the image without any additional "
                                     "descriptions or formatting."}]}]})
    assert streamed.status_code == 400 and streamed.json()["error"]["code"] == "InvalidParameter"
    assert httpx.post(server.base_url + "/nowhere", json={}).status_code == 404
