"""`ocrcheck batch --via batch-api` and `run_via_api` through the real client against the loopback
service's Batch API: the round trip, resuming a batch instead of submitting it again (after a stop
and after SIGKILL mid-poll), failed lines and expired batches redone, splitting, the dry run."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from ocrcheck.batch import Summary, run_via_api
from ocrcheck.cli import main
from ocrcheck.client import PollPolicy, RetryPolicy
from ocrcheck.testing import BatchPlan, FakeQwenServer, Fault

from .conftest import TICKETS, make_folder, records

FAST = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.01)
QUICK = PollPolicy(first=0.01, maximum=0.05)
ROOT = Path(__file__).resolve().parents[2]


def _cli(server: FakeQwenServer, out: Path, *inputs: str, extra: tuple[str, ...] = ()) -> list[str]:
    return ["batch", "-t", "cn_train_ticket", "--out", str(out), "--base-url", server.base_url, "--no-progress",
            "--via", "batch-api", "--poll-every", "0.01", *extra, *inputs]


def _run(server: FakeQwenServer, out: Path, *inputs: str, **options: Any) -> Summary:
    options.setdefault("poll", QUICK)
    return asyncio.run(run_via_api(list(inputs), doc_type="cn_train_ticket", out=out,
                                   client_options={"base_url": server.base_url, "retry": FAST}, **options))


def _uploaded(server: FakeQwenServer) -> list[list[dict[str, Any]]]:
    """The request files uploaded, in order, as lists of lines."""
    return [[json.loads(line) for line in server.batch_api.contents[file_id].splitlines()]
            for file_id, found in server.batch_api.files.items() if found["purpose"] == "batch"]


def _latest(out: Path) -> dict[str, dict[str, Any]]:
    return {r["key"]: r for r in records(out)}


def test_round_trip(service: FakeQwenServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = make_folder(tmp_path, 5, service)
    (tmp_path / "scans" / "answer.json").write_text(
        (TICKETS / "clean.fields.json").read_text(encoding="utf-8"), encoding="utf-8")
    out, summary = tmp_path / "results.jsonl", tmp_path / "summary.json"
    service.batch_api.plan = BatchPlan(polls=3)
    code = main(_cli(service, out, str(tmp_path / "scans"),
                     extra=("--price-in", "1", "--price-out", "2", "--summary", str(summary))))
    assert code == 0
    got = records(out)
    assert sorted(r["path"] for r in got) == sorted([*map(str, paths), str(tmp_path / "scans" / "answer.json")])
    assert {r["status"] for r in got} == {"pass"} and len({r["key"] for r in got}) == 6
    assert service.requests == []  # nothing went through the realtime endpoints
    assert (service.batch_api.uploads, service.batch_api.created) == (1, 1)
    (lines,) = _uploaded(service)
    assert len(lines) == 5 and {(x["method"], x["url"]) for x in lines} == {("POST", "/v1/chat/completions")}
    assert all(x["body"]["messages"][0]["content"][0]["type"] == "image_url" for x in lines)
    sent = [r for r in got if r["path"].endswith(".png")]
    assert {r["meta"]["via"] for r in sent} == {"batch-api"} and len({r["meta"]["batch_id"] for r in sent}) == 1
    # Cost at half price, from the tokens the answers reported.
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["input_tokens"] > 0 and data["price_factor"] == 0.5
    assert data["estimated_cost"] == pytest.approx((data["input_tokens"] * 1 + data["output_tokens"] * 2) / 2e6)
    err = capsys.readouterr().err
    assert "half price" in err and "completed" in err
    assert not Path(f"{out}.batch-api.json").exists() or json.loads(
        Path(f"{out}.batch-api.json").read_text(encoding="utf-8"))["submissions"] == []
    # Run again: everything is in the results file, nothing is submitted.
    assert main(_cli(service, out, str(tmp_path / "scans"))) == 0
    assert (service.batch_api.uploads, service.batch_api.created) == (1, 1)
    assert "0 judged now, 6 already in the results file" in capsys.readouterr().err


def test_stopped_mid_poll_then_resumed_polls_the_same_batch(service: FakeQwenServer, tmp_path: Path) -> None:
    make_folder(tmp_path, 4, service)
    out = tmp_path / "results.jsonl"
    service.batch_api.plan = BatchPlan(polls=10**6)  # never finishes while the first run watches
    stop = asyncio.Event()
    seen: list[Any] = []

    def on_batch(info: Mapping[str, Any]) -> None:
        seen.append(info["status"])
        if info["status"] == "in_progress":
            stop.set()  # Ctrl-C while polling

    first = _run(service, out, str(tmp_path / "scans"), on_batch=on_batch, stop=stop)
    assert seen[:2] == ["validating", "in_progress"]
    assert first.done == 0 and first.stopped and "not yet collected" in first.stopped
    assert not out.exists() or records(out) == []
    state = json.loads(Path(f"{out}.batch-api.json").read_text(encoding="utf-8"))
    assert [s["batch_id"] for s in state["submissions"]] == list(service.batch_api.batches)
    service.batch_api.plan = BatchPlan(polls=1)
    second = _run(service, out, str(tmp_path / "scans"))
    assert second.stopped is None and second.status == {"pass": 4}
    assert (service.batch_api.uploads, service.batch_api.created) == (1, 1)  # polled again, not resubmitted
    assert len(service.batch_api.requests) == 4


def test_sigkill_mid_poll_then_rerun_pays_once(service: FakeQwenServer, tmp_path: Path) -> None:
    make_folder(tmp_path, 3, service)
    out = tmp_path / "results.jsonl"
    service.batch_api.plan = BatchPlan(polls=10**6)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "ocrcheck", *_cli(service, out, str(tmp_path / "scans"))]
    process = subprocess.Popen(argv, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120  # a bound against a hang, not a measurement
        while service.batch_api.reads < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert service.batch_api.created == 1 and not (out.exists() and records(out))
    service.batch_api.plan = BatchPlan(polls=1)
    assert main(_cli(service, out, str(tmp_path / "scans"))) == 0
    assert (service.batch_api.uploads, service.batch_api.created) == (1, 1)
    assert {r["status"] for r in records(out)} == {"pass"} and len(records(out)) == 3


def test_failed_lines_are_failed_then_redone(service: FakeQwenServer, tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 4, service)
    service.batch_api.fail_lines(paths[1].read_bytes(), paths[3].read_bytes(), fault=Fault.server_error(500))
    out = tmp_path / "results.jsonl"
    assert main(_cli(service, out, str(tmp_path / "scans"))) == 1
    by_path = {r["path"]: r for r in records(out)}
    assert {p: by_path[str(p)]["status"] for p in paths} == {paths[0]: "pass", paths[1]: "failed",
                                                              paths[2]: "pass", paths[3]: "failed"}
    reason = by_path[str(paths[1])]["reason"]
    assert "InternalError" in reason and next(iter(service.batch_api.batches)) in reason
    assert main(_cli(service, out, str(tmp_path / "scans"))) == 0
    assert {r["status"] for r in _latest(out).values()} == {"pass"} and len(_latest(out)) == 4
    first, second = _uploaded(service)
    assert len(first) == 4 and len(second) == 2  # only the failed ones were sent again
    assert {x["custom_id"] for x in second} < {x["custom_id"] for x in first}


def test_expired_batch_keeps_what_was_answered(service: FakeQwenServer, tmp_path: Path) -> None:
    make_folder(tmp_path, 4, service)
    out = tmp_path / "results.jsonl"
    service.batch_api.plan = BatchPlan(polls=2, outcome="expired", answered_before_expiry=3)
    summary = _run(service, out, str(tmp_path / "scans"))
    assert summary.status == {"pass": 3, "failed": 1}
    (failed,) = [r for r in records(out) if r["status"] == "failed"]
    assert "batch_expired" in failed["reason"]
    service.batch_api.plan = BatchPlan(polls=1)
    again = _run(service, out, str(tmp_path / "scans"))
    assert again.status == {"pass": 1} and again.skipped == 3
    assert [len(f) for f in _uploaded(service)] == [4, 1]


def test_batch_failing_validation_fails_its_documents(service: FakeQwenServer, tmp_path: Path) -> None:
    make_folder(tmp_path, 3, service)
    out = tmp_path / "results.jsonl"
    service.batch_api.plan = BatchPlan(polls=1, max_requests=2)  # the service's limit, not ours
    summary = _run(service, out, str(tmp_path / "scans"))
    assert summary.status == {"failed": 3}
    assert all("too_many_requests" in r["reason"] for r in records(out))


def test_split_at_the_configured_limits(service: FakeQwenServer, tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 5, service)
    out = tmp_path / "results.jsonl"
    service.batch_api.plan = BatchPlan(polls=1, max_requests=2)  # an unsplit file would fail validation
    assert main(_cli(service, out, str(tmp_path / "scans"), extra=("--batch-requests", "2"))) == 0
    assert [len(f) for f in _uploaded(service)] == [2, 2, 1]
    assert service.batch_api.created == 3 and len(_latest(out)) == 5
    # By bytes: a limit a little over two lines of the largest image.
    other = tmp_path / "other.jsonl"
    sizes = sorted(len(json.dumps(line).encode()) for f in _uploaded(service) for line in f)
    limit = sizes[-1] * 2 + 10
    service.batch_api.plan = BatchPlan(polls=1, max_file_bytes=limit)
    before = len(_uploaded(service))
    summary = _run(service, other, *map(str, paths), max_file_bytes=limit, answers_dir=tmp_path / "fresh")
    assert summary.status == {"pass": 5}
    new = [f for f in service.batch_api.files.values() if f["purpose"] == "batch"][before:]
    assert len(new) >= 3 and all(f["bytes"] <= limit for f in new)
    assert sum(len(f) for f in _uploaded(service)[before:]) == 5
    # A request larger than the whole file limit is never sent.
    tiny = _run(service, tmp_path / "tiny.jsonl", str(paths[0]), max_file_bytes=1000)
    assert tiny.status == {"failed": 1}
    assert "file limit" in records(tmp_path / "tiny.jsonl")[0]["reason"]


def test_same_image_twice_is_one_line_and_a_duplicate(service: FakeQwenServer, tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 3, service)
    copy = tmp_path / "copy.png"
    copy.write_bytes(paths[2].read_bytes())
    out = tmp_path / "results.jsonl"
    assert main(_cli(service, out, *map(str, paths), str(copy))) == 1
    (lines,) = _uploaded(service)
    assert len(lines) == 3  # four documents, three distinct requests
    by_path = {r["path"]: r for r in records(out)}
    assert by_path[str(copy)]["status"] == "review"
    assert any(f["code"] == "duplicate" and f["ctx"]["first"] == str(paths[2]) for f in by_path[str(copy)]["findings"])


def test_lost_answers_never_make_a_second_batch(service: FakeQwenServer, tmp_path: Path) -> None:
    """The upload's answer lost twice (the run stops, the part kept), then the create's answer lost."""
    make_folder(tmp_path, 2, service)
    out = tmp_path / "results.jsonl"
    service.batch_api.inject(Fault.disconnect(), times=3)  # three upload attempts: each stored, none answered
    first = _run(service, out, str(tmp_path / "scans"))
    assert first.stopped and "state is kept" in first.stopped and service.batch_api.created == 0
    # The upload answered, the look-up for a batch of that file answered (none), the create lost.
    service.batch_api.inject(Fault.delay(0), Fault.delay(0), Fault.disconnect())
    service.batch_api.plan = BatchPlan(polls=1)
    second = _run(service, out, str(tmp_path / "scans"))
    assert second.status == {"pass": 2} and service.batch_api.created == 1
    assert len(service.batch_api.requests) == 2  # each ticket answered (and paid) once


def test_answers_in_the_store_are_not_sent(service: FakeQwenServer, tmp_path: Path) -> None:
    """A realtime `--api chat` run stored the answers; the batch run replays them."""
    paths = make_folder(tmp_path, 2, service)
    answers = tmp_path / "answers"
    assert main(["batch", "-t", "cn_train_ticket", "--out", str(tmp_path / "rt.jsonl"), "--base-url",
                 service.base_url, "--no-progress", "--api", "chat", "--answers", str(answers), str(paths[0])]) == 0
    summary = _run(service, tmp_path / "results.jsonl", *map(str, paths), answers_dir=answers)
    assert summary.status == {"pass": 2} and summary.cached == 1
    (lines,) = _uploaded(service)
    assert len(lines) == 1


def test_unreadable_state_is_refused(service: FakeQwenServer, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    make_folder(tmp_path, 1, service)
    out = tmp_path / "results.jsonl"
    Path(f"{out}.batch-api.json").write_text("{not json", encoding="utf-8")
    assert main(_cli(service, out, str(tmp_path / "scans"))) == 2
    assert "paying again" in capsys.readouterr().err and service.batch_api.uploads == 0


def test_dry_run_estimates_at_half_price(service: FakeQwenServer, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    make_folder(tmp_path, 3, service)
    base = ["batch", "-t", "cn_train_ticket", "--out", str(tmp_path / "r.jsonl"), "--dry-run", "--price-in", "1.2",
            str(tmp_path / "scans")]
    assert main(base) == 0
    realtime = capsys.readouterr().out
    assert main([*base, "--via", "batch-api", "--batch-requests", "2"]) == 0
    batch = capsys.readouterr().out

    def cost(text: str) -> float:
        found = re.search(r"input cost about ([0-9.]+)", text)
        assert found, text
        return float(found.group(1))

    assert cost(batch) == pytest.approx(cost(realtime) / 2, abs=1e-4) and cost(realtime) > 0
    assert "half price" in batch and "about 2 batch file(s)" in batch
    assert service.requests == [] and service.batch_api.uploads == 0 and not (tmp_path / "r.jsonl").exists()


def test_no_wait_submits_and_a_later_run_collects(service: FakeQwenServer, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    make_folder(tmp_path, 2, service)
    out = tmp_path / "results.jsonl"
    service.batch_api.plan = BatchPlan(polls=3)
    assert main(_cli(service, out, str(tmp_path / "scans"), extra=("--no-wait",))) == 1
    err = capsys.readouterr().err
    assert "not yet collected" in err and "run the same command again" in err
    assert service.batch_api.reads == 1 and not (out.exists() and records(out))
    assert main(_cli(service, out, str(tmp_path / "scans"))) == 0
    assert (service.batch_api.uploads, service.batch_api.created) == (1, 1) and len(records(out)) == 2


def test_pdf_pages_are_lines(service: FakeQwenServer, tmp_path: Path) -> None:
    from ..client.conftest import make_pdf

    pdf = tmp_path / "two.pdf"
    pdf.write_bytes(make_pdf(2))
    out = tmp_path / "results.jsonl"
    summary = _run(service, out, str(pdf))
    by_source = {r["source"]: r for r in records(out)}
    assert sorted(by_source) == [f"{pdf}#page=1", f"{pdf}#page=2"]
    # Two blank pages are the same request: one line, paid once; the second page is the same ticket.
    (lines,) = _uploaded(service)
    assert len(lines) == 1 and summary.status == {"pass": 1, "review": 1}
    assert [f["code"] for f in by_source[f"{pdf}#page=2"]["findings"]] == ["duplicate"]
    with pytest.raises(Exception, match="page by page"):
        _run(service, out, str(pdf), pdf="responses")
