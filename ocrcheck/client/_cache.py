"""The answer cache: never pay twice for the same image and request.

The service has no idempotency key, so a retry after a read timeout, or a batch run again after a
crash, may be billed again (design.md, Service facts). With a cache directory, every successful
answer is kept under the SHA-256 of the canonical request — endpoint path, model, and the body
with the image bytes in it (as the data URL sent) — and a request whose answer is there is not
sent at all. The API key is not part of the request body and never enters the key or the file.

Only answers worth keeping are stored: HTTP 200, a JSON object with some content (not
`choices: []` or an empty message, which would otherwise be replayed forever), and not cut at
`max_tokens` (`finish_reason: length`). A cut answer goes to review, and the usual remedy — asking again,
perhaps with a larger `max_tokens` — must reach the service instead of replaying the cut.
Errors are never stored: they are not answers, and a retry later may well succeed.

Files are written atomically (a temporary file in the same directory, then `os.replace`), mode
0o600 in directories made 0o700, because answers hold identity numbers and names. A file that
cannot be read or does not have the expected shape is treated as a miss and replaced by the next
answer; the cache never makes a call fail.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ._core import Call, OcrResponse, response_from_body

log = logging.getLogger("ocrcheck.client")
FORMAT = 1  # bumped if the envelope changes; other versions are misses
ENV = "OCRCHECK_CACHE_DIR"


def request_key(call: Call) -> str:
    """SHA-256 hex of the canonical request: endpoint path, model and body (image bytes included).

    The path, not the whole URL: the same request sent to another region's endpoint (or through
    a workspace domain) is the same work, billed to the same account.
    """
    canonical = {"endpoint": urlsplit(call.url).path, "model": call.body.get("model"), "body": call.body}
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def resolve_cache_dir(cache_dir: str | os.PathLike[str] | bool | None,
                      environ: Mapping[str, str] | None = None) -> Path | None:
    """`cache_dir` if given, else `$OCRCHECK_CACHE_DIR`; `False` or `""` turns caching off."""
    if cache_dir is False or cache_dir == "":
        return None
    if cache_dir is None or cache_dir is True:
        env = os.environ if environ is None else environ
        value = env.get(ENV, "")
        return Path(value).expanduser() if value else None
    return Path(cache_dir).expanduser()


class AnswerCache:
    """Raw answers on disk, one file per request key: `<dir>/<key[:2]>/<key>.json`."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self.hits = 0
        self.stores = 0

    def __repr__(self) -> str:
        return f"AnswerCache({str(self.directory)!r})"

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, call: Call, key: str | None = None) -> OcrResponse | None:
        """The cached answer as an `OcrResponse` (`attempts=0`, `cached=True`), or None.
        `key` saves hashing the body again when the caller already has `request_key(call)`."""
        key = key or request_key(call)
        envelope = self.envelope(key)
        if envelope is None:
            return None
        request_id = envelope.get("request_id")
        self.hits += 1
        return response_from_body(
            call, envelope["answer"], request_id if isinstance(request_id, str) else None, attempts=0, cached=True
        )

    def envelope(self, key: str) -> dict[str, Any] | None:
        """The stored envelope of a request key (its `answer` the body as received), or None when
        missing, unreadable, corrupt or of another format."""
        try:
            envelope = json.loads(self.path(key).read_bytes())
        except (OSError, ValueError, RecursionError):
            return None  # missing, unreadable or corrupt: a miss, replaced by the next answer
        if not (isinstance(envelope, dict) and envelope.get("format") == FORMAT and envelope.get("key") == key
                and isinstance(envelope.get("answer"), dict)):
            return None
        return envelope

    def put(self, call: Call, response: OcrResponse, key: str | None = None) -> bool:
        """Keep a successful answer; False (and nothing written) for one that should not be kept."""
        if response.cached or response.finish_reason == "length" or not response.usable:
            return False
        key = key or request_key(call)
        envelope: dict[str, Any] = {
            "format": FORMAT,
            "key": key,
            "endpoint": urlsplit(call.url).path,
            "model": call.body.get("model"),
            "request_id": response.request_id,
            "saved": datetime.now(UTC).isoformat(timespec="seconds"),
            "answer": response.raw,
        }
        try:
            _write_atomically(self.path(key), json.dumps(envelope, ensure_ascii=False).encode("utf-8"), self.directory)
        except OSError as error:
            # The answer is paid for and in hand: a full disk must not turn it into a failure.
            log.warning("answer cache: cannot write %s (%s)", self.path(key).name, error.strerror or error)
            return False
        self.stores += 1
        return True


def _write_atomically(target: Path, data: bytes, root: Path) -> None:
    """Temporary file (mkstemp: mode 0o600) in the target's directory, then `os.replace`, so a
    reader sees the old file or the new one, never half of one."""
    _make_private_dir(root)
    _make_private_dir(target.parent)
    descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _make_private_dir(path: Path) -> None:
    """Create with 0o700 (parents too). An existing directory is left as its owner set it."""
    if path.is_dir():
        return
    path.mkdir(mode=0o700, parents=True, exist_ok=True)  # the umask can only take bits away
