"""`ocrcheck batch` and `ocrcheck.batch.run` against the loopback service: exactly once, resume,
failures retried, duplicates, stop on a refused key, memory-bounded scheduling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocrcheck.batch import expand, run_sync
from ocrcheck.cli import main
from ocrcheck.client import RetryPolicy
from ocrcheck.review_queue import ReviewQueue
from ocrcheck.testing import Answer, FakeQwenServer, Fault

from .conftest import CLEAN, TICKETS, make_folder, records, ticket


def _batch(server: FakeQwenServer, out: Path, *inputs: str, extra: tuple[str, ...] = ()) -> list[str]:
    return ["batch", "-t", "cn_train_ticket", "--out", str(out), "--base-url", server.base_url, "--no-progress",
            *extra, *inputs]


def test_folder_in_every_document_once(service: FakeQwenServer, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    paths = make_folder(tmp_path, 12, service)
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "defective.json").write_text(
        (TICKETS / "wrong_check_digit.openai.json").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "results.jsonl"
    assert main(_batch(service, out, str(tmp_path / "scans"), str(answers), extra=("-j", "4"))) == 1
    got = records(out)
    assert sorted(r["path"] for r in got) == sorted([*map(str, paths), str(answers / "defective.json")])
    assert len({r["key"] for r in got}) == len(got) == 13
    assert {r["status"] for r in got if r["path"].endswith(".png")} == {"pass"}
    assert len(service.requests) == 12  # the answer file was checked, not sent
    assert out.stat().st_mode & 0o077 == 0
    err = capsys.readouterr().err
    assert "documents 13: 13 judged now, 0 already in the results file" in err
    assert "pass 12" in err and "review 1" in err


def test_rerun_resumes_and_pays_nothing(service: FakeQwenServer, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    make_folder(tmp_path, 6, service)
    out = tmp_path / "results.jsonl"
    assert main(_batch(service, out, str(tmp_path / "scans"))) == 0
    sent = len(service.requests)
    assert main(_batch(service, out, str(tmp_path / "scans"))) == 0
    assert len(service.requests) == sent == 6
    assert len(records(out)) == 6
    assert "0 judged now, 6 already in the results file" in capsys.readouterr().err
    # A new document in the folder is the only one sent on the next run.
    make_folder(tmp_path, 1, service, start=6)
    assert main(_batch(service, out, str(tmp_path / "scans"))) == 0
    assert len(service.requests) == 7 and len(records(out)) == 7


def test_answer_paid_but_not_recorded_is_not_paid_again(service: FakeQwenServer, tmp_path: Path) -> None:
    """A run killed after the answer arrived and before the record: the store has the answer."""
    make_folder(tmp_path, 3, service)
    out = tmp_path / "results.jsonl"
    assert main(_batch(service, out, str(tmp_path / "scans"))) == 0
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:1]) + lines[1][: len(lines[1]) // 2], encoding="utf-8")  # torn by a kill
    assert main(_batch(service, out, str(tmp_path / "scans"))) == 0
    assert len(service.requests) == 3  # nothing sent again: two answers came from the store
    got = records_whole(out)
    assert len(got) == 3 and len({r["key"] for r in got}) == 3
    assert sum(bool(r["meta"].get("cached")) for r in got) == 2


def records_whole(path: Path) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


def test_service_failures_are_failed_and_retried_next_run(service: FakeQwenServer, tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 3, service)
    service.inject(Fault.http_error(400, code="InvalidParameter", message="bad image"))
    out = tmp_path / "results.jsonl"
    assert main(_batch(service, out, *map(str, paths))) == 1
    first = records(out)
    assert [r["status"] for r in first].count("failed") == 1
    failed = next(r for r in first if r["status"] == "failed")
    assert "InvalidParameter" in failed["reason"]
    assert main(_batch(service, out, *map(str, paths))) == 0
    latest = {r["key"]: r["status"] for r in records(out)}
    assert set(latest.values()) == {"pass"} and len(latest) == 3
    assert len(service.requests) == 4


def test_retryable_storm_still_lands_every_document(service: FakeQwenServer, tmp_path: Path) -> None:
    make_folder(tmp_path, 8, service)
    service.inject(Fault.rate_limited(retry_after=0), Fault.server_error(503), times=6)
    out = tmp_path / "results.jsonl"
    retry = RetryPolicy(max_attempts=20, base_delay=0.001, max_delay=0.01)  # a storm: many retries, short waits
    summary = run_sync([str(tmp_path / "scans")], doc_type="cn_train_ticket", out=out, concurrency=4,
                       client_options={"base_url": service.base_url, "retry": retry})
    assert summary.status == {"pass": 8}
    assert summary.retries == 12
    assert len(records(out)) == 8


def test_refused_key_stops_the_run_and_the_rest_waits(service: FakeQwenServer, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    paths = make_folder(tmp_path, 6, service)
    service.inject(Fault.http_error(401, code="InvalidApiKey", message="Invalid API-key provided."))
    out = tmp_path / "results.jsonl"
    assert main(_batch(service, out, *map(str, paths), extra=("-j", "1"))) == 1
    assert len(service.requests) == 1
    assert [r["status"] for r in records(out)] == ["failed"]
    assert "stopped   InvalidApiKey" in capsys.readouterr().err
    assert main(_batch(service, out, *map(str, paths), extra=("-j", "1"))) == 0
    latest = {r["key"]: r["status"] for r in records(out)}
    assert len(latest) == 6 and set(latest.values()) == {"pass"} and len(service.requests) == 7


def test_duplicates_within_a_run_and_across_runs(service: FakeQwenServer, tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 3, service)
    again = tmp_path / "again.png"
    again.write_bytes(paths[1].read_bytes())  # the same ticket scanned twice, under another name
    out, history, queue = tmp_path / "results.jsonl", tmp_path / "history.jsonl", tmp_path / "q.jsonl"
    args = ("--history", str(history), "-q", str(queue), "-j", "1")
    assert main(_batch(service, out, *map(str, paths), str(again), extra=args)) == 1
    by_path = {r["path"]: r for r in records(out)}
    dup = [f for f in by_path[str(again)]["findings"] if f["code"] == "duplicate"]
    assert dup and dup[0]["ctx"]["first"] == str(paths[1]) and dup[0]["field"] == "ticket_number"
    assert by_path[str(again)]["status"] == "review"
    assert [e["source"] for e in ReviewQueue(queue).read().entries] == [str(again)]
    assert len(service.requests) == 3  # the copy was answered from the store
    # The history file holds keyed hashes, not ticket numbers; a later run in another results
    # file still sees the earlier ticket.
    assert "E000001" not in history.read_text(encoding="utf-8")
    third = tmp_path / "third.png"
    third.write_bytes(paths[2].read_bytes())
    assert main(_batch(service, tmp_path / "other.jsonl", str(third), extra=args)) == 1
    (other,) = records(tmp_path / "other.jsonl")
    assert any(f["code"] == "duplicate" and f["ctx"]["first"] == str(paths[2]) for f in other["findings"])


def test_masked_or_failing_numbers_identify_nothing(service: FakeQwenServer, tmp_path: Path) -> None:
    from ocrcheck import check
    from ocrcheck.batch import identity

    clean = check("cn_train_ticket", ticket(7))
    assert identity(clean) is not None
    assert identity(check("cn_train_ticket", {**ticket(7), "车票号": "E0000?7"})) is None
    assert identity(check("cn_train_ticket", {**CLEAN, "车票号": None})) is None


def test_missing_inputs_are_failed_records_not_crashes(service: FakeQwenServer, tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 2, service)
    out = tmp_path / "results.jsonl"
    listing = tmp_path / "list.txt"
    listing.write_text(f"# scans\n{paths[0]}\n\n{tmp_path / 'gone.png'}\n", encoding="utf-8")
    assert main(_batch(service, out, f"@{listing}", str(paths[1]), str(tmp_path / "nope"))) == 1
    by_path = {r["path"]: r for r in records(out)}
    assert by_path[str(tmp_path / "gone.png")]["status"] == "failed"
    assert "no such file" in by_path[str(tmp_path / "gone.png")]["reason"]
    assert by_path[str(paths[0])]["status"] == by_path[str(paths[1])]["status"] == "pass"


def test_usage_errors_exit_2_before_anything(service: FakeQwenServer, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    make_folder(tmp_path, 1, service)
    scans = str(tmp_path / "scans")
    assert main(_batch(service, tmp_path / "r.jsonl", scans, extra=("-j", "0"))) == 2
    assert main(["batch", "-t", "no_such_type", "--out", str(tmp_path / "r.jsonl"), scans]) == 2
    (tmp_path / "dir.jsonl").mkdir()
    assert main(_batch(service, tmp_path / "dir.jsonl", scans)) == 2
    assert service.requests == []


def test_expand_is_stable_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.png", "b/1.jpg", "a.pdf", "notes.txt", ".hidden/x.png", "b/.x.png", "r.json"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    got = [(Path(d.path).relative_to(tmp_path).as_posix(), d.kind) for d in expand([str(tmp_path)])]
    assert got == [("a.pdf", "pdf"), ("r.json", "answer"), ("b/1.jpg", "image"), ("b/2.png", "image")]


def test_dry_run_sends_nothing(service: FakeQwenServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_folder(tmp_path, 3, service)
    from .conftest import make_image

    (tmp_path / "scans" / "tiny.png").write_bytes(make_image(8, 8))
    code = main(["batch", "-t", "cn_train_ticket", "--out", str(tmp_path / "r.jsonl"), "--dry-run",
                 "--price-in", "1.2", str(tmp_path / "scans")])
    out = capsys.readouterr().out
    assert code == 1 and "REFUSED" in out and out.count("SEND ") == 3
    assert "4 documents: 3 to send, 1 refused or missing" in out
    assert service.requests == [] and not (tmp_path / "r.jsonl").exists()


def test_summary_file(service: FakeQwenServer, tmp_path: Path) -> None:
    make_folder(tmp_path, 2, service)
    summary = tmp_path / "summary.json"
    assert main(_batch(service, tmp_path / "r.jsonl", str(tmp_path / "scans"),
                       extra=("--summary", str(summary), "--price-in", "1", "--price-out", "2"))) == 0
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["status"] == {"pass": 2} and data["doc_types"] == {"cn_train_ticket": 2}
    assert data["input_tokens"] > 0 and data["estimated_cost"] > 0


def test_failing_answer_cache_content_is_not_trusted(service: FakeQwenServer, tmp_path: Path) -> None:
    """An answer the service cut at max_tokens is not stored: the next run asks again."""
    (path,) = make_folder(tmp_path, 1, service)
    service.add_answer(Answer(text='```json\n{"车次": "G19', finish_reason="length"), image=path.read_bytes())
    out = tmp_path / "r.jsonl"
    assert main(_batch(service, out, str(path))) == 1
    assert records(out)[0]["status"] == "review"
    assert main(_batch(service, out, str(path))) == 1
    assert len(service.requests) == 1  # a review is a judgement: not sent again


def test_export_csv_and_xlsx(service: FakeQwenServer, tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 2, service)
    evil = tmp_path / "evil.json"
    evil.write_text(json.dumps({**CLEAN, "姓名": "=HYPERLINK(\"http://x\",\"y\")"}, ensure_ascii=False),
                    encoding="utf-8")
    out = tmp_path / "r.jsonl"
    main(_batch(service, out, *map(str, paths), str(evil)))
    csv_path, xlsx_path = tmp_path / "out.csv", tmp_path / "out.xlsx"
    assert main(["export", str(out), "--csv", str(csv_path), "--xlsx", str(xlsx_path)]) == 0
    import csv

    with csv_path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == 3 and {r["status"] for r in table} == {"pass"}
    assert [r["passenger_name"] for r in table if r["source"] == str(evil)] == ["'=HYPERLINK(\"http://x\",\"y\")"]
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx_path).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and not any(str(c).startswith("=") for c in cells if c)
    assert main(["export", str(tmp_path / "none.jsonl"), "--csv", str(csv_path)]) == 2
