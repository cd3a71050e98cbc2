"""Document types as data: `schemas/<id>.json` + `rules/<id>.toml`, loaded and checked together.

A schema without its rule file (or the reverse), an unknown key, an unknown check or rule name,
or a rule naming a field the schema lacks is a `ConfigError` naming the file and the key, raised
when the type loads, never while a document is being checked.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import checks, crossfield
from ._exceptions import ConfigError, UnknownDocType
from ._schema_fast import Predicate, compile_schema
from .kinds import Kind, get_kind, is_kind, kind_names
from .typepath import BUILT_IN, data_dir, is_type_id, search_dirs, type_index

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

TypesPath = str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None


_FIELD_KEYS = {"kind", "checks", "warnings", "masked", "masked_checks", "pii", "long_term"}
_TOP_KEYS = {"doc_type", "title", "date_order", "fields", "cross", "allow_unknown"}
_CROSS_KEYS = {"rule", "severity"}
_SEVERITIES = {"error", "warning", "info"}
_ITEM_PATH = re.compile(r"^([a-z][a-z0-9_]*)(?:\[\]\.([a-z][a-z0-9_]*))?$")


@dataclass(frozen=True)
class FieldRule:
    """How one field (or `list[].field` of list items) is normalised and checked."""

    path: str
    kind: str = "text"
    checks: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    masked: str = "error"  # "error": `*` runs are a finding; "allow": visible parts still checked
    masked_checks: tuple[str, ...] = ()
    pii: bool = False
    long_term: bool = False  # a date field that may say 长期 (no end date)
    # The registered kind, resolved once here so that reading a value costs no look-up by name.
    spec: Kind = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec", get_kind(self.kind))


@dataclass(frozen=True)
class CrossRuleUse:
    name: str
    severity: str
    options: dict[str, Any]


@dataclass
class DocType:
    id: str
    title: str
    schema: dict[str, Any]
    date_order: str
    fields: dict[str, FieldRule]
    cross: list[CrossRuleUse]
    required: tuple[str, ...]
    aliases: dict[str, str]  # folded label → field key, top level
    item_aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # list key → aliases
    list_fields: tuple[str, ...] = ()
    fast_valid: Predicate | None = None  # compiled yes/no; jsonschema says why when it is "no"
    # The shared schemas `$ref`s resolve against, as data: a pickled type rebuilds from it.
    common: tuple[tuple[str, Any], ...] = ()
    digest: str = ""  # sha256 of the schema, rule file and shared schemas as loaded: the ruleset version
    _validator: Draft202012Validator | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def validator(self) -> Draft202012Validator:
        """jsonschema's validator of the schema, built on first use: a document the compiled
        `fast_valid` accepts never needs it, and importing jsonschema is a good part of a cold
        start (issue 13)."""
        if self._validator is None:
            self._validator = _build_validator(self.schema, self.common)
        return self._validator

    @property
    def pii_fields(self) -> tuple[str, ...]:
        return tuple(path for path, rule in self.fields.items() if rule.pii)

    def __reduce__(self) -> tuple[Any, ...]:
        # The validator and the compiled predicate hold closures that do not pickle; they are
        # rebuilt from the schema on the other side, so a type loaded on one machine checks on
        # another (a process pool, a Dask worker) with exactly these rules and no file read.
        state = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                 if f.name not in ("_validator", "fast_valid")}
        return (_rebuild, (state,))


def _build_validator(schema: dict[str, Any], common: Iterable[tuple[str, Any]]) -> Draft202012Validator:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    registry: Registry = Registry().with_resources((uri, Resource.from_contents(c)) for uri, c in common)
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class _Formats:
    """The format checker of the compiled predicate: the answers of jsonschema's Draft 2020-12
    `FORMAT_CHECKER`, which is imported only for a format other than `date` (the one bundled
    schemas use: its test is jsonschema's own, `is_date`; tests/test_lazy_imports.py holds the
    two equal on generated strings)."""

    def conforms(self, instance: object, format: str) -> bool:
        if format == "date":
            if not isinstance(instance, str):
                return True
            try:
                return bool(_DATE.fullmatch(instance) and date.fromisoformat(instance))
            except ValueError:
                return False
        from jsonschema import Draft202012Validator

        return Draft202012Validator.FORMAT_CHECKER.conforms(instance, format)


FORMATS = _Formats()


def _rebuild(state: dict[str, Any]) -> DocType:
    # A worker process: the checks and rules of installed packages the type names are loaded
    # when its plan first asks for a name no built-in module registers (`ocrcheck.plugins`).
    return DocType(**state, fast_valid=compile_schema(state["schema"], FORMATS))


_LABEL_NOISE = re.compile(r"[\s_\-:：()（）/]+")
_CACHED_LABEL = 64  # longer labels are no field's: folded each time, never kept


def fold_label(label: str) -> str:
    """The key under which labels are compared: `Destination Station` = `destination_station`."""
    if len(label) <= _CACHED_LABEL:
        return _fold_cached(label)
    return _LABEL_NOISE.sub("", label).casefold()


@lru_cache(maxsize=4096)
def _fold_cached(label: str) -> str:
    # The same few hundred labels come back on every document; bounded in count and length so
    # answers of made-up keys cannot grow it.
    return _LABEL_NOISE.sub("", label).casefold()


def _digest(schema: dict[str, Any], table: dict[str, Any], common: Iterable[tuple[str, Any]]) -> str:
    """Of the content, not the bytes: a changed comment or key order is the same ruleset."""
    canonical = json.dumps({"schema": schema, "rules": table, "common": list(common)},
                           sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _common_schemas() -> tuple[tuple[str, Any], ...]:
    resources = []
    common = data_dir("schemas") / "_common"
    if common.is_dir():
        for path in sorted(common.glob("*.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            resources.append((contents.get("$id", path.name), contents))
    return tuple(resources)


def _aliases_of(properties: dict[str, Any], where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, prop in properties.items():
        labels = [key, *prop.get("x-aliases", [])]
        for label in labels:
            folded = fold_label(label)
            if folded in out and out[folded] != key:
                raise ConfigError(where, f"properties.{key}.x-aliases", f"{label!r} also names {out[folded]!r}")
            out[folded] = key
    return out


def _tuple_of_names(value: Any, path: str, key: str, known: Callable[[str], bool], what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, key, "must be a list of names")
    for name in value:
        if not known(name):
            raise ConfigError(path, key, f"unknown {what} {name!r}")
    return tuple(value)


def _field_rule(field_path: str, table: Any, rules_path: str, properties: dict[str, Any]) -> FieldRule:
    key = f"fields.{field_path}"
    if not isinstance(table, dict):
        raise ConfigError(rules_path, key, "must be a table")
    for name in table:
        if name not in _FIELD_KEYS:
            raise ConfigError(rules_path, f"{key}.{name}", "unknown key")
    match = _ITEM_PATH.match(field_path)
    if not match:
        raise ConfigError(rules_path, key, "field paths are `name` or `list[].name`")
    top, sub = match.groups()
    prop = properties.get(top)
    if prop is None:
        raise ConfigError(rules_path, key, f"the schema has no property {top!r}")
    if sub is not None:
        item_props = prop.get("items", {}).get("properties", {})
        if sub not in item_props:
            raise ConfigError(rules_path, key, f"the schema's {top} items have no property {sub!r}")
    kind = table.get("kind", "text")
    if not is_kind(kind):
        raise ConfigError(rules_path, f"{key}.kind", f"unknown kind {kind!r} (one of {', '.join(kind_names())})")
    masked = table.get("masked", "error")
    if masked not in ("error", "allow"):
        raise ConfigError(rules_path, f"{key}.masked", "must be 'error' or 'allow'")
    is_check = checks.is_check
    return FieldRule(
        path=field_path,
        kind=kind,
        checks=_tuple_of_names(table.get("checks", []), rules_path, f"{key}.checks", is_check, "check"),
        warnings=_tuple_of_names(table.get("warnings", []), rules_path, f"{key}.warnings", is_check, "check"),
        masked=masked,
        masked_checks=_tuple_of_names(
            table.get("masked_checks", []), rules_path, f"{key}.masked_checks", is_check, "check"
        ),
        pii=_flag(table, "pii", rules_path, key),
        long_term=_flag(table, "long_term", rules_path, key),
    )


def _flag(table: dict[str, Any], name: str, path: str, key: str) -> bool:
    value = table.get(name, False)
    if not isinstance(value, bool):
        raise ConfigError(path, f"{key}.{name}", "must be true or false")
    return value


def _check_field_reference(value: Any, path: str, key: str, properties: dict[str, Any]) -> None:
    match = _ITEM_PATH.match(value) if isinstance(value, str) else None
    if not match:
        raise ConfigError(path, key, "must name a field (`name` or `list[].name`)")
    top, sub = match.groups()
    if top not in properties:
        raise ConfigError(path, key, f"the schema has no field {top!r}")
    if sub is not None and sub not in properties[top].get("items", {}).get("properties", {}):
        raise ConfigError(path, key, f"the schema's {top} items have no field {sub!r}")


def _cross_use(
    index: int, table: Any, rules_path: str, properties: dict[str, Any], fields: dict[str, FieldRule]
) -> CrossRuleUse:
    key = f"cross[{index}]"
    if not isinstance(table, dict) or "rule" not in table:
        raise ConfigError(rules_path, key, "each [[cross]] table needs a `rule` name")
    name = table["rule"]
    try:
        rule = crossfield.get_rule(name)
    except KeyError:
        raise ConfigError(rules_path, f"{key}.rule", f"unknown cross-field rule {name!r}") from None
    severity = table.get("severity", "error")
    if severity not in _SEVERITIES:
        raise ConfigError(rules_path, f"{key}.severity", f"must be one of {sorted(_SEVERITIES)}")
    options = {k: v for k, v in table.items() if k not in _CROSS_KEYS}
    for param in rule.fields:
        if param not in options:
            raise ConfigError(rules_path, f"{key}.{param}", f"rule {name!r} needs this parameter")
    for param, value in options.items():
        if param in rule.fields or param in rule.optional_fields:
            _check_field_reference(value, rules_path, f"{key}.{param}", properties)
            kind = fields[value].kind if value in fields else "text"
            if not rule.accepts(param, kind):
                allowed = ", ".join(rule.kinds[param])
                problem = f"rule {name!r} reads {param} as one of {allowed}; {value!r} is of kind {kind!r}"
                raise ConfigError(rules_path, f"{key}.{param}", problem)
        elif param not in rule.options:
            raise ConfigError(rules_path, f"{key}.{param}", f"rule {name!r} takes no such parameter")
    return CrossRuleUse(name, severity, options)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(path), "(syntax)", str(error)) from None


def load_doctype(
    doc_type: str, schemas: Path | None = None, rules: Path | None = None, *, bundled: bool = False
) -> DocType:
    """Load and check one document type from explicit or default directories.

    `bundled`: a type shipped with ocrcheck, whose schema is not checked against the JSON Schema
    metaschema here (tests/test_catalogue.py checks every bundled schema; the check costs a cold
    start the jsonschema import and a walk of the metaschema). A user's schema always is."""
    if not is_type_id(doc_type):
        raise UnknownDocType(doc_type, list_doctypes())  # never a path built from it
    schemas = schemas or data_dir("schemas")
    rules = rules or data_dir("rules")
    schema_path = schemas / f"{doc_type}.json"
    rules_path = rules / f"{doc_type}.toml"
    if not schema_path.is_file() and not rules_path.is_file():
        raise UnknownDocType(doc_type, list_doctypes())
    if not schema_path.is_file():
        raise ConfigError(str(rules_path), "(file)", f"has no schema {schema_path.name}")
    if not rules_path.is_file():
        raise ConfigError(str(schema_path), "(file)", f"has no rule file {rules_path.name}")
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ConfigError(str(schema_path), "(syntax)", str(error)) from None
    if not bundled:
        check_schema(schema, str(schema_path))
    properties = schema.get("properties")
    if schema.get("type") != "object" or not isinstance(properties, dict):
        raise ConfigError(str(schema_path), "properties", "a document schema is an object with properties")
    table = _read_toml(rules_path)
    for key in table:
        if key not in _TOP_KEYS:
            raise ConfigError(str(rules_path), key, "unknown key")
    if table.get("doc_type", doc_type) != doc_type:
        raise ConfigError(str(rules_path), "doc_type", f"says {table['doc_type']!r}, the file is {doc_type!r}")
    order = table.get("date_order", "ymd")
    if order not in ("ymd", "dmy", "mdy"):
        raise ConfigError(str(rules_path), "date_order", "must be ymd, dmy or mdy")
    fields = {
        path: _field_rule(path, value, str(rules_path), properties) for path, value in table.get("fields", {}).items()
    }
    cross = [
        _cross_use(i, value, str(rules_path), properties, fields) for i, value in enumerate(table.get("cross", []))
    ]
    list_fields = tuple(k for k, p in properties.items() if p.get("type") == "array" or "array" in p.get("type", []))
    item_aliases = {
        key: _aliases_of(properties[key].get("items", {}).get("properties", {}), str(schema_path))
        for key in list_fields
    }
    common = _common_schemas()
    return DocType(
        id=doc_type,
        title=table.get("title", schema.get("title", doc_type)),
        schema=schema,
        date_order=order,
        fields=fields,
        cross=cross,
        required=tuple(schema.get("required", [])),
        aliases=_aliases_of(properties, str(schema_path)),
        item_aliases=item_aliases,
        list_fields=list_fields,
        fast_valid=compile_schema(schema, FORMATS),
        common=common,
        digest=_digest(schema, table, common),
    )


