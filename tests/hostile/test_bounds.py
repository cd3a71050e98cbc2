"""Issue 7, items 1-4: hostile values are findings on a named field, never exceptions or stalls.

No wall-clock assertions: cost is bounded by construction (the length policy refuses long values
before any work), and these tests check that the refusal happens and what it says.
"""

from __future__ import annotations

import json
import random
import re
import tracemalloc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrcheck import check, check_response
from ocrcheck._field_data import is_null, nesting_exceeds
from ocrcheck._output import json_line, result_record
from ocrcheck.checks import amount_in_words, get_check, repair, resident_id
from ocrcheck.engine import MAX_NESTING, NESTING_MARKER
from ocrcheck.kinds import MAX_LENGTH, kind_names, length_problem, normalise_value
from ocrcheck.normalise.latex import strip_trailing_breaks
from ocrcheck.values import ValueProblem, normalise_amount


def field_codes(result, field: str) -> list[str]:
    return [f.code for f in result.findings if f.field == field]


# ------------------------------------------------------------------------ item 2: length policy
def test_every_kind_has_a_bound_and_a_longer_value_is_one_format_finding() -> None:
    assert set(MAX_LENGTH) == set(kind_names())
    for kind, bound in MAX_LENGTH.items():
        assert length_problem("1" * bound, kind) is None
        problem = length_problem("1" * (bound + 1), kind)
        assert problem is not None and problem.code == "format"
        with pytest.raises(ValueProblem):
            normalise_value("1" * (bound + 1), kind)


@pytest.mark.parametrize(
    "raw",
    [10**26, 10**5000, -(10**5000), "1" * 100_000, "¥" * 100_000, "元" * 100_000],
    ids=["27 digits", "5001 digits", "-5001 digits", "1 x 1e5", "yen x 1e5", "yuan x 1e5"],
)
def test_huge_amounts_are_one_format_finding(raw) -> None:
    result = check("cn_train_ticket", {"price": raw})
    assert field_codes(result, "price") in (["format"], [])
    if isinstance(raw, int) and abs(raw) < 10**60:
        assert result.fields["price"] == f"{raw}.00"  # 27 digits: still an amount, exactly
    else:
        assert field_codes(result, "price") == ["format"]
        assert result.fields["price"] is raw  # kept as given, no further work


@pytest.mark.parametrize("kind_field", [("cn_train_ticket", "price"), ("ae_passport", "surname")])
def test_an_over_long_value_is_kept_without_copies(kind_field: tuple[str, str]) -> None:
    # The value is held by reference in the result: checking it allocates a few kilobytes, not
    # the three copies (12 MB for this value) the null-word test used to make.
    doc_type, field = kind_field
    value = "张三 Zhang " * 100_000
    check(doc_type, {field: value})  # imports and caches warmed
    tracemalloc.start()
    try:
        result = check(doc_type, {field: value})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.fields[field] is value and field_codes(result, field) == ["format"]
    assert peak < 200_000


@given(st.text(alphabet=" \t\u3000\xa0nulNULoeaA/无x", max_size=40))  # both sides of the short-value path
def test_null_words_read_as_before(text: str) -> None:
    assert is_null(text) == (text.strip().casefold() in {"", "null", "none", "n/a", "无"})


@pytest.mark.parametrize(
    "literal",
    ["1e999999", "NaN", "Infinity", "-Infinity", "1" + "0" * 5000],
    ids=["1e999999", "NaN", "Inf", "-Inf", "int5001"],
)
def test_json_numbers_python_cannot_hold_exactly(literal: str) -> None:
    result = check_response('{"price": ' + literal + "}", "cn_train_ticket")
    assert field_codes(result, "price") == ["format"]


def test_a_huge_integer_in_a_text_field_is_a_format_finding() -> None:
    result = check("cn_resident_id", {"name": 10**5000, "address": -(10**4400)})
    assert field_codes(result, "name") == ["format"] and field_codes(result, "address") == ["format"]


def test_currency_marks_are_stripped_alternately_front_and_back() -> None:
    assert normalise_amount("人民币¥12.5元整") == "12.50"
    assert normalise_amount("HK$3") == "3.00"
    assert normalise_amount("¥¥7元元") == "7.00"
    with pytest.raises(ValueProblem):
        normalise_amount("¥元")


