"""Vehicle nameplate rules through `ocrcheck.pipeline.check` (domain.md §0.5, §1.5, §3.2)."""

from __future__ import annotations

import pytest

from ocrcheck.checks import vin as vin_module
from ocrcheck.crossfield import rule_names
from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.crossfield.vehicle import vin_model_year
from ocrcheck.pipeline import check

from ..conftest import SUITE_TODAY

VIN_2018 = "LFV2A21K4J3056789"  # position 10 J: model year 2018
PLATE = {"vin": VIN_2018, "brand": "示例牌", "model": "FV7152FADBG", "manufacture_date": "2018年5月"}


def with_year_code(vin: str, code: str) -> str:
    """`vin` with position 10 replaced and the check digit recomputed."""
    body = vin[:9] + code + vin[10:]
    return body[:8] + vin_module.calc_check_digit(body) + body[9:]


def found(result) -> set[tuple[str, str, str]]:
    return {(f.field, f.code, f.severity) for f in result.findings}


def test_rule_is_registered() -> None:
    assert "vin_model_year" in rule_names()


def test_clean_nameplate_passes() -> None:
    result = check("cn_vehicle_nameplate", PLATE)
    assert result.status == "pass", result.findings
    assert result.findings == []
    assert result.fields["manufacture_date"] == "2018-05"


@pytest.mark.parametrize(
    ("made", "ok"),
    [("2018年5月", True), ("2017年12月", True), ("2016-12", False), ("2019-01", False), ("2019年1月", False)],
)
def test_vin_model_year_is_manufacture_year_or_next(made: str, ok: bool) -> None:
    result = check("cn_vehicle_nameplate", {**PLATE, "manufacture_date": made})
    assert (("vin", "mismatch", "warning") in found(result)) is not ok, result.findings
    assert result.status == "pass"


def test_vin_model_year_finding_names_expected_and_found() -> None:
    result = check("cn_vehicle_nameplate", {**PLATE, "manufacture_date": "2016-03"})
    found = result.findings[0]
    assert found.variant == "vin_model_year"
    assert (found.ctx["model_year"], found.ctx["year"], found.ctx["next_year"]) == (2018, 2016, 2017)


def test_year_code_that_is_not_one_warns_only_where_it_is_mandatory() -> None:
    chinese = with_year_code(VIN_2018, "0")  # 0 is never a model-year code
    assert vin_module.is_valid(chinese)
    assert found(check("cn_vehicle_nameplate", {**PLATE, "vin": chinese})) == {("vin", "mismatch", "warning")}
    european = "WVWZZZ1KZZM123456"  # Z in position 10: Europe does not code the year
    assert found(check("cn_vehicle_nameplate", {**PLATE, "vin": european})) == {("vin", "checksum", "warning")}


def test_rule_returns_nothing_without_both_values() -> None:
    params = RuleParams("vin_model_year", "warning", {"vin": "vin", "date": "made"})
    assert vin_model_year({"vin": VIN_2018}, params) == []
    assert vin_model_year({"made": "2018-05"}, params) == []
    assert len(vin_model_year({"vin": VIN_2018, "made": "2010-05"}, params)) == 1


# ------------------------------------------------------------------------------------- VIN


def test_european_vin_with_filler_check_digit_is_a_warning_only() -> None:
    result = check("cn_vehicle_nameplate", {**PLATE, "vin": "WVWZZZ1KZ8M123456", "manufacture_date": "2007-11"})
    assert found(result) == {("vin", "checksum", "warning")}
    assert result.status == "pass"


def test_chinese_vin_with_wrong_check_digit_is_an_error() -> None:
    result = check("cn_vehicle_nameplate", {**PLATE, "vin": VIN_2018[:8] + "5" + VIN_2018[9:]})
    assert found(result) == {("vin", "checksum", "error")}


def test_illegible_check_digit_gets_the_one_repair() -> None:
    result = check("cn_vehicle_nameplate", {**PLATE, "vin": VIN_2018[:8] + "?" + VIN_2018[9:]})
    assert found(result) == {("vin", "illegible", "error")}
    assert result.findings[0].suggestion == VIN_2018


# ------------------------------------------------------------------------ manufacture date


@pytest.mark.parametrize("made", ["2018年5月", "2018年05月", "2018-05", "2018.5", "2018/05", "201805", "2018年5月20日"])
def test_manufacture_date_forms(made: str) -> None:
    result = check("cn_vehicle_nameplate", {**PLATE, "manufacture_date": made})
    assert result.fields["manufacture_date"] == "2018-05", result.findings
    assert result.status == "pass"


@pytest.mark.parametrize("made", ["2018年13月", "2018年0月", "2018年2月30日"])
def test_impossible_manufacture_date(made: str) -> None:
    result = check("cn_vehicle_nameplate", {**PLATE, "manufacture_date": made})
    assert found(result) == {("manufacture_date", "date", "error")}


def test_manufacture_month_in_the_future() -> None:
    made = f"{SUITE_TODAY.year + 1}年1月"
    result = check("cn_vehicle_nameplate", {**PLATE, "manufacture_date": made})
    assert ("manufacture_date", "date", "error") in found(result)


def test_manufacture_date_that_is_no_month() -> None:
    result = check("cn_vehicle_nameplate", {**PLATE, "manufacture_date": "五月"})
    assert found(result) == {("manufacture_date", "format", "error")}


def test_missing_manufacture_date() -> None:
    result = check("cn_vehicle_nameplate", {**PLATE, "manufacture_date": None})
    assert found(result) == {("manufacture_date", "missing", "error")}
