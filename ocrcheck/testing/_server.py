"""`FakeQwenServer`: a real HTTP server on 127.0.0.1 that speaks the service's three endpoints.

It runs in a background thread (`http.server.ThreadingHTTPServer`), so sync code, asyncio code
and other processes can all call it. Answers come from a handler the test passes, or from
answers registered by image, by document type or by task, or from a default; faults queued with
`inject()` are served first, one per request, in order. Every request is recorded, and every
request answered 200 to the end is counted in `answered` (what the service would bill). The
Batch API's Files and Batches endpoints live in `_batch_api` (`server.batch_api`).

`latency` (seconds, settable at any time) delays every answer, the service's own time per
image. `stop()` is an outage: the listener closes and so does every open connection (kept-alive
ones too, answers being written included); `start()` again listens on the same port.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .. import wire
from ._batch_api import FakeBatchApi
from ._faults import Fault
from ._recorded import RecordedRequest
from ._wire import Answer, Usage, chat_answer, error_body, native_answer, request_id, responses_answer

PATHS = {
    "/api/v1/services/aigc/multimodal-generation/generation": "native",
    "/compatible-mode/v1/chat/completions": "chat",
    "/compatible-mode/v1/responses": "responses",
}
DEFAULT_ANSWER = Answer(text="FakeQwenServer: no answer registered for this request")
Handler = Callable[[RecordedRequest], "Answer | dict[str, Any] | None"]


# The largest request body the server reads: a 100 MB PDF as a base64 data URL, with room.
MAX_REQUEST_BYTES = 160 << 20
PADDING = b" " * 65536


@dataclass(frozen=True)
class _Reply:
    status: int
    body: dict[str, Any] | bytes
    headers: tuple[tuple[str, str], ...] = ()
    fault: Fault | None = None  # how to send it: trickled, padded to a huge size
    content_type: str = "application/json"


def _image_tokens(recorded: RecordedRequest) -> int:
    """Image tokens as the service would count them (the document's smart_resize formula)."""
    from ..client._imageinfo import image_info
    from ..client._tokens import tokens_for_size

    total = 0
    for url in recorded.image_urls:
        info = image_info(_decode(url)) if url.startswith("data:") else None
        if info and info.width and info.height:
            total += tokens_for_size(info.width, info.height, recorded.model or "qwen3.5-ocr")
        else:
            total += 1024
    return total


def _decode(data_url: str) -> bytes:
    try:
        return base64.b64decode(data_url.split(",", 1)[1], validate=False)
    except (IndexError, ValueError):
        return b""


def image_key(image: bytes | str) -> str:
    """How answers are keyed by image: sha256 of the bytes (data URLs decoded), or the URL."""
    if isinstance(image, bytes):
        return hashlib.sha256(image).hexdigest()
    if image.startswith("data:"):
        return hashlib.sha256(_decode(image)).hexdigest()
    return image


class FakeQwenServer:
    """A loopback stand-in for Qwen-OCR. Use as a context manager:

        with FakeQwenServer(api_key="sk-test") as server:
            server.add_answer(Answer.fields({"name": "张三"}), doc_type="cn_resident_id")
            client = OcrClient(api_key="sk-test", base_url=server.base_url)
    """

    def __init__(self, api_key: str = "sk-fake", *, handler: Handler | None = None,
                 default: Answer = DEFAULT_ANSWER, latency: float = 0.0) -> None:
        self.api_key = api_key
        self.handler = handler
        self.default = default
        self.latency = latency
        self.requests: list[RecordedRequest] = []
        self.answered: list[RecordedRequest] = []
        self._last_port = 0  # a restart listens where the clients were told to go
        self._faults: deque[Fault] = deque()
        self._by_image: dict[str, Answer | dict[str, Any]] = {}
        self._by_schema: list[tuple[dict[str, Any], Answer | dict[str, Any]]] = []
        self._by_task: dict[str, Answer | dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._httpd: _QuietServer | None = None
        self._thread: threading.Thread | None = None
        self.batch_api = FakeBatchApi(self)

    # -- set-up ---------------------------------------------------------------------------
    def add_answer(self, answer: Answer | dict[str, Any], *, image: bytes | str | None = None,
                   doc_type: str | None = None, result_schema: dict[str, Any] | None = None,
                   task: str | None = None) -> None:
        """Register an answer for an image (bytes, sha256 hex or URL), a document type (matched
        by its result schema), a result schema, or a task. A dict is sent verbatim as the body."""
        if doc_type is not None:
            from ..doctypes import result_schema as schema_for

            result_schema = schema_for(doc_type)
        with self._lock:
            if image is not None:
                self._by_image[image_key(image)] = answer
            if result_schema is not None:
                self._by_schema.append((result_schema, answer))
            if task is not None:
                self._by_task[task] = answer
            if image is None and result_schema is None and task is None:
                self.default = answer if isinstance(answer, Answer) else self.default

    def inject(self, *faults: Fault, times: int = 1) -> None:
        """Queue faults; each request consumes the next one (`times` repeats the whole list)."""
        with self._lock:
            self._faults.extend(list(faults) * times)

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self.answered.clear()
            self._faults.clear()

    # -- addresses ------------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("FakeQwenServer is not running; use it as a context manager")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def compatible_base_url(self) -> str:
        """For the OpenAI SDK: `OpenAI(base_url=server.compatible_base_url)`."""
        return self.base_url + "/compatible-mode/v1"

    @property
    def dashscope_base_url(self) -> str:
        """For the DashScope SDK: `dashscope.base_http_api_url = server.dashscope_base_url`."""
        return self.base_url + "/api/v1"

    # -- life cycle -----------------------------------------------------------------------
    def start(self) -> FakeQwenServer:
        server = self

        class _Handler(_RequestHandler):
            fake = server

        self._httpd = _QuietServer(("127.0.0.1", self._last_port), _Handler)
        self._last_port = self.port
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="FakeQwenServer", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd.drop_connections()
            self._httpd = None

    def __enter__(self) -> FakeQwenServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- answering ------------------------------------------------------------------------
    def _choose(self, recorded: RecordedRequest) -> Answer | dict[str, Any]:
        if self.handler is not None:
            chosen = self.handler(recorded)
            if chosen is not None:
                return chosen
        with self._lock:
            for url in recorded.image_urls:
                if image_key(url) in self._by_image:
                    return self._by_image[image_key(url)]
            schema = recorded.result_schema
            for known, answer in self._by_schema:
                if schema == known:
                    return answer
            if recorded.task in self._by_task:
                return self._by_task[recorded.task]
        return self.default

    def reply(self, recorded: RecordedRequest, fault: Fault | None) -> _Reply | None:
        """The reply to one request (None: drop the connection without answering)."""
        rid = request_id()
        if not recorded.authorized:
            return _Reply(401, error_body(recorded.api, 401, "InvalidApiKey", None, rid))
        problem = recorded.problem()
        if problem:
            return _Reply(400, error_body(recorded.api, 400, "InvalidParameter", problem, rid))
        if fault is not None:
            if fault.kind == "disconnect":
                return None
            if fault.kind == "status":
                headers = (("Retry-After", str(fault.retry_after)),) if fault.retry_after is not None else ()
                return _Reply(fault.status, error_body(recorded.api, fault.status, fault.code, fault.message, rid),
                              headers)
            if fault.kind == "delay":
                time.sleep(fault.seconds)
            if fault.kind == "echo_key" and fault.where != "header":
                return self._echo_key(recorded.api, fault, rid)
            if fault.kind == "body":
                return _Reply(fault.status, (fault.message or "").encode("utf-8", "surrogateescape"))
            if fault.kind == "huge":
                return _Reply(200, b"", fault=fault)
        chosen = self._choose(recorded)
        if isinstance(chosen, dict):
            return _Reply(200, chosen)
        answer = fault.apply(chosen) if fault is not None else chosen
        usage = Usage(image_tokens=_image_tokens(recorded), text_tokens=max(1, len(recorded.prompt_text) // 4),
                      output_tokens=max(1, len(answer.text) // 3))
        model = recorded.model or "qwen3.5-ocr"
        how = fault if fault is not None and fault.kind == "trickle" else None
        echo = fault is not None and fault.kind == "echo_key"  # where="header": the key in a header
        extra = (("x-echo", f"Bearer {self.api_key}"),) if echo else ()
        if recorded.api == "native":
            return _Reply(200, native_answer(answer, usage, rid), extra, how)
        if recorded.api == "chat":
            return _Reply(200, chat_answer(answer, usage, model), (("x-request-id", rid), *extra), how)
        return _Reply(200, responses_answer(answer, usage, model), (("x-request-id", rid), *extra), how)

    def _echo_key(self, api: str, fault: Fault, rid: str) -> _Reply:
        key = self.api_key
        if fault.where == "text":
            return _Reply(fault.status, b"x" * 170 + f" invalid key {key} (text/plain)".encode())
        code = key if fault.where == "code" else None
        message = f"Invalid API-key provided: {key}" if fault.where == "message" else None
        body = error_body(api, fault.status, code, message, key if fault.where == "request_id" else rid)
        return _Reply(fault.status, body)


class _QuietServer(ThreadingHTTPServer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        """Cut every open connection, as a crashed server does (handlers then fail writing)."""
        with self._open_lock:
            cut, self._open = list(self._open), set()
        for connection in cut:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-answer (a cancelled request, a timeout) or never sends the
        body it announced is normal here; the default handler would print a traceback into the
        test's standard error."""
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    fake: FakeQwenServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm the body would wait for the
    # client's delayed ACK (40 ms on Linux), a stall the real service does not have.
    disable_nagle_algorithm = True
    timeout = 10  # seconds a client may leave the server waiting for bytes it announced

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read `requests`
        pass

    def _send(self, reply: _Reply) -> None:
        payload = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body, ensure_ascii=False).encode()
        fault = reply.fault
        huge = fault is not None and fault.kind == "huge"
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        if not huge or (fault is not None and fault.declare_length):
            self.send_header("Content-Length", str(fault.size if huge and fault is not None else len(payload)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if huge and fault is not None:
            self._pad(fault.size)
        elif fault is not None and fault.kind == "trickle":
            self.wfile.flush()
            for index in range(len(payload)):
                time.sleep(fault.seconds)
                self.wfile.write(payload[index : index + 1])
                self.wfile.flush()
        else:
            self.wfile.write(payload)

    def _pad(self, size: int) -> None:
        sent = 0
        while sent < size:
            piece = PADDING[: min(len(PADDING), size - sent)]
            self.wfile.write(piece)
            sent += len(piece)

    def _refuse(self, status: int, problem: str) -> None:
        """Answer a request whose body cannot be read, then close: what follows on the
        connection is not a request boundary we can trust."""
        self.close_connection = True
        payload = json.dumps(wire.error_answer("native", "InvalidParameter", problem, request_id())).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)

    def _body(self) -> bytes | None:
        """The request body by its Content-Length, or None after refusing a bad one (not
        digits, negative, over MAX_REQUEST_BYTES, or shorter than announced)."""
        declared = (self.headers.get("Content-Length") or "0").strip()
        if not declared.isdigit():
            self._refuse(400, f"bad Content-Length {declared[:40]!r}")
            return None
        length = int(declared)
        if length > MAX_REQUEST_BYTES:
            self._refuse(413, f"Content-Length {length} exceeds {MAX_REQUEST_BYTES}")
            return None
        raw = self.rfile.read(length) if length else b""
        if len(raw) < length:
            self._refuse(400, f"body ended after {len(raw)} of {length} bytes")
            return None
        return raw

    def do_GET(self) -> None:
        if self.fake.batch_api.handles(self.path):
            self._batch_api("GET", b"")
            return
        self._send(_Reply(404, wire.error_answer("native", "NotFound", f"no such path: {self.path}", request_id())))

    def _batch_api(self, method: str, raw: bytes) -> None:
        path, _, query = self.path.partition("?")
        authorized = self.headers.get("Authorization", "") == f"Bearer {self.fake.api_key}"
        answer = self.fake.batch_api.handle(method, path, query, self.headers, raw, authorized)
        if answer is None:
            self.close_connection = True
            return
        status, body, content_type = answer
        self._send(_Reply(status, body, content_type=content_type))

    def do_POST(self) -> None:
        raw = self._body()
        if raw is None:
            return
        path = self.path.split("?", 1)[0]
        if self.fake.batch_api.handles(path):
            self._batch_api("POST", raw)
            return
        api = PATHS.get(path)
        if api is None:
            self.do_GET()
            return
        fake = self.fake
        bearer = self.headers.get("Authorization", "")
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = None
        recorded = RecordedRequest(
            api=api,
            path=path,
            headers={k: v for k, v in self.headers.items() if k.lower() != "authorization"},
            body=body,
            raw=raw,
            time=time.monotonic(),
            authorized=bearer == f"Bearer {fake.api_key}",
        )
        with fake._lock:
            fake.requests.append(recorded)
            fault = fake._faults.popleft() if fake._faults else None
        if fake.latency > 0:
            time.sleep(fake.latency)
        reply = fake.reply(recorded, fault)
        if reply is None:
            self.close_connection = True
            return
        self._send(reply)
        if reply.status == 200:
            self.wfile.flush()
            with fake._lock:
                fake.answered.append(recorded)



