"""Aadhaar number as printed on an Aadhaar card or letter (印度 Aadhaar 身份号码).

Twelve digits, the first 2-9, not a palindrome, the last a Verhoeff check digit: that is
python-stdnum's `in_.aadhaar`, which is right and used here unchanged. What it does not know is
the *masked Aadhaar* UIDAI issues for KYC use, which prints only the last four digits
(`XXXX XXXX 1234`; ocrcheck reads `*` masks the same way). Such a number cannot be verified
and is not an error: UIDAI recommends it for KYC. It is accepted as printed; every other value
goes to stdnum.

More information:

* https://uidai.gov.in/ (Aadhaar numbering, masked Aadhaar); python-stdnum `in_/aadhaar.py`
* domain.md §9.8

>>> validate('2341 2341 2346')
'234123412346'
>>> validate('XXXX XXXX 2346')
'XXXXXXXX2346'
>>> validate('2341 2341 2347')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> validate('1341 2341 2346')
Traceback (most recent call last):
    ...
InvalidFormat: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.in_ import aadhaar

from ._registry import register

_MASKED = re.compile(r"[X*]{8}\d{4}")


def validate(number: str) -> str:
    """A valid Aadhaar number (stdnum), or a masked one with its last four digits."""
    compact = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", number)).upper()
    if _MASKED.fullmatch(compact):
        return compact
    return aadhaar.validate(compact)


def is_masked(number: str) -> bool:
    """Whether the value is a masked Aadhaar (only the last four digits shown)."""
    return bool(_MASKED.fullmatch(re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", number)).upper()))


register(
    "in_aadhaar_card", validate,
    description="Aadhaar number as printed: 12 digits with Verhoeff check, or masked with its last four digits",
    standard="UIDAI Aadhaar and masked Aadhaar; Verhoeff check digit",
)
