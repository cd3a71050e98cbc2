"""Policies overlay the rule files: severities, masking, min_age, which warnings count; the
ruleset version in every result; a bad policy file is a ConfigError naming the file and the key."""

from __future__ import annotations

import json
import shutil
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from stdnum.iso7064 import mod_11_2

import ocrcheck
from ocrcheck import ConfigError, Verdict
from ocrcheck.cli import main
from ocrcheck.doctypes import data_dir, load_doctype
from ocrcheck.engine import check_fields
from ocrcheck.policy import load_policy, parse_policy, shipped_policies

from .conftest import SUITE_TODAY

ROOT = Path(__file__).resolve().parent.parent


def make_id(birth: date, region: str = "110101", sequence: str = "123") -> str:
    body = f"{region}{birth:%Y%m%d}{sequence}"
    return body + mod_11_2.calc_check_digit(body)


def card(birth: date = date(1990, 3, 15), **changes: Any) -> dict[str, Any]:
    data = {
        "name": "张三", "sex": "男", "ethnicity": "汉", "birth_date": birth.isoformat(), "address": "北京市东城区",
        "id_number": make_id(birth), "issuing_authority": "北京市公安局东城分局",
        "valid_from": "2016-07-01", "valid_until": "2036-07-01",
    }
    data.update(changes)
    return data


def found(result: ocrcheck.Result) -> set[tuple[str, str, str]]:
    return {(f.field, f.code, f.severity) for f in result.findings}


