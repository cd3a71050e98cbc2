"""Issue #2's property: every single substitution and every adjacent transposition in a valid
resident ID, credit code, bank card (except Luhn's 09↔90) and VIN is caught — through the whole
engine, as a finding on the right field of a real document type.

Repair suggestions are switched off here: they never change detection and cost milliseconds each.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.iso7064 import mod_11_2

import ocrcheck
from ocrcheck import engine
from ocrcheck.checks import credit_code

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def _no_suggestions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_suggest", lambda name, value: None)


def substitutions(value: str, alphabet: str) -> Iterator[str]:
    for i, old in enumerate(value):
        for new in alphabet:
            if new != old:
                yield value[:i] + new + value[i + 1 :]


def transpositions(value: str) -> Iterator[tuple[int, str]]:
    for i in range(len(value) - 1):
        if value[i] != value[i + 1]:
            yield i, value[:i] + value[i + 1] + value[i] + value[i + 2 :]


def field_findings(doc_type: str, data: dict, field: str) -> list[ocrcheck.Finding]:
    return [f for f in ocrcheck.check(doc_type, data).findings if f.field == field]


def caught(doc_type: str, data: dict, field: str) -> bool:
    return any(f.severity == "error" for f in field_findings(doc_type, data, field))


# ------------------------------------------------------------------------------ resident ID
ID_CARD = json.loads((FIXTURES / "cn_resident_id" / "clean.fields.json").read_text(encoding="utf-8"))
ID_KEY = next(k for k in ID_CARD if k in ("公民身份号码", "id_number", "身份证号"))


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(["110105", "440524", "310101", "510107", "650102"]))
    day = draw(
        st.dates(min_value=__import__("datetime").date(1930, 1, 1), max_value=__import__("datetime").date(2010, 12, 31))
    )
    body = f"{region}{day:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return body + mod_11_2.calc_check_digit(body)


@settings(max_examples=8, deadline=None)
@given(resident_ids())
def test_resident_id_every_substitution_and_transposition(number: str) -> None:
    base = {k: v for k, v in ID_CARD.items() if k not in ("出生", "birth_date", "性别", "sex")}
    assert not caught("cn_resident_id", {**base, ID_KEY: number}, "id_number")
    for wrong in substitutions(number, "0123456789X"):
        if wrong[:17].isdigit():  # an X inside the body is a format error: caught, but not the point
            assert caught("cn_resident_id", {**base, ID_KEY: wrong}, "id_number"), wrong
    for _, wrong in transpositions(number):
        assert caught("cn_resident_id", {**base, ID_KEY: wrong}, "id_number"), wrong


# ----------------------------------------------------------------------------- credit code
LICENCE = json.loads((FIXTURES / "cn_business_licence" / "clean.fields.json").read_text(encoding="utf-8"))


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "N2", "Y1"]))
    region = draw(st.sampled_from(["110000", "330106", "440300", "510107"]))
    body = head + region + "".join(draw(st.lists(st.sampled_from(credit_code.ALPHABET), min_size=9, max_size=9)))
    return body + credit_code.calc_check_digit(body)


@settings(max_examples=4, deadline=None)
@given(credit_codes())
def test_credit_code_every_substitution_and_transposition(code: str) -> None:
    base = {k: v for k, v in LICENCE.items() if k not in ("类型", "company_type")}
    assert not caught("cn_business_licence", {**base, "统一社会信用代码": code}, "credit_code")
    for wrong in substitutions(code, credit_code.ALPHABET):
        assert caught("cn_business_licence", {**base, "统一社会信用代码": wrong}, "credit_code"), wrong
    for _, wrong in transpositions(code):
        assert caught("cn_business_licence", {**base, "统一社会信用代码": wrong}, "credit_code"), wrong


# ------------------------------------------------------------------------------- bank card
CARD = {"银行名称": "中国农业银行", "卡种": "借记卡", "有效期": "12/28"}


@st.composite
def union_pay_cards(draw: st.DrawFn) -> str:
    length = draw(st.sampled_from([16, 19]))
    body = "62" + "".join(str(draw(st.integers(0, 9))) for _ in range(length - 3))
    return body + luhn.calc_check_digit(body)


@settings(max_examples=10, deadline=None)
@given(union_pay_cards())
def test_bank_card_every_substitution_and_transposition_but_09_90(number: str) -> None:
    assert not caught("bank_card", {**CARD, "卡号": number}, "card_number")
    for wrong in substitutions(number, "0123456789"):
        assert caught("bank_card", {**CARD, "卡号": wrong}, "card_number"), wrong
    for i, wrong in transpositions(number):
        if number[i : i + 2] in ("09", "90"):
            continue  # Luhn's one blind spot, shown below
        assert caught("bank_card", {**CARD, "卡号": wrong}, "card_number"), wrong


def test_luhn_09_90_really_escapes() -> None:
    body = "62284800123456790"  # ...7 9 0: swapping the final 90 escapes Luhn
    number = body + luhn.calc_check_digit(body)
    swapped = number[:-3] + "09" + number[-1]
    assert swapped != number and luhn.is_valid(swapped)
    assert not caught("bank_card", {**CARD, "卡号": swapped}, "card_number")


# --------------------------------------------------------------------------------------- VIN
# The standard's own check (ISO 3779 / 49 CFR 565.15), written here from its table, as the oracle
# of which mutations a check digit *can* see.
_VALUE = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


def standard_sees(vin: str) -> bool:
    remainder = sum(_VALUE[c] * w for c, w in zip(vin, _WEIGHTS, strict=True)) % 11
    return vin[8] != ("X" if remainder == 10 else str(remainder))


NAMEPLATE = json.loads((FIXTURES / "cn_vehicle_nameplate" / "clean.fields.json").read_text(encoding="utf-8"))


@st.composite
def chinese_vins(draw: st.DrawFn) -> str:
    chars = [draw(st.sampled_from(VIN_ALPHABET)) for _ in range(17)]
    chars[0], chars[9] = "L", "J"  # a Chinese WMI (check digit mandatory), model year 2018
    remainder = sum(_VALUE[c] * w for c, w in zip(chars, _WEIGHTS, strict=True)) % 11
    chars[8] = "X" if remainder == 10 else str(remainder)
    return "".join(chars)


@settings(max_examples=6, deadline=None)
@given(chinese_vins())
def test_vin_mutations_are_caught_exactly_where_the_standard_can_see_them(vin: str) -> None:
    assert not caught("cn_vehicle_nameplate", {**NAMEPLATE, "车辆识别代号": vin}, "vin")
    escaped = []
    for wrong in [*substitutions(vin, VIN_ALPHABET), *(w for _, w in transpositions(vin))]:
        findings = field_findings("cn_vehicle_nameplate", {**NAMEPLATE, "车辆识别代号": wrong}, "vin")
        if standard_sees(wrong):
            # Seen: an error, or a warning where the first character left China/North America
            # (outside those regions the check digit is not mandatory: domain.md §0.5).
            assert findings, wrong
            assert any(f.severity == "error" for f in findings) or wrong[0] not in "12345L", wrong
        else:
            escaped.append(wrong)
            # Invisible to the check digit (other rules, such as the model year, may still see it).
            assert not [f for f in findings if f.rule in ("vin", "vin_check_digit")], wrong
    # What escapes is the standard's blind spot, never ours: same-value characters (A for 1, ...).
    assert all(not standard_sees(w) for w in escaped)
