"""Batches: many sources through one client, one `BatchItem` per answer, in input order.

What happens to a batch when something goes wrong (design.md, Service facts):

- an input refused at preflight (`InputError`: unreadable, too small, too large, ...) is that
  file's item, with no request sent for it; the batch goes on;
- a final service error for one request (`InvalidParameter`, `DataInspectionFailed`, retries run
  out, ...) is that document's item; the batch goes on;
- `InvalidApiKey` (any `AuthError`) and `Arrearage` fail every further request too: the batch
  stops at once, that item is the last one (`stops_batch` is true) and nothing more is sent.

A PDF sent page by page gives one item per page. Usage errors (an unknown task, a bad option)
are raised by `OcrRequest.validate` before anything is read or sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._exceptions import ApiError, InputError, OcrcheckError
from ._async import AsyncOcrClient
from ._core import Call, OcrResponse, PdfMode, plan_calls
from ._errors import stops_batch
from ._inputs import Source
from ._requests import Api, OcrRequest
from ._sync import OcrClient


@dataclass(frozen=True)
class BatchItem:
    """One answer of a batch, or why there is none: `error` is an `InputError` (nothing sent) or
    an `ApiError` (the service's final word, with its code and request id)."""

    source: str
    response: OcrResponse | None = None
    error: OcrcheckError | None = None
    page: int | None = None
    image_size: tuple[int, int] | None = None

    @property
    def stops_batch(self) -> bool:
        return isinstance(self.error, ApiError) and stops_batch(self.error)


def source_name(source: Source) -> str:
    if isinstance(source, (bytes, bytearray)):
        return "<bytes>"
    return str(source) if isinstance(source, (str, Path)) else repr(source)


def _answered(call: Call, response: OcrResponse) -> BatchItem:
    return BatchItem(call.source, response=response, page=call.page, image_size=call.image_size)


def _failed(call: Call, error: ApiError) -> BatchItem:
    return BatchItem(call.source, error=error, page=call.page, image_size=call.image_size)


def run_batch(
    client: OcrClient, sources: Iterable[Source], request: OcrRequest, *,
    api: Api | None = None, pdf: PdfMode = "pages", model: str | None = None,
) -> Iterator[BatchItem]:
    """Each source in turn: preflight, then its requests. Stops after an item that stops batches."""
    request.validate(model or client.config.model)
    for source in sources:
        try:
            calls = plan_calls(client.config, source, request, api=api or client.api, pdf=pdf, model=model)
        except InputError as error:
            yield BatchItem(source_name(source), error=error)
            continue
        for call in calls:
            try:
                yield _answered(call, client.send(call))
            except ApiError as error:
                yield _failed(call, error)
                if stops_batch(error):
                    return


async def run_batch_async(
    client: AsyncOcrClient, sources: Iterable[Source], request: OcrRequest, *,
    api: Api | None = None, pdf: PdfMode = "pages", model: str | None = None, concurrency: int = 4,
) -> AsyncIterator[BatchItem]:
    """Up to `concurrency` sources at a time (each read and encoded only when its turn comes, so
    memory stays bounded), items yielded in input order as soon as their turn is complete.

    After an item that stops the batch, no source not yet started is started, and requests still
    in flight are cancelled (they fail the same way: the key or the account is refused).
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    request.validate(model or client.config.model)
    slots = asyncio.Semaphore(concurrency)
    stop = asyncio.Event()

    async def one(source: Source) -> list[BatchItem]:
        async with slots:
            if stop.is_set():
                return []
            try:
                calls = plan_calls(client.config, source, request, api=api or client.api, pdf=pdf, model=model)
            except InputError as error:
                return [BatchItem(source_name(source), error=error)]
            items: list[BatchItem] = []
            for call in calls:  # a PDF's pages in turn: other documents keep the slots busy
                try:
                    items.append(_answered(call, await client.send(call)))
                except ApiError as error:
                    items.append(_failed(call, error))
                    if stops_batch(error):
                        stop.set()
                        break
            return items

    tasks = [asyncio.ensure_future(one(source)) for source in sources]
    try:
        for task in tasks:
            for item in await task:
                yield item
                if item.stops_batch:
                    return
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


_DONE = object()


def iterate_in_thread(produce: Callable[[], AsyncGenerator[BatchItem, None]]) -> Iterator[BatchItem]:
    """A synchronous iterator over an async batch run in its own thread and event loop, so a
    command line (or any blocking code) can print items as they come. `produce` is called in
    that loop, so the async client it creates belongs to it. Stopping early (an exception in the
    consumer, Ctrl-C) cancels the batch: requests in flight are abandoned, none is started."""
    items: queue.Queue[object] = queue.Queue()
    running: dict[str, Any] = {}

    async def pump() -> None:
        running["loop"], running["task"] = asyncio.get_running_loop(), asyncio.current_task()
        agen = produce()
        try:
            async for item in agen:
                items.put(item)
        finally:
            await agen.aclose()

    def main() -> None:
        try:
            asyncio.run(pump())
        except asyncio.CancelledError:
            pass
        except BaseException as error:  # handed to the consuming thread, raised there
            items.put(error)
        items.put(_DONE)

    thread = threading.Thread(target=main, name="ocrcheck-batch", daemon=True)
    thread.start()
    try:
        while (got := items.get()) is not _DONE:
            if isinstance(got, BaseException):
                raise got
            yield got  # type: ignore[misc]
    finally:
        if thread.is_alive() and "task" in running:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the batch is over
                running["loop"].call_soon_threadsafe(running["task"].cancel)
        thread.join()
