"""Credit card number (PAN) by card network: prefix, length and Luhn (ISO/IEC 7812).

A credit card belongs to one of six networks, each issuing numbers from its own prefixes (IIN
ranges) in its own lengths:

=================  ==================================================  ===========
network            prefixes                                            lengths
=================  ==================================================  ===========
Visa               4                                                   13, 16, 19
Mastercard         51-55, 2221-2720                                    16
American Express   34, 37                                              15
JCB                3528-3589                                           16-19
Discover           6011, 644-649, 65, 622126-622925 (UnionPay co-brand)  16-19
UnionPay           62, 8100-8171 (the "8 series")                      16-19
=================  ==================================================  ===========

The last digit is a Luhn check digit (`stdnum.luhn`). Some UnionPay numbers legitimately fail
Luhn (braintree/card-validator issue #112); on an OCR read a misread digit is far likelier, so it
is still a checksum failure, with a message that says so (domain.md §0.4). A number whose prefix
is no credit-card network's (a Maestro or domestic debit number) is a component error: the
`bank_card` check covers debit cards.

More information:

* ISO/IEC 7812-1; https://en.wikipedia.org/wiki/Payment_card_number; domain.md §6.1
* Mastercard 2-series BINs 222100-272099 (Mastercard announcement quoted in card-io/card.io-dmz
  pull request #35)
* UnionPay 8 series 81000000-81719999 (Vantiv July 2018 Enterprise Advantage Bulletin, quoted
  in braintree/credit-card-type issue #95; test numbers from its pull request #96)

>>> validate('4111 1111 1111 1111')
'4111111111111111'
>>> get_network('2223003122003222'), get_network('8100513433325374')
('Mastercard', 'UnionPay')
>>> validate('378282246310005'[:-1])
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: ...
>>> validate('5610591081018250')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: ...
>>> validate('4111111111111112')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: ...
>>> validate('4111-1111-1111-111A')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
>>> sorted(printed_networks('银联 UnionPay / VISA'))
['UnionPay', 'Visa']
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from ._registry import invalid, register


class Network(NamedTuple):
    name: str
    prefixes: tuple[tuple[str, str], ...]  # inclusive ranges of equal-length prefixes
    lengths: tuple[int, ...]


_SIXTEEN_TO_NINETEEN = (16, 17, 18, 19)

NETWORKS: tuple[Network, ...] = (
    Network("Visa", (("4", "4"),), (13, 16, 19)),
    Network("Mastercard", (("51", "55"), ("2221", "2720")), (16,)),
    Network("American Express", (("34", "34"), ("37", "37")), (15,)),
    Network("JCB", (("3528", "3589"),), _SIXTEEN_TO_NINETEEN),
    Network("Discover", (("6011", "6011"), ("644", "649"), ("65", "65"), ("622126", "622925")), _SIXTEEN_TO_NINETEEN),
    Network("UnionPay", (("62", "62"), ("8100", "8171")), _SIXTEEN_TO_NINETEEN),
)

# Printed network marks (logo text), folded to upper case without spaces, dashes or dots.
_MARKS = {
    "VISA": "Visa",
    "MASTERCARD": "Mastercard",
    "万事达": "Mastercard",
    "AMERICANEXPRESS": "American Express",
    "AMEX": "American Express",
    "美国运通": "American Express",
    "运通": "American Express",
    "JCB": "JCB",
    "DISCOVER": "Discover",
    "发现卡": "Discover",
    "UNIONPAY": "UnionPay",
    "银联": "UnionPay",
}

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―()]")
_MAX_LENGTH = 64  # a printed number with generous spacing; anything longer is not a card number

# A UnionPay number failing Luhn gets its own message (`unionpay_luhn`): some legitimately fail
# it, but a misread digit is far more likely, and the reviewer is told to compare with the image.


def compact(number: str) -> str:
    """Fold full-width characters, drop spaces, dashes and brackets."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", number[:_MAX_LENGTH])).upper()


def get_networks(number: str) -> list[str]:
    """Every network whose prefixes hold the number (two for Discover / UnionPay co-brands)."""
    number = compact(number)
    return [
        network.name
        for network in NETWORKS
        if any(low <= number[: len(low)] <= high for low, high in network.prefixes)
    ]


def get_network(number: str) -> str | None:
    """The network that issued the number (UnionPay for the co-branded 622126-622925 range)."""
    names = get_networks(number)
    if "UnionPay" in names:
        return "UnionPay"
    return names[0] if names else None


def validate(number: str) -> str:
    """Check digits, the network's prefix and length, and Luhn; return the compact number."""
    if len(number) > _MAX_LENGTH:
        raise invalid(InvalidLength, "card_length")
    number = compact(number)
    if not number.isdigit() or not number.isascii():
        raise invalid(InvalidFormat, "card_digits")
    network = get_network(number)
    if network is None:
        raise invalid(InvalidComponent, "credit_network")
    lengths = next(item.lengths for item in NETWORKS if item.name == network)
    if len(number) not in lengths:
        raise invalid(InvalidLength, "network_length", network=network, length=len(number))
    if not luhn.is_valid(number):
        raise invalid(InvalidChecksum, "unionpay_luhn" if network == "UnionPay" else "luhn")
    return number


def is_valid(number: str) -> bool:
    """Whether `number` is a valid credit card number (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


def format(number: str) -> str:
    """Group as printed: 4-6-5 for American Express, fours otherwise."""
    number = compact(number)
    if get_network(number) == "American Express":
        return f"{number[:4]} {number[4:10]} {number[10:]}"
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def printed_networks(text: str) -> set[str]:
    """The networks a printed mark names (`银联 / VISA` names two); empty when none is known."""
    folded = re.sub(r"[\s\-_.·/]", "", unicodedata.normalize("NFKC", text[:_MAX_LENGTH]).upper())
    return {network for mark, network in _MARKS.items() if mark in folded}


register(
    "credit_card", validate,
    description="credit card number: digits, the card network's prefix and length, and the Luhn check digit",
    standard="ISO/IEC 7812-1 (IIN ranges, Luhn Annex B)",
)
