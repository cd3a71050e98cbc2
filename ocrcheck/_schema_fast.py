"""A compiled yes/no check for the simple schemas document types use.

jsonschema's pure-Python validator is the source of truth for error details, but walking it costs
most of a clean document's check time (style.md: ~200 µs for an invoice). Most documents are
valid, so the engine first asks this compiled predicate; only when it says "no" does jsonschema
run to say why. A schema using any keyword this module does not know compiles to None and
always goes through jsonschema, so the fast path can never accept what jsonschema rejects
(tests compare the two on generated instances of every bundled schema).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from jsonschema import FormatChecker

Predicate = Callable[[Any], bool]

# Keywords that only annotate: they never change validity.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly"}
)
_KNOWN = frozenset(
    {
        "type",
        "properties",
        "required",
        "items",
        "enum",
        "const",
        "pattern",
        "maxLength",
        "minLength",
        "format",
        "minItems",
        "maxItems",
    }
)


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if isinstance(value, bool):
        return False
    if name == "number":
        return isinstance(value, (int, float))
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return False


def _type_ok(names: tuple[str, ...], value: Any) -> bool:
    return any(_is_type(value, n) for n in names)


def _enum_ok(options: tuple[Any, ...], value: Any) -> bool:
    # Stricter than JSON Schema (1 ≠ 1.0 here): a false "no" only costs a jsonschema run.
    return any(value == o and type(value) is type(o) for o in options)


def _pattern_ok(pattern: re.Pattern[str], value: Any) -> bool:
    return not isinstance(value, str) or pattern.search(value) is not None


def _length_ok(least: int, most: int | None, value: Any) -> bool:
    # JSON Schema counts code points, as Python's len does.
    if not isinstance(value, str):
        return True
    return len(value) >= least and (most is None or len(value) <= most)


def _format_ok(checker: FormatChecker, name: str, value: Any) -> bool:
    return checker.conforms(value, name)


def _items_ok(item: Predicate, value: Any) -> bool:
    return not isinstance(value, list) or all(item(x) for x in value)


def _count_ok(least: int, most: int | None, value: Any) -> bool:
    if not isinstance(value, list):
        return True
    return len(value) >= least and (most is None or len(value) <= most)


def _object_ok(props: dict[str, Predicate], required: tuple[str, ...], value: Any) -> bool:
    if not isinstance(value, dict):
        return True
    if any(r not in value for r in required):
        return False
    return all(check(value[k]) for k, check in props.items() if k in value)


def _all_ok(tests: tuple[Predicate, ...], value: Any) -> bool:
    return all(test(value) for test in tests)


def compile_schema(schema: Any, format_checker: FormatChecker) -> Predicate | None:
    """A predicate equivalent to `validator.is_valid`, or None when the schema is not simple."""
    if schema is True:
        return partial(_all_ok, ())
    if not isinstance(schema, dict):
        return None
    keys = {k for k in schema if k not in _ANNOTATIONS and not k.startswith("x-")}
    if keys - _KNOWN:
        return None
    tests: list[Predicate] = []
    if "type" in schema:
        names = tuple(schema["type"] if isinstance(schema["type"], list) else [schema["type"]])
        tests.append(partial(_type_ok, names))
    if "enum" in schema:
        tests.append(partial(_enum_ok, tuple(schema["enum"])))
    if "const" in schema:
        tests.append(partial(_enum_ok, (schema["const"],)))
    if "pattern" in schema:
        tests.append(partial(_pattern_ok, re.compile(schema["pattern"])))
    if "maxLength" in schema or "minLength" in schema:
        tests.append(partial(_length_ok, schema.get("minLength", 0), schema.get("maxLength")))
    if "format" in schema:
        tests.append(partial(_format_ok, format_checker, schema["format"]))
    if "properties" in schema or "required" in schema:
        props: dict[str, Predicate] = {}
        for name, sub in schema.get("properties", {}).items():
            compiled = compile_schema(sub, format_checker)
            if compiled is None:
                return None
            props[name] = compiled
        required = tuple(schema.get("required", ()))

        tests.append(partial(_object_ok, props, required))
    if "items" in schema:
        item = compile_schema(schema["items"], format_checker)
        if item is None:
            return None
        tests.append(partial(_items_ok, item))
    if "minItems" in schema or "maxItems" in schema:
        tests.append(partial(_count_ok, schema.get("minItems", 0), schema.get("maxItems")))
    return partial(_all_ok, tuple(tests))
