"""Document types, checks and rules of one's own (issue 8 item 5), loaded from outside the package.

The worked example of docs/doctypes.md is loaded as a user would: the directory
`docs/examples/user_types` (`schemas/` + `rules/`) by `types_path=`, `--types-dir` and
`OCRCHECK_TYPES_PATH`; its check and cross rule from the `acme_ocrcheck` package through the
`ocrcheck.checks` / `ocrcheck.rules` entry points of a real `.dist-info` put on `sys.path` (as pip
would install it), not by patching importlib.metadata.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import ocrcheck
from ocrcheck import ConfigError, UnknownDocType
from ocrcheck.checks import check_info, get_check
from ocrcheck.cli import main
from ocrcheck.crossfield import get_rule
from ocrcheck.doctypes import get_doctype, list_doctypes, load_doctype
from ocrcheck.plugins import load_plugins
from ocrcheck.typepath import ENV

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "user_types"
PLUGIN = EXAMPLE / "plugin"
CASES = sorted(p.name[: -len(".fields.json")] for p in (EXAMPLE / "fixtures" / "purchase_order").glob("*.fields.json"))


def install_dist_info(site: Path, name: str, entry_points: str) -> None:
    """What `pip install` leaves for entry points: `<name>-<version>.dist-info/` with METADATA and
    entry_points.txt, in a directory on sys.path."""
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


ACME_ENTRY_POINTS = "[ocrcheck.checks]\nacme = acme_ocrcheck.checks\n\n[ocrcheck.rules]\nacme = acme_ocrcheck.rules\n"


@pytest.fixture
def acme_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site-packages"
    install_dist_info(site, "acme_ocrcheck", ACME_ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(PLUGIN))  # the package itself, as an installed one would be
    monkeypatch.delenv(ENV, raising=False)


def fixture(case: str) -> dict:
    return json.loads((EXAMPLE / "fixtures" / "purchase_order" / f"{case}.fields.json").read_text(encoding="utf-8"))


def expected(case: str) -> dict:
    return json.loads((EXAMPLE / "fixtures" / "purchase_order" / f"{case}.expected.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the worked example


@pytest.mark.parametrize("case", CASES)
def test_user_type_from_outside_the_package_checks_its_fixtures(acme_plugin: None, case: str) -> None:
    result = ocrcheck.check("purchase_order", fixture(case), types_path=EXAMPLE)
    want = expected(case)
    assert result.status == want["status"], result.findings
    assert {(f.field, f.code) for f in result.findings} == {(f["field"], f["code"]) for f in want["findings"]}
    for key, value in want.get("fields", {}).items():
        assert result.fields[key] == value


def test_the_plugins_check_and_rule_come_from_its_entry_points(acme_plugin: None) -> None:
    loaded = load_plugins()
    assert loaded[("ocrcheck.checks", "acme_ocrcheck.checks")] == "acme"
    assert loaded[("ocrcheck.rules", "acme_ocrcheck.rules")] == "acme"
    assert check_info("acme_po_number").module == "acme_ocrcheck.checks"
    assert get_check("acme_po_number")("po-2024-001238") == "PO-2024-001238"
    assert get_rule("acme_discounted_total").kinds["discount"] == ("percent",)
    doctype = get_doctype("purchase_order", EXAMPLE)
    assert doctype.fields["discount"].spec.name == "percent"
    assert "purchase_order" in list_doctypes(EXAMPLE)
    assert "purchase_order" not in list_doctypes()  # only where its directory is given


def test_types_dir_on_the_command_line(acme_plugin: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = tmp_path / "po.json"
    answer.write_text(json.dumps(fixture("total_not_discounted"), ensure_ascii=False), encoding="utf-8")
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps(fixture("clean"), ensure_ascii=False), encoding="utf-8")
    status = main(["check", "--types-dir", str(EXAMPLE), "--type", "purchase_order", "--format", "json",
                   str(clean), str(answer)])  # fmt: skip
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1
    assert [line["status"] for line in lines] == ["pass", "review"]
    assert [(f["field"], f["code"]) for f in lines[1]["findings"]] == [("total", "mismatch")]
    assert main(["check", "--type", "purchase_order", str(clean)]) == 2  # not without its directory
    assert "unknown document type 'purchase_order'" in capsys.readouterr().err


def test_explain_describes_the_user_type_and_its_plugin(acme_plugin: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "purchase_order", "--types-dir", str(EXAMPLE), "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["origin"] == str(EXAMPLE)
    checks = {c["name"]: c for c in info["checks"]}
    assert checks["acme_po_number"]["standard"] == check_info("acme_po_number").standard
    assert {r["name"] for r in info["rules"]} >= {"acme_discounted_total", "items_sum"}
    assert {f["path"]: f["kind"] for f in info["fields"]}["discount"] == "percent"
    assert main(["types", "--types-dir", str(EXAMPLE)]) == 0
    assert f"({EXAMPLE})" in next(line for line in capsys.readouterr().out.splitlines() if "purchase_order" in line)


def test_types_path_from_the_environment(acme_plugin: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    other = tmp_path / "more"
    shutil.copytree(EXAMPLE / "schemas", other / "schemas")
    shutil.copytree(EXAMPLE / "rules", other / "rules")
    for name in ("schemas/purchase_order.json", "rules/purchase_order.toml"):
        path = other / name
        path.rename(path.with_name(path.name.replace("purchase_order", "purchase_order_copy")))
    rules = other / "rules" / "purchase_order_copy.toml"
    rules.write_text(rules.read_text("utf-8").replace('"purchase_order"', '"purchase_order_copy"'), "utf-8")
    monkeypatch.setenv(ENV, f"{EXAMPLE}{os.pathsep}{other}")
    assert {"purchase_order", "purchase_order_copy"} <= set(list_doctypes())
    assert ocrcheck.check("purchase_order_copy", fixture("clean")).status == "pass"
    assert ocrcheck.check("purchase_order", fixture("po_number_check_digit")).status == "review"


def test_the_plugins_doctests_pass(acme_plugin: None) -> None:
    import doctest
    import importlib

    for name in ("acme_ocrcheck.checks", "acme_ocrcheck.rules"):
        result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, name


# ------------------------------------------------------------ the same load-time checks


def write_type(root: Path, doc_type: str, schema: dict, rules: str) -> Path:
    (root / "schemas").mkdir(parents=True, exist_ok=True)
    (root / "rules").mkdir(parents=True, exist_ok=True)
    (root / "schemas" / f"{doc_type}.json").write_text(json.dumps(schema), encoding="utf-8")
    (root / "rules" / f"{doc_type}.toml").write_text(rules, encoding="utf-8")
    return root


SMALL_SCHEMA = {"type": "object", "properties": {"number": {"type": ["string", "null"], "description": "号码"}}}


def test_a_user_rule_file_naming_a_check_not_installed_names_file_and_key(tmp_path: Path) -> None:
    rules = 'doc_type = "my_card"\n[fields.number]\nkind = "identifier"\nchecks = ["not_installed"]\n'
    root = write_type(tmp_path / "types", "my_card", SMALL_SCHEMA, rules)
    with pytest.raises(ConfigError) as info:
        ocrcheck.check("my_card", {"number": "1"}, types_path=root)
    assert info.value.path.endswith("my_card.toml")
    assert info.value.key == "fields.number.checks"
    assert "unknown check 'not_installed'" in info.value.problem


def test_a_user_type_may_not_take_a_built_in_id(tmp_path: Path) -> None:
    root = write_type(tmp_path / "types", "cn_vat_invoice", SMALL_SCHEMA, 'doc_type = "cn_vat_invoice"\n')
    with pytest.raises(ConfigError) as info:
        list_doctypes(root)
    assert info.value.key == "cn_vat_invoice" and "built-in" in info.value.problem


def test_two_user_directories_may_not_define_the_same_id(tmp_path: Path) -> None:
    first = write_type(tmp_path / "a", "my_card", SMALL_SCHEMA, 'doc_type = "my_card"\n')
    second = write_type(tmp_path / "b", "my_card", SMALL_SCHEMA, 'doc_type = "my_card"\n')
    with pytest.raises(ConfigError) as info:
        list_doctypes([first, second])
    assert info.value.path == str(second) and str(first) in info.value.problem


def test_a_directory_that_holds_no_types_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no schemas/ or rules/"):
        list_doctypes(tmp_path / "nothing")


# ------------------------------------------------------------------------ type ids


@pytest.mark.parametrize(
    "doc_type",
    ["../rules/x", "../../outside/x", "/etc/passwd", "cn_vat_invoice/../cn_resident_id", "CN_VAT_INVOICE",
     "cn vat", "", "x" * 65, ".hidden", "_common", "cn_vat_invoice\x00"],
)  # fmt: skip
def test_a_type_id_that_is_no_id_is_unknown_and_never_a_path(tmp_path: Path, doc_type: str) -> None:
    # A valid type sits where the traversing ids would lead if a path were built from them.
    outside = write_type(tmp_path / "outside", "x", SMALL_SCHEMA, 'doc_type = "x"\n')
    types = write_type(tmp_path / "types" / "inner", "ok", SMALL_SCHEMA, 'doc_type = "ok"\n')
    assert outside.is_dir()
    with pytest.raises(UnknownDocType) as info:
        ocrcheck.check(doc_type, {}, types_path=types)
    assert str(tmp_path) not in str(info.value) and str(ROOT) not in str(info.value)
    with pytest.raises(UnknownDocType):
        load_doctype(doc_type, types / "schemas", types / "rules")


@pytest.mark.parametrize("doc_type", [None, 5, ["cn_vat_invoice"], 10**5000], ids=["None", "5", "list", "huge int"])
def test_a_type_id_that_is_no_string_is_unknown(doc_type: object) -> None:
    with pytest.raises(UnknownDocType) as info:
        ocrcheck.check(doc_type, {})  # type: ignore[arg-type]
    assert len(str(info.value)) < 200


def test_the_command_line_says_unknown_type_without_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--type", "../rules/x", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown document type '../rules/x'" in err
    assert str(ROOT) not in err


# ----------------------------------------------------------------- registering twice

PluginPackage = Callable[[str, str, str], None]


@pytest.fixture
def plugin_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PluginPackage]:
    """`make(name, group, source)`: an installed package `name` whose `__init__` is `source`,
    declared as an entry point of `group`; imported modules are forgotten afterwards."""
    made: list[str] = []

    def make(name: str, group: str, source: str) -> None:
        package = tmp_path / "src" / name
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(source, encoding="utf-8")
        install_dist_info(tmp_path / "site-packages", name, f"[{group}]\n{name} = {name}\n")
        monkeypatch.syspath_prepend(str(tmp_path / "site-packages"))
        monkeypatch.syspath_prepend(str(tmp_path / "src"))
        made.append(name)

    yield make
    for name in made:
        sys.modules.pop(name, None)


def test_a_plugin_registering_a_built_in_check_name_is_a_config_error_naming_both_modules(
    plugin_package: PluginPackage,
) -> None:
    plugin_package("clash_plugin", "ocrcheck.checks",
                   "from ocrcheck.checks import register\n"
                   "register('resident_id', str.upper, description='x', standard='y')\n")  # fmt: skip
    with pytest.raises(ConfigError) as info:
        load_plugins()
    assert info.value.key == "resident_id"
    assert "ocrcheck.checks.resident_id" in info.value.problem and "clash_plugin" in info.value.problem


# ----------------------------------------------------------------- when plugins are loaded


def _rules_naming(check: str) -> str:
    return f'doc_type = "my_card"\n[fields.number]\nkind = "identifier"\nchecks = ["{check}"]\n'


def test_a_broken_plugin_stops_only_the_types_that_need_a_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Installed packages are scanned only for a name no built-in module registers: a broken
    # plugin costs our own types nothing, and a rule file that needs a plugin hears about it.
    site = tmp_path / "site-packages"
    install_dist_info(site, "broken_plugin", "[ocrcheck.checks]\nbroken = no_such_module_for_ocrcheck\n")
    monkeypatch.syspath_prepend(str(site))
    built_in = load_doctype("cn_resident_id")  # read from its files again, not the cached one
    assert built_in.fields["id_number"].checks == ("resident_id",)
    ours = write_type(tmp_path / "ours", "my_card", SMALL_SCHEMA, _rules_naming("luhn"))
    assert load_doctype("my_card", ours / "schemas", ours / "rules").fields["number"].checks == ("luhn",)
    theirs = write_type(tmp_path / "theirs", "my_card", SMALL_SCHEMA, _rules_naming("acme_only_check"))
    with pytest.raises(ConfigError) as info:
        load_doctype("my_card", theirs / "schemas", theirs / "rules")
    assert "broken" in info.value.key and "no_such_module_for_ocrcheck" in info.value.key
    assert "cannot be loaded" in info.value.problem


def test_a_kind_from_a_plugin_is_found_when_a_rule_file_names_it(
    tmp_path: Path, plugin_package: PluginPackage
) -> None:
    plugin_package("slip_kinds", "ocrcheck.kinds",
                   "from ocrcheck.kinds import register_kind\n"
                   "register_kind('slip_number', lambda v: v.replace(' ', '').upper(), max_length=20,"
                   " description='a slip')\n")  # fmt: skip
    root = write_type(tmp_path / "types", "my_card", SMALL_SCHEMA,
                      'doc_type = "my_card"\n[fields.number]\nkind = "slip_number"\n')  # fmt: skip
    result = ocrcheck.check("my_card", {"number": "ab 12"}, types_path=root)
    assert result.fields["number"] == "AB12"
    assert get_doctype("my_card", root).fields["number"].spec.module == "slip_kinds"


def test_a_plugins_check_is_found_without_importing_every_built_in_check(tmp_path: Path) -> None:
    # A name the manifest does not have is asked of the plugins first; importing every built-in
    # module is the last resort (for a check the manifest forgot), not the price of a plugin.
    site = tmp_path / "site-packages"
    install_dist_info(site, "acme_ocrcheck", ACME_ENTRY_POINTS)
    code = (
        "import json, sys\n"
        f"sys.path[:0] = [{str(site)!r}, {str(PLUGIN)!r}]\n"
        "import ocrcheck\n"
        f"data = json.loads(open({str(EXAMPLE / 'fixtures' / 'purchase_order' / 'clean.fields.json')!r}).read())\n"
        f"result = ocrcheck.check('purchase_order', data, types_path={str(EXAMPLE)!r})\n"
        "print(json.dumps([result.status, sorted(sys.modules)]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    status, modules = json.loads(run.stdout)
    assert status == "pass"
    assert "acme_ocrcheck.checks" in modules and "ocrcheck.checks.credit_code" in modules
    assert "ocrcheck.checks.vin" not in modules and "ocrcheck.crossfield.passport" not in modules
