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


def _length(value: str) -> int:
    # JSON Schema counts code points, as Python's len does.
    return len(value)


def compile_schema(schema: Any, format_checker: FormatChecker) -> Predicate | None:
    """A predicate equivalent to `validator.is_valid`, or None when the schema is not simple."""
    if schema is True:
        return lambda value: True
    if not isinstance(schema, dict):
        return None
    keys = {k for k in schema if k not in _ANNOTATIONS and not k.startswith("x-")}
    if keys - _KNOWN:
        return None
    tests: list[Predicate] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        tests.append(lambda v, names=tuple(names): any(_is_type(v, n) for n in names))
    if "enum" in schema:
        tests.append(lambda v, options=schema["enum"]: any(v == o and type(v) is type(o) for o in options))
    if "const" in schema:
        tests.append(lambda v, c=schema["const"]: v == c and type(v) is type(c))
    if "pattern" in schema:
        search = re.compile(schema["pattern"]).search
        tests.append(lambda v, search=search: not isinstance(v, str) or search(v) is not None)
    if "maxLength" in schema:
        tests.append(lambda v, n=schema["maxLength"]: not isinstance(v, str) or _length(v) <= n)
    if "minLength" in schema:
        tests.append(lambda v, n=schema["minLength"]: not isinstance(v, str) or _length(v) >= n)
    if "format" in schema:
        conforms = format_checker.conforms
        tests.append(lambda v, f=schema["format"]: conforms(v, f))
    if "properties" in schema or "required" in schema:
        props: dict[str, Predicate] = {}
        for name, sub in schema.get("properties", {}).items():
            compiled = compile_schema(sub, format_checker)
            if compiled is None:
                return None
            props[name] = compiled
        required = tuple(schema.get("required", ()))

        def object_ok(v: Any, props: dict[str, Predicate] = props, required: tuple[str, ...] = required) -> bool:
            if not isinstance(v, dict):
                return True
            if any(r not in v for r in required):
                return False
            return all(check(v[k]) for k, check in props.items() if k in v)

        tests.append(object_ok)
    if "items" in schema:
        item = compile_schema(schema["items"], format_checker)
        if item is None:
            return None
        tests.append(lambda v, item=item: not isinstance(v, list) or all(item(x) for x in v))
    if "minItems" in schema:
        tests.append(lambda v, n=schema["minItems"]: not isinstance(v, list) or len(v) >= n)
    if "maxItems" in schema:
        tests.append(lambda v, n=schema["maxItems"]: not isinstance(v, list) or len(v) <= n)
    checks = tuple(tests)
    return lambda value: all(test(value) for test in checks)
