from ocrcheck.checks import register
from ocrcheck.doctypes import DocType, load_doctype
from ocrcheck.engine import check_fields

from .conftest import SCHEMA, write_doctype


def codes(result) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in result.findings:
        out.setdefault(f.field, []).append(f.code)
    return out


GOOD = {
    "Number": "1234",
    "签发日期": "2024年1月2日",
    "expiry_date": "2034.01.01",
    "total": "¥1,000",
    "name": "Li",
    "items": [{"金额": "1.5"}],
}


def test_clean_document_passes_with_normalised_fields(toy: DocType) -> None:
    result = check_fields(toy, GOOD)
    assert result.status == "pass", result.findings
    assert result.fields == {
        "number": "1234",
        "issue_date": "2024-01-02",
        "expiry_date": "2034-01-01",
        "total": "1000.00",
        "name": "Li",
        "items": [{"amount": "1.50"}],
    }


def test_checksum_failure_goes_to_review_on_the_named_field(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "Number": "1235"})
    assert result.status == "review"
    assert codes(result) == {"number": ["checksum"]}
    finding = result.findings[0]
    assert (finding.value, finding.rule, finding.severity) == ("1235", "test_mod10", "error")


def test_question_mark_is_illegible_and_not_checked(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "Number": "12?4"})
    assert codes(result) == {"number": ["illegible"]}


def test_null_in_required_field_is_missing(toy: DocType) -> None:
    for empty in (None, "null", "", "  "):
        assert codes(check_fields(toy, {**GOOD, "Number": empty})) == {"number": ["missing"]}
    absent = {k: v for k, v in GOOD.items() if k != "签发日期"}
    assert codes(check_fields(toy, absent)) == {"issue_date": ["missing"]}


def test_null_in_optional_field_is_fine(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "total": None})
    assert result.status == "pass"
    assert result.fields["total"] is None


def test_masked_value_is_an_error_by_default(toy: DocType) -> None:
    assert codes(check_fields(toy, {**GOOD, "Number": "12**"})) == {"number": ["masked"]}


def test_bad_date_is_a_date_finding_not_a_schema_one(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "签发日期": "2024-02-30"})
    assert codes(result) == {"issue_date": ["date"]}


def test_cross_rule_sees_only_trusted_values(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "expiry_date": "2020-01-01"})
    assert codes(result) == {"expiry_date": ["date"]}
    assert result.findings[0].rule == "date_order"
    # When the issue date itself is broken, the order rule stays silent (one finding, not two).
    result = check_fields(toy, {**GOOD, "签发日期": "junk", "expiry_date": "2020-01-01"})
    assert codes(result) == {"issue_date": ["date"]}


def test_schema_errors_keep_their_path(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "name": "A much too long name"})
    assert codes(result) == {"name": ["schema"]}
    assert result.findings[0].rule.endswith("maxLength")


def test_items_are_checked_with_indexed_paths(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "items": [{"金额": "1"}, {"金额": "x"}, {"label": "no amount"}, "junk"]})
    assert codes(result) == {"items[1].amount": ["format"], "items[2].amount": ["missing"], "items[3]": ["schema"]}


def test_unknown_keys_are_kept_and_reported_as_warnings(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "Colour": "red"})
    assert result.status == "pass"
    assert result.fields["Colour"] == "red"
    assert codes(result) == {"Colour": ["schema"]}
    assert result.findings[0].severity == "warning"


def test_two_labels_for_one_field_keep_both(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "号码": "5500"})
    assert result.fields["number"] == "1234"
    assert result.fields["号码"] == "5500"
    assert result.status == "review"
    (conflict,) = [f for f in result.findings if f.code == "mismatch"]
    assert conflict.field == "number" and conflict.severity == "error"
    assert conflict.value == {"Number": "1234", "号码": "5500"}


def test_our_key_wins_over_an_alias_whatever_the_order(toy: DocType) -> None:
    data = {"号码": "5500", **GOOD, "number": "1234"}
    del data["Number"]
    result = check_fields(toy, data)
    assert result.fields["number"] == "1234" and result.fields["号码"] == "5500"
    assert [f.value for f in result.findings if f.code == "mismatch"] == [{"号码": "5500", "number": "1234"}]


def test_the_same_value_under_two_labels_is_one_value(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "号码": " 1234 "})
    assert result.status == "pass", result.findings
    assert result.fields["number"] == "1234" and "号码" not in result.fields


def test_two_labels_inside_a_list_item(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "items": [{"金额": "1.5", "amount": "2"}]})
    assert codes(result) == {"items[0].amount": ["mismatch"]}
    assert result.fields["items"][0] == {"amount": "2.00", "金额": "1.5"}
    same = check_fields(toy, {**GOOD, "items": [{"金额": "1.5", "amount": "1.50"}]})
    assert same.status == "pass", same.findings


def test_a_list_where_a_value_belongs(toy: DocType) -> None:
    assert codes(check_fields(toy, {**GOOD, "Number": ["1", "2"]})) == {"number": ["schema"]}


def test_check_run_is_deterministic_and_input_untouched(toy: DocType) -> None:
    data = {**GOOD, "items": [{"金额": "1.5"}]}
    snapshot = repr(data)
    first = check_fields(toy, data)
    assert repr(data) == snapshot
    assert check_fields(toy, data) == first


def test_star_in_free_text_is_text_not_a_mask(toy: DocType) -> None:
    result = check_fields(toy, {**GOOD, "name": "*A*"})
    assert result.status == "pass"
    assert result.fields["name"] == "*A*"
    assert codes(check_fields(toy, {**GOOD, "total": "***"})) == {"total": ["masked"]}


SEEN_BY_WARNING: list[str] = []
register("test_rewrites", lambda v: "REWRITTEN")
register("test_records", lambda v: SEEN_BY_WARNING.append(v) or v)


def test_warning_checks_judge_the_value_the_field_holds(tmp_path) -> None:
    # The checks' canonical value is the field's value; warnings judge that value, so that the
    # result's own fields, checked again, draw the same warnings (idempotence, issue 8 item 4).
    rules = (
        'doc_type = "toy"\n[fields.number]\nkind = "identifier"\n'
        'checks = ["test_rewrites"]\nwarnings = ["test_records"]\n'
    )
    schemas, rule_dir = write_doctype(tmp_path, SCHEMA, rules)
    SEEN_BY_WARNING.clear()
    result = check_fields(load_doctype("toy", schemas, rule_dir), {**GOOD, "Number": "ab 12"})
    assert SEEN_BY_WARNING == ["REWRITTEN"]
    assert result.fields["number"] == "REWRITTEN"


def test_long_term_only_where_the_field_allows_it(toy: DocType) -> None:
    assert codes(check_fields(toy, {**GOOD, "签发日期": "长期"})) == {"issue_date": ["date"]}


def test_long_term_allowed_field(tmp_path) -> None:
    rules = (
        'doc_type = "toy"\n[fields.issue_date]\nkind = "date"\n[fields.expiry_date]\nkind = "date"\nlong_term = true\n'
    )
    schemas, rule_dir = write_doctype(tmp_path, SCHEMA, rules)
    result = check_fields(load_doctype("toy", schemas, rule_dir), {**GOOD, "expiry_date": "長期"})
    assert result.status == "pass"
    assert result.fields["expiry_date"] == "长期"
