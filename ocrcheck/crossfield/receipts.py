"""Cross-field rules of receipts and tax documents: a receipt code's year, periods in order.

* `receipt_code_year`: a 财政票据 code (8 digits, year at 7-8, domain.md §4.9) is assigned before
  the receipt is issued, so its year is not after the issue year (as `invoice_code_year`).
* `item_date_order`: in each line of a list, `earlier` ≤ `later` — a 税收完税证明's 税款所属时期
  ends no earlier than it starts (domain.md §4.8). `date_order` does this for top-level fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ._registry import DATES, RuleParams, cross_rule
from ._util import as_date, column, get, place

if TYPE_CHECKING:
    from .._models import Finding


@cross_rule(
    "receipt_code_year",
    fields=("code", "date"),
    kinds={"code": ("identifier",), "date": DATES},
    description="the year in an 8-digit receipt code is not after the issue year",
    standard="财政部《财政票据管理办法》 receipt coding",
)
def receipt_code_year(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The year in an 8-digit 票据代码 is not after the issue year."""
    from ..checks.fiscal_receipt import receipt_code_year as year_of

    code, issued = get(fields, p["code"]), as_date(get(fields, p["date"]))
    if not isinstance(code, str) or issued is None:
        return []
    year = year_of(code)
    if year is None or year <= issued.year:
        return []
    return [finding(p["code"], "mismatch", "code_year", value=code, year=year, issue_year=issued.year)]


@cross_rule(
    "item_date_order",
    fields=("earlier", "later"),
    kinds={"earlier": DATES, "later": DATES},
    description="each line: earlier ≤ later",
    standard="document-type rule",
)
def item_date_order(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Each line: `earlier` ≤ `later` (both `list[].field` of the same list)."""
    out = []
    for index, (start, end) in enumerate(zip(column(fields, p["earlier"]), column(fields, p["later"]), strict=False)):
        first, second = as_date(start), as_date(end)
        if first is not None and second is not None and second < first:
            out.append(finding(place(p["later"], index), "date", "before_start", value=end, end=second, start=first))
    return out
