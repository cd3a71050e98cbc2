"""`ocrcheck review serve`: the desk as a small HTTP server on loopback.

Every URL starts with a random token (`/<token>/`), printed once at start: without it the server
answers 404, so another local user or a web page in the reviewer's browser cannot read or decide
anything. The Host header must name the server itself (a DNS-rebinding page cannot talk to it), a
POST body is capped, and every answer carries the desk's CSP and `no-store`. Decisions go through
`ReviewQueue.append_decision(expect_latest=...)`: the id of the latest decision the page showed
travels with the form, and a decision made meanwhile by anyone else wins and is shown instead.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from .._exceptions import OcrcheckError
from ..review_queue import DecisionConflict, QueueError, ReviewQueue
from ._decide import Decision, DecisionError, decide
from ._images import ImageError, document_png
from ._model import EntryView, Filters, entry_views, masked_view
from ._page import CSP, page
from ._views import Links, document_view, list_view

MAX_BODY = 64 * 1024


class DeskServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, queue: str | Path, *, host: str = "127.0.0.1", port: int = 0,
                 images: str | Path | None = None, show_pii: bool = False, reviewer: str | None = None,
                 token: str | None = None, lang: str = "en") -> None:
        self.queue_path = str(queue)
        self.lang = lang  # of the findings' messages shown (re-rendered from code, variant and ctx)
        self.images = Path(images) if images else None
        self.show_pii = show_pii
        self.reviewer = reviewer
        self.token = token or secrets.token_urlsafe(24)
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/{self.token}/"

    def start(self) -> threading.Thread:
        """Serve in a background thread (tests, embedding); `shutdown()` stops it."""
        thread = threading.Thread(target=self.serve_forever, name="ocrcheck-desk", daemon=True)
        thread.start()
        return thread

    def views(self) -> list[EntryView]:
        return entry_views(ReviewQueue(self.queue_path).read(), self.lang)

    def find(self, entry_id: str) -> EntryView | None:
        return next((v for v in self.views() if v.id == entry_id), None)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Handler(BaseHTTPRequestHandler):
    server: DeskServer
    server_version = "ocrcheck-desk"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # URLs carry the token and document ids: never logged

    # -- routing -----------------------------------------------------------------------------
    def _route(self) -> tuple[list[str], dict[str, list[str]]] | None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        port = str(self.server.server_address[1])
        if not (self.headers.get("Host") or "").endswith(f":{port}") or not (
            is_loopback(host) or host == self.server.server_address[0]
        ):
            self._send(HTTPStatus.MISDIRECTED_REQUEST, "text/plain; charset=utf-8", b"wrong host\n")
            return None
        split = urlsplit(self.path)
        parts = [p for p in split.path.split("/") if p]
        if not parts or not hmac.compare_digest(parts[0].encode(), self.server.token.encode()):
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")
            return None
        return parts[1:], parse_qs(split.query)

    def do_GET(self) -> None:
        routed = self._route()
        if routed is None:
            return
        parts, query = routed
        try:
            if not parts:
                self._html(self._list(query))
            elif len(parts) == 2 and parts[0] == "doc":
                self._document(parts[1], query)
            elif len(parts) == 3 and parts[0] == "doc" and parts[2] == "image.png":
                self._image(parts[1])
            else:
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")
        except (OcrcheckError, OSError) as error:
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", f"{error}\n".encode())

    def do_POST(self) -> None:
        routed = self._route()
        if routed is None:
            return
        parts, _ = routed
        if not (len(parts) == 3 and parts[0] == "doc" and parts[2] == "decide"):
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")
            return
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "text/plain; charset=utf-8", b"form too large\n")
            return
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8", "replace")).items()}
        self._decide(parts[1], form)

    # -- pages -------------------------------------------------------------------------------
    def _links(self) -> Links:
        return Links(base=f"/{self.server.token}/")

    def _list(self, query: dict[str, list[str]]) -> str:
        views = self.server.views()

        def first(name: str) -> str:
            return (query.get(name) or [""])[0]

        try:
            age = float(first("age")) if first("age") else None
        except ValueError:
            age = None
        state = first("state") if first("state") in ("open", "decided", "all") else "open"
        filters = Filters(doc_type=first("type"), code=first("code"), state=state, max_age_days=age)
        types = sorted({v.doc_type for v in views})
        codes = sorted({c for v in views for c in v.codes})
        body = list_view(views, filters, datetime.now(UTC), self._links(), all_types=types, all_codes=codes)
        return page("ocrcheck review desk", body)

    def _document(self, entry_id: str, query: dict[str, list[str]], *, conflict: dict[str, Any] | None = None,
                  status: HTTPStatus = HTTPStatus.OK) -> None:
        view = self.server.find(entry_id)
        if view is None:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"no such document\n")
            return
        shown = view if self.server.show_pii else masked_view(view)
        has_image = self.server.images is not None or bool(view.entry.get("image"))
        image = f"/{self.server.token}/doc/{quote(entry_id)}/image.png" if has_image else None
        notice = (query.get("notice") or [""])[0]
        body = document_view(shown, self._links(), image_src=image, readonly=False, notice=notice,
                             conflict=conflict)
        self._html(page(f"{view.doc_type} {entry_id[:16]}", body), status)

    def _image(self, entry_id: str) -> None:
        view = self.server.find(entry_id)
        if view is None:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"no such document\n")
            return
        try:
            png = document_png(view, self.server.images)
        except ImageError as error:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", f"{error}\n".encode())
            return
        self._send(HTTPStatus.OK, "image/png", png)

    def _decide(self, entry_id: str, form: dict[str, str]) -> None:
        view = self.server.find(entry_id)
        if view is None:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"no such document\n")
            return
        try:
            wanted = Decision.from_form(form, reviewer=self.server.reviewer)
            notice = decide(ReviewQueue(self.server.queue_path), view, wanted)
        except DecisionConflict as conflict:
            latest = conflict.latest or {}
            if not self.server.show_pii:
                latest = masked_view(EntryView(view.entry, [latest])).decisions[0]
            self._document(entry_id, {}, conflict=latest, status=HTTPStatus.CONFLICT)
            return
        except (DecisionError, QueueError) as error:
            self._document(entry_id, {"notice": [f"Not recorded: {error}"]}, status=HTTPStatus.BAD_REQUEST)
            return
        # Post/redirect/get: a reload shows the decision instead of posting it again.
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", f"/{self.server.token}/doc/{quote(entry_id)}?notice={quote(notice)}")
        self.send_header("Content-Length", "0")
        self._security_headers()
        self.end_headers()

    # -- output ------------------------------------------------------------------------------
    def _html(self, text: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, "text/html; charset=utf-8", text.encode("utf-8"))

    def _security_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cache-Control", "no-store")

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self._security_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
