"""ACME's cross rule: the total is the subtotal less the discount, to the cent.

>>> from ocrcheck.crossfield import RuleParams
>>> params = RuleParams("acme_discounted_total", "error", {"subtotal": "s", "discount": "d", "total": "t"})
>>> discounted_total({"s": "200.00", "d": "5%", "t": "190.00"}, params)
[]
>>> [f.field for f in discounted_total({"s": "200.00", "d": "5%", "t": "195.00"}, params)]
['t']
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ocrcheck import Finding
from ocrcheck.crossfield import RuleParams, cross_rule, finding


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).rstrip("%")) if value is not None else None
    except InvalidOperation:
        return None


@cross_rule(
    "acme_discounted_total",
    fields=("subtotal", "discount", "total"),
    kinds={"subtotal": ("amount",), "discount": ("percent",), "total": ("amount",)},
    description="total = subtotal × (100 − discount) / 100, rounded to the cent",
    standard="ACME purchasing terms",
)
def discounted_total(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Fields are the normalised values (`200.00`, `5%`); a field that failed its own checks is absent."""
    subtotal, discount, total = (_number(fields.get(p[name])) for name in ("subtotal", "discount", "total"))
    if subtotal is None or discount is None or total is None:
        return []
    due = (subtotal * (100 - discount) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if due == total:
        return []
    # The variant `detail` keeps the rule's own words (in every language the output is asked in).
    detail = f"{p['subtotal']} {subtotal} less {discount}% is {due}, {p['total']} is {total}"
    return [finding(p["total"], "mismatch", "detail", detail=detail, value=fields.get(p["total"]))]
