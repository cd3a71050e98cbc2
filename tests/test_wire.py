"""`ocrcheck.wire`: the one reader (and writer) of the service's answer envelopes and fences."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrcheck import wire
from ocrcheck.client._core import OcrResponse
from ocrcheck.normalise import markup_from_answer
from ocrcheck.parse import parse_response
from ocrcheck.testing import FakeQwenServer

# The fence grammar as the parser wrote it before `wire` existed: kept here as the oracle that
# the one-pass reader must agree with on every text.
OLD_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\r?\n?(.*?)(?:```|\Z)", re.DOTALL)
FENCE_ALPHABET = st.sampled_from(["`", "```", " ", "\t", "\n", "\r", "\r\n", "json", "html", "a", "{", "}", "+", "-"])


@given(st.lists(FENCE_ALPHABET, max_size=40).map("".join))
def test_unfence_agrees_with_the_old_fence_regex(text: str) -> None:
    match = OLD_FENCE.search(text)
    found = wire.unfence(text)
    if match is None:
        assert (found.body, found.fenced) == (text.strip(), False)
    else:
        assert (found.body, found.lang, found.fenced) == (match.group(2).strip(), match.group(1), True)
        assert found.closed == (text.count("```") >= 2)


@given(st.text(alphabet=st.characters(blacklist_characters="`"), max_size=200),
       st.sampled_from(["json", "html", "latex", ""]))
def test_fence_round_trips(body: str, lang: str) -> None:
    fenced = wire.fence(body, lang)
    found = wire.unfence(fenced)
    assert (found.body, found.fenced, found.closed) == (body.strip(), True, True)
    if lang and body[:1] not in ("", " ", "\t", "\n", "\r") and not body[:1].isalnum():
        assert found.lang == lang
    cut = wire.unfence(fenced[: -len(wire.FENCE)])
    assert cut.fenced and not cut.closed


def test_unfence_is_one_pass_on_hostile_text() -> None:
    # 200,000 backticks and an unclosed fence of a megabyte: answers, not a stall.
    assert wire.unfence("`" * 200_000).fenced
    found = wire.unfence("```json\n" + "{" * 1_000_000)
    assert found.fenced and not found.closed and len(found.body) == 1_000_000


TOKENS = wire.Tokens(image=310, text=211, output=58)
KV = {"invoice_number": "12345678", "total_amount": "4060.00"}


def _written(api: str, text: str, finish: str, ocr_result: dict[str, Any] | None) -> dict[str, Any]:
    if api == "native":
        return wire.native_answer(text, ocr_result=ocr_result, finish_reason=finish, tokens=TOKENS, request_id="rid-1")
    if api == "chat":
        return wire.chat_answer(text, finish_reason=finish, tokens=TOKENS, model="qwen3.5-ocr",
                                response_id="chatcmpl-1", created=1)
    return wire.responses_answer(text, ocr_result=ocr_result, finish_reason=finish, tokens=TOKENS,
                                 model="qwen3.5-ocr", response_id="resp_1", message_id="msg_1", created=1)


@pytest.mark.parametrize("api", ["native", "chat", "responses"])
@pytest.mark.parametrize("finish", ["stop", "length"])
def test_every_writer_reads_back(api: str, finish: str) -> None:
    text = wire.fence(json.dumps(KV))
    body = json.loads(json.dumps(_written(api, text, finish, {"kv_result": KV})))  # as it crosses the wire
    envelope = wire.read_envelope(body)
    assert envelope is not None and envelope.problem is None
    assert envelope.wire_format == wire.WIRE_OF_API[api]
    assert envelope.text == text and envelope.has_content
    assert envelope.cut == (finish == "length")
    assert envelope.ocr_result == (None if api == "chat" else {"kv_result": KV})
    assert envelope.request_id == ("rid-1" if api == "native" else None)
    assert envelope.response_id == {"native": None, "chat": "chatcmpl-1", "responses": "resp_1"}[api]
    assert wire.unfence(envelope.text).body == json.dumps(KV)


@pytest.mark.parametrize("api", ["native", "chat", "responses"])
def test_parser_normaliser_and_client_read_the_same_answer(api: str) -> None:
    """The point of one reader: every consumer sees the same text and the same cut."""
    for finish in ("stop", "length"):
        text = "```html\n<table><tr><td>1</td></tr></table>\n```"
        body = _written(api, text, finish, None)
        extraction = parse_response(body)
        markup = markup_from_answer(body)
        response = OcrResponse(raw=body, api=api, request_id=None, model=None)
        assert extraction.text == text
        assert markup.text == wire.unfence(text).body
        assert markup.wire_format == extraction.wire_format == wire.WIRE_OF_API[api]
        cut = finish == "length"
        assert markup.cut == cut and (response.finish_reason == "length") == cut
        assert ("truncated" in [f.code for f in extraction.findings]) == cut


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
PLACES = [
    ("output.choices[0]", lambda v: {"output": {"choices": [v]}}),
    ("output.choices[0].message", lambda v: {"output": {"choices": [{"message": v}]}}),
    ("output.choices[0].message.content", lambda v: {"output": {"choices": [{"message": {"content": v}}]}}),
    ("choices[0].finish_reason", lambda v: {"choices": [{"message": {"content": "x"}, "finish_reason": v}]}),
    ("usage", lambda v: {"choices": [{"message": {"content": "x"}}], "usage": v}),
    ("output.text", lambda v: {"output": {"text": v}}),
]


@pytest.mark.parametrize(("where", "build"), PLACES, ids=[p[0] for p in PLACES])
@given(value=JSON_VALUES)
def test_a_part_of_the_wrong_type_is_named_never_raised(where: str, build: Any, value: Any) -> None:
    envelope = wire.read_envelope(build(value))
    assert envelope is not None
    assert envelope.problem is None or envelope.problem[0].startswith(where)
    assert isinstance(envelope.text, str) and isinstance(envelope.usage, dict)


def test_wrong_types_are_problems_and_ids_are_text() -> None:
    envelope = wire.read_envelope({"choices": ["x"], "id": ["no"], "model": 7, "request_id": 10**5000})
    assert envelope is not None and envelope.problem == ("choices[0]", "string")
    assert (envelope.response_id, envelope.model, envelope.request_id) == (None, "7", None)
    assert wire.read_envelope({"invoice_number": "1"}) is None  # a bare object of fields


def test_responses_incomplete_for_another_reason_is_still_cut() -> None:
    body = _written("responses", "partial", "stop", None)
    body.update(status="incomplete", incomplete_details={"reason": "content_filter"})
    envelope = wire.read_envelope(body)
    assert envelope is not None and envelope.finish_reason == "content_filter" and envelope.cut


def test_error_bodies_in_both_shapes() -> None:
    native = wire.error_answer("native", "Throttling.RateQuota", "slow down", "rid-2")
    chat = wire.error_answer("chat", "invalid_api_key", "no", "rid-3", "invalid_request_error")
    assert wire.is_error_body(native) and wire.is_error_body(chat)
    assert wire.error_parts(native) == ("Throttling.RateQuota", "slow down", "rid-2")
    assert wire.error_parts(chat) == ("invalid_api_key", "no", "rid-3")
    # A document's own `code` field is no error; nor is the Responses API's `"error": null`.
    assert not wire.is_error_body({"code": "A-1", "name": "x"})
    assert not wire.is_error_body(_written("responses", "x", "stop", None))


def test_the_fake_server_answers_with_the_writers() -> None:
    import httpx

    with FakeQwenServer(api_key="sk-w") as server:
        reply = httpx.post(server.base_url + "/compatible-mode/v1/chat/completions",
                           headers={"Authorization": "Bearer sk-w"},
                           json={"model": "qwen-vl-ocr", "messages": [{"role": "user", "content": [
                               {"type": "text", "text": "hi"}]}]})
    envelope = wire.read_envelope(reply.json())
    assert envelope is not None and envelope.problem is None and envelope.wire_format == "openai"
    assert envelope.text == server.default.text
