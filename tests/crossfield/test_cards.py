"""`credit_card_network`: the printed network mark against the network of the number's prefix."""

from __future__ import annotations

from typing import Any

import pytest

from ocrcheck.crossfield import get_rule
from ocrcheck.crossfield._registry import RuleParams


def run(fields: dict[str, Any]) -> list[tuple[str, str]]:
    params = RuleParams("credit_card_network", "warning", {"card_number": "card_number", "network": "network"})
    return [(f.field, f.code) for f in get_rule("credit_card_network").func(fields, params)]


@pytest.mark.parametrize(
    ("number", "printed"),
    [("4111111111111111", "VISA"), ("2223003122003222", "mastercard"), ("8100513433325374", "银联"),
     ("6221260000000000", "DISCOVER"), ("6221260000000000", "UnionPay"), ("6200000000000005", "银联 / VISA"),
     ("378282246310005", "AMERICAN EXPRESS"), ("4111111111111111", "PLATINUM")],
)  # fmt: skip
def test_agreeing_or_unknown_marks(number: str, printed: str) -> None:
    assert run({"card_number": number, "network": printed}) == []


@pytest.mark.parametrize(
    ("number", "printed"),
    [("4111111111111111", "Mastercard"), ("8100513433325374", "VISA"), ("6200000000000005", "JCB"),
     ("3566002020360505", "银联")],
)  # fmt: skip
def test_disagreeing_marks(number: str, printed: str) -> None:
    assert run({"card_number": number, "network": printed}) == [("network", "mismatch")]


def test_absent_values_are_not_compared() -> None:
    assert run({"card_number": None, "network": "VISA"}) == []
    assert run({"card_number": "4111111111111111"}) == []
