"""Fiscal receipts (财政票据): 中央非税收入统一票据 code, number and check code.

Electronic fiscal receipts are numbered like the 通行费财政电子票据 of the 2020 four-department
notice: the 票据代码 has 8 digits, 1-2 the administrative region of the supervising finance
department, 3-4 the category, 5-6 the kind, 7-8 the year; the 票据号码 has 10 digits, a sequence
number; the 校验码 has 6 letters or digits, generated, with no public algorithm. Category and kind
codes are not published as a closed list, so only their digits are checked. A receipt of the
central government carries the region `00` [U: no public list; believed from the scheme, where
the supervising finance department is the Ministry of Finance]; `non_tax_receipt_region` (a
warning) accepts `00` and the mainland's province codes.

More information:

* 交通运输部 财政部 税务总局 国家档案局公告 2020 (通行费电子票据): "票据代码为8位 … 第7~8位代表
  通行费财政电子票据年度编码。票据号码为10位，采用顺序号" (mirror m.cnstjh.com/tax/hsqj/jiexi/9146_4.html)
* domain.md §4.9, §13

>>> validate_code('00060124')
'00060124'
>>> receipt_code_year('00060124')
2024
>>> validate_code('0006012')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: receipt code has 7 digits
>>> validate_code('00060100')
Traceback (most recent call last):
    ...
ocrcheck.checks._registry.InvalidDate: the code's year is 00 or in the future
>>> validate_number('0012345678')
'0012345678'
>>> validate_check_code('a1b2c3')
'A1B2C3'
>>> validate_region('99060124')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: digits 1-2 (99) are neither 00 (central) nor a province code
"""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ._registry import InvalidDate, invalid, register
from .invoice import PROVINCE_CODES, _digits, _year_ok, compact

_CENTRAL = "00"


def validate_code(number: str) -> str:
    """An 8-digit 票据代码: region, category, kind, year (01..this year)."""
    code = _digits(number, (8,), "receipt code")
    if not _year_ok(code[6:8]):
        raise invalid(InvalidDate, "code_year")
    return code


def receipt_code_year(code: str) -> int | None:
    """The year in an 8-digit 票据代码 (20YY), or None when the code is malformed."""
    code = compact(code)
    if not code.isdigit() or not code.isascii() or len(code) != 8:
        return None
    return 2000 + int(code[6:8])


def validate_region(number: str) -> str:
    """Digits 1-2 name the supervising finance department's region: 00 or a province."""
    code = _digits(number, (8,), "receipt code")
    if code[:2] != _CENTRAL and code[:2] not in PROVINCE_CODES:
        raise invalid(InvalidComponent, "receipt_region", digits=code[:2])
    return code


def validate_number(number: str) -> str:
    """A 10-digit 票据号码 (a sequence number, no check digit)."""
    return _digits(number, (10,), "receipt number")


def validate_check_code(number: str) -> str:
    """A 6-character 校验码 of letters and digits (generated, no public algorithm)."""
    code = compact(number).upper()
    if not re.fullmatch(r"[0-9A-Z]*", code) or not code.isascii():
        raise invalid(InvalidFormat, "check_code_alphabet")
    if len(code) != 6:
        raise invalid(InvalidLength, "check_code_length", length=len(code))
    return code


register(
    "non_tax_receipt_code", validate_code,
    description="8-digit non-tax receipt code (票据代码): region, category, kind, year",
    standard="财政部《财政票据管理办法》 receipt coding",
)
register(
    "non_tax_receipt_region", validate_region,
    description="digits 1-2 of a receipt code: 00 (central) or a province code",
    standard="财政部 财政票据 coding; GB/T 2260 province codes",
)
register(
    "non_tax_receipt_number", validate_number,
    description="10-digit non-tax receipt number (a sequence number)",
    standard="财政部《财政票据管理办法》 receipt numbering",
)
register(
    "non_tax_check_code", validate_check_code,
    description="6-character check code (校验码) of a non-tax receipt: letters and digits",
    standard="财政部 财政票据 (no public algorithm)",
)
