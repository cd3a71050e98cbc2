"""UK BRP numbers, Philippine LTO licence numbers and Japanese licence numbers.

Published examples: BRP `ZW9005196` (ukbenefits.info sample, domain.md §9.12); LTO printing
`N01-12-123456` (keys.md) and the shape of the public validator sample `C09-10-XXXXXX`
(domain.md §10); Japanese `309012345620`, jiko0.com/bangou.html's worked example whose 11th digit
2 the weights 5 4 3 2 7 6 5 4 3 2 give (domain.md §10, §12).
"""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

from ocrcheck.checks import gb_brp, get_check, jp_driving_licence, ph_driving_licence

# ------------------------------------------------------------------------------------ BRP


@pytest.mark.parametrize("number", ["ZW9005196", "zw 900 5196", "RFX123456", "ＺＷ９００５１９６"])
def test_brp_numbers(number: str) -> None:
    assert get_check("gb_brp_number")(number) == gb_brp.compact(number)
    assert gb_brp.is_valid(number)


@pytest.mark.parametrize(
    ("number", "error"),
    [("Z19005196", InvalidFormat), ("ZWY005196", InvalidFormat), ("ZW900519X", InvalidFormat),
     ("ZW900519", InvalidLength), ("ZW90051967", InvalidLength), ("ZW9٠05196", InvalidFormat)],
)
def test_brp_wrong_numbers(number: str, error: type[ValidationError]) -> None:
    with pytest.raises(error):
        gb_brp.validate(number)
    assert not gb_brp.is_valid(number)


@given(st.from_regex(r"[A-Z]{2}[0-9X][0-9]{6}", fullmatch=True))
def test_generated_brp_numbers(number: str) -> None:
    assert gb_brp.validate(number) == number
    assert not gb_brp.is_valid(number[:2] + "Y" + number[3:])


# ------------------------------------------------------------------------------------ LTO


@pytest.mark.parametrize("number", ["N01-12-123456", "N0112123456", "n01 12 123456", "C09-10-000001"])
def test_lto_numbers_come_back_in_printed_form(number: str) -> None:
    canonical = get_check("ph_driving_licence_number")(number)
    assert canonical == ph_driving_licence.compact(number)[:3] + "-" + canonical[4:6] + "-" + canonical[7:]
    assert len(canonical) == 13 and canonical[3] == canonical[6] == "-"
    assert get_check("ph_driving_licence_number")(canonical) == canonical  # idempotent


@pytest.mark.parametrize(
    ("number", "error"),
    [("N01-12-12345", InvalidLength), ("101-12-123456", InvalidFormat), ("NA1-12-123456", InvalidFormat),
     ("N01-12-12345X", InvalidFormat), ("N01-12-1234567", InvalidLength)],
)
def test_lto_wrong_numbers(number: str, error: type[ValidationError]) -> None:
    with pytest.raises(error):
        ph_driving_licence.validate(number)


def test_lto_year_digits() -> None:
    assert ph_driving_licence.year_digits("N01-12-123456") == "12"


@given(st.from_regex(r"[A-Z][0-9]{10}", fullmatch=True))
def test_generated_lto_numbers(number: str) -> None:
    printed = ph_driving_licence.validate(number)
    assert printed.replace("-", "") == number


# ------------------------------------------------------------------------------ 運転免許証


def weighted_check(first_ten: str) -> str:
    """The check digit written out from the published description (domain.md §10)."""
    total = sum(int(d) * w for d, w in zip(first_ten, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=True))
    return str((11 - total % 11) % 10)


def test_jiko0_worked_example() -> None:
    assert jp_driving_licence.calc_check_digit("3090123456") == "2"
    assert get_check("jp_driving_licence_check")("309012345620") == "309012345620"
    assert get_check("jp_driving_licence_number")("３０９０ １２３４ ５６２０") == "309012345620"
    # The card prints `第 309012345620 号`; only a whole 第 … 号 frame is dropped.
    assert jp_driving_licence.validate("第 309012345620 号") == "309012345620"
    with pytest.raises(InvalidFormat):
        jp_driving_licence.validate("309012345620号")


@pytest.mark.parametrize("eleventh", "013456789")
def test_every_other_eleventh_digit_fails_the_check(eleventh: str) -> None:
    number = "3090123456" + eleventh + "0"
    assert jp_driving_licence.validate(number) == number  # the shape is fine
    with pytest.raises(InvalidChecksum):
        jp_driving_licence.validate_check_digit(number)
    assert not jp_driving_licence.is_valid(number)


@pytest.mark.parametrize(
    ("number", "error"),
    [("30901234562", InvalidLength), ("3090123456200", InvalidLength), ("30901234562O", InvalidFormat),
     ("３０９０１２３４５６２Ａ", InvalidFormat)],
)
def test_jp_wrong_shape(number: str, error: type[ValidationError]) -> None:
    with pytest.raises(error):
        jp_driving_licence.validate(number)


@given(st.from_regex(r"[0-9]{10}", fullmatch=True), st.integers(0, 9))
def test_generated_jp_numbers(first_ten: str, reissue: int) -> None:
    number = first_ten + weighted_check(first_ten) + str(reissue)
    assert jp_driving_licence.validate_check_digit(number) == number
    # Every single-digit substitution in digits 1-10 changes the check (weights are 2-7, < 11).
    for position in range(10):
        for digit in "0123456789":
            if digit != number[position]:
                mutated = number[:position] + digit + number[position + 1 :]
                if weighted_check(mutated[:10]) == number[10]:
                    # Σ mod 11 always changes; only a move between 0 and 10, which both give
                    # (11 - r) mod 10 = 1, can escape.
                    assert number[10] == "1"
                else:
                    assert not jp_driving_licence.is_valid(mutated)


@pytest.mark.parametrize("module", [gb_brp, ph_driving_licence, jp_driving_licence])
def test_doctests(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4
    assert result.failed == 0
