"""Japanese driving licence numbers (運転免許証番号).

Twelve digits: 1-2 the prefectural public safety commission where the holder was first
licensed (30 東京, 54 愛知, 62 大阪, ...), 3-4 the last two digits of the Western year of the
first licence, 5-10 the commission's serial, 11 a check digit, 12 the reissue count (0 for an
original card, +1 for each card reissued after a loss).

The check digit is community-derived, not published by the National Police Agency: weights
5 4 3 2 7 6 5 4 3 2 on digits 1-10, check = (11 - Σ mod 11) mod 10. It is therefore used as a
warning (`jp_driving_licence_check`), while the shape (`jp_driving_licence_number`) is an error.

More information:

* domain.md §10: biteme.jp, be_happy.chu.jp and moneytimes.jp (layout); jiko0.com/bangou.html
  and kurechan.hatenadiary.org (the check digit, with jiko0's sample `309012345620`)

>>> validate('第 3090 1234 5620 号')
'309012345620'
>>> validate('30901234562')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: ...
>>> validate_check_digit('309012345620')
'309012345620'
>>> validate_check_digit('309012345630')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: ...
>>> calc_check_digit('3090123456')
'2'
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from ._registry import invalid, register

_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def compact(number: str) -> str:
    """Fold full-width digits (１２３), drop spaces and hyphens, and the 第 … 号 the card prints."""
    text = re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", number))
    return re.sub(r"^第(.*)号$", r"\1", text)


def calc_check_digit(first_ten: str) -> str:
    """The (unofficial) check digit of the first ten digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first_ten, _WEIGHTS, strict=True))
    return str((11 - total % 11) % 10)


@register(
    "jp_driving_licence_number",
    description="Japanese driving licence number: twelve digits",
    standard="道路交通法施行規則 licence numbering (12 digits)",
)
def validate(number: str) -> str:
    """Twelve digits (the check digit is not judged here)."""
    number = compact(number)
    if len(number) != 12:
        raise invalid(InvalidLength, "jp_licence_length", found=len(number))
    if not re.fullmatch(r"[0-9]{12}", number):
        raise invalid(InvalidFormat, "jp_licence_digits")
    return number


@register(
    "jp_driving_licence_check",
    description="Japanese driving licence number whose 11th digit is the check digit (method community-derived)",
    standard="community-derived modulus check (jiko0.com) [unverified]",
)
def validate_check_digit(number: str) -> str:
    """Twelve digits whose 11th is the community-derived check digit (use as a warning)."""
    number = validate(number)
    if calc_check_digit(number[:10]) != number[10]:
        raise invalid(InvalidChecksum, "jp_licence")
    return number


def first_licence_year_digits(number: str) -> str:
    """Digits 3-4: the last two digits of the Western year of the first licence."""
    return compact(number)[2:4]


def is_valid(number: str) -> bool:
    try:
        return bool(validate_check_digit(number))
    except ValueError:
        return False
