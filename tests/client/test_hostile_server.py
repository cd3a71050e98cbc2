"""The client against a misbehaving server (issue 7, items 11–14), all on the real loopback
`FakeQwenServer`: a trickled body ends at the deadline, keys that cannot go into a header are
refused without being shown, echoed keys are scrubbed everywhere (logs at DEBUG included),
arguments beat the environment, odd answer shapes do not crash, empty answers are not cached,
huge bodies are cut off, a giant PDF page is one document's error. No wall-clock assertions
except one generous upper bound; behaviour is asserted by counting requests and reading errors.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from pathlib import Path

import pytest

from ocrcheck import ApiError, InputError
from ocrcheck.cli import main
from ocrcheck.client import AsyncOcrClient, OcrClient, RetryPolicy, resolve_config
from ocrcheck.client._core import OcrResponse
from ocrcheck.client._errors import MAX_RESPONSE_BYTES
from ocrcheck.client._inputs import PdfInput, pdf_page_sizes, pdf_pages
from ocrcheck.client._preflight import MAX_PIXELS
from ocrcheck.testing import Answer, FakeQwenServer, Fault

from .conftest import KEY, make_pdf

TRICKLE = 0.08  # seconds per byte, as in the issue


def _client(server: FakeQwenServer, **kwargs: object) -> OcrClient:
    options: dict[str, object] = {"cache_dir": False, **kwargs}
    return OcrClient(api_key=KEY, base_url=server.base_url, seed=1, **options)  # type: ignore[arg-type]


# -- item 11: the deadline bounds the whole call ----------------------------------------------


def test_a_trickled_body_ends_at_the_deadline(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.trickle(TRICKLE), times=10)  # ~600 bytes: 48 s per answer if let run
    policy = RetryPolicy(max_attempts=5, deadline=2.0, base_delay=0.01)
    started = time.monotonic()
    with _client(server, timeout=1.0, retry=policy) as client, pytest.raises(ApiError) as caught:
        client.ocr(png, task="text_recognition")
    elapsed = time.monotonic() - started
    print(f"trickle against timeout=1, deadline=2: gave up after {elapsed:.2f} s, {len(server.requests)} requests")
    assert caught.value.code == "DeadlineExceeded" and "2 s deadline" in str(caught.value)
    assert len(server.requests) == 1  # the one attempt used the whole deadline; no retry after it
    assert elapsed < policy.deadline + 2.0  # generous: before the fix it ran until the body ended


def test_async_trickled_body_ends_at_the_deadline(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.trickle(TRICKLE), times=10)

    async def run() -> ApiError:
        policy = RetryPolicy(max_attempts=5, deadline=1.5, base_delay=0.01)
        async with AsyncOcrClient(api_key=KEY, base_url=server.base_url, timeout=1.0, retry=policy,
                                  cache_dir=False) as client:
            with pytest.raises(ApiError) as caught:
                await client.ocr(png, task="text_recognition")
            return caught.value

    error = asyncio.run(run())
    assert error.code == "DeadlineExceeded" and len(server.requests) == 1


def test_deadline_checked_before_each_attempt_and_waits_capped(server: FakeQwenServer, png: bytes) -> None:
    """Slow failures: each attempt eats time; no attempt starts once the deadline is spent."""
    server.inject(Fault.delay(0.4), times=20)  # answers normally after 0.4 s, over the 0.3 s timeout
    sleeps: list[float] = []
    policy = RetryPolicy(max_attempts=20, deadline=1.0, base_delay=0.05, max_delay=0.05)
    started = time.monotonic()
    client = _client(server, timeout=0.3, retry=policy, sleep=lambda s: (sleeps.append(s), time.sleep(s)))
    with client, pytest.raises(ApiError) as caught:
        client.ocr(png, task="text_recognition")
    # Out of time, or a wait that would have ended past the deadline was not started: then the
    # last attempt's own error is raised.
    assert caught.value.code in ("DeadlineExceeded", "ReadTimeout")
    assert time.monotonic() - started < policy.deadline + 2.0
    assert 2 <= len(server.requests) <= 4  # 0.3 s per attempt plus waits: at most 4 fit into 1 s
    assert all(s <= 0.05 for s in sleeps) and len(server.requests) - 1 <= len(sleeps) <= len(server.requests)


def test_a_wait_that_would_end_past_the_deadline_is_not_started(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.rate_limited(retry_after=30), times=3)
    sleeps: list[float] = []
    with _client(server, retry=RetryPolicy(deadline=5.0), sleep=sleeps.append) as client, pytest.raises(
        ApiError
    ) as caught:
        client.ocr(png, task="text_recognition")
    assert caught.value.code == "Throttling.RateQuota" and sleeps == [] and len(server.requests) == 1


# -- item 12: the API key ---------------------------------------------------------------------

BAD_KEYS = {
    "trailing newline": KEY + "\n",
    "trailing carriage return": KEY + "\r",
    "inner space": KEY[:5] + " " + KEY[5:],
    "tab": KEY + "\t",
    "non-ASCII": KEY + "é",
    "full-width letter": "ｓｋ" + KEY[2:],
    "NUL": KEY + "\x00",
}


@pytest.mark.parametrize("name", sorted(BAD_KEYS))
def test_key_that_cannot_be_a_header_is_refused_at_construction(server: FakeQwenServer, name: str) -> None:
    key = BAD_KEYS[name]
    with pytest.raises(InputError) as caught:
        OcrClient(api_key=key, base_url=server.base_url)
    message = str(caught.value)
    assert "API key" in message and KEY not in message and KEY[:8] not in message and repr(key) not in message
    with pytest.raises(InputError):
        resolve_config(environ={"DASHSCOPE_API_KEY": key})
    assert server.requests == []


def test_scan_with_a_bad_key_in_the_environment_is_one_line_without_the_key(
    server: FakeQwenServer, png: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(png)
    for key in (KEY + "é", KEY + "\r\n"):
        monkeypatch.setenv("DASHSCOPE_API_KEY", key)
        assert main(["scan", "-t", "cn_resident_id", "--base-url", server.base_url, str(image)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "API key" in err and KEY[:8] not in err and "Traceback" not in err
    assert server.requests == []


@pytest.mark.parametrize("where", ["message", "code", "request_id", "text"])
def test_key_echoed_anywhere_in_an_error_is_scrubbed(server: FakeQwenServer, png: bytes, where: str) -> None:
    server.inject(Fault.echo_key(where, status=400))
    with _client(server) as client, pytest.raises(ApiError) as caught:
        client.ocr(png, task="text_recognition")
    error = caught.value
    shown = " ".join(str(x) for x in (error, repr(error), error.code, error.request_id, error.message, error.args))
    assert "****" in shown
    for start in range(0, len(KEY) - 7):  # not even 8 characters of it, anywhere
        assert KEY[start : start + 8] not in shown, (where, KEY[start : start + 8])


def test_no_log_record_at_debug_holds_the_key(
    server: FakeQwenServer, png: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # httpx, httpcore and ours, everything
    server.inject(Fault.server_error(500), Fault.disconnect(), Fault.echo_key("message", status=500),
                  Fault.delay(0.5), Fault.echo_key("header"))
    policy = RetryPolicy(max_attempts=5, base_delay=0.01, max_delay=0.01)
    with _client(server, retry=policy, timeout=0.3) as client:
        assert client.ocr(png, task="text_recognition").attempts == 5
    wrong = OcrClient(api_key="sk-wrong-" + KEY, base_url=server.base_url, cache_dir=False)
    with wrong, pytest.raises(ApiError):
        wrong.ocr(png, task="text_recognition")
    assert len(server.requests) == 6
    texts = [caplog.text] + [logging.Formatter().format(r) for r in caplog.records]
    assert any("httpcore" in r.name for r in caplog.records)  # DEBUG logging did run
    assert "Bearer ****" in caplog.text  # the echoed header was logged, scrubbed
    assert not any(KEY in text for text in texts)


# -- item 13: arguments win over the environment ----------------------------------------------

OPTION_PAIRS = [
    # (argument, environment variable, what to look at)
    ("base_url", "OCRCHECK_BASE_URL", "native_url"),
    ("base_url", "OCRCHECK_COMPATIBLE_BASE_URL", "chat_url"),
    ("region", "OCRCHECK_BASE_URL", "native_url"),
    ("region", "OCRCHECK_COMPATIBLE_BASE_URL", "chat_url"),
    ("region", "OCRCHECK_REGION", "native_url"),
    ("compatible_base_url", "OCRCHECK_COMPATIBLE_BASE_URL", "chat_url"),
    ("model", "OCRCHECK_MODEL", "model"),
    ("api_key", "DASHSCOPE_API_KEY", "key"),
]
ARGUMENT = {"base_url": "http://arg.example", "region": "singapore", "compatible_base_url": "http://arg.example/v1",
            "model": "arg-model", "api_key": "sk-arg"}
ENVIRONMENT = {"OCRCHECK_BASE_URL": "http://env.example", "OCRCHECK_COMPATIBLE_BASE_URL": "http://env.example/v1",
               "OCRCHECK_REGION": "virginia", "OCRCHECK_MODEL": "env-model", "DASHSCOPE_API_KEY": "sk-env"}


@pytest.mark.parametrize(("argument", "variable", "look"), OPTION_PAIRS)
def test_every_argument_beats_its_environment_variable(argument: str, variable: str, look: str) -> None:
    env = {"DASHSCOPE_API_KEY": "sk-env", variable: ENVIRONMENT[variable]}
    config = resolve_config(**{"api_key": None, argument: ARGUMENT[argument]}, environ=env)  # type: ignore[arg-type]
    value = config.api_key.reveal() if look == "key" else getattr(config, look)
    assert "env" not in value, (argument, variable, value)
    plain = resolve_config(environ=env)  # and without the argument the environment is used
    plain_value = plain.api_key.reveal() if look == "key" else getattr(plain, look)
    assert "env" in plain_value or variable == "OCRCHECK_REGION"


def test_cache_dir_argument_beats_the_environment(tmp_path: Path) -> None:
    from ocrcheck.client._cache import resolve_cache_dir

    env = {"OCRCHECK_CACHE_DIR": str(tmp_path / "env")}
    assert resolve_cache_dir(tmp_path / "arg", environ=env) == tmp_path / "arg"
    assert resolve_cache_dir(False, environ=env) is None
    assert resolve_cache_dir(None, environ=env) == tmp_path / "env"


def test_scan_api_chat_base_url_sends_to_the_argument_not_the_environment(
    png: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(png)
    with FakeQwenServer(api_key=KEY) as wanted, FakeQwenServer(api_key=KEY) as elsewhere:
        monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
        monkeypatch.setenv("OCRCHECK_COMPATIBLE_BASE_URL", elsewhere.compatible_base_url)
        monkeypatch.setenv("OCRCHECK_CACHE_DIR", "")
        wanted.add_answer(Answer.fields({"name": "张三"}))
        main(["scan", "-t", "cn_resident_id", "--api", "chat", "--base-url", wanted.base_url, str(image)])
        capsys.readouterr()
        assert len(wanted.requests) == 1 and wanted.requests[0].api == "chat" and elsewhere.requests == []


# -- item 14: odd answers, huge answers, giant pages ------------------------------------------

ODD_BODIES = [
    {"choices": ["x"]},
    {"choices": "x"},
    {"choices": [None]},
    {"choices": [{"finish_reason": 5, "message": "text"}]},
    {"output": {"choices": ["x"]}},
    {"output": {"choices": "x"}},
    {"output": {"choices": [{"message": {"content": 7}}]}},
    {"output": ["x", {"content": "y"}], "status": "incomplete"},
    {"output": "x"},
    {"usage": [1, 2]},
]


@pytest.mark.parametrize("body", ODD_BODIES, ids=[json.dumps(b) for b in ODD_BODIES])
@pytest.mark.parametrize("api", ["native", "chat"])
def test_wrong_shaped_answers_do_not_crash_any_accessor(
    server: FakeQwenServer, png: bytes, tmp_path: Path, body: dict, api: str
) -> None:
    server.inject(Fault.body(200, json.dumps(body).encode()))
    with OcrClient(api_key=KEY, base_url=server.base_url, api=api, cache_dir=tmp_path) as client:  # type: ignore[arg-type]
        response = client.ocr(png, task="text_recognition")
    assert response.finish_reason in (None, "length")
    assert response.usable is False and isinstance(response.usage, dict)
    assert not list(tmp_path.rglob("*.json"))  # nothing usable, nothing cached


@pytest.mark.parametrize("body", [{"choices": []}, {"output": {"choices": []}},
                                  {"choices": [{"message": {"content": ""}}]}, {"output": []}])
def test_empty_answers_are_not_cached_and_are_asked_again(
    server: FakeQwenServer, png: bytes, tmp_path: Path, body: dict
) -> None:
    server.inject(Fault.body(200, json.dumps(body).encode()))
    server.add_answer(Answer(text="第二次"))
    with _client(server, cache_dir=tmp_path) as client:
        first = client.ocr(png, task="text_recognition")
        second = client.ocr(png, task="text_recognition")
        third = client.ocr(png, task="text_recognition")
    assert not first.usable and second.usable and not second.cached and third.cached
    assert len(server.requests) == 2 and client.cache is not None and client.cache.stores == 1


@pytest.mark.parametrize("declare_length", [True, False])
def test_a_huge_body_is_cut_off_with_a_clear_error(server: FakeQwenServer, png: bytes, declare_length: bool) -> None:
    server.inject(Fault.huge_body(300 << 20, declare_length=declare_length), times=5)
    with _client(server) as client, pytest.raises(ApiError) as caught:
        client.ocr(png, task="text_recognition")
    assert caught.value.code == "ResponseTooLarge" and str(MAX_RESPONSE_BYTES) in str(caught.value)
    assert len(server.requests) == 1  # final: asking again would read another 300 MB
    server.clear()
    server.add_answer(Answer(text="ok"))
    with _client(server) as client:  # the server is fine afterwards
        assert client.ocr(png, task="text_recognition").usable


def test_async_huge_body_is_cut_off(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.huge_body(300 << 20, declare_length=False))

    async def run() -> ApiError:
        async with AsyncOcrClient(api_key=KEY, base_url=server.base_url, cache_dir=False) as client:
            with pytest.raises(ApiError) as caught:
                await client.ocr(png, task="text_recognition")
            return caught.value

    assert asyncio.run(run()).code == "ResponseTooLarge"


def test_a_14400_pt_page_is_rendered_within_the_pixel_limit() -> None:
    pdf = PdfInput(name="giant.pdf", data=make_pdf(pages=1, size=(14400, 14400)))
    [(width, height)] = pdf_page_sizes(pdf)
    assert width * height <= MAX_PIXELS and abs(width - height) <= 1 and width > 3900
    [page] = pdf_pages(pdf)
    assert page.info is not None and (page.info.width, page.info.height) == (width, height)
    a4 = PdfInput(name="a4.pdf", data=make_pdf(pages=1))
    assert pdf_page_sizes(a4) == [(1653, 2339)]  # ordinary pages keep their 200 dpi


def test_a_giant_page_is_that_documents_entry_not_the_end_of_the_batch(
    tmp_path: Path, png: bytes, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    giant = tmp_path / "giant.pdf"
    giant.write_bytes(make_pdf(pages=1, size=(14400, 14400)))
    thin = tmp_path / "thin.pdf"  # 14400×10 pt: within pixels, but an aspect the service refuses
    thin.write_bytes(make_pdf(pages=1, size=(14400, 10)))
    image = tmp_path / "b.png"
    image.write_bytes(png)
    with FakeQwenServer(api_key=KEY) as server:
        monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
        monkeypatch.setenv("OCRCHECK_CACHE_DIR", "")
        server.add_answer(Answer.fields({"name": "张三"}))
        argv = ["scan", "-t", "cn_resident_id", "-f", "json", "--base-url", server.base_url]
        main([*argv, str(giant), str(thin), str(image)])
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [line["source"].split("#")[0] for line in lines] == [str(giant), str(thin), str(image)]
        assert "unparseable" in [f["code"] for f in lines[1]["findings"]]  # refused at preflight
        assert len(server.requests) == 2  # the giant page (scaled) and the image


# -- FakeQwenServer: a client with a bad Content-Length ---------------------------------------


def _raw_request(port: int, head: bytes, body: bytes = b"", *, half_close: bool = False) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(head + body)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("length", ["abc", "-5", "1e3", "99999999999999999999", " 12x"])
def test_fake_server_survives_a_bad_content_length(server: FakeQwenServer, png: bytes, length: str) -> None:
    path = b"/api/v1/services/aigc/multimodal-generation/generation"
    head = b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Length: " + length.encode() + b"\r\n\r\n"
    answer = _raw_request(server.port, head, b"{}")
    assert answer.startswith((b"HTTP/1.0 400", b"HTTP/1.1 400", b"HTTP/1.0 413", b"HTTP/1.1 413"))
    assert b"Content-Length" in answer
    server.add_answer(Answer(text="still here"))
    with _client(server) as client:
        assert client.ocr(png, task="text_recognition").usable


def test_fake_server_survives_a_body_shorter_than_announced(server: FakeQwenServer, png: bytes) -> None:
    path = b"/compatible-mode/v1/chat/completions"
    head = b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
    answer = _raw_request(server.port, head, b'{"model":', half_close=True)
    assert answer.startswith(b"HTTP/1.1 400") and b"body ended after 9 of 100 bytes" in answer
    server.add_answer(Answer(text="still here"))
    with _client(server) as client:
        assert client.ocr(png, task="text_recognition").usable


def test_response_accessors_on_a_response_built_by_hand() -> None:
    for raw in ({"choices": ["x"]}, {"output": {"choices": [1]}}, {}, {"status": "incomplete"}):
        response = OcrResponse(raw=raw, api="chat", request_id=None, model=None)
        assert response.finish_reason in (None, "length") and response.usable is False
