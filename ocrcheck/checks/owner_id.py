"""An owner's identity number on vehicle and real-estate papers (身份证明号码, 权利人证件号码).

The owner is a person or an organisation, so the number is an 18-character GB 11643 resident ID
number (also the 810000/820000/830000 residence permits, which share its scheme), a 2023 foreign
permanent resident ID (`9…`, same checksum), or an 18-character GB 32100 unified social credit
code (keys.md: "resident ID or credit code"). Unlike `tax_id`, no legacy length is accepted.

When the number is neither, the finding is the one of the reading it is closest to: a number
with a resident ID's shape and a real birth date is reported as a resident ID (its checksum),
anything else as a credit code.

>>> validate('11010519491231002X')
'11010519491231002X'
>>> validate('91110000600037341L')
'91110000600037341L'
>>> validate('932682198501010017')
'932682198501010017'
>>> validate('11010519491231002Y')  # Y is no resident ID check character
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('110105194912310021')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> validate('9111000060003734')
Traceback (most recent call last):
    ...
InvalidLength: ...
"""

from __future__ import annotations

from stdnum.exceptions import InvalidLength, ValidationError

from . import credit_code, foreign_permanent_id, resident_id
from ._registry import invalid, register

__all__ = ["validate"]


def validate(number: str) -> str:
    """A resident ID (or residence permit / 2023 foreign ID) number, or a credit code."""
    text = resident_id.compact(number)
    if len(text) != 18:
        raise invalid(InvalidLength, "owner_id_length")
    for reading in (resident_id.validate, foreign_permanent_id.validate):
        try:
            return reading(text)
        except ValidationError:
            pass
    try:
        return credit_code.validate(text)
    except ValidationError as credit_error:
        shaped_like_id = text[:17].isdigit() and text[:2] in resident_id.PROVINCES
        if shaped_like_id:
            try:
                resident_id.get_birth_date(text)
            except ValidationError:
                raise credit_error from None
            return resident_id.validate(text)  # raises the resident ID's own finding
        raise


register(
    "owner_id_number", validate,
    description="an owner's identity number: resident ID (or residence permit, 2023 foreign ID) or a credit code",
    standard="GB 11643-1999; GB 32100-2015",
)
