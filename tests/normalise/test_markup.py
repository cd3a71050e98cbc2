"""Pulling markup out of every wire format."""

from __future__ import annotations

from ocrcheck.normalise import markup_from_answer


def test_wire_formats() -> None:
    native = {"output": {"choices": [{"finish_reason": "length", "message": {"content": [{"text": "```html\n<t>"}]}}]}}
    found = markup_from_answer(native)
    assert (found.wire_format, found.finish_reason, found.text, found.cut) == ("dashscope", "length", "<t>", True)
    compatible = {"choices": [{"finish_reason": "stop", "message": {"content": "```latex\n$$x$$\n```"}}]}
    found = markup_from_answer(compatible)
    assert (found.wire_format, found.text, found.cut) == ("openai", "$$x$$", False)
    responses = {"status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"},
                 "output": [{"content": [{"type": "output_text", "text": "<table>"}]}]}
    found = markup_from_answer(responses)
    assert (found.wire_format, found.finish_reason, found.text) == ("responses", "length", "<table>")


def test_bare_markup_and_json_text() -> None:
    assert markup_from_answer("  $$x$$ ").text == "$$x$$"
    assert markup_from_answer("[1, 2]").text == "[1, 2]"  # a formula, not a list of words
    assert markup_from_answer(b'[{"text": "a", "location": []}]').words == [{"text": "a", "location": []}]
    assert markup_from_answer('{"choices": [}').text == '{"choices": [}'  # broken JSON stays text


def test_unclosed_fence_is_cut_and_text_is_nfc() -> None:
    found = markup_from_answer("```html\n<table><tr><td>e\u0301")
    assert found.cut and not found.fence_closed and found.text.endswith("\u00e9")
