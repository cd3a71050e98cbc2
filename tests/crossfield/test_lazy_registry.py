"""The built-in cross-field rules are imported on first use (issue 13), and the registry answers
as before.

`_manifest` names the module of every built-in rule. These tests hold it equal to what the
modules register, and show in a fresh interpreter that importing the package imports no rule
module, that the names, the rules and a clash with a built-in name are what they were when the
package imported every module.
"""

from __future__ import annotations

import pytest

from ocrcheck.crossfield import get_rule, rule_names
from ocrcheck.crossfield._manifest import BUILT_IN, MODULES
from tests._registries import assert_manifest_registered, fresh, public_modules

PACKAGE = "ocrcheck.crossfield"
PUBLIC = public_modules(PACKAGE)


def test_the_manifest_is_what_the_modules_register() -> None:
    assert_manifest_registered(PACKAGE, MODULES, rule_names, lambda name: get_rule(name).module)
    assert set(PUBLIC) == set(MODULES)  # every public module registers rules
    assert len(BUILT_IN) == sum(len(names) for names in MODULES.values())  # no name twice


FRESH_IMPORT = """
import json, sys
import ocrcheck.crossfield as crossfield
loaded = lambda: sorted(m for m in sys.modules if m.startswith("ocrcheck.crossfield.") and "._" not in m)
before, names = loaded(), crossfield.rule_names()
rule = crossfield.get_rule("not_in_future")
after = loaded()
general = crossfield.general.__name__
try:
    crossfield.no_such_module
    missing = "found"
except AttributeError:
    missing = "AttributeError"
print(json.dumps({"before": before, "names": names, "rule": [rule.name, rule.module, list(rule.fields)],
                  "after": after, "general": general, "missing": missing}))
"""


def test_importing_the_package_imports_no_rule_module_and_knows_every_name() -> None:
    seen = fresh(FRESH_IMPORT)
    assert isinstance(seen, dict)
    assert seen["before"] == []
    assert seen["names"] == sorted(BUILT_IN) == rule_names()  # this process has imported every module
    here = get_rule("not_in_future")
    assert seen["rule"] == [here.name, here.module, list(here.fields)]
    assert seen["after"] == ["ocrcheck.crossfield.general"]
    assert seen["general"] == "ocrcheck.crossfield.general"
    assert seen["missing"] == "AttributeError"


FRESH_CLASH = """
import json
from ocrcheck import ConfigError
from ocrcheck.crossfield import cross_rule, get_rule
space = {"__name__": "someone_elses.rules", "cross_rule": cross_rule}
try:
    exec("cross_rule('date_order')(lambda fields, params: [])", space)
    said = None
except ConfigError as error:
    said = [error.key, str(error)]
print(json.dumps({"said": said, "kept": get_rule("date_order").module}))
"""


def test_a_built_in_name_taken_before_its_module_is_imported_is_still_a_clash() -> None:
    seen = fresh(FRESH_CLASH)
    assert isinstance(seen, dict)
    key, text = seen["said"]
    assert key == "date_order"
    assert "ocrcheck.crossfield.general" in text and "someone_elses.rules" in text
    assert seen["kept"] == "ocrcheck.crossfield.general"


def test_an_unknown_rule_is_a_key_error_as_before() -> None:
    with pytest.raises(KeyError):
        get_rule("no_such_rule")