def get_doctype(doc_type: str, types_path: TypesPath = None) -> DocType:
    """The loaded document type, compiled once per process (and per search path).

    `types_path`: directories of user types (`schemas/` + `rules/`) to search besides the built-in
    ones, the `--types-dir` of the running command and `OCRCHECK_TYPES_PATH` (see typepath.py)."""
    dirs = search_dirs(types_path)
    if not is_type_id(doc_type):
        raise UnknownDocType(doc_type, sorted(type_index(dirs)))
    return _loaded(doc_type, dirs)


@cache
def _loaded(doc_type: str, dirs: tuple[str, ...]) -> DocType:
    source = type_index(dirs).get(doc_type)
    if source is None:
        raise UnknownDocType(doc_type, sorted(type_index(dirs)))
    return load_doctype(doc_type, source.schemas, source.rules, bundled=source.origin == BUILT_IN)


def check_schema(schema: Any, where: str) -> None:
    """A `ConfigError` naming the key unless `schema` is a valid Draft 2020-12 JSON Schema."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        raise ConfigError(where, "/".join(map(str, error.path)) or "(root)", error.message) from None


def list_doctypes(types_path: TypesPath = None) -> list[str]:
    """Every known type id: the built-in ones and those in the user directories in force."""
    return sorted(type_index(search_dirs(types_path)))


def result_schema(doc_type: str, types_path: TypesPath = None) -> dict[str, Any]:
    """The `result_schema` to send to the service: keys → descriptions, at most three levels deep.

    The service fills the *values* of this template; a list gives one element template.
    """
    schema = get_doctype(doc_type, types_path).schema

    def template(prop: dict[str, Any], depth: int) -> Any:
        types = prop.get("type")
        types = types if isinstance(types, list) else [types]
        if "object" in types and depth < 3:
            return {k: template(v, depth + 1) for k, v in prop.get("properties", {}).items()}
        if "array" in types and depth < 3:
            return [template(prop.get("items", {}), depth + 1)]
        return prop.get("description", "")

    return {key: template(prop, 1) for key, prop in schema["properties"].items()}
