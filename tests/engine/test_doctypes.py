import copy
from pathlib import Path

import pytest

from ocrcheck import ConfigError, UnknownDocType
from ocrcheck.doctypes import load_doctype

from .conftest import RULES, SCHEMA, write_doctype


def load(tmp_path: Path, schema: dict = SCHEMA, rules: str = RULES):
    schemas, rule_dir = write_doctype(tmp_path, schema, rules)
    return load_doctype("toy", schemas, rule_dir)


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (lambda r: r.replace('checks = ["test_mod10"]', 'checks = ["no_such_check"]'), "fields.number.checks"),
        (lambda r: r.replace('kind = "amount"\n', 'kind = "money"\n', 1), "fields.total.kind"),
        (lambda r: r.replace("pii = true", "pii = true\ncolour = 1"), "fields.number.colour"),
        (lambda r: r.replace("[fields.total]", "[fields.totl]"), "fields.totl"),
        (lambda r: r.replace('rule = "date_order"', 'rule = "no_such_rule"'), "cross[0].rule"),
        (lambda r: r.replace('later = "expiry_date"', 'later = "nope"'), "cross[0].later"),
        (lambda r: r.replace('later = "expiry_date"\n', ""), "cross[0].later"),
        (lambda r: r.replace('later = "expiry_date"', 'later = "expiry_date"\nwobble = 2'), "cross[0].wobble"),
        (lambda r: "surprise = 1\n" + r, "surprise"),
        (lambda r: r.replace('[fields."items[].amount"]', '[fields."items[].price"]'), "fields.items[].price"),
        (lambda r: r + "\n[fields.name\n", "(syntax)"),
    ],
)
def test_bad_rule_file_names_file_and_key(tmp_path: Path, edit, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, rules=edit(RULES))
    assert info.value.key == key
    assert info.value.path.endswith("toy.toml")


def test_bad_schema_names_the_schema(tmp_path: Path) -> None:
    schema = copy.deepcopy(SCHEMA)
    schema["properties"]["number"]["type"] = "strung"
    with pytest.raises(ConfigError) as info:
        load(tmp_path, schema=schema)
    assert info.value.path.endswith("toy.json")


def test_alias_used_twice_is_an_error(tmp_path: Path) -> None:
    schema = copy.deepcopy(SCHEMA)
    schema["properties"]["name"]["x-aliases"] = ["Number"]
    with pytest.raises(ConfigError):
        load(tmp_path, schema=schema)


def test_schema_without_rules_and_unknown_type(tmp_path: Path) -> None:
    schemas, rule_dir = write_doctype(tmp_path, SCHEMA, RULES)
    (rule_dir / "toy.toml").unlink()
    with pytest.raises(ConfigError):
        load_doctype("toy", schemas, rule_dir)
    with pytest.raises(UnknownDocType):
        load_doctype("nothing_here", schemas, rule_dir)


def test_loaded_type_exposes_aliases_and_pii(tmp_path: Path) -> None:
    doctype = load(tmp_path)
    assert doctype.aliases["号码"] == "number"
    assert doctype.pii_fields == ("number",)
    assert doctype.item_aliases["items"]["金额"] == "amount"
