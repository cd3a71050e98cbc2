"""The fast engine gives the same results as the plain reference path, bit for bit (issue 13).

`check(..., _plain=True)` takes the reference path: no compiled plan, no caches, no fast schema
predicate. Every fixture of every type, and Hypothesis mutations of them (dropped, renamed and
aliased keys, two labels for one field, `?`, `*`, nulls, wrong types, odd items), must give the
same `Result` both ways — compared as the repr of its dump, so a value's type and the order of
fields and findings count too. The fast path is also run twice around the plain one, so what a
first call leaves in a cache is exercised by the second, and the first result is then mutated to
prove no later result shares its objects; nor may a check change the caller's data.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocrcheck
from ocrcheck import engine
from ocrcheck._models import Repeated
from ocrcheck.doctypes import get_doctype

from ._fixture_cases import CASE_IDS, CASES, FIXTURES


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def dump(result: ocrcheck.Result) -> str:
    return repr(result.model_dump())


def assert_same(doc_type: str, data: Any, unmapped: Any = "keep") -> None:
    before = copy.deepcopy(data)
    fast = ocrcheck.check(doc_type, data, unmapped=unmapped)
    fast_dump = dump(fast)
    plain = ocrcheck.check(doc_type, data, unmapped=unmapped, _plain=True)
    assert fast_dump == dump(plain)
    fast.fields.clear()  # a caller may change what it got: later results must not see it
    fast.findings.clear()
    again = ocrcheck.check(doc_type, data, unmapped=unmapped)
    assert dump(again) == dump(plain)
    assert repr(data) == repr(before), "check() changed the caller's data"


def test_there_are_fixtures_of_every_type() -> None:
    assert len({doc_type for doc_type, _ in CASES}) >= 50


@pytest.mark.parametrize(("doc_type", "path"), CASES, ids=CASE_IDS)
def test_every_fixture_same_both_ways(doc_type: str, path: Path) -> None:
    data = _load(path)
    assert_same(doc_type, data)
    if isinstance(data, dict):
        assert_same(doc_type, data, unmapped="extra")


# ------------------------------------------------------------------------- generated documents
def _labels(doc_type: str) -> dict[str, list[str]]:
    """Our key → every label of it (key first, then its aliases), top level and `list[].sub`."""
    properties = get_doctype(doc_type).schema["properties"]
    out: dict[str, list[str]] = {}
    for key, prop in properties.items():
        out[key] = [key, *prop.get("x-aliases", [])]
        for sub, sub_prop in prop.get("items", {}).get("properties", {}).items():
            out[f"{key}[].{sub}"] = [sub, *sub_prop.get("x-aliases", [])]
    return out


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.sampled_from(["", " ", "null", "N/A", "无", "长期", "?", "２０２４年１１月１４日", "¥1,234.5", "13%", "男"]),
    st.just("x" * 70),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    st.text(max_size=12),
)


def _edit_value(draw: st.DrawFn, value: Any) -> Any:
    op = draw(st.sampled_from(["odd", "question", "star", "fullwidth", "spaces", "case", "number"]))
    if op == "odd" or not isinstance(value, str) or not value:
        return draw(ODD_VALUES)
    at = draw(st.integers(0, len(value) - 1))
    if op == "question":
        return value[:at] + draw(st.sampled_from(["?", "？", "??"])) + value[at + 1 :]
    if op == "star":
        return value[:at] + draw(st.sampled_from(["*", "****", "＊"])) + value[at + 1 :]
    if op == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)
    if op == "spaces":
        return f" {value[:at]} {value[at:]}\t"
    if op == "case":
        return value.swapcase()
    return int(value) if value.isdigit() and len(value) < 30 else value


def _edit_object(draw: st.DrawFn, data: dict[str, Any], labels: list[str], other: list[str]) -> dict[str, Any]:
    """One edit of one object: its keys or one value."""
    if not data:
        return {draw(st.sampled_from(labels or ["x"])): draw(ODD_VALUES)}
    keys = list(data)
    key = draw(st.sampled_from(keys))
    op = draw(st.sampled_from(["drop", "rename", "twice", "value", "value", "unknown", "reorder"]))
    out = dict(data)
    if op == "drop":
        del out[key]
    elif op == "rename":
        new = draw(st.sampled_from(labels + other)) if labels else key + "_"
        new = draw(st.sampled_from([new, new.upper(), f" {new} ", new.replace("_", " "), f"{new}:"]))
        out = {(new if k == key else k): v for k, v in out.items()}
    elif op == "twice":  # the same field under another label, same or different value
        new = draw(st.sampled_from(labels)) if labels else key
        out[new] = draw(st.sampled_from([data[key], _edit_value(draw, data[key])]))
    elif op == "value":
        out[key] = _edit_value(draw, data[key])
    elif op == "unknown":
        out[draw(st.text(min_size=1, max_size=6))] = draw(ODD_VALUES)
    else:
        out = dict(reversed(list(out.items())))
    return out


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, Any]:
    doc_type, path = draw(st.sampled_from(CASES))
    data = _load(path)
    if not isinstance(data, dict):
        return doc_type, data
    labels = _labels(doc_type)
    top = [label for key, names in labels.items() if "[]" not in key for label in names]
    for _ in range(draw(st.integers(1, 5))):
        lists = [k for k, v in data.items() if isinstance(v, list) and v]
        if lists and draw(st.booleans()):
            key = draw(st.sampled_from(lists))
            items = list(data[key])
            index = draw(st.integers(0, len(items) - 1))
            sub = [n for k, names in labels.items() if k.startswith(f"{key}[].") for n in names]
            choice = draw(st.sampled_from(["edit", "edit", "drop", "odd", "copy"]))
            if choice == "edit" and isinstance(items[index], dict):
                items[index] = _edit_object(draw, items[index], sub, [])
            elif choice == "drop":
                del items[index]
            elif choice == "odd":
                items[index] = draw(ODD_VALUES)
            else:
                items.append(copy.deepcopy(items[index]))
            data = {**data, key: items}
        else:
            data = _edit_object(draw, data, top, [])
    return doc_type, data


@pytest.fixture
def no_suggestions(monkeypatch: pytest.MonkeyPatch) -> None:
    # Repair suggestions try hundreds of candidates per `?`: kept for the fixtures above, off here
    # so the generated documents are many. Both paths share the one `_suggest`.
    monkeypatch.setattr(engine, "_suggest", lambda name, value: None)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(documents(), st.sampled_from(["keep", "extra"]))
def test_generated_documents_same_both_ways(no_suggestions: None, document: tuple[str, Any], unmapped: str) -> None:
    doc_type, data = document
    assert_same(doc_type, data, unmapped)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_with_suggestions_same_both_ways(document: tuple[str, Any]) -> None:
    doc_type, data = document
    assert_same(doc_type, data)


@pytest.mark.parametrize("doc_type", ["cn_resident_id", "cn_vat_invoice"])
def test_a_key_given_twice_takes_the_long_way_in_an_object_of_distinct_labels(doc_type: str) -> None:
    """The fast key mapping (every label its own field, one `dict(zip)`) must not swallow a
    `Repeated` value: the parser's record of one key given twice, with different values."""
    data = _load(FIXTURES / doc_type / "clean.fields.json")
    first = next(key for key, value in data.items() if isinstance(value, str) and value)
    data[first] = Repeated((data[first], data[first] + "1"))
    assert_same(doc_type, data)
    found = ocrcheck.check(doc_type, data)
    assert [f.variant for f in found.findings if f.rule == "repeated_key"] == ["repeated_key"]
    if "items" in data:
        items = [dict(item) for item in data["items"]]
        sub = next(iter(items[0]))
        items[0][sub] = Repeated((items[0][sub], items[0][sub] + "x"))
        assert_same(doc_type, {**_load(FIXTURES / doc_type / "clean.fields.json"), "items": items})


