"""12-digit invoice codes by kind of invoice (发票代码): roll, motor vehicle, general.

`vat_invoice_code` (invoice.py) accepts any 10- or 12-digit code of the VAT system. A document
type that is one kind of invoice can say more:

* `roll_invoice_code` — 增值税普通发票(卷票): digit 1 `0`, digits 11-12 `06` or `07` (domain.md §4.4;
  the verifier script classifies exactly these as 卷式发票).
* `vehicle_invoice_code` — 机动车销售统一发票: digit 1 not `0` and digit 8 `2` (the verifier script:
  "第8位是2，则是机动车发票", after excluding the `0…` VAT kinds; domain.md §3.5).
* `general_invoice_code` — the 2004 national scheme of ordinary invoices (通用机打发票, 定额发票 and
  other locally printed invoices): digit 1 the issuing tax administration (`0` 国家税务总局, `1`
  国家税务局, `2` 地方税务局, before the 2018 merger), digits 2-5 the region (地级, e.g. 3301 杭州),
  6-7 the year, 8 the industry (国税 1-6, 地税 0-9), 9-12 local. So any digit 8 is valid; region and
  year are checked as for VAT codes.

Every check also requires a province code at digits 2-3 and a year 01..this year at digits 6-7.

More information:

* the tax bureau's invoice verification script (VerifyInvoice.js, copied in shinenew/yxl-front
  `src/display/part/InvoiceImport/InvoiceTab/VerifyInvoice.js`: `alxd()` kinds, `bc()` year)
* crsrw.com/dianzishuiwu/12935.html and fengzilin.com/news8/506.html (the 2004 12-digit scheme:
  "第1位为国家税务局、地方税务局代码 … 第8位为统一的行业代码")
* domain.md §3.5, §4.1, §4.4, §4.5, §4.6

>>> validate_roll('033021700106')
'033021700106'
>>> validate_roll('044031900111')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: a roll invoice code ends in 06 or 07
>>> validate_vehicle('144031926520')
'144031926520'
>>> validate_vehicle('144031916520')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: a motor vehicle invoice code has 2 as its 8th digit
>>> validate_general('233011870051')
'233011870051'
>>> validate_general('333011870051')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: digit 1 of an invoice code is 0, 1 or 2
"""

from __future__ import annotations

from stdnum.exceptions import InvalidComponent

from ._registry import InvalidDate, invalid, register
from .invoice import PROVINCE_CODES, _digits, _year_ok


def _twelve(number: str) -> str:
    """12 digits with a province at digits 2-3 and a plausible year at 6-7."""
    code = _digits(number, (12,), "invoice code")
    if code[1:3] not in PROVINCE_CODES and not (code[0] == "0" and code[1:5] == "0000"):
        raise invalid(InvalidComponent, "code_region")
    if not _year_ok(code[5:7]):
        raise invalid(InvalidDate, "code_year")
    return code


def validate_roll(number: str) -> str:
    """增值税普通发票(卷票): `0` + region + year + batch + `06`/`07`."""
    code = _twelve(number)
    if code[0] != "0" or code[10:12] not in ("06", "07"):
        raise invalid(InvalidComponent, "roll_code_end")
    return code


def validate_vehicle(number: str) -> str:
    """机动车销售统一发票: digit 1 not `0`, digit 8 `2`."""
    code = _twelve(number)
    if code[0] == "0":
        raise invalid(InvalidComponent, "vehicle_code_start")
    if code[7] != "2":
        raise invalid(InvalidComponent, "vehicle_code_digit8")
    return code


def validate_general(number: str) -> str:
    """An ordinary invoice's code: administration (0/1/2) + region + year + industry + local."""
    code = _twelve(number)
    if code[0] not in "012":
        raise invalid(InvalidComponent, "code_digit1")
    return code


register(
    "roll_invoice_code", validate_roll,
    description="12-digit VAT roll invoice code: 0, region, year, batch, kind 06/07",
    standard="国家税务总局 invoice code kinds (VerifyInvoice.js)",
)
register(
    "vehicle_invoice_code", validate_vehicle,
    description="12-digit motor vehicle sales invoice code: first digit not 0, eighth digit 2",
    standard="国家税务总局 invoice code kinds (VerifyInvoice.js)",
)
register(
    "general_invoice_code", validate_general,
    description="12-digit ordinary invoice code: administration, region, year, industry, local digits",
    standard="国家税务总局 2004 twelve-digit invoice code scheme",
)