# ----------------------------------------------------------------- item 3: bounded suggestions
def test_suggestion_search_refuses_values_past_its_candidate_bound() -> None:
    check = get_check("resident_id")
    body = "11010519491231002"
    assert repair.suggest_repair(check, body + "?", resident_id.ALPHABET) == "11010519491231002X"
    longest = repair.MAX_CANDIDATES // (len(resident_id.ALPHABET) + 1)
    assert repair.suggest_repair(check, "1" * (longest + 1), resident_id.ALPHABET) is None
    assert repair.suggest_repair(check, "1" * 10_000 + "?", resident_id.ALPHABET) is None


def test_long_identifier_gets_format_and_no_suggestion() -> None:
    result = check("cn_resident_id", {"id_number": "1" * 100_000})
    (finding,) = [f for f in result.findings if f.field == "id_number"]
    assert finding.code == "format" and finding.suggestion is None


@pytest.mark.parametrize("text", ["零" * 50_000 + "元", "壹元" + "零" * 50_000 + "角", "壹仟" * 50_000 + "元整"])
def test_amount_in_words_refuses_long_malformed_text(text: str) -> None:
    with pytest.raises(ValueError):
        amount_in_words.validate_strict(text)


def test_amount_in_words_still_reads_its_longest_tail() -> None:
    assert amount_in_words.validate("壹佰元零伍角叁分") == "100.53"
    assert amount_in_words.validate("⊗壹佰贰拾叁圆肆角伍分整") == "123.45"


# ------------------------------------------------------------- item 4: shapes, nesting, regexes
def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 3_000, 100_000])
def test_deep_field_value_is_a_schema_finding_and_a_marker(depth: int) -> None:
    result = check("cn_train_ticket", {"price": nested(depth), "x": {"y": nested(depth)}})
    assert field_codes(result, "price") == ["schema"]
    assert result.fields["price"] == NESTING_MARKER and result.fields["x"] == NESTING_MARKER


def test_shallow_nesting_is_kept() -> None:
    result = check("cn_train_ticket", {"extra": nested(5)})
    assert result.fields["extra"] == nested(5)


@pytest.mark.parametrize("depth", [100, 3_000, 100_000])
def test_deep_json_text_is_unparseable(depth: int) -> None:
    result = check_response('{"a":' * depth + "1" + "}" * depth, "cn_train_ticket")
    assert result.codes() == ["unparseable"]
    assert check_response(json.loads('{"a":' * 100 + "1" + "}" * 100), "cn_train_ticket").codes() == ["unparseable"]


@pytest.mark.parametrize(
    "answer",
    [
        {"choices": ["x"]},
        {"choices": [{"message": "x"}]},
        {"choices": [{"message": {"content": 5}}]},
        {"choices": [{"message": {"content": "{}"}, "finish_reason": ["length"]}]},
        {"choices": [{"message": {"content": '{"price": "1"}'}}], "usage": [1, 2]},
        {"output": {"choices": [7]}},
        {"output": {"text": ["a"]}},
        {"output": [], "usage": "many"},
    ],
)
def test_wrong_envelope_shapes_are_unparseable(answer) -> None:
    result = check_response(answer, "cn_train_ticket")
    assert result.codes() == ["unparseable"]
    assert result.status == "review"


def test_odd_ids_do_not_crash_and_are_kept_as_text() -> None:
    answer = {"choices": [{"message": {"content": '{"price": "1"}'}}], "id": 12, "model": ["m"]}
    result = check_response(answer, "cn_train_ticket")
    assert result.meta["request_id"] == "12" and "model" not in result.meta


def test_trailing_break_strip_is_the_regex_it_replaced() -> None:
    rnd = random.Random(7)
    pieces = ["\\\\", "\\", " ", "\n", "x", "\\\\ \n"]
    for _ in range(5_000):
        body = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        assert strip_trailing_breaks(body) == re.sub(r"(\\\\\s*)+\Z", "", body), body
    assert strip_trailing_breaks("\\\\" * 50_000 + "x") == "\\\\" * 50_000 + "x"
    assert strip_trailing_breaks("a" + "\\\\ " * 50_000) == "a"


# ------------------------------------------------------------------- item 1: two labels, one field
def test_alias_and_our_key_with_different_values_are_a_mismatch_keeping_both() -> None:
    result = check("cn_resident_id", {"姓名": "张三", "name": "李四"})
    (conflict,) = [f for f in result.findings if f.code == "mismatch"]
    assert conflict.field == "name" and conflict.value == {"姓名": "张三", "name": "李四"}
    assert result.fields["name"] == "李四" and result.fields["姓名"] == "张三"
    assert result.status == "review"


