"""Train numbers, ticket numbers and seats (domain.md §5.1)."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import InvalidFormat, InvalidLength

from ocrcheck.checks import get_check, transport
from ocrcheck.checks._registry import InvalidRange

train = get_check("train_number")
ticket = get_check("train_ticket_number")
seat = get_check("seat_number")


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


def test_doctests() -> None:
    result = doctest.testmod(transport, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3
    assert result.failed == 0
