"""Re-validation on a local `distributed` cluster (two worker processes on the loopback
interface, no dashboard): the same records as the pool and as checking each answer in order,
duplicates by `foldby`, resume, and a worker that dies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ocrcheck.batch import Engine, check_partition, revalidate
from ocrcheck.batch._archive import read_archive

from .archive import Crashing, make_archive, records, sequential, verdicts, whole_records

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("archive"), 240)


def test_dask_equals_the_pool_and_the_sequential_check(archive: Path, client: Any, tmp_path: Path) -> None:
    summary = revalidate(archive, out=tmp_path / "dask.jsonl", backend="dask", scheduler=client, partition_size=25)
    expected = sequential(archive)
    assert verdicts(tmp_path / "dask.jsonl") == expected
    assert len(records(tmp_path / "dask.jsonl")) == 240 == summary.done
    assert summary.codes["duplicate"] > 10
    revalidate(archive, out=tmp_path / "pool.jsonl", backend="pool", workers=2, partition_size=40)
    assert verdicts(tmp_path / "pool.jsonl") == verdicts(tmp_path / "dask.jsonl")


def test_the_fold_finds_the_earliest_document_of_each_identity(archive: Path, client: Any) -> None:
    import dask.bag as db

    from ocrcheck.batch.dask import check_bag, earliest

    stored = read_archive([str(archive)])
    engine = Engine({s.doc_type for s in stored}, b"k" * 32)
    got = dict(earliest(check_bag(db.from_sequence(stored, npartitions=7), engine)).compute())
    expected: dict[str, tuple[int, str, str]] = {}
    for checked in check_partition(engine, stored):
        if checked.digest is not None:
            expected.setdefault(checked.digest, (checked.order, checked.source, str(checked.brief["doc_type"])))
    assert got == expected and len(expected) < len(stored)


def test_rerun_on_dask_resumes(archive: Path, client: Any, tmp_path: Path) -> None:
    out = tmp_path / "new.jsonl"
    revalidate(archive, out=out, backend="inline")
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:150]) + lines[150][:33])
    summary = revalidate(archive, out=out, backend="dask", scheduler=client, partition_size=16)
    assert summary.skipped == 150 and summary.done == 90
    assert verdicts(out) == sequential(archive)
    assert len(whole_records(out)) == 240


def test_a_worker_that_dies_on_the_cluster_loses_no_document(archive: Path, client: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCRCHECK_TEST_CRASH", records(archive)[130]["source"])
    monkeypatch.setenv("OCRCHECK_TEST_CRASH_ONCE", str(tmp_path / "crashed"))
    out = tmp_path / "new.jsonl"
    summary = revalidate(archive, out=out, backend="dask", scheduler=client, partition_size=20,
                         engine_class=Crashing)
    assert (tmp_path / "crashed").exists()  # a worker process really died
    assert summary.status["failed"] == 0 and len(records(out)) == 240
    assert verdicts(out) == sequential(archive)


def test_a_partition_that_keeps_killing_workers_is_recorded_failed(archive: Path, client: Any, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = records(archive)[130]["source"]
    monkeypatch.setenv("OCRCHECK_TEST_CRASH", target)
    monkeypatch.delenv("OCRCHECK_TEST_CRASH_ONCE", raising=False)
    out = tmp_path / "new.jsonl"
    summary = revalidate(archive, out=out, backend="dask", scheduler=client, partition_size=20, retries=0,
                         engine_class=Crashing)
    got = records(out)
    failed = [r for r in got if r["status"] == "failed"]
    assert len(got) == 240 and target in {r["source"] for r in failed}
    assert summary.status["failed"] == len(failed) and len(failed) % 20 == 0
    assert all("KilledWorker" in r["reason"] for r in failed)
    again = revalidate(archive, out=out, backend="dask", scheduler=client)
    assert again.done == len(failed) and again.status["failed"] == 0
    assert verdicts(out) == sequential(archive, later={r["key"] for r in failed})


def test_the_command_line_on_a_scheduler(archive: Path, client: Any, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from ocrcheck.cli import main

    out = tmp_path / "cli.jsonl"
    address = client.scheduler_info()["address"]
    assert main(["batch", "--revalidate", str(archive), "--out", str(out), "--dask", address, "--partition-size", "30",
                 "--no-progress"]) == 1
    assert verdicts(out) == sequential(archive)
    assert "documents 240: 240 re-checked now" in capsys.readouterr().err


def test_the_history_file_is_written_as_in_order(archive: Path, client: Any, tmp_path: Path) -> None:
    revalidate(archive, out=tmp_path / "a.jsonl", backend="inline", history=tmp_path / "ha.jsonl")
    revalidate(archive, out=tmp_path / "b.jsonl", backend="dask", scheduler=client, history=tmp_path / "hb.jsonl")
    assert verdicts(tmp_path / "a.jsonl") == verdicts(tmp_path / "b.jsonl")
    firsts = [sorted(r["source"] for r in records(tmp_path / name)) for name in ("ha.jsonl", "hb.jsonl")]
    assert firsts[0] == firsts[1] and len(firsts[0]) > 100  # the first document of each identity, once
