"""OcrClient against the real loopback server: every wire form, retries, errors, secrecy."""

from __future__ import annotations

import base64
from email.utils import formatdate

import pytest

from ocrcheck import ApiError, AuthError, RateLimited
from ocrcheck.client import OcrClient, RetryPolicy, stops_batch
from ocrcheck.client._inputs import PdfInput, pdf_page_sizes
from ocrcheck.client._retry import parse_retry_after
from ocrcheck.testing import Answer, FakeQwenServer, Fault

from .conftest import KEY, make_pdf


class FakeTime:
    """An injectable clock and sleep: waits are recorded and advance the clock, instantly."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _client(server: FakeQwenServer, fake: FakeTime | None = None, **kwargs: object) -> OcrClient:
    if fake is not None:
        kwargs.update(sleep=fake.sleep, clock=fake.clock)
    return OcrClient(api_key=KEY, base_url=server.base_url, seed=7, **kwargs)  # type: ignore[arg-type]


FIELDS = {"name": "张三", "id_number": "11010519491231002X"}


@pytest.mark.parametrize("api", ["native", "chat"])
def test_answer_keeps_request_id_model_usage(server: FakeQwenServer, png: bytes, api: str) -> None:
    server.add_answer(Answer.fields(FIELDS), image=png)
    with _client(server, api=api) as client:  # type: ignore[arg-type]
        response = client.ocr(png, task="key_information_extraction", result_schema={"name": "姓名"})
    sent = server.requests[0]
    assert sent.api == api and sent.task == "key_information_extraction" and sent.result_schema == {"name": "姓名"}
    assert base64.b64decode(sent.image_urls[0].split(",", 1)[1]) == png
    assert sent.image_urls[0].startswith("data:image/png;base64,")
    assert response.api == api and response.attempts == 1 and response.finish_reason == "stop"
    assert response.model == "qwen3.5-ocr" and response.request_id
    assert response.usage and (response.usage.get("image_tokens") == 302 or response.usage.get("prompt_tokens"))
    if api == "native":
        assert response.request_id == response.raw["request_id"]
        assert response.raw["output"]["choices"][0]["message"]["content"][0]["ocr_result"]["kv_result"] == FIELDS
    else:
        assert FIELDS["id_number"] in response.raw["choices"][0]["message"]["content"]


def test_retry_after_429_three_times_then_success(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.rate_limited(retry_after=1), times=3)
    fake = FakeTime()
    with _client(server, fake) as client:
        response = client.ocr(png, task="text_recognition")
    assert len(server.requests) == 4 and response.attempts == 4
    assert fake.sleeps == [1.0, 1.0, 1.0] and sum(fake.sleeps) >= 3


@pytest.mark.slow
def test_retry_after_429_real_waits(server: FakeQwenServer, png: bytes) -> None:
    """The one test with real sleeps: the server's own clock sees ≥ 3 s between first and last."""
    server.inject(Fault.rate_limited(retry_after=1), times=3)
    with _client(server) as client:
        response = client.ocr(png, task="text_recognition")
    assert response.attempts == 4 and len(server.requests) == 4
    assert server.requests[3].time - server.requests[0].time >= 3.0


def test_400_is_not_retried(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.http_error(400, code="InvalidParameter", message="Image too small"))
    fake = FakeTime()
    with _client(server, fake) as client, pytest.raises(ApiError) as caught:
        client.ocr(png, task="text_recognition")
    error = caught.value
    assert (error.status_code, error.code, error.message) == (400, "InvalidParameter", "Image too small")
    assert error.request_id and len(server.requests) == 1 and fake.sleeps == []
    assert not isinstance(error, (AuthError, RateLimited))


@pytest.mark.parametrize(("api", "code"), [("native", "InvalidApiKey"), ("chat", "invalid_api_key")])
def test_wrong_key_is_auth_error_not_retried_and_never_shown(server: FakeQwenServer, png: bytes, api: str,
                                                             code: str) -> None:
    secret = "sk-wrong-secret-987654321"
    fake = FakeTime()
    client = OcrClient(api_key=secret, base_url=server.base_url, api=api, sleep=fake.sleep, clock=fake.clock)  # type: ignore[arg-type]
    with client, pytest.raises(AuthError) as caught:
        client.ocr(png, task="text_recognition")
    assert caught.value.status_code == 401 and caught.value.code == code
    assert len(server.requests) == 1 and fake.sleeps == [] and stops_batch(caught.value)
    for text in (str(caught.value), repr(caught.value), repr(client), repr(client.config)):
        assert secret not in text
    assert "authorization" not in {k.lower() for k in server.requests[0].headers}


