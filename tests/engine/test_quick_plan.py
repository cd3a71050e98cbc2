"""The plan's quick path (`FieldPlan.quick`, `FieldPlan.checked`) against the engine's long way,
value by value: what it answers, and that it leaves to the long way everything it must."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocrcheck._field_data import NULL_STRINGS, is_null
from ocrcheck._plan import SLOW, plan_of
from ocrcheck.doctypes import get_doctype
from ocrcheck.values import CLEAN_READERS

INVOICE = plan_of(get_doctype("cn_vat_invoice"))
TEXT = INVOICE.fields["buyer_name"]  # kind text: `*` is text
TAX_ID = INVOICE.fields["seller_tax_id"]  # a check and a warning
DAY = date(2026, 12, 1)  # the day judged on: what the plan's memo is kept for

# Null words, their letters in other cases (`ǸULL`), the whitespace around them, and a few others.
NEAR_NULL = st.text(st.sampled_from([*"nulNULoeOE/aA无 \t\u3000\u00a0ßſK", "\u212a", "x"]), max_size=20)


def test_casefold_never_shortens_a_character() -> None:
    # What the quick null test relies on: a value longer than every null word is none.
    assert all(len(chr(c).casefold()) >= 1 for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)


@given(st.one_of(NEAR_NULL, st.sampled_from(sorted(NULL_STRINGS)).map(lambda w: f" {w.upper()} ")))
def test_quick_leaves_every_null_word_to_the_long_way(raw: str) -> None:
    got = TEXT.quick(raw, DAY)
    if is_null(raw):
        assert got is SLOW
    elif "?" not in raw:
        assert got == TEXT.normalise(raw)


def _long_way(raw: Any) -> tuple[Any, list[str]]:
    """What `run_checks` gives a value that passes: the canonical value and the checks that ran."""
    value = TAX_ID.normalise(raw)
    for _, check in TAX_ID.checks:
        value = check(value)
    for _, warning in TAX_ID.warnings:
        warning(value)
    return value, [name for name, _ in (*TAX_ID.checks, *TAX_ID.warnings)]


TAX_IDS = st.sampled_from(["91440300MA5FT3K2XX", "91110108MA01R7W404", "91110108ma01r7w404", "110105194912310021",
                           "91110108MA01R7W405", "9111010", "?1110108MA01R7W404", "", "null", "911101O8MA01R7W404"])


@given(st.one_of(TAX_IDS, st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY ", max_size=20)))
def test_checked_passes_only_what_every_check_passes(raw: str) -> None:
    assert TAX_ID.checked is not None
    got = TAX_ID.checked(raw, DAY)
    try:
        expected, names = _long_way(raw) if TAX_ID.quick(raw, DAY) is not SLOW else (SLOW, [])
    except Exception:
        expected = SLOW  # a check said no: the long way reports it
    assert got == expected if expected is not SLOW else got is SLOW
    if got is not SLOW:
        assert [v.check for v in TAX_ID.passed] == names
        assert {(v.field, v.outcome) for v in TAX_ID.passed} == {("seller_tax_id", "passed")}


def test_an_item_subfield_has_no_checked_path() -> None:
    # Its verdicts carry the item's index: they cannot be made once for every document.
    assert all(field.checked is None for items in INVOICE.items.values() for field in items.fields.values())


def test_a_masked_value_longer_than_any_identifier_is_a_finding() -> None:
    # Found by test_fast_vs_plain: within its field's bound (128 for an amount in words) but over
    # an identifier's (64), a masked value raised ValueProblem out of check() on both paths.
    import ocrcheck

    words = "*" + "x" * 69
    for plain in (False, True):
        result = ocrcheck.check("cn_bank_acceptance_bill", {"票据金额（大写）": words}, _plain=plain)
        found = [f for f in result.findings if f.field == "total_amount_in_words"]
        assert [f.code for f in found] == ["masked"]
        assert result.fields["total_amount_in_words"] == words


# Values near each reader's edges: null words in letters, `?`, `*`, full-width forms, spaces.
CLEANISH = st.text(st.sampled_from([*"0123456789,.-+¥￥元整 nulNULoe/aAxX%?？*＊免税不征", "\u3000", "１"]),
                   max_size=16)


@pytest.mark.parametrize("normalise", sorted(CLEAN_READERS, key=lambda f: f.__name__), ids=lambda f: f.__name__)
@given(raw=st.one_of(CLEANISH, st.sampled_from(["NULL", "none", "n/a", "***", "13%", "免税", "¥3,651.37", "10"])))
def test_a_clean_reader_answers_only_clean_values(normalise: Any, raw: str) -> None:
    got = CLEAN_READERS[normalise](raw)
    if got is None:
        return
    assert not is_null(raw)
    assert not any(mark in raw for mark in "?？*＊")
    assert got == normalise(raw)


def test_every_clean_reader_answers_its_common_forms() -> None:
    # Without this, readers that never answer would pass the test above.
    samples = {"normalise_amount": "¥3,651.37", "normalise_decimal": "10", "normalise_identifier": "91440300MA5FT3K2XX",
               "normalise_rate": "13%"}
    for normalise, reader in CLEAN_READERS.items():
        assert reader(samples[normalise.__name__]) == normalise(samples[normalise.__name__])


@given(st.tuples(st.text(" \t\u3000\u00a0", max_size=20), st.sampled_from(sorted(NULL_STRINGS)),
                 st.text(" \t\u3000\u00a0", max_size=20), st.text("xN ", max_size=30)))
def test_a_long_value_is_null_exactly_when_the_long_way_says(parts: tuple[str, str, str, str]) -> None:
    before, word, after, tail = parts
    for raw in (before + word + after, before + word + tail + after, word + tail):
        got = TEXT.quick(raw, DAY)
        assert (got is SLOW) == is_null(raw) or "?" in raw
