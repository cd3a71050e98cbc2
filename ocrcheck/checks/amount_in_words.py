"""Chinese uppercase money amount (大写金额).

Digits 壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, 元 (or 圆) 角 分, 零 and 整 (or 正), as written on
bills, receipts and invoices (价税合计(大写)). The lowercase numerals 一二两三…十, 廿, 毛 and
另 are forbidden by the rules. `amount_in_words` reads the amount tolerantly (traditional forms
貳 陸 億 萬 圓 參, a leading ⊗/ⓧ/☒ mark or 人民币/¥, 零 and 整 where the rules make them
optional, or even where they are missing but the amount is still unambiguous) and returns it as
a decimal string for comparison with the amount in figures (`validate`; the registered check
keeps the words as the field's value). `amount_in_words_strict` also
requires the 零 and 整 rules: a single 零 for each run of zeros (optional where the run ends at
the 万/亿/元 position and the next digit is 仟/角), 整 after 元, none after 分.

A bare digit without a unit is read only where it cannot mean anything else (after 拾 or 零):
`壹仟伍元` could be 1005 or, colloquially, 1500, so it is refused. `零元整` reads as 0.00.

More information:

* 中国人民银行《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》
* domain.md §1.7

>>> validate('壹仟肆佰零玖元伍角')
'1409.50'
>>> validate('⊗壹佰贰拾叁圆肆角伍分')
'123.45'
>>> validate('壹佰元元')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
>>> validate('一百元整')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: lowercase numeral 一 in an uppercase amount
>>> validate_strict('壹佰元')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: an amount ending at 元 needs 整 (or 正)
>>> to_words(Decimal('107000.53'))
'壹拾万零柒仟元零伍角叁分'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, getcontext
from functools import lru_cache
from itertools import product

from stdnum.exceptions import InvalidFormat

from ._registry import invalid, register

# Precompiled: these run on every document (a string pattern costs a re-cache look-up per call).
_SPACES = re.compile(r"\s+")

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_DIGIT = {char: value for value, char in enumerate(_DIGITS) if value}
_POSITION = {"仟": 3, "佰": 2, "拾": 1}
_UNITS = ("", "拾", "佰", "仟")
_VARIANTS = str.maketrans(
    {"貳": "贰", "陸": "陆", "億": "亿", "萬": "万", "圓": "元", "圆": "元", "參": "叁",
     "参": "叁", "叄": "叁", "正": "整"}
)
_FORBIDDEN = set("一二两兩三四五六七八九十廿〇毛另0123456789")
_ALLOWED = set(_DIGITS) | set("拾佰仟万亿元角分整")
# Marks and prefixes printed before the amount: ⊗/ⓧ on VAT invoices, 人民币 / ¥ on receipts.
_PREFIX = re.compile(r"^(?:[⊗ⓧ⒳Ⓧ☒⨂⊠×✕✗☓]|人民币|RMB|[¥￥]|[（(]?大写[)）]?|[:：])+")
_NEGATIVE = re.compile(r"^(?:负|[（(]负数[)）])")
_FRACTION = re.compile(r"零*(?:([壹贰叁肆伍陆柒捌玖])角)?零*(?:([壹贰叁肆伍陆柒捌玖])分)?(整?)")
_MAX_FRACTION = 8
_CENT = Decimal("0.01")
_LIMIT = 10**16
# Readings are remembered (an invoice's words recur: one total read by two checks and a cross
# rule, the same few amounts across a batch). An amount is not personal data; the bound on the
# text's length and the entry count keeps the cache small whatever callers pass in. The reading
# is exact (at most 19 digits) in any decimal context of 20 digits or more, so a remembered
# Decimal is the one a fresh reading gives; a caller's narrower context reads afresh.
_CACHED_LENGTH = 64
_CACHE_SIZE = 1024
_EXACT_PRECISION = 20


def _cacheable(text: str) -> bool:
    return len(text) <= _CACHED_LENGTH and getcontext().prec >= _EXACT_PRECISION


def compact(text: str) -> str:
    """Drop spaces, leading marks and currency; fold traditional and variant characters."""
    text = _SPACES.sub("", text).translate(_VARIANTS)
    return _PREFIX.sub("", text)


def _split_sign(text: str) -> tuple[str, int]:
    match = _NEGATIVE.match(text)
    return (text[match.end() :], -1) if match else (text, 1)


def _section(text: str, leading: bool) -> int:
    """A group below 10 000: digit+unit pairs in falling order, 零 marking skipped units."""
    value, previous, zero, i = 0, 4, False, 0
    if leading and text.startswith("零"):
        raise invalid(InvalidFormat, "words_leading_zero")
    while i < len(text):
        char = text[i]
        if char == "零":
            zero, i = True, i + 1
            continue
        if char == "拾" and leading and i == 0:
            digit, position, i = 1, 1, i + 1  # 拾 at the very start means 壹拾
        elif char in _DIGIT:
            digit = _DIGIT[char]
            if i + 1 < len(text) and text[i + 1] in _POSITION:
                position, i = _POSITION[text[i + 1]], i + 2
            else:
                position, i = 0, i + 1
                if not (zero or previous == 1 or (leading and previous == 4)):
                    raise invalid(InvalidFormat, "words_digit_no_unit")
        else:
            raise invalid(InvalidFormat, "words_unit_no_digit", unit=char)
        if position >= previous:
            raise invalid(InvalidFormat, "words_unit_order")
        value, previous, zero = value + digit * 10**position, position, False
    return value


def _group(text: str, unit: str, size: int, lower: Callable[[str, bool], int], leading: bool) -> int:
    """Split at a group unit (万 or 亿): the part before it counts `size`s, the rest is lower."""
    high, found, low = text.partition(unit)
    if unit in low:
        raise invalid(InvalidFormat, "words_unit_twice", unit=unit)
    if not found:
        return lower(text, leading)
    head = lower(high, leading)
    if not head:
        raise invalid(InvalidFormat, "words_group_no_number", unit=unit)
    return head * size + lower(low, False)


def _below_yi(text: str, leading: bool) -> int:
    return _group(text, "万", 10**4, _section, leading)


def _integer(text: str) -> int:
    if text == "零":
        return 0
    if not text:
        raise invalid(InvalidFormat, "words_yuan_no_number")
    return _group(text, "亿", 10**8, _below_yi, True)


def parse_amount_in_words(text: str) -> Decimal:
    """Read an uppercase amount into a Decimal with two places (tolerant, see module doc)."""
    if _cacheable(text):
        return _parse_cached(text)
    return _parse(text)


def _parse(text: str) -> Decimal:
    body, sign = _split_sign(compact(text))
    for char in body:
        if char in _FORBIDDEN:
            raise invalid(InvalidFormat, "words_lowercase", numeral=char)
        if char not in _ALLOWED:
            raise invalid(InvalidFormat, "words_character")
    integer_text, yuan, fraction = body.rpartition("元")
    if yuan and "元" in integer_text:
        raise invalid(InvalidFormat, "words_yuan_twice")
    # After 元 come at most 零, a 角 pair, 零, a 分 pair and 整: a longer tail is malformed, and
    # refusing it here keeps the two `零*` of `_FRACTION` from backtracking over a long run.
    match = _FRACTION.fullmatch(fraction) if len(fraction) <= _MAX_FRACTION else None
    if match is None:
        raise invalid(InvalidFormat, "words_jiao_fen")
    jiao, fen, _ = match.groups()
    if not (jiao or fen) and fraction not in ("", "整"):
        raise invalid(InvalidFormat, "words_trailing_zero")
    if not yuan and not (jiao or fen):
        raise invalid(InvalidFormat, "words_not_amount")
    yuan_value = _integer(integer_text) if yuan else 0
    cents = yuan_value * 100 + _DIGIT.get(jiao or "", 0) * 10 + _DIGIT.get(fen or "", 0)
    return (sign * Decimal(cents) / 100).quantize(_CENT)


# A failing text raises each time (lru_cache keeps only returns): each finding gets its own error.
_parse_cached = lru_cache(maxsize=_CACHE_SIZE)(_parse)


def _integer_words(n: int, zeros: dict[int, bool], leading_one: bool) -> str:
    """`zeros[L]` says whether to write the optional 零 before a run of zeros ending at L."""
    digits = str(n)
    out: list[str] = []
    run = False
    for index, char in enumerate(digits):
        position, digit = len(digits) - 1 - index, int(char)
        if digit == 0:
            run = run or bool(out)
        else:
            if run and zeros.get(position + 1, True):
                out.append("零")
            run = False
            word = _DIGITS[digit] + _UNITS[position % 4]
            out.append("拾" if word == "壹拾" and not out and not leading_one else word)
        if position in (4, 12) and int(digits[max(0, index - 3) : index + 1]):
            out.append("万")
        elif position == 8:
            out.append("亿")
    return "".join(out)


def _renderings(amount: Decimal) -> set[str]:
    """Every form of `amount` the 零 and 整 rules allow (optional 零s, 拾/壹拾, 整 after 角)."""
    cents = int(abs(amount) * 100)
    n, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    optional = [p for p in (4, 8, 12) if p < len(str(n))]
    forms = set()
    words: dict[tuple[bool, ...], str] = {}  # the integer's words depend on the first flags only
    for flags in product((True, False), repeat=len(optional) + 3):
        zeros = dict(zip(optional, flags, strict=False))
        zero_yuan, leading_one, zheng = flags[-3:]
        key = (*flags[: len(optional)], leading_one)
        if n and key not in words:
            words[key] = _integer_words(n, zeros, leading_one)
        head = words[key] + "元" if n else ""
        if n and jiao and n % 10 == 0 and zero_yuan:
            head += "零"
        if jiao:
            tail = _DIGITS[jiao] + "角" + (_DIGITS[fen] + "分" if fen else "整" if zheng else "")
        elif fen:
            tail = ("零" if n else "") + _DIGITS[fen] + "分"
        else:
            tail = "整" if n else ""
        if not n and (jiao or fen) and zero_yuan:
            head = "零元"
        forms.add((head + tail) or "零元整")
    return {("负" if amount < 0 else "") + form for form in forms}


def to_words(amount: Decimal) -> str:
    """The canonical uppercase form: every optional 零 written, leading 壹拾, 整 unless 分."""
    amount = Decimal(amount)
    if amount != amount.quantize(_CENT) or abs(amount) >= _LIMIT:
        raise ValueError("to_words takes amounts in whole fen below 10^16")
    cents = int(abs(amount) * 100)
    n, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    words = _integer_words(n, {}, True) + "元" if n else ""
    if jiao:
        words += ("零" if n and n % 10 == 0 else "") + _DIGITS[jiao] + "角"
        words += _DIGITS[fen] + "分" if fen else "整"
    elif fen:
        words += ("零" if n else "") + _DIGITS[fen] + "分"
    else:
        words = words + "整" if n else "零元整"
    return ("负" if amount < 0 else "") + words


def validate(text: str) -> str:
    """The amount as a decimal string (`'1409.50'`), read tolerantly."""
    return str(parse_amount_in_words(text))


def validate_strict(text: str) -> str:
    """Like `amount_in_words`, and the 零 and 整 writing rules must hold (a warning in rules)."""
    if _cacheable(text):
        return _strict_cached(text)
    return _strict(text)


def _strict(text: str) -> str:
    amount = parse_amount_in_words(text)
    written = _split_sign(compact(text))
    written_text = ("负" if written[1] < 0 else "") + written[0]
    if abs(amount) < _LIMIT and written_text == to_words(amount):
        return str(amount)  # the canonical form (what invoicing software prints) is always allowed
    forms = _renderings(amount)
    if written_text in forms:
        return str(amount)
    if written_text.rstrip("整") in {form.rstrip("整") for form in forms}:
        if written_text.endswith("元"):
            raise invalid(InvalidFormat, "words_zheng_missing")
        raise invalid(InvalidFormat, "words_zheng_after_fen")
    raise invalid(InvalidFormat, "words_zero_rules")


_strict_cached = lru_cache(maxsize=_CACHE_SIZE)(_strict)


def is_valid(text: str) -> bool:
    """Whether `text` reads as an uppercase amount (tolerant)."""
    try:
        return bool(validate(text))
    except ValueError:
        return False


def check_words(text: str) -> str:
    """The registered `amount_in_words` check: the words must read as an amount; they stay words.

    A field check's return value becomes the field's value, and the field's kind is words: a
    result whose `total_amount_in_words` said `4060.00` would fail its own re-check. The
    comparison with the amount in figures is the `amount_in_words_matches` cross rule's.

    >>> check_words('壹仟肆佰零玖元伍角')
    '壹仟肆佰零玖元伍角'
    """
    parse_amount_in_words(text)
    return text


def check_words_strict(text: str) -> str:
    """The registered `amount_in_words_strict` check: `validate_strict`, the words kept."""
    validate_strict(text)
    return text


# Registered by call, not as decorators, so the functions keep their precise types.
register(
    "amount_in_words", check_words,
    description="Chinese uppercase amount (大写金额) that reads as an amount; the words are kept",
    standard="中国人民银行《支付结算办法》附件一 正确填写票据和结算凭证的基本规定",
)
register(
    "amount_in_words_strict", check_words_strict,
    description="uppercase amount that also keeps the 零 and 整 writing rules",
    standard="中国人民银行《支付结算办法》附件一 正确填写票据和结算凭证的基本规定",
)
