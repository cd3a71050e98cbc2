"""What a re-validation ships to its workers: the rules, compiled once, and the pure check.

`Engine` holds the document types the archive needs, loaded on the driver from its rule files,
and the key identities are hashed with. It pickles (the types rebuild their validators on the
other side, see `DocType.__reduce__`), so a process pool or a Dask worker checks with exactly the
driver's rules and reads no rule file. `Engine.check` is pure: a stored answer in, a `Checked`
out — the results-file line already encoded, and the identity the duplicate search folds on.
Reading the stored answer (`_archive.load`) is the worker's only I/O, kept out of the engine.

`doc_type="auto"` (records of a `--type auto` run) re-detects the type; detection ranks every
bundled type, which a worker loads from its own installation (once per process): the one case
where the rules are not the ones shipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from .._exceptions import OcrcheckError
from .._models import Result
from ..doctypes import DocType, get_doctype
from ..pipeline import AUTO, check_response
from ._duplicates import identity, keyed
from ._results import encode


@dataclass(frozen=True, slots=True)
class Stored:
    """One document of an archive: where its stored answer is and what it was judged before.

    `answer` locates the answer: `("cache", directory, request_key)` for an answer in the
    client's answer store, `("file", path, sha256)` for a `.json` answer document; or `raw`
    holds the answer itself (a Bag built by the caller). Neither: `reason` says why the document
    cannot be re-checked, and `carried` holds its earlier record when that stands as it was (a
    file the preflight refused never had an answer that rules could change).
    """

    order: int  # position in the archive: duplicates name the earliest document
    key: str  # the record's key in the new results file
    source: str
    doc_type: str
    path: str | None = None
    page: int | None = None
    sha256: str = ""
    answer: tuple[str, str, str] | None = None
    raw: Any = None
    previous: str | None = None  # its status in the archive
    reason: str = ""
    carried: Mapping[str, Any] | None = None


class Checked(NamedTuple):
    """A document re-checked (or failed) on a worker, ready for the driver to write."""

    order: int
    key: str
    source: str
    line: bytes  # the results-file record, encoded
    brief: dict[str, Any]  # status, doc_type, findings' codes: what the summary counts
    digest: str | None = None  # the keyed identity hash, when something identifies the document
    what: str = ""
    fields: tuple[str, ...] = ()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _brief(record: Mapping[str, Any], previous: str | None) -> dict[str, Any]:
    findings = [{"code": f.get("code"), "severity": f.get("severity", "error")}
                for f in record.get("findings") or [] if isinstance(f, Mapping)]
    return {"status": record.get("status"), "doc_type": record.get("doc_type"), "findings": findings,
            "previous": previous}


def rules_fingerprint(types: Mapping[str, DocType]) -> str:
    """A short hash of the rules a re-validation used (kept in every record's meta)."""
    digest = hashlib.sha256()
    for name in sorted(types):
        t = types[name]
        data = [t.schema, {k: repr(v) for k, v in sorted(t.fields.items())}, [repr(c) for c in t.cross]]
        digest.update(json.dumps([name, data], sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()[:16]


class Engine:
    """The rules and the hashing key, shipped once to each worker; `check` is pure."""

    def __init__(self, doc_types: Iterable[str], hash_key: bytes) -> None:
        self.types: dict[str, DocType] = {}
        self.unknown: dict[str, str] = {}  # type → why it cannot be loaded
        for name in sorted(set(doc_types) - {AUTO}):
            try:
                self.types[name] = get_doctype(name)
            except OcrcheckError as error:
                self.unknown[name] = str(error)
        self.hash_key = hash_key
        self.rules = rules_fingerprint(self.types)

    def failed(self, stored: Stored, reason: str) -> Checked:
        record: dict[str, Any] = {
                  "key": stored.key, "source": stored.source, "path": stored.path, "page": stored.page,
                  "sha256": stored.sha256, "doc_type": stored.doc_type, "status": "failed", "reason": reason[:600],
                  "fields": {}, "findings": [], "meta": {"revalidated": self._meta(stored)}, "created": _now()}
        return Checked(stored.order, stored.key, stored.source, encode(record), _brief(record, stored.previous))

    def carry(self, stored: Stored) -> Checked:
        """A document without an answer whose earlier verdict stands (no rule can change it)."""
        assert stored.carried is not None
        record = {**stored.carried, "key": stored.key, "created": _now()}
        meta: Mapping[str, Any] = record["meta"] if isinstance(record.get("meta"), Mapping) else {}
        record["meta"] = {**meta, "revalidated": {**self._meta(stored), "carried": stored.reason}}
        return Checked(stored.order, stored.key, stored.source, encode(record), _brief(record, stored.previous))

    def _meta(self, stored: Stored) -> dict[str, Any]:
        return {"previous": stored.previous, "rules": self.rules}

    def check(self, stored: Stored, raw: Any) -> Checked:
        """Check one stored answer with the shipped rules: no I/O."""
        if stored.doc_type != AUTO and stored.doc_type not in self.types:
            why = self.unknown.get(stored.doc_type, f"document type {stored.doc_type!r} was not shipped")
            return self.failed(stored, f"cannot re-check: {why}")
        doctype: str | DocType = AUTO if stored.doc_type == AUTO else self.types[stored.doc_type]
        result = check_response(raw, doctype, source=stored.source)
        return self.checked(stored, result)

    def checked(self, stored: Stored, result: Result) -> Checked:
        record = {"key": stored.key, "source": stored.source, "path": stored.path, "page": stored.page,
                  "sha256": stored.sha256, "doc_type": result.doc_type, "status": result.status,
                  "fields": result.fields,
                  "findings": [f.model_dump(mode="json", exclude_none=True) for f in result.findings],
                  "meta": {**result.meta, "revalidated": self._meta(stored)}, "created": _now(),
                  "verdicts": [v.to_dict() for v in result.verdicts]}  # as a batch run writes them
        found = identity(result)
        digest, what, fields = (keyed(self.hash_key, found[1]), found[0], tuple(found[2])) if found else (None, "", ())
        return Checked(stored.order, stored.key, stored.source, encode(record), _brief(record, stored.previous),
                       digest, what, fields)
