"""The deadline of one call, enforced on every socket operation.

httpx's timeouts bound each network operation separately: a server that trickles its answer
one byte every 80 ms never trips a 1 s read timeout, and a 3 s deadline checked only between
attempts let such a call run 10 s (issue 7, item 11). So the blocking client installs, under
httpx's default transport, a network backend whose every connect, read and write gets at most
the time left until the deadline of the call in progress (a context variable, so threads and
calls never share one). The call then ends at its deadline with a timeout, whatever the server
does; the client turns that into a `DeadlineExceeded` error. The asyncio client needs none of
this: `asyncio.timeout` cancels the whole attempt.

This reaches one private attribute of httpx (`HTTPTransport._pool`) to hand httpcore the
backend; tests/client/test_hostile_server.py fails if that ever stops bounding the call.
"""

from __future__ import annotations

import time
import typing
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpcore
import httpx

_until: ContextVar[float | None] = ContextVar("ocrcheck_call_deadline", default=None)
_FLOOR = 0.001  # a socket timeout of 0 would mean non-blocking, not "already late"


@contextmanager
def deadline_scope(seconds: float) -> Iterator[None]:
    """Every socket operation inside takes at most the time left of `seconds` from now."""
    token = _until.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _until.reset(token)


def bound(timeout: float | None) -> float | None:
    """`timeout`, shortened to what is left of the current call's deadline."""
    until = _until.get()
    if until is None:
        return timeout
    left = max(until - time.monotonic(), _FLOOR)
    return left if timeout is None else min(timeout, left)


class _BoundedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, bound(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, bound(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: typing.Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _BoundedStream(self._inner.start_tls(ssl_context, server_hostname, bound(timeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _BoundedBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, bound(timeout), local_address, socket_options)
        return _BoundedStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[typing.Any] | None = None
    ) -> httpcore.NetworkStream:
        return _BoundedStream(self._inner.connect_unix_socket(path, bound(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def bounded_transport(**options: typing.Any) -> httpx.HTTPTransport:
    """httpx's default transport, with every socket operation bounded by `deadline_scope`."""
    transport = httpx.HTTPTransport(**options)
    pool = transport._pool
    if isinstance(pool, httpcore.ConnectionPool):
        pool._network_backend = _BoundedBackend(pool._network_backend)
    return transport
