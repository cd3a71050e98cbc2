"""Issue 13's speed table: `ocrcheck.check()` per type against a thin pipeline, import time, CLI.

Printed by `make bench` (tests/benchmarks/test_bench_speed.py) and runnable alone:

    PYTHONPATH=$PWD python -m tests.benchmarks.speed [--rounds N] [--profile TYPE] [--types]

Everything runs pinned to one core (`os.sched_setaffinity`, inherited by the subprocesses). The
machine is shared, so wall-clock figures are noisy: documents/s and the p50/p99 latencies are
counted in this thread's CPU time (`time.thread_time`: the time another process holds the core
does not count), each round times the thin pipeline and `check()` side by side, the ratio of the
two in the same round is the figure that counts, and the table gives the best and the median over
the rounds. Within a round the two take turns in ten slices each (`interleaved`), so that a
drift of the machine's speed slows both alike. Cold starts are wall-clock (a subprocess's CPU time
would miss its I/O).

The thin pipeline is the deliberately small validator the issue measures against: a jsonschema
Draft 2020-12 validator built per document over the document's string fields (and its items'),
the headline checksum (python-stdnum, or the ICAO 9303 check digits of an MRZ) and, for invoices, the sum of
the item amounts against the printed total. It does far less than `check()`: no aliases, no
normalisation, no named checks beyond one, no cross-field rules, no findings.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from stdnum.cn import uscc
from stdnum.iso7064 import mod_11_2

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"

# (label, doc type, fixture): the four documents issue 13 names.
DOCUMENTS = (
    ("cn_resident_id", "cn_resident_id", "clean"),
    ("cn_vat_invoice (3 items)", "cn_vat_invoice", "clean"),
    ("cn_passport (MRZ)", "cn_passport", "clean"),
    ("cn_digital_invoice", "cn_digital_invoice", "clean"),
    # 1,000 invoices with distinct values, taken in turn: what a cache of seen values adds is
    # the difference between this row and the one above it.
    ("cn_vat_invoice, 1,000 distinct", "cn_vat_invoice", "distinct"),
)


def pin_to_one_core() -> str:
    """Pin this process (and its children) to one core; say which."""
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return f"pinned to core {min(os.sched_getaffinity(0))}"
    except (AttributeError, OSError):  # not Linux: measured unpinned
        return "not pinned (no sched_setaffinity)"


def load_fields(doc_type: str, case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / doc_type / f"{case}.fields.json").read_text(encoding="utf-8"))
    return data


# ---------------------------------------------------------------------------- the thin pipeline
def _money(text: str) -> Decimal:
    return Decimal(text.replace("¥", "").replace(",", "").strip())


_MRZ_VALUES = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}


def _mrz_digit(text: str) -> str:
    return str(sum(_MRZ_VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(text)) % 10)


def _strings_schema(data: dict[str, Any]) -> dict[str, Any]:
    """An object schema requiring every string field of `data`, and of the items of its lists."""
    properties: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str):
            properties[key] = {"type": "string"}
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            properties[key] = {"type": "array", "items": _strings_schema(value[0])}
    return {"type": "object", "properties": properties, "required": sorted(properties)}


def _thin_schema(data: dict[str, Any]) -> list[Any]:
    return list(Draft202012Validator(_strings_schema(data)).iter_errors(data))


def _thin_items(data: dict[str, Any]) -> bool:
    total = sum((_money(item["金额"]) for item in data["items"]), Decimal(0))
    return total == _money(data["合计金额"])


def thin_resident_id(data: dict[str, Any]) -> bool:
    errors = _thin_schema(data)
    return not errors and mod_11_2.is_valid(data["公民身份号码"])


def thin_invoice(data: dict[str, Any]) -> bool:
    errors = _thin_schema(data)
    return not errors and uscc.is_valid(data["购买方纳税人识别号"]) and _thin_items(data)


def thin_digital_invoice(data: dict[str, Any]) -> bool:
    errors = _thin_schema(data)
    return not errors and uscc.is_valid(data["购买方统一社会信用代码/纳税人识别号"]) and _thin_items(data)


def thin_passport(data: dict[str, Any]) -> bool:
    errors = _thin_schema(data)
    line = data["机读码第二行"]
    digits = (line[0:9], line[9]), (line[13:19], line[19]), (line[21:27], line[27])
    return not errors and all(_mrz_digit(body) == digit for body, digit in digits)


# ------------------------------------------------------------- invoices with distinct values
def distinct_invoices(count: int, seed: int = 20261202) -> list[dict[str, Any]]:
    """`count` clean three-item VAT invoices, each with its own prices, amounts, taxes, totals,
    amount in words, number and issue day: a cache of values seen before (the amount in words'
    readings are remembered) gets no help from the repetition of one fixture."""
    import random

    from ocrcheck.checks.amount_in_words import to_words

    rng = random.Random(seed)
    base = load_fields("cn_vat_invoice", "clean")
    rates = {"13%": Decimal("0.13"), "6%": Decimal("0.06")}
    out = []
    for _ in range(count):
        doc = json.loads(json.dumps(base))
        excl = tax = Decimal(0)
        for item in doc["items"]:
            quantity = rng.randint(1, 60)
            price = Decimal(rng.randint(100, 99_999)) / 100
            amount = quantity * price
            line_tax = (amount * rates[item["税率"]]).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
            item.update({"数量": str(quantity), "单价": f"{price:.2f}", "金额": f"{amount:.2f}", "税额": f"{line_tax}"})
            excl, tax = excl + amount, tax + line_tax
        day = rng.randint(0, 1200)  # 2021-06-18 on: the code's year is 2021
        issued = date(2021, 6, 18) + timedelta(days=day)
        doc.update({
            "发票号码": f"{rng.randint(0, 99_999_999):08d}",
            "开票日期": f"{issued.year}年{issued.month:02d}月{issued.day:02d}日",
            "合计金额": f"¥{excl:.2f}", "合计税额": f"¥{tax:.2f}", "价税合计（小写）": f"¥{excl + tax:.2f}",
            "价税合计（大写）": "⊗" + to_words(excl + tax),
        })
        out.append(doc)
    return out


THIN: dict[str, Callable[[dict[str, Any]], bool]] = {
    "cn_resident_id": thin_resident_id,
    "cn_vat_invoice": thin_invoice,
    "cn_passport": thin_passport,
    "cn_digital_invoice": thin_digital_invoice,
}


# ------------------------------------------------------------------------------------- timing
def calls_within(func: Callable[[], object], seconds: float, batch: int = 5) -> tuple[int, float]:
    """(calls, CPU seconds of this thread): `func` called in batches until `seconds` have passed."""
    count, start = 0, time.thread_time()
    while (elapsed := time.thread_time() - start) < seconds:
        for _ in range(batch):
            func()
        count += batch
    return count, elapsed


def interleaved(first: Callable[[], object], second: Callable[[], object], seconds: float,
                slices: int = 10) -> tuple[float, float]:
    """Calls per second of this thread's CPU time of each function, timed in `slices` turns
    each (first, second, first, ...) within `seconds` apiece: the machine's speed drifts (a
    shared VM), and what drifts during a round slows both alike, so their ratio holds."""
    counts, times = [0, 0], [0.0, 0.0]
    for _ in range(slices):
        for index, func in enumerate((first, second)):
            count, elapsed = calls_within(func, seconds / slices)
            counts[index] += count
            times[index] += elapsed
    return counts[0] / times[0], counts[1] / times[1]


def latencies_us(func: Callable[[], object], count: int) -> tuple[float, float]:
    """(p50, p99) of single calls, in µs of this thread's CPU time."""
    samples = []
    clock = time.thread_time_ns
    for _ in range(count):
        start = clock()
        func()
        samples.append(clock() - start)
    samples.sort()
    return samples[len(samples) // 2] / 1000, samples[int(len(samples) * 0.99)] / 1000


def _child_env() -> dict[str, str]:
    # Bytecode is written and reused, as an installed package has it compiled (a session may run
    # with PYTHONDONTWRITEBYTECODE set, which would time the compiler instead of the import).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def timed_runs(argv: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """(wall-clock ms, CPU ms: user + system) of `argv` run to the end, `rounds` times (after one
    untimed run that leaves the bytecode cached)."""
    wall, cpu = [], []
    subprocess.run(argv, env=_child_env(), cwd=ROOT, capture_output=True, check=False)
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, env=_child_env(), cwd=ROOT, capture_output=True, check=False)
        wall.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return wall, cpu


def import_self_us() -> int | None:
    """`python -X importtime -c "import ocrcheck"`: the cumulative µs it reports for ocrcheck."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import ocrcheck"],
        env=_child_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in run.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == "ocrcheck":
            return int(parts[1])
    return None


