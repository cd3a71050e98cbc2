"""The compiled schema predicate agrees with jsonschema, and never accepts what it rejects."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ocrcheck._schema_fast import compile_schema
from ocrcheck.doctypes import get_doctype, list_doctypes

CHECKER = Draft202012Validator.FORMAT_CHECKER

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "2024-11-14", "2024-13-01", "337.50", "abc", "G1948", "0.13", "长期", "M", "12345678"]),
    st.text(max_size=8),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=6,
)


def instances(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects over the schema's own keys (plus noise), with values of every JSON type."""
    props = schema["properties"]
    item_values: dict[str, st.SearchStrategy[Any]] = {}
    for key, prop in props.items():
        if "items" in prop and "properties" in prop["items"]:
            sub = st.fixed_dictionaries({}, optional={k: VALUES for k in prop["items"]["properties"]})
            item_values[key] = st.one_of(st.lists(sub, max_size=3), VALUES)
        else:
            item_values[key] = VALUES
    return st.fixed_dictionaries({}, optional={**item_values, "noise": VALUES})


@pytest.mark.parametrize("doc_type", list_doctypes())
def test_every_bundled_schema_compiles(doc_type: str) -> None:
    assert get_doctype(doc_type).fast_valid is not None


@pytest.mark.parametrize("doc_type", list_doctypes())
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_fast_path_agrees_with_jsonschema(doc_type: str, data: st.DataObject) -> None:
    doctype = get_doctype(doc_type)
    instance = data.draw(instances(doctype.schema))
    assert doctype.fast_valid is not None
    assert doctype.fast_valid(instance) == doctype.validator.is_valid(instance)


def test_unknown_keywords_fall_back_to_jsonschema() -> None:
    assert compile_schema({"type": "object", "properties": {"a": {"$ref": "#/x"}}}, CHECKER) is None
    assert compile_schema({"anyOf": [{"type": "string"}]}, CHECKER) is None


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        ({"type": "integer"}, 3.0, True),
        ({"type": ["string", "null"], "pattern": "^\\d+\\.\\d{2}$"}, "1.00", "1.0"),
        ({"enum": [1, "a"]}, "a", "b"),
        ({"type": "string", "format": "date"}, "2024-02-29", "2023-02-29"),
        (
            {"type": "array", "items": {"type": "object", "required": ["a"]}, "maxItems": 1},
            [{"a": 1}],
            [{"a": 1}, {"a": 2}],
        ),
        ({"type": "string", "maxLength": 2, "minLength": 1}, "长期", "长期有效"),
    ],
)
def test_keywords(schema: dict[str, Any], good: Any, bad: Any) -> None:
    predicate = compile_schema(schema, CHECKER)
    validator = Draft202012Validator(schema, format_checker=CHECKER)
    assert predicate is not None
    assert predicate(good) and validator.is_valid(good)
    assert not predicate(bad) and not validator.is_valid(bad)


class _Text(str):
    """A str subclass: a string to JSON Schema, though not of type `str` itself."""


@pytest.mark.parametrize(
    "instance",
    [{}, {"a": "x"}, {"a": None, "b": "y"}, {"a": _Text("x"), "c": None}, {"a": 1}, {"b": _Text("y"), "c": 2.5},
     {"c": ["x"]}, {"a": "x", "b": "y", "c": {"d": 1}}, {"a": True}, {"d": "x", "e": 1}, {"d": 1}],
)
def test_text_properties_agree_with_jsonschema(instance: dict[str, Any]) -> None:
    # `a`, `b` and `c` are a string or null and nothing more, `d` has a pattern of its own, `e`
    # is not a property at all; the schema names nothing required (and compiles all the same).
    text = {"type": ["string", "null"]}
    schema = {"type": "object", "properties": {"a": text, "b": {"type": ["null", "string"]}, "c": text,
                                               "d": {"type": "string", "pattern": "^x$"}}}
    predicate = compile_schema(schema, CHECKER)
    assert predicate is not None
    assert predicate(instance) == Draft202012Validator(schema, format_checker=CHECKER).is_valid(instance)