def policy_file(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------- shipped


def test_kyc_and_audit_ship_and_load() -> None:
    assert {"kyc", "audit"} <= set(shipped_policies())
    for name in ("kyc", "audit"):
        policy = load_policy(name)
        assert policy.name == name and policy.description and len(policy.digest) == 64
        assert policy.source == f"policies/{name}.toml"  # never an absolute path


def test_kyc_turns_an_unknown_region_warning_into_an_error() -> None:
    unknown_region = card(id_number=make_id(date(1990, 3, 15), region="110199"))
    plain = ocrcheck.check("cn_resident_id", unknown_region)
    assert plain.status == "pass" and ("id_number", "format", "warning") in found(plain)
    kyc = ocrcheck.check("cn_resident_id", unknown_region, policy="kyc")
    assert kyc.status == "review" and ("id_number", "format", "error") in found(kyc)
    region = [v for v in kyc.verdicts if v.check == "resident_id_region"]
    assert region == [Verdict("resident_id_region", "id_number", "failed", "format", "error")]
    assert kyc.meta["policy"] == "kyc" and "policy" not in plain.meta


def test_kyc_needs_an_adult_on_the_day_judged() -> None:
    birth = date(2007, 6, 2)  # 18 on 2025-06-02
    data = card(birth, valid_from="2023-07-01", valid_until="2033-07-01")
    young = ocrcheck.check("cn_resident_id", data, policy="kyc", as_of="2025-06-01")
    assert found(young) == {("birth_date", "range", "error")}
    assert Verdict("min_age", "birth_date", "failed", "range") in young.verdicts
    assert "17" in young.findings[0].message and "18" in young.findings[0].message
    adult = ocrcheck.check("cn_resident_id", data, policy="kyc", as_of="2025-06-02")
    assert adult.status == "pass", adult.findings
    assert Verdict("min_age", "birth_date", "passed") in adult.verdicts
    # Without the policy a minor's card is simply a card.
    assert ocrcheck.check("cn_resident_id", data, as_of="2025-06-01").status == "pass"


def test_min_age_skipped_without_a_trusted_birth_date_and_not_due_without_the_field() -> None:
    result = ocrcheck.check("cn_resident_id", card(birth_date="1990-02-30"), policy="kyc")
    assert Verdict("min_age", "birth_date", "skipped", "input_failed") in result.verdicts
    missing = ocrcheck.check("cn_resident_id", card(birth_date=None), policy="kyc")
    assert Verdict("min_age", "birth_date", "skipped", "missing") in missing.verdicts
    invoice = json.loads((ROOT / "fixtures" / "cn_vat_invoice" / "clean.fields.json").read_text("utf-8"))
    assert not [v for v in ocrcheck.check("cn_vat_invoice", invoice, policy="kyc").verdicts if v.check == "min_age"]


def test_kyc_refuses_masked_numbers_a_type_allows() -> None:
    ticket = json.loads((ROOT / "fixtures" / "cn_train_ticket" / "clean.fields.json").read_text("utf-8"))
    assert ocrcheck.check("cn_train_ticket", ticket).status == "pass"
    kyc = ocrcheck.check("cn_train_ticket", ticket, policy="kyc")
    assert ("id_number", "masked", "error") in found(kyc)
    assert {v.reason for v in kyc.verdicts if v.field == "id_number"} == {"masked"}


def test_audit_keeps_an_expired_card_a_warning() -> None:
    expired = card(valid_from="2006-07-01", valid_until="2016-07-01", birth_date="1990-03-15")
    assert ocrcheck.check("cn_resident_id", expired).status == "review"
    audit = ocrcheck.check("cn_resident_id", expired, policy="audit")
    assert audit.status == "pass" and found(audit) == {("valid_until", "expired", "warning")}
    assert [v.severity for v in audit.verdicts if v.check == "not_expired"] == ["warning"]


# ------------------------------------------------------------------------------- overlays


def test_a_policy_file_overlays_a_severity_without_copying_the_rules(tmp_path: Path) -> None:
    path = policy_file(tmp_path, '[checks]\nresident_id_sex = "warning"\n')
    wrong_sex = card(sex="女")
    assert ocrcheck.check("cn_resident_id", wrong_sex).status == "review"
    result = ocrcheck.check("cn_resident_id", wrong_sex, policy=path)
    assert result.status == "pass" and found(result) == {("sex", "mismatch", "warning")}
    assert result.meta["policy"] == "mine"  # the file's stem unless it says `name`
    assert ocrcheck.check("cn_resident_id", wrong_sex, policy=str(path)).status == "pass"
    assert ocrcheck.check("cn_resident_id", wrong_sex, policy=load_policy(path)).status == "pass"


def test_which_entry_wins(tmp_path: Path) -> None:
    wrong_sex = card(sex="女")  # a `mismatch` of the rule `resident_id_sex`

    def severity(text: str) -> str:
        policy = parse_policy(tomllib.loads(text), "p.toml", "p")
        (finding,) = ocrcheck.check("cn_resident_id", wrong_sex, policy=policy).findings
        return finding.severity

    assert severity('[codes]\nmismatch = "warning"\n') == "warning"
    assert severity('[codes]\nmismatch = "warning"\n[checks]\nresident_id_sex = "info"\n') == "info"
    assert severity('[checks]\nresident_id_sex = "info"\n[types.cn_resident_id.codes]\nmismatch = "warning"\n') == \
        "warning"
    assert severity('[types.cn_resident_id.codes]\nmismatch = "info"\n[types.cn_resident_id.checks]\n'
                    'resident_id_sex = "warning"\n') == "warning"
    assert severity('[types.cn_passport.codes]\nmismatch = "info"\n') == "error"  # another type's entry
    assert severity('fail_on_warnings = true\n[codes]\nmismatch = "warning"\n') == "error"
    assert severity('fail_on_warnings = ["mismatch"]\n[codes]\nmismatch = "warning"\n') == "error"
    assert severity('fail_on_warnings = ["format"]\n[codes]\nmismatch = "warning"\n') == "warning"


def test_masking_per_field(tmp_path: Path) -> None:
    ticket = json.loads((ROOT / "fixtures" / "cn_train_ticket" / "clean.fields.json").read_text("utf-8"))
    strict = policy_file(tmp_path, '[types.cn_train_ticket]\nmasked = { id_number = "error" }\n')
    assert ("id_number", "masked", "error") in found(ocrcheck.check("cn_train_ticket", ticket, policy=strict))
    lenient = policy_file(tmp_path, '[types.cn_resident_id]\nmasked = { id_number = "allow" }\n', "lenient.toml")
    masked = card(id_number="1101011990****1233")
    assert ("id_number", "masked", "error") in found(ocrcheck.check("cn_resident_id", masked))
    allowed = ocrcheck.check("cn_resident_id", masked, policy=lenient)
    assert "masked" not in allowed.codes()
    assert {v.reason for v in allowed.verdicts if v.field == "id_number"} == {"masked"}  # skipped, and said so


def test_parse_findings_are_weighed_too(tmp_path: Path) -> None:
    path = policy_file(tmp_path, '[codes]\nunparseable = "warning"\n')
    result = ocrcheck.check_response("no fields at all", "cn_resident_id", policy=path)
    assert result.status == "pass" and result.meta["policy"] == "mine"


# ------------------------------------------------------------------------------ bad policies


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("colour = 'red'\n", "colour"),
        ("[codes]\nnot_a_code = 'error'\n", "codes.not_a_code"),
        ("[codes]\nexpired = 'fatal'\n", "codes.expired"),
        ("[checks]\nno_such_check = 'error'\n", "checks.no_such_check"),
        ("codes = 3\n", "codes"),
        ("min_age = -1\n", "min_age"),
        ("min_age = '18'\n", "min_age"),
        ("min_age = true\n", "min_age"),
        ("fail_on_warnings = ['nope']\n", "fail_on_warnings"),
        ("fail_on_warnings = 'yes'\n", "fail_on_warnings"),
        ("masked = 'allow'\n", "masked"),
        ("name = 'Not A Name'\n", "name"),
        ("[types.no_such_type]\nmin_age = 18\n", "types.no_such_type"),
        ("[types.cn_resident_id]\ncolour = 1\n", "types.cn_resident_id.colour"),
        ("[types.cn_resident_id.masked]\nno_field = 'allow'\n", "types.cn_resident_id.masked.no_field"),
        ("[types.cn_resident_id.masked]\nid_number = 'sometimes'\n", "types.cn_resident_id.masked.id_number"),
        ("[types.cn_resident_id.checks]\nresident_id = 'loud'\n", "types.cn_resident_id.checks.resident_id"),
        ("[codes\n", "(syntax)"),
    ],
)
def test_bad_policy_is_a_config_error_naming_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = policy_file(tmp_path, text, "bad.toml")
    with pytest.raises(ConfigError) as caught:
        load_policy(path)
    assert (caught.value.path, caught.value.key) == (str(path), key)
    with pytest.raises(ConfigError):  # at load time: before any document is checked
        ocrcheck.check("cn_resident_id", card(), policy=path)