def test_key_echoed_by_the_service_is_scrubbed() -> None:
    from ocrcheck.client import error_from_response
    from ocrcheck.client._config import Secret

    secret = "sk-echo-1234567890"
    body = {"error": {"message": f"Incorrect API key provided: {secret}", "code": "invalid_api_key"}}
    error = error_from_response(401, body, {}, Secret(secret))
    assert isinstance(error, AuthError) and secret not in str(error) and "****" in str(error)


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_server_errors_are_retried_with_jittered_backoff(server: FakeQwenServer, png: bytes, status: int) -> None:
    server.inject(Fault.server_error(status), times=2)
    fake = FakeTime()
    with _client(server, fake, retry=RetryPolicy(base_delay=1.0, max_delay=30.0)) as client:
        response = client.ocr(png, task="text_recognition")
    assert response.attempts == 3 and len(fake.sleeps) == 2
    assert 0 <= fake.sleeps[0] <= 1.0 and 0 <= fake.sleeps[1] <= 2.0  # full jitter under 1·2^n


def test_jitter_spreads_waits(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.server_error(503), times=4)
    fake = FakeTime()
    with _client(server, fake, retry=RetryPolicy(base_delay=10.0, max_delay=15.0)) as client:
        client.ocr(png, task="text_recognition")
    assert len(set(fake.sleeps)) == 4 and max(fake.sleeps) <= 15.0  # capped, and not all alike


def test_disconnect_is_retried(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.disconnect())
    fake = FakeTime()
    with _client(server, fake) as client:
        assert client.ocr(png, task="text_recognition").attempts == 2


def test_read_timeout_is_retried(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.delay(1.5))
    fake = FakeTime()
    with _client(server, fake, timeout=0.3) as client:
        assert client.ocr(png, task="text_recognition").attempts == 2


def test_attempts_run_out(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.rate_limited(retry_after=1), times=10)
    fake = FakeTime()
    with _client(server, fake, retry=RetryPolicy(max_attempts=3)) as client, pytest.raises(RateLimited) as caught:
        client.ocr(png, task="text_recognition")
    assert len(server.requests) == 3 and fake.sleeps == [1.0, 1.0]
    assert caught.value.code == "Throttling.RateQuota" and caught.value.status_code == 429


def test_deadline_bounds_the_waits(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.rate_limited(retry_after=1), times=10)
    fake = FakeTime()
    policy = RetryPolicy(max_attempts=10, deadline=2.5)
    with _client(server, fake, retry=policy) as client, pytest.raises(RateLimited):
        client.ocr(png, task="text_recognition")
    assert len(server.requests) == 3 and fake.sleeps == [1.0, 1.0]  # a third wait would pass 2.5 s


@pytest.mark.parametrize("code", ["Arrearage", "DataInspectionFailed", "InvalidParameter"])
def test_final_codes_are_not_retried_even_as_5xx_or_429(server: FakeQwenServer, png: bytes, code: str) -> None:
    server.inject(Fault.http_error(429 if code == "Arrearage" else 500, code=code), times=3)
    with _client(server, FakeTime()) as client, pytest.raises(ApiError) as caught:
        client.ocr(png, task="text_recognition")
    assert caught.value.code == code and len(server.requests) == 1
    assert stops_batch(caught.value) == (code == "Arrearage")


def test_compatible_insufficient_quota_is_retried(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.http_error(429, code="insufficient_quota", retry_after=2))
    fake = FakeTime()
    with _client(server, fake, api="chat") as client:
        assert client.ocr(png, task="text_recognition").attempts == 2
    assert fake.sleeps == [2.0]