class _Line(Mapping[str, Any]):
    """A line that is a mapping but no dict."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"_Line({self._data!r})"


@pytest.mark.parametrize("line", [0, 1, 2])
def test_each_line_of_a_list_is_walked_by_its_own_keys(line: int) -> None:
    """Lines that share their labels share one walk (`_Run.items`): a line whose keys differ
    from the one before, or that holds a key given twice, or that is another kind of mapping,
    must still be read the long way where the long way differs."""
    base = _load(FIXTURES / "cn_vat_invoice" / "clean.fields.json")
    sub = next(iter(base["items"][0]))
    cases: list[list[Any]] = []
    items = [dict(item) for item in base["items"]]
    items[line][sub] = Repeated((items[line][sub], items[line][sub] + "x"))
    cases.append(items)
    items = [dict(item) for item in base["items"]]
    items[line] = {("name" if k == sub else k): v for k, v in items[line].items()}  # our key, not the label
    cases.append(items)
    items = [dict(item) for item in base["items"]]
    items[line] = {k: v for k, v in reversed(list(items[line].items()))}  # the same keys, in another order
    cases.append(items)
    items = [dict(item) for item in base["items"]]
    items[line]["备注栏"] = "x"  # a label of no field
    cases.append(items)
    items = [dict(item) for item in base["items"]]
    items[line] = _Line(items[line])  # type: ignore[assignment]
    cases.append(items)
    for items in cases:
        data = {**base, "items": items}
        assert_same("cn_vat_invoice", data)
    found = ocrcheck.check("cn_vat_invoice", {**base, "items": cases[0]})
    assert [f.field for f in found.findings if f.rule == "repeated_key"] == [f"items[{line}].name"]
    found = ocrcheck.check("cn_vat_invoice", {**base, "items": cases[3]})
    assert [f.field for f in found.findings if f.variant == "unknown_field"] == [f"items[{line}].备注栏"]
