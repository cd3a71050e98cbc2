"""`ocrcheck batch` against the loopback service: wall time against the ideal N·L/C, and peak
memory at 2,000 and 20,000 documents (it must stay flat: the run streams inputs and results).

Run with `make bench`. Each run is the real command in a child process (`ocrcheck.cli.main`, as
`python -m ocrcheck batch` runs it, then the peak memory read), talking HTTP to `FakeQwenServer`
in this process, which answers every request after a fixed latency L (`FakeQwenServer(latency=L)`). Figures, per run:

- wall: the whole command, start-up (imports) included; ideal N·L/C; their ratio;
- start: from launching the command to the first request reaching the service;
- in flight: N·L divided by the span from first to last request (+L): how many requests the
  command kept at the service on average, against C;
- CPU: the child's user + system time per document (the machine's other load shows in wall, not here);
- RSS: the child's peak resident memory, `VmHWM` of /proc/self/status as the command ends (not
  `ru_maxrss`, which on Linux counts the forked copy of this test process before `exec`).

Each document is a distinct small PNG answered as its own train ticket, so every one passes and
the duplicate index holds one identity per document (its worst case). Only counts are asserted
(every document judged once, nothing sent twice); times are printed, never asserted.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ocrcheck.doctypes import data_dir
from ocrcheck.testing import Answer, FakeQwenServer

KEY = "sk-bench-0123456789abcdef"
CLEAN = json.loads((data_dir("fixtures") / "cn_train_ticket" / "clean.fields.json").read_text(encoding="utf-8"))
TIMED = (2000, 0.5, 16)  # N, L seconds, C: 32 answers a second, a light load for a shared machine
MEMORY = (2000, 20000)
MEMORY_CONCURRENCY = 8
# `python -m ocrcheck`, and the peak resident memory of this very process image on standard error.
PROBE = ("import sys\nfrom ocrcheck.cli import main\ncode = main(sys.argv[1:])\n"
         "sys.stderr.write(next(line for line in open('/proc/self/status') if line.startswith('VmHWM:')))\n"
         "sys.exit(code)")


def _image(number: int) -> bytes:
    """A 48×48 page whose black pixels spell `number` in binary: distinct bytes per document."""
    from PIL import Image

    image = Image.new("L", (48, 48), 255)
    for bit in range(20):
        if number >> bit & 1:
            image.putpixel((4 + 2 * bit, 20), 0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _folder(root: Path, count: int, server: FakeQwenServer) -> Path:
    scans = root / f"scans{count}"
    for index in range(count):
        folder = scans / f"{index // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = _image(index)
        (folder / f"{index:06d}.png").write_bytes(data)
        server.add_answer(Answer.fields({**CLEAN, "车票号": f"E{index:06d}"}), image=data)
    return scans


@dataclass
class Figures:
    wall: float
    start: float
    span: float
    cpu: float
    rss_mb: float
    sent: int
    records: int
    status: int


def _batch(server: FakeQwenServer, scans: Path, out: Path, concurrency: int) -> Figures:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCRCHECK_")}
    env.update({"DASHSCOPE_API_KEY": KEY, "OCRCHECK_BASE_URL": server.base_url})
    command = [sys.executable, "-c", PROBE, "batch", "-t", "cn_train_ticket", "--out", str(out),
               "--no-progress", "-j", str(concurrency), str(scans)]
    before = len(server.requests)
    started = time.monotonic()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, wait_status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(wait_status)  # reaped here: Popen must not wait again
    new = server.requests[before:]
    first = new[0].time - started if new else wall
    span = new[-1].time - new[0].time if new else 0.0
    records = sum(1 for _ in out.open(encoding="utf-8"))
    peak = err.rsplit("VmHWM:", 1)[1].split()[0]  # kB
    return Figures(wall=wall, start=first, span=span, cpu=usage.ru_utime + usage.ru_stime,
                   rss_mb=int(peak) / 1024, sent=len(new), records=records, status=proc.returncode)


def test_bench_batch_wall_time_and_memory(tmp_path: Path) -> None:
    n, latency, concurrency = TIMED
    lines = [f"ocrcheck batch through FakeQwenServer (python -m ocrcheck batch in a child process; "
             f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start)", ""]
    with FakeQwenServer(api_key=KEY, latency=latency) as server:
        scans = _folder(tmp_path, n, server)
        got = _batch(server, scans, tmp_path / "timed.jsonl", concurrency)
        assert got.status == 0 and got.sent == got.records == n
        ideal = n * latency / concurrency
        in_flight = n * latency / (got.span + latency)
        lines += [f"wall time: N={n} documents, latency L={latency:.2f} s per request, concurrency C={concurrency}",
                  f"{'wall s':>8} {'ideal N·L/C':>12} {'ratio':>6} {'start s':>8} {'in flight':>10} "
                  f"{'CPU ms/doc':>11}",
                  f"{got.wall:>8.2f} {ideal:>12.2f} {got.wall / ideal:>6.3f} {got.start:>8.2f} "
                  f"{in_flight:>6.1f} / {concurrency:<2} {1000 * got.cpu / n:>11.2f}", ""]

        server.latency = 0.0  # memory: as fast as the machine goes
        rows = []
        for count in MEMORY:
            scans = tmp_path / f"scans{count}" if count == n else _folder(tmp_path, count, server)
            out = tmp_path / f"memory{count}.jsonl"
            fresh = _batch(server, scans, out, MEMORY_CONCURRENCY)
            assert fresh.status == 0 and fresh.sent == fresh.records == count
            again = _batch(server, scans, out, MEMORY_CONCURRENCY)  # resume: every document already judged
            assert again.status == 0 and again.sent == 0 and again.records == count
            rows.append((count, fresh, again))
    lines += [f"peak memory (child RSS), concurrency {MEMORY_CONCURRENCY}, no latency",
              f"{'N':>6} {'fresh run MB':>13} {'wall s':>8} {'CPU ms/doc':>11} | {'rerun, all skipped MB':>22} "
              f"{'wall s':>8}"]
    for count, fresh, again in rows:
        lines.append(f"{count:>6} {fresh.rss_mb:>13.1f} {fresh.wall:>8.2f} {1000 * fresh.cpu / count:>11.2f} | "
                     f"{again.rss_mb:>22.1f} {again.wall:>8.2f}")
    (small, small_fresh, small_again), (large, large_fresh, large_again) = rows
    per_doc = 1024 * 1024 * (large_fresh.rss_mb - small_fresh.rss_mb) / (large - small)
    per_doc_again = 1024 * 1024 * (large_again.rss_mb - small_again.rss_mb) / (large - small)
    lines.append(f"growth from {small} to {large}: {per_doc:.0f} bytes per document (fresh), "
                 f"{per_doc_again:.0f} (rerun)")
    print("\n" + "\n".join(lines))
