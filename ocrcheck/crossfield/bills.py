"""Cross-field rules of electronic bank acceptance bills (电子银行承兑汇票, domain.md §6.2).

* `bill_number_date`: digits 14-21 of the bill number are the registration date, which is the
  issue date (出票日期) printed on the bill.
* `bill_number_bank`: digits 2-13 are the CNAPS code of the drawer's bank (出票人开户行行号).
* `bill_term`: the due date is after the issue date and within the legal term: at most 6
  calendar months for bills issued from 2023-01-01 (《商业汇票承兑、贴现与再贴现管理办法》, PBoC /
  CBIRC 2022 order No. 4, in force 2023-01-01, art. 4: "最长不得超过6个月"), at most 1 year for
  electronic bills issued before (《电子商业汇票业务管理办法》 2009). A calendar month from
  31 August ends on the last day of February.

Acceptance within issue…due is two `date_order` rules in the rule file.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ._registry import DATES, RuleParams, cross_rule
from ._util import add_years, as_date, get

if TYPE_CHECKING:
    from .._models import Finding

SIX_MONTH_RULE = date(2023, 1, 1)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def longest_due_date(issued: date) -> date:
    """The latest due date the law allows a bill issued on `issued`."""
    return add_months(issued, 6) if issued >= SIX_MONTH_RULE else add_years(issued, 1)


@cross_rule(
    "bill_number_date",
    fields=("number", "date"),
    kinds={"number": ("identifier",), "date": DATES},
    description="digits 14-21 of the bill number are the issue (registration) date",
    standard="electronic bill numbering (domain.md §6.2; no published standard)",
)
def bill_number_date(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    from ..checks.acceptance_bill import bill_date

    number, issued = get(fields, p["number"]), as_date(get(fields, p["date"]))
    if not isinstance(number, str) or issued is None:
        return []
    inside = bill_date(number)
    if inside is None or inside == issued:
        return []
    return [finding(p["number"], "mismatch", "bill_registered", value=number, registered=inside, issued=issued)]


@cross_rule(
    "bill_number_bank",
    fields=("number", "bank_code"),
    kinds={"number": ("identifier",), "bank_code": ("identifier",)},
    description="digits 2-13 of the bill number are the CNAPS code of the drawer's bank",
    standard="electronic bill numbering (domain.md §6.2; no published standard)",
)
def bill_number_bank(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    from ..checks.acceptance_bill import bill_bank_code

    number, bank = get(fields, p["number"]), get(fields, p["bank_code"])
    if not isinstance(number, str) or not isinstance(bank, str):
        return []
    inside = bill_bank_code(number)
    if inside is None or inside == bank:
        return []
    return [finding(p["bank_code"], "mismatch", "bill_bank", value=bank, in_number=inside, bank=bank)]


@cross_rule(
    "bill_term",
    fields=("issue_date", "due_date"),
    kinds={"issue_date": DATES, "due_date": DATES},
    description="the due date is after the issue date, within 6 months (issued from 2023) or 1 year (before)",
    standard="《商业汇票承兑、贴现与再贴现管理办法》(2022年第4号令) art. 4; 《电子商业汇票业务管理办法》(2009)",
)
def bill_term(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    issued, due = as_date(get(fields, p["issue_date"])), as_date(get(fields, p["due_date"]))
    if issued is None or due is None:
        return []
    value = get(fields, p["due_date"])
    if due <= issued:
        return [finding(p["due_date"], "date", "due_not_after_issue", value=value, due=due, issued=issued)]
    latest = longest_due_date(issued)
    if due > latest:
        months = 6 if issued >= SIX_MONTH_RULE else 12
        return [finding(p["due_date"], "range", "bill_term", value=value, due=due, latest=latest, issued=issued,
                        months=months)]
    return []
