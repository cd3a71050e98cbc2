"""Macao ID (BIR) numbers: the printed forms, the leading digit; generated numbers.

Published example `5686611(1)` (alanhzw/warbler-js `src/reg/idMacaoReg.js`). The check digit's
algorithm is not published (domain.md §9.2, §13), so no vector can test it: none is claimed.
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, macao_id


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(macao_id, optionflags=flags)
    assert result.attempted > 6
    assert result.failed == 0


@pytest.mark.parametrize(
    "printed", ["5686611(1)", "5/686611/1", "56866111", "5686611 (1)", "５６８６６１１（１）", "5-686611-1"]
)
def test_published_example_in_every_printing(printed: str) -> None:
    assert get_check("mo_id")(printed) == "5686611(1)"


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("0234567(8)", InvalidComponent),
        ("8234567(8)", InvalidComponent),
        ("1234567", InvalidLength),
        ("123456789", InvalidLength),
        ("1234567(A)", InvalidFormat),
        ("1234567((8))", InvalidFormat),
        ("12/34567/8", InvalidFormat),
        ("", InvalidLength),
    ],
)
def test_rejections(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        macao_id.validate(number)
    assert not macao_id.is_valid(number)


@settings(max_examples=200)
@given(st.sampled_from("157"), st.from_regex(r"[0-9]{6}", fullmatch=True), st.from_regex(r"[0-9]", fullmatch=True))
def test_generated(first: str, core: str, check: str) -> None:
    canonical = f"{first}{core}({check})"
    for printed in (canonical, f"{first}/{core}/{check}", f"{first}{core}{check}"):
        assert macao_id.validate(printed) == canonical
    assert macao_id.validate(canonical) == canonical  # idempotent
