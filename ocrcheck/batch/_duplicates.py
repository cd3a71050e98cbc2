"""The same invoice claimed twice, the same identity document seen twice: `duplicate` findings.

What makes two documents the same (the keys an auditor uses):

- an invoice: its 20-digit fully digitalised number alone (unique nationwide), else invoice code
  + number, else seller tax id + total amount + issue date;
- an identity or other numbered document: its type and its number (`id_number`,
  `passport_number`, `permit_number`, `licence_number`, `social_security_number`, `curp`,
  `bill_number`, `certificate_number`, `card_number`, `ticket_number`).

Only values the checks accepted are compared: a masked (`*`) or illegible (`?`) value, or one with
an error finding of its own, identifies nothing. Keys are kept as keyed hashes (HMAC-SHA256 with
the history file's key), never as the numbers themselves, so a history file is no list of ID
numbers; within one run without `--history` a random key is used.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from typing import Any

from .._messages import finding
from .._models import Finding, Result
from ..pii import resolve_key
from ._results import ResultsFile, compact, encode

INVOICE = ("invoice_code", "invoice_number")
SELLER = ("seller_tax_id", "total_amount", "issue_date")
NUMBERS = ("id_number", "passport_number", "permit_number", "licence_number", "social_security_number", "curp",
           "bill_number", "certificate_number", "card_number", "ticket_number")
_DIGITAL = re.compile(r"\d{20}")


def _usable(result: Result, name: str) -> str | None:
    value = result.fields.get(name)
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text or "*" in text or "?" in text:
        return None
    if any(f.field == name and f.severity == "error" for f in result.findings):
        return None
    return text


def identity(result: Result) -> tuple[str, str, list[str]] | None:
    """(what, canonical key, fields it rests on) of a document, or None when nothing identifies it."""
    number = _usable(result, "invoice_number")
    if number and _DIGITAL.fullmatch(number):
        return "invoice", f"invoice:{number}", ["invoice_number"]
    code = _usable(result, "invoice_code")
    if number and code:
        return "invoice", f"invoice:{code}:{number}", list(INVOICE)
    seller = [_usable(result, name) for name in SELLER]
    if all(seller) and "invoice" in result.doc_type:
        return "invoice", "invoice-seller:" + ":".join(str(s) for s in seller), list(SELLER)
    for name in NUMBERS:
        value = _usable(result, name)
        if value:
            return "document", f"{result.doc_type}:{name}:{value}", [name]
    return None


def keyed(key: bytes, canonical: str) -> str:
    """The keyed hash an identity is kept as (never the number itself)."""
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def duplicate_finding(what: str, fields: list[str], first: str) -> Finding:
    return finding(fields[0], "duplicate", "invoice" if what == "invoice" else "document", rule="duplicate",
                   first=first, fields=list(fields))


Location = str | int  # a source itself, or where its record is: results-file offset (≥ 0), ~history offset


class DuplicateIndex:
    """Identity keys seen in this run, in earlier results and in the history file.

    Per document it keeps 16 bytes of the keyed hash and where the first document's record is
    (a file offset), not its name: the name is read back only when a duplicate turns up, so a
    run over a million documents holds a few dozen bytes for each."""

    def __init__(self, history: str | os.PathLike[str] | None = None, *, results: ResultsFile | None = None) -> None:
        self.history = ResultsFile(history) if history is not None else None
        self.results = results
        self._key = resolve_key(os.fspath(history)) if history is not None else secrets.token_bytes(32)
        self._seen: dict[bytes, Location] = {}  # compact keyed hash → the first document
        if self.history is not None:
            for offset, record in self.history.scan():
                if record is not None and isinstance(record.get("source"), str):
                    self._seen.setdefault(compact(record["key"]), ~offset)

    @property
    def key(self) -> bytes:
        """The hashing key: processes that hash identities for this index (a re-validation's
        workers) need it; it is never written or logged."""
        return self._key

    def _hash(self, canonical: str) -> bytes:
        return bytes.fromhex(keyed(self._key, canonical))

    def _source(self, where: Location) -> str | None:
        if isinstance(where, str):
            return where
        record = (self.history.read_at(~where) if where < 0 and self.history is not None
                  else self.results.read_at(where) if where >= 0 and self.results is not None else None)
        source = (record or {}).get("source")
        return source if isinstance(source, str) else None

    def remember(self, result: Result, at: int | None = None) -> None:
        """A document judged in an earlier run: its record at offset `at` of the results file
        (without `at`, its source is kept as is)."""
        found = identity(result)
        if found is not None and result.source is not None:
            self._seen.setdefault(self._hash(found[1])[:16], result.source if at is None else at)

    def seen(self, digest: str) -> str | None:
        """The source of the first document with this identity (`keyed` hex digest), if any."""
        where = self._seen.get(compact(digest))
        return self._source(where) if where is not None else None

    def claim(self, digest: str, source: str, doc_type: str,
              held: list[dict[str, Any]] | None = None) -> str | None:
        """The source of an earlier, other document with this identity, else None; the first
        document of an identity is remembered and written to the history file (or added to
        `held`, for the caller to write many at once with `write_history`)."""
        where = self._seen.get(compact(digest))
        first = self._source(where) if where is not None else None
        if where is not None and first is not None and first != source:
            return first
        if where is None:
            location: Location = source
            if self.history is not None:
                entry = {"key": digest, "source": source, "doc_type": doc_type}
                if held is not None:
                    held.append(entry)  # written later: remembered by name meanwhile
                else:
                    location = ~self.history.append(entry)
            self._seen[compact(digest)] = location
        return None

    def write_history(self, held: list[dict[str, Any]]) -> None:
        """History entries `claim` held, in one append."""
        if self.history is not None and held:
            self.history.append_lines([encode(entry) for entry in held])

    def match(self, result: Result) -> tuple[Result, bytes | None]:
        """`result`, with a `duplicate` finding when an earlier document is the same one, and
        the keyed hash to `keep` once its record is written (None: nothing new to keep)."""
        found = identity(result)
        if found is None or result.source is None:
            return result, None
        what, canonical, fields = found
        digest = self._hash(canonical)
        where = self._seen.get(digest[:16])
        if where is None:
            return result, digest
        first = self._source(where)
        if first is None or first == result.source:
            return result, None
        dup = duplicate_finding(what, fields, first)
        return result.model_copy(update={"findings": [*result.findings, dup], "status": "review"}), None

    def reserve(self, digest: bytes, result: Result) -> None:
        """Claim an identity `match` found new, at once (by name), so that the next document
        matches it while this one's record is still being written; `keep` then places it."""
        self._seen.setdefault(digest[:16], result.source or "")

    def keep(self, digest: bytes, result: Result, at: int | None = None) -> None:
        """Remember the first document of an identity `match` found new (its record at offset
        `at` of the results file, else its name), and write it to the history file."""
        where: Location = (result.source or "") if at is None else at
        if self.history is not None:
            where = ~self.history.append({"key": digest.hex(), "source": result.source, "doc_type": result.doc_type})
        if self._seen.get(digest[:16], result.source or "") == (result.source or ""):
            self._seen[digest[:16]] = where  # the reservation (or nothing) replaced by the record's place

    def check(self, result: Result) -> Result:
        """`match` and `keep` in one step (the document's name kept in memory)."""
        checked, digest = self.match(result)
        if digest is not None:
            self.keep(digest, checked)
        return checked


def result_of(record: Mapping[str, Any]) -> Result | None:
    """The Result a results-file record holds, when it holds one."""
    try:
        return Result.model_validate({k: record.get(k) for k in ("source", "doc_type", "status", "fields", "findings")
                                      if record.get(k) is not None})
    except ValueError:
        return None

