"""A compiled yes/no check for the simple schemas document types use.

jsonschema's pure-Python validator is the source of truth for error details, but walking it costs
most of a clean document's check time (style.md: ~200 µs for an invoice). Most documents are
valid, so the engine first asks this compiled predicate; only when it says "no" does jsonschema
run to say why. A schema using any keyword this module does not know compiles to None and
always goes through jsonschema, so the fast path can never accept what jsonschema rejects
(tests compare the two on generated instances of every bundled schema).

The predicate is generated Python source, one small function per object or array schema with
each property's test inlined as an expression, compiled once per document type: a generic walk
(a call per keyword per value) cost more than the rest of a clean invoice's schema step. Nothing
from the schema is pasted into the source but property names, as `repr` literals; patterns,
enums and formats are passed in as constants.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol

Predicate = Callable[[Any], bool]


class FormatChecker(Protocol):
    """What the predicate asks of a format checker: jsonschema's `FormatChecker.conforms` (a
    protocol, not the class, so that compiling a predicate does not import jsonschema)."""

    def conforms(self, instance: object, format: str) -> bool: ...

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
# `{v}` is the value tested. JSON Schema's integer admits 1.0; booleans are neither numbers nor
# integers.
_TYPE_TESTS = {
    "string": "isinstance({v}, str)",
    "null": "{v} is None",
    "boolean": "isinstance({v}, bool)",
    "object": "isinstance({v}, dict)",
    "array": "isinstance({v}, list)",
    "number": "(isinstance({v}, (int, float)) and not isinstance({v}, bool))",
    "integer": "((isinstance({v}, int) and not isinstance({v}, bool))"
    " or (isinstance({v}, float) and {v}.is_integer()))",
}


def _enum_ok(options: tuple[Any, ...], value: Any) -> bool:
    # Stricter than JSON Schema (1 ≠ 1.0 here): a false "no" only costs a jsonschema run.
    return any(value == o and type(value) is type(o) for o in options)


class _Unsupported(Exception):
    """A keyword or value this compiler leaves to jsonschema."""


_MISSING = object()


class _Compiler:
    def __init__(self, format_checker: FormatChecker) -> None:
        self.namespace: dict[str, Any] = {"_enum_ok": _enum_ok, "_checker": format_checker, "_M": _MISSING}
        self.functions: list[str] = []

    def constant(self, value: Any) -> str:
        name = f"_k{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def expression(self, schema: Any, v: str) -> str:
        """A Python expression true when `v` satisfies `schema`."""
        if schema is True:
            return "True"
        if not isinstance(schema, dict):
            raise _Unsupported
        keys = {k for k in schema if k not in _ANNOTATIONS and not k.startswith("x-")}
        if keys - _KNOWN:
            raise _Unsupported
        tests: list[str] = []
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            alternatives = [_TYPE_TESTS[n].format(v=v) for n in names if n in _TYPE_TESTS]
            tests.append("(" + " or ".join(alternatives) + ")" if alternatives else "False")
        if "enum" in schema:
            tests.append(f"_enum_ok({self.constant(tuple(schema['enum']))}, {v})")
        if "const" in schema:
            tests.append(f"_enum_ok({self.constant((schema['const'],))}, {v})")
        if "pattern" in schema:
            pattern = self.constant(re.compile(schema["pattern"]))
            tests.append(f"(not isinstance({v}, str) or {pattern}.search({v}) is not None)")
        if "maxLength" in schema or "minLength" in schema:
            # JSON Schema counts code points, as Python's len does.
            bounds = self._bounds(schema.get("minLength", 0), schema.get("maxLength"), f"len({v})")
            tests.append(f"(not isinstance({v}, str) or {bounds})")
        if "format" in schema:
            tests.append(f"_checker.conforms({v}, {self.constant(schema['format'])})")
        if "properties" in schema or "required" in schema:
            tests.append(f"{self.object_function(schema)}({v})")
        if "items" in schema:
            tests.append(f"{self.items_function(schema['items'])}({v})")
        if "minItems" in schema or "maxItems" in schema:
            bounds = self._bounds(schema.get("minItems", 0), schema.get("maxItems"), f"len({v})")
            tests.append(f"(not isinstance({v}, list) or {bounds})")
        return " and ".join(tests) or "True"

    def _bounds(self, least: Any, most: Any, length: str) -> str:
        if not isinstance(least, int) or not (most is None or isinstance(most, int)):
            raise _Unsupported
        return f"{int(least)} <= {length}" + (f" <= {int(most)}" if most is not None else "")

    def object_function(self, schema: dict[str, Any]) -> str:
        name = f"_object{len(self.functions)}"
        self.functions.append("")  # reserves the name before sub-schemas add theirs
        index = len(self.functions) - 1
        required = schema.get("required", [])
        properties = schema.get("properties", {})
        if not isinstance(required, list) or not isinstance(properties, dict):
            raise _Unsupported
        lines = [f"def {name}(v):", "    if not isinstance(v, dict):", "        return True"]
        if required:
            missing = " or ".join(f"{key!r} not in v" for key in required)
            lines += [f"    if {missing}:", "        return False"]
        for key, sub in properties.items():
            test = self.expression(sub, "x")
            if test == "True":
                continue
            lines += [f"    x = v.get({key!r}, _M)", f"    if x is not _M and not ({test}):", "        return False"]
        lines.append("    return True")
        self.functions[index] = "\n".join(lines)
        return name

    def items_function(self, schema: Any) -> str:
        name = f"_items{len(self.functions)}"
        self.functions.append("")
        index = len(self.functions) - 1
        test = self.expression(schema, "x")
        self.functions[index] = "\n".join(
            [
                f"def {name}(v):",
                "    if not isinstance(v, list):",
                "        return True",
                "    for x in v:",
                f"        if not ({test}):",
                "            return False",
                "    return True",
            ]
        )
        return name


def compile_schema(schema: Any, format_checker: FormatChecker) -> Predicate | None:
    """A predicate equivalent to `validator.is_valid`, or None when the schema is not simple."""
    compiler = _Compiler(format_checker)
    try:
        test = compiler.expression(schema, "v")
    except _Unsupported:
        return None
    source = "\n\n".join([*compiler.functions, f"def _valid(v):\n    return bool({test})"])
    namespace = dict(compiler.namespace)
    exec(compile(source, "<ocrcheck schema predicate>", "exec"), namespace)  # our own source: see the docstring
    predicate: Predicate = namespace["_valid"]
    return predicate
