"""`ocrcheck estimate` and `ocrcheck scan` end to end, against the loopback server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocrcheck.cli import main
from ocrcheck.client import tokens_for_size
from ocrcheck.doctypes import data_dir
from ocrcheck.testing import Answer, FakeQwenServer, Fault

from .conftest import KEY, make_image, make_pdf

TICKETS = data_dir("fixtures") / "cn_train_ticket"


def _fields(case: str) -> dict:
    return json.loads((TICKETS / f"{case}.fields.json").read_text(encoding="utf-8"))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {"ticket": tmp_path / "ticket.jpg", "other": tmp_path / "other.png", "doc": tmp_path / "doc.pdf"}
    out["ticket"].write_bytes(make_image(689, 487, "JPEG"))
    out["other"].write_bytes(make_image(640, 480))
    out["doc"].write_bytes(make_pdf(pages=2))
    return out


def test_estimate_table_and_total(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", str(files["ticket"]), str(files["other"]), str(files["doc"])]) == 0
    lines = capsys.readouterr().out.splitlines()
    page = tokens_for_size(1653, 2339)
    assert lines[0].split()[-1] == "332" and lines[1].split()[-1] == "302"
    assert lines[2].split()[-1] == f"{2 * page:,}"
    assert lines[3].startswith("total") and f"{332 + 302 + 2 * page:,}" in lines[3]


def test_estimate_json_and_old_model(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "-f", "json", "-m", "qwen-vl-ocr-2025-04-13", str(files["other"])]) == 0
    first, total = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["image_tokens"] == 393 and total == {"total": 393, "files": 1, "model": "qwen-vl-ocr-2025-04-13"}


def test_estimate_unreadable_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", str(tmp_path / "missing.png")]) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> FakeQwenServer:
    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
    with FakeQwenServer(api_key=KEY) as server:
        yield server  # type: ignore[misc]


def test_scan_checks_like_check(service: FakeQwenServer, files: dict[str, Path], tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    ticket, other = files["ticket"].read_bytes(), files["other"].read_bytes()
    service.add_answer(Answer.fields(_fields("clean")), image=ticket)
    service.add_answer(Answer.fields(_fields("bad_train_number")), image=other)
    queue = tmp_path / "queue.jsonl"
    argv = ["scan", "--type", "cn_train_ticket", "--base-url", service.base_url, "-f", "json", "-q", str(queue)]
    assert main([*argv, str(files["ticket"]), str(files["other"])]) == 1
    clean, bad = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert clean["status"] == "pass" and clean["source"] == str(files["ticket"])
    assert bad["status"] == "review" and [f["code"] for f in bad["findings"]] == ["format"]
    assert service.requests[0].task == "key_information_extraction"
    assert set(service.requests[0].result_schema) >= {"ticket_number", "train_number", "id_number"}
    entries = [json.loads(line) for line in queue.read_text(encoding="utf-8").splitlines()]
    assert len(entries) == 1 and entries[0]["raw"]["request_id"]
    # The same answers given to `ocrcheck check` decide the same way.
    saved = tmp_path / "bad.json"
    saved.write_text(json.dumps(entries[0]["raw"], ensure_ascii=False), encoding="utf-8")
    assert main(["check", "--type", "cn_train_ticket", "-f", "json", str(saved)]) == 1
    assert [f["code"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["format"]


def test_scan_by_doc_type_fixture_and_chat_api(service: FakeQwenServer, files: dict[str, Path],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    service.add_answer(Answer.fields(_fields("clean")), doc_type="cn_train_ticket")
    argv = ["scan", "-t", "cn_train_ticket", "--api", "chat", "--base-url", service.base_url, str(files["ticket"])]
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("PASS")
    assert service.requests[0].api == "chat"


def test_scan_cut_answer_and_service_error_go_to_review(service: FakeQwenServer, files: dict[str, Path],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    service.add_answer(Answer.fields(_fields("clean")))
    service.inject(Fault.truncated(), Fault.http_error(400, code="DataInspectionFailed"))
    argv = ["scan", "-t", "cn_train_ticket", "-f", "json", "--base-url", service.base_url]
    assert main([*argv, str(files["ticket"]), str(files["other"])]) == 1
    cut, refused = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert "truncated" in [f["code"] for f in cut["findings"]]
    assert [f["code"] for f in refused["findings"]] == ["unparseable"]
    assert len(service.requests) == 2


def test_scan_usage_errors_exit_2_before_any_request(service: FakeQwenServer, files: dict[str, Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["scan", "-t", "cn_train_ticket", "--base-url", service.base_url]
    assert main([*argv[:2], "no_such_type", *argv[3:], str(files["ticket"])]) == 2
    assert main(["scan", "--base-url", service.base_url, str(files["ticket"])]) == 2  # no --type or --task
    assert main([*argv, "--to", "csv", str(files["ticket"])]) == 2  # --to is for --task output
    assert main(["scan", "--task", "text_recognition", "--to", "csv", *argv[3:], str(files["ticket"])]) == 2
    assert main(["scan", "--task", "table_parsing", "--to", "latex", *argv[3:], str(files["ticket"])]) == 2
    assert main([*argv, "--max-tokens", "0", str(files["ticket"])]) == 2
    assert main(["scan", "--task", "table_parsing", "-q", "q.jsonl", *argv[3:], str(files["ticket"])]) == 2
    assert main([*argv, "--concurrency", "0", str(files["ticket"])]) == 2
    assert main([*argv[:3], "--region", "mars", str(files["ticket"])]) == 2
    assert service.requests == []
    assert capsys.readouterr().out == ""


def test_scan_wrong_key_exits_2_without_showing_it(monkeypatch: pytest.MonkeyPatch, files: dict[str, Path],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DASHSCOPE_API_KEY", "sk-not-the-right-one-42")
    with FakeQwenServer(api_key=KEY) as server:
        assert main(["scan", "-t", "cn_train_ticket", "--base-url", server.base_url, str(files["ticket"])]) == 2
        assert len(server.requests) == 1
    err = capsys.readouterr().err
    assert "InvalidApiKey" in err and "sk-not-the-right-one-42" not in err


def test_scan_task_prints_text(service: FakeQwenServer, files: dict[str, Path],
                               capsys: pytest.CaptureFixture[str]) -> None:
    service.add_answer(Answer(text="Audience\nIf you are a system administrator"), task="text_recognition")
    argv = ["scan", "--task", "text_recognition", "--base-url", service.base_url, str(files["doc"])]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.count("Audience") == 2 and f"{files['doc']}#page=2" in out
    assert [r.task for r in service.requests] == ["text_recognition"] * 2
