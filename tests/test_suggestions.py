"""Repair suggestions end to end: proposed to the reviewer, never applied to the data."""

from __future__ import annotations

import pytest

import ocrcheck

CARD = {
    "姓名": "张三",
    "性别": "女",
    "民族": "汉",
    "出生": "1949年12月31日",
    "住址": "北京市朝阳区某街道1号",
    "签发机关": "北京市公安局朝阳分局",
    "有效期限": "2010.01.01-长期",
}


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1101051949123?002X", "illegible"),  # one unreadable character, one candidate
        ("110105194912310O2X", "format"),  # the letter O read for the digit 0
        ("11010519491231OO2X", "format"),  # two letters: no single change repairs it
    ],
)
def test_resident_id_suggestions(typed: str, code: str) -> None:
    result = ocrcheck.check("cn_resident_id", {**CARD, "公民身份号码": typed})
    assert result.status == "review"
    (finding,) = [f for f in result.findings if f.field == "id_number"]
    assert finding.code == code
    expected = None if typed.count("O") == 2 else "11010519491231002X"
    assert finding.suggestion == expected
    assert result.fields["id_number"] != "11010519491231002X"  # the data is never silently changed


@pytest.mark.parametrize(
    "typed", ["11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ", "1101 0519 4912 3100 2X"]
)
def test_normalisation_is_not_repair(typed: str) -> None:
    result = ocrcheck.check("cn_resident_id", {**CARD, "公民身份号码": typed})
    assert result.status == "pass"
    assert result.fields["id_number"] == "11010519491231002X"


def test_bank_card_confusion_is_suggested() -> None:
    result = ocrcheck.check("bank_card", {"卡号": "6200000000000O05"})
    finding = next(f for f in result.findings if f.field == "card_number")
    assert finding.suggestion == "6200000000000005"


def test_bank_card_luhn_failure_without_unique_repair_has_no_suggestion() -> None:
    # One wrong digit: every position has its own repairing digit, so there is no single answer.
    result = ocrcheck.check("bank_card", {"卡号": "6200000000000006"})
    finding = next(f for f in result.findings if f.field == "card_number")
    assert (finding.code, finding.suggestion) == ("checksum", None)
