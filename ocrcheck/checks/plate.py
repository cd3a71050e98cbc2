"""Chinese motor-vehicle licence plate number (机动车号牌号码, GA 36-2018).

A plate number is a province abbreviation (one of the 31 below), the letter of the issuing
authority (发牌机关代号) and a serial (序号). I and O are never used, so they cannot be confused with
1 and 0. The layouts:

* ordinary (普通号牌): five letters or digits, `京A12345`, `沪AZ1234`; the last position may be a
  use mark instead: 挂 trailer, 学 driving-school car, 警 police, 领 consulate, 试 test vehicle,
  超 over-limit vehicle, and 港 / 澳 on the cross-border `粤Z` plates only;
* small new-energy (小型新能源汽车号牌, green): six characters, the first `D` (pure electric) or `F`
  (not pure electric: plug-in hybrid, fuel cell), the second a letter or digit, the last four
  digits, `粤BD12345`, `沪AFA1234`;
* large new-energy (大型新能源汽车号牌, yellow-green): five digits then `D` or `F`, `粤B12345D`;
* emergency (应急): four letters or digits after the authority letter and the mark 应急;
* embassy (使馆): 使 and six digits (country code and serial) [U].

Small new-energy plates have since been given other first letters (A B C E for pure electric,
G H J K otherwise, i.e. A-K without I) [U: secondary sources only, e.g. us.ok.com "What kind of
vehicle has a green license plate starting with 'A'?"]. They
pass `validate`; `validate_nev_letter` (a warning check) flags any first letter other than the
D / F of the standard, so a reviewer looks at them.

More information:

* GA 36-2018 《中华人民共和国机动车号牌》 (Ministry of Public Security), domain.md §5.4
* pcauto "新能源汽车车牌规则有哪些" (mirrored at wsmp3.cn/jxwd/1626/16263515.html): D/F first for small
  new-energy plates, second letter or digit, last four digits; large ones five digits then D/F;
  no I or O.
* No public specimen list of plate numbers was found: tests use numbers built from these rules.

>>> validate('粤B·DA1234')
'粤BDA1234'
>>> validate('粤B 12345D')
'粤B12345D'
>>> get_layout('粤Z1234港')
'ordinary'
>>> validate('京A12I45')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
>>> validate('港A12345')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: ...
>>> validate('京A1234')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: ...
>>> validate('粤A1234港')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: ...
>>> validate_nev_letter('沪AA12345')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ._registry import invalid, register

PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新"
_L = "A-HJ-NP-Z"  # letters without I and O
_USE_MARKS = "挂学警领试超港澳"
# Checked in this order; the first full match names the layout.
_LAYOUTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ordinary", re.compile(rf"[{_L}][{_L}0-9]{{4}}[{_L}0-9{_USE_MARKS}]")),
    ("small_new_energy", re.compile(rf"[{_L}][A-HJK][{_L}0-9]\d{{4}}")),
    ("large_new_energy", re.compile(rf"[{_L}]\d{{5}}[DF]")),
    ("emergency", re.compile(rf"[{_L}][{_L}0-9]{{4}}应急")),
)
_EMBASSY = re.compile(r"使\d{6}")
_SEPARATORS = re.compile(r"[\s·•・.\-‐‑–—]+")
_MAX_LENGTH = 16  # any printed plate, separators included, is far shorter


def compact(number: str) -> str:
    """Fold full-width forms, drop spaces, the middle dot and hyphens, upper-case."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", number)).upper()


def get_layout(number: str) -> str:
    """The layout of a valid plate: ordinary, small_new_energy, large_new_energy, emergency, embassy."""
    plate = validate(number)
    if _EMBASSY.fullmatch(plate):
        return "embassy"
    return next(name for name, pattern in _LAYOUTS if pattern.fullmatch(plate[1:]))


def validate(number: str) -> str:
    """Check a plate number against the GA 36-2018 layouts; return it without separators."""
    if len(number) > _MAX_LENGTH:
        raise invalid(InvalidLength, "plate_length")
    plate = compact(number)
    if _EMBASSY.fullmatch(plate):
        return plate
    if len(plate) not in (7, 8):
        raise invalid(InvalidLength, "plate_length_found", found=len(plate))
    if plate[0] not in PROVINCES:
        raise invalid(InvalidComponent, "plate_province")
    if not any(pattern.fullmatch(plate[1:]) for _, pattern in _LAYOUTS):
        raise invalid(InvalidFormat, "plate_layout")
    if plate[-1] in "港澳" and not plate.startswith("粤Z"):
        raise invalid(InvalidComponent, "plate_hk_macao")
    return plate


def validate_nev_letter(number: str) -> str:
    """A small new-energy plate's first serial letter is D or F as GA 36-2018 sets (warning check)."""
    plate = validate(number)
    if get_layout(plate) == "small_new_energy" and plate[2] not in "DF":
        raise invalid(InvalidComponent, "nev_serial_letter", letter=plate[2])
    return plate


def is_valid(number: str) -> bool:
    """Whether `number` is a valid Chinese licence plate number (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


def format(number: str) -> str:
    """The plate as printed: province and authority letter, a middle dot, then the serial."""
    plate = compact(number)
    if plate.startswith("使"):
        return plate
    return f"{plate[:2]}·{plate[2:]}"


register(
    "cn_plate", validate,
    description="vehicle plate number: province, authority letter and serial in a GA 36-2018 layout (new-energy too)",
    standard="GA 36-2018 中华人民共和国机动车号牌",
)
register(
    "cn_plate_nev_letter", validate_nev_letter,
    description="small new-energy plate whose serial starts with D or F (a warning: some cities use other letters)",
    standard="GA 36-2018 中华人民共和国机动车号牌 (new-energy serials)",
)
# The name the first eight types' transport module used; kept so rule files written against it
# still load.
register(
    "licence_plate", validate,
    description="vehicle plate number in a GA 36-2018 layout (same as cn_plate)",
    standard="GA 36-2018 中华人民共和国机动车号牌",
)
