"""Verdicts per check: every check and rule that was due is listed, passed, failed or skipped."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import ocrcheck
from ocrcheck import Result, Verdict
from ocrcheck._models import OUTCOMES, SKIP_REASONS
from ocrcheck.cli import main
from ocrcheck.doctypes import get_doctype, list_doctypes, load_doctype
from ocrcheck.engine import check_fields

from .conftest import RULES, SCHEMA, write_doctype

ROOT = Path(__file__).resolve().parent.parent.parent / "fixtures"
INVOICE = json.loads((ROOT / "cn_vat_invoice" / "clean.fields.json").read_text("utf-8"))
CARD = {
    "name": "张三", "sex": "男", "ethnicity": "汉", "birth_date": "1990-03-15",
    "address": "北京市东城区景山前街4号", "id_number": "110101199003151233",
    "issuing_authority": "北京市公安局东城分局", "valid_from": "2016-07-01", "valid_until": "2036-07-01",
}


def verdict(result: Result, check: str, field: str = "", inputs: tuple[str, ...] | None = None) -> Verdict:
    found = [v for v in result.verdicts if v.check == check and v.field == field
             and (inputs is None or v.inputs == inputs)]
    assert len(found) == 1, (check, field, result.verdicts)
    return found[0]


def test_a_passing_invoice_shows_its_checksums_ran() -> None:
    result = ocrcheck.check("cn_vat_invoice", INVOICE)
    assert result.status == "pass"
    for field in ("seller_tax_id", "buyer_tax_id"):
        assert verdict(result, "tax_id", field) == Verdict("tax_id", field, "passed")
        assert verdict(result, "tax_id_structure", field).severity == "warning"
    assert verdict(result, "schema").outcome == "passed"
    total = verdict(result, "total_is_sum")
    assert (total.outcome, total.inputs) == ("passed", ("total_excl_tax", "total_tax", "total_amount"))
    assert {v.outcome for v in result.verdicts} == {"passed"}


def test_a_checksum_failure_is_a_failed_verdict_with_its_code() -> None:
    result = ocrcheck.check("cn_vat_invoice", {**INVOICE, "seller_tax_id": "91110108MA01ABCDE1"})
    assert verdict(result, "tax_id", "seller_tax_id").outcome == "failed"
    assert verdict(result, "tax_id", "seller_tax_id").reason in ("checksum", "format")
    # Its warning did not run on a value that already failed.
    assert verdict(result, "tax_id_structure", "seller_tax_id").reason == "earlier_check_failed"


def test_a_missing_field_skips_its_checks() -> None:
    data = {k: v for k, v in INVOICE.items() if k not in ("校验码", "check_code")}
    result = ocrcheck.check("cn_vat_invoice", data)
    assert verdict(result, "check_code", "check_code") == Verdict("check_code", "check_code", "skipped", "missing")
    null = ocrcheck.check("cn_vat_invoice", {**data, "check_code": None})
    assert verdict(null, "check_code", "check_code").reason == "missing"


def test_a_failed_input_skips_the_cross_rule_that_depends_on_it() -> None:
    bad_number = CARD["id_number"][:-1] + "4"  # wrong check digit
    result = ocrcheck.check("cn_resident_id", {**CARD, "id_number": bad_number})
    assert verdict(result, "resident_id", "id_number") == Verdict("resident_id", "id_number", "failed", "checksum")
    assert verdict(result, "resident_id_region", "id_number").outcome == "skipped"
    assert verdict(result, "resident_id_birth_date").reason == "input_failed"
    assert verdict(result, "resident_id_sex").reason == "input_failed"
    # A rule whose inputs are all there still judges.
    assert verdict(result, "date_order", inputs=("valid_from", "valid_until")).outcome == "passed"


@pytest.mark.parametrize(("value", "reason"), [
    ("1101011990****1233", "masked"), ("11010119900315123?", "illegible"), ("1101", "failed"),
    (["110101199003151233"], "unreadable"), ("", "missing"),
])
def test_why_a_value_was_not_checked(value: Any, reason: str) -> None:
    result = ocrcheck.check("cn_resident_id", {**CARD, "id_number": value})
    got = verdict(result, "resident_id", "id_number")
    assert (got.outcome if reason == "failed" else got.reason) == reason
    if reason != "failed":
        assert got.outcome == "skipped"
        assert verdict(result, "resident_id_sex").outcome == "skipped"


def test_masked_values_run_their_masked_checks() -> None:
    ticket = json.loads((ROOT / "cn_train_ticket" / "clean.fields.json").read_text("utf-8"))
    result = ocrcheck.check("cn_train_ticket", ticket)
    rule = get_doctype("cn_train_ticket").fields["id_number"]
    assert rule.masked == "allow" and rule.masked_checks
    for name in rule.masked_checks:
        assert verdict(result, name, "id_number").outcome == "passed"
    for name in rule.checks:
        assert verdict(result, name, "id_number") == Verdict(name, "id_number", "skipped", "masked")


def test_a_whole_printed_period_counts_as_both_ends() -> None:
    card = {k: v for k, v in CARD.items() if not k.startswith("valid_")}
    result = ocrcheck.check("cn_resident_id", {**card, "validity_period": "2016.07.01-2036.07.01"})
    assert verdict(result, "id_card_validity").outcome == "passed"
    assert verdict(result, "not_expired").outcome == "passed"
    neither = ocrcheck.check("cn_resident_id", card)
    assert verdict(neither, "id_card_validity").reason == "missing"
    assert verdict(neither, "not_expired").reason == "missing"


def test_a_cross_finding_is_a_failed_verdict() -> None:
    result = ocrcheck.check("cn_resident_id", {**CARD, "sex": "女"})
    assert verdict(result, "resident_id_sex") == Verdict(
        "resident_id_sex", "", "failed", "mismatch", "error", ("id_number", "sex"))


def test_item_checks_have_one_verdict_per_item(tmp_path: Path) -> None:
    rules = RULES.replace('[fields."items[].amount"]\nkind = "amount"',
                          '[fields."items[].label"]\nkind = "identifier"\nchecks = ["test_mod10"]')
    toy = load_doctype("toy", *write_doctype(tmp_path, SCHEMA, rules))
    data = {"number": "19", "issue_date": "2024-01-02", "items": [{"amount": "1", "label": "55"},
                                                                  {"amount": "2", "label": "56"}, {"amount": "3"}]}
    result = check_fields(toy, data)
    assert [(v.field, v.outcome, v.reason) for v in result.verdicts if v.check == "test_mod10"] == [
        ("number", "passed", None), ("items[0].label", "passed", None), ("items[1].label", "failed", "checksum"),
        ("items[2].label", "skipped", "missing")]
    # No item at all: the rule file's path, skipped as missing.
    empty = check_fields(toy, {"number": "19", "issue_date": "2024-01-02"})
    assert Verdict("test_mod10", "items[].label", "skipped", "missing") in empty.verdicts
    # The date order rule had no expiry date: skipped, not passed.
    assert Verdict("date_order", "", "skipped", "missing", "error", ("issue_date", "expiry_date")) in empty.verdicts


# ------------------------------------------------------------------- every type, every fixture


def _due(doc_type: str) -> set[str]:
    doctype = get_doctype(doc_type)
    names = {n for rule in doctype.fields.values() for n in (*rule.checks, *rule.warnings)}
    return names | {use.name for use in doctype.cross} | {"schema"}


def _fixtures() -> list[tuple[str, Path]]:
    return [(t, p) for t in list_doctypes() for p in sorted((ROOT / t).glob("*.fields.json"))]


@pytest.mark.parametrize("doc_type", list_doctypes())
def test_every_check_of_a_type_appears_in_its_clean_fixtures_verdicts(doc_type: str) -> None:
    path = ROOT / doc_type / "clean.fields.json"
    want = json.loads(path.with_name("clean.expected.json").read_text("utf-8"))
    result = ocrcheck.check(doc_type, json.loads(path.read_text("utf-8")), as_of=want.get("as_of"))
    assert _due(doc_type) <= {v.check for v in result.verdicts}
    assert not [v for v in result.verdicts if v.outcome == "failed" and v.severity == "error"]
    # One verdict per use of a rule (`date_order` twice is two verdicts), none invented.
    assert len([v for v in result.verdicts if not v.field and v.check != "schema"]) == len(get_doctype(doc_type).cross)


@pytest.mark.parametrize(("doc_type", "path"), _fixtures(), ids=[f"{t}/{p.name}" for t, p in _fixtures()])
def test_failed_verdicts_and_findings_agree(doc_type: str, path: Path) -> None:
    """A field check failed exactly when it left a finding on that field; a cross rule likewise."""
    want = json.loads(path.with_name(path.name.replace(".fields.json", ".expected.json")).read_text("utf-8"))
    result = ocrcheck.check(doc_type, json.loads(path.read_text("utf-8")), as_of=want.get("as_of"))
    checks = {n for rule in get_doctype(doc_type).fields.values() for n in (*rule.checks, *rule.warnings,
                                                                            *rule.masked_checks)}
    failed_fields = {(v.field, v.check) for v in result.verdicts if v.outcome == "failed" and v.field}
    found_fields = {(f.field, f.rule) for f in result.findings if f.rule in checks}
    assert failed_fields == found_fields
    rules = {use.name for use in get_doctype(doc_type).cross}
    failed_rules = {v.check for v in result.verdicts if v.outcome == "failed" and not v.field and v.check != "schema"}
    assert failed_rules == {f.rule for f in result.findings if f.rule in rules}
    for v in result.verdicts:
        assert v.outcome in OUTCOMES
        assert v.outcome != "skipped" or v.reason in SKIP_REASONS
        assert (v.outcome == "passed") is (v.reason is None)
        assert re.fullmatch(r"[a-z_0-9]+(\[\d*\])?(\.[a-z_0-9]+)?|", v.field), v.field


# ------------------------------------------------------------------------ shape and output


def test_verdicts_survive_json_round_trips() -> None:
    result = ocrcheck.check("cn_vat_invoice", INVOICE)
    again = Result.model_validate_json(result.model_dump_json())
    assert again.verdicts == result.verdicts and all(type(v) is Verdict for v in again.verdicts)
    dumped = result.model_dump(mode="json")["verdicts"][0]
    assert set(dumped) == {"check", "field", "outcome", "reason", "severity", "inputs"}


@pytest.mark.parametrize("bad", [[{"check": "x", "field": "", "outcome": "maybe"}], [{"check": "x"}], ["passed"], 3])
def test_verdicts_read_back_are_checked(bad: Any) -> None:
    with pytest.raises(ValueError):
        Result(doc_type="x", status="pass", fields={}, findings=[], verdicts=bad)


def test_json_output_lists_the_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "cn_vat_invoice" / "clean.fields.json"
    assert main(["check", "-t", "cn_vat_invoice", "-f", "json", str(path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"check": "tax_id", "field": "seller_tax_id", "outcome": "passed", "reason": None, "severity": "error",
            "inputs": []} in doc["verdicts"]
    assert doc["verdicts"] == [v.to_dict() for v in ocrcheck.check("cn_vat_invoice", INVOICE).verdicts]


def test_batch_results_keep_the_verdicts_and_the_day(tmp_path: Path) -> None:
    from ocrcheck.batch import run_sync

    answer = tmp_path / "invoice.json"
    answer.write_text(json.dumps(INVOICE, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "results.jsonl"
    summary = run_sync([str(answer)], doc_type="cn_vat_invoice", out=out, as_of="2025-03-01")
    assert summary.clean
    (record,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert record["meta"]["as_of"] == "2025-03-01"
    assert record["verdicts"] == [v.to_dict() for v in ocrcheck.check("cn_vat_invoice", INVOICE).verdicts]
