"""Electronic bank acceptance bill numbers (电子银行承兑汇票 票据号码 / 票据包号) and CNAPS bank codes.

The 30-digit number is assigned by the bill system when the bill is registered:

* digit 1 — kind: `1` bank acceptance, `2` commercial acceptance (ECDS, 2009-2022); in the
  new-generation system `5` bank / `6` commercial acceptance, supply-chain bills `8` bank /
  `7` commercial. A bank acceptance bill has `1`, `5` or `8`; a commercial kind on this document
  is an error of its own (the bill is not what its title says).
* digits 2-13 — the 12-digit CNAPS code (支付系统行号) of the drawer's bank.
* digits 14-21 — the registration date YYYYMMDD (the issue date); ECDS started in October 2009.
* digits 22-29 — the day's serial number; digit 30 — a check digit whose algorithm is not
  public ("由ECDS系统自动生成"), so it is not verified.

A CNAPS code (`cnaps_code`) is 12 digits: bank category (3), city (4), branch (4), check digit
(1, algorithm not public): only its shape is checked.

More information:

* m.eguotiku.com/q/12388815721.html (票据种类标识 1 位, 支付系统行号 12 位, 出票信息登记日期 8 位,
  当天流水号 8 位, 校验码 1 位); zzsla.top/detail/ji3l98f20l.html; licai.bangqike.com/gupiao/1091262.html
* f504.cn/g86205480.html (new-generation 票据包号 kinds 5/6/7/8), domain.md §6.2, §13

>>> validate('110210000001220240315000012349')
'110210000001220240315000012349'
>>> bill_date('110210000001220240315000012349')
datetime.date(2024, 3, 15)
>>> bill_bank_code('110210000001220240315000012349')
'102100000012'
>>> validate('210210000001220240315000012349')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: kind 2 is a commercial acceptance bill, not a bank acceptance bill
>>> validate('110210000001220241315000012349')
Traceback (most recent call last):
    ...
ocrcheck.checks._registry.InvalidDate: digits 14-21 (20241315) are not a real date
>>> validate_cnaps('102100000012')
'102100000012'
"""

from __future__ import annotations

from datetime import date

from stdnum.exceptions import InvalidComponent

from .. import clock
from ._registry import InvalidDate, invalid, register
from .invoice import _digits

BANK_KINDS = frozenset("158")
COMMERCIAL_KINDS = frozenset("267")
# ECDS went live on 2009-10-28; no electronic bill is registered before it.
FIRST_REGISTRATION = date(2009, 10, 28)


def _parse_date(digits: str) -> date | None:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def validate(number: str) -> str:
    """A 30-digit bank acceptance bill number: kind, bank code, registration date."""
    number = _digits(number, (30,), "bill number")
    kind = number[0]
    if kind in COMMERCIAL_KINDS:
        raise invalid(InvalidComponent, "commercial_bill", kind=kind)
    if kind not in BANK_KINDS:
        raise invalid(InvalidComponent, "bill_kind", kind=kind)
    registered = _parse_date(number[13:21])
    if registered is None:
        raise invalid(InvalidDate, "bill_date", digits=number[13:21])
    if not FIRST_REGISTRATION <= registered <= clock.today():
        raise invalid(InvalidDate, "bill_date_range", digits=number[13:21])
    return number


def bill_date(number: str) -> date | None:
    """The registration (issue) date inside a bill number, or None when it has none."""
    try:
        digits = _digits(number, (30,), "bill number")
    except ValueError:
        return None
    return _parse_date(digits[13:21])


def bill_bank_code(number: str) -> str | None:
    """The drawer's bank CNAPS code inside a bill number (digits 2-13), or None."""
    try:
        return _digits(number, (30,), "bill number")[1:13]
    except ValueError:
        return None


def validate_cnaps(number: str) -> str:
    """A 12-digit CNAPS bank code (支付系统行号); its check digit is not public."""
    return _digits(number, (12,), "bank code")


register(
    "bank_acceptance_bill_number", validate,
    description="30-digit electronic bank acceptance bill number: kind, 12-digit bank code, registration date, serial",
    standard="上海票据交易所 electronic commercial draft numbering (票据号码 layout, no public check algorithm)",
)
register(
    "cnaps_code", validate_cnaps,
    description="12-digit CNAPS bank code (支付系统行号); its check digit is not public",
    standard="中国人民银行 China National Advanced Payment System bank codes",
)
