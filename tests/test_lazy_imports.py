"""What a cold start imports (issue 13): module sets, never times.

`ocrcheck check` on local files needs the engine, not the HTTP client, the batch runner or
jsonschema (a document the compiled schema predicate accepts never needs jsonschema's walk);
`import ocrcheck` needs none of the stages. Each case runs in a fresh interpreter, since this
process has imported everything long ago. The packages whose names are imported on first use
(`ocrcheck._lazy`) list them twice, for mypy and the layering test and for the lazy look-up:
the two lists are held equal here, and every public name still resolves to its own object.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import ocrcheck
import ocrcheck.batch
import ocrcheck.client
from ocrcheck.checks._manifest import BUILT_IN as CHECK_MODULES
from ocrcheck.crossfield._manifest import BUILT_IN as RULE_MODULES
from ocrcheck.doctypes import FORMATS, get_doctype

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# Never on the path of a check of local files (nor of `import ocrcheck`).
HEAVY = ("httpx", "httpcore", "ocrcheck.client", "ocrcheck.normalise", "ocrcheck.review_queue", "ocrcheck.desk",
         "asyncio", "lxml", "pylatexenc")
BATCH = ("ocrcheck.batch",)
# Imported when asked for: type detection for `--type auto`, masking for `--mask-pii`.
ON_DEMAND = ("ocrcheck.detection", "ocrcheck.pii")
SCHEMA_WALK = ("jsonschema", "referencing")
PYDANTIC = ("pydantic", "pydantic_core", "ocrcheck._models")
# The scan of installed packages for plugins (`ocrcheck.plugins`): our own types never need it.
PLUGIN_SCAN = ("importlib.metadata",)

# Runs `code` with the suite's clock (a fixture's verdict must not depend on the day the suite
# runs), then prints the sorted names of the imported modules as JSON.
_PRELUDE = """
import datetime, json, sys
from ocrcheck import clock
clock.system_today = lambda: datetime.date(2025, 6, 1)
"""
_REPORT = "\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"


def modules_after(code: str, *, prelude: str = _PRELUDE) -> tuple[set[str], str]:
    """(modules imported, standard output) of a fresh interpreter that ran `code`."""
    run = subprocess.run(
        [sys.executable, "-c", prelude + code + _REPORT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stderr.strip().splitlines()[-1])), run.stdout


def under(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    """The modules that are one of `packages` or in one."""
    return sorted(m for m in modules if m in packages or m.startswith(tuple(p + "." for p in packages)))


def test_import_ocrcheck_imports_no_stage() -> None:
    # Not even typing (with what it imports, most of what the import would cost).
    modules, _ = modules_after("import json, sys\nimport ocrcheck\n", prelude="")
    ours = sorted(m for m in modules if m.startswith("ocrcheck"))
    assert ours == ["ocrcheck", "ocrcheck._exceptions", "ocrcheck._lazy"]
    assert not under(modules, ("typing", "pydantic", "pydantic_core", "jsonschema", "stdnum", *HEAVY))


def check_command(*argv: str) -> tuple[set[str], str]:
    code = f"from ocrcheck.cli import main\nrc = main({list(argv)!r})\nassert rc == 0, rc\n"
    return modules_after(code)


# The documents of the speed table (tests/benchmarks/speed.py); the digital invoice's schema has
# `"format": "date"` fields, which the compiled predicate tests without jsonschema.
@pytest.mark.parametrize(("doc_type", "answer"), [
    ("cn_resident_id", "clean.openai.json"),
    ("cn_vat_invoice", "clean.fields.json"),
    ("cn_passport", "clean.fields.json"),
    ("cn_digital_invoice", "clean.fields.json"),
])
def test_check_of_a_clean_file_imports_neither_client_nor_batch_nor_jsonschema(doc_type: str, answer: str) -> None:
    clean = str(FIXTURES / doc_type / answer)
    modules, out = check_command("check", "-t", doc_type, "--format", "json", clean)
    assert json.loads(out)["status"] == "pass"  # the check really ran, to its verdict
    assert not under(modules, HEAVY)
    assert not under(modules, BATCH)
    assert not under(modules, SCHEMA_WALK)
    assert not under(modules, ON_DEMAND)
    assert not under(modules, PLUGIN_SCAN)
    assert "ocrcheck.engine" in modules
    assert not under(modules, PYDANTIC)  # plain results (`ocrcheck._records`): printed, never handed on


@pytest.mark.parametrize("argv", [
    ("--format", "text"), ("--format", "json"), ("--lang", "zh"), ("--mask-pii",), ("--policy", "kyc")])
def test_check_of_a_file_for_review_imports_no_pydantic(argv: tuple[str, ...]) -> None:
    bad = str(FIXTURES / "cn_vat_invoice" / "sums_wrong.openai.json")
    code = f"from ocrcheck.cli import main\nassert main(['check', '-t', 'cn_vat_invoice', *{argv!r}, {bad!r}]) == 1\n"
    modules, out = modules_after(code)
    assert "REVIEW" in out or '"status": "review"' in out  # findings were made, localised, printed
    assert not under(modules, PYDANTIC)


def test_the_review_queue_makes_its_entries_of_the_public_models(tmp_path: Path) -> None:
    bad = str(FIXTURES / "cn_vat_invoice" / "sums_wrong.openai.json")
    queue = str(tmp_path / "q.jsonl")
    code = f"from ocrcheck.cli import main\nassert main(['check', '-t', 'cn_vat_invoice', '-q', {queue!r}, {bad!r}])\n"
    modules, _ = modules_after(code)
    assert "pydantic" in modules and json.loads(Path(queue).read_text(encoding="utf-8"))["findings"]


def test_a_clean_check_builds_no_model_schema() -> None:
    # The engine makes its Result without validating it, and prints it without pydantic's
    # serialiser: the schemas of Result and Finding (`defer_build`) are never built.
    clean = str(FIXTURES / "cn_vat_invoice" / "clean.fields.json")
    code = (f"from ocrcheck.cli import main\nassert main(['check', '-t', 'cn_vat_invoice', {clean!r}]) == 0\n"
            "from ocrcheck._models import Finding, Result\n"
            "print('built', Result.__pydantic_complete__, Finding.__pydantic_complete__)\n")
    _, out = modules_after(code)
    assert out.splitlines()[-1] == "built False False"


def test_masking_and_detection_are_imported_when_asked_for() -> None:
    clean = str(FIXTURES / "cn_resident_id" / "clean.fields.json")
    modules, out = check_command("check", "-t", "auto", "--mask-pii", "--format", "json", clean)
    assert json.loads(out)["doc_type"] == "cn_resident_id"
    assert {"ocrcheck.detection", "ocrcheck.pii"} <= modules


def test_check_of_a_resident_id_imports_the_rule_modules_its_rule_file_names_only() -> None:
    # The registries import a check's or a rule's module when it is first asked for
    # (`checks._manifest`, `crossfield._manifest`): the type's own, not all sixty.
    doctype = get_doctype("cn_resident_id")
    clean = str(FIXTURES / "cn_resident_id" / "clean.fields.json")
    modules, _ = check_command("check", "-t", "cn_resident_id", "--quiet", clean)
    rule_modules = {f"ocrcheck.crossfield.{RULE_MODULES[use.name]}" for use in doctype.cross}
    assert rule_modules == {"ocrcheck.crossfield.general", "ocrcheck.crossfield.identity",
                            "ocrcheck.crossfield.validity"}
    public = {m for m in modules if m.startswith(("ocrcheck.crossfield.", "ocrcheck.checks.")) and "._" not in m}
    named_checks = {CHECK_MODULES[name] for rule in doctype.fields.values() for name in (*rule.checks, *rule.warnings)}
    # identity reads the numbers of the two ID cards it compares (its own import, not the type's)
    assert public == rule_modules | {f"ocrcheck.checks.{m}" for m in named_checks} | {
        "ocrcheck.checks.foreign_permanent_id"}


def test_check_of_a_folder_reads_it_with_the_walk_alone(tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.json").write_bytes((FIXTURES / "cn_resident_id" / "clean.openai.json").read_bytes())
    modules, out = check_command("check", "-t", "cn_resident_id", "--format", "json", str(folder))
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["pass", "pass"]
    assert under(modules, BATCH) == ["ocrcheck.batch", "ocrcheck.batch._inputs"]  # the walk alone
    assert not under(modules, HEAVY)


USER_SCHEMA = {
    "type": "object",
    "properties": {"code": {"type": ["string", "null"], "enum": ["A", "B"], "description": "代码"}},
}


def user_type(root: Path, schema: dict[str, Any]) -> Path:
    (root / "schemas").mkdir(parents=True)
    (root / "rules").mkdir()
    (root / "schemas" / "my_code.json").write_text(json.dumps(schema), encoding="utf-8")
    (root / "rules" / "my_code.toml").write_text('doc_type = "my_code"\n', encoding="utf-8")
    return root


def test_a_schema_error_is_still_explained_by_jsonschema(tmp_path: Path) -> None:
    # The validator is built on first need: a document the predicate rejects gets jsonschema's
    # finding, with the keyword's schema path as its rule.
    root = user_type(tmp_path / "types", USER_SCHEMA)
    code = (f"import ocrcheck\nr = ocrcheck.check('my_code', {{'code': 'C'}}, types_path={str(root)!r})\n"
            "print([(f.field, f.code, f.variant, f.rule) for f in r.findings])\n")
    modules, out = modules_after(code)
    assert out.strip() == "[('code', 'schema', 'enum', 'properties/code/enum')]"
    assert "jsonschema" in modules


def test_a_user_schema_is_still_checked_against_the_metaschema(tmp_path: Path) -> None:
    # Bundled schemas skip the check when they load (tests/test_catalogue.py checks them all);
    # a user's never does.
    bad = {**USER_SCHEMA, "properties": {"code": {"type": "strung"}}}
    root = user_type(tmp_path / "types", bad)
    with pytest.raises(ocrcheck.ConfigError) as info:
        ocrcheck.check("my_code", {"code": "A"}, types_path=root)
    assert info.value.path.endswith("my_code.json") and info.value.key == "properties/code/type"


# ------------------------------------------------------------------- the lazy packages' lists
def type_checking_imports(package: Path) -> dict[str, tuple[str, ...]]:
    """The `if TYPE_CHECKING:` imports of a package's `__init__.py`: relative module → names."""
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom) and statement.level == 1
                module = "." + (statement.module or "")
                out.setdefault(module, []).extend(alias.asname or alias.name for alias in statement.names)
    return {module: tuple(names) for module, names in out.items()}


