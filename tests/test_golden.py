"""Golden tests: every fixture beside its hand-written expected verdict, in every wire format.

`fixtures/<type>/<case>.<wire>.json` is checked against `<case>.expected.json`: the status, the
exact set of (field, code) pairs of error and warning findings, and optionally a subset of the
normalised fields. Every case written as fields must exist in all three wire formats too.

A case is judged on its `as_of` (`"as_of": "2024-12-01"` in the expected file: a card that has
expired since it was written is still a clean card on that day), else on the suite's day.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocrcheck.doctypes import list_doctypes
from ocrcheck.pipeline import check_response

ROOT = Path(__file__).resolve().parent.parent / "fixtures"
WIRES = ("fields", "dashscope", "openai", "responses")
# Only folders named after a document type hold golden cases (others hold tables, LaTeX, images).
TYPE_DIRS = [ROOT / name for name in list_doctypes() if (ROOT / name).is_dir()]


def _cases() -> list[tuple[str, Path, Path]]:
    out = []
    for expected in sorted(e for folder in TYPE_DIRS for e in folder.glob("*.expected.json")):
        case = expected.name[: -len(".expected.json")]
        for wire in WIRES:
            source = expected.with_name(f"{case}.{wire}.json")
            if source.exists():
                out.append((f"{expected.parent.name}/{case}.{wire}", source, expected))
    return out


CASES = _cases()


@pytest.mark.parametrize(("name", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_fixture_verdict(name: str, source: Path, expected: Path) -> None:
    want = json.loads(expected.read_text(encoding="utf-8"))
    doc_type = source.parent.name
    raw = source.read_text(encoding="utf-8")
    if source.name.endswith(".fields.json"):
        raw = json.loads(raw)
    result = check_response(raw, doc_type, source=name, as_of=want.get("as_of"))
    got = {(f.field, f.code) for f in result.findings if f.severity in ("error", "warning")}
    assert got == {(f["field"], f["code"]) for f in want["findings"]}, result.findings
    assert result.status == want["status"]
    for key, value in want.get("fields", {}).items():
        assert result.fields.get(key) == value, key
    for finding in want["findings"]:
        if "suggestion" in finding:
            match = [f for f in result.findings if (f.field, f.code) == (finding["field"], finding["code"])]
            assert match[0].suggestion == finding["suggestion"]


def test_every_fields_case_is_wrapped_in_every_wire_format() -> None:
    missing = [
        f"{p.parent.name}/{p.name[: -len('.fields.json')]}.{wire}.json"
        for folder in TYPE_DIRS
        for p in folder.glob("*.fields.json")
        for wire in WIRES[1:]
        if not p.with_name(p.name.replace(".fields.json", f".{wire}.json")).exists()
    ]
    assert not missing, "run scripts/wrap_fixtures.py: " + ", ".join(missing[:5])


def test_every_fixture_has_an_expected_verdict() -> None:
    orphans = [
        str(p.relative_to(ROOT))
        for folder in TYPE_DIRS
        for p in folder.glob("*.json")
        if not p.name.endswith(".expected.json") and not p.with_name(p.name.split(".")[0] + ".expected.json").exists()
    ]
    assert not orphans, orphans
