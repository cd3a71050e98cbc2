"""The catalogue contract, generated from the registry: every document type, the moment it exists.

`tests/data/catalogue_keys.json` is the field-key contract of `shared/keys.md` (the public names
integrators read `fields[...]` by), one entry per type still to build when it was written: the keys
that must exist and the keys that must be required. Every type that `list_doctypes()` knows is held
to it, and to what every type owes its users: a title in Chinese and English, a description per
field, a `result_schema` the service can fill without truncation (nesting ≤ 3), a clean fixture that
passes, an expected verdict beside every case, and a line in `ocrcheck types`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ocrcheck.cli import main
from ocrcheck.doctypes import data_dir, get_doctype, list_doctypes

ROOT = Path(__file__).resolve().parent.parent
CONTRACT: dict[str, dict[str, list[str]]] = json.loads(
    (Path(__file__).parent / "data" / "catalogue_keys.json").read_text(encoding="utf-8")
)
TYPES = list_doctypes()
CONTRACTED = [t for t in TYPES if t in CONTRACT]
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{2,}")


def _properties(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every field path of a schema: `key`, and `list[].key` for the fields of list items."""
    out: dict[str, dict[str, Any]] = {}
    for key, prop in schema.get("properties", {}).items():
        out[key] = prop
        items = prop.get("items")
        if isinstance(items, dict):
            for sub, sub_prop in items.get("properties", {}).items():
                out[f"{key}[].{sub}"] = sub_prop
    return out


def _required(schema: dict[str, Any]) -> set[str]:
    out = set(schema.get("required", []))
    for key, prop in schema.get("properties", {}).items():
        items = prop.get("items")
        if isinstance(items, dict):
            out |= {f"{key}[].{sub}" for sub in items.get("required", [])}
    return out


def _depth(prop: dict[str, Any]) -> int:
    """Levels of the `result_schema` template this property becomes (a plain value is one level)."""
    types = prop.get("type")
    types = types if isinstance(types, list) else [types]
    if "object" in types:
        return 1 + max((_depth(p) for p in prop.get("properties", {}).values()), default=0)
    if "array" in types:
        return 1 + _depth(prop.get("items", {}))
    return 1


def test_the_contract_names_every_type_of_the_catalogue() -> None:
    # 52 types still to build when keys.md was written, plus the first eight: 60 in all.
    assert len(CONTRACT) == 52
    assert all(c["required"] and set(c["required"]) <= set(c["keys"]) for c in CONTRACT.values())


@pytest.mark.parametrize("doc_type", CONTRACTED)
def test_schema_has_every_contract_key(doc_type: str) -> None:
    schema = get_doctype(doc_type).schema
    missing = [k for k in CONTRACT[doc_type]["keys"] if k not in _properties(schema)]
    assert not missing, f"{doc_type}: keys.md names {missing}"


@pytest.mark.parametrize("doc_type", CONTRACTED)
def test_required_is_the_contract_required_column(doc_type: str) -> None:
    required = _required(get_doctype(doc_type).schema)
    contract = CONTRACT[doc_type]
    assert set(contract["required"]) <= required, f"{doc_type}: must require {contract['required']}"
    assert required <= set(contract["keys"]), f"{doc_type}: requires keys outside the contract"


@pytest.mark.parametrize("doc_type", TYPES)
def test_title_names_the_document_in_its_language_and_english(doc_type: str) -> None:
    title = get_doctype(doc_type).title
    assert LATIN.search(title), title
    if doc_type.startswith(("cn_", "hk_", "mo_")) or doc_type in ("bank_card", "credit_card"):
        assert CJK.search(title), title


@pytest.mark.parametrize("doc_type", TYPES)
def test_every_field_is_described_for_the_model(doc_type: str) -> None:
    props = _properties(get_doctype(doc_type).schema)
    undescribed = [k for k, p in props.items() if not str(p.get("description", "")).strip()]
    assert not undescribed, undescribed
    if doc_type.startswith("cn_"):
        no_label = [k for k, p in props.items() if not CJK.search(p["description"])]
        assert not no_label, f"{doc_type}: no Chinese label in {no_label}"
    bad_aliases = [k for k, p in props.items() if not all(isinstance(a, str) and a for a in p.get("x-aliases", []))]
    assert not bad_aliases, bad_aliases


@pytest.mark.parametrize("doc_type", TYPES)
def test_result_schema_fits_the_service_nesting_limit(doc_type: str) -> None:
    schema = get_doctype(doc_type).schema
    deepest = max(_depth(p) for p in schema["properties"].values())
    assert deepest <= 3, f"{doc_type}: result_schema would be cut at level 3 (nesting {deepest})"


@pytest.mark.parametrize("doc_type", TYPES)
def test_clean_fixture_passes_and_every_case_has_a_verdict(doc_type: str) -> None:
    folder = data_dir("fixtures") / doc_type
    clean = folder / "clean.expected.json"
    assert clean.is_file(), f"{doc_type}: no fixtures/{doc_type}/clean.expected.json"
    assert json.loads(clean.read_text(encoding="utf-8"))["status"] == "pass"
    cases = {p.name.split(".")[0] for p in folder.glob("*.fields.json")}
    assert "clean" in cases and len(cases) >= 2, f"{doc_type}: a clean case and at least one defect"
    assert all((folder / f"{c}.expected.json").is_file() for c in cases)
    defects = [c for c in cases if json.loads((folder / f"{c}.expected.json").read_text("utf-8"))["findings"]]
    assert defects, f"{doc_type}: no defect fixture exercises a check"


@pytest.mark.parametrize("doc_type", TYPES)
def test_every_check_of_the_rule_file_has_a_failing_fixture(doc_type: str) -> None:
    """Each named error check of a type is exercised by at least one of its defect fixtures."""
    doctype = get_doctype(doc_type)
    folder = data_dir("fixtures") / doc_type
    failing = {
        f["field"]
        for p in folder.glob("*.expected.json")
        for f in json.loads(p.read_text(encoding="utf-8"))["findings"]
    }
    bases = {re.sub(r"\[\d+\]", "[]", f) for f in failing}
    checked = [path for path, rule in doctype.fields.items() if rule.checks]
    unexercised = [p for p in checked if p not in bases]
    assert not unexercised, f"{doc_type}: no defect fixture fails the checks of {unexercised}"


def test_types_command_lists_every_type_with_its_title(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["types"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.strip()}
    for doc_type in TYPES:
        assert doc_type in lines
        assert get_doctype(doc_type).title in lines[doc_type]
