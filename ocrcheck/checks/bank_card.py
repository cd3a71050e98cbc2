"""Bank card (payment card number, PAN, ISO/IEC 7812).

12 to 19 digits: an issuer identification number whose prefix names the network, the account
number and a Luhn check digit. The prefix must belong to a known network (table below) and the
length must be one that network issues.

Some China UnionPay numbers legitimately fail Luhn (braintree/card-validator issue #112). A
payment form must accept them, but on an OCR-read number a Luhn failure is far more often a
misread digit, so it is still a checksum failure here; its message says so, and the document
goes to a reviewer (domain.md §0.4).

More information:

* ISO/IEC 7812-1; https://en.wikipedia.org/wiki/Payment_card_number
* Worldpay "Credit Card Number Formats"; domain.md §0.4, §6.1, §12

>>> validate('4111 1111 1111 1111')
'4111111111111111'
>>> validate('6205500000000000004')
'6205500000000000004'
>>> validate('41111111111')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('4111111111111111111111')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('41111111111111A1')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('1111111111111111')
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate('4111111111111112')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> get_network('6200000000000005')
'UnionPay'
>>> format('378282246310005')
'3782 822463 10005'
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from ._registry import invalid, register

ALPHABET = "0123456789"

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―()]")


class Network(NamedTuple):
    name: str
    prefixes: tuple[tuple[str, str], ...]  # inclusive ranges of equal-length prefixes
    lengths: tuple[int, ...]


def _one(*prefixes: str) -> tuple[tuple[str, str], ...]:
    return tuple((prefix, prefix) for prefix in prefixes)


_ANY = tuple(range(12, 20))

# domain.md §6.1. Order matters where ranges overlap: the more specific network comes first
# (co-branded 622126-622925 Discover cards are UnionPay numbers too, read as such in China).
NETWORKS: tuple[Network, ...] = (
    Network("Visa", _one("4"), (13, 16, 19)),
    Network("Mastercard", (("51", "55"), ("222100", "272099")), (16,)),
    Network("American Express", _one("34", "37"), (15,)),
    Network("UnionPay", _one("62"), (16, 17, 18, 19)),
    # UnionPay's 81 range (8100-8171), in the networks' own BIN tables since 2016.
    Network("UnionPay", (("8100", "8171"),), (16, 17, 18, 19)),
    # Legacy domestic UnionPay BINs start with 9 (domain.md §6.1).
    Network("UnionPay", _one("9"), (16, 17, 18, 19)),
    Network("Discover", (("6011", "6011"), ("644", "649"), ("65", "65")), (16, 17, 18, 19)),
    Network("JCB", (("3528", "3589"),), (16, 17, 18, 19)),
    Network("Diners Club", (("300", "305"), ("3095", "3095"), ("36", "36"), ("38", "39")), (14, 15, 16, 17, 18, 19)),
    # Maestro is 56-69 except 62: UnionPay numbers are 16-19 digits whatever else claims them.
    Network("Maestro", (("50", "50"), ("56", "61"), ("63", "69")), _ANY),
)

# A UnionPay number failing Luhn gets its own message (`unionpay_luhn`): some legitimately fail
# it, but a misread digit is far more likely, and the reviewer is told to compare with the image.


def compact(number: str) -> str:
    """Fold full-width characters, drop spaces and dashes."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", number)).upper()


def _matches(network: Network, number: str) -> bool:
    return any(low <= number[: len(low)] <= high for low, high in network.prefixes)


def _networks(number: str) -> list[Network]:
    return [network for network in NETWORKS if _matches(network, number)]


def get_network(number: str) -> str | None:
    """Return the network the prefix belongs to (preferring one that issues this length)."""
    number = compact(number)
    candidates = _networks(number)
    for network in candidates:
        if len(number) in network.lengths:
            return network.name
    return candidates[0].name if candidates else None


def validate(number: str) -> str:
    """Check length, digits, network prefix and Luhn; return the compact number."""
    number = compact(number)
    if not 12 <= len(number) <= 19:
        raise InvalidLength()
    if not re.fullmatch(r"[0-9]+", number):
        raise InvalidFormat()
    candidates = _networks(number)
    if not candidates:
        raise invalid(InvalidComponent, "unknown_network")
    if not any(len(number) in network.lengths for network in candidates):
        raise invalid(InvalidLength, "network_length", network=candidates[0].name, length=len(number))
    if not luhn.is_valid(number):
        if get_network(number) == "UnionPay":
            raise invalid(InvalidChecksum, "unionpay_luhn")
        raise InvalidChecksum()
    return number


def is_valid(number: str) -> bool:
    """Return whether the number is valid (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


def format(number: str) -> str:
    """Group the digits as printed: 4-6-5 for American Express, fours otherwise."""
    number = compact(number)
    if len(number) == 15 and number[:2] in ("34", "37"):
        return f"{number[:4]} {number[4:10]} {number[10:]}"
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


register(
    "bank_card", validate,
    description="bank card number: length, digits, network prefix (UnionPay 62, 81) and Luhn check digit",
    standard="ISO/IEC 7812-1 (Luhn, Annex B)",
)