# -------------------------------------------------------------------------------------- table
def measure(
    rounds: int = 7, seconds: float = 0.25, samples: int = 2000, *, engine: bool = True, cold: bool = True
) -> str:
    import ocrcheck  # imported here: the import is measured cold in a subprocess below

    lines = [
        f"ocrcheck speed (issue 13): {pin_to_one_core()}; {rounds} rounds of {seconds}s per pipeline; "
        f"python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.2f} at start",
        "docs/s per CPU-second: best = highest round; median = median round; "
        "ratio = check/s ÷ thin/s in the same round; p50/p99 = CPU µs of one check",
        "",
        f"{'document':<32} {'check/s best':>12} {'median':>8} {'thin/s best':>11} {'median':>8} "
        f"{'ratio best':>10} {'median':>7} {'p50 µs':>7} {'p99 µs':>7}",
    ]
    for label, doc_type, case in DOCUMENTS if engine else ():
        documents = distinct_invoices(1000) if case == "distinct" else [load_fields(doc_type, case)]
        thin = THIN[doc_type]
        for data in documents:
            assert thin(data), f"the thin pipeline rejects a {case} {doc_type}"
            assert ocrcheck.check(doc_type, data).status == "pass", f"a {case} {doc_type} does not pass"
        check_next, thin_next = itertools.cycle(documents).__next__, itertools.cycle(documents).__next__

        def run_check(doc_type: str = doc_type, next_doc: Callable[[], Any] = check_next) -> object:
            return ocrcheck.check(doc_type, next_doc())

        def run_thin(thin: Callable[[dict[str, Any]], bool] = thin, next_doc: Callable[[], Any] = thin_next) -> object:
            return thin(next_doc())

        for _ in range(200):  # warm caches, as a long-running service would have them
            run_check()
            run_thin()
        checks, thins, ratios = [], [], []
        for _ in range(rounds):
            c, t = interleaved(run_check, run_thin, seconds)
            checks.append(c)
            thins.append(t)
            ratios.append(c / t)
        p50, p99 = latencies_us(run_check, samples)
        lines.append(
            f"{label:<32} {max(checks):>12,.0f} {statistics.median(checks):>8,.0f} {max(thins):>11,.0f} "
            f"{statistics.median(thins):>8,.0f} {max(ratios):>9.2f}x {statistics.median(ratios):>6.2f}x "
            f"{p50:>7.1f} {p99:>7.1f}"
        )
    lines.append("")
    if not cold:
        return "\n".join(lines)
    runs = max(3, rounds)
    one_file = FIXTURES / "cn_resident_id" / "clean.openai.json"
    commands = (
        ("python -c pass (interpreter floor)", [sys.executable, "-c", "pass"]),
        # What a one-file check imports before a line of ours runs: the checks raise stdnum's
        # exceptions (whose package imports ssl, pydoc and pkgutil), the command line is argparse.
        ("stdnum + argparse (floor)", [sys.executable, "-c", _LIBRARY_FLOOR]),
        # What it no longer imports: Result and Finding are pydantic models (the library's
        # contract); the command line prints plain twins of them (`ocrcheck._records`).
        ("pydantic (not imported by the check)", [sys.executable, "-c", "from pydantic import BaseModel"]),
        ('python -c "import ocrcheck"', [sys.executable, "-c", "import ocrcheck"]),
        (
            "ocrcheck check (one resident ID file)",
            [sys.executable, "-m", "ocrcheck", "check", "--type", "cn_resident_id", str(one_file.relative_to(ROOT))],
        ),
    )
    head = f"cold start (ms, {runs} runs)"
    lines.append(f"{head:<40} {'wall best':>9} {'median':>7} {'CPU best':>9} {'median':>7}")
    for label, argv in commands:
        wall, cpu = timed_runs(argv, runs)
        walls = f"{min(wall):>9.1f} {statistics.median(wall):>7.1f}"
        lines.append(f"{label:<40} {walls} {min(cpu):>9.1f} {statistics.median(cpu):>7.1f}")
    self_us = import_self_us()
    if self_us is not None:
        lines.append(f"{'-X importtime: ocrcheck cumulative':<40} {self_us / 1000:>7.1f}")
    return "\n".join(lines)


