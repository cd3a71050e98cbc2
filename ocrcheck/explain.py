"""What a document type checks, read from the registries: `ocrcheck explain`, `docs/types.md`.

Everything here is generated from the loaded type (schema and rule file) and from what the check,
rule and kind registries say of themselves (description, source standard), so it cannot drift
from what the engine does. `describe_type` gives plain data (the JSON form); `render_text` and
`render_markdown` print it.
"""

from __future__ import annotations

from typing import Any

from . import checks, crossfield
from .doctypes import DocType, TypesPath, get_doctype, list_doctypes
from .kinds import get_kind, kind_names
from .typepath import BUILT_IN, search_dirs, type_index


def _field_paths(doctype: DocType) -> list[tuple[str, dict[str, Any], bool]]:
    """(path, schema property, required) of every field: `key`, and `list[].key` for list items."""
    out = []
    required = set(doctype.required)
    for key, prop in doctype.schema.get("properties", {}).items():
        items = prop.get("items") if isinstance(prop.get("items"), dict) else None
        out.append((key, prop, key in required))
        if items is not None:
            item_required = set(items.get("required", []))
            for sub, sub_prop in items.get("properties", {}).items():
                out.append((f"{key}[].{sub}", sub_prop, sub in item_required))
    return out


def _check_entry(name: str, fields: list[str], severity: str) -> dict[str, Any]:
    info = checks.check_info(name)
    return {"name": name, "fields": fields, "severity": severity, "description": info.description,
            "standard": info.standard}  # fmt: skip


def describe_type(doc_type: str, types_path: TypesPath = None) -> dict[str, Any]:
    """The type as plain data: its fields (kind, aliases, required), checks and cross rules."""
    doctype = get_doctype(doc_type, types_path)
    source = type_index(search_dirs(types_path)).get(doctype.id)
    fields = []
    for path, prop, required in _field_paths(doctype):
        rule = doctype.fields.get(path)
        if prop.get("type") == "array" or "array" in (prop.get("type") or []):
            kind = "list"
        else:
            kind = rule.kind if rule is not None else "text"
        entry: dict[str, Any] = {"path": path, "kind": kind, "required": required,
                                 "aliases": list(prop.get("x-aliases", [])),
                                 "description": prop.get("description", "")}  # fmt: skip
        if rule is not None and rule.pii:
            entry["pii"] = True
        if rule is not None and rule.masked == "allow":
            entry["masked"] = "allow"
        fields.append(entry)
    # One entry per (check, severity): the fields it runs on, in schema order.
    uses: dict[tuple[str, str], list[str]] = {}
    for path, rule in doctype.fields.items():
        for names, severity in ((rule.checks, "error"), (rule.warnings, "warning"), (rule.masked_checks, "masked")):
            for name in names:
                uses.setdefault((name, severity), []).append(path)
    rules = []
    for use in doctype.cross:
        rule_info = crossfield.get_rule(use.name)
        params = {k: v for k, v in use.options.items() if k in rule_info.fields or k in rule_info.optional_fields}
        options = {k: v for k, v in use.options.items() if k not in params}
        rules.append({"name": use.name, "severity": use.severity, "fields": params, "options": options,
                      "description": rule_info.description, "standard": rule_info.standard})  # fmt: skip
    return {
        "doc_type": doctype.id,
        "title": doctype.title,
        "origin": source.origin if source is not None else BUILT_IN,
        "date_order": doctype.date_order,
        "fields": fields,
        "checks": [_check_entry(name, paths, severity) for (name, severity), paths in uses.items()],
        "rules": rules,
    }


def list_types(types_path: TypesPath = None) -> list[dict[str, Any]]:
    """Every known type: id, title, where it comes from (the JSON form of `ocrcheck types`)."""
    index = type_index(search_dirs(types_path))
    return [{"doc_type": name, "title": get_doctype(name, types_path).title, "origin": index[name].origin}
            for name in list_doctypes(types_path)]  # fmt: skip


def describe_kinds(used: set[str] | None = None) -> list[dict[str, Any]]:
    """The built-in kinds, and of the others those in `used` (all of them when `used` is None)."""
    out = []
    for name in kind_names():
        kind = get_kind(name)
        if used is not None and not kind.module.startswith("ocrcheck.") and name not in used:
            continue  # a kind some test or plugin registered that no listed type uses
        out.append({"kind": name, "description": kind.description, "example": list(kind.example),
                    "max_length": kind.max_length})  # fmt: skip
    return out


