"""The plan's per-field memo (`ocrcheck._value_memo`): kept per day judged on, bounded, and never
used for a plugin's kind or check, nor on the plain path."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import ocrcheck
from ocrcheck import checks
from ocrcheck._plan import SLOW, _field_plan, build_plan, plan_of
from ocrcheck._value_memo import MEMO_DAYS, MEMO_ENTRIES, MEMO_VALUE, memoised_by_day
from ocrcheck.doctypes import FieldRule, get_doctype
from ocrcheck.kinds import register_kind

DAY = date(2026, 12, 1)


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
        assert [f.rule for f in before.findings if f.field == "id_number"] == ["resident_id"]
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
    assert not hasattr(plan.checked, "memos")


def test_a_plugin_kind_is_asked_every_time() -> None:
    plan = _field_plan(FieldRule(path="code", kind="test_memo_kind"), False, "ymd")
    CALLS.clear()
    assert [plan.quick(" x ", DAY) for _ in range(3)] == ["x"] * 3
    assert CALLS == ["kind: x "] * 3


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
    assert hasattr(invoice.fields["seller_tax_id"].checked, "memos")
    assert hasattr(invoice.items["items"].fields["amount"].quick, "memos")


def test_the_memo_is_bounded() -> None:
    calls: list[Any] = []

    def quick(raw: Any) -> Any:
        calls.append(raw)
        return raw

    remembered = memoised_by_day(quick)
    memos: dict[date, dict[str, str]] = remembered.memos  # type: ignore[attr-defined]
    long = "x" * (MEMO_VALUE + 1)
    assert remembered(long, DAY) == remembered(long, DAY) == long
    assert calls == [long, long]  # a value over the bound is never kept
    assert not memos.get(DAY)
    for n in range(MEMO_ENTRIES * 3):
        remembered(str(n), DAY)
        assert len(memos[DAY]) <= MEMO_ENTRIES
    for offset in range(MEMO_DAYS * 3):
        remembered("a", date(2030, 1, 1 + offset))
        assert len(memos) <= MEMO_DAYS


def test_a_full_memo_starts_again_and_still_answers_right() -> None:
    remembered = memoised_by_day(str.upper)
    values = [f"v{n}" for n in range(MEMO_ENTRIES + 5)]
    for _ in range(2):
        assert [remembered(v, DAY) for v in values] == [v.upper() for v in values]


def test_only_string_answers_are_kept() -> None:
    calls: list[Any] = []

    def quick(raw: Any) -> Any:
        calls.append(raw)
        return [raw] if raw == "list" else SLOW if raw == "slow" else raw

    remembered = memoised_by_day(quick)
    first = remembered("list", DAY)
    first.append("changed by a caller")
    assert remembered("list", DAY) == ["list"]  # asked again: a mutable answer is never shared
    assert remembered("slow", DAY) is SLOW and remembered("slow", DAY) is SLOW
    assert remembered(3, DAY) == 3  # not a string: never kept
    assert calls == ["list", "list", "slow", "slow", 3]


@pytest.mark.parametrize("doc_type", ["cn_vat_invoice", "cn_resident_id"])
def test_the_plain_path_remembers_nothing(doc_type: str) -> None:
    plan = build_plan(get_doctype(doc_type), cache=False)
    tops = [f for f in plan.fields.values()]
    subs = [f for items in plan.items.values() for f in items.fields.values()]
    assert tops and not any(hasattr(f.quick, "memos") or hasattr(f.checked, "memos") for f in (*tops, *subs))