def test_the_same_identifier_twice_in_two_spellings_is_no_conflict() -> None:
    result = check("cn_resident_id", {"公民身份号码": "11010519491231002x", "id_number": "11010519491231002X"})
    assert "mismatch" not in field_codes(result, "id_number")
    assert result.fields["id_number"] == "11010519491231002X"


# ------------------------------------------------- one key given twice in one object (like item 1)
def test_a_repeated_key_with_different_values_is_a_mismatch_keeping_all() -> None:
    result = check_response('{"name": "张三", "name": "李四", "name": "张三"}', "cn_resident_id")
    (conflict,) = [f for f in result.findings if f.code == "mismatch"]
    assert conflict.field == "name" and conflict.rule == "repeated_key" and conflict.variant == "repeated_key"
    assert conflict.ctx == {"label": "name", "count": 2}
    assert conflict.value == {"name": ["张三", "李四"]}  # the same value twice is one value
    assert result.fields["name"] == "张三"  # the first is checked (as for two labels of one field)
    assert result.status == "review"
    line = json.loads(json_line(result_record(result)))
    assert [f["value"] for f in line["findings"] if f["code"] == "mismatch"] == [{"name": ["张三", "李四"]}]


def test_a_repeated_key_with_one_value_is_no_finding() -> None:
    result = check_response('{"姓名": "张三", "姓名": "张三", "公民身份号码": "11010519491231002x", '
                            '"公民身份号码": "11010519491231002X"}', "cn_resident_id")
    assert "mismatch" not in {f.code for f in result.findings}
    assert result.fields["name"] == "张三" and result.fields["id_number"] == "11010519491231002X"


def test_a_repeated_label_and_an_alias_conflict_are_both_named() -> None:
    result = check_response('{"姓名": "张三", "name": "李四", "姓名": "王五"}', "cn_resident_id")
    conflicts = {f.rule: f.value for f in result.findings if f.code == "mismatch"}
    assert conflicts == {"repeated_key": {"姓名": ["张三", "王五"]}, "alias_conflict": {"姓名": "张三", "name": "李四"}}


def test_a_repeated_key_in_an_item_and_inside_the_service_text() -> None:
    item = '{"name": "纸", "amount": "10.00", "amount": "100.00"}'
    answer = {"choices": [{"finish_reason": "stop", "message": {"content": '{"items": [' + item + "]}"}}]}
    result = check_response(answer, "cn_vat_invoice")
    (conflict,) = [f for f in result.findings if f.rule == "repeated_key"]
    assert conflict.field == "items[0].amount" and conflict.value == {"amount": ["10.00", "100.00"]}
    assert result.fields["items"][0]["amount"] == "10.00"


def test_a_repeated_unknown_key_keeps_every_value_and_one_is_not_true() -> None:
    result = check_response('{"note": 1, "note": true, "note": 1}', "cn_resident_id")
    assert list(result.fields["note"]) == [1, True]


def test_a_repeated_envelope_part_is_unparseable_naming_it() -> None:
    text = '{"choices": [{"message": {"content": "{}"}, "message": {"content": "{\\"name\\": \\"x\\"}"}}]}'
    result = check_response(text, "cn_resident_id")
    (problem,) = [f for f in result.findings if f.code == "unparseable"]
    assert problem.variant == "malformed" and problem.ctx["part"] == "choices[0].message"


def _depth_exceeds(value: object, limit: int, depth: int = 0) -> bool:
    """The definition `nesting_exceeds` answers, written recursively (small inputs only)."""
    if isinstance(value, dict):
        children: list[object] = list(value.values())
    elif isinstance(value, (list, tuple)):
        children = list(value)
    else:
        return False
    return depth >= limit or any(_depth_exceeds(child, limit, depth + 1) for child in children)


_SCALAR = st.none() | st.booleans() | st.integers() | st.text(max_size=3)
_NESTED = st.recursive(_SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=2), inner,
                                                                                             max_size=4), max_leaves=20)


@given(_NESTED, st.integers(0, 5))
def test_nesting_bound_matches_its_definition(value: object, limit: int) -> None:
    # Also lists of flat objects (invoice lines), which take a shortcut past the stack.
    assert nesting_exceeds(value, limit) == _depth_exceeds(value, limit)


@given(st.lists(st.dictionaries(st.text(max_size=2), _SCALAR, max_size=4) | _SCALAR, max_size=5), st.integers(0, 4))
def test_nesting_bound_of_flat_rows_matches_its_definition(value: list[object], limit: int) -> None:
    assert nesting_exceeds(value, limit) == _depth_exceeds(value, limit)
