"""Chinese licence plates (GA 36-2018, domain.md §5.4): published examples, layouts, generated plates.

No public list of specimen plate numbers was found; the cases are built from the published layout
rules (the pcauto article cited in `ocrcheck/checks/plate.py`, domain.md §5.4: D/F first for small
new-energy plates and last for large ones, four final digits, no I or O; the later A-K letters
from the secondary source cited there) and generated ones.
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, plate

cn_plate = get_check("cn_plate")
nev_letter = get_check("cn_plate_nev_letter")


def test_doctests() -> None:
    result = doctest.testmod(plate, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8
    assert result.failed == 0


@pytest.mark.parametrize(
    ("value", "canonical", "layout"),
    [
        ("京AF0236", "京AF0236", "ordinary"),  # seven characters: F is an ordinary serial letter
        ("京A·DF0236", "京ADF0236", "small_new_energy"),
        ("京A12345", "京A12345", "ordinary"),
        ("粤B·12345", "粤B12345", "ordinary"),
        ("沪A-Z1234", "沪AZ1234", "ordinary"),
        ("苏E 2A3B4", "苏E2A3B4", "ordinary"),
        ("粤Z1234港", "粤Z1234港", "ordinary"),
        ("粤Z1234澳", "粤Z1234澳", "ordinary"),
        ("京A1234警", "京A1234警", "ordinary"),
        ("鲁B1234学", "鲁B1234学", "ordinary"),
        ("冀A1234挂", "冀A1234挂", "ordinary"),
        ("沪A1234领", "沪A1234领", "ordinary"),
        ("粤BD12345", "粤BD12345", "small_new_energy"),  # pure electric
        ("粤BF12345", "粤BF12345", "small_new_energy"),  # not pure electric
        ("粤BDA1234", "粤BDA1234", "small_new_energy"),  # second serial character a letter
        ("沪AA12345", "沪AA12345", "small_new_energy"),  # later first letters A-K [U]
        ("粤B12345D", "粤B12345D", "large_new_energy"),
        ("粤B12345F", "粤B12345F", "large_new_energy"),
        ("京A1234应急", "京A1234应急", "emergency"),
        ("使123456", "使123456", "embassy"),
        ("京ａ１２３４５", "京A12345", "ordinary"),  # full-width OCR output
    ],
)
def test_valid_plates(value: str, canonical: str, layout: str) -> None:
    assert cn_plate(value) == canonical
    assert plate.get_layout(value) == layout
    assert plate.is_valid(value)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("京I12345", InvalidFormat),  # authority letter I
        ("京A1234O", InvalidFormat),  # serial letter O
        ("京ADF02I6", InvalidFormat),
        ("京112345", InvalidFormat),  # authority must be a letter
        ("港A12345", InvalidComponent),  # not a province abbreviation
        ("AA12345", InvalidComponent),
        ("粤A1234港", InvalidComponent),  # 港 / 澳 plates are 粤Z only
        ("京A1234", InvalidLength),
        ("京A1234567", InvalidLength),
        ("京A" + "1" * 40, InvalidLength),
        ("粤BL12345", InvalidFormat),  # eight characters, but L is no new-energy letter
        ("粤BI12345", InvalidFormat),
        ("粤B1234AD", InvalidFormat),  # a large new-energy plate has five digits first
        ("粤B12345A", InvalidFormat),  # ... and ends in D or F
        ("粤BDA123A", InvalidFormat),  # a small one ends in four digits
        ("京A1234使", InvalidFormat),
        ("", InvalidLength),
    ],
)
def test_invalid_plates(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        cn_plate(value)
    assert not plate.is_valid(value)


@pytest.mark.parametrize("value", ["粤BD12345", "京ADF0236", "粤B12345D", "京AF0236"])
def test_standard_new_energy_letters_pass_the_warning_check(value: str) -> None:
    assert nev_letter(value) == plate.compact(value)


@pytest.mark.parametrize("letter", "ABCEGHJK")
def test_later_new_energy_letters_are_flagged(letter: str) -> None:
    assert cn_plate(f"沪A{letter}12345") == f"沪A{letter}12345"
    with pytest.raises(InvalidComponent):
        nev_letter(f"沪A{letter}12345")


def test_format_round_trip() -> None:
    assert plate.format("粤BD12345") == "粤B·D12345"
    assert cn_plate(plate.format("粤B12345D")) == "粤B12345D"


_SERIAL = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


@given(
    st.sampled_from(plate.PROVINCES),
    st.from_regex(r"[A-HJ-NP-Z][DF][A-HJ-NP-Z0-9][0-9]{4}", fullmatch=True),
)
def test_generated_small_new_energy_plates(province: str, rest: str) -> None:
    assert plate.get_layout(province + rest) == "small_new_energy"
    assert nev_letter(province + rest) == province + rest


@given(
    st.sampled_from(plate.PROVINCES),
    st.from_regex(r"[A-HJ-NP-Z][A-HJ-NP-Z0-9]{5}", fullmatch=True),
)
def test_generated_ordinary_plates(province: str, rest: str) -> None:
    assert cn_plate(province + rest) == province + rest


@given(st.sampled_from(plate.PROVINCES), st.text(alphabet=_SERIAL + "IO", min_size=6, max_size=6))
def test_any_i_or_o_in_an_ordinary_serial_fails(province: str, rest: str) -> None:
    if "I" in rest or "O" in rest:
        assert not plate.is_valid(province + rest)
