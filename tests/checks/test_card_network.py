"""Credit card numbers by network (domain.md §6.1): published test numbers and generated ones.

Published numbers:
* network sandbox test numbers (Authorize.Net / PayPal list, reproduced at
  cnblogs.com/upshania/p/4060342.html; Stripe for UnionPay): Visa 4111111111111111,
  4012888888881881, 4222222222222 (13 digits); Mastercard 5555555555554444, 5105105105105100,
  2223003122003222 (2 series); Amex 378282246310005, 371449635398431; Discover 6011111111111117,
  6011000990139424; JCB 3530111333300000, 3566002020360505; UnionPay 6200000000000005,
  6205500000000000004 (19 digits); Australian BankCard 5610591081018250 (no credit network here).
* UnionPay 8 series: 8100513433325374, 8111700872004845, 8141618644273338, 8158163233706018,
  8168524506870054 (braintree/credit-card-type pull request #96, from the Vantiv bulletin ranges).
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import card_network, get_check

credit_card = get_check("credit_card")

PUBLISHED = [
    ("4111111111111111", "Visa"),
    ("4012888888881881", "Visa"),
    ("4222222222222", "Visa"),
    ("5555555555554444", "Mastercard"),
    ("5105105105105100", "Mastercard"),
    ("2223003122003222", "Mastercard"),
    ("378282246310005", "American Express"),
    ("371449635398431", "American Express"),
    ("6011111111111117", "Discover"),
    ("6011000990139424", "Discover"),
    ("3530111333300000", "JCB"),
    ("3566002020360505", "JCB"),
    ("6200000000000005", "UnionPay"),
    ("6205500000000000004", "UnionPay"),
    ("8100513433325374", "UnionPay"),
    ("8111700872004845", "UnionPay"),
    ("8141618644273338", "UnionPay"),
    ("8158163233706018", "UnionPay"),
    ("8168524506870054", "UnionPay"),
]


def test_doctests() -> None:
    result = doctest.testmod(card_network, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 7
    assert result.failed == 0


@pytest.mark.parametrize(("number", "network"), PUBLISHED)
def test_published_numbers(number: str, network: str) -> None:
    assert credit_card(number) == number
    assert card_network.get_network(number) == network


@pytest.mark.parametrize(("number", "network"), PUBLISHED)
def test_one_changed_digit_fails_luhn(number: str, network: str) -> None:
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(InvalidChecksum):
        credit_card(wrong)


def test_printed_spacing_and_full_width_digits() -> None:
    assert credit_card("3782 822463 10005") == "378282246310005"
    assert credit_card("４１１１-１１１１-１１１１-１１１１") == "4111111111111111"
    assert card_network.format("378282246310005") == "3782 822463 10005"
    assert card_network.format("4111111111111111") == "4111 1111 1111 1111"


@pytest.mark.parametrize(
    ("prefix", "network"),
    [("2221", "Mastercard"), ("2720", "Mastercard"), ("8100", "UnionPay"), ("8171", "UnionPay"),
     ("3528", "JCB"), ("3589", "JCB"), ("644", "Discover"), ("649", "Discover"), ("65", "Discover"),
     ("622126", "UnionPay"), ("622925", "UnionPay"), ("34", "American Express")],
)  # fmt: skip
def test_range_bounds(prefix: str, network: str) -> None:
    assert card_network.get_network(prefix + "0" * (16 - len(prefix))) == network


@pytest.mark.parametrize("prefix", ["2220", "2721", "8099", "8172", "3527", "3590", "643", "56", "50", "9", "36"])
def test_outside_every_network(prefix: str) -> None:
    body = prefix + "0" * (15 - len(prefix))
    with pytest.raises(InvalidComponent):
        credit_card(body + luhn.calc_check_digit(body))


def test_co_brand_range_is_both_discover_and_unionpay() -> None:
    assert card_network.get_networks("6221260000000000") == ["Discover", "UnionPay"]
    assert card_network.get_networks("6230000000000000") == ["UnionPay"]


@pytest.mark.parametrize(
    ("body", "length"),
    [("4", 15), ("5", 15), ("5", 19), ("37", 16), ("3530", 15), ("62", 15), ("81", 20)],
)
def test_lengths_a_network_does_not_issue(body: str, length: int) -> None:
    digits = (body + "1" * 20)[: length - 1]
    with pytest.raises(InvalidLength):
        credit_card(digits + luhn.calc_check_digit(digits))


@pytest.mark.parametrize("value", ["4111 1111 1111 111O", "4111111111111111x", "٤١١١١١١١١١١١١١١١"])
def test_non_digits(value: str) -> None:
    with pytest.raises(InvalidFormat):
        credit_card(value)


def test_unionpay_luhn_failure_says_why() -> None:
    with pytest.raises(InvalidChecksum, match="UnionPay"):
        credit_card("6200000000000006")


def test_huge_input_is_a_length_error() -> None:
    with pytest.raises(InvalidLength):
        credit_card("4" * 100_000)


@pytest.mark.parametrize(
    ("text", "networks"),
    [("VISA", {"Visa"}), ("MasterCard", {"Mastercard"}), ("master card", {"Mastercard"}),
     ("AMERICAN EXPRESS", {"American Express"}), ("银联 UnionPay", {"UnionPay"}), ("JCB", {"JCB"}),
     ("DISCOVER", {"Discover"}), ("银联/VISA", {"UnionPay", "Visa"}), ("PLATINUM", set())],
)  # fmt: skip
def test_printed_networks(text: str, networks: set[str]) -> None:
    assert card_network.printed_networks(text) == networks


NETWORK_BODIES = st.sampled_from(
    [("4", 16), ("4", 13), ("4", 19), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("34", 15),
     ("37", 15), ("3528", 16), ("3589", 19), ("6011", 16), ("65", 19), ("62", 16), ("62", 19),
     ("8100", 16), ("8171", 19)]
)  # fmt: skip


@given(NETWORK_BODIES, st.text(alphabet="0123456789", min_size=18, max_size=18))
def test_generated_numbers(prefix_length: tuple[str, int], filler: str) -> None:
    prefix, length = prefix_length
    body = (prefix + filler)[: length - 1]
    number = body + luhn.calc_check_digit(body)
    assert credit_card(number) == number
    assert card_network.get_network(number) is not None
