"""`ocrcheck batch` as a process: Ctrl-C finishes and stores what is in flight; SIGKILL at random
points over a large run loses at most the documents in flight, and reruns end with every
document judged exactly once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from ocrcheck.testing import FakeQwenServer, image_key

from ..client.conftest import KEY
from .conftest import make_folder

pytestmark = pytest.mark.slow


def _env(server: FakeQwenServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCRCHECK_")}
    env.update({"DASHSCOPE_API_KEY": KEY, "OCRCHECK_BASE_URL": server.base_url, "PYTHONUNBUFFERED": "1"})
    return env


def _start(server: FakeQwenServer, out: Path, scans: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "ocrcheck", "batch", "-t", "cn_train_ticket", "--out", str(out),
               "--no-progress", *extra, str(scans)]
    return subprocess.Popen(command, env=_env(server), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _whole_lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    for line in path.read_bytes().split(b"\n"):
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


def _wait_for(path: Path, lines: int, proc: subprocess.Popen[str], limit: float = 60.0) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end and proc.poll() is None:
        if len(_whole_lines(path)) >= lines:
            return
        time.sleep(0.01)


def _paid(server: FakeQwenServer) -> Counter[str]:
    return Counter(image_key(r.image_urls[0]) for r in server.requests if r.image_urls)


def test_ctrl_c_finishes_in_flight_and_resumes(tmp_path: Path) -> None:
    slow = FakeQwenServer(api_key=KEY, handler=lambda r: time.sleep(0.2))  # type: ignore[func-returns-value]
    with slow as server:
        make_folder(tmp_path, 40, server)
        out = tmp_path / "results.jsonl"
        proc = _start(server, out, tmp_path / "scans", "-j", "4")
        _wait_for(out, 4, proc)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 1
        assert "stopping: no new document is started" in err and "stopped   interrupted" in err
        first = _whole_lines(out)
        assert 4 <= len(first) < 40
        # Every request the service answered before the stop was stored: none was abandoned.
        assert sum(_paid(server).values()) == len(first)
        proc = _start(server, out, tmp_path / "scans", "-j", "4")
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert f"{len(first)} already in the results file" in err
        keys = [r["key"] for r in _whole_lines(out)]
        assert len(keys) == len(set(keys)) == 40
        assert set(_paid(server).values()) == {1}  # no image paid twice


def test_sigkill_at_random_points_loses_only_in_flight(tmp_path: Path) -> None:
    """Five runs over 1,000 documents, each killed at a random point and rerun; then a last run."""
    rng = random.Random(20261201)
    documents, concurrency = 1000, 8
    with FakeQwenServer(api_key=KEY) as server:
        make_folder(tmp_path, documents, server)
        out = tmp_path / "results.jsonl"
        kills = []
        for _ in range(5):
            already = len(_whole_lines(out))
            target = min(documents - 1, already + rng.randint(20, 180))
            proc = _start(server, out, tmp_path / "scans", "-j", str(concurrency))
            _wait_for(out, target, proc)
            proc.kill()
            proc.wait(timeout=30)
            kills.append(len(_whole_lines(out)))
        proc = _start(server, out, tmp_path / "scans", "-j", str(concurrency))
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    records = _whole_lines(out)
    keys = [r["key"] for r in records]
    assert len(keys) == len(set(keys)) == documents, "every document exactly once"
    assert {r["status"] for r in records} == {"pass"}
    paid = _paid(server)
    assert len(paid) == documents
    twice = sum(n - 1 for n in paid.values())
    # Only a request in flight at a kill can be paid again (its answer never reached the store).
    assert twice <= concurrency * len(kills)
    lines = out.read_bytes().count(b"\n")
    print(f"\nkill points (records on disk): {kills}; paid twice: {twice} of {documents} "
          f"(bound {concurrency * len(kills)}); unreadable lines left by kills: {lines - documents}")
