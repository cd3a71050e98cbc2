"""大写金额: the PBoC rule examples (domain.md §1.7/§12), invoice forms, garbage, round trips."""

from __future__ import annotations

import contextlib
import doctest
from decimal import Decimal, InvalidOperation, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidFormat

from ocrcheck.checks import amount_in_words, get_check
from ocrcheck.checks.amount_in_words import parse_amount_in_words, to_words

from ._outcome import outcome

strict = amount_in_words.validate_strict
tolerant = amount_in_words.validate

# Every variant the PBoC rules list, with its amount in figures (§12).
RULE_EXAMPLES = [
    ("壹仟肆佰零玖元伍角", "1409.50"),
    ("陆仟零柒元壹角肆分", "6007.14"),
    ("壹仟陆佰捌拾元零叁角贰分", "1680.32"),
    ("壹仟陆佰捌拾元叁角贰分", "1680.32"),
    ("壹拾万柒仟元零伍角叁分", "107000.53"),
    ("壹拾万零柒仟元伍角叁分", "107000.53"),
    ("壹万陆仟肆佰零玖元零贰分", "16409.02"),
    ("叁佰贰拾伍元零肆分", "325.04"),
]


@pytest.mark.parametrize(("words", "figures"), RULE_EXAMPLES)
def test_rule_examples_pass_both_checks(words: str, figures: str) -> None:
    assert tolerant(words) == figures
    assert strict(words) == figures


@pytest.mark.parametrize(
    ("words", "figures"),
    [
        ("⊗壹佰贰拾叁圆肆角伍分", "123.45"),
        ("ⓧ壹佰贰拾叁圆肆角伍分", "123.45"),
        ("☒壹佰贰拾叁元肆角伍分", "123.45"),
        ("叁佰叁拾柒元伍角", "337.50"),
        ("叁佰叁拾柒元伍角整", "337.50"),
        ("人民币壹佰元整", "100.00"),
        ("¥壹佰元正", "100.00"),
        ("￥ 壹佰 元 整", "100.00"),
        ("貳萬陸仟圓整", "26000.00"),
        ("參億元整", "300000000.00"),
        ("叁仟元整", "3000.00"),
        ("参仟元整", "3000.00"),
        ("拾元整", "10.00"),
        ("壹拾元整", "10.00"),
        ("拾伍万元整", "150000.00"),
        ("伍角", "0.50"),
        ("伍角整", "0.50"),
        ("叁分", "0.03"),
        ("零元伍角", "0.50"),
        ("零元整", "0.00"),
        ("壹万亿元整", "1000000000000.00"),
        ("壹亿零柒元整", "100000007.00"),
        ("壹仟零伍拾元整", "1050.00"),
        ("负壹佰元整", "-100.00"),
        ("(负数)壹佰元整", "-100.00"),
    ],
)
def test_invoice_and_traditional_forms(words: str, figures: str) -> None:
    assert tolerant(words) == figures
    assert strict(words) == figures


@pytest.mark.parametrize(
    ("words", "figures"),
    [
        ("壹佰元", "100.00"),  # 整 missing after 元
        ("叁佰贰拾伍元肆角伍分整", "325.45"),  # 整 after 分
        ("叁佰贰拾伍元肆分", "325.04"),  # 零 required when 角 is 0
        ("壹仟伍拾元整", "1050.00"),  # 零 missing but every digit carries its unit
        ("壹仟肆佰零零玖元整", "1409.00"),  # 零 twice
        ("壹仟肆佰零玖元零伍角", "1409.50"),  # 零 where the 元 digit is not 0
        ("壹佰零元整", "100.00"),
    ],
)
def test_tolerant_reads_rule_violations_that_strict_refuses(words: str, figures: str) -> None:
    assert tolerant(words) == figures
    with pytest.raises(InvalidFormat):
        strict(words)


def test_strict_names_the_rule() -> None:
    with pytest.raises(InvalidFormat, match="整"):
        strict("壹佰元")
    with pytest.raises(InvalidFormat, match="分"):
        strict("壹佰元伍分整".replace("伍分", "零伍分"))
    with pytest.raises(InvalidFormat, match="零"):
        strict("叁佰贰拾伍元肆分")


@pytest.mark.parametrize(
    "words",
    [
        "",
        "abc",
        "整",
        "元整",
        "壹佰元元",
        "壹佰壹仟元",  # units out of order
        "壹仟伍元",  # 1005 or colloquial 1500: ambiguous without 零
        "壹万伍元",
        "壹佰",  # no 元, no 角/分
        "佰元整",  # unit with no digit
        "壹佰拾元整",  # bare 拾 only at the very start
        "壹壹元整",
        "壹亿亿元整",
        "万元整",
        "零壹元整",
        "壹元零",
        "壹元伍",
        "壹拾角",
        "伍分伍角",
        "壹百元整",  # 百 is not 佰
    ],
)
def test_garbage_is_a_format_error(words: str) -> None:
    with pytest.raises(InvalidFormat):
        parse_amount_in_words(words)
    assert not amount_in_words.is_valid(words)


@pytest.mark.parametrize("char", list("一二两三四五六七八九十廿毛另〇"))
def test_lowercase_numerals_are_forbidden(char: str) -> None:
    with pytest.raises(InvalidFormat, match="lowercase"):
        tolerant("壹佰" + char + "元整")


def test_figures_are_forbidden() -> None:
    with pytest.raises(InvalidFormat):
        tolerant("1佰元整")


