"""Issue 13's table (see `speed.py`): check() per type against the thin pipeline, pinned to one
core, with p50/p99 latency, import time and one CLI run; check/s of every type, slowest first. Prints;
asserts nothing about time."""

from __future__ import annotations

from .speed import every_type, measure


def test_bench_speed_table() -> None:
    print()
    print(measure())


def test_bench_every_type() -> None:
    # Which type is slowest, to profile (`python -m tests.benchmarks.speed --profile TYPE`).
    print()
    print(every_type())
