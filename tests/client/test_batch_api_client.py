"""`BatchApiClient` against the loopback service's Files and Batches endpoints: the wire format,
retries, the lost `create` answer that must not become a second batch, and every way a batch ends."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from ocrcheck import check_response
from ocrcheck._exceptions import ApiError, AuthError
from ocrcheck.client import BatchApiClient, RetryPolicy, build_request, plan_calls, resolve_config
from ocrcheck.client._batch_api import ENDPOINT, request_line
from ocrcheck.testing import Answer, BatchPlan, FakeQwenServer, Fault

from .conftest import KEY, make_image

FAST = RetryPolicy(max_attempts=4, base_delay=0.001, max_delay=0.01)
FIELDS = {"姓名": "张三", "公民身份号码": "11010519491231002X"}


def _client(server: FakeQwenServer, key: str = KEY) -> BatchApiClient:
    return BatchApiClient(resolve_config(key, base_url=server.base_url), retry=FAST)


def _request_file(tmp_path: Path, server: FakeQwenServer, count: int) -> tuple[Path, list[bytes]]:
    """A request file of `count` images, each answered with its own name."""
    config = resolve_config(KEY, base_url=server.base_url)
    request = build_request(doc_type="cn_resident_id")
    images, lines = [], []
    for index in range(count):
        image = make_image(300 + index, 200)
        server.add_answer(Answer.fields({**FIELDS, "姓名": f"张{index}"}), image=image)
        (call,) = plan_calls(config, image, request, api="chat")
        lines.append(request_line(f"doc-{index}", call.body))
        images.append(image)
    path = tmp_path / "requests.jsonl"
    path.write_bytes(b"".join(lines))
    return path, images


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


async def _until_done(client: BatchApiClient, batch_id: str) -> tuple[dict[str, Any], list[str]]:
    seen = []
    for _ in range(20):
        batch = await client.retrieve(batch_id)
        seen.append(batch["status"])
        if batch["status"] in ("completed", "failed", "expired", "cancelled"):
            return batch, seen
    raise AssertionError(f"never finished: {seen}")


def test_round_trip(server: FakeQwenServer, tmp_path: Path) -> None:
    path, _ = _request_file(tmp_path, server, 3)
    server.batch_api.plan = BatchPlan(polls=3)

    async def go() -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        async with _client(server) as client:
            uploaded = await client.upload(path)
            created = await client.create(uploaded["id"])
            batch, seen = await _until_done(client, created["id"])
            await client.download(batch["output_file_id"], tmp_path / "out.jsonl")
            return uploaded, created, seen

    uploaded, created, seen = asyncio.run(go())
    assert server.batch_api.contents[uploaded["id"]] == path.read_bytes()
    assert server.batch_api.files[uploaded["id"]]["purpose"] == "batch"
    assert created["status"] == "validating" and created["endpoint"] == ENDPOINT
    assert created["completion_window"] == "24h" and created["input_file_id"] == uploaded["id"]
    assert seen == ["in_progress", "finalizing", "completed"]
    out = _lines(tmp_path / "out.jsonl")
    assert [line["custom_id"] for line in out] == ["doc-0", "doc-1", "doc-2"]
    for index, line in enumerate(out):
        assert line["error"] is None and line["response"]["status_code"] == 200
        result = check_response(line["response"]["body"], "cn_resident_id")
        assert result.fields["name"] == f"张{index}"
    # The lines were answered as chat requests: the task's prompt as text, the image as a data URL.
    assert [r.task for r in server.batch_api.requests] == ["key_information_extraction"] * 3
    assert (tmp_path / "out.jsonl").stat().st_mode & 0o077 == 0


def test_lost_create_answer_is_found_not_repeated(server: FakeQwenServer, tmp_path: Path) -> None:
    path, _ = _request_file(tmp_path, server, 1)

    async def go() -> dict[str, Any]:
        async with _client(server) as client:
            uploaded = await client.upload(path)
            server.batch_api.inject(Fault.disconnect())  # the batch is made, the answer never arrives
            return await client.create(uploaded["id"])

    batch = asyncio.run(go())
    assert server.batch_api.created == 1
    assert batch["id"] in server.batch_api.batches


def test_status_reads_are_retried(server: FakeQwenServer, tmp_path: Path) -> None:
    path, _ = _request_file(tmp_path, server, 1)
    server.batch_api.plan = BatchPlan(polls=1)

    async def go() -> dict[str, Any]:
        async with _client(server) as client:
            created = await client.create((await client.upload(path))["id"])
            server.batch_api.inject(Fault.rate_limited(retry_after=0), Fault.server_error(503))
            return await client.retrieve(created["id"])

    assert asyncio.run(go())["status"] == "completed"
    assert server.batch_api.reads == 1  # the two refusals did not reach the batch


def test_final_errors_are_not_retried_and_the_key_never_shows(server: FakeQwenServer, tmp_path: Path) -> None:
    path, _ = _request_file(tmp_path, server, 1)
    server.batch_api.plan = BatchPlan(max_file_bytes=10)

    async def too_big() -> None:
        async with _client(server) as client:
            await client.upload(path)

    with pytest.raises(ApiError) as refused:
        asyncio.run(too_big())
    assert refused.value.status_code == 400 and server.batch_api.uploads == 0

    async def bad_key() -> None:
        async with _client(server, key="sk-wrong-key-0000") as client:
            await client.retrieve("batch_x")

    with pytest.raises(AuthError) as denied:
        asyncio.run(bad_key())
    assert "sk-wrong-key-0000" not in str(denied.value)


def test_failed_lines_expiry_and_validation(server: FakeQwenServer, tmp_path: Path) -> None:
    path, images = _request_file(tmp_path, server, 3)
    server.batch_api.fail_lines(images[1], fault=Fault.http_error(400, code="InvalidParameter", message="bad"))

    async def one(plan: BatchPlan) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        server.batch_api.plan = plan
        async with _client(server) as client:
            created = await client.create((await client.upload(path))["id"])
            batch, _ = await _until_done(client, created["id"])
            got: dict[str, list[dict[str, Any]]] = {"output_file_id": [], "error_file_id": []}
            for name in got:
                if batch.get(name):
                    await client.download(batch[name], tmp_path / name)
                    got[name] = _lines(tmp_path / name)
            return batch, got["output_file_id"], got["error_file_id"]

    batch, output, errors = asyncio.run(one(BatchPlan(polls=1)))
    assert batch["request_counts"] == {"total": 3, "completed": 2, "failed": 1}
    assert [e["custom_id"] for e in errors] == ["doc-1"]
    assert errors[0]["response"]["status_code"] == 400 and errors[0]["error"]["code"] == "InvalidParameter"
    assert len(output) == 2

    batch, output, errors = asyncio.run(one(BatchPlan(polls=1, outcome="expired", answered_before_expiry=1)))
    assert batch["status"] == "expired"
    assert [o["custom_id"] for o in output] == ["doc-0"]
    assert {e["error"]["code"] for e in errors} == {"batch_expired"} and len(errors) == 2

    batch, output, errors = asyncio.run(one(BatchPlan(polls=1, max_requests=2)))
    assert batch["status"] == "failed" and not output and not errors
    assert batch["errors"]["data"][0]["code"] == "too_many_requests"


def test_cancel(server: FakeQwenServer, tmp_path: Path) -> None:
    path, _ = _request_file(tmp_path, server, 2)
    server.batch_api.plan = BatchPlan(polls=50)

    async def go() -> tuple[dict[str, Any], dict[str, Any]]:
        async with _client(server) as client:
            created = await client.create((await client.upload(path))["id"])
            cancelling = await client.cancel(created["id"])
            return cancelling, await client.retrieve(created["id"])

    cancelling, done = asyncio.run(go())
    assert cancelling["status"] == "cancelling" and done["status"] == "cancelled"
    assert done["request_counts"]["failed"] == 2
