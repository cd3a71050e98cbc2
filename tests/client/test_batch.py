"""The batch runners of the library: item order and kinds, validation first, early stop."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncGenerator

import pytest

from ocrcheck import ApiError, AuthError, InputError
from ocrcheck.client import (
    AsyncOcrClient,
    BatchItem,
    OcrClient,
    OcrRequest,
    RetryPolicy,
    iterate_in_thread,
    run_batch,
    run_batch_async,
)
from ocrcheck.testing import Answer, FakeQwenServer, Fault, RecordedRequest

from .conftest import KEY, make_image, make_pdf

TEXT = OcrRequest(task="text_recognition")


def test_items_in_order_of_every_kind(server: FakeQwenServer, png: bytes) -> None:
    server.add_answer(Answer(text="ok"))
    server.inject(Fault.delay(0), Fault.http_error(400, code="InvalidParameter"))
    sources = [png, b"not an image", make_image(300, 200), make_pdf(pages=2)]
    with OcrClient(api_key=KEY, base_url=server.base_url) as client:
        items = list(run_batch(client, sources, TEXT))
    pages = [("<bytes>#page=1", 1), ("<bytes>#page=2", 2)]
    assert [(i.source, i.page) for i in items] == [("<bytes>", None)] * 3 + pages
    assert items[0].response is not None and items[0].image_size == (640, 480)
    assert isinstance(items[1].error, InputError) and items[1].response is None
    assert isinstance(items[2].error, ApiError) and items[2].error.code == "InvalidParameter"
    assert not any(i.stops_batch for i in items)
    assert items[3].image_size == (1653, 2339) and len(server.requests) == 4


def test_the_request_is_validated_before_anything_is_read(server: FakeQwenServer, png: bytes) -> None:
    with OcrClient(api_key=KEY, base_url=server.base_url) as client, pytest.raises(InputError, match="unknown task"):
        list(run_batch(client, [png], OcrRequest(task="no_such_task")))

    async def run() -> None:
        async with AsyncOcrClient(api_key=KEY, base_url=server.base_url) as client:
            with pytest.raises(ValueError, match="concurrency"):
                async for _ in run_batch_async(client, [png], TEXT, concurrency=0):
                    pass

    asyncio.run(run())
    assert server.requests == []


def test_async_auth_error_is_the_last_item(png: bytes) -> None:
    async def run() -> list[BatchItem]:
        async with AsyncOcrClient(api_key="sk-wrong", base_url=server.base_url) as client:
            return [i async for i in run_batch_async(client, [png] * 10, TEXT, concurrency=1)]

    with FakeQwenServer(api_key=KEY) as server:
        items = asyncio.run(run())
        assert len(server.requests) == 1
    (item,) = items
    assert isinstance(item.error, AuthError) and item.stops_batch


def test_thread_bridge_stops_the_batch_when_the_consumer_stops(png: bytes) -> None:
    def slow(request: RecordedRequest) -> Answer:
        time.sleep(0.05)
        return Answer(text="ok")

    sources = [make_image(300 + i, 200) for i in range(40)]
    with FakeQwenServer(api_key=KEY, handler=slow) as server:

        async def produce() -> AsyncGenerator[BatchItem, None]:
            async with AsyncOcrClient(api_key=KEY, base_url=server.base_url, retry=RetryPolicy(max_attempts=1),
                                      max_concurrency=2) as client:
                async for item in run_batch_async(client, sources, TEXT, concurrency=2):
                    yield item

        items = iterate_in_thread(produce)
        first = next(items)
        items.close()  # the consumer gives up after one item
        assert first.response is not None and first.source == "<bytes>"
        assert "ocrcheck-batch" not in [t.name for t in threading.enumerate()]  # the batch thread has ended
        time.sleep(0.5)  # unstopped, two at a time at 0.05 s each, about 20 more would be sent meanwhile
        assert len(server.requests) <= 4  # the first, its neighbour, and at most two abandoned in flight


def test_thread_bridge_raises_errors_of_the_batch_in_the_caller() -> None:
    async def produce() -> AsyncGenerator[BatchItem, None]:
        raise InputError("no API key")
        yield  # pragma: no cover - makes this an async generator

    with pytest.raises(InputError, match="no API key"):
        list(iterate_in_thread(produce))
