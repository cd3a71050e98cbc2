"""The review queue: an append-only JSON Lines file, one line per document routed to review.

Writer rules (design.md, "Review queue"; each one answers a failure measured with 8 writers and
records of 10 KB and more):

1. The whole record is serialised to bytes before the file is touched.
2. `fcntl.flock(LOCK_EX)` on the file. Not `lockf`: POSIX record locks belong to the process and
   vanish when *any* descriptor of the file is closed, e.g. by a reader in the same process.
3. Under the lock, a last line without `\\n` (left by a writer killed mid-write) is closed with a
   `\\n`, so the fragment becomes its own unparseable line instead of gluing itself to ours.
4. Repair and record go out in one `os.write` on an `O_APPEND` descriptor and the byte count is
   checked (a short write is completed while the lock is still held).
5. `os.fdatasync`. A failure is fatal: the append raises `QueueWriteError`, the bytes just written
   are truncated away (best effort, still under the lock) so the file never holds an entry its
   caller was told failed, and that `ReviewQueue` object refuses further appends.

Entries are `{"id", "created", "source", "doc_type", "status", "findings", "fields", "raw"}`.
`id` is an HMAC-SHA256 (hex) of the canonical JSON of doc type, normalised fields and the raw
answer (plus `source` when there are neither fields nor raw, so that distinct unreadable
documents do not collapse into one), computed before any masking; the key and why it is keyed
are in `ocrcheck.pii` (`key=`, else `$OCRCHECK_QUEUE_KEY`, else `<queue>.key`, mode 0600).
`mask_pii=True` masks identity numbers by the rule documented there.

Appending an id that is already in the file is a no-op returning the id; the check happens under
the lock against an in-memory index of ids that each `ReviewQueue` object extends incrementally
(only the bytes added since its last look are parsed), so a long run costs O(file) in total,
not per append. Reviewers' decisions are appended as records of their own
(`{"id", "kind": "decision", "entry", "decision", "by", "note", "created"}`, and for a
`correct` decision `corrections` (field → value) and `recheck` (the status and findings of the
corrected document under the same rules)); nothing is ever rewritten. `append_decision(...,
expect_latest=ID)` appends only if the entry's latest decision is still `ID` (`""`: none yet), a
test made under the same lock as the write, so of two reviewers deciding one document at once the
second gets `DecisionConflict` carrying the first's decision instead of silently overruling it.

Permissions: a new queue is created 0600. An existing queue that group or others can access is
narrowed to 0600 with a `QueuePermissionWarning` when we own it; if we do not, `QueueError`.
Modes are never widened.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import json
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic_core import to_jsonable_python

from . import pii
from ._models import Result
from ._queue_files import check_path, check_writable, open_regular
from ._queue_lines import DECISIONS, bounded_line, encode_line, parse_line, read_lines, shape_problem, within_depth
from ._records import ResultData
from .pii import QueueError, QueuePermissionWarning, entry_id, resolve_key

__all__ = [
    "DECISIONS",
    "DecisionConflict",
    "QueueError",
    "QueuePermissionWarning",
    "QueueRead",
    "QueueWriteError",
    "ReviewQueue",
    "UnknownEntry",
    "check_writable",
    "entry_id",
    "resolve_key",
]

class QueueWriteError(QueueError, OSError):
    """Writing or flushing a record failed; the record is not in the queue."""


class DecisionConflict(QueueError):
    """Someone else decided the entry since the reviewer looked; `latest` is their decision."""

    def __init__(self, message: str, latest: dict[str, Any] | None) -> None:
        super().__init__(message)
        self.latest = latest


class UnknownEntry(QueueError, KeyError):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown entry"


@dataclass
class QueueRead:
    """What `ReviewQueue.read` found: entries and decisions in file order, and the skipped lines
    as `(line_number, reason)` (1-based; reasons never quote content, which may be PII)."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    torn: list[tuple[int, str]] = field(default_factory=list)

    def decisions_for(self, entry_id: str) -> list[dict[str, Any]]:
        return [d for d in self.decisions if d.get("entry") == entry_id]

    def latest_decision(self, entry_id: str) -> dict[str, Any] | None:
        found = self.decisions_for(entry_id)
        return found[-1] if found else None

    def find(self, prefix: str) -> list[dict[str, Any]]:
        """Entries whose id is `prefix` or starts with it (the CLI accepts a unique prefix)."""
        exact = [e for e in self.entries if e["id"] == prefix]
        return exact or [e for e in self.entries if str(e["id"]).startswith(prefix)]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode("utf-8", "replace")
    return to_jsonable_python(value, fallback=str)


def _sync(fd: int) -> None:
    # Looked up at call time: tests replace os.fdatasync; macOS has only fsync.
    getattr(os, "fdatasync", os.fsync)(fd)


