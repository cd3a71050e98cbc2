"""Chinese railway identifiers: train numbers, ticket numbers, seats.

Train numbers (车次) are a class letter (G D C Z T K Y S L) and up to four digits, or up to four
digits for ordinary trains [U]. Ticket numbers vary (the red number, the 21-character serial
`\\d{14}[A-HJ-NP-Z]\\d{6}`, the service's own examples such as `24329116804000`), so only the
alphabet and a 7-21 length are checked. Seats are `NN车NNX号` (EMU, letters A B C D F: E never
appears), `NN车NNN号`, sleepers `NN车NN号下铺` or `无座`. Licence plates are `plate.py`.

More information:

* domain.md §5.1

>>> validate_train_number('g1234')
'G1234'
>>> validate_seat('Car 04, Seat 12A')
'04车12A号'
>>> validate_train_number('G12345')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidFormat, InvalidLength

from ._registry import InvalidRange, invalid, register

_TRAIN = re.compile(r"[GDCZTKYSL]\d{1,4}|\d{1,4}")
_SEAT_CN = re.compile(r"(?:(\d{1,2})车)?(?:(\d{1,3})([A-F])?号?(上铺|中铺|下铺|上|中|下)?|(无座))")
_SEAT_EN = re.compile(r"(?:CAR|COACH)(\d{1,2}),?SEAT(?:NO\.?)?(\d{1,3})([A-F])?")


def compact(value: str) -> str:
    """Fold full-width forms, drop spaces, middle dots and hyphens, upper-case."""
    text = unicodedata.normalize("NFKC", value)
    return re.sub(r"[\s·•.\-]+", "", text).upper()


def validate_train_number(value: str) -> str:
    """A train number (车次), upper-cased, without a trailing 次."""
    number = compact(value).removesuffix("次")
    if not _TRAIN.fullmatch(number):
        raise invalid(InvalidFormat, "not_train_number")
    return number


def validate_train_ticket_number(value: str) -> str:
    """A train ticket number or serial: 7-21 characters of A-Z and 0-9 (lenient)."""
    number = compact(value)
    if not re.fullmatch(r"[A-Z0-9]*", number) or not number.isascii():
        raise invalid(InvalidFormat, "ticket_alphabet")
    if not 7 <= len(number) <= 21:
        raise invalid(InvalidLength, "ticket_length", found=len(number))
    return number


def validate_seat(value: str) -> str:
    """A seat (`04车12A号`, `Car 04, Seat 12A`, sleepers, 无座) in the `04车12A号` form."""
    text = compact(value)
    match = _SEAT_EN.fullmatch(text)
    if match:
        car, seat, letter, berth, standing = *match.groups(), None, None
    elif match := _SEAT_CN.fullmatch(text):
        car, seat, letter, berth, standing = match.groups()
    else:
        raise invalid(InvalidFormat, "not_seat")
    if letter == "E":
        raise invalid(InvalidFormat, "seat_e")
    if (car and int(car) == 0) or (seat and int(seat) == 0):
        raise invalid(InvalidRange, "seat_zero")
    head = f"{int(car):02d}车" if car else ""
    if standing:
        return head + "无座"
    if letter:
        seat = f"{int(seat):02d}"
    if berth and len(berth) == 1:
        berth += "铺"
    return f"{head}{seat}{letter or ''}号{berth or ''}"


# Registered by call, not as decorators, so the functions keep their precise types.
register(
    "train_number", validate_train_number,
    description="train number (车次): G/D/C/Z/T/K/Y/L/S and digits, or digits",
    standard="中国国家铁路集团 train numbering (domain.md §5.1)",
)
register(
    "train_ticket_number", validate_train_ticket_number,
    description="train ticket number or serial: 7-21 letters and digits",
    standard="中国国家铁路集团 ticket printing (domain.md §5.1)",
)
register(
    "seat_number", validate_seat,
    description="railway seat (04车12A号, sleepers, 无座) in the 04车12A号 form",
    standard="中国国家铁路集团 ticket printing (domain.md §5.1)",
)
