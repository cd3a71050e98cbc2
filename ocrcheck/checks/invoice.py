"""Chinese invoice identifiers (发票代码, 发票号码, 校验码, 数电发票号码).

Tax-control era invoices carry a 10- or 12-digit code and an 8-digit number. A 12-digit code is:
digit 1 `0` for VAT-system invoices (`1` on local-tax and other machine-printed invoices),
digits 2-5 region (province + `00`, or a 计划单列市), 6-7 year, 8-10 batch, 11-12 kind (for
codes starting with `0`: 04/05 普票, 06/07 卷票, 11 电子普票, 12 通行费, 13 电子专票 [U]). A
10-digit code is region (4), year (2), batch (1), kind (1: 1/5 专票, 3/6 普票, 2/7 货运),
copies (1), version (1). The official verifier accepts a year digit pair only above `00` and no
later than the current year. The 20-digit 校验码 has no public algorithm. 全电/数电 invoices have
no code and a 20-digit number: year (2), region (2), channel (1), sequence (15). The FAQ's words
for digits 3-4 are "各省、自治区、直辖市和计划单列市行政区划代码"; which two digits a 计划单列市
(深圳, 大连, ...) gets there is not published, so a non-province pair is only a warning.

More information:

* 交通运输部 财政部 税务总局 国家档案局公告 2020 (通行费电子票据), quoted in domain.md §4.1
* the tax bureau's invoice verification page script (VerifyInvoice.js), §4.1
* 税务总局 FAQ on 全面数字化的电子发票 numbers, §4.3

>>> validate('031001900111')
'031001900111'
>>> validate('031001900199')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: unknown invoice kind in the code
>>> validate('0310019001')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: ...
>>> validate('03100190011')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: ...
>>> validate('031009900111')
Traceback (most recent call last):
    ...
ocrcheck.checks._registry.InvalidDate: ...
>>> invoice_code_year('031001900111')
2019
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from .. import clock
from ._registry import InvalidDate, invalid, register

# Precompiled: these run on every document (a string pattern costs a re-cache look-up per call).
_SPACES = re.compile(r"\s+")
_NUMBER_PREFIX = re.compile(r"^(?:NO\.?|№|No\.?)[:：]?", re.IGNORECASE)

# GB/T 2260 province-level codes of the mainland (first two digits of a region code).
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
        "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
        "63", "64", "65",
    }
)
_KINDS_12 = frozenset({"04", "05", "06", "07", "11", "12", "13"})
_KINDS_10 = frozenset("123567")
# 数电 invoices began with the pilots of December 2021.
_FIRST_DIGITAL_YEAR = 21


def compact(number: str) -> str:
    """Fold full-width digits, drop spaces and a leading `No`/`№`."""
    if number.isascii() and number.isdigit():
        return number  # the usual case: ASCII digits have nothing to fold, drop or strip
    text = unicodedata.normalize("NFKC", number)
    return _NUMBER_PREFIX.sub("", _SPACES.sub("", text))


def _digits(number: str, lengths: tuple[int, ...], what: str) -> str:
    number = compact(number)
    if not number.isdigit() or not number.isascii():
        raise invalid(InvalidFormat, "digits_only", what=what)
    if len(number) not in lengths:
        raise invalid(InvalidLength, "digits_length", what=what, length=len(number))
    return number


def _year_ok(two_digits: str, first: int = 1) -> bool:
    return first <= int(two_digits) <= clock.today().year % 100


def validate(number: str) -> str:
    """A 10- or 12-digit invoice code: region, year, and (when known) kind digits."""
    code = _digits(number, (10, 12), "invoice_code")
    if len(code) == 12:
        if code[0] not in "01":
            raise invalid(InvalidComponent, "code12_start")
        region, year = code[1:3], code[5:7]
        if code[0] == "0" and code[10:12] not in _KINDS_12:
            raise invalid(InvalidComponent, "invoice_kind")
    else:
        region, year = code[0:2], code[4:6]
        if code[7] not in _KINDS_10:
            raise invalid(InvalidComponent, "invoice_kind")
    if region not in PROVINCE_CODES:
        raise invalid(InvalidComponent, "code_region")
    if not _year_ok(year):
        raise invalid(InvalidDate, "code_year")
    return code


def invoice_code_year(code: str) -> int | None:
    """The year printed in an invoice code (20YY), or None when the code is malformed."""
    code = compact(code)
    if not code.isdigit() or len(code) not in (10, 12):
        return None
    return 2000 + int(code[5:7] if len(code) == 12 else code[4:6])


def validate_invoice_number(number: str) -> str:
    """An 8-digit invoice number (no check digit)."""
    return _digits(number, (8,), "invoice_number")


def validate_check_code(number: str) -> str:
    """A 20-digit 校验码 (no public algorithm: format only)."""
    return _digits(number, (20,), "check_code")


def validate_digital_invoice_number(number: str) -> str:
    """A 20-digit 数电/全电 invoice number whose year digits are plausible."""
    number = _digits(number, (20,), "digital_invoice_number")
    if not _year_ok(number[:2], _FIRST_DIGITAL_YEAR):
        raise invalid(InvalidDate, "digital_number_year")
    return number


def validate_digital_invoice_region(number: str) -> str:
    """Digits 3-4 of a 数电 number name the province where it was issued (a warning: the
    FAQ says 计划单列市 have codes of their own there, and no public list gives them)."""
    number = _digits(number, (20,), "digital_invoice_number")
    if number[2:4] not in PROVINCE_CODES:
        raise invalid(InvalidComponent, "digital_number_region", digits=number[2:4])
    return number


def digital_invoice_year(number: str) -> int:
    """The issue year encoded in a 数电 invoice number (raises on a malformed number)."""
    return 2000 + int(_digits(number, (20,), "digital_invoice_number")[:2])


def is_valid(number: str) -> bool:
    """Whether `number` is a valid invoice code."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


# Registered by call, not as decorators, so the functions keep their precise types.
register(
    "vat_invoice_code", validate,
    description="10- or 12-digit invoice code: region, year and kind digits",
    standard="国家税务总局 invoice coding (VerifyInvoice.js)",
)
register(
    "invoice_number", validate_invoice_number,
    description="8-digit invoice number (no check digit)",
    standard="国家税务总局 invoice numbering",
)
register(
    "check_code", validate_check_code,
    description="20-digit invoice check code (校验码), format only",
    standard="国家税务总局 invoice verification (no public algorithm)",
)
register(
    "digital_invoice_number", validate_digital_invoice_number,
    description="20-digit fully digitalised e-invoice number (数电发票号码) with a plausible year",
    standard="国家税务总局 全面数字化的电子发票 numbering FAQ",
)
register(
    "digital_invoice_region", validate_digital_invoice_region,
    description="digits 3-4 of a 数电 invoice number name a province (a warning)",
    standard="国家税务总局 全面数字化的电子发票 numbering FAQ; GB/T 2260 province codes",
)