class ReviewQueue:
    """An append-only review queue at `path` (see the module docstring for the rules)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        mask_pii: bool = False,
        pii_fields: Iterable[str] = (),
        key: bytes | str | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self.mask_pii = mask_pii
        self.pii_fields = frozenset(pii_fields) or pii.DEFAULT_PII_FIELDS
        self._key_arg = key
        self._key: bytes | None = None
        self._broken: OSError | None = None
        # Index of entry ids already in the file, valid up to byte `_scanned` of inode `_ident`.
        self._ids: set[str] = set()
        self._latest: dict[str, dict[str, Any]] = {}  # entry id → its latest decision record
        self._scanned = 0
        self._ident: tuple[int, int] | None = None

    # -- ids ---------------------------------------------------------------------------------
    def key(self) -> bytes:
        if self._key is None:
            # Before the key file is read or created: a directory or a link at the queue path
            # must not leave a stray `<path>.key` behind, nor a linked key file be chmod'ed.
            check_path(self.path)
            if self._key_arg is None and not os.environ.get(pii.KEY_ENV):
                check_path(self.path + ".key", "review queue key file")
            self._key = resolve_key(self.path, self._key_arg)
        return self._key

    def entry_id(self, result: Result | Mapping[str, Any], raw: Any = None) -> str:
        parts = self._parts(result, raw)
        return entry_id(
            parts["doc_type"], parts["fields"], parts["raw"], key=self.key(), source=parts["source"]
        )

    @staticmethod
    def _parts(result: Result | Mapping[str, Any], raw: Any) -> dict[str, Any]:
        if isinstance(result, ResultData):  # the command line's (`ocrcheck._records`)
            result = result.to_model()
        if isinstance(result, Result):
            data = result.model_dump(mode="json")
        elif isinstance(result, Mapping):
            data = _jsonable(dict(result))
            if "doc_type" not in data:
                raise ValueError("a queue entry needs a doc_type")
        else:
            raise TypeError(f"cannot queue a {type(result).__name__}")
        if raw is None:
            raw = data.get("raw")
        return {
            "source": data.get("source"),
            "doc_type": data["doc_type"],
            "status": data.get("status", "review"),
            "findings": list(data.get("findings") or []),
            "fields": data.get("fields") or {},
            "raw": _jsonable(within_depth(raw)),
        }

    # -- writing -----------------------------------------------------------------------------
    def append(self, result: Result | Mapping[str, Any], raw: Any = None) -> str:
        """Append one document routed to review; returns its id (the existing one on a re-run)."""
        parts = self._parts(result, raw)
        eid = entry_id(
            parts["doc_type"], parts["fields"], parts["raw"], key=self.key(), source=parts["source"]
        )
        if self.mask_pii:
            parts = self._masked(parts)
        record = {"id": eid, "created": _now(), **parts}
        self._append_line(bounded_line(record), new_entry=eid)
        return eid

    def append_decision(
        self,
        entry: str,
        decision: str,
        *,
        by: str | None = None,
        note: str | None = None,
        corrections: Mapping[str, Any] | None = None,
        recheck: Mapping[str, Any] | None = None,
        expect_latest: str | None = None,
    ) -> str:
        """Append a reviewer's decision on entry `entry`; returns the decision's own id.

        `expect_latest`: the id of the latest decision the reviewer saw (`""` for none); if another
        decision has been appended since, nothing is written and `DecisionConflict` is raised.
        """
        if decision not in DECISIONS:
            raise QueueError(f"decision must be one of {', '.join(DECISIONS)}")
        if (decision == "correct") != bool(corrections):
            raise QueueError("a correct decision, and only that, carries corrections")
        if self.mask_pii and note:
            note = pii.scrub_text(note, (), pii.ID_SHAPED)
        record: dict[str, Any] = {
            "id": uuid.uuid4().hex,
            "kind": "decision",
            "entry": entry,
            "decision": decision,
            "by": by or _user(),
            "note": note,
            "created": _now(),
        }
        if corrections:
            record["corrections"] = dict(corrections)
            record["recheck"] = dict(recheck or {})
        self._append_line(encode_line(record), existing_entry=entry, expect_latest=expect_latest)
        return str(record["id"])

    def _masked(self, parts: dict[str, Any]) -> dict[str, Any]:
        names = self.pii_fields
        known = pii.known_values(parts["fields"], names, parts["findings"])
        return {
            **parts,
            "source": pii.scrub(parts["source"], known, pii.ID_SHAPED),
            "findings": [pii.mask_finding(f, names, known) for f in parts["findings"]],
            "fields": pii.mask_fields(parts["fields"], names, known),
            "raw": pii.scrub(parts["raw"], known),
        }

    def check_writable(self) -> None:
        """Raise `QueueError` now if appending would fail on the path (see `check_writable`)."""
        check_writable(self.path, key=self._key_arg)

    def _open_for_append(self) -> int:
        flags = os.O_RDWR | os.O_APPEND
        for _ in range(3):
            try:
                fd = open_regular(self.path, flags)
            except FileNotFoundError:
                pass
            else:
                try:
                    pii.ensure_private(fd, self.path)
                except BaseException:
                    os.close(fd)
                    raise
                return fd
            try:
                fd = open_regular(self.path, flags | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue  # created by someone else meanwhile: open theirs
            os.fchmod(fd, 0o600)  # exactly 0600 whatever the umask
            pii.fsync_dir(self.path)
            return fd
        raise QueueError(f"cannot open review queue {self.path}")

    def _append_line(
        self,
        line: bytes,
        *,
        new_entry: str | None = None,
        existing_entry: str | None = None,
        expect_latest: str | None = None,
    ) -> bool:
        if self._broken is not None:
            raise QueueWriteError(f"an earlier write to {self.path} failed; queue not usable")
        try:
            fd = self._open_for_append()
        except QueueError:
            raise
        except OSError as error:
            raise QueueError(f"cannot open review queue {self.path}: {error.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = self._refresh_index(fd)
            if new_entry is not None and new_entry in self._ids:
                return False
            if existing_entry is not None and existing_entry not in self._ids:
                raise UnknownEntry(f"no entry {existing_entry} in {self.path}")
            if expect_latest is not None and existing_entry is not None:
                latest = self._latest.get(existing_entry)
                if (latest or {}).get("id", "") != expect_latest:
                    raise DecisionConflict(f"entry {existing_entry[:16]} was decided meanwhile", latest)
            data = line
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + line  # close a torn last line first (rule 3)
            self._write_synced(fd, data, size)
            self._scanned = size + len(data)
            if new_entry is not None:
                self._ids.add(new_entry)
            elif existing_entry is not None:
                self._latest[existing_entry] = json.loads(line)
            return True
        finally:
            os.close(fd)  # releases the flock

    def _write_synced(self, fd: int, data: bytes, size: int) -> None:
        try:
            written = os.write(fd, data)
            while written < len(data):  # short write: finish it while we still hold the lock
                more = os.write(fd, data[written:])
                if more <= 0:
                    raise OSError("write made no progress")
                written += more
            _sync(fd)
        except OSError as error:
            self._broken = error
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)  # never leave an entry whose caller was told it failed
            raise QueueWriteError(
                f"writing to review queue {self.path} failed: {error.strerror or error}"
            ) from error

    def _refresh_index(self, fd: int) -> int:
        """Bring the id index up to the current end of the file; return the file size."""
        st = os.fstat(fd)
        ident = (st.st_dev, st.st_ino)
        if ident != self._ident or st.st_size < self._scanned:
            self._ids, self._latest, self._scanned, self._ident = set(), {}, 0, ident
        for line, terminated, end in read_lines(fd, self._scanned, st.st_size):
            if not terminated:
                break  # a torn tail is never an entry; it is closed before our write
            record, _ = parse_line(line)
            if record is not None and record.get("kind") is None:
                self._ids.add(record["id"])
            elif record is not None and record.get("kind") == "decision" and isinstance(record.get("entry"), str):
                self._latest[record["entry"]] = record
            self._scanned = end
        return st.st_size

    # -- reading -----------------------------------------------------------------------------
    def read(self) -> QueueRead:
        """Every record in file order, skipping (and reporting) torn or corrupt lines. A queue
        that does not exist yet reads as empty."""
        out = QueueRead()
        try:
            fd = open_regular(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return out
        except QueueError:
            raise
        except OSError as error:
            raise QueueError(f"cannot read review queue {self.path}: {error.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)  # never see a record half-written by a live writer
            size = os.fstat(fd).st_size
            for number, (line, terminated, _) in enumerate(read_lines(fd, 0, size), start=1):
                if not terminated:
                    out.torn.append((number, "torn last line: no newline (writer killed?)"))
                    continue
                record, reason = parse_line(line)
                reason = reason or shape_problem(record or {})
                if record is None or reason:
                    out.torn.append((number, reason))
                elif record.get("kind") == "decision":
                    out.decisions.append(record)
                else:
                    out.entries.append(record)
        finally:
            os.close(fd)
        return out

    def get(self, record_id: str) -> dict[str, Any] | None:
        """The entry (or decision) with this exact id, or None."""
        found = self.read()
        for record in (*found.entries, *found.decisions):
            if record["id"] == record_id:
                return record
        return None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
