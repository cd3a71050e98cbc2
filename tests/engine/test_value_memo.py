"""The plan's per-field memo (`ocrcheck._value_memo`): kept per day judged on, bounded, and never
used for a plugin's kind or check, nor on the plain path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import ocrcheck
from ocrcheck import checks
from ocrcheck._plan import _field_plan, build_plan, plan_of
from ocrcheck._value_memo import MEMO_ENTRIES, MEMO_VALUE, memoised_by_day
from ocrcheck.doctypes import FieldRule, get_doctype
from ocrcheck.engine import check_fields
from ocrcheck.kinds import register_kind

DAY = date(2026, 12, 1)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _resident_id(body: str) -> str:
    """`body` (17 digits) with its ISO 7064 MOD 11-2 check character (GB 11643-1999)."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body))
    return body + "10X98765432"[total % 11]


def test_a_two_digit_year_takes_the_century_of_the_day_judged_on() -> None:
    # The date reader puts `30` in the latest century that does not pass the year judged on: a
    # memo kept across days would give 1930 on a day of 2031, or 2030 on a day of 2026.
    for _ in range(2):  # the second round is answered from the memo, day by day
        early = ocrcheck.check("th_id", {"issue_date": "20/06/30"}, as_of="2026-12-01")
        late = ocrcheck.check("th_id", {"issue_date": "20/06/30"}, as_of="2031-01-01")
        assert early.fields["issue_date"] == "1930-06-20"
        assert late.fields["issue_date"] == "2030-06-20"


def test_a_resident_id_born_after_the_day_judged_on_fails_on_that_day_only() -> None:
    number = _resident_id("11010120200101123")
    fields = {"公民身份号码": number}
    for _ in range(2):
        before = ocrcheck.check("cn_resident_id", fields, as_of="2019-06-01")
        after = ocrcheck.check("cn_resident_id", fields, as_of="2026-12-01")
        assert [(f.rule, f.variant) for f in before.findings if f.field == "id_number"] == [
            ("resident_id", "birth_date_future")]
        assert not [f for f in after.findings if f.field == "id_number"]
        assert after.fields["id_number"] == number


CALLS: list[str] = []


@checks.register("test_memo_counted", description="counts its calls", standard="none")
def _counted(value: str) -> str:
    CALLS.append(value)
    return value


def _counted_kind(value: str) -> str:
    CALLS.append("kind:" + value)
    return value.strip()


register_kind("test_memo_kind", _counted_kind, max_length=32, description="counts its calls")


def test_a_plugin_check_is_asked_every_time() -> None:
    plan = _field_plan(FieldRule(path="code", kind="identifier", checks=("test_memo_counted",)), False, "ymd", "code")
    assert plan.checked is not None
    CALLS.clear()
    assert [plan.checked("AB12", DAY) for _ in range(3)] == ["AB12"] * 3
    assert CALLS == ["AB12"] * 3
    assert not hasattr(plan.checked, "cache_info")


def test_a_plugin_kind_is_asked_every_time() -> None:
    plan = _field_plan(FieldRule(path="code", kind="test_memo_kind"), False, "ymd")
    CALLS.clear()
    assert [plan.quick(" x ", DAY) for _ in range(3)] == ["x"] * 3
    assert CALLS == ["kind: x "] * 3
    assert plan.kept is None  # nor do the engine's loops find a memo to call themselves


def test_a_built_in_field_is_memoised_and_asked_once_per_value_and_day() -> None:
    calls: list[Any] = []

    def quick(raw: Any) -> Any:
        calls.append(raw)
        return raw.upper()

    remembered = memoised_by_day(quick)
    for day in (DAY, DAY, date(2026, 12, 2), DAY):
        assert remembered("ab", day) == "AB"
    assert calls == ["ab", "ab"]  # once on each day
    invoice = plan_of(get_doctype("cn_vat_invoice"))
    assert hasattr(invoice.fields["seller_tax_id"].checked, "cache_info")
    assert hasattr(invoice.items["items"].fields["amount"].quick, "cache_info")
    amount = invoice.items["items"].fields["amount"]
    assert amount.kept is not None and amount.kept.cache_info() == amount.quick.cache_info()  # type: ignore[attr-defined]


def test_the_memo_is_bounded_and_asks_again_what_it_let_go() -> None:
    calls: list[Any] = []

    def quick(raw: Any) -> Any:
        calls.append(raw)
        return raw.upper() if type(raw) is str else raw

    remembered = memoised_by_day(quick)
    long = "x" * (MEMO_VALUE + 1)
    assert remembered(long, DAY) == remembered(long, DAY) == long.upper()
    assert remembered({"a": 1}, DAY) == {"a": 1}  # not hashable: asked, never kept
    assert calls == [long, long, {"a": 1}]
    assert remembered.cache_info().currsize == 0  # type: ignore[attr-defined]
    values = [f"v{n}" for n in range(MEMO_ENTRIES + 5)]
    for day in (DAY, date(2026, 12, 2)):
        assert [remembered(v, day) for v in values] == [v.upper() for v in values]
        assert remembered.cache_info().currsize == MEMO_ENTRIES  # type: ignore[attr-defined]
    calls.clear()
    assert remembered(values[-1], date(2026, 12, 2)) == "V" + values[-1][1:]  # the latest: kept
    assert remembered(values[0], DAY) == "V0"  # the oldest day's: let go, asked again
    assert calls == [values[0]]


@pytest.mark.parametrize("doc_type", ["cn_vat_invoice", "cn_resident_id"])
def test_the_plain_path_remembers_nothing(doc_type: str) -> None:
    plan = build_plan(get_doctype(doc_type), cache=False)
    tops = [f for f in plan.fields.values()]
    subs = [f for items in plan.items.values() for f in items.fields.values()]
    assert tops and not any(hasattr(f.quick, "cache_info") or hasattr(f.checked, "cache_info") for f in (*tops, *subs))
    assert all(f.kept is None for f in (*tops, *subs))


def test_the_engine_keeps_no_value_past_the_memos_bound() -> None:
    # The engine's loops call the memo themselves (`FieldPlan.kept`) and must ask what
    # `memoised_by_day` asks: a long value is normalised, never kept; a list is not hashed.
    invoice = get_doctype("cn_vat_invoice")
    unit = plan_of(invoice).items["items"].fields["unit"]
    assert unit.kept is not None
    data = json.loads((FIXTURES / "cn_vat_invoice" / "clean.fields.json").read_text(encoding="utf-8"))
    long, short = "箱" * (MEMO_VALUE + 1), "箱" * MEMO_VALUE
    for value in (long, ["箱"], short):
        unit.kept.cache_clear()  # type: ignore[attr-defined]  # a memo: emptied, it is only asked again
        items = [{**item, "单位": value} for item in data["items"]]
        result = check_fields(invoice, {**data, "items": items}, as_of=DAY)
        assert unit.kept.cache_info().currsize == (1 if value is short else 0), value  # type: ignore[attr-defined]
        if value is not short:
            assert result.fields["items"][0]["unit"] == (long if value is long else ["箱"])
