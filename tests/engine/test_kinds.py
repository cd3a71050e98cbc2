"""Field kinds as a registry (issue 8 item 7): the built-in kinds, a kind of one's own, and rule
parameters that declare the kinds they read, checked when the type loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocrcheck import ConfigError, check
from ocrcheck.crossfield import get_rule, rule_names
from ocrcheck.doctypes import load_doctype
from ocrcheck.engine import check_fields
from ocrcheck.kinds import MAX_LENGTH, Kind, get_kind, kind_names, normalise_value, register_kind
from ocrcheck.values import ValueProblem

from .conftest import RULES, SCHEMA, write_doctype

BUILT_IN = ("text", "identifier", "mrz", "date", "datetime", "time", "year", "year_month", "amount", "decimal",
            "quantity", "rate", "percent", "sex", "amount_in_words")  # fmt: skip


def test_every_built_in_kind_is_registered_with_a_bound_a_description_and_an_example() -> None:
    assert set(BUILT_IN) <= set(kind_names())
    for name in kind_names():
        kind = get_kind(name)
        assert kind.max_length == MAX_LENGTH[name] > 0
        assert kind.description.strip(), name
        printed, canonical = kind.example
        assert normalise_value(printed, kind) == canonical, name
        assert normalise_value(canonical, kind) == canonical, f"{name}: not idempotent"


@pytest.mark.parametrize(
    ("kind", "printed", "canonical"),
    [
        ("time", "9:05", "09:05"),
        ("time", "09:05:30", "09:05:30"),
        ("time", "11时46分", "11:46"),
        ("datetime", "2024年11月14日 11:46", "2024-11-14T11:46"),
        ("datetime", "2024-11-14 09:05:30", "2024-11-14T09:05:30"),
        ("quantity", "8.6 公里", "8.6km"),
        ("quantity", "8.6KM", "8.6km"),
        ("quantity", "89.56 m²", "89.56㎡"),
        ("quantity", "89.56平方米", "89.56㎡"),
        ("percent", "12.5 %", "12.5%"),
        ("percent", "１２．５％", "12.5%"),
        ("percent", "12.50", "12.50%"),
        ("percent", "+5", "5%"),
        ("year", "2024年", "2024"),
        ("year", "２０２４", "2024"),
        ("year", 2024, "2024"),
        ("year_month", "2019年5月", "2019-05"),
        ("year_month", "2019.5", "2019-05"),
        ("year_month", "201905", "2019-05"),
        ("year_month", "05/2019", "2019-05"),
        ("year_month", "2019年05月12日", "2019-05"),
    ],
)
def test_kind_forms(kind: str, printed: str, canonical: str) -> None:
    assert normalise_value(printed, kind) == canonical
    assert normalise_value(canonical, kind) == canonical


@pytest.mark.parametrize(
    ("kind", "printed", "code"),
    [
        ("time", "25:00", "date"),
        ("time", "noon", "format"),
        ("quantity", "8.6 parsecs", "format"),
        ("percent", "twelve", "format"),
        ("year", "24", "format"),
        ("year", "0999", "date"),
        ("year_month", "2019年13月", "date"),
        ("year_month", "2018年2月30日", "date"),
        ("year_month", "五月", "format"),
    ],
)
def test_kind_refusals(kind: str, printed: str, code: str) -> None:
    with pytest.raises(ValueProblem) as info:
        normalise_value(printed, kind)
    assert info.value.code == code


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown value kind"):
        normalise_value("x", "colour")


# --------------------------------------------------------------------- a kind of one's own


def _upper_hex(value: str) -> str:
    text = value.replace(" ", "").upper()
    if not all(c in "0123456789ABCDEF" for c in text):
        raise ValueProblem("format", f"{value!r} is not hexadecimal")
    return text


HEX = register_kind("test_hex", _upper_hex, max_length=12, description="hexadecimal digits, upper case",
                    example=("de ad", "DEAD"))  # fmt: skip


def test_a_registered_kind_is_usable_in_a_rule_file(tmp_path: Path) -> None:
    old = '[fields.number]\nkind = "identifier"\nchecks = ["test_mod10"]'
    rules = RULES.replace(old, '[fields.number]\nkind = "test_hex"')
    doctype = load_doctype("toy", *write_doctype(tmp_path, SCHEMA, rules))
    assert doctype.fields["number"].spec is HEX  # resolved once, at load
    result = check_fields(doctype, {"number": "be ef", "issue_date": "2024-01-02"})
    assert result.fields["number"] == "BEEF" and result.status == "pass"
    bad = check_fields(doctype, {"number": "xyz", "issue_date": "2024-01-02"})
    assert [(f.field, f.code, f.rule) for f in bad.findings] == [("number", "format", "kind:test_hex")]
    long = check_fields(doctype, {"number": "A" * 13, "issue_date": "2024-01-02"})
    assert [(f.field, f.code) for f in long.findings] == [("number", "format")]  # its own bound


def test_registering_a_kind_name_twice_names_both_modules() -> None:
    other_module = {"__name__": "another_plugin.kinds", "register_kind": register_kind}
    with pytest.raises(ConfigError) as info:
        exec("register_kind('test_hex', str.upper, max_length=4, description='another')", other_module)
    assert info.value.key == "test_hex"
    assert "by tests.engine.test_kinds and by another_plugin.kinds" in str(info.value)
    again = register_kind("test_hex", _upper_hex, max_length=12, description="same function again")
    assert again is HEX and again.description == "hexadecimal digits, upper case"  # kept as it was
    assert isinstance(get_kind("test_hex"), Kind)


# ------------------------------------------------------------------ parameters' kinds


def test_every_rule_declares_the_kinds_of_its_field_parameters() -> None:
    for name in rule_names():
        rule = get_rule(name)
        if not rule.module.startswith("ocrcheck."):
            continue  # a test's or a plugin's rule
        params = set(rule.fields) | set(rule.optional_fields)
        assert set(rule.kinds) == params, f"{name}: kinds for {sorted(params - set(rule.kinds))}"
        for allowed in rule.kinds.values():
            assert set(allowed) <= set(kind_names()), name


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        # date_order on an amount: the rule would never fire, so the file does not load.
        (lambda r: r.replace('later = "expiry_date"', 'later = "total"'), "cross[0].later"),
        (lambda r: r.replace('earlier = "issue_date"', 'earlier = "number"'), "cross[0].earlier"),
    ],
)
def test_a_rule_applied_to_a_field_of_the_wrong_kind_names_file_and_key(tmp_path: Path, edit, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_doctype("toy", *write_doctype(tmp_path, SCHEMA, edit(RULES)))
    assert info.value.key == key
    assert info.value.path.endswith("toy.toml")
    assert "date_order" in info.value.problem and "kind" in info.value.problem


def test_a_time_of_day_is_not_a_date_for_date_order(tmp_path: Path) -> None:
    rules = RULES.replace('[fields.expiry_date]\nkind = "date"', '[fields.expiry_date]\nkind = "time"')
    with pytest.raises(ConfigError, match=r"cross\[0\]\.later: rule 'date_order' reads later as one of date, datetime"):
        load_doctype("toy", *write_doctype(tmp_path, SCHEMA, rules))


# ------------------------------------------------------------- date_order on date-times


def test_a_same_day_trip_with_entry_and_exit_reversed_fails() -> None:
    # Same day, exit 25 minutes before entry: with times on both sides the times decide.
    trip = {"entry_station": "广州北", "exit_station": "深圳南", "entry_time": "2024-11-14 09:05",
            "exit_time": "2024-11-14 08:40", "plate_number": "粤B12345", "total_amount": "85.00"}  # fmt: skip
    result = check("cn_toll_receipt", trip)
    assert ("exit_time", "date") in {(f.field, f.code) for f in result.findings}
    assert result.status == "review"
    ordered = check("cn_toll_receipt", {**trip, "exit_time": "2024-11-14 10:40"})
    assert ("exit_time", "date") not in {(f.field, f.code) for f in ordered.findings}
