"""Quota invoice (定额发票) denominations.

A quota invoice is pre-printed with its face value (面额). The values commonly printed are
壹元, 贰元, 伍元, 拾元, 贰拾元, 伍拾元 and 壹佰元; provinces decide which they print and no nationwide
list was found, so `quota_denomination` is meant as a warning (domain.md §4.5 [U]; keys.md).

The check receives the amount as normalised (`10.00`) and returns it unchanged.

>>> validate('20.00')
'20.00'
>>> validate('¥50')
'50.00'
>>> validate('30.00')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: 30.00 is not a usual quota invoice denomination (1 2 5 10 20 50 100)
"""

from __future__ import annotations

from decimal import Decimal

from stdnum.exceptions import InvalidComponent, InvalidFormat

from ..values import ValueProblem, normalise_amount
from ._registry import invalid, register

DENOMINATIONS = frozenset(Decimal(n) for n in (1, 2, 5, 10, 20, 50, 100))


def validate(amount: str) -> str:
    """The face value is one of 1, 2, 5, 10, 20, 50, 100 yuan."""
    try:
        value = normalise_amount(amount)
    except ValueProblem:
        raise invalid(InvalidFormat, "not_amount_of_money") from None
    if Decimal(value) not in DENOMINATIONS:
        raise invalid(InvalidComponent, "quota_denomination", amount=value)
    return value


register(
    "quota_denomination", validate,
    description="quota invoice face value: 1, 2, 5, 10, 20, 50 or 100 yuan",
    standard="provincial 定额发票 denominations (domain.md §4.4)",
)
