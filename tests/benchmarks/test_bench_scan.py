"""A batch through `ocrcheck scan` against the loopback server: --concurrency 1 vs 4, and a
second run over the answer cache.

Run with `make bench`. The fake server answers each request after a fixed delay standing in for
the service's latency, so the wall times show what overlapping requests buys; the figures are
printed, and only counts (requests sent, cache hits) are asserted.
"""

from __future__ import annotations

import io
import json
import time
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from ocrcheck.cli import main
from ocrcheck.doctypes import data_dir
from ocrcheck.testing import Answer, FakeQwenServer, RecordedRequest

KEY = "sk-bench"
IMAGES = 20
LATENCY = 0.2  # seconds per answer; the real service takes one to several seconds per image
CLEAN = json.loads((data_dir("fixtures") / "cn_train_ticket" / "clean.fields.json").read_text(encoding="utf-8"))


def _image(width: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, 600), "white")
    ImageDraw.Draw(image).rectangle((40, 200, width - 40, 260), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _scan(server: FakeQwenServer, files: list[str], *options: str) -> tuple[int, float, list[dict]]:
    out = io.StringIO()
    start = time.perf_counter()
    with redirect_stdout(out):
        status = main(["scan", "-t", "cn_train_ticket", "-f", "json", "--base-url", server.base_url, *options, *files])
    elapsed = time.perf_counter() - start
    return status, elapsed, [json.loads(line) for line in out.getvalue().splitlines()]


def test_bench_scan_concurrency_and_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
    monkeypatch.delenv("OCRCHECK_CACHE_DIR", raising=False)
    files = []
    for index in range(IMAGES):
        path = tmp_path / f"ticket{index:02d}.jpg"
        path.write_bytes(_image(900 + index))
        files.append(str(path))

    def answer(request: RecordedRequest) -> Answer:
        time.sleep(LATENCY)
        return Answer.fields(CLEAN)

    rows = []
    with FakeQwenServer(api_key=KEY, handler=answer) as server:
        for concurrency in ("1", "4"):
            cache = tmp_path / f"cache-{concurrency}"
            before = len(server.requests)
            status, cold, results = _scan(server, files, "-j", concurrency, "--cache-dir", str(cache))
            sent = len(server.requests) - before
            assert status == 0 and sent == IMAGES and [r["source"] for r in results] == files
            status, warm, again = _scan(server, files, "-j", concurrency, "--cache-dir", str(cache))
            hits = sum(bool(r["meta"].get("cached")) for r in again)
            assert status == 0 and len(server.requests) - before == IMAGES and hits == IMAGES
            rows.append((concurrency, sent, cold, len(server.requests) - before - sent, hits, warm))
    print()
    print(f"{IMAGES} images, fake service latency {LATENCY:.2f} s per request")
    print(f"{'concurrency':>11} {'requests':>9} {'wall s':>8} | {'2nd run sent':>12} {'cache hits':>10} {'wall s':>7}")
    for concurrency, sent, cold, resent, hits, warm in rows:
        print(f"{concurrency:>11} {sent:>9} {cold:>8.2f} | {resent:>12} {hits:>10} {warm:>7.2f}")
