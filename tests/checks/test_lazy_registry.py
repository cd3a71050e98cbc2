"""The built-in checks are imported on first use (issue 13), and the registry answers as before.

`_manifest` names the module of every built-in check. These tests hold it equal to what the
modules register, and show in a fresh interpreter that importing the package imports no check
module, that the names, the checks and a clash with a built-in name are what they were when the
package imported every module.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import ocrcheck.checks
from ocrcheck.checks import check_info, check_names, get_check
from ocrcheck.checks._manifest import BUILT_IN, MODULES

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = sorted(m.name for m in pkgutil.iter_modules(ocrcheck.checks.__path__) if not m.name.startswith("_"))


def _fresh(code: str) -> object:
    """Run `code` in a new interpreter (this tree first on the path); the JSON it prints."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_manifest_is_what_the_modules_register() -> None:
    for name in PUBLIC:
        importlib.import_module(f"ocrcheck.checks.{name}")
    registered: dict[str, set[str]] = {}
    for name in check_names():
        module = check_info(name).module
        if module.startswith("ocrcheck.checks."):
            registered.setdefault(module.removeprefix("ocrcheck.checks."), set()).add(name)
    listed = {module: set(names) for module, names in MODULES.items()}
    unlisted = sorted(f"{n} ({m})" for m, names in registered.items() for n in names - listed.get(m, set()))
    stale = sorted(f"{n} ({m})" for m, names in listed.items() for n in names - registered.get(m, set()))
    assert not unlisted, f"add to ocrcheck/checks/_manifest.py, under its module: {unlisted}"
    assert not stale, f"no longer registered there (ocrcheck/checks/_manifest.py): {stale}"
    assert set(PUBLIC) - set(MODULES) == {"repair"}  # every other module registers checks
    assert len(BUILT_IN) == sum(len(names) for names in MODULES.values())  # no name twice


FRESH_IMPORT = """
import json, sys
import ocrcheck.checks as checks
loaded = lambda: sorted(m for m in sys.modules if m.startswith("ocrcheck.checks.") and "._" not in m)
before, names = loaded(), checks.check_names()
vin = checks.get_check("vin")("1M8GDM9AXKP042788")
after_vin = loaded()
info = checks.check_info("amount_in_words").module
mrz = checks.mrz.check_digit("EA1234567")
try:
    checks.no_such_module
    missing = "found"
except AttributeError:
    missing = "AttributeError"
print(json.dumps({"before": before, "names": names, "vin": vin, "after_vin": after_vin, "info": info,
                  "mrz": mrz, "missing": missing}))
"""


def test_importing_the_package_imports_no_check_module_and_knows_every_name() -> None:
    seen = _fresh(FRESH_IMPORT)
    assert isinstance(seen, dict)
    assert seen["before"] == []
    assert seen["names"] == sorted(BUILT_IN)
    assert set(BUILT_IN) <= set(check_names())  # this process has imported every module
    assert seen["vin"] == get_check("vin")("1M8GDM9AXKP042788")
    assert seen["after_vin"] == ["ocrcheck.checks.vin"]
    assert seen["info"] == "ocrcheck.checks.amount_in_words"
    assert seen["mrz"] == ocrcheck.checks.mrz.check_digit("EA1234567")
    assert seen["missing"] == "AttributeError"


FRESH_CLASH = """
import json
from ocrcheck import ConfigError
from ocrcheck.checks import check_info, register
space = {"__name__": "someone_elses.checks", "register": register}
try:
    exec("register('resident_id', str.upper)", space)
    said = None
except ConfigError as error:
    said = [error.key, str(error)]
print(json.dumps({"said": said, "kept": check_info("resident_id").module}))
"""


def test_a_built_in_name_taken_before_its_module_is_imported_is_still_a_clash() -> None:
    seen = _fresh(FRESH_CLASH)
    assert isinstance(seen, dict)
    key, text = seen["said"]
    assert key == "resident_id"
    assert "ocrcheck.checks.resident_id" in text and "someone_elses.checks" in text
    assert seen["kept"] == "ocrcheck.checks.resident_id"


def test_an_unknown_check_is_a_key_error_as_before() -> None:
    with pytest.raises(KeyError):
        get_check("no_such_check")
    with pytest.raises(KeyError):
        check_info("no_such_check")
