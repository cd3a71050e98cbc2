"""Value normalisation: the pure, idempotent pass that runs before any check.

Each field of a document type has a *kind* (set in its rule file) that says how its raw text is
brought to canonical form; the kinds are registered in `ocrcheck.kinds`, with the normalisers
defined here (those of dates and times in `ocrcheck.dates`). A value that cannot be brought to
form raises `ValueProblem`, which the engine turns into a finding on that field (`date`,
`format`); nothing here decides validity beyond "this can be read as a date / an amount".

Canonical forms: identifiers upper-case half-width with no spaces; dates ISO `YYYY-MM-DD`;
date-times `YYYY-MM-DDTHH:MM[:SS]`; times of day `HH:MM[:SS]`; quantities a decimal and its unit
(`8.6km`, `89.56㎡`); amounts and decimals plain decimal strings (`1234.50`, two
places at least for money); rates as fractions (`13%` → `0.13`); sex `M`/`F`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Context, Decimal
from typing import Any

from ._messages import detail

# Values that mean "no end date" on Chinese documents (ID cards, licences, business terms).
LONG_TERM = frozenset({"长期", "長期", "长期有效", "LONG-TERM", "LONGTERM", "永久", "------"})


# The longest amount, decimal or rate literal read (the `amount` kind's bound in ocrcheck.kinds):
# `人民币 1,234,567,890.00元整` is far below it, and the decimal context below is sized by it.
AMOUNT_MAX_LENGTH = 64
# Python refuses str() of an integer with more digits than this (sys.int_info.default_max_str_digits);
# such an integer is measured from its bit length instead of being printed.
_INT_STR_DIGITS = 4300
_LOG10_2 = 0.30103


class ValueProblem(ValueError):
    """A raw value could not be brought to canonical form: `code` is the finding code, `variant`
    and `ctx` its message in the catalogue (the exception's text is that message in English)."""

    def __init__(self, code: str, variant: str = "", **ctx: Any) -> None:
        self.code, self.variant, self.ctx = code, variant, ctx
        super().__init__(detail(code, variant, ctx))


def printed_length(value: Any) -> int:
    """How many characters `value` prints as, without printing an integer Python cannot print."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = int(abs(value).bit_length() * _LOG10_2) + 1
        return digits + 1 if digits > _INT_STR_DIGITS else len(str(value))
    if isinstance(value, float):
        return len(repr(value))
    return 0  # None, bool, containers: not a scalar value to bound here


def as_text(value: Any) -> str:
    """`str(value)`, except that an integer too long for Python to print is described instead."""
    if isinstance(value, int) and not isinstance(value, bool) and printed_length(value) > _INT_STR_DIGITS:
        return f"<an integer of about {printed_length(value) - 1} digits>"
    return value if isinstance(value, str) else str(value)


def too_long(value: Any, what: str, bound: int) -> ValueProblem | None:
    """The `format` problem of a value longer than `bound` characters, or None (the length policy)."""
    if isinstance(value, int):
        bound = min(bound, _INT_STR_DIGITS)  # an integer Python will not print is no field value
    length = printed_length(value)
    if length <= bound:
        return None
    return ValueProblem("format", "too_long", length=length, kind=what, bound=bound)


_HALF_WIDTH = {
    "（": "(",
    "）": ")",
    "，": ",",
    "。": ".",
    "：": ":",
    "－": "-",
    "—": "-",
    "–": "-",
    "／": "/",
    "　": " ",
    "￥": "¥",
    "＊": "*",
    "？": "?",
    "＜": "<",
    "．": ".",
}
# One table for both passes: the punctuation above, then the full-width ASCII block
# (U+FF01..FF5E), which NFKC folds to ASCII one for one (U+FF01 → !) and leaves CJK alone. One
# `translate` call instead of a per-character NFKC (half_width runs on most values of a document).
_HALF_WIDTH_TABLE = str.maketrans(
    {**{chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFF01, 0xFF5F)}, **_HALF_WIDTH}
)


def half_width(text: str) -> str:
    """Full-width ASCII (Ａ１２) to half-width, plus the CJK punctuation OCR output carries."""
    return text.translate(_HALF_WIDTH_TABLE)


def collapse_space(text: str) -> str:
    return " ".join(text.split())


def normalise_text(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())  # collapse_space, inlined (hot)


_SPACES = re.compile(r"\s+")
_ID_SPACES = re.compile(r"[\s\u200b]+")


def normalise_identifier(value: str) -> str:
    """`４４０５ 2418 8001-0100 1x` → `440524188001010014X`-style: half-width, no spaces, upper."""
    if value.isascii():  # half_width folds nothing in ASCII; split() drops what \s matches there
        return value.upper() if value.isalnum() else "".join(value.split()).upper()
    return _normalise_identifier_general(value)


def _normalise_identifier_general(value: str) -> str:
    return _ID_SPACES.sub("", half_width(value)).upper()


# One MRZ line as OCR nearly always gives it: ASCII letters, digits and fillers, nothing to fold,
# strip or split, so the general path below would only upper-case it.
_MRZ_LINE = re.compile(r"[A-Za-z0-9<]+")


def normalise_mrz(value: str) -> str:
    if _MRZ_LINE.fullmatch(value):
        return value.upper()
    return _normalise_mrz_general(value)


def _normalise_mrz_general(value: str) -> str:
    # Fillers are sometimes read as « or as the full-width ＜; MRZ lines have no spaces.
    text = half_width(value).replace("«", "<").replace("‹", "<")
    # Spaces inside a line are OCR noise; line breaks separate the lines of a TD1/TD2/TD3 zone.
    lines = [_SPACES.sub("", line) for line in text.strip().splitlines()]
    return "\n".join(line for line in lines if line).upper()


# -------------------------------------------------------------------------------------- amounts

# Currency marks before and after an amount, tried in this order (`HK$` before `$`).
_CURRENCY_PREFIXES = ("人民币", "RMB", "CNY", "HKD", "HK$", "USD", "US$", "$", "¥", "元")
_UNIT_SUFFIXES = ("元整", "元", "圆", "整", "RMB", "CNY")
_DECIMAL_LITERAL = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")
_ASCII_LITERAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")  # most amounts, as printed
# Enough digits for any literal the length policy admits, so quantize/divide never overflow.
_AMOUNT_CONTEXT = Context(prec=2 * AMOUNT_MAX_LENGTH + 8, Emax=999999, Emin=-999999)


def _strip_marks(text: str) -> str:
    """Drop currency marks in front and unit marks at the end, alternately, by moving two indices
    (linear: no string is rebuilt per mark)."""
    start, end = 0, len(text)
    moved = True
    while moved:
        moved = False
        for mark in _CURRENCY_PREFIXES:
            if text.startswith(mark, start, end):
                start, moved = start + len(mark), True
                break
        for mark in _UNIT_SUFFIXES:
            if end - start >= len(mark) and text.endswith(mark, start, end):
                end, moved = end - len(mark), True
                break
    return text[start:end]


def _to_decimal(value: str, what: str) -> Decimal:
    """`value` as a Decimal; `what` is the variant of the `format` finding when it is none."""
    problem = too_long(value, "amount", AMOUNT_MAX_LENGTH)
    if problem is not None:
        raise problem
    if _ASCII_LITERAL.fullmatch(value):
        text = value  # already a plain literal: every step below would leave it as it is
    else:
        text = half_width(value).strip().upper()
        text = _strip_marks(text.replace(" ", "").replace(",", "").replace("，", ""))
    if not _DECIMAL_LITERAL.fullmatch(text):
        raise ValueProblem("format", what, text=value)
    try:
        return _AMOUNT_CONTEXT.create_decimal(text)
    except ArithmeticError:  # pragma: no cover - the regex and the bound admit only valid literals
        raise ValueProblem("format", what, text=value) from None


# The fast path: the forms nearly every amount and decimal is printed in (`3651.37`, `¥3651.37`,
# `￥3,651.37`, `3651.37元`), written out without Decimal. It answers only where the general path
# would give the same string (tests/engine/test_values_fast.py holds the two equal on generated
# input): ASCII digits, commas in the whole part only, and not `0.0000001`, which str(Decimal)
# prints as `1E-7`. Anything else (full-width digits, other marks, exponents) goes the general way.
_FAST_NUMBER = re.compile(r"(?:[¥￥] *)?([-+]?)([0-9][0-9,]*)(?:\.([0-9]*))?(?: *元整?)?")


def _fast_number(value: str) -> tuple[str, str, str] | None:
    """(sign, whole part, places) of an amount in a common printed form, else None. For a value
    within `AMOUNT_MAX_LENGTH` (its callers ask first)."""
    match = _FAST_NUMBER.fullmatch(value)
    if match is None:
        return None
    sign, whole, places = match.groups()
    if "," in whole:
        whole = whole.replace(",", "")
    whole = whole.lstrip("0") or "0"
    if whole == "0" and places is not None and len(places) > 6:
        return None  # str(Decimal) may print it with an exponent (`1E-7`, `0E-8`)
    return ("-" if sign == "-" else ""), whole, places or ""


# The plainest form of all, which the fast path would give back unchanged: no sign, no grouping,
# no leading zero, two places or more (`2265.49`, `0.50`), and for a whole part of 0 at most six
# (`_fast_number` declines more). A `¥`/`￥` in front is the only mark, dropped by a slice. Most
# item columns and many totals are printed so: one match, no groups, no new string.
_PLAIN_AMOUNT = re.compile(r"[¥￥]?(?:[1-9][0-9]*\.[0-9]{2,}|0\.[0-9]{2,6})").fullmatch
_PLAIN_DECIMAL = re.compile(r"[1-9][0-9]*\.[0-9]+|0\.[0-9]{1,6}").fullmatch


def _fast_amount(value: str) -> str | None:
    if len(value) > AMOUNT_MAX_LENGTH:
        return None  # the general path says it is too long
    if _PLAIN_AMOUNT(value) is not None:
        return value[1:] if value[0] in "¥￥" else value
    parts = _fast_number(value)
    if parts is None:
        return None
    sign, whole, places = parts
    return f"{sign}{whole}.{places:0<2}"  # two places at least, as quantize(0.01) gives


def _normalise_amount_general(value: str) -> str:
    number = _to_decimal(value, "not_amount")
    if -number.as_tuple().exponent < 2:  # type: ignore[operator]
        number = number.quantize(Decimal("0.01"), context=_AMOUNT_CONTEXT)
    return str(number)


def normalise_amount(value: str) -> str:
    """Money: `¥1,234.5` / `1234.50元` → `1234.50` (two places at least, more kept)."""
    fast = _fast_amount(value)
    return fast if fast is not None else _normalise_amount_general(value)


def _fast_decimal(value: str) -> str | None:
    if len(value) > AMOUNT_MAX_LENGTH:
        return None  # the general path says it is too long
    if value.isdigit() and value.isascii():
        return value.lstrip("0") or "0"  # a count (`2`, `12`), the commonest quantity
    if _PLAIN_DECIMAL(value) is not None:
        return value  # a price (`226.548672566372`): what the steps below would give back
    parts = _fast_number(value)
    if parts is None:
        return None
    sign, whole, places = parts
    return f"{sign}{whole}.{places}" if places else f"{sign}{whole}"


def _normalise_decimal_general(value: str) -> str:
    return str(_to_decimal(value, "not_number"))


def normalise_decimal(value: str) -> str:
    """Quantities and unit prices: plain decimal, as many places as printed."""
    fast = _fast_decimal(value)
    return fast if fast is not None else _normalise_decimal_general(value)


_RATE_WORDS = frozenset({"免税", "不征税", "***", "免征"})  # exempt, not taxed: kept as printed


def normalise_rate(value: str) -> str:
    """`13%` → `0.13`; `0.13` stays; `免税`, `不征税` and `***` kept as printed."""
    fast = _COMMON_RATES.get(value)
    return fast if fast is not None else _normalise_rate_general(value)


def _normalise_rate_general(value: str) -> str:
    text = half_width(value).strip()
    if text in _RATE_WORDS:
        return text
    percent = text.endswith("%")
    number = _to_decimal(text.rstrip("%"), "not_tax_rate")
    # No tax rate is 100%: a bare `1` or `13` is a percentage, `0.13` already a fraction.
    if percent or number >= 1:
        number = _AMOUNT_CONTEXT.divide(number, 100)
    if number >= 1:
        # 100% or more is no tax rate; and its fraction (`1`) would read as 1% when the result
        # is checked again, so it is refused rather than kept in a form that changes on re-reading.
        raise ValueProblem("range", "rate_100_percent", text=value)
    return str(number.normalize(_AMOUNT_CONTEXT)) if number != 0 else "0"


# The rates Chinese invoices print (VAT 13/9/6%, the small-taxpayer 3/1/1.5/5%, the older 17/16/11/10%,
# zero) in their printed forms (`13%`, `13`, `0.13`), read once by the general path at import: a
# look-up answers them exactly as it would. Kept short, as building it costs import time.
_VAT_RATES = ("0", "1", "1.5", "3", "5", "6", "9", "10", "11", "13", "16", "17")
_COMMON_RATES = {raw: _normalise_rate_general(raw) for raw in (*_RATE_WORDS, *_VAT_RATES)}
_COMMON_RATES |= {f"{r}%": _normalise_rate_general(f"{r}%") for r in _VAT_RATES}
# ... and the fractions they print as (`0.13`), which stored results are re-read in.
_COMMON_RATES |= {fraction: _normalise_rate_general(fraction) for fraction in list(_COMMON_RATES.values())}


# Printed unit → canonical unit. Taxi receipts print distances, real-estate certificates areas.
_UNITS = {
    "KM": "km", "公里": "km", "千米": "km",
    "M": "m", "米": "m",
    "㎡": "㎡", "M2": "㎡", "M²": "㎡", "平方米": "㎡", "平米": "㎡",
    "元/KM": "元/km", "元/公里": "元/km", "元/千米": "元/km",  # a taxi's price per kilometre
}  # fmt: skip
_QUANTITY = re.compile(r"((?:\d+(?:\.\d*)?|\.\d+))\s*([^\d\s.+-]\S*)?")


def split_quantity(value: str) -> tuple[Decimal, str]:
    """`8.6 公里` → (Decimal('8.6'), 'km'); a bare number has the unit ''."""
    text = half_width(value).strip().replace(",", "")
    match = _QUANTITY.fullmatch(text)
    unit = (match.group(2) or "").upper() if match else ""
    if match is None or (unit and unit not in _UNITS):
        raise ValueProblem("format", "not_quantity", text=value)
    return Decimal(match.group(1)), _UNITS.get(unit, "")


def normalise_quantity(value: str) -> str:
    """A measured quantity: `8.6 KM`, `8.6公里` → `8.6km`; `89.56 m²` → `89.56㎡`; `12.0` → `12.0`."""
    number, unit = split_quantity(value)
    return f"{number}{unit}"


_SEX = {
    "男": "M",
    "M": "M",
    "MALE": "M",
    "男/M": "M",
    "男M": "M",
    "女": "F",
    "F": "F",
    "FEMALE": "F",
    "女/F": "F",
    "女F": "F",
    "X": "X",
    # Foreign identity cards: Indonesian, Malay, Vietnamese, Turkish (E/M, K/F), Hindi.
    "LAKI-LAKI": "M",
    "LELAKI": "M",
    "PEREMPUAN": "F",
    "NAM": "M",
    "NỮ": "F",
    "NU": "F",
    "E": "M",
    "ERKEK": "M",
    "K": "F",
    "KADIN": "F",
    "पुरुष": "M",
    "महिला": "F",
}


def normalise_sex(value: str) -> str:
    key = unicodedata.normalize("NFC", half_width(value)).strip().upper().replace(" ", "")
    if key in _SEX:
        return _SEX[key]
    # Bilingual cards print both words (`E/M`, `पुरुष/MALE`): read when every part agrees.
    found = [_SEX.get(part) for part in key.split("/")]
    if found[0] is not None and all(sex == found[0] for sex in found):
        return found[0]
    raise ValueProblem("format", "not_sex", text=value)


def normalise_amount_in_words(value: str) -> str:
    """Words as printed, spaces dropped and full-width folded: `⊗肆仟 零陆拾圆整` → `⊗肆仟零陆拾圆整`."""
    return _SPACES.sub("", half_width(value))


# The canonical form of a clean value, or None: a reader here answers only a value that is no
# null word, holds no `?` nor `*` (nor their full-width forms) and reads without a problem, and
# answers what its normaliser would. The engine's quick path tries it first (`_plan._quick`),
# before its own tests for those (tests/engine/test_quick_plan.py holds each to them).
def _clean_identifier(value: str) -> str | None:
    # Letters and digits only, and longer than any null word (`null` and `none` are letters too).
    return value.upper() if len(value) > 4 and value.isascii() and value.isalnum() else None


_CLEAN_RATES = {raw: rate for raw, rate in _COMMON_RATES.items() if "*" not in raw}

CLEAN_READERS: dict[Callable[[str], str], Callable[[str], str | None]] = {
    normalise_amount: _fast_amount,  # digits, sign, `¥`, `,`, `.`, `元`: never null, `?` nor `*`
    normalise_decimal: _fast_decimal,
    normalise_identifier: _clean_identifier,
    normalise_rate: _CLEAN_RATES.get,
}
