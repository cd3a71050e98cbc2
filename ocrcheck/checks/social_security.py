"""Social security card number (社会保障卡卡号, 社会保障卡).

The card has two numbers: the 社会保障号码, which is the holder's 18-character citizen identity
number (GB 11643: the `resident_id` check; 社会保障号码 was the original name of GB 11643-1989),
and the card's own number (卡号), nine characters: digits, or a letter then eight digits in some
regions [S: regional only; U generally]. Nothing public gives the card number a check character,
so only its length and alphabet are an error (`validate`); the letter-then-digits shape is a
warning (`validate_shape`), since regions are known to differ.

More information:

* domain.md §6.3 (cwdz168.com: "9位数字代表您的社会保障卡号"; GB 11643 history)
* 人力资源社会保障部《社会保障卡规范》 (card layout; the numbering part is not public)

>>> validate('A1234 5678')
'A12345678'
>>> validate_shape('123456789')
'123456789'
>>> validate('12345678')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: ...
>>> validate('12345678？')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
>>> validate_shape('1234A5678')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidFormat, InvalidLength

from ._registry import invalid, register

_MAX_LENGTH = 32


def compact(number: str) -> str:
    """Fold full-width characters, drop spaces and hyphens, upper-case."""
    return re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", number[:_MAX_LENGTH])).upper()


def validate(number: str) -> str:
    """Nine letters or digits; return the compact number."""
    if len(number) > _MAX_LENGTH:
        raise invalid(InvalidLength, "ss_length")
    card = compact(number)
    if not re.fullmatch(r"[A-Z0-9]*", card):
        raise invalid(InvalidFormat, "ss_alphabet")
    if len(card) != 9:
        raise invalid(InvalidLength, "ss_length_found", found=len(card))
    return card


def validate_shape(number: str) -> str:
    """Nine digits, or one letter and eight digits (warning check)."""
    card = validate(number)
    if not re.fullmatch(r"[A-Z0-9]\d{8}", card):
        raise invalid(InvalidFormat, "ss_form")
    return card


def is_valid(number: str) -> bool:
    """Whether `number` is a valid social security card number (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


register(
    "cn_social_security_card_number", validate,
    description="social security card number (社会保障卡卡号): nine letters or digits",
    standard="人力资源社会保障部《社会保障卡规范》 (numbering not public)",
)
register(
    "cn_social_security_card_number_shape", validate_shape,
    description="social security card number of nine digits or a letter and eight digits (a warning)",
    standard="人力资源社会保障部《社会保障卡规范》 (numbering not public)",
)
