"""Real estate title certificate identifiers (不动产权证书): unit number, certificate number, areas.

不动产单元号 (GB/T 37346-2019 《不动产单元设定与代码编制规则》), 28 characters, no check character:

* 1-6 county-level administrative code (GB/T 2260), 7-9 cadastral district, 10-12 sub-district;
* 13-14 parcel feature code: ownership `G` state, `J` collective, `Z` undetermined; right `A`
  collective land ownership, `B`/`S`/`X` construction land use right (surface / above / below),
  `C` homestead, `D`/`E`/`F` contracted farm / forest / grass land, `H` sea area, `G` uninhabited
  island, `W` undetermined, `Y` other;
* 15-19 parcel sequence (00001-99999);
* 20 fixture feature code: `F` buildings, `L` forest, `Q` other, `W` none;
* 21-28 fixture unit number (building 4 + unit 4); all zeros when 20 is `W`.

Certificate number: `省(YYYY)市县名称不动产权第NNNNNNN号`, province abbreviation, the year in
brackets (half- or full-width), the city or county name, a 7-digit sequence (国土资发〔2015〕25号
format as widely printed [U]; domain.md §8). `get_certificate_year` gives the year for
`licence_number_year`.

Areas (`89.56㎡`) are quantities (value kind `quantity`); `area` accepts square metres only (or a
bare number), greater than zero.

More information:

* zhanbuba.com / 110ask.com summaries of GB/T 37346-2019; 360docs.net feature-code table;
  domain.md §8. No published unit number or certificate number was found: tests use numbers
  built from these rules.

>>> validate_unit_number('110105 001 002 GB 00123 F 00010203')
'110105001002GB00123F00010203'
>>> validate_unit_number('110105001002GB00123W00000000')
'110105001002GB00123W00000000'
>>> validate_unit_number('110105001002GB00123W00010203')
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate_unit_number('110105001002KB00123F00010203')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate_unit_number('990105001002GB00123F00010203')
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate_certificate_number('京(2020)朝阳区不动产权第0012345号')
'京(2020)朝阳区不动产权第0012345号'
>>> validate_certificate_number('沪（2019）浦东新区不动产权第123456号')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate_area('89.56㎡')
'89.56㎡'
>>> validate_area('0㎡')
Traceback (most recent call last):
    ...
InvalidRange: ...
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from .. import clock
from ._registry import InvalidDate, InvalidRange, invalid, register
from .plate import PROVINCES
from .resident_id import PROVINCES as PROVINCE_CODES

__all__ = ["get_certificate_year", "validate_area", "validate_certificate_number", "validate_unit_number"]

_MAX_INPUT = 64
_UNIT = re.compile(r"[0-9]{12}[GJZ][A-HSWXY][0-9]{5}[FLQW][0-9]{8}")
_CERTIFICATE = re.compile(r"(.)\(([0-9]{4})\)([\u4e00-\u9fff]{1,20}?)不动产权第([0-9]{7})号")
# The unified registration system (不动产统一登记) began issuing these certificates in 2015.
EARLIEST_YEAR = 2015
_MAINLAND_CODES = PROVINCE_CODES - {"71", "81", "82", "83"}


def _compact(value: str, drop: str) -> str:
    if len(value) > _MAX_INPUT:
        raise InvalidLength()
    text = unicodedata.normalize("NFKC", value)  # also （） → ()
    return re.sub(drop, "", text).upper()


def validate_unit_number(number: str) -> str:
    """不动产单元号: 28 characters of GB/T 37346; returned without spaces."""
    number = _compact(number, r"[\s\-]+")
    if len(number) != 28:
        raise invalid(InvalidLength, "unit_number_length")
    if not _UNIT.fullmatch(number):
        raise invalid(InvalidFormat, "unit_number_form")
    if number[:2] not in _MAINLAND_CODES:
        raise invalid(InvalidComponent, "unit_province")
    if number[19] == "W" and number[20:] != "00000000":
        raise invalid(InvalidComponent, "unit_no_fixture")
    return number


def get_certificate_year(number: str) -> int:
    match = _CERTIFICATE.fullmatch(_compact(number, r"\s+"))
    if match is None:
        raise invalid(InvalidFormat, "certificate_number")
    return int(match.group(2))


def validate_certificate_number(number: str) -> str:
    """`省(YYYY)市县不动产权第NNNNNNN号`, brackets half- or full-width (returned half-width)."""
    number = _compact(number, r"\s+")
    match = _CERTIFICATE.fullmatch(number)
    if match is None:
        raise invalid(InvalidFormat, "certificate_form")
    if match.group(1) not in PROVINCES:
        raise invalid(InvalidComponent, "province_abbreviation")
    year = int(match.group(2))
    if not EARLIEST_YEAR <= year <= clock.today().year:
        raise invalid(InvalidDate, "certificate_year", year=year)
    return number


def validate_area(value: str) -> str:
    """An area in square metres (`89.56㎡`, or a bare number), greater than zero."""
    text = _compact(value, r"\s+")  # NFKC reads ㎡ as m2
    unit = next((u for u in ("M2", "M²", "平方米") if text.endswith(u)), "")
    number = text[: len(text) - len(unit)]
    try:
        amount = Decimal(number)
    except InvalidOperation:
        raise invalid(InvalidFormat, "area_form") from None
    if not amount.is_finite() or amount <= 0:
        raise invalid(InvalidRange, "area_positive")
    return f"{number}㎡" if unit else number


register(
    "real_estate_unit_number", validate_unit_number,
    description="28-character real estate unit number (不动产单元号): region, cadastral zone, parcel, feature code",
    standard="GB/T 37346-2019 不动产单元设定与代码编制规则",
)
register(
    "real_estate_certificate_number", validate_certificate_number,
    description="real estate title certificate number 省(YYYY)市县不动产权第NNNNNNN号",
    standard="自然资源部 不动产权证书 numbering (不动产登记暂行条例实施细则)",
)
register(
    "area", validate_area,
    description="area in square metres (89.56㎡ or a bare number), greater than zero",
    standard="GB/T 37346-2019 不动产单元设定与代码编制规则 (areas in ㎡)",
)
