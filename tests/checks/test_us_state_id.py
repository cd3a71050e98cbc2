"""US state licence and ID numbers by state: the published examples cited in the module, the
NTSI table's shapes, and generated numbers."""

from __future__ import annotations

import doctest
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, us_state_id

# (state, number): Skyhigh Security's data-identifier examples and testpattern.dev's.
PUBLISHED = [
    ("AL", "6996164"), ("AK", "6244114"), ("AZ", "113654424"), ("AZ", "B13654424"), ("AR", "999000680"),
    ("CA", "A0002144"), ("CT", "146825129"), ("CA", "D1234567"), ("FL", "F123456789012"),
    ("NJ", "N12345678901234"),
]  # fmt: skip


def test_doctests() -> None:
    result = doctest.testmod(us_state_id, optionflags=doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS)
    assert result.attempted >= 6
    assert result.failed == 0


def test_every_state_and_dc() -> None:
    assert len(us_state_id.PATTERNS) == 51


@pytest.mark.parametrize(("state", "number"), PUBLISHED)
def test_published_examples(state: str, number: str) -> None:
    assert us_state_id.validate_for_state(number, state) == number
    assert get_check("us_state_id_number")(number) == number


@pytest.mark.parametrize(
    ("state", "number"),
    [
        ("CA", "12345678"),  # California: letter + 7 digits
        ("NY", "A12345678"),
        ("FL", "F12345678901"),  # a digit short
        ("NH", "12ABC1234"),
        ("WA", "WDL12345678"),  # 11 characters, Washington has 12
    ],
)
def test_wrong_shape_for_state(state: str, number: str) -> None:
    with pytest.raises(InvalidFormat):
        us_state_id.validate_for_state(number, state)


def test_printed_separators_and_washington_star() -> None:
    assert us_state_id.validate_for_state("D123-456-78-901-0", "FL") == "D123456789010"
    assert us_state_id.validate_for_state("WDL*ABC12345", "WA") == "WDL*ABC12345"
    assert us_state_id.validate_for_state("123 456 789", "New York") == "123456789"


def test_states() -> None:
    assert us_state_id.validate_state("District of Columbia") == "DC"
    assert us_state_id.validate_state("N.Y.") == "NY"
    with pytest.raises(InvalidComponent):
        us_state_id.validate_state("Ontario")


def test_no_state_issues() -> None:
    with pytest.raises(InvalidLength):
        us_state_id.validate_number("A" + "1" * 19)
    with pytest.raises(InvalidFormat):
        us_state_id.validate_number("AB-CD")


def _example(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex(re.compile(f"(?:{pattern})"), fullmatch=True).filter(lambda s: s.isascii())


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(us_state_id.PATTERNS)).flatmap(
        lambda s: st.tuples(st.just(s), _example(us_state_id.PATTERNS[s].pattern))
    )
)
def test_generated_numbers_fit_their_state(case: tuple[str, str]) -> None:
    state, number = case
    assert us_state_id.validate_for_state(number, state) == number
    assert state in us_state_id.states_for(number)
