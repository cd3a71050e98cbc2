"""AsyncOcrClient: the same answers and retries as OcrClient, with concurrency and RPM bounds."""

from __future__ import annotations

import asyncio
import threading
import time

from ocrcheck import InputError, RateLimited
from ocrcheck.client import AsyncOcrClient, RetryPolicy
from ocrcheck.testing import Answer, FakeQwenServer, Fault, RecordedRequest

from .conftest import KEY, make_image


class AsyncFakeTime:
    """Records waits without passing time, so every pacing decision is visible."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return 0.0

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        await asyncio.sleep(0)


def test_async_retry_then_success(server: FakeQwenServer, png: bytes) -> None:
    server.inject(Fault.rate_limited(retry_after=1), times=3)
    fake = AsyncFakeTime()

    async def run() -> int:
        async with AsyncOcrClient(api_key=KEY, base_url=server.base_url, sleep=fake.sleep, clock=fake.clock) as client:
            return (await client.ocr(png, task="text_recognition")).attempts

    assert asyncio.run(run()) == 4 and len(server.requests) == 4 and fake.sleeps == [1.0, 1.0, 1.0]


def test_concurrency_is_bounded(png: bytes) -> None:
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def slow(request: RecordedRequest) -> Answer:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.1)
        with lock:
            state["now"] -= 1
        return Answer(text="ok")

    images = [make_image(100 + i, 100) for i in range(8)]

    async def run() -> list:
        async with AsyncOcrClient(api_key=KEY, base_url=server.base_url, max_concurrency=3) as client:
            return await client.ocr_many(images, task="text_recognition")

    with FakeQwenServer(api_key=KEY, handler=slow) as server:
        results = asyncio.run(run())
    assert len(results) == 8 and all(isinstance(r, list) and len(r) == 1 for r in results)
    assert state["peak"] == 3  # several at once, never more than three


def test_requests_per_minute_spaces_starts(server: FakeQwenServer, png: bytes) -> None:
    fake = AsyncFakeTime()

    async def run() -> None:
        async with AsyncOcrClient(api_key=KEY, base_url=server.base_url, requests_per_minute=600,
                                  sleep=fake.sleep, clock=fake.clock) as client:
            await client.ocr_many([png] * 5, task="text_recognition")

    asyncio.run(run())
    assert sorted(fake.sleeps) == [0.1, 0.2, 0.3, 0.4] and len(server.requests) == 5


def test_ocr_many_keeps_order_and_isolates_failures(server: FakeQwenServer, png: bytes) -> None:
    server.add_answer(Answer(text="first"), image=png)
    server.inject(Fault.rate_limited(retry_after=0))  # the first request (tasks start in order)

    async def run() -> list:
        async with AsyncOcrClient(api_key=KEY, base_url=server.base_url, max_concurrency=1,
                                  retry=RetryPolicy(max_attempts=1)) as client:
            return await client.ocr_many([make_image(50, 50), b"not an image", png], task="text_recognition")

    first, second, third = asyncio.run(run())
    assert isinstance(first, RateLimited)
    assert isinstance(second, InputError)
    assert len(server.requests) == 2  # the bad image cost no request
    assert third[0].raw["output"]["choices"][0]["message"]["content"][0]["text"] == "first"
