"""The results file: one JSON line per document, appended exactly once, read back to resume.

Written like the review queue (design.md): the record is serialised first, then under `flock`
a torn last line left by a killed run is closed, the record goes out in one `write` on an
`O_APPEND` descriptor and is `fdatasync`ed before the run reports it. A run killed at any point
leaves every earlier record whole; its torn tail is skipped on reading and the document redone.

A record's `key` is the SHA-256 of the document's path, its content hash and the request
(document type, model, API, options), so a rerun of the same command skips exactly the
documents already judged. `failed` records (the service unreachable or refusing) are not
judgements: the next run tries those documents again and appends their new outcome, and the
reader keeps the last record of each key.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .._exceptions import InputError

FINAL = ("pass", "review")
MAX_LINE = 16 * 1024 * 1024
_BLOCK = 1 << 20


def document_key(path: str, content_sha256: str, request: Mapping[str, Any]) -> str:
    canonical = json.dumps({"path": path, "sha256": content_sha256, "request": request},
                           sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def encode(record: Mapping[str, Any]) -> bytes:
    """One line that can always be written: lone surrogates escaped, never an exception."""
    text = json.dumps(record, ensure_ascii=False, default=str, separators=(",", ":"))
    return text.encode("utf-8", "backslashreplace") + b"\n"


@dataclass
class ResultsRead:
    latest: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → its last record
    skipped_lines: int = 0

    def done(self) -> set[str]:
        return {k for k, r in self.latest.items() if r.get("status") in FINAL}


def compact(key: str) -> bytes:
    """A record key as 16 bytes (half its SHA-256): what a run keeps in memory per document."""
    try:
        return bytes.fromhex(key)[:16]
    except ValueError:
        return hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=16).digest()


def _lines(handle: Any) -> Iterator[tuple[int, bytes | None]]:
    """(offset, line) of a file, None for a line over MAX_LINE (skipped without holding it).
    Lines are cut out of each block by position: linear time however short they are."""
    pending = b""
    start = 0  # offset of `pending`'s first byte
    overlong = False
    while block := handle.read(_BLOCK):
        pending += block
        at = 0
        while (cut := pending.find(b"\n", at)) >= 0:
            yield start + at, None if overlong else pending[at:cut]
            at, overlong = cut + 1, False
        start, pending = start + at, pending[at:]
        if len(pending) > MAX_LINE:
            start, pending, overlong = start + len(pending), b"", True
    if pending or overlong:
        yield start, None  # a torn last line: no newline, so never a whole record


class ResultsFile:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)

    def read(self) -> ResultsRead:
        """Every record, the last of each key (for export: a run reads with `scan`)."""
        out = ResultsRead()
        for _, record in self.scan():
            if record is None:
                out.skipped_lines += 1
            else:
                out.latest[record["key"]] = record
        return out

    def scan(self) -> Iterator[tuple[int, dict[str, Any] | None]]:
        """(offset, record) of every line, None for one that is not a whole record; one line in
        memory at a time."""
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - closed below, after the lock
        except FileNotFoundError:
            return
        with handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
            for offset, line in _lines(handle):
                yield offset, _parse(line)

    def read_at(self, offset: int) -> dict[str, Any] | None:
        """The record starting at `offset` (one `scan` or `append` gave), None if it is not there."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(offset)
                line = handle.readline(MAX_LINE + 1)
        except OSError:
            return None
        return _parse(line.rstrip(b"\n")) if line.endswith(b"\n") else None

    def check_writable(self) -> None:
        """Open (creating 0600) and close: a path we cannot append to fails before any work."""
        try:
            os.close(self._open())
        except OSError as error:
            reason = "a symbolic link" if error.errno == errno.ELOOP else error.strerror or str(error)
            raise InputError(f"cannot write the results file {self.path}: {reason}") from None

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC  # read: the last byte
        return os.open(self.path, flags, 0o600)

    def append(self, record: Mapping[str, Any]) -> int:
        """Append one record, durably; returns the offset it starts at."""
        return self.append_lines([encode(record)])[0]

    def append_many(self, records: Sequence[Mapping[str, Any]]) -> list[int]:
        return self.append_lines([encode(record) for record in records])

    def append_lines(self, lines: list[bytes]) -> list[int]:
        """Encoded records (`encode`), in order, in one write and one `fdatasync` (a group
        commit: a run writes together the records that queued up while the last write was under
        way; a re-validation writes thousands a second, which a sync per record would not
        allow); returns the offset of each. A kill mid-write leaves a torn last line at worst,
        which the reader skips and the next run redoes."""
        if not lines:
            return []
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            torn = size and os.pread(fd, 1, size - 1) != b"\n"
            prefix = b"\n" if torn else b""  # close a killed run's torn line first
            offsets, at = [], size + len(prefix)
            for line in lines:
                offsets.append(at)
                at += len(line)
            data = prefix + b"".join(lines)
            written = os.write(fd, data)
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fdatasync(fd)
            return offsets
        finally:
            with contextlib.suppress(OSError):
                os.close(fd)


def _parse(line: bytes | None) -> dict[str, Any] | None:
    if not line:
        return None
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("key"), str):
        return None
    return record


class GroupWriter:
    """Appends records for many documents at once: those that queue up while a write (and its
    `fdatasync`) is under way go out together in the next one, in the order they came. Each
    document still waits until its own record is durable; the disk is no longer a queue that
    every document passes one at a time."""

    def __init__(self, results: ResultsFile) -> None:
        self.results = results
        self._pending: list[tuple[Mapping[str, Any], asyncio.Future[int]]] = []
        self._drainer: asyncio.Task[None] | None = None

    def submit(self, record: Mapping[str, Any]) -> asyncio.Future[int]:
        """Queue `record` (its place in the file is fixed by this call); the future gives its offset
        once it is durable."""
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._pending.append((record, future))
        if self._drainer is None:
            self._drainer = asyncio.ensure_future(self._drain())
        return future

    async def append(self, record: Mapping[str, Any]) -> int:
        return await self.submit(record)

    async def _drain(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                try:
                    offsets = await asyncio.to_thread(self.results.append_many, [r for r, _ in batch])
                except Exception as error:  # e.g. a full disk: each document's own error
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                except BaseException:  # cancelled (Ctrl-C twice): nobody waits any more
                    for _, future in [*batch, *self._pending]:
                        future.cancel()
                    self._pending = []
                    raise
                for (_, future), offset in zip(batch, offsets, strict=True):
                    if not future.done():
                        future.set_result(offset)
        finally:
            self._drainer = None
