"""The invoice rules as they were before the per-document memo (issue 13): the long way that
tests/crossfield/test_column_memo.py holds the memo's rules to. Copied from
ocrcheck/crossfield/invoice.py at ca51440; not to be edited but to be deleted with its test."""

# ruff: noqa

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from datetime import date
from typing import Any

from ocrcheck._messages import finding
from ocrcheck._models import Finding
from ocrcheck.checks import amount_in_words
from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.crossfield._util import as_date, as_decimal, column, get, item_values, place
from ocrcheck.crossfield.invoice import CENT, NO_TAX_RATES, RATE_WINDOWS, _is_stars, _percent


def _tax(value: Any) -> Decimal | None:
    """A tax amount as a number: `***` (no tax printed) counts as zero."""
    return Decimal(0) if _is_stars(value) else as_decimal(value)


def item_tax(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Each line: tax = round(amount × rate, 2) ± 0.01; an exempt line's tax is 0 or `***`.

    The three parameters name either the columns of a list (`items[].amount`) or three top-level
    fields (a motor vehicle invoice's 不含税价, 税率 and 增值税税额 are printed once).
    """
    amounts, rates = column(fields, p["amount"]), column(fields, p["tax_rate"])
    out = []
    for index, (amount, rate, tax) in enumerate(zip(amounts, rates, column(fields, p["tax_amount"]), strict=False)):
        if amount is None or rate is None or tax is None:
            continue
        number = as_decimal(rate)
        if rate in NO_TAX_RATES or (number == 0 and _is_stars(tax)):
            if not (_is_stars(tax) or as_decimal(tax) == 0):
                out.append(finding(place(p["tax_amount"], index), "mismatch", "exempt_tax", value=tax, rate=rate,
                                   tax=tax))
            continue
        a = as_decimal(amount)
        if number is None or a is None:
            continue
        expected = (a * number).quantize(CENT, ROUND_HALF_UP)
        if _is_stars(tax):
            out.append(finding(place(p["tax_amount"], index), "mismatch", "tax_stars", value=tax,
                               rate=_percent(number), amount=a, expected=expected))
            continue
        t = as_decimal(tax)
        if t is not None and abs(t - expected) > CENT:
            out.append(finding(place(p["tax_amount"], index), "mismatch", "item_tax", value=tax, amount=a,
                               rate=_percent(number), expected=expected, tax=t))
    return out


def _sum_of(fields: Mapping[str, Any], item_path: str, total_name: str, variant: str) -> list[Finding]:
    _, values = item_values(fields, item_path)
    total = _tax(get(fields, total_name))
    numbers = [_tax(value) for value in values]
    if total is None or not numbers or any(n is None for n in numbers):
        return []  # a line without a trusted value is already reported; its sum would only repeat it
    found = sum((n for n in numbers if n is not None), Decimal(0))
    if found != total:
        return [finding(total_name, "mismatch", variant, value=get(fields, total_name), found=found,
                        total_field=total_name, total=total, difference=total - found)]
    return []


def items_sum(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Σ lines' amount = total_excl_tax and (when given) Σ lines' tax = total_tax, to the fen."""
    out = _sum_of(fields, p["amount"], p["total_excl_tax"], "sum_amounts")
    if p.get("tax_amount") and p.get("total_tax"):
        out += _sum_of(fields, p["tax_amount"], p["total_tax"], "sum_tax")
    return out


def total_is_sum(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """合计金额 + 合计税额 = 价税合计, exactly."""
    excl = as_decimal(get(fields, p["total_excl_tax"]))
    tax = _tax(get(fields, p["total_tax"]))
    total = as_decimal(get(fields, p["total_amount"]))
    if excl is None or tax is None or total is None or excl + tax == total:
        return []
    return [finding(p["total_amount"], "mismatch", "total_sum", value=get(fields, p["total_amount"]),
                    excl_field=p["total_excl_tax"], excl=excl, tax_field=p["total_tax"], tax=tax, expected=excl + tax,
                    total=total)]


def _words_value(words: Any) -> Decimal | None:
    """The `amount_in_words` check leaves a decimal string; unchecked words are parsed here."""
    number = as_decimal(words)
    if number is not None or not isinstance(words, str):
        return number
    try:
        return amount_in_words.parse_amount_in_words(words)
    except ValueError:
        return None  # unreadable words are the field check's finding, not this rule's


def amount_in_words_matches(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """价税合计(大写) = 价税合计(小写): the words read as a number equal the figure."""
    words = get(fields, p["words"])
    said, amount = _words_value(words), as_decimal(get(fields, p["amount"]))
    if said is None or amount is None or said == amount:
        return []
    return [finding(p["words"], "mismatch", "words_amount", value=words, said=said, amount_field=p["amount"],
                    amount=amount)]


def _in_force(rate: Decimal, day: date) -> bool | None:
    windows = RATE_WINDOWS.get(rate)
    if windows is None:
        return None
    return any((start is None or start <= day) and (end is None or day <= end) for start, end in windows)


def vat_rate_for_date(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Each line's rate (or the one top-level rate) was in force on the issue date (§1.8).

    The severity is the rule file's: cn_vat_invoice makes it a warning (补开 at an old rate
    happens on paper invoices); the catalogue types whose issue dates are recent make it an error.
    """
    issued = as_date(get(fields, p["date"]))
    if issued is None:
        return []
    out = []
    for index, rate in enumerate(column(fields, p["rate"])):
        number = as_decimal(rate)
        if number is None:
            continue  # 免税, 不征税, absent
        in_force = _in_force(number.normalize(), issued)
        if in_force is None:
            out.append(finding(place(p["rate"], index), "mismatch", "not_a_rate", value=rate, rate=_percent(number)))
        elif not in_force:
            out.append(finding(place(p["rate"], index), "mismatch", "rate_not_in_force", value=rate,
                               rate=_percent(number), issued=issued))
    return out
