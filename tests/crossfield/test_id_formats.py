"""The resident-ID cross rules parameterised by `id_format`: residence permits (same layout as
citizen numbers) and the foreign permanent resident ID (2023 and 2017 forms)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.crossfield.identity import ID_FORMATS, resident_id_birth_date, resident_id_sex

RULES = Path(__file__).resolve().parents[2] / "rules"


def params(name: str, id_format: str | None, **fields: str) -> RuleParams:
    options: dict[str, Any] = {"id_number": "id_number", **fields}
    if id_format is not None:
        options["id_format"] = id_format
    return RuleParams(name, "error", options)


def birth(number: str, printed: str, id_format: str | None) -> list[str]:
    p = params("resident_id_birth_date", id_format, birth_date="birth_date")
    return [f.field for f in resident_id_birth_date({"id_number": number, "birth_date": printed}, p)]


def sex(number: str, printed: str, id_format: str | None) -> list[str]:
    p = params("resident_id_sex", id_format, sex="sex")
    return [f.field for f in resident_id_sex({"id_number": number, "sex": printed}, p)]


@pytest.mark.parametrize("id_format", [None, "resident_id"])
def test_residence_permit_specimens_use_the_resident_layout(id_format: str | None) -> None:
    assert birth("810000199408230021", "1994-08-23", id_format) == []
    assert birth("810000199408230021", "1994-08-24", id_format) == ["birth_date"]
    assert sex("830000199201300022", "F", id_format) == []
    assert sex("830000199201300022", "M", id_format) == ["sex"]


def test_foreign_2023_birth_and_sex() -> None:
    assert birth("932682198501010017", "1985-01-01", "foreign_permanent_id") == []
    assert birth("932682198501010017", "1985-10-01", "foreign_permanent_id") == ["birth_date"]
    assert sex("932682198501010017", "M", "foreign_permanent_id") == []
    assert sex("932682198501010017", "F", "foreign_permanent_id") == ["sex"]


def test_foreign_2017_birth_compared_without_century_and_no_sex() -> None:
    assert birth("KAZ110090123105", "1990-12-31", "foreign_permanent_id") == []
    assert birth("KAZ110090123105", "1990-12-30", "foreign_permanent_id") == ["birth_date"]
    # The 2017 form's sex digit is not published: nothing to compare.
    assert sex("KAZ110090123105", "M", "foreign_permanent_id") == []
    assert sex("KAZ110090123105", "F", "foreign_permanent_id") == []


def test_resident_layout_ignores_a_15_character_foreign_number() -> None:
    assert birth("KAZ110090123105", "1970-01-01", None) == []


def test_rule_files_name_known_id_formats() -> None:
    # An unknown value would silently read the resident layout (or no year): rule files must
    # not have one.
    from ocrcheck.crossfield.permits import YEAR_SCHEMES

    seen = set()
    for path in sorted(RULES.glob("*.toml")):
        for table in tomllib.loads(path.read_text(encoding="utf-8")).get("cross", []):
            if "id_format" in table:
                assert table["id_format"] in ID_FORMATS, (path.name, table)
                seen.add(table["id_format"])
            if table.get("rule") == "licence_number_year":
                assert table.get("scheme") in YEAR_SCHEMES, (path.name, table)
                seen.add(table["scheme"])
    assert {"foreign_permanent_id", "medical_device", "real_estate"} <= seen
