"""The contract the plan's memo (`ocrcheck._value_memo`) relies on: every built-in kind and check
answers a `str` (immutable, so one answer can be shared by every document that has the value),
and a field's quick and checked paths answer a `str` or `SLOW`, nothing else.

A normaliser or check that answered a list, a dict or a Decimal would still pass every other
test, and the memo would then hand one mutable object to many documents: these tests fail first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrcheck import checks
from ocrcheck._plan import SLOW, FieldPlan, _built_in, plan_of
from ocrcheck.doctypes import get_doctype, list_doctypes
from ocrcheck.kinds import get_kind, kind_names, normaliser
from ocrcheck.values import ValueProblem

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DAY = date(2026, 12, 1)
# Values no fixture holds but a hostile or sloppy answer does: empty, blank, null words, marks
# of unreadable or masked characters, full-width digits, impossible dates, huge numbers.
ODD_VALUES = ("", " ", "\u3000", "null", "无", "长期", "?", "*", "12**56", "１２３４", "0", "-1", "1e999",
              "NaN", "Infinity", "2024-02-30", "2024-13-01", "99991231", "9" * 18, "X" * 64, "\x00", "¥-0.00",
              "1,234.50", "壹佰元整", "A1B2C3", "<td>1</td>", "$x^2$")
# Published specimens of the checks no fixture exercises whole: ICAO Doc 9303's TD1 and TD2
# (Part 5 and 6, Appendix A) and python-stdnum's PAN doctest.
SPECIMENS = ("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
             "D231458907UTO7408122F1204159<<<<<<<6", "ACUPA7085R")


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


@cache
def values_of(doc_type: str) -> tuple[str, ...]:
    """Every string of the type's fixtures (its fields' values, right and wrong), ODD_VALUES and SPECIMENS."""
    found: dict[str, None] = dict.fromkeys((*ODD_VALUES, *SPECIMENS))
    for path in sorted((FIXTURES / doc_type).glob("*.json")) if (FIXTURES / doc_type).is_dir() else ():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue  # a fixture of a broken answer
        found.update(dict.fromkeys(s for s in _strings(data) if len(s) <= 200))
    return tuple(found)


def built_in_plans(doc_type: str) -> list[tuple[str, FieldPlan]]:
    """(field path, plan) of every top-level field and list subfield whose answers are memoised."""
    plan = plan_of(get_doctype(doc_type))
    plans = list(plan.fields.items())
    plans += [(f"{key}[].{sub}", field) for key, items in plan.items.items() for sub, field in items.fields.items()]
    return [(path, field) for path, field in plans if _built_in(field.rule)]


def _answer_problem(answer: Any) -> str | None:
    return None if type(answer) is str or answer is SLOW else f"{type(answer).__name__} {answer!r}"


@pytest.mark.parametrize("doc_type", list_doctypes())
def test_every_field_answers_a_string_or_slow_for_every_fixture_value(doc_type: str) -> None:
    values = values_of(doc_type)
    problems = []
    answered = 0
    for path, field in built_in_plans(doc_type):
        for raw in values:
            for name, way in (("quick", field.quick), ("checked", field.checked)):
                if way is None:
                    continue
                answer = way(raw, DAY)
                answered += answer is not SLOW
                problem = _answer_problem(answer)
                if problem:
                    problems.append(f"{path} {name}({raw!r}) -> {problem}")
    assert not problems, "\n".join(problems[:20])
    assert answered, f"no value of {doc_type}'s fixtures took the quick path: the test judged nothing"


@cache
def all_plans() -> tuple[tuple[str, str, FieldPlan], ...]:
    """(type, field path, plan) of every memoised field of every type: built when first drawn
    from, not when the suite is collected."""
    return tuple((doc_type, path, field) for doc_type in list_doctypes() for path, field in built_in_plans(doc_type))


@cache
def all_values() -> frozenset[str]:
    """`values_of` every type: among them the values each check and kind accepts."""
    return frozenset(value for doc_type in list_doctypes() for value in values_of(doc_type))


@settings(max_examples=400, deadline=None)
@given(data=st.data(), raw=st.text(max_size=40) | st.from_regex(r"[0-9X*?.,\- ]{0,24}", fullmatch=True))
def test_any_text_in_any_field_answers_a_string_or_slow(data: st.DataObject, raw: str) -> None:
    doc_type, path, field = data.draw(st.sampled_from(all_plans()))
    for way in (field.quick, field.checked):
        if way is not None:
            assert _answer_problem(way(raw, DAY)) is None, (doc_type, path, raw)


def _built_in_checks() -> list[str]:
    return [name for name in checks.check_names() if checks.check_info(name).module.startswith("ocrcheck.")]


@pytest.mark.parametrize("name", _built_in_checks())
def test_every_built_in_check_answers_a_string(name: str) -> None:
    check = checks.get_check(name)
    answers = 0
    for value in all_values():
        try:
            answer = check(value)
        except Exception:  # a failure is the long path's to report; only answers are kept
            continue
        assert type(answer) is str, (name, value, answer)
        answers += 1
    assert answers, f"no fixture value nor specimen passes {name}: the test judged nothing"


@pytest.mark.parametrize("kind", [kind for kind in kind_names() if get_kind(kind).module.startswith("ocrcheck.")])
def test_every_built_in_kind_normalises_to_a_string(kind: str) -> None:
    normalise = normaliser(kind)
    answers = 0
    for value in all_values():
        try:
            answer = normalise(value)
        except ValueProblem:
            continue
        assert type(answer) is str, (kind, value, answer)
        answers += 1
    assert answers, f"no fixture value is a {kind}: the test judged nothing"
