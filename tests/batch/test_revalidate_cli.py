"""`ocrcheck batch --revalidate`: the command line over the library, its options checked."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from ocrcheck.batch import revalidate
from ocrcheck.cli import main
from ocrcheck.review_queue import ReviewQueue

from .archive import make_archive, records, sequential, verdicts


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("archive"), 80)


def test_revalidate_resumes_and_summarises(archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, summary = tmp_path / "new.jsonl", tmp_path / "summary.json"
    code = main(["batch", "--revalidate", str(archive), "--out", str(out), "--workers", "1", "--no-progress",
                 "--summary", str(summary)])
    err = capsys.readouterr().err
    assert code == 1  # some documents are for review
    assert verdicts(out) == sequential(archive)
    assert "documents 80: 80 re-checked now, 0 already in the results file" in err
    reviews = sum(1 for r in records(out) if r["status"] == "review")
    assert f"review {reviews}" in err and "tokens" not in err  # nothing was sent
    written = json.loads(summary.read_text(encoding="utf-8"))
    assert written["done"] == 80 and written["status"]["review"] == reviews
    assert main(["batch", "--revalidate", str(archive), "--out", str(out), "--workers", "2", "--no-progress"]) == 1
    assert "0 re-checked now, 80 already in the results file" in capsys.readouterr().err
    assert len(records(out)) == 80


def test_review_queue_gets_the_documents_now_in_review_once(archive: Path, tmp_path: Path) -> None:
    queue = tmp_path / "q.jsonl"
    counts = []
    for name in ("a.jsonl", "b.jsonl"):
        main(["batch", "--revalidate", str(archive), "--out", str(tmp_path / name), "-q", str(queue), "--workers", "2",
              "--no-progress"])
        counts.append(len(ReviewQueue(queue).read().entries))
    entries = ReviewQueue(queue).read().entries
    reviews = [r for r in records(tmp_path / "a.jsonl") if r["status"] == "review"]
    # One entry per answer in review (the queue keeps byte-identical answers as one), and the
    # second run adds none.
    answers = {Path(r["path"]).read_text(encoding="utf-8") for r in reviews}
    assert counts == [len(answers), len(answers)] and len(answers) > 20
    assert {e["source"] for e in entries} <= {r["source"] for r in reviews}
    assert all(e["raw"] for e in entries)  # with the stored answer, for the reviewer


def test_options_that_do_not_go_together(archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "n.jsonl")
    cases = [
        (["batch", str(archive), "--out", out, "--workers", "2"], "--workers needs --revalidate"),
        (["batch", str(archive), "--out", out], "--type is required"),
        (["batch", "--revalidate", str(archive), "--out", out, "--rpm", "5"], "--rpm means nothing"),
        (["batch", "--revalidate", str(archive), "--out", out, "--dry-run"], "--dry-run means nothing"),
        (["batch", "--revalidate", str(archive), "--out", out, "--via", "batch-api"], "--via means nothing"),
        (["batch", "--revalidate", str(archive), "--out", out, "--workers", "0"], "at least 1"),
        (["batch", "--revalidate", str(archive), "--out", str(archive)], "must not be the archive"),
        (["batch", "--revalidate", str(tmp_path), "--out", out], "give --type"),
    ]
    (tmp_path / "ab").mkdir()
    (tmp_path / "ab" / ("ab" + "0" * 62 + ".json")).write_text("{}", encoding="utf-8")
    for argv, message in cases:
        assert main(argv) == 2, argv
        assert message in capsys.readouterr().err, argv
    assert not Path(out).exists()


def test_stop_writes_what_is_in_flight_and_the_rerun_finishes(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "new.jsonl"
    stop = threading.Event()
    first = revalidate(archive, out=out, backend="pool", workers=2, partition_size=10,
                       on_written=lambda summary: stop.set(), stop=stop)
    assert first.stopped == "interrupted" and 10 <= first.done < 80
    assert len(records(out)) == first.done  # whole partitions, each document once
    rest = revalidate(archive, out=out, backend="inline")
    assert rest.skipped == first.done and rest.done == 80 - first.done
    assert verdicts(out) == sequential(archive)
