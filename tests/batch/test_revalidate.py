"""Re-validation of an archive in this process and on a process pool: the same verdicts as
checking each stored answer in order, each document exactly once, reruns resume, a worker that
dies costs its partition a retry (or a `failed` record), never a document."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import Any

import pytest

import ocrcheck.doctypes
import ocrcheck.pipeline
from ocrcheck.batch import Engine, revalidate
from ocrcheck.batch._archive import load, read_archive
from ocrcheck.cli import main
from ocrcheck.testing import FakeQwenServer

from .archive import TYPE, Crashing, make_archive, records, sequential, verdicts, whole_records
from .conftest import make_folder


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("archive"), 240)


def test_inline_gives_the_sequential_verdicts(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "new.jsonl"
    summary = revalidate(archive, out=out, backend="inline")
    expected = sequential(archive)
    assert verdicts(out) == expected
    assert len(records(out)) == 240 == summary.done  # each document once
    dups = [k for k, (_, _, findings) in expected.items() if any(f["code"] == "duplicate" for f in findings)]
    assert 10 < len(dups) == summary.codes["duplicate"]  # the archive really has duplicates
    assert summary.changed == {}  # the same rules as the archive's run: no verdict moved
    assert all(r["meta"]["revalidated"]["previous"] == r["status"] for r in records(out))


def test_pool_equals_inline(archive: Path, tmp_path: Path) -> None:
    summary = revalidate(archive, out=tmp_path / "pool.jsonl", backend="pool", workers=2, partition_size=25)
    assert verdicts(tmp_path / "pool.jsonl") == sequential(archive)
    assert len(records(tmp_path / "pool.jsonl")) == 240 and summary.done == 240


def test_what_is_shipped_pickles_and_checks_without_reading_a_file(archive: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    stored = read_archive([str(archive)])[:40]
    engine = Engine({s.doc_type for s in stored}, b"k" * 32)
    raws = [load(s) for s in stored]
    expected = [json.loads(engine.check(s, raw).line) for s, raw in zip(stored, raws, strict=True)]
    shipped = pickle.dumps((engine, stored, raws))

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("I/O on the worker's side")

    # The worker's side: no rule file, no file at all.
    for target, name in ((ocrcheck.doctypes, "get_doctype"), (ocrcheck.doctypes, "load_doctype"),
                         (ocrcheck.pipeline, "get_doctype"), (Path, "read_text"), (Path, "read_bytes"),
                         (Path, "open"), (os, "open")):
        monkeypatch.setattr(target, name, forbidden)
    monkeypatch.setattr("builtins.open", forbidden)
    engine2, stored2, raws2 = pickle.loads(shipped)
    got = [json.loads(engine2.check(s, raw).line) for s, raw in zip(stored2, raws2, strict=True)]
    monkeypatch.undo()
    for record in (*expected, *got):
        record.pop("created")
    assert got == expected
    assert {r["status"] for r in got} == {"pass", "review"}  # defective documents among them


def test_a_rule_change_shows_what_moved(archive: Path, tmp_path: Path) -> None:
    """An archive judged by older, laxer rules (everything passed) re-checked today."""
    old = tmp_path / "old.jsonl"
    old.write_text("".join(json.dumps({**r, "status": "pass", "findings": []}, ensure_ascii=False) + "\n"
                           for r in records(archive)), encoding="utf-8")
    summary = revalidate(old, out=tmp_path / "new.jsonl", backend="inline")
    reviews = sum(1 for status, _, _ in verdicts(tmp_path / "new.jsonl").values() if status == "review")
    assert reviews > 30 and summary.changed == {"pass→review": reviews}


def test_rerun_resumes_after_a_kill(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "new.jsonl"
    revalidate(archive, out=out, backend="inline")
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:97]) + lines[97][:40])  # killed mid-write
    summary = revalidate(archive, out=out, backend="pool", workers=2, partition_size=30)
    assert summary.skipped == 97 and summary.done == 240 - 97
    assert verdicts(out) == sequential(archive)
    whole = whole_records(out)
    assert len(whole) == 240 and len({r["key"] for r in whole}) == 240
    # Once more: nothing left to do, nothing written.
    size = out.stat().st_size
    assert revalidate(archive, out=out, backend="inline").done == 0 and out.stat().st_size == size


def test_history_carries_identities_without_marking_a_document_its_own_duplicate(archive: Path,
                                                                                 tmp_path: Path) -> None:
    history = tmp_path / "history.jsonl"
    first = revalidate(archive, out=tmp_path / "a.jsonl", backend="inline", history=history)
    again = revalidate(archive, out=tmp_path / "b.jsonl", backend="pool", workers=2, history=history)
    assert first.codes["duplicate"] == again.codes["duplicate"] > 0
    assert verdicts(tmp_path / "a.jsonl") == verdicts(tmp_path / "b.jsonl")
    assert "E0000" not in history.read_text(encoding="utf-8")  # keyed hashes, not ticket numbers


def test_missing_and_changed_answers_are_failed_with_the_reason_then_redone(tmp_path: Path) -> None:
    archive = make_archive(tmp_path, 20)
    answers = sorted((tmp_path / "answers").iterdir())
    kept = answers[3].read_bytes()
    answers[3].unlink()
    answers[5].write_text(answers[5].read_text(encoding="utf-8") + " ", encoding="utf-8")
    out = tmp_path / "new.jsonl"
    summary = revalidate(archive, out=out, backend="inline")
    by_path = {r["path"]: r for r in records(out)}
    assert summary.status["failed"] == 2 and not summary.clean
    assert "cannot read the answer file" in by_path[str(answers[3])]["reason"]
    assert "changed since it was judged" in by_path[str(answers[5])]["reason"]
    answers[3].write_bytes(kept)
    again = revalidate(archive, out=out, backend="inline")
    assert again.skipped == 18 and again.done == 2
    latest = {r["key"]: r["status"] for r in records(out)}
    assert list(latest.values()).count("failed") == 1 and len(latest) == 20


def test_a_worker_that_dies_once_costs_a_retry_not_a_document(archive: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = records(archive)[70]["source"]
    monkeypatch.setenv("OCRCHECK_TEST_CRASH", target)
    monkeypatch.setenv("OCRCHECK_TEST_CRASH_ONCE", str(tmp_path / "crashed"))
    out = tmp_path / "new.jsonl"
    summary = revalidate(archive, out=out, backend="pool", workers=2, partition_size=20, engine_class=Crashing)
    assert (tmp_path / "crashed").exists()  # a worker really died
    assert summary.status["failed"] == 0 and len(records(out)) == 240
    assert verdicts(out) == sequential(archive)


def test_a_partition_that_always_kills_its_worker_is_recorded_failed(archive: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = records(archive)[70]["source"]
    monkeypatch.setenv("OCRCHECK_TEST_CRASH", target)
    monkeypatch.delenv("OCRCHECK_TEST_CRASH_ONCE", raising=False)
    out = tmp_path / "new.jsonl"
    summary = revalidate(archive, out=out, backend="pool", workers=2, partition_size=20, retries=1,
                         engine_class=Crashing)
    got = records(out)
    failed = [r for r in got if r["status"] == "failed"]
    assert len(got) == 240 and len(failed) == 20 == summary.status["failed"]  # its partition, no other
    assert target in {r["source"] for r in failed}
    assert all("worker process died" in r["reason"] for r in failed)
    # The next run (the bug fixed) does those twenty and nothing else; judged after the others,
    # they are the duplicates when one of them has the identity of a document already written.
    again = revalidate(archive, out=out, backend="pool", workers=2)
    assert again.done == 20 and again.skipped == 220
    assert verdicts(out) == sequential(archive, later={r["key"] for r in failed})


def test_answers_in_the_answer_store(service: FakeQwenServer, tmp_path: Path) -> None:
    """An archive of images sent to the service: the answers come from its answer store."""
    make_folder(tmp_path, 8, service)
    archive = tmp_path / "results.jsonl"
    assert main(["batch", "-t", TYPE, "--out", str(archive), "--base-url", service.base_url, "--no-progress",
                 str(tmp_path / "scans")]) == 0
    assert all(isinstance(r["meta"].get("answer_key"), str) for r in records(archive))
    out = tmp_path / "new.jsonl"
    summary = revalidate(archive, out=out, backend="inline")
    assert summary.status == {"pass": 8}
    assert verdicts(out) == verdicts(archive)
    # The store on its own (a type is needed), and both together: each answer counted once.
    store = tmp_path / "results.jsonl.answers"
    with pytest.raises(ocrcheck.InputError, match="--type"):
        revalidate(store, out=tmp_path / "s.jsonl")
    alone = revalidate(store, out=tmp_path / "s.jsonl", doc_type=TYPE, backend="inline")
    assert alone.status == {"pass": 8}
    assert revalidate([archive, store], out=tmp_path / "both.jsonl", backend="inline").total == 8
    # An answer gone from the store is a failed record with the reason.
    next(p for p in store.rglob("*.json")).unlink()
    lost = revalidate(archive, out=tmp_path / "lost.jsonl", backend="inline")
    assert lost.status == {"pass": 7, "failed": 1}
    (failed,) = [r for r in records(tmp_path / "lost.jsonl") if r["status"] == "failed"]
    assert "not in the answer store" in failed["reason"]
    assert len(service.requests) == 8  # re-validation never calls the service


def test_answers_collected_through_the_batch_api(service: FakeQwenServer, tmp_path: Path) -> None:
    make_folder(tmp_path, 5, service)
    archive = tmp_path / "results.jsonl"
    assert main(["batch", "-t", TYPE, "--out", str(archive), "--base-url", service.base_url, "--no-progress",
                 "--via", "batch-api", "--poll-every", "0.01", str(tmp_path / "scans")]) == 0
    assert all(r["meta"]["via"] == "batch-api" and r["meta"].get("answer_key") for r in records(archive))
    out = tmp_path / "new.jsonl"
    assert revalidate(archive, out=out, backend="inline").status == {"pass": 5}
    assert verdicts(out) == verdicts(archive)


def test_records_without_an_answer(tmp_path: Path) -> None:
    archive = tmp_path / "old.jsonl"
    base = {"path": "scan.png", "sha256": "0" * 64, "doc_type": TYPE, "fields": {}, "page": None}
    rows = [{**base, "key": "a" * 64, "source": "a.png", "status": "pass", "meta": {"attempts": 1}},
            {**base, "key": "b" * 64, "source": "b.png", "status": "failed", "reason": "HTTP 503", "meta": {}},
            {**base, "key": "c" * 64, "source": "c.png", "status": "review", "meta": {},
             "findings": [{"field": "", "code": "unparseable", "message": "not sent: too small"}]}]
    archive.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "new.jsonl"
    summary = revalidate(archive, out=out, backend="inline")
    by_key = {r["key"][0]: r for r in records(out)}
    assert "no answer key" in by_key["a"]["reason"] and by_key["a"]["status"] == "failed"
    assert "HTTP 503" in by_key["b"]["reason"] and by_key["b"]["status"] == "failed"
    # A file the preflight refused had no answer that a rule could change: its verdict stands.
    assert by_key["c"]["status"] == "review" and by_key["c"]["findings"] == rows[2]["findings"]
    assert by_key["c"]["meta"]["revalidated"]["carried"]
    assert summary.total == 3 and summary.status == {"failed": 2, "review": 1}


def test_usage_errors(archive: Path, tmp_path: Path) -> None:
    with pytest.raises(ocrcheck.InputError, match="must not be the archive"):
        revalidate(archive, out=archive)
    with pytest.raises(ocrcheck.InputError, match="backend"):
        revalidate(archive, out=tmp_path / "n.jsonl", backend="spark")  # type: ignore[arg-type]
    with pytest.raises(ocrcheck.InputError, match="workers"):
        revalidate(archive, out=tmp_path / "n.jsonl", workers=0)
    with pytest.raises(ocrcheck.InputError, match="no such file"):
        revalidate(tmp_path / "nope.jsonl", out=tmp_path / "n.jsonl")
    assert not (tmp_path / "n.jsonl").exists()


def test_every_document_type_pickles_and_checks_as_before() -> None:
    from ocrcheck import check_response
    from ocrcheck.doctypes import data_dir, get_doctype, list_doctypes

    checked = 0
    for name in list_doctypes():
        loaded = get_doctype(name)
        shipped = pickle.loads(pickle.dumps(loaded))
        assert shipped.validator is not loaded.validator and shipped.schema == loaded.schema
        for answer in sorted((data_dir("fixtures") / name).glob("*.fields.json")):
            text = answer.read_text(encoding="utf-8")
            assert check_response(text, shipped).model_dump() == check_response(text, name).model_dump()
            checked += 1
    assert checked > 100


def test_dask_missing_is_a_clear_error(archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(ocrcheck.InputError, match=r"pip install 'ocrcheck\[dask\]'"):
        revalidate(archive, out=tmp_path / "n.jsonl", backend="dask")
    assert not (tmp_path / "n.jsonl").exists()
