"""An archive of stored answers, as a re-validation reads it.

An archive is one or more results files of `ocrcheck batch` and/or answer stores (the client's
cache directories). A results record names its document and, since answer keys are recorded,
where its answer is: `meta.answer_key` in the answer store (`RESULTS.answers/` unless `--answers`
says otherwise), or the `.json` answer document itself (its path and content hash). A directory
given as input is an answer store read on its own: each stored answer is a document, named by
its file, and needs `--type`; answers a given results file already names are not counted twice.

Every document of the archive becomes a `Stored` in archive order (the order duplicates are
decided in). One that cannot be re-checked still ends in the new results file: `failed` with the
reason (no stored answer; failed in the archive), or carried over as it was when no rule could
change it (a file the preflight refused or the service's content inspection turned down).
Reading keeps a few hundred bytes per document, not the records' fields.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .._exceptions import InputError
from ..client._cache import AnswerCache
from ..pipeline import AUTO
from ._engine import Stored
from ._results import FINAL, _lines, _parse, document_key
from ._run import MAX_ANSWER_BYTES


class MissingAnswer(Exception):
    """The stored answer a record names cannot be read as it was judged."""


def _request(archive_key: str, doc_type: str | None) -> str:
    """The new record's key: the archive's own (the same document, the same request), so old and
    new results join on it; another one when the type is overridden (another question)."""
    if doc_type is None:
        return archive_key
    return document_key(archive_key, "", {"revalidate": doc_type})


def _from_record(record: Mapping[str, Any], order: int, answers: str, doc_type: str | None) -> Stored:
    meta: Mapping[str, Any] = record["meta"] if isinstance(record.get("meta"), Mapping) else {}
    path = record.get("path") if isinstance(record.get("path"), str) else None
    source = record.get("source") if isinstance(record.get("source"), str) else (path or record["key"])
    status = record.get("status") if isinstance(record.get("status"), str) else None
    recorded = record.get("doc_type") if isinstance(record.get("doc_type"), str) else ""
    page = record.get("page") if isinstance(record.get("page"), int) else None
    sha = str(record["sha256"]) if isinstance(record.get("sha256"), str) else ""
    common: dict[str, Any] = {
        "order": order, "key": _request(record["key"], doc_type), "source": source, "path": path, "page": page,
        "sha256": sha, "previous": status,
        "doc_type": doc_type or (AUTO if isinstance(meta.get("detected"), Mapping) else recorded),
    }
    answer_key = meta.get("answer_key")
    if status not in FINAL:
        reason = record.get("reason") if isinstance(record.get("reason"), str) else "no reason recorded"
        return Stored(**common, reason=f"no answer: {status} in the archive ({reason})"[:600])
    if isinstance(answer_key, str):
        return Stored(**common, answer=("cache", answers, answer_key))
    if path is not None and path.lower().endswith(".json") and page is None:
        return Stored(**common, answer=("file", str(path), sha))
    if "attempts" in meta:  # the service answered, but the record does not say where it is kept
        return Stored(**common, reason="no answer key in the record (results written before answer keys were "
                                       "recorded): run `ocrcheck batch` on the images again with the same "
                                       "answer store, which answers from the store without paying")
    return Stored(**common, reason="no answer was ever received", carried=record)


def _records(path: str) -> Iterator[dict[str, Any]]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise InputError(f"cannot read the archive {path}: {error.strerror or error}") from None
    with handle:
        for _, line in _lines(handle):
            record = _parse(line)
            if record is not None:
                yield record


def _store_files(directory: str) -> Iterator[tuple[str, str]]:
    """(request key, path) of every answer in a store: `<dir>/<key[:2]>/<key>.json`."""
    for sub in sorted(os.listdir(directory)):
        folder = os.path.join(directory, sub)
        if len(sub) != 2 or sub.startswith(".") or not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            key, suffix = os.path.splitext(name)
            if suffix == ".json" and len(key) == 64 and key.startswith(sub):
                yield key, os.path.join(folder, name)


def read_archive(inputs: Iterable[str], *, doc_type: str | None = None,
                 answers_dir: str | os.PathLike[str] | None = None) -> list[Stored]:
    """Every document of the archive, once (by record key; the last record of a key counts)."""
    results: list[str] = []
    stores: list[str] = []
    for given in inputs:
        path = os.path.normpath(given)
        if os.path.isdir(path):
            stores.append(path)
        elif os.path.isfile(path):
            results.append(path)
        else:
            raise InputError(f"cannot read the archive {given}: no such file or folder")
    latest: dict[str, tuple[dict[str, Any], str]] = {}  # record key → (its last record, its answer store)
    for path in results:
        answers = os.fspath(answers_dir) if answers_dir is not None else f"{path}.answers"
        for record in _records(path):
            compact = {k: record.get(k) for k in ("key", "source", "path", "page", "sha256", "doc_type", "status",
                                                    "reason")}
            meta: Mapping[str, Any] = record["meta"] if isinstance(record.get("meta"), Mapping) else {}
            compact["meta"] = {k: meta[k] for k in ("answer_key", "detected", "attempts") if k in meta}
            if (record.get("status") in FINAL and "answer_key" not in meta and "attempts" not in meta
                    and not str(record.get("path")).lower().endswith(".json")):
                compact = record  # carried over as it is (a refused file): kept whole, and rare
            latest.pop(record["key"], None)  # the last record of a key, at its place
            latest[record["key"]] = (compact, answers)
    out = [_from_record(record, order, answers, doc_type) for order, (record, answers) in enumerate(latest.values())]
    named = {s.answer[2] for s in out if s.answer is not None and s.answer[0] == "cache"}
    for store in stores:
        for key, path in _store_files(store):
            if key in named:
                continue
            if doc_type is None:
                raise InputError(f"the answer store {store} holds answers no results file names, and an answer "
                                 "says nothing of its document type: give --type (or --type auto)")
            named.add(key)
            record_key = document_key(path, key, {"revalidate": doc_type, "store": True})
            out.append(Stored(order=len(out), key=record_key, source=path, path=path, sha256=key,
                              doc_type=doc_type or AUTO, answer=("cache", store, key)))
    return out


def load(stored: Stored) -> Any:
    """The stored answer (I/O: the worker's side, never the engine's); `MissingAnswer` else."""
    if stored.raw is not None:
        return stored.raw
    if stored.answer is None:
        raise MissingAnswer(stored.reason or "no stored answer")
    kind, where, key = stored.answer
    if kind == "cache":
        envelope = AnswerCache(where).envelope(key)
        if envelope is None:
            raise MissingAnswer(f"the answer is not in the answer store {where} (missing, unreadable or corrupt; "
                                "an answer cut at max_tokens is never stored)")
        return envelope["answer"]
    try:
        size = os.path.getsize(where)
        if size > MAX_ANSWER_BYTES:
            raise MissingAnswer(f"answer file of {size} bytes is over the {MAX_ANSWER_BYTES}-byte limit")
        with open(where, "rb") as handle:
            data = handle.read(MAX_ANSWER_BYTES + 1)
    except OSError as error:
        raise MissingAnswer(f"cannot read the answer file: {error.strerror or error}") from None
    if key and hashlib.sha256(data).hexdigest() != key:
        raise MissingAnswer("the answer file changed since it was judged (its sha256 differs): "
                            "check it with `ocrcheck batch`")
    return data.decode("utf-8", errors="replace")
