"""What a `--via batch-api` run has submitted and not yet collected: a small state file beside
the results (`<results>.batch-api.json`) and request files being written (`<results>.batch-api/`).

A submission is one request file, hence one batch on the service. It is written here before each
step that could pay or lose something, so a run killed at any point resumes where it stood:

    part written ─▶ saved ─▶ uploaded (input_file_id saved) ─▶ batch created (batch_id saved,
    part deleted) ─▶ polled ─▶ collected: every line judged into the results ─▶ removed

A rerun polls the submissions it finds instead of sending their documents again: nothing is paid
twice. A submission with an input file but no batch id (killed while creating, or the answer was
lost) is first looked up on the service by its input file (`BatchApiClient.find`); one with
neither (killed before the upload finished) is uploaded again from its part file.

`lines` maps each `custom_id` (the request key: the same image and request is one line, however
many documents carry it) to the documents it answers: their results key, path, page and content
hash. The file is small (a few hundred bytes per line), 0600, replaced atomically.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from .._exceptions import InputError

FORMAT = 1
Submission = dict[str, Any]


class Submissions:
    def __init__(self, results: str) -> None:
        self.path = f"{results}.batch-api.json"
        self.folder = f"{results}.batch-api"
        self.items: list[Submission] = self._load()

    def _load(self) -> list[Submission]:
        try:
            with open(self.path, "rb") as handle:
                data = json.loads(handle.read())
        except FileNotFoundError:
            return []
        except (OSError, ValueError, RecursionError) as error:
            raise InputError(self._unusable(str(error))) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("submissions"), list):
            raise InputError(self._unusable("not a state file of this version"))
        items = [s for s in data["submissions"] if isinstance(s, dict) and isinstance(s.get("lines"), dict)]
        if len(items) != len(data["submissions"]):
            raise InputError(self._unusable("a submission without its lines"))
        return items

    def _unusable(self, why: str) -> str:
        # Never guessed past: without this file the batches still running would be paid again.
        return (f"cannot read the Batch API state {self.path} ({why}); it lists batches submitted and not yet "
                "collected. Restore it, or move it away to submit those documents again (paying again for "
                "batches still running)")

    def save(self) -> None:
        if not self.items and not os.path.exists(self.path):
            return
        data = json.dumps({"format": FORMAT, "submissions": self.items}, ensure_ascii=False).encode("utf-8")
        folder = os.path.dirname(os.path.abspath(self.path))
        descriptor, temporary = tempfile.mkstemp(prefix=".batch-api-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise

    def add(self, part: str, lines: dict[str, list[dict[str, Any]]], *, doc_type: str, model: str,
            size: int) -> Submission:
        item: Submission = {"id": uuid.uuid4().hex, "created": datetime.now(UTC).isoformat(timespec="seconds"),
                            "doc_type": doc_type, "model": model, "part": part, "requests": len(lines),
                            "bytes": size, "input_file_id": None, "batch_id": None, "status": None, "lines": lines}
        self.items.append(item)
        self.save()
        return item

    def remove(self, item: Submission) -> None:
        self.items = [s for s in self.items if s["id"] != item["id"]]
        self.save()
        self.discard_part(item)

    def discard_part(self, item: Submission) -> None:
        part = item.get("part")
        if isinstance(part, str):
            path = os.path.join(self.folder, os.path.basename(part))
            if os.path.exists(path):
                os.unlink(path)
        item["part"] = None

    def part_path(self, item: Submission) -> str | None:
        part = item.get("part")
        if not isinstance(part, str):
            return None
        path = os.path.join(self.folder, os.path.basename(part))
        return path if os.path.isfile(path) else None

    def keys(self) -> set[str]:
        """Results keys of every document waiting on a submission."""
        return {e["key"] for s in self.items for entries in s["lines"].values() for e in entries}

    def line(self, custom_id: str) -> Submission | None:
        return next((s for s in self.items if custom_id in s["lines"]), None)

    def make_folder(self) -> str:
        os.makedirs(self.folder, mode=0o700, exist_ok=True)
        return self.folder


class PartFile:
    """A request file being written: lines go to disk as they come (never all in memory), and
    it is full when one more line would pass the request count or the byte limit."""

    def __init__(self, folder: str, max_requests: int, max_bytes: int) -> None:
        self.name = f"part-{uuid.uuid4().hex}.jsonl"
        self.path = os.path.join(folder, self.name)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        self._handle = os.fdopen(fd, "wb")
        self.max_requests = max_requests
        self.max_bytes = max_bytes
        self.size = 0
        self.lines: dict[str, list[dict[str, Any]]] = {}

    def fits(self, size: int) -> bool:
        return len(self.lines) < self.max_requests and self.size + size <= self.max_bytes

    def add(self, custom_id: str, data: bytes, entry: dict[str, Any]) -> None:
        self._handle.write(data)
        self.size += len(data)
        self.lines[custom_id] = [entry]

    def close(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()

    def drop(self) -> None:
        self._handle.close()
        if os.path.exists(self.path):
            os.unlink(self.path)


def output_lines(path: str, limit: int = 64 << 20) -> Iterator[dict[str, Any]]:
    """Lines of a downloaded output or error file that are JSON objects (others skipped; a line
    over `limit` bytes is skipped without holding it whole)."""
    with open(path, "rb") as handle:
        pending = b""
        skipping = False
        while block := handle.read(1 << 20):
            pending += block
            while (cut := pending.find(b"\n")) >= 0:
                line, pending = pending[:cut], pending[cut + 1:]
                if not skipping and (found := _object(line)) is not None:
                    yield found
                skipping = False
            if len(pending) > limit:
                pending, skipping = b"", True
        if pending and not skipping and (found := _object(pending)) is not None:
            yield found


def _object(line: bytes) -> dict[str, Any] | None:
    try:
        found = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return found if isinstance(found, dict) else None
