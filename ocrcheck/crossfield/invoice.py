"""Cross-field rules of VAT invoices (增值税专用/普通发票): line arithmetic, sums, words, dates.

The arithmetic is what the tax-control software itself guarantees (domain.md §1.8, §4.2):
per line 金额 = 数量 × 单价 (the unit price may be printed rounded), 税额 = round(金额 × 税率, 2)
within 0.01, Σ 金额 = 合计金额 and Σ 税额 = 合计税额 to the fen, 合计金额 + 合计税额 = 价税合计
exactly, and 价税合计(大写) = 价税合计(小写). A code is printed before use, so its year is never
after the issue year (§4.1). Rates change with the law (§1.8): a rate not in force on the issue
date is a warning on VAT invoices, since an invoice may be issued late for an earlier sale (补开)
at the old rate, and an error on the catalogue's invoices (their rule files say which). A 数电
invoice number carries its issue year (§4.3).

Values arrive normalised: amounts and decimals as decimal strings, rates as fractions (`0.13`)
or as printed text (`免税`, `不征税`), and `***` where an exempt line prints no tax.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ..checks import amount_in_words
from ..checks import invoice as invoice_checks
from ._registry import DATES, MONEY, RuleParams, cross_rule
from ._util import as_date, as_decimal, get, place, read_column, read_field, same

if TYPE_CHECKING:
    from .._models import Finding

CENT = Decimal("0.01")
_ZERO = Decimal(0)
HALF_CENT = Decimal("0.005")
_FIVE = Decimal(5)

# Rates printed on lines that carry no tax; the tax column then shows 0 or `***`.
NO_TAX_RATES = frozenset({"免税", "不征税", "免征", "***"})

# VAT rates and levy rates with the dates they were in force (None: open-ended).
# 17/11 → 16/10 on 2018-05-01 (财税〔2018〕32号) → 13/9 on 2019-04-01 (2019年第39号公告).
# 13 % was also the low rate until 2017-06-30, when it merged into 11 % (财税〔2017〕37号).
# 4 % simplified levy until 2014-06-30 (财税〔2014〕57号 made it 3 %); 0.5 % used-car levy from
# 2020-05-01 (2020年第17号公告); 1.5 % individual housing rental levy. These extras are not
# in domain.md §1.8.
# Small-scale taxpayers (小规模纳税人): 3 % since the 2008 VAT regulations took effect on
# 2009-01-01 (6 % / 4 % before); 3 % reduced to 1 % from 2020-03-01 (财政部 税务总局公告2020年第13号,
# text at gdcenn.cn/a/202003/451218.html), extended to 2022-03-31 (公告2020年第24号, 2021年第7号,
# 2022年第15号 [U: recalled, not re-read]); 2022-04-01..12-31 the 3 % sales were exempt instead
# (2022年第15号 [U]); 1 % again 2023-01-01..2027-12-31 (公告2023年第1号 and 第19号, quoted at
# quoracommunity.com/problem/problem_detaile.html?id=3320).
RATE_WINDOWS: dict[Decimal, tuple[tuple[date | None, date | None], ...]] = {
    Decimal("0.17"): ((None, date(2018, 4, 30)),),
    Decimal("0.11"): ((None, date(2018, 4, 30)),),
    Decimal("0.16"): ((date(2018, 5, 1), date(2019, 3, 31)),),
    Decimal("0.10"): ((date(2018, 5, 1), date(2019, 3, 31)),),
    Decimal("0.13"): ((None, date(2017, 6, 30)), (date(2019, 4, 1), None)),
    Decimal("0.09"): ((date(2019, 4, 1), None),),
    Decimal("0.06"): ((None, None),),
    Decimal("0.05"): ((None, None),),
    Decimal("0.04"): ((None, date(2014, 6, 30)),),
    Decimal("0.03"): ((date(2009, 1, 1), None),),
    Decimal("0.015"): ((None, None),),
    Decimal("0.01"): ((date(2020, 3, 1), date(2022, 3, 31)), (date(2023, 1, 1), date(2027, 12, 31))),
    Decimal("0.005"): ((date(2020, 5, 1), None),),
    Decimal("0"): ((None, None),),
}


def _is_stars(value: Any) -> bool:
    """`***`: one or more `*` and nothing else."""
    return isinstance(value, str) and value[:1] == "*" and not value.strip("*")


def _tax(value: Any) -> Decimal | None:
    """A tax amount as a number: `***` (no tax printed) counts as zero."""
    return _ZERO if _is_stars(value) else as_decimal(value)


def _taxes(fields: Mapping[str, Any], path: str, items: bool = False) -> tuple[Decimal | None, ...]:
    """`_tax` of each value of a column, from its numbers (`as_decimal`, which item_tax and the
    sums read too) rather than parsing each again: a value that is no `***` reads the same both
    ways, so only a `***` changes (to zero)."""
    numbers = read_column(fields, path, as_decimal, items)
    raw = read_column(fields, path, same, items)
    if "*" not in [value[:1] for value in raw if type(value) is str]:
        return numbers
    return tuple(_tax(value) for value in raw)


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _path(top: str, index: int, param: str) -> str:
    return f"{top}[{index}].{param.partition('[].')[2]}"


@cross_rule(
    "item_amount",
    fields=("quantity", "unit_price", "amount"),
    kinds={"quantity": MONEY, "unit_price": MONEY, "amount": MONEY},
    description="each line: amount = quantity × unit price, within the rounding of the printed price",
    standard="增值税发票开具规范 (金额 = 数量 × 单价)",
)
def item_amount(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Each line: amount = quantity × unit price, within the rounding of the printed unit price.

    The software computes the amount from the unrounded price and rounds it to the fen; the
    price is then printed rounded to k places. So |quantity × printed price − amount| can reach
    |quantity| × 0.5 × 10^-k (the price's rounding) + 0.005 (the amount's). Tolerance:
    max(0.01, that bound). Without the 0.005 about 1 line in 125 of generated software output
    (e.g. 16.91 × 340.398 printed for 340.397622 → 5756.12) would be flagged falsely.
    """
    # Each column read once per document (`read_column`): item_tax and items_sum read the amounts too.
    o = p.options
    quantities = read_column(fields, o["quantity"], as_decimal, True)
    prices = read_column(fields, o["unit_price"], as_decimal, True)
    amounts = read_column(fields, o["amount"], as_decimal, True)
    out = []
    for index, (q, u, a) in enumerate(zip(quantities, prices, amounts, strict=False)):
        if q is None or u is None or a is None:
            continue
        product = q * u
        difference = abs(product - a)
        if difference <= CENT:
            continue  # the tolerance is never below a cent: the common exact line needs no bound
        tolerance = max(CENT, abs(q) * _FIVE.scaleb(-_places(u) - 1) + HALF_CENT)  # |q| × 0.5 × 10^-k
        if difference > tolerance:
            top = p["quantity"].partition("[].")[0]  # the list item_values names, as the long way did
            amount = read_column(fields, p["amount"], same, items=True)[index]
            out.append(finding(_path(top, index, p["amount"]), "mismatch", "item_amount", value=amount, quantity=q,
                               unit_price=u, product=product.quantize(CENT, ROUND_HALF_UP), amount=a,
                               tolerance=f"{tolerance.normalize():f}"))
    return out


