"""Chinese transport identifiers: train numbers, ticket numbers, seats, licence plates.

Train numbers (车次) are a class letter (G D C Z T K Y S L) and up to four digits, or up to four
digits for ordinary trains [U]. Ticket numbers vary (the red number, the 21-character serial
`\\d{14}[A-HJ-NP-Z]\\d{6}`, the service's own examples such as `24329116804000`), so only the
alphabet and a 7-21 length are checked. Seats are `NN车NNX号` (EMU, letters A B C D F: E never
appears), `NN车NNN号`, sleepers `NN车NN号下铺` or `无座`. Licence plates follow GA 36-2018: a
province abbreviation, an authority letter, then five characters (ordinary, with special
suffixes 挂 学 警 港 澳 领 试 超) or six (new-energy: `D`/`F` first for small vehicles, some
cities also use other letters A-K [U]; `D`/`F` last for large ones). I and O are never used.

More information:

* GA 36-2018 《中华人民共和国机动车号牌》, domain.md §5.1, §5.4

>>> validate_train_number('g1234')
'G1234'
>>> validate_seat('Car 04, Seat 12A')
'04车12A号'
>>> validate_licence_plate('粤B·D12345')
'粤BD12345'
>>> validate_licence_plate('粤B·I2345')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
>>> validate_licence_plate('XB12345')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: ...
>>> validate_train_number('G12345')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ._registry import InvalidRange, register

PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新"
_L = "A-HJ-NP-Z"  # letters without I and O
_PLATES = [
    re.compile(rf"[{_L}][{_L}0-9]{{4}}[{_L}0-9挂学警港澳领试超]"),  # ordinary, 7 characters
    re.compile(rf"[{_L}][A-HJ-K][{_L}0-9]\d{{4}}"),  # small new-energy (D/F, some cities A-K)
    re.compile(rf"[{_L}]\d{{5}}[DF]"),  # large new-energy
    re.compile(rf"[{_L}][{_L}0-9]{{4}}应急"),  # emergency vehicles
]
_EMBASSY = re.compile(r"使\d{6}")
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
        raise InvalidFormat("not a train number")
    return number


def validate_train_ticket_number(value: str) -> str:
    """A train ticket number or serial: 7-21 characters of A-Z and 0-9 (lenient)."""
    number = compact(value)
    if not re.fullmatch(r"[A-Z0-9]*", number) or not number.isascii():
        raise InvalidFormat("a ticket number holds letters and digits only")
    if not 7 <= len(number) <= 21:
        raise InvalidLength(f"a ticket number has 7 to 21 characters, not {len(number)}")
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
        raise InvalidFormat("not a seat number")
    if letter == "E":
        raise InvalidFormat("seat letter E does not exist on Chinese trains")
    if (car and int(car) == 0) or (seat and int(seat) == 0):
        raise InvalidRange("car and seat numbers start at 1")
    head = f"{int(car):02d}车" if car else ""
    if standing:
        return head + "无座"
    if letter:
        seat = f"{int(seat):02d}"
    if berth and len(berth) == 1:
        berth += "铺"
    return f"{head}{seat}{letter or ''}号{berth or ''}"


def validate_licence_plate(value: str) -> str:
    """A Chinese licence plate (GA 36-2018), ordinary or new-energy, without separators."""
    plate = compact(value)
    if _EMBASSY.fullmatch(plate):
        return plate
    if len(plate) not in (7, 8):
        raise InvalidLength(f"a plate has 7 or 8 characters, not {len(plate)}")
    if plate[0] not in PROVINCES:
        raise InvalidComponent("a plate starts with a province abbreviation")
    rest = plate[1:]
    if not any(pattern.fullmatch(rest) for pattern in _PLATES):
        raise InvalidFormat("not a plate layout of GA 36-2018 (I and O are never used)")
    return plate


validate = validate_licence_plate


def is_valid(value: str) -> bool:
    """Whether `value` is a valid Chinese licence plate."""
    try:
        return bool(validate(value))
    except ValueError:
        return False


# Registered by call, not as decorators, so the functions keep their precise types.
register("train_number", validate_train_number)
register("train_ticket_number", validate_train_ticket_number)
register("seat_number", validate_seat)
register("licence_plate", validate_licence_plate)
