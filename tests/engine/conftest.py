"""A small document type written in the test, so engine tests do not depend on bundled types."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from stdnum.exceptions import InvalidChecksum, InvalidFormat

from ocrcheck.checks import register
from ocrcheck.doctypes import DocType, load_doctype


def _digits_mod10(value: str) -> str:
    """A toy checksum: digits whose sum is divisible by 10."""
    if not value.isdigit():
        raise InvalidFormat()
    if sum(map(int, value)) % 10:
        raise InvalidChecksum()
    return value


register("test_mod10", _digits_mod10)

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "toy",
    "type": "object",
    "properties": {
        "number": {"type": ["string", "null"], "description": "号码 number", "x-aliases": ["Number", "号码"]},
        "issue_date": {
            "type": ["string", "null"],
            "format": "date",
            "description": "签发日期",
            "x-aliases": ["签发日期"],
        },
        "expiry_date": {"type": ["string", "null"], "description": "有效期至"},
        "total": {"type": ["string", "null"], "description": "合计"},
        "name": {"type": ["string", "null"], "maxLength": 5, "description": "姓名"},
        "items": {
            "type": "array",
            "description": "明细",
            "items": {
                "type": "object",
                "properties": {
                    "amount": {"type": ["string", "null"], "description": "金额", "x-aliases": ["金额"]},
                    "label": {"type": ["string", "null"], "description": "名称"},
                },
                "required": ["amount"],
            },
        },
    },
    "required": ["number", "issue_date"],
}

RULES = """
doc_type = "toy"
title = "Toy document"

[fields.number]
kind = "identifier"
checks = ["test_mod10"]
pii = true

[fields.issue_date]
kind = "date"

[fields.expiry_date]
kind = "date"

[fields.total]
kind = "amount"

[fields."items[].amount"]
kind = "amount"

[[cross]]
rule = "date_order"
earlier = "issue_date"
later = "expiry_date"
"""


def write_doctype(root: Path, schema: dict, rules: str, name: str = "toy") -> tuple[Path, Path]:
    schemas, rule_dir = root / "schemas", root / "rules"
    schemas.mkdir(exist_ok=True)
    rule_dir.mkdir(exist_ok=True)
    (schemas / f"{name}.json").write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    (rule_dir / f"{name}.toml").write_text(rules, encoding="utf-8")
    return schemas, rule_dir


@pytest.fixture
def toy(tmp_path: Path) -> DocType:
    schemas, rules = write_doctype(tmp_path, SCHEMA, RULES)
    return load_doctype("toy", schemas, rules)