def test_missing_policies_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_policy(tmp_path / "absent.toml")
    assert caught.value.key == "(file)"
    with pytest.raises(ConfigError) as caught:
        load_policy("no_such_policy")
    assert "kyc" in str(caught.value)


def test_an_edited_policy_file_is_read_again(tmp_path: Path) -> None:
    path = policy_file(tmp_path, "min_age = 18\n")
    first = load_policy(path)
    assert load_policy(path) is first
    path.write_text("min_age = 21\n# longer now\n", encoding="utf-8")
    assert load_policy(path).overlay("cn_resident_id").min_age == 21


# --------------------------------------------------------------------------- ruleset version


def _copy_type(tmp_path: Path, name: str = "cn_resident_id") -> tuple[Path, Path]:
    schemas, rules = tmp_path / "schemas", tmp_path / "rules"
    schemas.mkdir()
    rules.mkdir()
    shutil.copy(data_dir("schemas") / f"{name}.json", schemas)
    shutil.copy(data_dir("rules") / f"{name}.toml", rules)
    return schemas, rules


def test_ruleset_is_stable_and_changes_with_a_rule(tmp_path: Path) -> None:
    schemas, rules = _copy_type(tmp_path)
    first = check_fields(load_doctype("cn_resident_id", schemas, rules), card()).meta["ruleset"]
    assert first == ocrcheck.check("cn_resident_id", card()).meta["ruleset"]  # the bundled files, as loaded
    assert first == check_fields(load_doctype("cn_resident_id", schemas, rules), card(sex="女")).meta["ruleset"]
    toml = rules / "cn_resident_id.toml"
    text = toml.read_text("utf-8")
    toml.write_text("# a comment changes no rule\n" + text, encoding="utf-8")
    assert check_fields(load_doctype("cn_resident_id", schemas, rules), card()).meta["ruleset"] == first
    toml.write_text(text.replace('rule = "resident_id_sex"', 'rule = "resident_id_sex"\nseverity = "warning"'),
                    encoding="utf-8")
    changed = check_fields(load_doctype("cn_resident_id", schemas, rules), card()).meta["ruleset"]
    assert changed != first
    schema = schemas / "cn_resident_id.json"
    schema.write_text(schema.read_text("utf-8").replace('"姓名 (name)"', '"姓名 (full name)"'), encoding="utf-8")
    assert check_fields(load_doctype("cn_resident_id", schemas, rules), card()).meta["ruleset"] not in (first, changed)


