"""Hostile queue files (issue 7, item 10): a line nested 100,000 levels, lines longer than the
bound, valid JSON of the wrong shape, and terminal escape sequences in document content. None of
them may crash the reader, the writer's index, or `review list/show/decide`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ocrcheck import _queue_lines
from ocrcheck._models import Finding, Result
from ocrcheck.cli import main
from ocrcheck.review_queue import ReviewQueue

KEY = b"hostile queue test key, 32 bytes"


def _result(source: str, **fields: Any) -> Result:
    return Result(
        source=source,
        doc_type="cn_resident_id",
        status="review",
        fields={"name": "张三", **fields},
        findings=[Finding(field="name", code="format", message="odd name", value="张三")],
    )


def _queue(tmp_path: Path) -> tuple[Path, ReviewQueue, str]:
    path = tmp_path / "q.jsonl"
    queue = ReviewQueue(path, key=KEY)
    return path, queue, queue.append(_result("first.json"))


def _add_line(path: Path, line: bytes) -> None:
    with path.open("ab") as handle:
        handle.write(line + b"\n")


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    env_key = {"OCRCHECK_QUEUE_KEY": KEY.decode()}
    import os

    return subprocess.run(
        [sys.executable, "-m", "ocrcheck", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="strict",
        env={**os.environ, **env_key},
    )


def test_a_line_nested_100000_levels_does_not_kill_the_queue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _, first = _queue(tmp_path)
    _add_line(path, b'{"id": "deep", "raw": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    _add_line(path, b"[" * 100_000)  # not even closed
    second = ReviewQueue(path, key=KEY).append(_result("second.json", id_number="2"))  # the writer's index copes
    found = ReviewQueue(path, key=KEY).read()
    assert [e["id"] for e in found.entries] == [first, second]
    assert [n for n, _ in found.torn] == [2, 3] and all("nested deeper" in r for _, r in found.torn)

    assert main(["review", "list", "--queue", str(path)]) == 0
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 2 and out.err.count("skipped") == 2
    assert main(["review", "show", second[:12], "--queue", str(path)]) == 0
    assert main(["review", "decide", first[:12], "-d", "accept", "--queue", str(path)]) == 0
    assert ReviewQueue(path, key=KEY).read().latest_decision(first)["decision"] == "accept"  # type: ignore[index]


@pytest.mark.parametrize("terminated", [True, False])
def test_overlong_lines_are_skipped_in_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminated: bool
) -> None:
    path, _, first = _queue(tmp_path)
    limit = path.stat().st_size + 100  # our entry fits; the hostile line does not
    monkeypatch.setattr(_queue_lines, "MAX_LINE_BYTES", limit)
    monkeypatch.setattr(_queue_lines, "_BLOCK", 97)  # many blocks per line, odd boundaries
    huge = b'{"id": "huge", "raw": "' + b"a" * (limit * 5) + b'"}'
    with path.open("ab") as handle:
        handle.write(huge + (b"\n" if terminated else b""))
    found = ReviewQueue(path, key=KEY).read()
    assert [e["id"] for e in found.entries] == [first]
    reason = f"longer than {limit} bytes" if terminated else "torn last line: no newline (writer killed?)"
    assert found.torn == [(2, reason)]
    if terminated:  # the line after the long one is read normally, at the right offset
        second = ReviewQueue(path, key=KEY).append(_result("second.json", id_number="2"))
        assert [e["id"] for e in ReviewQueue(path, key=KEY).read().entries] == [first, second]


def test_exactly_the_limit_is_kept_and_one_byte_more_is_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_queue_lines, "MAX_LINE_BYTES", 10)
    path = tmp_path / "lines"
    path.write_bytes(b"a" * 10 + b"\n" + b"b" * 11 + b"\n" + b"c" * 3)
    with path.open("rb") as handle:
        lines = list(_queue_lines.read_lines(handle.fileno(), 0, path.stat().st_size))
    assert lines == [(b"a" * 10, True, 11), (None, True, 23), (b"ccc", False, 26)]


def test_writer_keeps_its_lines_within_the_reader_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_queue_lines, "MAX_LINE_BYTES", 4096)
    path, queue, _ = _queue(tmp_path)
    big = queue.append(_result("big.json", address="x" * 10_000), raw={"text": "y" * 10_000})
    deep: Any = "bottom"
    for _ in range(1_000):
        deep = [deep]
    nested = queue.append(_result("deep.json"), raw=deep)
    entries = {e["id"]: e for e in ReviewQueue(path, key=KEY).read().entries}
    assert set(entries) >= {big, nested} and ReviewQueue(path, key=KEY).read().torn == []
    assert entries[big]["raw"]["omitted"].startswith("omitted") and entries[big]["source"] == "big.json"
    assert "nested deeper" in entries[nested]["raw"]["omitted"] and len(entries[nested]["raw"]["sha256"]) == 64
    other = queue.append(_result("deep.json"), raw=[deep, 1])  # a different deep answer: its own id
    assert other not in (nested, big)
    assert entries[nested]["fields"] == {"name": "张三"}  # only what had to give way did
    assert all(len(line) <= 4096 for line in path.read_bytes().split(b"\n"))


WRONG_SHAPES = {
    "findings a string": {"doc_type": "cn_resident_id", "findings": "checksum"},
    "findings of numbers": {"doc_type": "cn_resident_id", "findings": [1, 2]},
    "fields a list": {"doc_type": "cn_resident_id", "fields": ["a"]},
    "doc_type missing": {"findings": []},
    "source a number": {"doc_type": "cn_resident_id", "source": 5},
    "decision missing": {"kind": "decision", "entry": "ENTRY"},
    "decision null": {"kind": "decision", "entry": "ENTRY", "decision": None},
    "decision unknown": {"kind": "decision", "entry": "ENTRY", "decision": "maybe"},
    "decision entry a number": {"kind": "decision", "entry": 7, "decision": "accept"},
    "decision note a list": {"kind": "decision", "entry": "ENTRY", "decision": "accept", "note": ["x"]},
    "unknown kind": {"kind": "comment", "text": "hi"},
}


@pytest.mark.parametrize("shape", sorted(WRONG_SHAPES))
def test_valid_json_of_the_wrong_shape_is_skipped_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], shape: str
) -> None:
    path, _, first = _queue(tmp_path)
    record = {"id": "bad" + "0" * 13, **WRONG_SHAPES[shape]}
    if record.get("entry") == "ENTRY":
        record["entry"] = first
    _add_line(path, json.dumps(record).encode())
    found = ReviewQueue(path, key=KEY).read()
    assert [e["id"] for e in found.entries] == [first] and found.decisions == []
    assert [n for n, _ in found.torn] == [2]
    for argv in (["list"], ["list", "--format", "json"], ["show", first[:10]], ["show", first[:10], "-f", "json"]):
        assert main(["review", *argv, "--queue", str(path)]) == 0, argv
    assert "open" in capsys.readouterr().out  # the bad decision did not count
    assert main(["review", "decide", first[:10], "-d", "reject", "--queue", str(path)]) == 0


OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # writes "echo pwned" into the clipboard
HOSTILE = {
    "name": "张三" + OSC52,
    "address": "\x9b2J\u202eevil\u2066",  # C1 CSI (clear screen) and bidi overrides
    "note": "line one\nline two\r",
}


def test_review_show_escapes_terminal_control_sequences(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    queue = ReviewQueue(path, key=KEY)
    eid = queue.append(
        Result(
            source="scan\x1b[2J.json",
            doc_type="cn_resident_id",
            status="review",
            fields=HOSTILE,
            findings=[Finding(field="name", code="format", message="bad " + OSC52, value="\ud800" + OSC52)],
        )
    )
    queue.append_decision(eid, "escalate", by="rev\x1b[31mer", note="see \x07")
    for argv in (["show", eid[:10]], ["list"]):
        run = _run("review", *argv, "--queue", str(path))
        assert run.returncode == 0, run.stderr
        assert not any(c in run.stdout for c in "\x1b\x07\x9b\u202e\u2066\r"), argv
        assert "\\x1b]52;c;ZWNobyBwd25lZA==\\x07" in run.stdout or argv == ["list"]
        assert "\\x1b[2J" in run.stdout  # the source, escaped, still readable
    show = _run("review", "show", eid[:10], "--queue", str(path)).stdout
    assert "\\u202eevil\\u2066" in show and "line one\\nline two\\r" in show and "\\ud800" in show
    assert "rev\\x1b[31mer" in show

    for argv in (["show", eid[:10], "-f", "json"], ["list", "-f", "json"]):
        run = _run("review", *argv, "--queue", str(path))
        assert run.returncode == 0 and not any(c in run.stdout for c in "\x1b\x07\x9b\u202e\u2066")
        data = json.loads(run.stdout.splitlines()[0] if argv[0] == "list" else run.stdout)
        assert data["fields"] == HOSTILE  # escaped on the screen, the same value as data
