"""The built-in checks are imported on first use (issue 13), and the registry answers as before.

`_manifest` names the module of every built-in check. These tests hold it equal to what the
modules register, and show in a fresh interpreter that importing the package imports no check
module, that the names, the checks and a clash with a built-in name are what they were when the
package imported every module.
"""

from __future__ import annotations

import pytest

import ocrcheck.checks
from ocrcheck.checks import check_info, check_names, get_check
from ocrcheck.checks._manifest import BUILT_IN, MODULES
from tests._registries import assert_manifest_registered, fresh, public_modules

PACKAGE = "ocrcheck.checks"
PUBLIC = public_modules(PACKAGE)


def test_the_manifest_is_what_the_modules_register() -> None:
    assert_manifest_registered(PACKAGE, MODULES, check_names, lambda name: check_info(name).module)
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
    seen = fresh(FRESH_IMPORT)
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
    seen = fresh(FRESH_CLASH)
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
