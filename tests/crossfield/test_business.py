"""Business licence rules through `ocrcheck.pipeline.check` (domain.md §0.2, §1.2, §7.1)."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import uscc

from ocrcheck.crossfield import rule_names
from ocrcheck.crossfield.business import expected_prefixes, parse_term
from ocrcheck.pipeline import check
from ocrcheck.values import ValueProblem

from ..conftest import SUITE_TODAY

LICENCE = {
    "credit_code": "91330106MA2GL8P35J",
    "name": "杭州示例网络科技有限公司",
    "company_type": "有限责任公司（自然人投资或控股）",
    "legal_representative": "王五",
    "registered_capital": "壹佰万元整",
    "established_date": "2016年03月15日",
    "business_term": "2016年03月15日至长期",
    "address": "浙江省杭州市西湖区示例路88号",
    "registration_authority": "杭州市西湖区市场监督管理局",
    "registration_date": "2020年07月01日",
}


def found(result) -> set[tuple[str, str, str]]:
    return {(f.field, f.code, f.severity) for f in result.findings}


def test_rules_are_registered() -> None:
    assert {"credit_code_entity_type", "business_term_start", "date_order"} <= set(rule_names())


def test_clean_licence_passes() -> None:
    result = check("cn_business_licence", LICENCE)
    assert result.status == "pass", result.findings
    assert result.findings == []
    assert result.fields["established_date"] == "2016-03-15"


def test_letter_prefixed_credit_code_is_valid_though_stdnum_rejects_it() -> None:
    code = "N2330105MF12345676"
    assert not uscc.is_valid(code)  # the regression domain.md §0.2 describes
    doc = {**LICENCE, "credit_code": code, "company_type": "村级集体经济组织", "name": "示例村股份经济合作社"}
    result = check("cn_business_licence", doc)
    assert result.status == "pass", result.findings
    assert result.findings == []


# ------------------------------------------------------------------ credit_code_entity_type


@pytest.mark.parametrize(
    ("company_type", "code", "ok"),
    [
        ("有限责任公司（自然人投资或控股）", "91330106MA2GL8P35J", True),
        ("个体工商户", "92330106MA2H9C6E05", True),
        ("个体工商户", "91310115MA1K3E5U9K", False),
        ("农民专业合作社", "93330127MA2J4D7N89", True),
        ("农民专业合作社", "92330106MA2H9C6E05", False),
        ("股份有限公司（上市）", "92330106MA2H9C6E05", False),
        ("股份经济合作社", "N2330105MF12345676", True),
        ("股份经济合作社", "93330127MA2J4D7N89", False),
        ("普通合伙企业", "91310115MA1K3E5U9K", True),
        ("其他", "92330106MA2H9C6E05", True),  # a type we cannot place: no opinion
    ],
)
def test_credit_code_entity_type(company_type: str, code: str, ok: bool) -> None:
    result = check("cn_business_licence", {**LICENCE, "company_type": company_type, "credit_code": code})
    assert (("credit_code", "mismatch", "warning") in found(result)) is not ok, result.findings
    assert result.status == "pass"


def test_expected_prefixes() -> None:
    assert expected_prefixes("个体工商户") == ("92",)
    assert expected_prefixes("农民专业合作社联合社") == ("93",)
    assert expected_prefixes("有限责任公司分公司") == ("91",)
    assert "N2" in expected_prefixes("村经济联合社")
    assert expected_prefixes("事业单位") == ()


def test_entity_type_rule_skips_a_code_that_failed_its_own_check() -> None:
    doc = {**LICENCE, "company_type": "个体工商户", "credit_code": "91330106MA2GL8P35K"}
    assert found(check("cn_business_licence", doc)) == {("credit_code", "checksum", "error")}


# ------------------------------------------------------------------------------ date order


@pytest.mark.parametrize(
    ("registered", "ok"), [("2016年03月15日", True), ("2016年03月14日", False), ("2016-03-16", True)]
)
def test_registration_not_before_establishment(registered: str, ok: bool) -> None:
    result = check("cn_business_licence", {**LICENCE, "registration_date": registered})
    assert (("registration_date", "date", "error") in found(result)) is not ok, result.findings


def test_registration_date_in_the_future_is_an_error() -> None:
    future = date(SUITE_TODAY.year + 1, 1, 1).isoformat()
    result = check("cn_business_licence", {**LICENCE, "registration_date": future})
    assert ("registration_date", "date", "error") in found(result)


# --------------------------------------------------------------------- business_term_start


@pytest.mark.parametrize(
    "term",
    [
        "2016年03月15日至长期",
        "2016年03月15日 至 长期",
        "2016年3月15日至2036年3月14日",
        "自2016年03月15日起至2036年03月14日止",
        "2016-03-15 至 2046-03-14",
        "长期",
        "永久",
    ],
)
def test_terms_starting_on_the_established_date_pass(term: str) -> None:
    result = check("cn_business_licence", {**LICENCE, "business_term": term})
    assert result.findings == [], result.findings


@pytest.mark.parametrize("term", ["2016年03月16日至长期", "2016年03月14日至2036年03月13日"])
def test_term_starting_on_another_day_is_a_warning(term: str) -> None:
    result = check("cn_business_licence", {**LICENCE, "business_term": term})
    assert found(result) == {("business_term", "mismatch", "warning")}
    assert result.status == "pass"


def test_term_ending_before_it_starts_is_a_date_warning() -> None:
    result = check("cn_business_licence", {**LICENCE, "business_term": "2016年03月15日至2006年03月14日"})
    assert found(result) == {("business_term", "date", "warning")}


def test_term_with_an_impossible_date_is_a_date_warning() -> None:
    result = check("cn_business_licence", {**LICENCE, "business_term": "2016年02月30日至长期"})
    assert found(result) == {("business_term", "date", "warning")}


def test_parse_term() -> None:
    assert parse_term("2015年03月12日至长期") == (date(2015, 3, 12), "长期")
    assert parse_term("2015年03月12日至2035年03月11日") == (date(2015, 3, 12), date(2035, 3, 11))
    assert parse_term("长期") is None
    assert parse_term("2015年03月12日至某日") is None
    with pytest.raises(ValueProblem):
        parse_term("2015年02月30日至长期")


# ---------------------------------------------------------------------- fields and labels


def test_missing_credit_code_and_old_registration_number() -> None:
    doc = {**LICENCE, "credit_code": None, "registration_number": "110108000000016"}
    result = check("cn_business_licence", doc)
    assert found(result) == {("credit_code", "missing", "error")}
    assert result.fields["registration_number"] == "110108000000016"
    bad = check("cn_business_licence", {**LICENCE, "registration_number": "110108000000017"})
    assert found(bad) == {("registration_number", "checksum", "error")}


def test_embedded_organisation_code_failure_is_a_warning() -> None:
    result = check("cn_business_licence", {**LICENCE, "credit_code": "91330106MA2GL8P36M"})
    assert found(result) == {("credit_code", "checksum", "warning")}
    assert result.status == "pass"


def test_chinese_and_english_labels_map_to_our_keys() -> None:
    chinese = {"统一社会信用代码": LICENCE["credit_code"], "名称": "示例", "成立日期": "2016年03月15日",
               "登记机关": "杭州市西湖区市场监督管理局", "营业期限": "2016年03月15日至长期", "类型": "有限责任公司"}
    english = {"Unified Social Credit Code": LICENCE["credit_code"], "Company Name": "示例",
               "Date of Establishment": "2016-03-15", "Registration Authority": "杭州市西湖区市场监督管理局",
               "Business Term": "2016年03月15日至长期", "Company Type": "有限责任公司"}
    for doc in (chinese, english):
        result = check("cn_business_licence", doc)
        assert result.status == "pass", result.findings
        assert result.findings == []
        assert result.fields["credit_code"] == LICENCE["credit_code"]
