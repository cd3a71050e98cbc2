"""The catalogue contract, generated from the registries: every document type, check and rule,
the moment it exists.

`tests/data/catalogue_keys.json` is the field-key contract of `shared/keys.md` (the public names
integrators read `fields[...]` by), one entry per type still to build when it was written: the keys
that must exist and the keys that must be required. Every type that `list_doctypes()` knows is held
to it, and to what every type owes its users: a title in Chinese and English, a description per
field, a `result_schema` the service can fill without truncation (nesting ≤ 3), a clean fixture that
passes, an expected verdict beside every case, and a line in `ocrcheck types`. Its schema's
`required` names properties, its `x-aliases` are lists of strings and each label names one field.
Every module of `ocrcheck.checks` and `ocrcheck.crossfield` has its doctests run here, every check
module has some, and a name registered twice is a `ConfigError` naming both modules. (Elsewhere,
from the same registries: every fixture's verdict, tests/test_golden.py; descriptions and
standards, tests/test_explain.py; rules' parameter kinds, tests/engine/test_kinds.py.)
"""

from __future__ import annotations

import doctest
import importlib
import json
import pkgutil
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import ocrcheck.checks
import ocrcheck.crossfield
from ocrcheck import ConfigError, check
from ocrcheck.checks import register
from ocrcheck.cli import main
from ocrcheck.crossfield import cross_rule
from ocrcheck.doctypes import data_dir, fold_label, get_doctype, list_doctypes, load_doctype

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
def test_schema_is_a_valid_json_schema_and_loads_as_a_user_type_would(doc_type: str) -> None:
    # A bundled type is not checked against the metaschema when it loads (a cold start would pay
    # for jsonschema's import and walk): this is that check, and the full load of a user's type.
    bundled = get_doctype(doc_type)
    Draft202012Validator.check_schema(bundled.schema)
    checked = load_doctype(doc_type, data_dir("schemas"), data_dir("rules"))
    assert checked.digest == bundled.digest and checked.fields == bundled.fields


def test_every_bundled_schema_file_is_a_valid_json_schema() -> None:
    # The shared schemas `$ref`s name too (schemas/_common/), when there are any.
    files = sorted(data_dir("schemas").rglob("*.json"))
    assert len(files) >= len(TYPES)
    for path in files:
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("doc_type", TYPES)
def test_required_names_properties_and_aliases_are_lists_naming_one_field(doc_type: str) -> None:
    schema = get_doctype(doc_type).schema
    lists = [(key, prop["items"]) for key, prop in schema["properties"].items() if isinstance(prop.get("items"), dict)]
    levels = [("", schema)] + [(f"{key}[].", items) for key, items in lists]
    for prefix, level in levels:
        properties = level.get("properties", {})
        missing = [key for key in level.get("required", []) if key not in properties]
        assert not missing, f"{doc_type}: required names no property {[prefix + k for k in missing]}"
        owner: dict[str, str] = {}
        for key, prop in properties.items():
            aliases = prop.get("x-aliases", [])
            assert isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases), (
                f"{doc_type}: {prefix}{key}.x-aliases must be a list of labels")
            for label in [key, *aliases]:
                other = owner.setdefault(fold_label(label), key)
                assert other == key, f"{doc_type}: label {label!r} names {prefix}{other} and {prefix}{key}"


@pytest.mark.parametrize("doc_type", TYPES)
def test_clean_fixture_passes_and_every_case_has_a_verdict(doc_type: str) -> None:
    folder = data_dir("fixtures") / doc_type
    clean = folder / "clean.expected.json"
    assert clean.is_file(), f"{doc_type}: no fixtures/{doc_type}/clean.expected.json"
    verdict = json.loads(clean.read_text(encoding="utf-8"))
    assert verdict["status"] == "pass"
    data = json.loads((folder / "clean.fields.json").read_text(encoding="utf-8"))
    result = check(doc_type, data, as_of=verdict.get("as_of"))  # judged on the day the case names
    assert result.status == "pass", f"{doc_type}: the clean fixture goes to review: {result.findings}"
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


# ------------------------------------------------------------------- checks and rules


def _modules(package: ModuleType) -> list[str]:
    return [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]


MODULES = _modules(ocrcheck.checks) + _modules(ocrcheck.crossfield)


@pytest.mark.parametrize("name", MODULES)
def test_every_module_of_checks_and_rules_passes_its_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL)
    assert result.failed == 0
    public_check_module = name.startswith("ocrcheck.checks.") and not name.rpartition(".")[2].startswith("_")
    if public_check_module:
        assert result.attempted > 0, f"{name}: a check module shows its checks on examples (doctests)"


def test_the_doctest_collection_covers_both_packages() -> None:
    assert "ocrcheck.checks.resident_id" in MODULES and "ocrcheck.crossfield.general" in MODULES
    assert len(MODULES) >= 40


def test_a_check_registered_twice_is_a_config_error_naming_both_modules() -> None:
    other = {"__name__": "someone_elses.checks", "register": register}
    with pytest.raises(ConfigError) as info:
        exec("register('resident_id', str.upper)", other)
    assert info.value.key == "resident_id"
    assert "ocrcheck.checks.resident_id" in str(info.value) and "someone_elses.checks" in str(info.value)
    register("resident_id", ocrcheck.checks.get_check("resident_id"))  # the same function again: no error,
    info = ocrcheck.checks.check_info("resident_id")  # and the registration stays as it was
    assert info.module == "ocrcheck.checks.resident_id" and "GB 11643-1999" in info.standard


def test_a_cross_rule_registered_twice_is_a_config_error_naming_both_modules() -> None:
    other = {"__name__": "someone_elses.rules", "cross_rule": cross_rule}
    with pytest.raises(ConfigError) as info:
        exec("@cross_rule('date_order', fields=('earlier', 'later'))\ndef again(fields, p):\n    return []", other)
    assert info.value.key == "date_order"
    assert "ocrcheck.crossfield.general" in str(info.value) and "someone_elses.rules" in str(info.value)
