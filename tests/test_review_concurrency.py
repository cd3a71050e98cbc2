"""Concurrent writers on one review queue (issue #2, "Show": 8 processes x 500 appends, one
killed with SIGKILL mid-run): every line parses except torn fragments the reader reports, no
acknowledged entry is lost, no id appears twice.

Each writer is a separate interpreter (`subprocess`, so no state is shared with the test) that
appends records of 10 to 40 KB and, after each `append` returns, writes the id to its own
acknowledgement file and fsyncs it: what is in that file was acknowledged to a caller. Every
50th record is the same content in all writers, so eight processes race to append one id.
"""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ocrcheck.review_queue import ReviewQueue

WRITERS = 8
APPENDS = 500
KILL_AFTER = 150  # acknowledged appends of the victim before it is killed
KEY = b"concurrency test key, 32 bytes."

WRITER = r"""
import hashlib, os, random, sys
from ocrcheck.review_queue import ReviewQueue

path, writer, count, ack = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
huge_at = int(sys.argv[6])
queue = ReviewQueue(path, key=sys.argv[5].encode())
rng = random.Random(writer)
ack_fd = os.open(ack, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
real_write = os.write

def announcing_write(fd, data):
    if len(data) > 1_000_000:  # tell the test we are inside the big write: kill me now
        sys.stdout.write("writing\n")
        sys.stdout.flush()
    return real_write(fd, data)

os.write = announcing_write
for seq in range(count):
    if seq == huge_at:
        payload = rng.randbytes(16_000_000).hex()
        owner, source = str(writer), f"w{writer}-{seq}"
    elif seq % 50 == 0:  # the same document in every writer: must end up once in the file
        shared = random.Random(seq)
        payload = shared.randbytes(shared.randrange(5_000, 20_000)).hex()
        owner, source = "shared", f"shared-{seq}"
    else:
        payload = rng.randbytes(rng.randrange(5_000, 20_000)).hex()
        owner, source = str(writer), f"w{writer}-{seq}"
    fields = {"owner": owner, "seq": seq, "payload": payload,
              "sha256": hashlib.sha256(payload.encode()).hexdigest()}
    entry_id = queue.append({"doc_type": "concurrency", "source": source, "status": "review",
                             "fields": fields, "findings": []})
    os.write(ack_fd, f"{entry_id} {owner} {seq}\n".encode())
    os.fsync(ack_fd)
"""


def _acks(path: Path) -> list[tuple[str, str, int]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        entry_id, owner, seq = line.split()
        out.append((entry_id, owner, int(seq)))
    return out


@pytest.mark.slow
def test_eight_writers_one_killed(tmp_path: Path) -> None:
    queue_path = tmp_path / "queue.jsonl"
    ack_paths = [tmp_path / f"ack-{w}.txt" for w in range(WRITERS)]
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(queue_path), str(w), str(APPENDS), str(ack_paths[w]),
             KEY.decode(), str(KILL_AFTER if w == 0 else -1)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for w in range(WRITERS)
    ]
    victim = procs[0]
    try:
        # The victim's record number KILL_AFTER is 32 MB; it announces the write() and is killed
        # a moment later, most likely while the kernel is still copying it into the file.
        assert victim.stdout is not None and victim.stdout.readline() == b"writing\n"
        time.sleep(0.003)
        victim.send_signal(signal.SIGKILL)
        for proc in procs:
            _, err = proc.communicate(timeout=240)
            if proc is not victim:
                assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    assert victim.returncode == -signal.SIGKILL
    elapsed = time.monotonic() - started

    acknowledged = [a for path in ack_paths for a in _acks(path)]
    victim_acks = len(_acks(ack_paths[0]))
    assert victim_acks == KILL_AFTER
    assert len(acknowledged) == victim_acks + (WRITERS - 1) * APPENDS

    # Independent of the reader under test: split on b"\n" and parse every line ourselves.
    raw_lines = queue_path.read_bytes().split(b"\n")
    unparsed: list[int] = []
    records: list[dict] = []
    for number, line in enumerate(raw_lines[:-1], start=1):
        try:
            records.append(json.loads(line))
        except ValueError:
            unparsed.append(number)
    if raw_lines[-1]:
        unparsed.append(len(raw_lines))

    found = ReviewQueue(queue_path, key=KEY).read()
    assert sorted(n for n, _ in found.torn) == unparsed
    assert len(unparsed) <= 1  # only the killed writer can have left a fragment
    assert [r["id"] for r in found.entries] == [r["id"] for r in records]

    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "duplicate id in the queue"
    for record in records:  # no record glued to a fragment or cut short and still parsing
        fields = record["fields"]
        assert hashlib.sha256(fields["payload"].encode()).hexdigest() == fields["sha256"]
        assert len(fields["payload"]) >= 10_000

    in_file = set(ids)
    lost = [a for a in acknowledged if a[0] not in in_file]
    assert not lost, f"{len(lost)} acknowledged entries missing"
    shared = {(owner, seq) for _, owner, seq in acknowledged if owner == "shared"}
    assert len(shared) == APPENDS // 50
    assert sum(r["fields"]["owner"] == "shared" for r in records) == len(shared)
    own = [r for r in records if r["fields"]["owner"] != "shared"]
    for w in range(1, WRITERS):  # the survivors' own records are all there, exactly once
        assert sorted(r["fields"]["seq"] for r in own if r["fields"]["owner"] == str(w)) == [
            s for s in range(APPENDS) if s % 50
        ]
    lines = len(raw_lines) - 1 + bool(raw_lines[-1])
    distinct = len({a[0] for a in acknowledged})
    print(
        f"\nconcurrency: {WRITERS} writers x {APPENDS}, victim killed after {victim_acks} acks; "
        f"acknowledged {len(acknowledged)} ({distinct} distinct ids), lines {lines}, "
        f"entries {len(records)}, torn {len(unparsed)} "
        f"({[len(raw_lines[n - 1]) for n in unparsed]} bytes), "
        f"file {queue_path.stat().st_size / 1e6:.1f} MB, {elapsed:.1f} s"
    )