@pytest.mark.parametrize(
    ("figures", "words"),
    [
        ("1409.50", "壹仟肆佰零玖元伍角整"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("107000.53", "壹拾万零柒仟元零伍角叁分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("10", "壹拾元整"),
        ("1000000000000", "壹万亿元整"),
        ("-12.30", "负壹拾贰元叁角整"),
    ],
)
def test_to_words_canonical(figures: str, words: str) -> None:
    assert to_words(Decimal(figures)) == words


def test_to_words_refuses_fractions_of_a_fen_and_huge_amounts() -> None:
    with pytest.raises(ValueError):
        to_words(Decimal("1.005"))
    with pytest.raises(ValueError):
        to_words(Decimal(10) ** 16)


cents = st.integers(min_value=1, max_value=10**14).map(lambda c: Decimal(c) / 100)


@settings(max_examples=300, deadline=None)
@given(cents)
def test_round_trip(amount: Decimal) -> None:
    words = to_words(amount)
    assert parse_amount_in_words(words) == amount
    assert strict(words) == str(amount.quantize(Decimal("0.01")))


@settings(max_examples=200, deadline=None)
@given(cents)
def test_every_allowed_rendering_reads_back(amount: Decimal) -> None:
    # The forms the strict check allows (optional 零, 拾/壹拾, 整 after 角) all parse to x.
    for form in amount_in_words._renderings(amount):
        assert parse_amount_in_words(form) == amount


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-(10**16) + 1, max_value=10**16 - 1).map(lambda c: Decimal(c) / 100))
def test_the_canonical_form_is_one_of_the_allowed_renderings(amount: Decimal) -> None:
    # The strict check accepts `to_words(x)` without generating the renderings (issue 13): that
    # shortcut answers as the full search does only because the canonical form is among them.
    assert to_words(amount) in amount_in_words._renderings(amount)


@settings(max_examples=200, deadline=None)
@given(cents, st.data())
def test_dropping_one_character_never_reads_as_the_same_amount(
    amount: Decimal, data: st.DataObject
) -> None:
    words = to_words(amount)
    index = data.draw(st.integers(0, len(words) - 1))
    damaged = words[:index] + words[index + 1 :]
    tolerated = (
        damaged.rstrip("整") == words.rstrip("整")
        or words[index] == "零"
        or (index == 0 and words.startswith("壹拾"))
    )
    if tolerated:
        return  # dropping 整, a 零 or the 壹 of a leading 壹拾 keeps the amount, by design
    with contextlib.suppress(InvalidFormat):
        assert parse_amount_in_words(damaged) != amount


def test_doctests() -> None:
    result = doctest.testmod(amount_in_words, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5
    assert result.failed == 0


@pytest.mark.parametrize("name", ["amount_in_words", "amount_in_words_strict"])
def test_registered_checks_keep_the_words_as_the_field_value(name: str) -> None:
    # The check's return value becomes the field's value: words stay words, so a result's own
    # fields pass a re-check (the figure is compared by the amount_in_words_matches rule).
    assert get_check(name)("壹仟肆佰零玖元伍角整") == "壹仟肆佰零玖元伍角整"
    with pytest.raises(InvalidFormat):
        get_check(name)("一百元整")


# ------------------------------------------------------------------ the remembered readings
# Issue 13: `parse_amount_in_words` and `validate_strict` remember short texts' readings. The
# uncached functions are the readings themselves; the remembered answer must be theirs, on the
# first call and on the next ones (a failing text raises afresh, with the same error).
WORD_CHARS = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正⊗负一 "


@st.composite
def amount_texts(draw: st.DrawFn) -> str:
    amount = draw(cents)
    words = draw(st.sampled_from(sorted(amount_in_words._renderings(amount))))
    for _ in range(draw(st.integers(0, 2))):  # mutated: characters dropped, replaced, inserted
        index = draw(st.integers(0, len(words)))
        char = draw(st.sampled_from(WORD_CHARS))
        words = draw(st.sampled_from([
            words[:index] + words[index + 1 :], words[:index] + char + words[index + 1 :],
            words[:index] + char + words[index:],
        ]))
    return draw(st.sampled_from(["", "⊗", "人民币", "(负数)"])) + words


def _remembered_equal_fresh(text: str) -> None:
    for _ in range(2):
        assert outcome(parse_amount_in_words, text) == outcome(amount_in_words._parse, text)
        assert outcome(strict, text) == outcome(amount_in_words._strict, text)
        assert outcome(tolerant, text) == outcome(lambda t: str(amount_in_words._parse(t)), text)


@settings(max_examples=400, deadline=None)
@given(amount_texts())
def test_remembered_readings_are_the_fresh_ones(text: str) -> None:
    _remembered_equal_fresh(text)


@pytest.mark.parametrize(
    "text", [w for w, _ in RULE_EXAMPLES] + ["⊗肆仟零陆拾圆整", "壹佰元", "一百元整", "零元整", "负零元整"]
)
def test_remembered_readings_of_the_examples(text: str) -> None:
    _remembered_equal_fresh(text)


def test_long_texts_and_narrow_decimal_contexts_are_read_afresh() -> None:
    long_text = "壹" + "零" * 80 + "元整"
    assert outcome(parse_amount_in_words, long_text) == outcome(amount_in_words._parse, long_text)
    assert parse_amount_in_words("壹拾万元整") == Decimal("100000.00")  # remembered
    with localcontext() as narrow:
        narrow.prec = 5  # too narrow for the reading: the fresh one raises, so must this
        with pytest.raises(InvalidOperation):
            amount_in_words._parse("壹拾万元整")
        with pytest.raises(InvalidOperation):
            parse_amount_in_words("壹拾万元整")
        with pytest.raises(InvalidOperation):
            strict("壹拾万元整")
