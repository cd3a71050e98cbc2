"""MRZ issuing state / nationality sets (Macao passport) and the EEP card line ↔ printed fields."""

from __future__ import annotations

from typing import Any

from ocrcheck.checks import get_check
from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.crossfield.mrz_codes import eep_mrz_matches_printed, mrz_codes


def _cd(text: str) -> str:
    values = [int(c) if c.isdigit() else 0 if c == "<" else ord(c) - 55 for c in text]
    return str(sum(v * (7, 3, 1)[i % 3] for i, v in enumerate(values)) % 10)


def eep_line(number: str, expiry: str, birth: str) -> str:
    a, b, c = number + _cd(number), expiry + _cd(expiry), birth + _cd(birth)
    return f"CS{a}<{b}<{c}<{_cd(a + b + c)}"


def codes(line1: str, line2: str) -> list[str]:
    p = RuleParams(
        "mrz_codes",
        "error",
        {"mrz_line1": "l1", "mrz_line2": "l2", "issuing_states": ["CHN"], "nationalities": ["CHN", "MAC"]},
    )
    return [f.field for f in mrz_codes({"l1": line1, "l2": line2}, p)]


LINE1 = "P<CHNCHAN<<TAI<MAN<<<<<<<<<<<<<<<<<<<<<<<<<<"
LINE2 = "MA01234569MAC6502056M3002049<<<<<<<<<<<<<<<0"


def test_mrz_codes_accepts_the_allowed_sets() -> None:
    assert get_check("mrz_td3_line2")(LINE2) == LINE2  # the test line is itself valid
    assert codes(LINE1, LINE2) == []
    assert codes(LINE1, LINE2.replace("MAC", "CHN")) == []


def test_mrz_codes_reports_each_line() -> None:
    assert codes(LINE1.replace("CHN", "MAC"), LINE2) == ["l1"]
    assert codes(LINE1, LINE2.replace("MAC", "PRT")) == ["l2"]
    assert codes(LINE1[:40], LINE2[:40]) == []  # not TD3: the line checks report it


def eep(fields: dict[str, Any]) -> list[str]:
    params = {"mrz_line": "mrz", "permit_number": "number", "birth_date": "birth", "valid_until": "until"}
    return [f.field for f in eep_mrz_matches_printed(fields, RuleParams("eep_mrz_matches_printed", "warning", params))]


def test_eep_line_against_the_printed_fields() -> None:
    line = eep_line("CA1234567", "290519", "900315")
    assert get_check("eep_mrz")(line) == line
    good = {"mrz": line, "number": "CA1234567", "birth": "1990-03-15", "until": "2029-05-19"}
    assert eep(good) == []
    assert eep({**good, "number": "CA1234568"}) == ["number"]
    assert eep({**good, "birth": "1990-03-16", "until": "2029-05-18"}) == ["until", "birth"]
    assert eep({**good, "mrz": line[:29]}) == []
