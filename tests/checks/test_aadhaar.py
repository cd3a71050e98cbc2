"""Aadhaar as printed: python-stdnum's in_.aadhaar (published vectors, domain.md §9.8, §12) plus
the masked Aadhaar UIDAI issues for KYC (XXXX XXXX 1234)."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum import verhoeff
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.in_ import aadhaar as stdnum_aadhaar

from ocrcheck.checks import aadhaar, get_check

VALID = ["234123412346", "499118665246", "892473528038", "475587669949"]


def test_doctests() -> None:
    result = doctest.testmod(aadhaar, optionflags=doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS)
    assert result.attempted >= 4
    assert result.failed == 0


@pytest.mark.parametrize("number", VALID)
def test_published_vectors(number: str) -> None:
    printed = " ".join(number[i : i + 4] for i in range(0, 12, 4))
    assert get_check("in_aadhaar_card")(printed) == number


@pytest.mark.parametrize(
    ("number", "error"),
    [("475587669940", InvalidChecksum), ("234123412347", InvalidChecksum), ("134123412346", InvalidFormat),
     ("23412341234", InvalidLength)],
)  # fmt: skip
def test_invalid(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        aadhaar.validate(number)


def test_masked_forms_are_accepted_where_stdnum_rejects_them() -> None:
    for masked in ("XXXX XXXX 2346", "xxxx-xxxx-2346", "********2346"):
        assert not stdnum_aadhaar.is_valid(masked)
        assert aadhaar.is_masked(masked)
        assert aadhaar.validate(masked).endswith("2346")
    assert not aadhaar.is_masked("XXXX XXXX 234")
    with pytest.raises(InvalidFormat):
        aadhaar.validate("XXXX 1234 2346")  # a partly masked number is neither


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[2-9][0-9]{10}", fullmatch=True))
def test_generated_numbers(body: str) -> None:
    number = body + verhoeff.calc_check_digit(body)
    assume(number != number[::-1])  # UIDAI excludes palindromes
    assert aadhaar.validate(number) == number
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(InvalidChecksum):
        aadhaar.validate(wrong)
