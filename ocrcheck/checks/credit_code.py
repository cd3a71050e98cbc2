"""Credit code (unified social credit code, 统一社会信用代码, GB 32100-2015).

Eighteen characters over the 31 symbols `0-9A-HJ-NPQRTUWXY` (no I, O, Z, S, V): the
registration authority (1-9, A, N or Y), the entity category, a 6-digit GB/T 2260 region
code, the 9-character GB 11714 organisation code (8 characters and their own check character)
and a MOD 31 check character.

`stdnum.cn.uscc.validate` requires the first eight characters to be digits, so it rejects the
legal letter authorities A, N (rural collective organisations) and Y (domain.md §0.2). We
check the format here and reuse only its `calc_check_digit`.

Two checks are registered: `credit_code` (the whole code, MOD 31) and
`credit_code_organisation` (the embedded GB 11714 check character, weights 3 7 9 10 5 8 4 2,
MOD 11; rules use it as a warning).

More information:

* GB 32100-2015 法人和其他组织统一社会信用代码编码规则; GB 11714-1997 组织机构代码
* https://zh.wikipedia.org/wiki/统一社会信用代码
* domain.md §0.2, §1.2, §12

>>> validate('91110000600037341L')
'91110000600037341L'
>>> validate('N2330105MF12345676')  # stdnum.cn.uscc rejects the letter authority
'N2330105MF12345676'
>>> validate('91110000600037341')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('9111000060003734IL')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('B1110000600037341L')
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate('911A0000600037341L')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('91110000600037341M')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> calc_check_digit('91110000600037341')
'L'
>>> validate_organisation('91110000600037341L')
'91110000600037341L'
>>> validate_organisation('600037341')
'600037341'
>>> validate_organisation('600037342')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> calc_organisation_check_digit('60003734')
'1'
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from ._registry import invalid, register

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
AUTHORITIES = "123456789ANY"

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―()]")
_ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORGANISATION_BODY = re.compile(r"[0-9A-Z]{8}")
_IN_ALPHABET = re.compile(r"[0-9A-HJ-NPQRTUWXY]*")  # ALPHABET as a class: one scan, not one `in` per char


def compact(number: str) -> str:
    """Fold full-width characters, drop spaces, dashes and parentheses, upper-case."""
    if number.isascii() and number.isalnum():
        return number.upper()  # the usual case: NFKC keeps ASCII as it is, and nothing to drop
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", number)).upper()


def calc_check_digit(number: str) -> str:
    """Return the MOD 31 check character for the first 17 characters."""
    return uscc.calc_check_digit(number[:17])


def validate(number: str) -> str:
    """Check length, alphabet, authority, region digits and checksum; return the compact code."""
    number = compact(number)
    if len(number) != 18:
        raise InvalidLength()
    if not _IN_ALPHABET.fullmatch(number):
        raise InvalidFormat()
    if number[0] not in AUTHORITIES:
        raise invalid(InvalidComponent, "registration_authority")
    if not number[2:8].isdigit():
        raise invalid(InvalidFormat, "region_digits")
    if _check_char(number) != number[17]:
        raise InvalidChecksum()
    return number


_VALUES = {char: value for value, char in enumerate(ALPHABET)}
# GB 32100's weights (1, 3, 9, 27, 19, ...) are the powers of 3 mod 31, and 34 ≡ 3 (mod 31):
# written as the base-34 digits of their values, last character first, the 17 characters of a
# code are a number that `int` reads in one C call, equal to the weighted sum mod 31 (`0`-`9`,
# `a`-`u` for the values 0-30; tests/checks/test_credit_code.py holds the weights to the standard's).
_BASE34_DIGITS = str.maketrans({char: "0123456789abcdefghijklmnopqrstu"[value] for char, value in _VALUES.items()})


def _check_char(number: str) -> str:
    """`calc_check_digit` of a compact code already known to be of the alphabet: the same MOD 31
    sum without stdnum's second clean-up pass (this runs for every tax id of every invoice)."""
    total = int(number[16::-1].translate(_BASE34_DIGITS), 34)  # ≡ Σ value × weight (mod 31)
    return ALPHABET[(31 - total % 31) % 31]


def _is_code(number: str) -> bool:
    """Whether `validate` passes a compact number: its tests in its order, with no exception
    raised and caught (`tax_id_structure` asks this of every invoice's tax ids)."""
    return (
        len(number) == 18
        and _IN_ALPHABET.fullmatch(number) is not None
        and number[0] in AUTHORITIES
        and number[2:8].isdigit()
        and _check_char(number) == number[17]
    )


def is_valid(number: str) -> bool:
    """Return whether the code is valid (never raises)."""
    return _is_code(compact(number))


def format(number: str) -> str:
    """Return the code in its printed form (no separators)."""
    return compact(number)


def calc_organisation_check_digit(body: str) -> str:
    """Return the GB 11714 check character for the 8-character organisation-code body."""
    # Digits keep their value, A-Z count 10-35 (int(c, 36) gives exactly that).
    total = sum(int(char, 36) * weight for char, weight in zip(body, _ORGANISATION_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


# The weights (3, 7, 9, 10, 5, 8, 4, 2) are 3 × 6^i mod 11, and 17 ≡ 6 (mod 11): each character
# written as the base-17 digit of its value mod 11, last first, the body is a number `int` reads
# in one C call, a third of the weighted sum mod 11. The check character by that sum mod 11
# (11 - r, written 0 for 11 and X for 10).
_ORGANISATION_DIGITS = str.maketrans({char: "0123456789a"[int(char, 36) % 11]
                                      for char in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_ORGANISATION_CHECK = "0X987654321"


def _organisation_check(body: str) -> str:
    """`calc_organisation_check_digit` of a body known to match `_ORGANISATION_BODY`, by table."""
    total = 3 * int(body[::-1].translate(_ORGANISATION_DIGITS), 17)  # ≡ Σ value × weight (mod 11)
    return _ORGANISATION_CHECK[total % 11]


def validate_organisation(number: str) -> str:
    """Check the GB 11714 organisation code: a whole credit code or the 9-character code."""
    number = compact(number)
    if len(number) == 18:
        code = number[8:17]
    elif len(number) == 9:
        code = number
    else:
        raise InvalidLength()
    if not _ORGANISATION_BODY.fullmatch(code[:8]) or code[8] not in "0123456789X":
        raise InvalidFormat()
    if _organisation_check(code[:8]) != code[8]:
        raise invalid(InvalidChecksum, "organisation_code")
    return number


register(
    "credit_code", validate,
    description="unified social credit code: 18 characters, authority, entity type, region, MOD 31 check",
    standard="GB 32100-2015 法人和其他组织统一社会信用代码编码规则; GB 11714-1997",
)
register(
    "credit_code_organisation", validate_organisation,
    description="organisation code inside a credit code (or on its own, 9 characters): its MOD 11 check character",
    standard="GB 11714-1997 全国组织机构代码编制规则",
)
