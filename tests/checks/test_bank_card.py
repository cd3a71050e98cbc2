"""Payment card numbers: network sandbox vectors (domain.md §6.1, §12), prefixes, Luhn."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import bank_card, finding_code, get_check

VECTORS = {
    "4111111111111111": "Visa",
    "4242424242424242": "Visa",
    "4012888888881881": "Visa",
    "5555555555554444": "Mastercard",
    "5105105105105100": "Mastercard",
    "2223003122003222": "Mastercard",
    "378282246310005": "American Express",
    "371449635398431": "American Express",
    "6011111111111117": "Discover",
    "6011000990139424": "Discover",
    "3530111333300000": "JCB",
    "3566002020360505": "JCB",
    "30569309025904": "Diners Club",
    "38520000023237": "Diners Club",
    "6200000000000005": "UnionPay",
    "6200000000000047": "UnionPay",
    "6205500000000000004": "UnionPay",
}

# (prefix, length) pairs that the network table accepts; used to generate numbers.
SHAPES = [("4", 16), ("4", 13), ("51", 16), ("2720", 16), ("34", 15), ("62", 16), ("62", 19), ("6011", 16),
          ("3530", 16), ("36", 14), ("50", 12), ("63", 18)]  # fmt: skip


@st.composite
def cards(draw: st.DrawFn) -> str:
    prefix, length = draw(st.sampled_from(SHAPES))
    middle = draw(st.from_regex(f"[0-9]{{{length - len(prefix) - 1}}}", fullmatch=True))
    return prefix + middle + luhn.calc_check_digit(prefix + middle)


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(bank_card, optionflags=flags)
    assert result.attempted > 6
    assert result.failed == 0


@pytest.mark.parametrize(("number", "network"), VECTORS.items())
def test_sandbox_vectors(number: str, network: str) -> None:
    assert get_check("bank_card")(number) == number
    assert bank_card.get_network(number) == network


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("41111111111", InvalidLength),  # 11 digits
        ("41111111111111111111", InvalidLength),  # 20 digits
        ("411111111111111", InvalidLength),  # Visa has no 15-digit numbers
        ("620000000000005", InvalidLength),  # UnionPay: 16-19 digits
        ("37828224631000", InvalidLength),  # Amex: 15 digits
        ("4111-1111-1111-111A", InvalidFormat),
        ("1111111111111111", InvalidComponent),
        ("0000000000000000", InvalidComponent),
        ("7111111111111111", InvalidComponent),
        ("4111111111111112", InvalidChecksum),
        ("6200000000000006", InvalidChecksum),
    ],
)
def test_rejections(number: str, error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        bank_card.validate(number)
    assert finding_code(raised.value) == ("checksum" if error is InvalidChecksum else "format")
    assert not bank_card.is_valid(number)


def test_unionpay_luhn_failure_says_so() -> None:
    # domain.md §0.4: still a checksum failure, with a message a reviewer can act on.
    with pytest.raises(InvalidChecksum, match="UnionPay"):
        bank_card.validate("6200000000000006")
    with pytest.raises(InvalidChecksum) as raised:
        bank_card.validate("4111111111111112")
    assert "UnionPay" not in str(raised.value)


def test_messages_do_not_contain_the_number() -> None:
    for number in ["6200000000000006", "411111111111111", "7111111111111111"]:
        with pytest.raises(ValueError) as raised:
            bank_card.validate(number)
        assert number not in str(raised.value)


def test_networks_overlap_resolved() -> None:
    assert bank_card.get_network("6221260000000000") == "UnionPay"  # co-branded Discover range
    assert bank_card.get_network("6500000000000002") == "Discover"
    assert bank_card.get_network("6300000000000000") == "Maestro"
    assert bank_card.get_network("6500000000002") == "Maestro"  # 13 digits: not a Discover length
    assert bank_card.get_network("2221000000000000") == "Mastercard"
    assert bank_card.get_network("2220990000000000") is None
    assert bank_card.get_network("2721000000000000") is None
    assert bank_card.get_network("9558800000000000") == "UnionPay"  # legacy domestic BIN


def test_format() -> None:
    assert bank_card.format("4111111111111111") == "4111 1111 1111 1111"
    assert bank_card.format("6205500000000000004") == "6205 5000 0000 0000 004"
    assert bank_card.format("378282246310005") == "3782 822463 10005"
    assert bank_card.validate("４１１１ １１１１ １１１１ １１１１") == "4111111111111111"


@settings(max_examples=200)
@given(cards())
def test_generated_cards_are_valid(number: str) -> None:
    assert bank_card.validate(number) == number
    assert bank_card.get_network(number) is not None


def test_unionpay_length_is_not_widened_by_maestro() -> None:
    # Maestro's 56-69 would accept a 15-digit 62 number; UnionPay numbers have 16-19 digits.
    with pytest.raises(InvalidLength):
        bank_card.validate("620000000000005")
    assert bank_card.get_network("620000000000005") == "UnionPay"
