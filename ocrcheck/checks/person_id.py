"""Identity number of a person in China: the number a ticket or a tax registration records.

Where a document records "the holder's ID number" (train, rail e-ticket and ship tickets, a
natural person's tax id), three 18-character numbers are valid, all with the GB 11643 layout
(address or issuer code, birth date, sequence, ISO 7064 MOD 11-2 check character):

* the resident ID of a citizen (`resident_id`);
* the Hong Kong / Macao / Taiwan residents' residence permit, address code 810000 / 820000 /
  830000 (`cn_hmt_residence_permit`);
* the 2023 foreign permanent resident ID card, first digit 9 (`cn_foreign_permanent_id`; the
  15-character 2017 card is a different format and is not a ticket's 18-character id).

`person_id` accepts any of them; a number that is none of them fails with the resident ID
check's error (the usual case, and the one a repair suggestion is searched for). The resident
ID document type itself keeps `resident_id`: a resident card carries only a citizen number.

Tickets print the number masked (`1101051949****002X`). `person_id_masked` checks what a mask
leaves visible, for each of the three: a citizen number or a residence permit (810000 / 820000 /
830000, provinces 81-83 to GB/T 2260) as `resident_id_masked` does; a number whose first
character is `9` as a 2023 foreign permanent resident ID, whose visible office province must be
a mainland one. The birth date sits at positions 7-14 in all three, so its visible parts are
checked alike. An unmasked number gets the full `person_id`.

More information: GB 11643-1999; 国办发〔2018〕81号; 国家移民管理局公告 2023 (外国人永久居留身份证);
domain.md §1.1, §2.4, §2.5; the modules named above, which cite their specimens.

>>> validate('11010519491231002X')
'11010519491231002X'
>>> validate('810000199408230021')
'810000199408230021'
>>> validate('932682198501010017')
'932682198501010017'
>>> validate('932682198501010018')
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate_masked('9326821985****0017')
'9326821985****0017'
>>> validate_masked('8100001994****0021')
'8100001994****0021'
>>> validate_masked('9816821985****0017')  # province 81 takes no foreigner's application
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate('KAZ110090123105')
Traceback (most recent call last):
    ...
InvalidLength: ...
"""

from __future__ import annotations

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from . import foreign_permanent_id, hmt_residence_permit, resident_id
from ._registry import invalid, register
from .foreign_permanent_id import _MAINLAND_PROVINCES
from .resident_id import _MASKED, _check_visible_date

ALPHABET = resident_id.ALPHABET


def compact(number: str) -> str:
    return resident_id.compact(number)


def validate(number: str) -> str:
    """Check the number as a resident ID, else as a residence permit or a 2023 foreign permanent
    resident ID (by its first characters); return its compact form."""
    number = compact(number)
    try:
        return resident_id.validate(number)
    except ValidationError:
        if len(number) == 18 and number.startswith("9"):
            try:
                return foreign_permanent_id.validate(number)
            except ValidationError:
                pass
        elif len(number) == 18 and number[:6] in ("810000", "820000", "830000"):
            try:
                return hmt_residence_permit.validate(number)
            except ValidationError:
                pass
        raise


def validate_masked(number: str) -> str:
    """Check a number printed with one run of `*` (see the module text): what is visible must be
    plausible; the hidden digits and the check character cannot be verified."""
    number = compact(number)
    if "*" not in number:
        return validate(number)
    if not number.startswith("9"):
        return resident_id.validate_masked(number)
    if len(number) != 18:
        raise InvalidLength()
    if not _MASKED.fullmatch(number) or "X" in number[:17]:
        raise InvalidFormat()
    province = number[1:3]
    if province.isdigit() and province not in _MAINLAND_PROVINCES:
        raise invalid(InvalidComponent, "issuing_province")
    if province[0].isdigit() and not any(p.startswith(province[0]) for p in _MAINLAND_PROVINCES):
        raise invalid(InvalidComponent, "issuing_province")
    _check_visible_date(number)
    return number


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except ValueError:
        return False


register(
    "person_id", validate,
    description="a person's ID number in China: resident ID, HK/Macao/Taiwan residence permit or 2023 foreign ID",
    standard="GB 11643-1999; ISO 7064 MOD 11-2",
)
register(
    "person_id_masked", validate_masked,
    description="a person's ID number in China printed with a run of * (resident ID, residence permit, 2023 "
    "foreign ID): the visible digits are plausible (province or office, date parts)",
    standard="GB 11643-1999",
)
