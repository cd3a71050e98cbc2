"""`ocrcheck batch --task TASK`: a built-in task over a folder, each answer recorded in its
normalised form; the task is part of the key (same image, another task: another request)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ocrcheck.batch import run_sync
from ocrcheck.cli import main
from ocrcheck.testing import Answer, FakeQwenServer

from ..client.conftest import make_image
from .conftest import records

TABLE = "<table><tr><th>品名</th><th>金额</th></tr><tr><td>=SUM(A1)</td><td>12.50</td></tr></table>"


def _images(root: Path, count: int) -> list[Path]:
    folder = root / "scans"
    folder.mkdir()
    paths = []
    for index in range(count):
        path = folder / f"p{index}.png"
        path.write_bytes(make_image(320 + index, 240))
        paths.append(path)
    return paths


def _batch(server: FakeQwenServer, out: Path, *args: str) -> int:
    return main(["batch", "--out", str(out), "--base-url", server.base_url, "--no-progress", *args])


def test_the_task_is_part_of_the_key(service: FakeQwenServer, tmp_path: Path) -> None:
    paths = _images(tmp_path, 3)
    service.add_answer(Answer(text="=1+1 第一行\n第二行"), task="text_recognition")
    service.add_answer(Answer(text=TABLE), task="table_parsing")
    out, scans = tmp_path / "results.jsonl", str(tmp_path / "scans")

    assert _batch(service, out, scans, "--task", "text_recognition") == 0
    assert [r.task for r in service.requests] == ["text_recognition"] * 3
    text = records(out)
    assert {r["task"] for r in text} == {"text_recognition"} and {r["doc_type"] for r in text} == {None}
    assert {r["output"] for r in text} == {"=1+1 第一行\n第二行"} and {r["status"] for r in text} == {"pass"}
    assert _batch(service, out, scans, "--task", "text_recognition") == 0
    assert len(service.requests) == 3  # resumed: nothing sent again

    # The same images for another task: new requests, new records, the first ones untouched.
    assert _batch(service, out, scans, "--task", "table_parsing") == 0
    assert [r.task for r in service.requests[3:]] == ["table_parsing"] * 3
    got = records(out)
    assert len(got) == len({r["key"] for r in got}) == 6
    tables = [r for r in got if r["task"] == "table_parsing"]
    assert sorted(r["path"] for r in tables) == sorted(map(str, paths))
    assert tables[0]["output"].splitlines() == ["品名,金额", "'=SUM(A1),12.50"]  # the (safe) CSV form, by default
    assert tables[0]["normalised"]["tables"]
    assert _batch(service, out, scans, "--task", "table_parsing") == 0
    assert len(service.requests) == 6

    # Another output form of the same task: a new record, from the stored answers (nothing paid).
    assert _batch(service, out, scans, "--task", "table_parsing", "--to", "json") == 0
    assert len(service.requests) == 6 and len(records(out)) == 9
    assert all(r["meta"]["cached"] for r in records(out)[6:])

    # Export: a task column and the output, spreadsheet-safe.
    csv_path = tmp_path / "out.csv"
    assert main(["export", str(out), "--csv", str(csv_path)]) == 0
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 9 and {r["task"] for r in rows} == {"text_recognition", "table_parsing"}
    assert {r["output"] for r in rows if r["task"] == "text_recognition"} == {"'=1+1 第一行\n第二行"}


def test_an_empty_answer_goes_to_review(service: FakeQwenServer, tmp_path: Path) -> None:
    _images(tmp_path, 2)
    service.add_answer(Answer(text="  "), task="formula_recognition")
    summary = run_sync([str(tmp_path / "scans")], task="formula_recognition", out=tmp_path / "r.jsonl",
                       client_options={"base_url": service.base_url})
    assert summary.status == {"review": 2} and summary.doc_types == {"formula_recognition": 2}
    assert all(r["findings"] for r in records(tmp_path / "r.jsonl"))


def test_task_usage_errors_exit_2_before_anything(service: FakeQwenServer, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _images(tmp_path, 1)
    out, scans = tmp_path / "r.jsonl", str(tmp_path / "scans")
    assert _batch(service, out, scans) == 2  # neither --type nor --task
    assert _batch(service, out, scans, "-t", "cn_train_ticket", "--task", "text_recognition") == 2
    assert _batch(service, out, scans, "--task", "text_recognition", "-q", str(tmp_path / "q.jsonl")) == 2
    assert _batch(service, out, scans, "--task", "text_recognition", "--to", "csv") == 2
    assert _batch(service, out, scans, "-t", "cn_train_ticket", "--to", "csv") == 2
    assert "exactly one of --type" in capsys.readouterr().err
    assert service.requests == [] and not out.exists()
