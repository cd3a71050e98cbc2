"""Issue 13's table (see `speed.py`): check() per type against the thin pipeline, pinned to one
core, with p50/p99 latency, import time and one CLI run. Prints; asserts nothing about time."""

from __future__ import annotations

from .speed import measure


def test_bench_speed_table() -> None:
    print()
    print(measure())
