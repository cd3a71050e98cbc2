"""Residence permit number for Hong Kong, Macao and Taiwan residents (港澳台居民居住证).

Since 2018-09-01 the permit carries a citizen-style number under GB 11643: 18 characters, the
address code fixed to `810000` (Hong Kong), `820000` (Macao) or `830000` (Taiwan), the birth date
YYYYMMDD (positions 7-14), a 3-digit sequence whose last digit (17th) is odd for men and even for
women, and an ISO 7064 MOD 11-2 check character. The body is checked by `resident_id.validate`
(which, unlike `stdnum.cn.ric`, accepts these prefixes for every birth year, domain.md §0.1);
this module adds the prefix rule.

Sources:

* 《港澳台居民居住证申领发放办法》(国办发〔2018〕81号) and the 公安部 numbering rule, summarised at
  cidian.kuaisou.com (居民居住证号): "香港居民…地址码使用810000，澳门居民…820000，台湾居民…830000".
* Specimen numbers `810000199408230021` (Hong Kong) and `830000199201300022` (Taiwan), published
  by 北京市公安局 with the permit's specimen image, as cited in renyijiu/id_validator README.md
  ("北京市公安局公布的居住证样式号码") and jxlwqq/id-validator's tests.
* domain.md §1.1, §2.4, §2.5; keys.md (`cn_hmt_residence_permit`).

>>> validate('810000199408230021')
'810000199408230021'
>>> validate('830000199201300022')
'830000199201300022'
>>> validate('810000199408230023')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> validate('110101199408230021')  # a resident ID number, not a permit
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate('811000199408230021')  # 81 but not 810000
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate('810000199402300021')
Traceback (most recent call last):
    ...
InvalidDate: ...
>>> validate('81000019940823002')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> get_region('820000200001010028')
'MO'
>>> validate_pass_number('H12345678')
'H12345678'
>>> validate_pass_number('12345678')  # a Taiwan compatriot permit (台胞证)
'12345678'
>>> validate_pass_number('C12345678')
Traceback (most recent call last):
    ...
InvalidFormat: ...
"""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ._registry import invalid, register
from .passport import compact as compact_pass
from .passport import validate_home_return_permit
from .resident_id import compact, get_birth_date, get_sex
from .resident_id import validate as validate_resident_id

__all__ = [
    "PREFIXES",
    "compact",
    "get_birth_date",
    "get_region",
    "get_sex",
    "is_valid",
    "validate",
    "validate_pass_number",
]

# Address code → the region whose residents hold the permit.
PREFIXES = {"810000": "HK", "820000": "MO", "830000": "TW"}


def get_region(number: str) -> str:
    """'HK', 'MO' or 'TW' from the address code; another code raises `InvalidComponent`."""
    region = PREFIXES.get(compact(number)[:6])
    if region is None:
        raise invalid(InvalidComponent, "permit_prefix")
    return region


def validate(number: str) -> str:
    """Check the number (length, prefix, birth date, checksum); return its compact form."""
    number = compact(number)
    if len(number) != 18:
        raise InvalidLength()
    get_region(number)
    return validate_resident_id(number)


# 台湾居民来往大陆通行证: the 8-digit lifetime number, older cards + a 2-digit issue count
# (domain.md §2.4).
_TAIWAN_PERMIT = re.compile(r"[0-9]{8}(?:[0-9]{2})?")


def validate_pass_number(number: str) -> str:
    """The 通行证号码 printed on the permit: a Home Return Permit or a Taiwan compatriot permit."""
    number = compact_pass(number)
    if _TAIWAN_PERMIT.fullmatch(number):
        return number
    try:
        return validate_home_return_permit(number)
    except (InvalidFormat, InvalidLength):
        raise invalid(InvalidFormat, "pass_number") from None


def is_valid(number: str) -> bool:
    """Whether the number is valid (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


register(
    "cn_hmt_residence_permit", validate,
    description="HK/Macao/Taiwan residence permit number: 810000/820000/830000, birth date, MOD 11-2",
    standard="GB 11643-1999; ISO 7064 MOD 11-2; 国务院办公厅 港澳台居民居住证申领发放办法 (2018)",
)
register(
    "hmt_pass_number", validate_pass_number,
    description="permit number printed on a residence permit: a Home Return Permit or Taiwan compatriot permit",
    standard="公安部 港澳居民来往内地通行证 / 台湾居民来往大陆通行证 numbering",
)
