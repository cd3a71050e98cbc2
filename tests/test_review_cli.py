"""`ocrcheck review list|show|decide` through `ocrcheck.cli.main`, with exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocrcheck._models import Finding, Result
from ocrcheck.cli import main
from ocrcheck.review_queue import ReviewQueue

KEY = b"cli test key of enough length"


def _result(doc_type: str, source: str, id_number: str) -> Result:
    return Result(
        source=source,
        doc_type=doc_type,
        status="review",
        fields={"name": "张三", "id_number": id_number},
        findings=[
            Finding(field="id_number", code="checksum", message="check character does not match", value=id_number),
            Finding(field="name", code="illegible", severity="warning", message="a ? in the value", value="张?"),
        ],
    )


@pytest.fixture
def queue(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "review.jsonl"
    q = ReviewQueue(path, key=KEY)
    ids = [
        q.append(_result("cn_resident_id", "a.json", "11010519491231002X")),
        q.append(_result("cn_train_ticket", "b.json", "1101051949****002X")),
    ]
    return path, ids


def test_list_text_and_json(queue: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = queue
    assert main(["review", "list", "--queue", str(path)]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert len(lines) == 2 and out.err == ""
    assert lines[0].startswith(ids[0][:16]) and "cn_resident_id" in lines[0] and "a.json" in lines[0]
    assert "open" in lines[0] and "checksum,illegible" in lines[0]

    assert main(["review", "list", "--queue", str(path), "--format", "json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == ids and all(r["decision"] is None for r in rows)
    assert rows[1]["fields"]["id_number"] == "1101051949****002X"


def test_default_queue_from_environment(
    queue: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = queue
    monkeypatch.setenv("OCRCHECK_REVIEW_QUEUE", str(path))
    assert main(["review", "list"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    monkeypatch.delenv("OCRCHECK_REVIEW_QUEUE")
    monkeypatch.chdir(path.parent)
    path.rename(path.with_name("ocrcheck-review.jsonl"))
    assert main(["review", "show", ids[1][:10], "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == ids[1]


def test_show_by_prefix_text_and_json(queue: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = queue
    assert main(["review", "show", ids[0][:8], "--queue", str(path)]) == 0
    text = capsys.readouterr().out
    assert f"id        {ids[0]}" in text
    assert "checksum" in text and "id_number: 11010519491231002X" in text and "decisions (none)" in text

    assert main(["review", "show", ids[0], "--queue", str(path), "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["id"] == ids[0] and shown["decisions"] == [] and shown["doc_type"] == "cn_resident_id"


def test_show_unknown_id_exits_2_with_one_line(
    queue: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = queue
    assert main(["review", "show", "ffffffffffff", "--queue", str(path)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert len(out.err.splitlines()) == 1 and "ffffffffffff" in out.err and out.err.startswith("ocrcheck: ")


def test_too_short_or_ambiguous_prefix_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "q.jsonl"
    records = [{"id": "abcdef" + n * 58, "doc_type": "hk_id", "fields": {}, "findings": []} for n in "01"]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    assert main(["review", "show", "abcdef", "--queue", str(path)]) == 2
    assert "is the start of 2 entry ids" in capsys.readouterr().err
    assert main(["review", "show", "abc", "--queue", str(path)]) == 2  # shorter than 6: never a match
    assert "no entry abc" in capsys.readouterr().err
    assert main(["review", "show", "abcdef1", "--queue", str(path)]) == 0
    assert "1111111111" in capsys.readouterr().out


def test_decide_appends_and_list_shows_the_decision(
    queue: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = queue
    before = path.read_bytes()
    assert main(["review", "decide", ids[1][:12], "--decision", "reject", "--note", "seat wrong", "--by", "li",
                 "--queue", str(path)]) == 0
    decision_id = capsys.readouterr().out.split()[0]
    assert path.read_bytes().startswith(before)
    found = ReviewQueue(path).read()
    [decision] = found.decisions
    assert decision["id"] == decision_id and decision["entry"] == ids[1]
    assert (decision["decision"], decision["by"], decision["note"]) == ("reject", "li", "seat wrong")

    assert main(["review", "list", "--queue", str(path), "--format", "json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["decision"] for r in rows] == [None, "reject"]
    assert main(["review", "list", "--queue", str(path), "--open"]) == 0
    assert [line[:16] for line in capsys.readouterr().out.splitlines()] == [ids[0][:16]]
    assert main(["review", "show", ids[1], "--queue", str(path)]) == 0
    assert "reject by li: seat wrong" in capsys.readouterr().out


def test_decide_on_unknown_id_exits_2_and_writes_nothing(
    queue: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = queue
    before = path.read_bytes()
    assert main(["review", "decide", "0123456789ab", "--decision", "accept", "--queue", str(path)]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1
    assert path.read_bytes() == before
    with pytest.raises(SystemExit) as bad:  # not one of the decisions: argparse usage error
        main(["review", "decide", "0123456789ab", "--decision", "maybe", "--queue", str(path)])
    assert bad.value.code == 2


def test_missing_queue_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.jsonl"
    for argv in (["list"], ["show", "abcdef12"], ["decide", "abcdef12", "--decision", "accept"]):
        assert main(["review", *argv, "--queue", str(missing)]) == 2
        err = capsys.readouterr().err
        assert err.strip() == f"ocrcheck: no review queue at {missing}"
    assert not missing.exists()  # no command creates a queue as a side effect


def test_list_reports_torn_lines_on_stderr(queue: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = queue
    with open(path, "ab") as f:
        f.write(b'{"id":"cut')
    assert main(["review", "list", "--queue", str(path)]) == 0
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 2
    assert out.err.strip() == f"ocrcheck: warning: {path}:3: skipped, torn last line: no newline (writer killed?)"
