"""The answer cache against the loopback server: a hit sends nothing, only good answers are kept."""

from __future__ import annotations

import asyncio
import json
import stat
from pathlib import Path

import pytest

from ocrcheck import ApiError
from ocrcheck.client import AsyncOcrClient, OcrClient, RetryPolicy, build_request, plan_calls, request_key
from ocrcheck.client._config import resolve_config
from ocrcheck.testing import Answer, FakeQwenServer, Fault

from .conftest import KEY, make_image

TEXT = Answer(text="增值税专用发票 No 10283819")


def _client(server: FakeQwenServer, cache: Path | bool | None, **kwargs: object) -> OcrClient:
    return OcrClient(api_key=KEY, base_url=server.base_url, cache_dir=cache, seed=1,  # type: ignore[arg-type]
                     retry=RetryPolicy(max_attempts=1), **kwargs)


def _files(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file())


@pytest.mark.parametrize("api", ["native", "chat"])
def test_second_call_is_a_hit_and_sends_nothing(server: FakeQwenServer, png: bytes, tmp_path: Path, api: str) -> None:
    server.add_answer(TEXT)
    cache = tmp_path / "answers"
    with _client(server, cache, api=api) as client:
        first = client.ocr(png, task="text_recognition")
    assert len(server.requests) == 1 and first.attempts == 1 and not first.cached
    with _client(server, cache, api=api) as client:  # a new client: the cache is on disk, not in memory
        again = client.ocr(png, task="text_recognition")
    assert len(server.requests) == 1  # no second request
    assert again.cached and again.attempts == 0
    assert again.raw == first.raw and again.request_id == first.request_id and again.usage == first.usage
    assert again.api == api and again.model == first.model and again.finish_reason == "stop"
    (stored,) = _files(cache)
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700 and stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    assert KEY.encode() not in stored.read_bytes()
    assert json.loads(stored.read_bytes())["answer"] == first.raw  # the answer as received


def test_key_covers_endpoint_model_body_and_image_never_the_api_key(png: bytes) -> None:
    def key(image: bytes = png, task: str = "text_recognition", api: str = "native", model: str | None = None,
            base: str = "http://127.0.0.1:1", api_key: str = KEY) -> str:
        config = resolve_config(api_key, base_url=base)
        (call,) = plan_calls(config, image, build_request(task=task), api=api, model=model)  # type: ignore[arg-type]
        return request_key(call)

    reference = key()
    assert len(reference) == 64 and reference == key()
    assert key(api_key="sk-another-key") == reference
    assert key(base="https://dashscope-intl.aliyuncs.com") == reference  # same path: the same work
    assert key(image=make_image(641, 480)) != reference
    assert key(task="table_parsing") != reference
    assert key(api="chat") != reference
    assert key(model="qwen-vl-ocr-2025-11-20") != reference


def test_errors_are_not_cached(server: FakeQwenServer, png: bytes, tmp_path: Path) -> None:
    server.add_answer(TEXT)
    server.inject(Fault.http_error(400, code="InvalidParameter"))
    with _client(server, tmp_path) as client:
        with pytest.raises(ApiError):
            client.ocr(png, task="text_recognition")
        assert _files(tmp_path) == []
        assert not client.ocr(png, task="text_recognition").cached
    assert len(server.requests) == 2


def test_cut_answers_are_not_cached(server: FakeQwenServer, png: bytes, tmp_path: Path) -> None:
    server.add_answer(TEXT)
    server.inject(Fault.truncated())
    with _client(server, tmp_path) as client:
        assert client.ocr(png, task="text_recognition").finish_reason == "length"
        assert _files(tmp_path) == []
        fresh = client.ocr(png, task="text_recognition")
        assert fresh.finish_reason == "stop" and not fresh.cached
        assert client.ocr(png, task="text_recognition").cached
    assert len(server.requests) == 2


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1, "key": "0", "answer": {}}', b"[1, 2]"])
def test_corrupt_file_is_a_miss_and_is_replaced(server: FakeQwenServer, png: bytes, tmp_path: Path,
                                                damage: bytes) -> None:
    server.add_answer(TEXT)
    with _client(server, tmp_path) as client:
        client.ocr(png, task="text_recognition")
        (stored,) = _files(tmp_path)
        stored.write_bytes(damage)
        assert not client.ocr(png, task="text_recognition").cached  # sent again, no crash
        assert len(server.requests) == 2 and json.loads(stored.read_bytes())["format"] == 1
        assert client.ocr(png, task="text_recognition").cached
    assert len(server.requests) == 2


def test_environment_turns_it_on_and_false_turns_it_off(server: FakeQwenServer, png: bytes, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCRCHECK_CACHE_DIR", str(tmp_path / "env"))
    server.add_answer(TEXT)
    with _client(server, None) as client:
        client.ocr(png, task="text_recognition")
        assert client.ocr(png, task="text_recognition").cached
    with _client(server, False) as client:
        assert client.cache is None and not client.ocr(png, task="text_recognition").cached
    assert len(server.requests) == 2 and len(_files(tmp_path / "env")) == 1


def test_unwritable_cache_never_fails_the_call(server: FakeQwenServer, png: bytes, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    server.add_answer(TEXT)
    with _client(server, blocker) as client:
        assert client.ocr(png, task="text_recognition").raw["output"]
        assert client.ocr(png, task="text_recognition").attempts == 1  # nothing kept, so sent again
    assert len(server.requests) == 2


def test_async_hit_and_identical_calls_in_flight_share_one_request(png: bytes, tmp_path: Path) -> None:
    def slow(request: object) -> Answer:
        import time

        time.sleep(0.05)  # keep the first request in flight while the duplicates arrive
        return TEXT

    async def run() -> list:
        async with AsyncOcrClient(api_key=KEY, base_url=server.base_url, cache_dir=tmp_path,
                                  max_concurrency=4) as client:
            same = await asyncio.gather(*(client.ocr(png, task="text_recognition") for _ in range(4)))
            later = await client.ocr(png, task="text_recognition")
            return [*same, later]

    with FakeQwenServer(api_key=KEY, handler=slow) as server:
        responses = asyncio.run(run())
        assert len(server.requests) == 1
    assert sum(not r.cached for r in responses) == 1 and responses[-1].cached
    assert len({r.request_id for r in responses}) == 1
