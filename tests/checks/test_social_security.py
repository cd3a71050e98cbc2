"""Social security card numbers (domain.md §6.3) and the card's issue date against the birth date.

No public specimen of a 社会保障卡卡号 with its rules was found; the shape (nine characters, digits or
a letter and eight digits) is domain.md's, from regional sources. The 社会保障号码 is a citizen
number: GB 11643's own example `11010519491231002X` (domain.md §12) is used.
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, social_security
from ocrcheck.crossfield import get_rule
from ocrcheck.crossfield._registry import RuleParams

card = get_check("cn_social_security_card_number")
shape = get_check("cn_social_security_card_number_shape")


def test_doctests() -> None:
    result = doctest.testmod(social_security, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5
    assert result.failed == 0


@pytest.mark.parametrize(("value", "canonical"), [("123456789", "123456789"), ("a12345678", "A12345678"),
                                                  ("Ａ１２３４５６７８", "A12345678"), ("A123-456 78", "A12345678")])
def test_card_numbers(value: str, canonical: str) -> None:
    assert card(value) == canonical
    assert shape(value) == canonical


@pytest.mark.parametrize(("value", "error"), [("12345678", InvalidLength), ("1234567890", InvalidLength),
                                              ("A1234567/", InvalidFormat), ("卡12345678", InvalidFormat),
                                              ("9" * 1000, InvalidLength)])
def test_bad_card_numbers(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        card(value)


@pytest.mark.parametrize("value", ["AB1234567", "1234A5678", "12345678X"])
def test_unusual_shapes_are_only_warnings(value: str) -> None:
    assert card(value) == value
    with pytest.raises(InvalidFormat):
        shape(value)


@given(st.from_regex(r"[A-Z0-9][0-9]{8}", fullmatch=True))
def test_generated_card_numbers(value: str) -> None:
    assert shape(value) == value


def run(fields: dict[str, str]) -> list[tuple[str, str]]:
    params = RuleParams("issued_after_birth_in_id", "error", {"id_number": "number", "date": "issued"})
    return [(f.field, f.code) for f in get_rule("issued_after_birth_in_id").func(fields, params)]


BORN_1949_12_31 = "11010519491231002X"


@pytest.mark.parametrize(
    ("issued", "found"),
    [("2019-10", []), ("1949-12", []), ("1949-11", [("issued", "date")]), ("1949-12-31", []),
     ("1949-12-30", [("issued", "date")]), ("1948-12", [("issued", "date")]), ("二〇一九年", [])],
)  # fmt: skip
def test_issue_date_not_before_birth(issued: str, found: list[tuple[str, str]]) -> None:
    assert run({"number": BORN_1949_12_31, "issued": issued}) == found


def test_unreadable_numbers_are_not_compared() -> None:
    assert run({"number": "1101051949****002X", "issued": "1900-01"}) == []
    assert run({"number": "110105194913310023", "issued": "1900-01"}) == []
