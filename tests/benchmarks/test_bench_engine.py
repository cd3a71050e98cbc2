"""Throughput of the checking path, with ratios against baselines measured in the same run.

Run with `make bench`. Prints figures; asserts nothing about time (speed is measured, not tested).
Baselines: `json.loads` of the same answer (the floor for any parser), and the JSON Schema
validation alone (what a schema-only validator would cost), so the ratios say what parsing,
normalisation, named checks and cross-field rules add.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from ocrcheck.doctypes import get_doctype, list_doctypes
from ocrcheck.parse import parse_response
from ocrcheck.pipeline import check_response

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def per_second(func: Callable[[], object], seconds: float = 0.5) -> float:
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(20):
            func()
        count += 20
    return count / elapsed


def test_bench_check_response_per_type() -> None:
    print()
    head = ("type", "json.loads/s", "schema only/s", "parse/s", "check/s", "check vs schema")
    print(f"{head[0]:<24} {head[1]:>13} {head[2]:>14} {head[3]:>10} {head[4]:>10} {head[5]:>16}")
    for doc_type in list_doctypes():
        clean = FIXTURES / doc_type / "clean.openai.json"
        if not clean.exists():
            continue
        raw = clean.read_text(encoding="utf-8")
        doctype = get_doctype(doc_type)
        fields = check_response(raw, doc_type).fields
        loads = per_second(lambda raw=raw: json.loads(raw))
        schema = per_second(lambda doctype=doctype, fields=fields: list(doctype.validator.iter_errors(fields)))
        parse = per_second(lambda raw=raw: parse_response(raw))
        check = per_second(lambda raw=raw, doc_type=doc_type: check_response(raw, doc_type))
        ratio = schema / check
        print(f"{doc_type:<24} {loads:>13,.0f} {schema:>14,.0f} {parse:>10,.0f} {check:>10,.0f} {ratio:>15.1f}x")


def test_bench_schema_fast_path_against_jsonschema() -> None:
    """The compiled yes/no predicate against jsonschema's walk, on each type's clean fields."""
    print()
    print(f"{'type':<24} {'jsonschema/s':>13} {'compiled/s':>12} {'speed-up':>9}")
    for doc_type in list_doctypes():
        clean = FIXTURES / doc_type / "clean.openai.json"
        if not clean.exists():
            continue
        doctype = get_doctype(doc_type)
        fast = doctype.fast_valid
        assert fast is not None
        fields = check_response(clean.read_text(encoding="utf-8"), doc_type).fields
        walk = per_second(lambda doctype=doctype, fields=fields: list(doctype.validator.iter_errors(fields)))
        compiled = per_second(lambda fast=fast, fields=fields: fast(fields))
        print(f"{doc_type:<24} {walk:>13,.0f} {compiled:>12,.0f} {compiled / walk:>8.1f}x")
