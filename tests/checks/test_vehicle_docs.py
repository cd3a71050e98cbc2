"""Driving-licence classes, engine numbers, registration and conformity certificate numbers.

No check character exists for any of them (domain.md §13) and no published list of numbers was
found; the class codes are those of 《机动车驾驶证申领和使用规定》 (domain.md §3.1).
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, vehicle_docs


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(vehicle_docs, optionflags=flags)
    assert result.attempted > 6
    assert result.failed == 0


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [("C1", "C1"), ("C1E", "C1E"), ("A2D", "A2D"), ("A1 A2", "A1A2"), ("c6", "C6"), ("B2、E", "B2E"), ("MNP", "MNP")],
)
def test_vehicle_classes(printed: str, canonical: str) -> None:
    assert get_check("vehicle_class")(printed) == canonical


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("C7", InvalidFormat),
        ("A4", InvalidFormat),
        ("G", InvalidFormat),
        ("C1C1", InvalidComponent),
        ("", InvalidLength),
    ],
)
def test_vehicle_class_rejections(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        vehicle_docs.validate_vehicle_class(value)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(vehicle_docs.VEHICLE_CLASSES), min_size=1, max_size=6, unique=True))
def test_generated_class_lists(codes: list[str]) -> None:
    joined = "".join(codes)
    assert vehicle_docs.validate_vehicle_class(joined) == joined
    assert vehicle_docs.split_classes(joined) == codes  # greedy reading is unambiguous


@pytest.mark.parametrize(
    ("check", "value", "error"),
    [
        ("engine_number", "12345", InvalidLength),
        ("engine_number", "A" * 21, InvalidLength),
        ("engine_number", "N12345#", InvalidFormat),
        ("vehicle_registration_certificate", "44012345678", InvalidLength),
        ("vehicle_registration_certificate", "44012345678A", InvalidFormat),
        ("conformity_certificate", "WAC12", InvalidLength),
        ("engine_number", "N" * 100, InvalidLength),  # over the input bound
    ],
)
def test_number_rejections(check: str, value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        get_check(check)(value)


def test_engine_number_keeps_letters_a_vin_forbids() -> None:
    assert get_check("engine_number")("EA211 IO 1234") == "EA211IO1234"
