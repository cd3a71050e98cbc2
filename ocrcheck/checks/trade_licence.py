"""Drug and medical-device business licence numbers (药品经营许可证, 医疗器械经营许可证).

Neither number has a check character (domain.md §13); their printed forms are:

* 药品经营许可证 证号: the province abbreviation, a letter A-D for the business kind (A wholesale,
  B retail chain headquarters, C chain store, D single retail), a letter A/B (A legal person,
  B branch), then 9 digits (4-digit region + 5-digit sequence; older licences 7), e.g.
  `琼AA898000001` (keys.md; domain.md §7.4 [U] on the letter meanings).
* 医疗器械经营许可证 许可证编号: the province abbreviation, optionally a one-character city
  abbreviation, `药监械经营许` (since the 2022 measures; earlier `食药监械经营许`), the 4-digit year
  of issue, a 4-digit sequence and `号`, e.g. `粤穗药监械经营许20230123号` (keys.md; §7.5). The
  year is returned by `get_year` so a rule can hold it to the issue date (`licence_number_year`).

>>> validate_drug_licence('琼AA898000001')
'琼AA898000001'
>>> validate_drug_licence('京DB1234567')
'京DB1234567'
>>> validate_drug_licence('琼EA898000001')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate_drug_licence('XAA898000001')
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate_medical_device_licence('粤穗药监械经营许20230123号')
'粤穗药监械经营许20230123号'
>>> validate_medical_device_licence('浙杭食药监械经营许20160012号')
'浙杭食药监械经营许20160012号'
>>> validate_medical_device_licence('粤穗药监械经营许1980123号')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> get_year('粤穗药监械经营许20230123号')
2023
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from .. import clock
from ._registry import InvalidDate, invalid, register
from .plate import PROVINCES

__all__ = ["compact", "get_year", "validate_drug_licence", "validate_medical_device_licence"]

_MAX_INPUT = 40
_DRUG = re.compile(r"(.)([A-D])([AB])([0-9]{9}|[0-9]{7})")
_DEVICE = re.compile(r"(.)([\u4e00-\u9fff])?(食?药监械经营许)([0-9]{4})([0-9]{4})号")
# No medical-device licence predates the 2004 licensing measures.
EARLIEST_YEAR = 2000


def compact(number: str) -> str:
    """Fold full-width forms, drop spaces, upper-case."""
    if len(number) > _MAX_INPUT:
        raise InvalidLength()
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", number)).upper()


def validate_drug_licence(number: str) -> str:
    """药品经营许可证 证号: province + A-D + A/B + 9 (older 7) digits."""
    number = compact(number)
    match = _DRUG.fullmatch(number)
    if match is None:
        raise invalid(InvalidFormat, "drug_licence_form")
    if match.group(1) not in PROVINCES:
        raise invalid(InvalidComponent, "province_abbreviation")
    return number


def get_year(number: str) -> int:
    """The year inside a medical-device licence number."""
    match = _DEVICE.fullmatch(compact(number))
    if match is None:
        raise invalid(InvalidFormat, "device_licence")
    return int(match.group(4))


def validate_medical_device_licence(number: str) -> str:
    """医疗器械经营许可证 编号: province [+ city] + (食)药监械经营许 + year + 4 digits + 号."""
    number = compact(number)
    match = _DEVICE.fullmatch(number)
    if match is None:
        raise invalid(InvalidFormat, "device_licence_form")
    if match.group(1) not in PROVINCES:
        raise invalid(InvalidComponent, "province_abbreviation")
    year = int(match.group(4))
    if not EARLIEST_YEAR <= year <= clock.today().year:
        raise invalid(InvalidDate, "number_year", year=year)
    return number


register(
    "drug_business_licence_number", validate_drug_licence,
    description="drug business licence number: province, A-D, A/B and 9 (older 7) digits",
    standard="国家药品监督管理局《药品经营许可证管理办法》 numbering",
)
register(
    "medical_device_licence_number", validate_medical_device_licence,
    description="medical device business licence number: province [+ city] + (食)药监械经营许 + year + 4 digits + 号",
    standard="国家药品监督管理局《医疗器械经营监督管理办法》 numbering",
)
