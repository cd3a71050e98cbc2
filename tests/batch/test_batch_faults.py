"""Batch runs when the service misbehaves: it goes down mid-run (listener closed, open
connections cut) and comes back on the same port; its answers come slowly, some slower than the
client's timeout. Every document ends exactly once; what failed while the service was down is
`failed` with the reason and redone by the next run; nothing answered is paid for twice."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ocrcheck.batch import run_sync
from ocrcheck.client import RetryPolicy
from ocrcheck.testing import FakeQwenServer, RecordedRequest, image_key

from .conftest import make_folder, records

TYPE = "cn_train_ticket"


def _answered(server: FakeQwenServer) -> Counter[str]:
    """Answers the service sent in full (what it bills), per image."""
    return Counter(image_key(r.image_urls[0]) for r in server.answered)


def _run(server_url: str, tmp_path: Path, retry: RetryPolicy, **options: Any) -> Any:
    client = {"base_url": server_url, "retry": retry, **options.pop("client", {})}
    return run_sync([str(tmp_path / "scans")], doc_type=TYPE, out=tmp_path / "results.jsonl", concurrency=4,
                    client_options=client, **options)


def test_outage_mid_run_fails_the_rest_and_the_next_run_redoes_them(service: FakeQwenServer,
                                                                    tmp_path: Path) -> None:
    paths = make_folder(tmp_path, 30, service)
    service.latency = 0.02
    url, port = service.base_url, service.port
    brief = RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.02)  # too short to ride out the outage
    judged: list[dict[str, Any]] = []

    def on_result(record: dict[str, Any]) -> None:
        judged.append(record)
        if len(judged) == 8:
            service.stop()  # down: the listener closes and open connections are cut, answers in flight too

    first = _run(url, tmp_path, brief, on_result=on_result)
    got = records(tmp_path / "results.jsonl")
    assert sorted(r["path"] for r in got) == sorted(map(str, paths))  # every document exactly once
    assert len({r["key"] for r in got}) == 30
    failed = [r for r in got if r["status"] == "failed"]
    assert {r["status"] for r in got} == {"pass", "failed"} and len(failed) >= 30 - 8 - 8
    assert all("no answer from the service" in r["reason"] for r in failed)
    assert first.status == {"pass": 30 - len(failed), "failed": len(failed)} and not first.clean
    sent_before = len(service.requests)

    service.start()  # back, where the clients were told to go
    assert service.port == port
    second = _run(url, tmp_path, brief)
    assert second.status == {"pass": len(failed)} and second.skipped == 30 - len(failed)
    redone = service.requests[sent_before:]
    assert sorted(image_key(r.image_urls[0]) for r in redone) == sorted(
        image_key(Path(r["path"]).read_bytes()) for r in failed)  # only the failed ones, each once
    latest = {r["key"]: r["status"] for r in records(tmp_path / "results.jsonl")}
    assert len(latest) == 30 and set(latest.values()) == {"pass"}
    answered = _answered(service)
    assert len(answered) == 30 and set(answered.values()) == {1}  # none paid twice


def test_a_short_outage_is_ridden_out_by_the_retry_policy(service: FakeQwenServer, tmp_path: Path) -> None:
    make_folder(tmp_path, 24, service)
    service.latency = 0.1  # requests are in flight when it goes down: their connections are cut
    url = service.base_url
    patient = RetryPolicy(max_attempts=30, base_delay=0.05, max_delay=0.1, deadline=60)
    judged: list[dict[str, Any]] = []
    restart = threading.Timer(0.5, service.start)

    def on_result(record: dict[str, Any]) -> None:
        judged.append(record)
        if len(judged) == 6:
            service.stop()
            restart.start()  # back half a second later

    try:
        summary = _run(url, tmp_path, patient, on_result=on_result)
    finally:
        restart.join()
    assert summary.status == {"pass": 24} and summary.retries > 0
    got = records(tmp_path / "results.jsonl")
    assert len(got) == len({r["key"] for r in got}) == 24
    # Requests refused or cut by the outage were sent again; each image was answered (paid) once.
    answered = _answered(service)
    assert len(answered) == 24 and set(answered.values()) == {1}


def test_latency_spikes_slow_answers_and_timeouts(service: FakeQwenServer, tmp_path: Path) -> None:
    """Answers after a random spike; some spikes outlast the client's timeout and are retried."""
    make_folder(tmp_path, 30, service)
    rng = random.Random(20261202)
    spikes: dict[str, float] = {}
    lock = threading.Lock()

    def slow(request: RecordedRequest) -> None:
        image = image_key(request.image_urls[0])
        with lock:
            first = image not in spikes
            if first:
                spikes[image] = rng.choice([0.0, 0.0, 0.05, 0.2, 1.2])  # only a first answer spikes
        if first:
            time.sleep(spikes[image])

    service.handler = slow  # returns None: the registered answer follows
    timeout = 0.6
    patient = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05, deadline=30)
    summary = _run(service.base_url, tmp_path, patient, client={"timeout": timeout})
    timed_out = {image for image, spike in spikes.items() if spike > timeout}
    assert timed_out and len(spikes) == 30
    assert summary.status == {"pass": 30}
    assert summary.retries == len(timed_out)  # exactly the spikes past the timeout were asked again
    got = records(tmp_path / "results.jsonl")
    assert len(got) == len({r["key"] for r in got}) == 30
    sent = Counter(image_key(r.image_urls[0]) for r in service.requests)
    assert {image for image, n in sent.items() if n > 1} == timed_out and set(sent.values()) <= {1, 2}
    # A request abandoned at the timeout may still be answered (and billed) by the service: the
    # service has no idempotency key. Only those can be paid twice, never an answer that arrived.
    answered = _answered(service)
    assert all(n == 1 for image, n in answered.items() if image not in timed_out)
