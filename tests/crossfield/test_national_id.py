"""Cross-field rules of foreign identity cards: the birth date and sex a number carries against
the printed ones, clave de elector ↔ CURP, years in order, US number ↔ state."""

from __future__ import annotations

from typing import Any

import pytest

from ocrcheck.crossfield import RuleParams, get_rule


def run(rule: str, fields: dict[str, Any], **options: Any) -> list[tuple[str, str]]:
    params = RuleParams(rule, "error", options)
    return [(f.field, f.code) for f in get_rule(rule).func(fields, params)]


BIRTH = dict(number="id_number", birth_date="birth_date")
SEX = dict(number="id_number", sex="sex")

# (scheme, number, printed birth date that agrees, one that does not)
BIRTH_CASES = [
    ("id_nik", "3171015708900003", "1990-08-17", "1990-08-18"),  # woman: day 57 = 17 + 40
    ("id_nik", "3171011708450001", "1945-08-17", "1946-08-17"),
    ("my_nric", "850412145673", "1985-04-12", "1985-12-04"),
    ("vn_cccd", "079305001234", "2005-11-30", "1905-11-30"),  # century digit 3: 21st century
    ("mx_curp", "HEGG560427MVZRRL04", "1956-04-27", "1956-04-28"),
    ("mx_elector_key", "SNAGGR98030506H500", "1998-03-05", "1998-05-03"),
]


@pytest.mark.parametrize(("scheme", "number", "agrees", "differs"), BIRTH_CASES)
def test_embedded_birth_date(scheme: str, number: str, agrees: str, differs: str) -> None:
    assert run("embedded_birth_date", {"id_number": number, "birth_date": agrees}, scheme=scheme, **BIRTH) == []
    found = run("embedded_birth_date", {"id_number": number, "birth_date": differs}, scheme=scheme, **BIRTH)
    assert found == [("birth_date", "mismatch")]


# (scheme, number, sex it carries)
SEX_CASES = [
    ("id_nik", "3171015708900003", "F"),
    ("id_nik", "3171011708450001", "M"),
    ("my_nric", "850412145673", "M"),
    ("my_nric", "770305021234", "F"),
    ("vn_cccd", "020093001656", "M"),
    ("vn_cccd", "079305001234", "F"),
    ("pk_cnic", "4220103976408", "F"),  # stdnum pk/cnic doctest: female, Sindh
    ("pk_cnic", "3520212345671", "M"),
    ("mx_curp", "BOXW310820HNERXN09", "M"),
    ("mx_curp", "HEGG560427MVZRRL04", "F"),
]


@pytest.mark.parametrize(("scheme", "number", "sex"), SEX_CASES)
def test_embedded_sex(scheme: str, number: str, sex: str) -> None:
    other = "F" if sex == "M" else "M"
    assert run("embedded_sex", {"id_number": number, "sex": sex}, scheme=scheme, **SEX) == []
    assert run("embedded_sex", {"id_number": number, "sex": other}, scheme=scheme, **SEX) == [("sex", "mismatch")]


def test_embedded_sex_printed_h_m() -> None:
    # INE prints H (hombre) / M (mujer): M there is a woman.
    fields = {"id_number": "HEGG560427MVZRRL04", "sex": "M"}
    assert run("embedded_sex", fields, scheme="mx_curp", printed="hm", **SEX) == []
    assert run("embedded_sex", fields, scheme="mx_curp", **SEX) == [("sex", "mismatch")]


def test_absent_or_unreadable_values_are_left_to_their_own_checks() -> None:
    assert run("embedded_birth_date", {"birth_date": "1990-01-01"}, scheme="id_nik", **BIRTH) == []
    assert run("embedded_birth_date", {"id_number": "31", "birth_date": "1990-01-01"}, scheme="id_nik", **BIRTH) == []
    assert run("embedded_sex", {"id_number": "3171015708900003", "sex": "?"}, scheme="id_nik", **SEX) == []


def test_elector_key_curp() -> None:
    params = dict(elector_key="elector_key", curp="curp")
    curp = "HEGG560427MVZRRL04"  # 27 April 1956, mujer
    assert run("elector_key_curp", {"curp": curp, "elector_key": "HRGNGL56042730M800"}, **params) == []
    for key in ("HRGNGL56042830M800", "HRGNGL56042730H800"):
        found = run("elector_key_curp", {"curp": curp, "elector_key": key}, **params)
        assert found == [("elector_key", "mismatch")]


def test_year_order() -> None:
    params = dict(earlier="issue_year", later="expiry_year")
    assert run("year_order", {"issue_year": "2019", "expiry_year": "2029"}, **params) == []
    assert run("year_order", {"issue_year": "2019", "expiry_year": "2019"}, **params) == []
    assert run("year_order", {"issue_year": "2019", "expiry_year": "2009"}, **params) == [("expiry_year", "date")]
    assert run("year_order", {"issue_year": "2019", "expiry_year": "20X9"}, **params) == []


def test_us_state_number() -> None:
    params = dict(number="licence_number", state="state")
    assert run("us_state_number", {"licence_number": "A0002144", "state": "CA"}, **params) == []
    assert run("us_state_number", {"licence_number": "A0002144", "state": "California"}, **params) == []
    found = run("us_state_number", {"licence_number": "A0002144", "state": "FL"}, **params)
    assert found == [("licence_number", "format")]


def test_every_rule_file_names_a_known_scheme() -> None:
    # An unknown `scheme` would only show when a document is checked (as a rule that could not
    # run): hold every bundled rule file to the schemes that exist.
    import tomllib

    from ocrcheck.crossfield.national_id import BIRTH_SCHEMES, SEX_SCHEMES
    from ocrcheck.doctypes import data_dir

    known = {"embedded_birth_date": set(BIRTH_SCHEMES), "embedded_sex": set(SEX_SCHEMES)}
    uses = 0
    for path in sorted(data_dir("rules").glob("*.toml")):
        for table in tomllib.loads(path.read_text(encoding="utf-8")).get("cross", []):
            if table.get("rule") in known:
                uses += 1
                assert table.get("scheme") in known[table["rule"]], f"{path.name}: {table}"
                assert table.get("printed", "mf") in ("mf", "hm"), f"{path.name}: {table}"
    assert uses >= 9


def test_an_unknown_scheme_is_reported_not_skipped() -> None:
    with pytest.raises(KeyError):
        run("embedded_sex", {"id_number": "3171015708900003", "sex": "F"}, scheme="xx_unknown", **SEX)
