"""`ocrcheck check`, `types`, `schema` and `demo` through the real entry point."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ocrcheck.cli import main
from ocrcheck.doctypes import data_dir

ROOT = Path(__file__).resolve().parent.parent
TICKETS = ROOT / "fixtures" / "cn_train_ticket"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_service_example_passes_as_json(capsys) -> None:
    code, out, _ = run_cli(
        capsys, "check", "--type", "cn_train_ticket", "--format", "json", str(TICKETS / "service_example.openai.json")
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["status"] == "pass"
    assert set(doc) >= {"source", "doc_type", "status", "fields", "findings"}
    assert doc["fields"]["price"] == "337.50"
    assert doc["fields"]["id_number"] == "4107281991****5515"


def test_several_files_one_json_line_each_and_exit_1(capsys, tmp_path: Path) -> None:
    queue = tmp_path / "q.jsonl"
    files = [str(TICKETS / n) for n in ("clean.openai.json", "prose.dashscope.json", "bad_train_number.responses.json")]
    code, out, _ = run_cli(capsys, "check", "-t", "cn_train_ticket", "-f", "json", "--review-queue", str(queue), *files)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [d["status"] for d in lines] == ["pass", "review", "review"]
    for doc in lines:
        for finding in doc["findings"]:
            assert set(finding) >= {"field", "code", "severity", "message", "value", "suggestion"}
    assert len(queue.read_text().splitlines()) == 2
    assert stat.S_IMODE(os.stat(queue).st_mode) == 0o600


def test_text_format_names_field_and_code(capsys) -> None:
    code, out, _ = run_cli(capsys, "check", "-t", "cn_train_ticket", str(TICKETS / "same_stations.fields.json"))
    assert code == 1
    assert out.startswith("REVIEW")
    assert "mismatch" in out and "arrival_station" in out


def test_stdin(monkeypatch, capsys) -> None:
    data = (TICKETS / "clean.fields.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run_cli(capsys, "check", "-t", "cn_train_ticket", "-f", "json", "-")
    assert code == 0
    assert json.loads(out)["source"] == "<stdin>"


def test_garbage_file_is_a_review_not_a_crash(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe{{{ not json")
    code, out, _ = run_cli(capsys, "check", "-t", "cn_train_ticket", "-f", "json", str(bad))
    assert code == 1
    assert json.loads(out)["findings"][0]["code"] == "unparseable"


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "-t", "no_such_type", str(TICKETS / "clean.fields.json")),
        ("check", "-t", "cn_train_ticket", "-q", "/no/such/dir/q.jsonl", str(TICKETS / "same_stations.fields.json")),
        ("check", "-t", "cn_train_ticket", "-q", str(TICKETS), str(TICKETS / "same_stations.fields.json")),
        ("schema", "no_such_type"),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, argv) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("ocrcheck: ")


def test_types_and_schema(capsys) -> None:
    code, out, _ = run_cli(capsys, "types")
    assert code == 0 and "cn_train_ticket" in out
    code, out, _ = run_cli(capsys, "schema", "cn_train_ticket")
    schema = json.loads(out)
    assert code == 0
    assert set(schema) >= {"train_number", "price", "id_number"}
    assert all(isinstance(v, str) and v for v in schema.values())


def test_console_script_entry_point_runs(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "ocrcheck", "check", "-t", "cn_train_ticket", str(TICKETS / "clean.dashscope.json")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("PASS")


def test_demo_summarises_every_type_and_writes_the_queue(capsys, tmp_path: Path) -> None:
    queue = tmp_path / "demo.jsonl"
    code, out, _ = run_cli(capsys, "demo", "--review-queue", str(queue))
    assert code == 0
    assert "cn_train_ticket" in out
    entries = [json.loads(line) for line in queue.read_text().splitlines()]
    assert entries and all(e["status"] == "review" for e in entries)
    # PII masked in the demo queue: no full ID number anywhere in the file.
    assert "11010519491231002X" not in queue.read_text()
    # Each case is judged on the day it was written for, so every verdict is the expected one
    # (clean cards that have since expired still pass).
    cases = len(list((data_dir("fixtures")).glob("*/*.expected.json")))
    assert cases > 400
    done = re.search(r"verdicts as the cases were written to give: (\d+) of (\d+)", out)
    assert done is not None and done.group(1) == done.group(2) and int(done.group(2)) > cases


def test_demo_can_judge_every_case_on_one_day(capsys, tmp_path: Path) -> None:
    code, out, _ = run_cli(capsys, "demo", "--review-queue", str(tmp_path / "q.jsonl"), "--as-of", "2099-01-01")
    assert code == 0
    done = re.search(r"verdicts as the cases were written to give: (\d+) of (\d+)", out)
    assert done is not None and int(done.group(1)) < int(done.group(2))  # by 2099 the clean cards have expired
    assert "expired" in out
    code, _, err = run_cli(capsys, "demo", "--review-queue", str(tmp_path / "q.jsonl"), "--as-of", "2025-02-30")
    assert code == 2 and "2025-02-30" in err
