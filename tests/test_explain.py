"""Self-describing types (issue 8 item 6): `ocrcheck types --format json`, `ocrcheck explain TYPE`
and docs/types.md, all generated from the registries and the loaded rule files.

The expectations are read from the same sources the engine uses (the schema, the rule file, the
check and rule registries), never written out here, so the tests fail when explain drifts from
what a type really checks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ocrcheck.checks import check_info, check_names
from ocrcheck.cli import main
from ocrcheck.crossfield import get_rule, rule_names
from ocrcheck.doctypes import get_doctype, list_doctypes
from ocrcheck.explain import render_catalogue
from ocrcheck.typepath import ENV

ROOT = Path(__file__).resolve().parent.parent
TYPES_MD = ROOT / "docs" / "types.md"


@pytest.fixture(autouse=True)
def _built_in_types_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_every_built_in_check_and_rule_says_what_it_checks_and_by_which_standard() -> None:
    for name in check_names():
        info = check_info(name)
        if info.module.startswith("ocrcheck."):
            assert info.description and "\n" not in info.description, name
            assert info.standard, f"check {name!r} names no source standard"
    for name in rule_names():
        rule = get_rule(name)
        if rule.module.startswith("ocrcheck."):
            assert rule.description and rule.standard, f"rule {name!r}"


def test_types_json_lists_every_type_with_title_and_origin(capsys: pytest.CaptureFixture[str]) -> None:
    listed = run_json(capsys, "types", "--format", "json")
    assert [t["doc_type"] for t in listed] == list_doctypes()  # type: ignore[union-attr,index]
    for entry in listed:  # type: ignore[union-attr]
        assert entry["title"] == get_doctype(entry["doc_type"]).title
        assert entry["origin"] == "built-in"


@pytest.mark.parametrize("doc_type", ["cn_vat_invoice", "cn_resident_id", "cn_taxi_receipt", "us_passport"])
def test_explain_json_is_the_rule_file_and_schema(capsys: pytest.CaptureFixture[str], doc_type: str) -> None:
    info = run_json(capsys, "explain", doc_type, "--format", "json")
    assert isinstance(info, dict)
    doctype = get_doctype(doc_type)
    properties = doctype.schema["properties"]
    fields = {f["path"]: f for f in info["fields"]}
    assert set(properties) <= set(fields)
    for key in doctype.required:
        assert fields[key]["required"] is True
    for path, rule in doctype.fields.items():
        assert fields[path]["kind"] == rule.kind
    for key, prop in properties.items():
        assert fields[key]["aliases"] == prop.get("x-aliases", [])
    wanted = {(name, path) for path, rule in doctype.fields.items() for name in (*rule.checks, *rule.warnings)}
    listed = {(c["name"], path) for c in info["checks"] for path in c["fields"]}
    assert wanted <= listed
    for check in info["checks"]:
        assert (check["description"], check["standard"]) == (
            check_info(check["name"]).description, check_info(check["name"]).standard)  # fmt: skip
    assert [r["name"] for r in info["rules"]] == [use.name for use in doctype.cross]
    for rule, use in zip(info["rules"], doctype.cross, strict=True):
        assert rule["severity"] == use.severity
        assert {**rule["fields"], **rule["options"]} == use.options
        assert rule["standard"] == get_rule(use.name).standard


def test_explain_text_of_the_resident_id_names_its_standard(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "cn_resident_id"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"cn_resident_id: {get_doctype('cn_resident_id').title}\n")
    assert "GB 11643-1999" in out and "ISO 7064 MOD 11-2" in out
    assert re.search(r"^  id_number +identifier +required", out, re.M)
    for use in get_doctype("cn_resident_id").cross:
        assert f"  {use.name}: " in out


def test_explain_an_unknown_type_or_no_type_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "../rules/x"]) == 2
    assert main(["explain"]) == 2
    assert "unknown document type" in capsys.readouterr().err


def test_docs_types_md_is_generated_from_the_registries() -> None:
    """Regenerate with `ocrcheck explain --all --format markdown > docs/types.md`."""
    assert TYPES_MD.read_text(encoding="utf-8") == render_catalogue()


def test_docs_types_md_names_every_type_and_check_in_use() -> None:
    text = TYPES_MD.read_text(encoding="utf-8")
    for doc_type in list_doctypes():
        assert f'<a id="{doc_type}"></a>' in text
        for rule in get_doctype(doc_type).fields.values():
            for name in rule.checks:
                assert f"| `{name}` | " in text and check_info(name).standard in text


def test_the_command_writes_what_the_test_compares(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--all", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == render_catalogue()