# ------------------------------------------------------------------------------------- text


def _on(fields: dict[str, Any]) -> str:
    return ", ".join(f"{param}={field}" for param, field in fields.items())


def render_text(info: dict[str, Any]) -> str:
    lines = [f"{info['doc_type']}: {info['title']}", f"date order {info['date_order']}; from {info['origin']}", ""]
    lines.append("Fields (kind, required, labels)")
    for field in info["fields"]:
        flags = "required" if field["required"] else ""
        aliases = ", ".join(field["aliases"])
        lines.append(f"  {field['path']:<32} {field['kind']:<16} {flags:<9} {aliases}".rstrip())
    lines += ["", "Checks (on fields; error, warning or masked: run on a masked value)"]
    for check in info["checks"]:
        lines.append(f"  {check['name']} on {', '.join(check['fields'])} ({check['severity']})")
        lines.append(f"      {check['description']}")
        lines.append(f"      standard: {check['standard']}")
    lines += ["", "Cross-field rules"]
    for rule in info["rules"]:
        options = f"; {_on(rule['options'])}" if rule["options"] else ""
        lines.append(f"  {rule['name']}: {_on(rule['fields'])}{options} ({rule['severity']})")
        lines.append(f"      {rule['description']}")
        lines.append(f"      standard: {rule['standard']}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------- markdown


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _code(value: str) -> str:
    return f"`{value}`" if value else ""


def render_markdown(info: dict[str, Any]) -> str:
    out = [f'<a id="{info["doc_type"]}"></a>', "", f"## `{info['doc_type']}` {_cell(info['title'])}", ""]
    out += ["| field | kind | required | labels |", "| --- | --- | --- | --- |"]
    for field in info["fields"]:
        required = "yes" if field["required"] else ""
        out.append(f"| `{field['path']}` | {field['kind']} | {required} | {_cell(', '.join(field['aliases']))} |")
    if info["checks"]:
        out += ["", "| check | on | severity | what | standard |", "| --- | --- | --- | --- | --- |"]
        for check in info["checks"]:
            on = ", ".join(_code(f) for f in check["fields"])
            out.append(f"| `{check['name']}` | {on} | {check['severity']} | {_cell(check['description'])} | "
                       f"{_cell(check['standard'])} |")  # fmt: skip
    if info["rules"]:
        out += ["", "| rule | fields | severity | what | standard |", "| --- | --- | --- | --- | --- |"]
        for rule in info["rules"]:
            on = ", ".join(f"{k} {_code(str(v))}" for k, v in rule["fields"].items())
            if rule["options"]:
                on += "; " + ", ".join(f"{k} = {_code(str(v))}" for k, v in rule["options"].items())
            out.append(f"| `{rule['name']}` | {_cell(on)} | {rule['severity']} | {_cell(rule['description'])} | "
                       f"{_cell(rule['standard'])} |")  # fmt: skip
    return "\n".join(out) + "\n"


HEADER = """# Document types: what each one checks

Generated from the registries by `ocrcheck explain --all --format markdown` (do not edit by
hand: `tests/test_explain.py` regenerates it and fails when it differs). Fields are listed with
the kind their value is read as, whether they are required and the labels they are recognised by;
checks with the fields they run on and their severity (`masked`: run on a value printed with
`*`); cross-field rules with the fields their parameters name. `ocrcheck explain TYPE` prints
one type, `--format json` as data.
"""


def render_catalogue(types_path: TypesPath = None) -> str:
    """docs/types.md: the kinds, then every type."""
    names = list_doctypes(types_path)
    infos = [describe_type(name, types_path) for name in names]
    used = {field["kind"] for info in infos for field in info["fields"]}
    out = [HEADER, "## Kinds", "", "| kind | value | example |", "| --- | --- | --- |"]
    for kind in describe_kinds(used):
        printed, canonical = kind["example"]
        example = f"`{_cell(printed)}` → `{_cell(canonical)}`" if printed else ""
        out.append(f"| `{kind['kind']}` | {_cell(kind['description'])} | {example} |")
    out.append("")
    out += ["## Types", "", " · ".join(f"[`{name}`](#{name})" for name in names), ""]
    out += [render_markdown(info) for info in infos]
    return "\n".join(out)
