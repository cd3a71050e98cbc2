"""The process pool of a re-validation (`backend="pool"`, the default on one machine).

Partitions are written in archive order, at most 2 × workers in flight, so duplicates can be
claimed as records are written. Workers start from a fork server that has imported this module
(and with it the engine) once, or are spawned where there is no fork server; either way they
inherit nothing from the driver, and the engine reaches them pickled, once per worker (the
pool's initializer). Ctrl-C is the driver's: workers ignore SIGINT.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ._engine import Checked, Engine, Stored
from ._revalidate import Writer, check_partition

_ENGINE: Engine | None = None  # a pool worker's engine, shipped once by the initializer


def _pool_init(engine: Engine) -> None:
    global _ENGINE
    _ENGINE = engine
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle


def _pool_task(items: list[Stored]) -> list[Checked]:
    assert _ENGINE is not None
    return check_partition(_ENGINE, items)


def _context() -> Any:
    """Workers start from a fork server that has imported the engine once (fast: a fork per
    worker, not an interpreter's start), or by spawning where there is none. Neither inherits
    the driver's state, so everything a worker uses is shipped (and must pickle)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", __name__])
    return context


class Pool:
    """Partitions written in archive order, at most 2 × workers in flight. A worker that dies
    breaks the whole pool: a new one is started, and the partitions that had not finished run one
    at a time until each has passed or failed alone, so the partition that kills a worker is the
    one blamed (and after `retries` written `failed`)."""

    def __init__(self, engine: Engine, parts: list[list[Stored]], writer: Writer, *, workers: int, retries: int,
                 stop: threading.Event) -> None:
        self.engine, self.parts, self.writer = engine, parts, writer
        self.workers, self.retries, self.stop = workers, retries, stop
        self.context = _context()
        self.attempts = [0] * len(parts)
        self.futures: dict[int, Future[list[Checked]]] = {}
        self.waiting: list[int] = []  # partitions to submit again, before any new one (ascending)
        self.suspects: set[int] = set()
        self.following = 0  # the next partition never submitted
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=self.context, initializer=_pool_init,
                                   initargs=(self.engine,))

    def _submit(self, index: int) -> None:
        try:
            self.futures[index] = self.pool.submit(_pool_task, self.parts[index])
        except BrokenProcessPool as error:  # broken before the submission: seen at the head like any other
            future: Future[list[Checked]] = Future()
            future.set_exception(error)
            self.futures[index] = future

    def _fill(self) -> None:
        limit = 1 if self.suspects else 2 * self.workers
        running = sum(not future.done() for future in self.futures.values())
        while running < limit and not self.stop.is_set() and (self.waiting or self.following < len(self.parts)):
            if self.waiting:
                index = self.waiting.pop(0)
            else:
                index, self.following = self.following, self.following + 1
            self._submit(index)
            running += 1

    def _unfinished(self, head: int) -> list[int]:
        return [i for i, future in self.futures.items()
                if i != head and (not future.done() or future.exception() is not None)]

    def _broken(self, head: int) -> bool:
        """A new pool; True when `head` is written off (it broke the pool alone too often)."""
        others = self._unfinished(head)
        alone = bool(self.suspects) or not others
        again = [head, *others]
        for index in again:
            del self.futures[index]
        self.suspects |= set(again)
        self.waiting = sorted({*self.waiting, *again})
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()
        if not alone:
            return False
        self.attempts[head] += 1
        if self.attempts[head] <= self.retries:
            return False
        self.waiting.remove(head)
        self.writer.failed(self.parts[head], f"the worker process died checking this partition "
                                             f"({self.attempts[head]} attempts)")
        return True

    def run(self) -> None:
        head = 0
        try:
            while head < len(self.parts):
                self._fill()
                future = self.futures.get(head)
                if future is None:
                    return  # stopped: nothing more is submitted
                try:
                    part = future.result()
                except BrokenProcessPool:
                    if self._broken(head):
                        self.suspects.discard(head)
                        head += 1
                    continue
                except Exception as error:  # raised by the task itself (say, a MemoryError)
                    del self.futures[head]
                    self.attempts[head] += 1
                    if self.attempts[head] <= self.retries:
                        self._submit(head)
                        continue
                    self.writer.failed(self.parts[head], f"the worker failed on this partition: "
                                                         f"{type(error).__name__}: {error}"[:600])
                else:
                    del self.futures[head]
                    self.writer.write(part, self.parts[head])
                self.suspects.discard(head)
                head += 1
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