def test_ruleset_includes_the_policy(tmp_path: Path) -> None:
    plain = ocrcheck.check("cn_resident_id", card()).meta["ruleset"]
    kyc = ocrcheck.check("cn_resident_id", card(), policy="kyc").meta["ruleset"]
    path = policy_file(tmp_path, "min_age = 18\n")
    mine = ocrcheck.check("cn_resident_id", card(), policy=path).meta["ruleset"]
    assert len({plain, kyc, mine}) == 3
    assert ocrcheck.check("cn_resident_id", card(sex="女"), policy="kyc").meta["ruleset"] == kyc
    path.write_text("min_age = 19\n", encoding="utf-8")
    assert ocrcheck.check("cn_resident_id", card(), policy=path).meta["ruleset"] != mine


# ------------------------------------------------------------------------------ command line


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_policy_by_name_and_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    answer = tmp_path / "card.json"
    answer.write_text(json.dumps(card(date(2010, 1, 1), valid_from="2020-01-01", valid_until="2025-01-01")),
                      encoding="utf-8")  # a 10-year-old's card, valid on the suite's day? no: expired
    code, out, _ = run_cli(capsys, "check", "-t", "cn_resident_id", "-f", "json", "--policy", "kyc",
                           "--as-of", "2024-06-01", str(answer))
    doc = json.loads(out)
    assert code == 1
    assert doc["meta"]["policy"] == "kyc" and doc["meta"]["as_of"] == "2024-06-01"
    assert {(f["field"], f["code"]) for f in doc["findings"]} == {("birth_date", "range")}
    lenient = policy_file(tmp_path, "min_age = 10\n")
    code, out, _ = run_cli(capsys, "check", "-t", "cn_resident_id", "-f", "json", "--policy", str(lenient),
                           "--as-of", "2024-06-01", str(answer))
    assert code == 0 and json.loads(out)["meta"]["policy"] == "mine"


@pytest.mark.parametrize("command", [("check",), ("scan",), ("batch", "--out", "never.jsonl")])
def test_cli_bad_policy_exits_2_naming_file_and_key(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DASHSCOPE_API_KEY", "sk-test-not-used")
    policy_file(tmp_path, "[codes]\nexpired = 'fatal'\n", "bad.toml")
    answer = policy_file(tmp_path, json.dumps(card()), "card.json")
    code, out, err = run_cli(capsys, *command, "-t", "cn_resident_id", "--policy", "bad.toml", str(answer))
    assert code == 2 and out == ""
    assert err.strip() == "ocrcheck: bad.toml: codes.expired: severity must be one of error, warning, info"
    assert not (tmp_path / "never.jsonl").exists()


def test_suite_day_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", "-t", "cn_resident_id", "-f", "json", "--policy", "kyc",
                           str(ROOT / "fixtures" / "cn_resident_id" / "clean.fields.json"))
    assert code == 0 and json.loads(out)["meta"]["as_of"] == SUITE_TODAY.isoformat()


def test_the_readme_policy_example_loads() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    block = text.split("**Policies.**", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    policy = parse_policy(tomllib.loads(block), "README.md", "readme")
    assert policy.name == "kyc" and policy.overlay("cn_vat_invoice").type_codes == {"schema": "error"}


def test_the_ruleset_travels_with_a_pickled_type() -> None:
    import pickle

    from ocrcheck.doctypes import get_doctype

    doctype = get_doctype("cn_resident_id")
    copy = pickle.loads(pickle.dumps(doctype))
    assert copy.digest == doctype.digest and len(doctype.digest) == 64
    assert check_fields(copy, card()).meta["ruleset"] == ocrcheck.check("cn_resident_id", card()).meta["ruleset"]


@pytest.mark.parametrize("option", [("--as-of", "2024-01-01"), ("--policy", "kyc")])
def test_revalidation_refuses_what_it_does_not_apply(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                     option: tuple[str, str]) -> None:
    archive = policy_file(tmp_path, "", "results.jsonl")
    code, out, err = run_cli(capsys, "batch", "--revalidate", str(archive), "--out", str(tmp_path / "new.jsonl"),
                             *option)
    assert code == 2 and out == "" and "--revalidate" in err
    assert not (tmp_path / "new.jsonl").exists()
