"""`ocrcheck scan FILE...` as a batch, through the loopback server: what stops it, what goes to
review, input order under --concurrency, and the answer cache."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import pytest

from ocrcheck.cli import main
from ocrcheck.doctypes import data_dir
from ocrcheck.testing import Answer, FakeQwenServer, Fault, RecordedRequest, image_key

from .conftest import KEY, make_image

TICKETS = data_dir("fixtures") / "cn_train_ticket"
CLEAN = json.loads((TICKETS / "clean.fields.json").read_text(encoding="utf-8"))
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> FakeQwenServer:
    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
    monkeypatch.delenv("OCRCHECK_CACHE_DIR", raising=False)
    with FakeQwenServer(api_key=KEY, default=Answer.fields(CLEAN)) as server:
        yield server  # type: ignore[misc]


def _images(tmp_path: Path, count: int) -> list[Path]:
    """`count` distinct images (their sizes differ, so their bytes and hashes do)."""
    paths = []
    for index in range(count):
        path = tmp_path / f"img{index:02d}.png"
        path.write_bytes(make_image(400 + index, 300))
        paths.append(path)
    return paths


def _scan(server: FakeQwenServer, *args: str) -> list[str]:
    return ["scan", "-t", "cn_train_ticket", "-f", "json", "--base-url", server.base_url, *args]


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_preflight_refusal_is_that_files_review_entry(service: FakeQwenServer, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    first, last = _images(tmp_path, 2)
    tiny = tmp_path / "tiny.png"
    tiny.write_bytes(make_image(8, 8))
    queue = tmp_path / "queue.jsonl"
    assert main(_scan(service, "-q", str(queue), str(first), str(tiny), str(last))) == 1
    results = _lines(capsys)
    assert [r["source"] for r in results] == [str(first), str(tiny), str(last)]
    assert [r["status"] for r in results] == ["pass", "review", "pass"]
    (finding,) = results[1]["findings"]
    assert (finding["code"], finding["variant"]) == ("unparseable", "not_sent") and "10 px" in finding["ctx"]["error"]
    assert len(service.requests) == 2  # the tiny image cost nothing
    (entry,) = [json.loads(line) for line in queue.read_text(encoding="utf-8").splitlines()]
    assert entry["source"] == str(tiny)


def test_final_service_error_is_a_review_entry_naming_code_and_request_id(
        service: FakeQwenServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _images(tmp_path, 3)
    queue = tmp_path / "queue.jsonl"
    service.inject(Fault.http_error(400, code="InvalidParameter", message="image format illegal"),
                   Fault.http_error(400, code="DataInspectionFailed", message="Input data may contain inappropriate"))
    assert main(_scan(service, "-q", str(queue), *map(str, paths))) == 1
    bad, refused, good = _lines(capsys)
    assert len(service.requests) == 3  # the batch went on after both
    assert good["status"] == "pass"
    (finding,) = bad["findings"]
    assert finding["code"] == "unparseable" and finding["value"] == "InvalidParameter"
    assert finding["variant"] == "service_refused" and finding["ctx"]["error"] == "image format illegal"
    assert re.fullmatch(rf"HTTP 400, request_id {UUID}", finding["ctx"]["where"])
    assert bad["meta"]["request_id"] in finding["ctx"]["where"]
    (finding,) = refused["findings"]
    assert finding["value"] == "DataInspectionFailed" and finding["variant"] == "inspection_refused"
    entries = [json.loads(line) for line in queue.read_text(encoding="utf-8").splitlines()]
    assert [e["source"] for e in entries] == [str(paths[0]), str(paths[1])]
    assert entries[0]["raw"]["code"] == "InvalidParameter" and entries[0]["raw"]["request_id"]


def test_retries_run_out_is_a_review_entry(service: FakeQwenServer, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    paths = _images(tmp_path, 2)
    service.inject(Fault.http_error(500, code="InternalError", retry_after=0), times=5)  # all five attempts
    assert main(_scan(service, *map(str, paths))) == 1
    failed, good = _lines(capsys)
    assert failed["findings"][0]["value"] == "InternalError" and good["status"] == "pass"
    assert len(service.requests) == 6


@pytest.mark.parametrize("concurrency", ["1", "2"])
def test_refused_key_stops_the_batch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str], concurrency: str) -> None:
    monkeypatch.setenv("DASHSCOPE_API_KEY", "sk-wrong-key-0000")
    paths = _images(tmp_path, 6)
    with FakeQwenServer(api_key=KEY) as server:
        assert main(_scan(server, "-j", concurrency, *map(str, paths))) == 2
        # concurrency 1: exactly one; otherwise those already in flight, and none started after
        assert 1 <= len(server.requests) <= int(concurrency) and (concurrency != "1" or len(server.requests) == 1)
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert "InvalidApiKey" in line and "batch stopped" in line and "sk-wrong-key" not in line


@pytest.mark.parametrize("concurrency", ["1", "3"])
def test_arrearage_stops_the_batch_after_the_documents_before_it(
        service: FakeQwenServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], concurrency: str) -> None:
    paths = _images(tmp_path, 6)
    unpaid = image_key(paths[2].read_bytes())
    later = {image_key(p.read_bytes()) for p in paths[3:]}
    refused = threading.Event()

    def handler(request: RecordedRequest) -> dict | None:
        keys = set(map(image_key, request.image_urls))
        # Classification is by code, so the error body decides even without the 400 status.
        if unpaid in keys:
            refused.set()
            return {"code": "Arrearage", "message": "Access denied, please make sure your account is in good standing.",
                    "request_id": "rid-arrears"}
        if keys & later:
            # A file after the unpaid one, sent while it was in flight: answered only after the
            # refusal, so that on a loaded machine it cannot free a slot for one more file
            # before the client has seen the refusal (which is what the bound below is about).
            refused.wait(10)
            time.sleep(0.3)
        return None

    service.handler = handler
    assert main(_scan(service, "-j", concurrency, *map(str, paths))) == 2
    captured = capsys.readouterr()
    assert [json.loads(line)["source"] for line in captured.out.splitlines()] == [str(paths[0]), str(paths[1])]
    (line,) = captured.err.splitlines()
    assert "Arrearage" in line and "rid-arrears" in line and f"batch stopped at {paths[2]}" in line
    sent = {image_key(url) for r in service.requests for url in r.image_urls}
    assert unpaid in sent
    if concurrency == "1":
        assert len(service.requests) == 3  # the files after it were never sent
    else:
        assert len(service.requests) <= 2 + int(concurrency)  # at most those already in flight


def test_concurrency_keeps_input_order_and_overlaps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
    paths = _images(tmp_path, 8)
    slow_first = {image_key(p.read_bytes()): 0.02 * (8 - i) for i, p in enumerate(paths)}  # earlier = slower
    lock = threading.Lock()
    state = {"now": 0, "most": 0}

    def handler(request: RecordedRequest) -> Answer:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(slow_first[image_key(request.image_urls[0])])
        with lock:
            state["now"] -= 1
        return Answer.fields(CLEAN)

    with FakeQwenServer(api_key=KEY, handler=handler) as server:
        assert main(_scan(server, "-j", "4", *map(str, paths))) == 0
        assert len(server.requests) == 8
    assert [r["source"] for r in _lines(capsys)] == [str(p) for p in paths]
    assert 1 < state["most"] <= 4


def test_cache_dir_second_run_sends_nothing(service: FakeQwenServer, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    paths = _images(tmp_path, 3)
    cache = tmp_path / "cache"
    files = [*map(str, paths), str(paths[0])]  # paths[0] twice
    argv = _scan(service, "--cache-dir", str(cache))
    assert main([*argv, *files]) == 0
    first = _lines(capsys)
    assert len(service.requests) == 3  # the repeated file was not paid for twice
    assert main([*argv, "-j", "2", *files]) == 0
    second = _lines(capsys)
    assert len(service.requests) == 3  # nothing sent on the second run
    assert [r["fields"] for r in second] == [r["fields"] for r in first]
    assert all(r["meta"].get("cached") for r in second) and not first[0]["meta"].get("cached")
    assert second[0]["meta"]["request_id"] == first[0]["meta"]["request_id"]
    assert main([*argv, "--no-cache", files[0]]) == 0
    assert len(service.requests) == 4