@cross_rule(
    "item_tax",
    fields=("amount", "tax_rate", "tax_amount"),
    kinds={"amount": MONEY, "tax_rate": ("rate",), "tax_amount": MONEY},
    description="each line: tax = amount × rate rounded to the fen (±0.01); exempt lines have none",
    standard="《中华人民共和国增值税暂行条例》; 增值税发票开具规范",
)
def item_tax(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Each line: tax = round(amount × rate, 2) ± 0.01; an exempt line's tax is 0 or `***`.

    The three parameters name either the columns of a list (`items[].amount`) or three top-level
    fields (a motor vehicle invoice's 不含税价, 税率 and 增值税税额 are printed once).
    """
    o = p.options
    amount_path, rate_path, tax_path = o["amount"], o["tax_rate"], o["tax_amount"]
    amounts, rates, taxes = read_column(fields, amount_path, same), read_column(fields, rate_path, same), read_column(
        fields, tax_path, same)
    # Read once per document (item_amount, vat_rate_for_date and items_sum read them too). A tax
    # that is not `***` reads the same as a number (`_tax`) and by `as_decimal`.
    numbers = read_column(fields, rate_path, as_decimal)
    amount_numbers = read_column(fields, amount_path, as_decimal)
    tax_numbers = _taxes(fields, tax_path)
    out = []
    for index, (amount, rate, tax) in enumerate(zip(amounts, rates, taxes, strict=False)):
        if amount is None or rate is None or tax is None:
            continue
        number, stars = numbers[index], _is_stars(tax)
        if rate in NO_TAX_RATES or (number == 0 and stars):
            if not (stars or tax_numbers[index] == 0):
                out.append(finding(place(tax_path, index), "mismatch", "exempt_tax", value=tax, rate=rate,
                                   tax=tax))
            continue
        a = amount_numbers[index]
        if number is None or a is None:
            continue
        expected = (a * number).quantize(CENT, ROUND_HALF_UP)
        if stars:
            out.append(finding(place(tax_path, index), "mismatch", "tax_stars", value=tax,
                               rate=_percent(number), amount=a, expected=expected))
            continue
        t = tax_numbers[index]
        if t is not None and abs(t - expected) > CENT:
            out.append(finding(place(tax_path, index), "mismatch", "item_tax", value=tax, amount=a,
                               rate=_percent(number), expected=expected, tax=t))
    return out


def _sum_of(fields: Mapping[str, Any], item_path: str, total_name: str, variant: str) -> list[Finding]:
    numbers = _taxes(fields, item_path, True)  # read once per document
    total = read_field(fields, total_name, _tax)
    if total is None or not numbers or None in numbers:
        return []  # a line without a trusted value is already reported; its sum would only repeat it
    found: Decimal = sum(numbers, _ZERO)  # type: ignore[type-var,assignment]  # no None among them (above)
    if found != total:
        return [finding(total_name, "mismatch", variant, value=fields.get(total_name), found=found,
                        total_field=total_name, total=total, difference=total - found)]
    return []


@cross_rule(
    "items_sum",
    fields=("amount", "total_excl_tax"),
    optional_fields=("tax_amount", "total_tax"),
    kinds={"amount": MONEY, "total_excl_tax": MONEY, "tax_amount": MONEY, "total_tax": MONEY},
    description="the lines' amounts (and taxes) add up to the totals, to the fen",
    standard="增值税发票开具规范 (合计金额, 合计税额)",
)
def items_sum(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Σ lines' amount = total_excl_tax and (when given) Σ lines' tax = total_tax, to the fen."""
    o = p.options
    out = _sum_of(fields, o["amount"], o["total_excl_tax"], "sum_amounts")
    if o.get("tax_amount") and o.get("total_tax"):
        out += _sum_of(fields, o["tax_amount"], o["total_tax"], "sum_tax")
    return out


@cross_rule(
    "total_is_sum",
    fields=("total_excl_tax", "total_tax", "total_amount"),
    kinds={"total_excl_tax": MONEY, "total_tax": MONEY, "total_amount": MONEY},
    description="total excluding tax + total tax = total, exactly",
    standard="增值税发票开具规范 (价税合计)",
)
def total_is_sum(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """合计金额 + 合计税额 = 价税合计, exactly."""
    # Read once per document: items_sum reads the tax, amount_in_words_matches the total.
    o = p.options
    excl = as_decimal(fields.get(o["total_excl_tax"]))
    tax = read_field(fields, o["total_tax"], _tax)
    total = read_field(fields, o["total_amount"], as_decimal)
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


@cross_rule(
    "amount_in_words_matches",
    fields=("words", "amount"),
    kinds={"words": ("amount_in_words",), "amount": MONEY},
    description="the amount in words (价税合计大写) reads as the amount in figures",
    standard="中国人民银行《支付结算办法》附件一 (uppercase amounts)",
)
def amount_in_words_matches(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """价税合计(大写) = 价税合计(小写): the words read as a number equal the figure."""
    words = get(fields, p["words"])
    said, amount = _words_value(words), read_field(fields, p["amount"], as_decimal)
    if said is None or amount is None or said == amount:
        return []
    return [finding(p["words"], "mismatch", "words_amount", value=words, said=said, amount_field=p["amount"],
                    amount=amount)]


@cross_rule(
    "invoice_code_year",
    fields=("code", "date"),
    kinds={"code": ("identifier",), "date": DATES},
    description="the year in the invoice code is not after the issue year",
    standard="国家税务总局 invoice coding (year digits of the code)",
)
def invoice_code_year(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The year in the invoice code (printed in advance) is not after the issue year."""
    code, issued = get(fields, p["code"]), as_date(get(fields, p["date"]))
    if not isinstance(code, str) or issued is None:
        return []
    year = invoice_checks.invoice_code_year(code)
    if year is None or year <= issued.year:
        return []
    return [finding(p["code"], "mismatch", "code_year", value=code, year=year, issue_year=issued.year)]


def _in_force(rate: Decimal, day: date) -> bool | None:
    windows = RATE_WINDOWS.get(rate)
    if windows is None:
        return None
    for start, end in windows:  # noqa: SIM110 - a loop, not any(genexpr): it runs for every line of every invoice
        if (start is None or start <= day) and (end is None or day <= end):
            return True
    return False


@cross_rule(
    "vat_rate_for_date",
    fields=("rate", "date"),
    kinds={"rate": ("rate",), "date": DATES},
    description="each line's VAT rate was in force on the issue date",
    standard="财政部 税务总局 rate changes 2017-2019 (财税〔2018〕32号, 2019年第39号公告)",
)
def vat_rate_for_date(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Each line's rate (or the one top-level rate) was in force on the issue date (§1.8).

    The severity is the rule file's: cn_vat_invoice makes it a warning (补开 at an old rate
    happens on paper invoices); the catalogue types whose issue dates are recent make it an error.
    """
    o = p.options
    issued = as_date(fields.get(o["date"]))
    if issued is None:
        return []
    out = []
    for index, number in enumerate(read_column(fields, o["rate"], as_decimal)):  # item_tax read them
        if number is None:
            continue  # 免税, 不征税, absent
        in_force = _in_force(number.normalize(), issued)
        if in_force is None:
            rate = read_column(fields, p["rate"], same)[index]
            out.append(finding(place(p["rate"], index), "mismatch", "not_a_rate", value=rate, rate=_percent(number)))
        elif not in_force:
            rate = read_column(fields, p["rate"], same)[index]
            out.append(finding(place(p["rate"], index), "mismatch", "rate_not_in_force", value=rate,
                               rate=_percent(number), issued=issued))
    return out


@cross_rule(
    "digital_invoice_year",
    fields=("number", "date"),
    kinds={"number": ("identifier",), "date": DATES},
    description="digits 1-2 of a 数电 invoice number are the issue year",
    standard="国家税务总局 全面数字化的电子发票 numbering FAQ",
)
def digital_invoice_year(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """A 数电 invoice number is assigned when the invoice is issued: digits 1-2 = the issue year."""
    from ..checks.invoice import digital_invoice_year as year_of

    number, issued = get(fields, p["number"]), as_date(get(fields, p["date"]))
    if not isinstance(number, str) or issued is None:
        return []
    try:
        year = year_of(number)
    except ValueError:
        return []  # a malformed number is the field check's finding
    if year == issued.year:
        return []
    return [finding(p["number"], "mismatch", "number_year", value=number, year=year, issue_year=issued.year)]
