"""Normalisation is idempotent: a result's own `fields`, checked again, give the same result.

Stored results are re-checked when a rule changes; a clean document must pass again, and a
defective one must keep exactly its findings. So for every fixture of every type, in every wire
format, `check(t, check(t, f).fields)` equals `check(t, f)`: status, fields and findings. A
finding's `value` is the raw value as received, which on the re-check is by definition the
normalised one, so it is the one attribute left out of the comparison.

The Hypothesis property extends this from the fixtures to documents made from them: values
nulled, blanked, spaced out, written full-width, swapped in from another fixture of the same
type, or replaced by OCR-like text (digits, letters, CJK date marks, `?`, `*`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocrcheck import engine
from ocrcheck._models import Result
from ocrcheck.doctypes import data_dir, list_doctypes
from ocrcheck.parse import parse_response
from ocrcheck.pipeline import check

WIRES = ("fields", "dashscope", "openai", "responses")


def _fixtures() -> list[tuple[str, Path]]:
    out = []
    for doc_type in list_doctypes():
        for path in sorted((data_dir("fixtures") / doc_type).glob("*.json")):
            if path.name.split(".")[-2] in WIRES:
                out.append((doc_type, path))
    return out


FIXTURES = _fixtures()


def _fields_of(path: Path) -> dict[str, Any] | None:
    raw: Any = path.read_text(encoding="utf-8")
    if path.name.endswith(".fields.json"):
        raw = json.loads(raw)
    fields = parse_response(raw).fields
    return fields if isinstance(fields, dict) else None  # a cut or unparseable answer has none


def _as_of(path: Path) -> str | None:
    """The day a case is judged on (`as_of` in its expected file: a card valid then), as the
    golden test judges it."""
    expected = path.with_name(path.name.split(".")[0] + ".expected.json")
    return json.loads(expected.read_text(encoding="utf-8")).get("as_of") if expected.is_file() else None


def _verdict(result: Result) -> tuple[str, Any, list[dict[str, Any]]]:
    return result.status, result.fields, [f.model_dump(exclude={"value"}) for f in result.findings]


def assert_idempotent(doc_type: str, data: dict[str, Any], as_of: str | None = None) -> Result:
    first = check(doc_type, data, as_of=as_of)
    again = check(doc_type, first.fields, as_of=as_of)
    assert _verdict(again) == _verdict(first)
    return first


def test_every_type_has_fixtures_to_check() -> None:
    types = {doc_type for doc_type, _ in FIXTURES}
    assert types == set(list_doctypes())
    assert len(FIXTURES) >= 2 * len(types)


@pytest.mark.parametrize(("doc_type", "path"), FIXTURES, ids=[f"{t}/{p.name}" for t, p in FIXTURES])
def test_checking_a_results_own_fields_gives_the_same_result(doc_type: str, path: Path) -> None:
    data = _fields_of(path)
    if data is None:
        pytest.skip("no fields: the answer was cut or unparseable")
    assert_idempotent(doc_type, data, _as_of(path))


def test_amount_in_words_stays_words_and_a_clean_invoice_passes_again() -> None:
    path = data_dir("fixtures") / "cn_vat_invoice" / "clean.fields.json"
    data = _fields_of(path)
    assert data is not None
    first = assert_idempotent("cn_vat_invoice", data, _as_of(path))
    assert first.status == "pass"
    words = first.fields["total_amount_in_words"]
    assert words != first.fields["total_amount"] and "圆" in words


# ------------------------------------------------------------------------ the property

FIELD_CASES = [(t, p) for t, p in FIXTURES if p.name.endswith(".fields.json") and _fields_of(p)]
# Values seen per (type, key): swapping one in from another fixture makes realistic defects.
SEEN: dict[tuple[str, str], list[Any]] = {}
for _type, _path in FIELD_CASES:
    for _key, _value in (_fields_of(_path) or {}).items():
        SEEN.setdefault((_type, _key), []).append(_value)

OCR_TEXT = st.text(
    alphabet=st.sampled_from("0123456789XxAB -./:年月日时分元整?*？＊１２Ａ　长期男女"), max_size=24
)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, Any], str | None]:
    doc_type, path = draw(st.sampled_from(FIELD_CASES))
    data = dict(_fields_of(path) or {})
    keys = sorted(data)
    for key in draw(st.lists(st.sampled_from(keys), max_size=4, unique=True)):
        value = data[key]
        how = draw(st.sampled_from(["null", "blank", "spaced", "full_width", "swap", "ocr", "drop"]))
        if how == "drop":
            del data[key]
        elif how == "null":
            data[key] = None
        elif how == "blank":
            data[key] = ""
        elif how == "swap":
            data[key] = draw(st.sampled_from(SEEN[(doc_type, key)]))
        elif how == "ocr":
            data[key] = draw(OCR_TEXT)
        elif isinstance(value, str):
            if how == "spaced":
                data[key] = " ".join(value)
            else:  # printable ASCII to its full-width form, as OCR output sometimes has it
                data[key] = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)
    return doc_type, data, _as_of(path)


@pytest.fixture
def no_suggestions(monkeypatch: pytest.MonkeyPatch) -> None:
    # Repair suggestions try hundreds of candidates per finding and never change a verdict.
    monkeypatch.setattr(engine, "_suggest", lambda name, value: None)


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(documents())
def test_idempotence_holds_for_documents_made_from_the_fixtures(
    no_suggestions: None, document: tuple[str, dict[str, Any], str | None]
) -> None:
    assert_idempotent(*document)