_LIBRARY_FLOOR = "import stdnum.exceptions\nimport argparse"


def every_type(rounds: int = 5, seconds: float = 0.1) -> str:
    """check/s of each type's clean fixture (`fixtures/<type>/clean.fields.json`), slowest first:
    which type to profile (`--profile TYPE`). The best of `rounds` rounds of `seconds` of CPU."""
    import ocrcheck

    rows = []
    for folder in sorted(path for path in FIXTURES.iterdir() if (path / "clean.fields.json").is_file()):
        doc_type = folder.name
        data = load_fields(doc_type, "clean")
        status = ocrcheck.check(doc_type, data).status
        for _ in range(100):
            ocrcheck.check(doc_type, data)
        def run(doc_type: str = doc_type, data: dict[str, Any] = data) -> object:
            return ocrcheck.check(doc_type, data)

        rates = [calls_within(run, seconds) for _ in range(rounds)]
        rows.append((max(count / elapsed for count, elapsed in rates), doc_type, status))
    lines = [f"ocrcheck.check() of each type's clean fixture, slowest first ({pin_to_one_core()}; "
             f"best of {rounds} rounds of {seconds}s CPU)", f"{'document type':<36} {'check/s':>9} {'µs':>7}  status"]
    lines += [f"{doc_type:<36} {best:>9,.0f} {1e6 / best:>7.1f}  {status}" for best, doc_type, status in sorted(rows)]
    return "\n".join(lines)


def profile(doc_type: str, case: str = "clean", count: int = 3000, top: int = 25) -> str:
    """cProfile of `count` checks of one fixture, the `top` functions by own time."""
    import cProfile
    import io
    import pstats

    import ocrcheck

    data = load_fields(doc_type, case)
    for _ in range(200):
        ocrcheck.check(doc_type, data)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        ocrcheck.check(doc_type, data)
    profiler.disable()
    out = io.StringIO()
    out.write(f"cProfile: {count} × ocrcheck.check({doc_type!r}, {case} fixture), top {top} by tottime\n")
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=0.25)
    parser.add_argument("--profile", metavar="TYPE", help="print a cProfile of this type instead")
    parser.add_argument("--only", choices=("engine", "cold"), help="only the engine table or the cold starts")
    parser.add_argument("--types", action="store_true", help="print check/s of every type instead, slowest first")
    args = parser.parse_args(argv)
    if args.types:
        print(every_type())  # pinned as it starts, as `measure` is
        return 0
    if args.profile:
        pin_to_one_core()
        print(profile(args.profile))
        return 0
    print(measure(args.rounds, args.seconds, engine=args.only != "cold", cold=args.only != "engine"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
