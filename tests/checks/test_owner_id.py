"""Owner identity numbers: a resident ID (GB 11643 examples), residence permit, 2023 foreign ID
(NIA guide example), or credit code (`91110000600037341L`, domain.md §1.2)."""

from __future__ import annotations

import doctest

import pytest
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from ocrcheck.checks import get_check, owner_id


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(owner_id, optionflags=flags)
    assert result.attempted > 4
    assert result.failed == 0


@pytest.mark.parametrize(
    "number",
    ["11010519491231002X", "440524188001010014", "810000199408230021", "932682198501010017", "91110000600037341L"],
)
def test_published_numbers(number: str) -> None:
    assert get_check("owner_id_number")(number) == number


@pytest.mark.parametrize("number", ["11010519491231002X0", "1101051949123100", "784196865703050"])
def test_lengths(number: str) -> None:
    with pytest.raises(InvalidLength):
        owner_id.validate(number)


@pytest.mark.parametrize("number", ["440524188001010015", "91110000600037341M", "932682198501010018"])
def test_checksum_errors(number: str) -> None:
    with pytest.raises(InvalidChecksum):
        owner_id.validate(number)


def test_legacy_tax_ids_are_not_owner_ids() -> None:
    # A 15-digit legacy number passes `tax_id` but is no owner identity number here.
    with pytest.raises(ValidationError):
        owner_id.validate("110105600037341")
