import json
from pathlib import Path

import pytest

from ocrcheck.parse import fields_from_text, parse_response, strip_fences

FIELDS = {"Train Number": "G1948", "Ticket Price": "¥337.50"}
TEXT = "```json\n" + json.dumps(FIELDS, ensure_ascii=False, indent=4) + "\n```"


def native(text: str, finish: str = "stop", kv: dict | None = None) -> dict:
    item: dict = {"text": text}
    if kv is not None:
        item["ocr_result"] = {"kv_result": kv}
    return {
        "output": {"choices": [{"finish_reason": finish, "message": {"role": "assistant", "content": [item]}}]},
        "usage": {"input_tokens": 521, "output_tokens": 58, "image_tokens": 310},
        "request_id": "7afa2a70-fd0a-4f66-a369-b50af26aec1d",
    }


def chat(text: str, finish: str = "stop") -> dict:
    return {
        "choices": [{"message": {"content": text, "role": "assistant"}, "finish_reason": finish, "index": 0}],
        "model": "qwen3.5-ocr",
        "id": "chatcmpl-1",
        "usage": {"prompt_tokens": 606, "completion_tokens": 159, "total_tokens": 765},
    }


def responses(text: str, status: str = "completed") -> dict:
    return {
        "object": "response",
        "status": status,
        "model": "qwen3.5-ocr",
        "id": "resp-1",
        "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": text}]}],
    }


@pytest.mark.parametrize("wrap", [native, chat, responses])
def test_every_wire_format_yields_the_fields(wrap) -> None:
    extraction = parse_response(wrap(TEXT))
    assert extraction.fields == FIELDS
    assert extraction.findings == []


def test_native_prefers_kv_result_and_keeps_audit_data() -> None:
    extraction = parse_response(native("prose only", kv={"Invoice Code": "221021325353"}))
    assert extraction.fields == {"Invoice Code": "221021325353"}
    assert extraction.request_id == "7afa2a70-fd0a-4f66-a369-b50af26aec1d"
    assert extraction.usage["image_tokens"] == 310
    assert extraction.wire_format == "dashscope"


def test_raw_json_text_and_bytes_are_decoded() -> None:
    raw = json.dumps(chat(TEXT))
    assert parse_response(raw).fields == FIELDS
    assert parse_response(raw.encode()).fields == FIELDS


def test_bare_object_is_fields() -> None:
    extraction = parse_response({"train_number": "G1"})
    assert extraction.fields == {"train_number": "G1"}
    assert extraction.wire_format == "fields"


def test_single_quoted_pseudo_json_from_the_prompt_example() -> None:
    text = "{'Train Number': 'G1948', 'Seat Number': null, 'Name': 'O\\'Neil', 'Note': \"it's\"}"
    assert fields_from_text(text) == {"Train Number": "G1948", "Seat Number": None, "Name": "O'Neil", "Note": "it's"}


def test_fence_without_language_and_prose_around_object() -> None:
    assert strip_fences('```\n{"a": 1}\n```') == '{"a": 1}'
    assert fields_from_text('Here is the result: {"a": "1"} Hope it helps.') == {"a": "1"}


@pytest.mark.parametrize("wrap", [native, chat])
def test_cut_answer_is_truncated_and_nothing_salvaged(wrap) -> None:
    # The cut text happens to parse (the object closed early) - still nothing is trusted.
    extraction = parse_response(wrap('```json\n{"Train Number": "G1948"}', finish="length"))
    assert extraction.fields is None
    assert [f.code for f in extraction.findings] == ["truncated"]


def test_responses_incomplete_is_truncated() -> None:
    extraction = parse_response(responses('{"a": "b"', status="incomplete"))
    assert extraction.fields is None
    assert [f.code for f in extraction.findings] == ["truncated"]


@pytest.mark.parametrize(
    "answer",
    [
        chat("I am sorry, I cannot read this image."),
        chat(""),
        native('```json\n{"a": "b"'),  # cut without saying so
        "plain prose",
        [1, 2, 3],
        42,
        {"code": "InvalidParameter", "message": "bad image", "request_id": "r"},
        {"error": {"code": "invalid_api_key", "message": "no"}},
        chat("[1, 2]"),
    ],
)
def test_unusable_answers_are_unparseable_never_exceptions(answer) -> None:
    extraction = parse_response(answer)
    assert extraction.fields is None
    assert [f.code for f in extraction.findings] == ["unparseable"]


def test_deeply_nested_garbage_does_not_escape() -> None:
    extraction = parse_response(chat("[" * 100000))
    assert [f.code for f in extraction.findings] == ["unparseable"]


def test_words_info_is_kept() -> None:
    response = native("x")
    response["output"]["choices"][0]["message"]["content"][0]["ocr_result"] = {
        "words_info": [
            {
                "text": "Audience",
                "location": [52, 54, 250, 57, 249, 106, 52, 103],
                "rotate_rect": [150, 80, 49, 197, -89],
            }
        ]
    }
    assert parse_response(response).words[0]["text"] == "Audience"


def test_every_bundled_fixture_parses_without_exception() -> None:
    root = Path(__file__).resolve().parents[2] / "fixtures"
    for path in root.rglob("*.json"):
        if path.name.endswith(".expected.json"):
            continue
        extraction = parse_response(path.read_text(encoding="utf-8"))
        assert extraction.fields is not None or extraction.findings, path


def test_client_response_objects_are_unwrapped() -> None:
    from ocrcheck.client import OcrResponse

    fields = parse_response(OcrResponse(raw=chat(TEXT), api="openai", request_id="r", model="m", usage={}, attempts=1))
    assert fields.fields == FIELDS
