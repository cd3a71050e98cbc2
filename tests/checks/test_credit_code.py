"""GB 32100 credit code and GB 11714 organisation code: vectors (domain.md §12), generated codes."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import credit_code, finding_code, get_check

LETTER_AUTHORITIES = ["N2330105MF12345676", "Y1110000MA0012345N"]


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    authority = draw(st.sampled_from(credit_code.AUTHORITIES))
    category = draw(st.sampled_from(credit_code.ALPHABET))
    region = draw(st.from_regex(r"[0-9]{6}", fullmatch=True))
    organisation = "".join(draw(st.lists(st.sampled_from(credit_code.ALPHABET), min_size=9, max_size=9)))
    body = authority + category + region + organisation
    return body + credit_code.calc_check_digit(body)


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(credit_code, optionflags=flags)
    assert result.attempted > 8
    assert result.failed == 0


def test_published_vector() -> None:
    assert credit_code.validate("91110000600037341L") == "91110000600037341L"
    assert get_check("credit_code") is credit_code.validate
    assert credit_code.format(" 9111 0000-6000 3734 1L") == "91110000600037341L"


@pytest.mark.parametrize("code", LETTER_AUTHORITIES)
def test_letter_authorities_valid_though_stdnum_rejects(code: str) -> None:
    # domain.md §0.2: stdnum requires digits in the first 8 characters.
    assert not uscc.is_valid(code)
    assert credit_code.validate(code) == code
    assert credit_code.is_valid(code)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91110000600037341", InvalidLength),
        ("91110000600037341LL", InvalidLength),
        ("9111000060003734IL", InvalidFormat),  # I is not in the alphabet
        ("91110000600037341O", InvalidFormat),
        ("9111000060003734SL", InvalidFormat),
        ("B1110000600037341L", InvalidComponent),  # B is no registration authority
        ("01110000600037341L", InvalidComponent),
        ("911A0000600037341L", InvalidFormat),  # region code must be digits
        ("91110000600037341M", InvalidChecksum),
        ("91110000600037342L", InvalidChecksum),
    ],
)
def test_rejections(code: str, error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        credit_code.validate(code)
    assert finding_code(raised.value) == ("checksum" if error is InvalidChecksum else "format")
    assert not credit_code.is_valid(code)


def test_compact_folds_full_width() -> None:
    assert credit_code.validate("９１１１００００６０００３７３４１ｌ") == "91110000600037341L"


@settings(max_examples=200)
@given(credit_codes())
def test_generated_codes_are_valid_and_agree_with_stdnum_checksum(code: str) -> None:
    assert credit_code.validate(code) == code
    if code[:8].isdigit():  # where stdnum's format rule agrees with GB 32100
        assert uscc.is_valid(code)


# --- credit_code_organisation --------------------------------------------------------------


def test_organisation_vector() -> None:
    check = get_check("credit_code_organisation")
    assert check("91110000600037341L") == "91110000600037341L"
    assert check("60003734-1") == "600037341"
    assert credit_code.calc_organisation_check_digit("60003734") == "1"


def test_organisation_check_values() -> None:
    # Weights 3 7 9 10 5 8 4 2 over values 0-9, A=10..Z=35; C = 11 - S mod 11, 10 -> X, 11 -> 0.
    # D2143569: 13*3 + 2*7 + 1*9 + 4*10 + 3*5 + 5*8 + 6*4 + 9*2 = 199; 199 mod 11 = 1; C = 10 -> X
    assert credit_code.calc_organisation_check_digit("D2143569") == "X"
    # 00000000: S = 0, C = 11 -> 0
    assert credit_code.calc_organisation_check_digit("00000000") == "0"
    assert credit_code.validate_organisation("D2143569X") == "D2143569X"
    assert credit_code.validate_organisation("000000000") == "000000000"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("600037342", InvalidChecksum),
        ("91110000600037342L", InvalidChecksum),
        ("6000373411", InvalidLength),
        ("60003734Y", InvalidFormat),  # the check character is 0-9 or X
        ("6000*7341", InvalidFormat),
    ],
)
def test_organisation_rejections(code: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        credit_code.validate_organisation(code)


@settings(max_examples=100)
@given(st.lists(st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUWXY"), min_size=8, max_size=8))
def test_generated_organisation_codes(body: list[str]) -> None:
    code = "".join(body)
    code += credit_code.calc_organisation_check_digit(code)
    assert credit_code.validate_organisation(code) == code
    wrong = "0" if code[8] == "X" else "X"
    with pytest.raises(InvalidChecksum):
        credit_code.validate_organisation(code[:8] + wrong)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=credit_code.ALPHABET, min_size=18, max_size=18))
def test_direct_check_character_is_stdnums(code: str) -> None:
    # validate() sums the MOD 31 weights itself (no second clean-up pass): the same character.
    assert credit_code._check_char(code) == uscc.calc_check_digit(code[:17])


def test_the_weights_are_the_powers_of_three_mod_31() -> None:
    # GB 32100-2015's weights, as the standard prints them: `_check_char` reads the weighted sum
    # as a base-34 number (34 ≡ 3 mod 31), which holds only because they are 3^i mod 31.
    published = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert published == tuple(pow(3, i, 31) for i in range(17))
    assert 34 % 31 == 3


def test_the_organisation_weights_are_three_times_the_powers_of_six_mod_11() -> None:
    # GB 11714-1997's weights: `_organisation_check` reads the sum as a base-17 number (17 ≡ 6).
    published = (3, 7, 9, 10, 5, 8, 4, 2)
    assert published == credit_code._ORGANISATION_WEIGHTS == tuple(3 * pow(6, i, 11) % 11 for i in range(8))
    assert 17 % 11 == 6
