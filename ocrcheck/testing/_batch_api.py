"""The fake server's Batch API: the Files and Batches endpoints of the OpenAI-compatible mode.

    POST /compatible-mode/v1/files               multipart `file` + `purpose=batch` → file object
    GET  /compatible-mode/v1/files/{id}[/content] the file object, or its bytes
    POST /compatible-mode/v1/batches             {input_file_id, endpoint, completion_window}
    GET  /compatible-mode/v1/batches[/{id}]      a list (newest first, `after`/`limit`), or one batch
    POST /compatible-mode/v1/batches/{id}/cancel

Shapes are the OpenAI Batch API's (which the service follows): the batch object with `status`
validating → in_progress → finalizing → completed | failed | expired | cancelled, `request_counts`,
`output_file_id` and `error_file_id`; output lines `{"id", "custom_id", "response": {"status_code",
"request_id", "body"}, "error"}`. Each line is answered like a realtime chat request, from the
same registered answers (`FakeQwenServer.reply`), when the batch finishes.

How a batch moves along is set on `server.batch_api.plan` (a `BatchPlan`): the number of status
reads until it finishes, and whether it completes, expires (with some lines answered) or fails
validation. `fail_lines(image, fault=...)` makes the lines of that image fail; `inject()` queues
HTTP faults for these endpoints (a POST with `Fault.disconnect()` does its work, then hangs up:
the answer is lost, the batch exists — the case a client must not pay twice for).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qs

from ._faults import Fault
from ._recorded import RecordedRequest
from ._wire import error_body, request_id

if TYPE_CHECKING:
    from ._server import FakeQwenServer

PREFIX = "/compatible-mode/v1"
ENDPOINT = "/v1/chat/completions"
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
# (status, body, content type); None: drop the connection
Reply = tuple[int, dict[str, Any] | bytes, str] | None


@dataclass
class BatchPlan:
    """How the fake service treats the next batches (read at each status read)."""

    polls: int = 2  # status reads until the batch is finished (1: the first read sees it done)
    outcome: Literal["completed", "expired"] = "completed"
    answered_before_expiry: int = 0  # with outcome "expired": lines answered before the window ran out
    max_requests: int = 50_000  # the service's per-file limits: a batch over them fails validation
    max_file_bytes: int = 500 << 20


@dataclass
class _Batch:
    id: str
    input_file_id: str
    endpoint: str
    window: str
    created_at: int
    lines: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    status: str = "validating"
    reads: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    counts: dict[str, int] = field(default_factory=lambda: {"total": 0, "completed": 0, "failed": 0})
    times: dict[str, int] = field(default_factory=dict)

    def view(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id, "object": "batch", "endpoint": self.endpoint, "input_file_id": self.input_file_id,
            "completion_window": self.window, "status": self.status, "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id, "created_at": self.created_at,
            "expires_at": self.created_at + 86400, "request_counts": dict(self.counts), "metadata": None,
            "errors": {"object": "list", "data": self.errors} if self.errors else None,
        }
        for name in ("in_progress_at", "finalizing_at", "completed_at", "failed_at", "expired_at",
                     "cancelling_at", "cancelled_at"):
            body[name] = self.times.get(name)
        return body


def _error(status: int, code: str, message: str) -> Reply:
    return status, error_body("chat", status, code, message, request_id()), "application/json"


class FakeBatchApi:
    """Files and batches held in memory; counters for what clients did (`uploads`, `created`)."""

    def __init__(self, server: FakeQwenServer) -> None:
        self.server = server
        self.plan = BatchPlan()
        self.files: dict[str, dict[str, Any]] = {}
        self.contents: dict[str, bytes] = {}
        self.batches: dict[str, _Batch] = {}
        self.uploads = 0  # successful uploads with purpose "batch"
        self.created = 0  # batches created
        self.reads = 0  # status reads of single batches
        self.requests: list[RecordedRequest] = []  # every line answered, as a realtime request
        self._faults: deque[Fault] = deque()
        self._line_faults: dict[str, list[Any]] = {}  # image key → [fault, times left]
        self._lock = threading.Lock()

    # -- set-up ---------------------------------------------------------------------------
    def inject(self, *faults: Fault, times: int = 1) -> None:
        """HTTP faults for the Files and Batches endpoints, one per request, in order."""
        with self._lock:
            self._faults.extend(list(faults) * times)

    def fail_lines(self, *images: bytes | str, fault: Fault | None = None, times: int = 1) -> None:
        """The lines of these images fail (`fault`, default a 500) in the next `times` batches."""
        from ._server import image_key

        with self._lock:
            for image in images:
                self._line_faults[image_key(image)] = [fault or Fault.server_error(), times]

    # -- dispatch -------------------------------------------------------------------------
    @staticmethod
    def handles(path: str) -> bool:
        return path.startswith((PREFIX + "/files", PREFIX + "/batches"))

    def handle(self, method: str, path: str, query: str, headers: Any, raw: bytes, authorized: bool) -> Reply:
        with self._lock:
            fault = self._faults.popleft() if self._faults else None
        if not authorized:
            return _error(401, "InvalidApiKey", "Incorrect API key provided. ")
        if fault is not None and fault.kind == "status":
            return _error(fault.status, fault.code or "", fault.message or "")
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
        reply = self._route(method, path[len(PREFIX):].rstrip("/"), parse_qs(query), headers, raw)
        return None if fault is not None and fault.kind == "disconnect" else reply

    def _route(self, method: str, path: str, query: dict[str, list[str]], headers: Any, raw: bytes) -> Reply:
        parts = path.strip("/").split("/")
        if method == "POST" and parts == ["files"]:
            return self._upload(headers.get("Content-Type", ""), raw)
        if method == "GET" and len(parts) == 2 and parts[0] == "files":
            found = self.files.get(parts[1])
            return (200, found, "application/json") if found else _error(404, "NotFound", "no such file")
        if method == "GET" and len(parts) == 3 and parts[0] == "files" and parts[2] == "content":
            content = self.contents.get(parts[1])
            if content is None:
                return _error(404, "NotFound", "no such file")
            return 200, content, "application/jsonl"
        if method == "POST" and parts == ["batches"]:
            return self._create(raw)
        if method == "GET" and parts == ["batches"]:
            return self._list(query)
        if method == "GET" and len(parts) == 2 and parts[0] == "batches":
            return self._read(parts[1])
        if method == "POST" and len(parts) == 3 and parts[0] == "batches" and parts[2] == "cancel":
            return self._cancel(parts[1])
        return _error(404, "NotFound", f"no such path: {path}")

    # -- files ----------------------------------------------------------------------------
    def _upload(self, content_type: str, raw: bytes) -> Reply:
        if not content_type.startswith("multipart/form-data"):
            return _error(400, "InvalidParameter", "the Files API takes multipart/form-data")
        message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
        fields: dict[str, tuple[str | None, bytes]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes):
                fields[name] = (part.get_filename(), payload)
        if "file" not in fields or "purpose" not in fields:
            return _error(400, "InvalidParameter", "both `file` and `purpose` are required")
        purpose = fields["purpose"][1].decode("utf-8", "replace")
        filename, data = fields["file"]
        if len(data) > self.plan.max_file_bytes:
            return _error(400, "InvalidParameter", f"file of {len(data)} bytes exceeds {self.plan.max_file_bytes}")
        file_id = f"file-batch-{uuid.uuid4().hex[:24]}"
        with self._lock:
            self.files[file_id] = {"id": file_id, "object": "file", "bytes": len(data), "created_at": int(time.time()),
                                   "filename": filename or "upload", "purpose": purpose, "status": "processed"}
            self.contents[file_id] = data
            self.uploads += purpose == "batch"
        return 200, self.files[file_id], "application/json"

    def _add_file(self, name: str, lines: list[dict[str, Any]], purpose: str) -> str:
        data = b"".join(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n" for line in lines)
        file_id = f"file-batch-{purpose}-{uuid.uuid4().hex[:20]}"
        self.files[file_id] = {"id": file_id, "object": "file", "bytes": len(data), "created_at": int(time.time()),
                               "filename": name, "purpose": purpose, "status": "processed"}
        self.contents[file_id] = data
        return file_id

    # -- batches --------------------------------------------------------------------------
    def _create(self, raw: bytes) -> Reply:
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _error(400, "InvalidParameter", "the body is not a JSON object")
        file_id, endpoint, window = body.get("input_file_id"), body.get("endpoint"), body.get("completion_window")
        if file_id not in self.contents or self.files[file_id]["purpose"] != "batch":
            return _error(400, "InvalidParameter", f"no batch input file {file_id!r}")
        if endpoint != ENDPOINT:
            return _error(400, "InvalidParameter", f"endpoint must be {ENDPOINT}, got {endpoint!r}")
        if window != "24h":
            return _error(400, "InvalidParameter", f"completion_window must be 24h, got {window!r}")
        lines, errors = self._validate(self.contents[file_id])
        batch = _Batch(id=f"batch_{uuid.uuid4()}", input_file_id=file_id, endpoint=endpoint, window=window,
                       created_at=int(time.time()), lines=lines, errors=errors)
        batch.counts["total"] = len(lines)
        with self._lock:
            self.batches[batch.id] = batch
            self.created += 1
        return 200, batch.view(), "application/json"

    def _validate(self, data: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        lines: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []  # OpenAI's shape: {code, message, line}
        seen: set[str] = set()
        for number, text in enumerate(data.splitlines(), 1):
            try:
                line = json.loads(text)
            except ValueError:
                line = None
            custom_id = line.get("custom_id") if isinstance(line, dict) else None
            if not isinstance(line, dict) or not isinstance(custom_id, str) or not isinstance(line.get("body"), dict):
                errors.append({"code": "invalid_json_line", "message": "not a request line", "line": number})
            elif custom_id in seen:
                errors.append({"code": "duplicate_custom_id", "message": f"custom_id {custom_id} twice",
                               "line": number})
            elif line.get("method") != "POST" or line.get("url") != ENDPOINT:
                errors.append({"code": "invalid_url", "message": f"each line must POST {ENDPOINT}", "line": number})
            else:
                seen.add(custom_id)
                lines.append(line)
        if len(lines) + len(errors) > self.plan.max_requests:
            errors.insert(0, {"code": "too_many_requests",
                              "message": f"{len(lines) + len(errors)} requests exceed {self.plan.max_requests}",
                              "line": None})
        return lines, errors

    def _list(self, query: dict[str, list[str]]) -> Reply:
        given = (query.get("limit") or ["20"])[0]
        limit = max(1, min(100, int(given))) if given.isdigit() else 20
        after = query["after"][0] if query.get("after") else None
        ordered = list(reversed(self.batches.values()))  # newest first (dicts keep insertion order)
        if after is not None:
            ids = [b.id for b in ordered]
            ordered = ordered[ids.index(after) + 1:] if after in ids else []
        page = ordered[:limit]
        return 200, {"object": "list", "data": [b.view() for b in page], "first_id": page[0].id if page else None,
                     "last_id": page[-1].id if page else None, "has_more": len(ordered) > limit}, "application/json"

    def _read(self, batch_id: str) -> Reply:
        batch = self.batches.get(batch_id)
        if batch is None:
            return _error(404, "NotFound", f"no batch {batch_id}")
        with self._lock:
            self.reads += 1
            if batch.status not in TERMINAL:
                self._advance(batch)
        return 200, batch.view(), "application/json"

    def _advance(self, batch: _Batch) -> None:
        now = int(time.time())
        if batch.status == "cancelling":
            self._finish(batch, "cancelled", answered=0)
            return
        batch.reads += 1
        if batch.errors:
            batch.status, batch.times["failed_at"] = "failed", now
            return
        if batch.reads < self.plan.polls:
            last = batch.reads == self.plan.polls - 1 and self.plan.polls > 2
            batch.status = "finalizing" if last else "in_progress"
            batch.times.setdefault("in_progress_at", now)
            if last:
                batch.times["finalizing_at"] = now
            return
        if self.plan.outcome == "expired":
            self._finish(batch, "expired", answered=self.plan.answered_before_expiry)
        else:
            self._finish(batch, "completed", answered=len(batch.lines))

    def _cancel(self, batch_id: str) -> Reply:
        batch = self.batches.get(batch_id)
        if batch is None:
            return _error(404, "NotFound", f"no batch {batch_id}")
        with self._lock:
            if batch.status not in TERMINAL:
                batch.status, batch.times["cancelling_at"] = "cancelling", int(time.time())
        return 200, batch.view(), "application/json"

    # -- answering ------------------------------------------------------------------------
    def _finish(self, batch: _Batch, status: str, *, answered: int) -> None:
        """Answer the first `answered` lines like realtime chat requests; the rest are lost to
        the expiry or cancellation (error file, `batch_expired` / `batch_cancelled`)."""
        output: list[dict[str, Any]] = []
        failures: list[dict[str, Any]] = []
        lost = {"expired": ("batch_expired", "This request could not be executed before the completion window "
                            "expired."), "cancelled": ("batch_cancelled", "This request was cancelled.")}
        for index, line in enumerate(batch.lines):
            rid = request_id()
            base = {"id": f"batch_req_{uuid.uuid4().hex[:24]}", "custom_id": line["custom_id"]}
            if index >= answered:
                code, message = lost.get(status, ("internal_error", "not answered"))
                failures.append({**base, "response": None, "error": {"code": code, "message": message}})
                continue
            recorded = RecordedRequest(api="chat", path=PREFIX + "/chat/completions", headers={}, body=line["body"],
                                       raw=json.dumps(line["body"]).encode(), time=time.monotonic(), authorized=True)
            self.requests.append(recorded)
            reply = self.server.reply(recorded, self._line_fault(recorded))
            if reply is None:
                failures.append({**base, "response": None,
                                 "error": {"code": "internal_error", "message": "the worker went away"}})
                continue
            body = reply.body if isinstance(reply.body, dict) else {"raw": reply.body.decode("utf-8", "replace")}
            entry = {**base, "response": {"status_code": reply.status, "request_id": rid, "body": body}, "error": None}
            if reply.status == 200:
                output.append(entry)
            else:
                found = body.get("error")
                error: dict[str, Any] = found if isinstance(found, dict) else {}
                entry["error"] = {"code": error.get("code") or "server_error", "message": error.get("message") or ""}
                failures.append(entry)
        batch.counts.update(completed=len(output), failed=len(failures))
        if output:
            batch.output_file_id = self._add_file(f"{batch.id}_output.jsonl", output, "batch_output")
        if failures:
            batch.error_file_id = self._add_file(f"{batch.id}_error.jsonl", failures, "batch_output")
        now = int(time.time())
        batch.status = status
        batch.times[f"{status}_at"] = now
        batch.times.setdefault("finalizing_at", now)

    def _line_fault(self, recorded: RecordedRequest) -> Fault | None:
        from ._server import image_key

        for url in recorded.image_urls:
            entry = self._line_faults.get(image_key(url))
            if entry is not None and entry[1] > 0:
                entry[1] -= 1
                fault: Fault = entry[0]
                return fault
        return None
