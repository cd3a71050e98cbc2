"""Train numbers, ticket numbers, seats and licence plates (domain.md §5.1, §5.4)."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, transport
from ocrcheck.checks._registry import InvalidRange

train = get_check("train_number")
ticket = get_check("train_ticket_number")
seat = get_check("seat_number")
plate = get_check("licence_plate")


@pytest.mark.parametrize(
    ("value", "canonical"),
    [("G1234", "G1234"), ("d5", "D5"), ("C7001", "C7001"), ("Z1", "Z1"), ("T109", "T109"),
     ("K1234", "K1234"), ("Y501", "Y501"), ("S201", "S201"), ("L1", "L1"), ("6437", "6437"),
     ("G 1234次", "G1234"), ("Ｇ１２３４", "G1234")],
)
def test_train_numbers(value: str, canonical: str) -> None:
    assert train(value) == canonical


@pytest.mark.parametrize("value", ["G12345", "X123", "G", "", "12345", "GD123", "G12A"])
def test_train_number_failures(value: str) -> None:
    with pytest.raises(InvalidFormat):
        train(value)


@pytest.mark.parametrize(
    "value",
    ["24329116804000",  # the service's own train-ticket example
     "65036301130522E012345",  # 21-character serial: station, mode, window, MMDD, ticket no.
     "E012345", "Z23A456789"],
)
def test_ticket_numbers(value: str) -> None:
    assert ticket(value) == value


@pytest.mark.parametrize(
    ("value", "error"),
    [("E01234", InvalidLength), ("6503630113052212345678", InvalidLength),
     ("2432-91", InvalidLength), ("24329116804000号", InvalidFormat),
     ("２４３２９１１６８０４０００", None)],
)
def test_ticket_number_edges(value: str, error: type[Exception] | None) -> None:
    if error is None:
        assert ticket(value) == "24329116804000"
        return
    with pytest.raises(error):
        ticket(value)


@given(st.from_regex(r"[0-9]{14}[A-HJ-NP-Z][0-9]{6}", fullmatch=True))
def test_every_21_character_serial_passes(serial: str) -> None:
    assert ticket(serial) == serial


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("04车12A号", "04车12A号"),
        ("4车2F号", "04车02F号"),
        ("Car 04, Seat 12A", "04车12A号"),
        ("CAR 4 SEAT 12A", "04车12A号"),
        ("Coach 16, Seat No. 3D", "16车03D号"),
        ("04车012号", "04车012号"),
        ("12车15号下铺", "12车15号下铺"),
        ("12车15号上", "12车15号上铺"),
        ("无座", "无座"),
        ("05车无座", "05车无座"),
        ("04车12A", "04车12A号"),
        ("０４车１２Ａ号", "04车12A号"),
    ],
)
def test_seats(value: str, canonical: str) -> None:
    assert seat(value) == canonical


@pytest.mark.parametrize(
    ("value", "error"),
    [("04车12E号", InvalidFormat), ("04车12G号", InvalidFormat), ("00车12A号", InvalidRange),
     ("04车00A号", InvalidRange), ("座位12A", InvalidFormat), ("", InvalidFormat),
     ("104车12A号", InvalidFormat), ("04车1234号", InvalidFormat)],
)
def test_seat_failures(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        seat(value)


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("京A12345", "京A12345"),
        ("粤B·12345", "粤B12345"),
        ("沪A-Z1234", "沪AZ1234"),
        ("苏E 2A3B4", "苏E2A3B4"),
        ("粤Z1234港", "粤Z1234港"),
        ("粤Z1234澳", "粤Z1234澳"),
        ("京A1234警", "京A1234警"),
        ("鲁B1234学", "鲁B1234学"),
        ("冀A1234挂", "冀A1234挂"),
        ("沪A1234领", "沪A1234领"),
        ("粤BD12345", "粤BD12345"),  # small new-energy, battery-electric
        ("粤BF12345", "粤BF12345"),  # small new-energy, plug-in hybrid
        ("粤BDA1234", "粤BDA1234"),
        ("沪AA12345", "沪AA12345"),  # extended small-NEV first letter (A-K, some cities)
        ("粤B12345D", "粤B12345D"),  # large new-energy
        ("粤B12345F", "粤B12345F"),
        ("京A1234应急", "京A1234应急"),
        ("使123456", "使123456"),
        ("京ａ１２３４５", "京A12345"),
    ],
)
def test_plates(value: str, canonical: str) -> None:
    assert plate(value) == canonical
    assert transport.is_valid(value)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("京I12345", InvalidFormat),  # authority letter I
        ("京A1234O", InvalidFormat),  # serial letter O
        ("京112345", InvalidFormat),  # authority must be a letter
        ("港A12345", InvalidComponent),  # not a province abbreviation
        ("AA12345", InvalidComponent),
        ("京A1234", InvalidLength),
        ("京A1234567", InvalidLength),
        ("粤BL12345", InvalidFormat),  # 8 characters but L is no NEV letter
        ("粤B1234AD", InvalidFormat),  # large NEV needs five digits
        ("粤BDA123A", InvalidFormat),  # small NEV ends in four digits
        ("京A1234使", InvalidFormat),
    ],
)
def test_plate_failures(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        plate(value)
    assert not transport.is_valid(value)


@given(
    st.sampled_from(transport.PROVINCES),
    st.from_regex(r"[A-HJ-NP-Z][DF][A-HJ-NP-Z0-9][0-9]{4}", fullmatch=True),
)
def test_generated_small_nev_plates(province: str, rest: str) -> None:
    assert plate(province + rest) == province + rest


def test_doctests() -> None:
    result = doctest.testmod(transport, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5
    assert result.failed == 0
