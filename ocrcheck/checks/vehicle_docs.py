"""Identifiers on Chinese driving licences and vehicle papers (none has a check character).

* 准驾车型 (permitted vehicle classes): one or more codes run together, `C1`, `C1E`, `A2D`, from
  A1 A2 A3 B1 B2 C1 C2 C3 C4 C5 C6 D E F M N P (《机动车驾驶证申领和使用规定》; C6 light tractor-
  trailer added 2022). A code may appear once; the canonical form keeps the printed order.
* 发动机号 (engine number): 6-20 capitals and digits (keys.md). Manufacturers stamp their own
  series, so nothing more can be checked; `I`/`O` are allowed (engine numbers are not VINs).
* 登记证书编号 (registration certificate number): 12 digits, under the barcode of the green book.
* 合格证编号 (certificate of conformity number): letters and digits, commonly 14-15 long with an
  enterprise prefix [U]; only 10-20 capitals/digits are checked, and rule files make it a warning.

More information:

* domain.md §3.1 (classes: 2828.online table, kaojiazhao.com, chetan.com for C6), §3.3, §3.4
  (m.pcauto.com.cn note on the 12-digit certificate number), §13 (no public checksums).

>>> validate_vehicle_class('C1E')
'C1E'
>>> validate_vehicle_class('a2 d')
'A2D'
>>> validate_vehicle_class('C7')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate_vehicle_class('C1C1')
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate_engine_number('4G15S-A123456')
'4G15SA123456'
>>> validate_engine_number('12345')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate_registration_certificate('4401 2345 6789')
'440123456789'
>>> validate_conformity_certificate('WAC123456789012')
'WAC123456789012'
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ._registry import invalid, register

__all__ = [
    "VEHICLE_CLASSES",
    "compact",
    "split_classes",
    "validate_conformity_certificate",
    "validate_engine_number",
    "validate_registration_certificate",
    "validate_vehicle_class",
]

VEHICLE_CLASSES = ("A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3", "C4", "C5", "C6", "D", "E", "F", "M", "N", "P")
_CLASS_TOKEN = re.compile("|".join(VEHICLE_CLASSES))
_MAX_INPUT = 64  # any printed value here is far shorter; longer input is not read at all


def compact(value: str) -> str:
    """Fold full-width forms; drop spaces, hyphens, dots, slashes and commas; upper-case."""
    return re.sub(r"[\s\-./,，、·]+", "", unicodedata.normalize("NFKC", value)).upper()


def _bounded(value: str) -> str:
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    return compact(value)


def split_classes(value: str) -> list[str]:
    """`C1E` → ['C1', 'E']; a character that starts no class raises `InvalidFormat`."""
    text, codes, position = _bounded(value), [], 0
    while position < len(text):
        match = _CLASS_TOKEN.match(text, position)
        if match is None:
            raise invalid(InvalidFormat, "vehicle_class_at", position=position + 1)
        codes.append(match.group())
        position = match.end()
    return codes


def validate_vehicle_class(value: str) -> str:
    """准驾车型: known codes, each once; returned run together in the printed order."""
    codes = split_classes(value)
    if not codes:
        raise InvalidLength()
    if len(set(codes)) != len(codes):
        raise invalid(InvalidComponent, "vehicle_class_repeated")
    return "".join(codes)


def _pattern(value: str, pattern: str, lengths: range, what: str) -> str:
    text = _bounded(value)
    if len(text) not in lengths:
        raise invalid(InvalidLength, "characters_length", what=what, length=len(text))
    if not re.fullmatch(pattern, text):
        raise invalid(InvalidFormat, "alphabet", what=what)
    return text


def validate_engine_number(value: str) -> str:
    """发动机号: 6-20 capitals and digits."""
    return _pattern(value, r"[A-Z0-9]+", range(6, 21), "engine_number")


def validate_registration_certificate(value: str) -> str:
    """登记证书编号: 12 digits."""
    return _pattern(value, r"[0-9]+", range(12, 13), "registration_certificate_number")


def validate_conformity_certificate(value: str) -> str:
    """合格证编号: 10-20 capitals and digits [U]."""
    return _pattern(value, r"[A-Z0-9]+", range(10, 21), "certificate_of_conformity_number")


register(
    "vehicle_class", validate_vehicle_class,
    description="driving licence classes (准驾车型): known codes, each once",
    standard="GA 482-2008 / 公安部令第162号 机动车驾驶证申领和使用规定 (准驾车型)",
)
register(
    "engine_number", validate_engine_number,
    description="engine number (发动机号): 6-20 capitals and digits",
    standard="no public numbering rule (manufacturer-assigned)",
)
register(
    "vehicle_registration_certificate", validate_registration_certificate,
    description="vehicle registration certificate number (登记证书编号): 12 digits",
    standard="公安部 机动车登记证书 (no public check digit)",
)
register(
    "conformity_certificate", validate_conformity_certificate,
    description="vehicle certificate of conformity number (合格证编号): 10-20 capitals and digits",
    standard="工业和信息化部 机动车整车出厂合格证 (no public numbering rule)",
)