@pytest.mark.parametrize(("package", "exports"), [
    (ocrcheck, "_LAZY"),
    (ocrcheck.batch, "_EXPORTS"),
    (ocrcheck.client, "_EXPORTS"),
])
def test_lazy_names_are_the_type_checking_imports_and_resolve(package: Any, exports: str) -> None:
    lazy: dict[str, tuple[str, ...]] = getattr(package, exports)
    assert lazy == type_checking_imports(Path(package.__file__).parent)
    for module, names in lazy.items():
        source = __import__(package.__name__ + module, fromlist=["_"])
        for name in names:
            assert getattr(package, name) is getattr(source, name), name
            assert name in dir(package)
    assert set(package.__all__) <= set(dir(package))
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        package.not_a_name  # noqa: B018 - the look-up is the test


def test_importing_the_batch_package_imports_none_of_its_stages() -> None:
    modules, _ = modules_after("import ocrcheck.batch, ocrcheck.client")
    assert under(modules, BATCH) == ["ocrcheck.batch"]
    assert under(modules, ("ocrcheck.client",)) == ["ocrcheck.client"]
    assert not under(modules, ("httpx",))


# ------------------------------------------------------------- the predicate's format checker
DATE_LIKE = st.from_regex(r"\A[0-9０-９]{4}-[0-9]{1,3}-[0-9]{1,3}\n?\Z") | st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)
)


@given(value=DATE_LIKE | st.text(max_size=12) | st.none() | st.integers() | st.dates().map(date.isoformat))
def test_date_format_is_jsonschemas(value: object) -> None:
    assert FORMATS.conforms(value, "date") == Draft202012Validator.FORMAT_CHECKER.conforms(value, "date")


@pytest.mark.parametrize(("value", "form"), [("a@b.example", "email"), ("not an email", "email"),
                                              ("10:00:00Z", "time"), ("x", "no-such-format")])
def test_other_formats_are_asked_of_jsonschema(value: str, form: str) -> None:
    assert FORMATS.conforms(value, form) == Draft202012Validator.FORMAT_CHECKER.conforms(value, form)
