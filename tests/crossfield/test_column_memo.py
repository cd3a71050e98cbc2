"""The per-document memo of the cross-field rules (issue 13) against the long way.

The engine hands its rules `TrustedFields`, on which `read_column` / `read_field` read each
column once per document, whichever rule asks first. Here every invoice rule, run in any order
on one `TrustedFields` (so each finds columns another rule read, under its own or another
reading), gives the same findings, or raises the same exception, as the rule before the memo
(tests/crossfield/_invoice_long_way.py) on a plain dict; and so does the rule on a plain dict.
The engine's shortcut for the rules' verdicts (`_inputs_present`) is held to `inputs_problem`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ocrcheck import engine
from ocrcheck._document_stages import _inputs_present
from ocrcheck.crossfield import invoice
from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.crossfield._util import (
    TrustedFields,
    _decimals,
    as_decimal,
    column,
    item_values,
    read_column,
    read_field,
    same,
)
from ocrcheck.doctypes import get_doctype

from . import _invoice_long_way as long_way
from .test_shortcuts import _ITEM_AMOUNT, _item_amount_long_way, _numbers, _outcome

_VALUES = st.one_of(
    _numbers,
    st.sampled_from(["0.13", "0.06", "0.09", "0.17", "0.03", "0.01", "0", "0.130", "免税", "不征税", "***", "*",
                     "**x"]),
    st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.sampled_from(["2021-06-18", "2018-05-01", "2027-12-31", "2009-01-01"]),
)
_SUBS = ("quantity", "unit_price", "amount", "tax_rate", "tax_amount")
_TOPS = ("total_excl_tax", "total_tax", "total_amount", "total_amount_in_words", "issue_date", "tax_rate")


def _params(name: str, options: dict[str, str]) -> RuleParams:
    return RuleParams(name, "error", options)


_VAT = {
    "amount": "items[].amount", "tax_rate": "items[].tax_rate", "tax_amount": "items[].tax_amount",
    "quantity": "items[].quantity", "unit_price": "items[].unit_price",
}  # fmt: skip
# (new rule, long way, params): the cn_vat_invoice uses, and the top-level reading of item_tax
# (a motor vehicle invoice) and a sum without its tax.
_RULES: list[tuple[Callable[..., Any], Callable[..., Any], RuleParams]] = [
    (invoice.item_amount, _item_amount_long_way, _ITEM_AMOUNT),
    (invoice.item_tax, long_way.item_tax,
     _params("item_tax", {k: _VAT[k] for k in ("amount", "tax_rate", "tax_amount")})),
    (invoice.item_tax, long_way.item_tax,
     _params("item_tax", {"amount": "total_excl_tax", "tax_rate": "tax_rate", "tax_amount": "total_tax"})),
    (invoice.items_sum, long_way.items_sum, _params("items_sum", {
        "amount": "items[].amount", "total_excl_tax": "total_excl_tax", "tax_amount": "items[].tax_amount",
        "total_tax": "total_tax"})),
    (invoice.items_sum, long_way.items_sum, _params("items_sum", {"amount": "items[].amount",
                                                                  "total_excl_tax": "total_excl_tax"})),
    (invoice.total_is_sum, long_way.total_is_sum, _params("total_is_sum", {
        "total_excl_tax": "total_excl_tax", "total_tax": "total_tax", "total_amount": "total_amount"})),
    (invoice.amount_in_words_matches, long_way.amount_in_words_matches,
     _params("amount_in_words_matches", {"words": "total_amount_in_words", "amount": "total_amount"})),
    (invoice.vat_rate_for_date, long_way.vat_rate_for_date,
     _params("vat_rate_for_date", {"rate": "items[].tax_rate", "date": "issue_date"})),
    (invoice.vat_rate_for_date, long_way.vat_rate_for_date,
     _params("vat_rate_for_date", {"rate": "tax_rate", "date": "issue_date"})),
]


@st.composite
def _documents(draw: st.DrawFn) -> dict[str, Any]:
    """Invoice fields as the rules get them: any of the totals, lines missing values, odd lines."""
    line = st.dictionaries(st.sampled_from(_SUBS), _VALUES, max_size=len(_SUBS))
    fields: dict[str, Any] = draw(st.dictionaries(st.sampled_from(_TOPS), _VALUES, max_size=len(_TOPS)))
    kind = draw(st.sampled_from(["lines", "lines", "lines", "absent", "not_a_list", "odd_items"]))
    if kind == "lines":
        fields["items"] = draw(st.lists(line, max_size=4))
    elif kind == "not_a_list":
        fields["items"] = draw(_VALUES)
    elif kind == "odd_items":
        fields["items"] = draw(st.lists(st.one_of(line, _VALUES), max_size=3))
    return fields


def _memo_of(fields: dict[str, Any]) -> TrustedFields:
    return TrustedFields.of(fields)


@settings(max_examples=600, deadline=None)
@given(_documents(), st.permutations(range(len(_RULES))))
@example({"items": [{"amount": "***", "tax_amount": "***", "tax_rate": "免税"}], "total_tax": "***",
          "total_excl_tax": "***"}, list(range(len(_RULES))))
@example({"items": [{"amount": "100.00", "tax_amount": "13.00", "tax_rate": "0.13", "quantity": "1",
                     "unit_price": "100"}], "total_excl_tax": "100.00", "total_tax": "12.00",
          "total_amount": "113.00", "total_amount_in_words": "113.00", "issue_date": "2017-06-30"},
         list(range(len(_RULES))))
@example({"items": [{"amount": "100.00", "tax_amount": "***", "tax_rate": "0"}, {"amount": "1.00", "tax_amount": "0.13",
                     "tax_rate": "0.13"}], "total_excl_tax": "101.00", "total_tax": "5.00"}, list(range(len(_RULES))))
@example({"items": [{"tax_rate": "sNaN", "amount": "1"}], "issue_date": "2021-06-18", "tax_rate": "NaN"},
         list(range(len(_RULES))))
def test_rules_on_the_memo_are_the_long_way(fields: dict[str, Any], order: list[int]) -> None:
    trusted = _memo_of(fields)  # one per document: every rule reads what the others read
    for index in order:
        rule, long, params = _RULES[index]
        expected = repr(_outcome(long, fields, params))  # repr: a NaN is not equal to itself
        assert repr(_outcome(rule, trusted, params)) == expected, rule.__name__
        assert repr(_outcome(rule, dict(fields), params)) == expected, rule.__name__  # a plain dict: no memo


_PATHS = st.sampled_from([f"items[].{sub}" for sub in _SUBS] + list(_TOPS) + ["items", "absent[].x", "items[]."])
_READS = st.sampled_from([as_decimal, same, invoice._tax])


@settings(max_examples=400, deadline=None)
@given(_documents(), st.lists(st.tuples(_PATHS, _READS, st.booleans()), max_size=12))
@example({"items": [{"tax_amount": "***"}, {"tax_amount": "1.00"}], "total_tax": "***"},
         [("items[].tax_amount", same, True), ("items[].tax_amount", as_decimal, False), ("total_tax", same, False)])
def test_read_column_is_the_column_read(fields: dict[str, Any], asks: list[tuple[str, Any, bool]]) -> None:
    trusted = _memo_of(fields)
    for path, read, items in asks:
        values = item_values(fields, path)[1] if items else column(fields, path)
        expected = repr(tuple(map(read, values)))  # repr: a NaN is not equal to itself
        assert repr(read_column(trusted, path, read, items)) == expected
        assert repr(read_column(fields, path, read, items)) == expected
        one = repr(read(fields.get(path)))
        assert repr(read_field(trusted, path, read)) == one == repr(read_field(fields, path, read))
        assert repr(invoice._taxes(trusted, path, items)) == repr(tuple(map(invoice._tax, values)))


@given(st.lists(_VALUES, max_size=6))
@example(["1E+3", "-0", "sNaN", "NaN", "-Infinity", "", " 5 ", "1_0", True, None, 1.5, 10**30])
def test_decimals_is_as_decimal(values: list[Any]) -> None:
    # repr: a NaN is not equal to itself
    assert repr(_decimals(tuple(values))) == repr(tuple(as_decimal(v) for v in values))


@settings(max_examples=300, deadline=None)
@given(_documents(), st.sampled_from(["cn_vat_invoice", "cn_digital_invoice", "cn_vehicle_sales_invoice"]))
def test_inputs_present_means_no_rule_lacks_an_input(fields: dict[str, Any], doc_type: str) -> None:
    run = engine._Run(get_doctype(doc_type))
    fields = {**fields, "invoice_code": "044032110011", "invoice_number": "24440000000012345678"}
    if _inputs_present(run.plan, fields):
        assert all(run.inputs_problem(use.needs, fields) is None for use in run.plan.cross)
    else:  # some rule's input is absent: the engine asks each rule the long way
        assert not all(
            all(run.input_problem(path, fields) is None for path, _ in use.needs) for use in run.plan.cross
        )


def test_in_force_loop_is_any() -> None:
    days = [date(2000, 1, 1), date(2014, 6, 30), date(2017, 6, 30), date(2018, 5, 1), date(2019, 3, 31),
            date(2019, 4, 1), date(2022, 3, 31), date(2023, 1, 1), date(2027, 12, 31), date(2030, 1, 1)]
    rates = [*invoice.RATE_WINDOWS, Decimal("0.07"), Decimal("0.130")]
    for rate in rates:
        for day in days:
            assert invoice._in_force(rate, day) == long_way._in_force(rate, day)