def test_retry_after_http_date() -> None:
    from datetime import datetime, timezone

    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=timezone.utc)  # noqa: UP017
    header = formatdate(now.timestamp() + 7, usegmt=True)
    assert parse_retry_after(header, now) == 7.0
    assert parse_retry_after("3") == 3.0 and parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_pdf_page_by_page(server: FakeQwenServer) -> None:
    pdf = make_pdf(pages=2)
    with _client(server) as client:
        responses = client.ocr_document(pdf, task="document_parsing")
    assert [r.page for r in responses] == [1, 2] and len(server.requests) == 2
    sizes = pdf_page_sizes(PdfInput(name="x", data=pdf))
    from ocrcheck.client import image_info

    for sent, (width, height) in zip(server.requests, sizes, strict=True):
        data = base64.b64decode(sent.image_urls[0].split(",", 1)[1])
        info = image_info(data)
        assert info is not None and (info.format, info.width, info.height) == ("PNG", width, height)
    with _client(server) as client, pytest.raises(ValueError, match="ocr_document"):
        client.ocr(pdf, task="document_parsing")


def test_pdf_through_the_responses_api(server: FakeQwenServer) -> None:
    server.add_answer(Answer(text="```latex\n\\section{A}\n```"), task="document_parsing")
    pdf = make_pdf(pages=3)
    with _client(server) as client:
        (response,) = client.ocr_document(pdf, task="document_parsing", pdf="responses")
    sent = server.requests[0]
    assert sent.api == "responses" and sent.image_urls[0].startswith("data:application/pdf;base64,")
    assert response.raw["output"][0]["content"][0]["text"].startswith("```latex")
    assert response.request_id and response.usage["total_tokens"] > 0
    with _client(server, model="qwen-vl-ocr") as client, pytest.raises(Exception, match=r"needs qwen3\.5-ocr"):
        client.ocr_document(pdf, task="document_parsing", pdf="responses")
    with _client(server) as client, pytest.raises(Exception, match="page limit is 50, got 51"):
        client.ocr_document(make_pdf(pages=51), task="document_parsing", pdf="responses")
    assert len(server.requests) == 1


def test_region_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from ocrcheck.client import resolve_config

    monkeypatch.setenv("DASHSCOPE_API_KEY", "sk-env")
    config = resolve_config(region="singapore")
    assert config.native_url == "https://dashscope-intl.aliyuncs.com/api/v1/services/aigc/multimodal-generation/generation"
    assert resolve_config(region="us-east-1").chat_url == "https://dashscope-us.aliyuncs.com/compatible-mode/v1/chat/completions"
    assert resolve_config().base_url == "https://dashscope.aliyuncs.com"
    local = resolve_config(compatible_base_url="http://localhost:8000/v1/")
    assert local.chat_url == "http://localhost:8000/v1/chat/completions"
    assert "sk-env" not in repr(config) and config.api_key.reveal() == "sk-env"
    monkeypatch.delenv("DASHSCOPE_API_KEY")
    with pytest.raises(Exception, match="DASHSCOPE_API_KEY"):
        resolve_config()
    with pytest.raises(Exception, match="unknown region"):
        resolve_config("k", region="mars")


def test_arguments_win_over_the_environment() -> None:
    from ocrcheck.client import resolve_config

    env = {"DASHSCOPE_API_KEY": "sk-env", "OCRCHECK_BASE_URL": "http://127.0.0.1:9", "OCRCHECK_REGION": "virginia",
           "OCRCHECK_MODEL": "qwen-vl-ocr-latest"}
    assert resolve_config(environ=env).base_url == "http://127.0.0.1:9"
    assert resolve_config(region="singapore", environ=env).base_url == "https://dashscope-intl.aliyuncs.com"
    assert resolve_config(base_url="http://[::1]:8/", environ=env).base_url == "http://[::1]:8"
    without_url = {k: v for k, v in env.items() if k != "OCRCHECK_BASE_URL"}
    assert resolve_config(environ=without_url).base_url == "https://dashscope-us.aliyuncs.com"
    assert resolve_config("sk-arg", model="m", environ=env).model == "m"
    assert resolve_config(environ=env).model == "qwen-vl-ocr-latest"
    assert resolve_config("sk-arg", environ=env).api_key.reveal() == "sk-arg"
