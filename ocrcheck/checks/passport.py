"""PRC passport and entry-exit permit numbers (护照, 通行证).

Nine-character numbers with no check character of their own (their check digits live only in
the MRZ): PRC passports (`E` + 8 digits; since 2017 `E` + letter + 7 digits; older `G` + 8
digits, `PE`/`SE`/`DE` + 7 for public-affairs, service and diplomatic passports), HKSAR
passports (`K`/`H` + 8 digits [U]), Macao SAR passports (`MA` + 7 digits [U]), Exit-Entry
Permits for Hong Kong and Macao (`C` + 8 digits, then `C` + letter + 7 digits), and Home Return
Permits (`H`/`M` + 8 digits, + 2-digit issue count on the 1999 version; `HA`/`MA` + 7 digits
for non-Chinese-citizen residents), and Travel Permits to Taiwan for mainland residents (`L` +
8 digits [U], keys.md). The letters I and O are never used in these series.

More information:

* domain.md §2.1-2.5 (广州市公安局 notice on passport numbers; 国家移民管理局 2018-12-10
  notice on Exit-Entry Permit numbers; 公安部《港澳居民来往内地通行证号码规则》)

>>> validate('EA1234567')
'EA1234567'
>>> validate('EI1234567')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
>>> validate('E123456')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: ...
>>> validate_home_return_permit('H12345678(01)')
'H1234567801'
>>> validate_taiwan_permit('L12345678')
'L12345678'
>>> validate_taiwan_permit('C12345678')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidFormat, InvalidLength

from ._registry import invalid, register

# Precompiled: these run on every document (a string pattern costs a re-cache look-up per call).
_NOISE = re.compile(r"[\s\-()]+")

_CN_PASSPORT = re.compile(
    r"E[0-9A-HJ-NP-Z]\d{7}|G\d{8}|(?:PE|SE|DE)\d{7}|[PS]\.\d{7}|S\d{8}|1[45]\d{7}"
)
_HK_PASSPORT = re.compile(r"[KH]\d{8}")
_MO_PASSPORT = re.compile(r"MA\d{7}")
_EEP = re.compile(r"C(?:\d{8}|[A-HJ-NP-Z]\d{7})")
_HOME_RETURN = re.compile(r"[HM]\d{8}(?:\d{2})?|[HM]A\d{7}")
_TAIWAN_PERMIT = re.compile(r"L\d{8}")


def compact(number: str) -> str:
    """Fold full-width forms, drop spaces, hyphens and brackets, upper-case."""
    text = unicodedata.normalize("NFKC", number)
    return _NOISE.sub("", text).upper()


def _match(number: str, pattern: re.Pattern[str], lengths: tuple[int, ...], what: str) -> str:
    number = compact(number)
    if len(number) not in lengths:
        raise invalid(InvalidLength, "characters_length", what=what, length=len(number))
    if not pattern.fullmatch(number):
        raise invalid(InvalidFormat, "series", what=what)
    return number


def validate(number: str) -> str:
    """A PRC passport number (ordinary, public-affairs, service, diplomatic; old series)."""
    return _match(number, _CN_PASSPORT, (9,), "passport_number")


def validate_hk_passport(number: str) -> str:
    """An HKSAR passport number (unverified series: warn, do not reject, in rules)."""
    return _match(number, _HK_PASSPORT, (9,), "hksar_passport_number")


def validate_mo_passport(number: str) -> str:
    """A Macao SAR passport number (unverified series)."""
    return _match(number, _MO_PASSPORT, (9,), "macao_sar_passport_number")


def validate_eep(number: str) -> str:
    """An Exit-Entry Permit (往来港澳通行证, 2014 card) number."""
    return _match(number, _EEP, (9,), "exit_entry_permit_number")


def validate_home_return_permit(number: str) -> str:
    """A Home Return Permit (港澳居民来往内地通行证) number, with or without issue count."""
    return _match(number, _HOME_RETURN, (9, 11), "home_return_permit_number")


def validate_taiwan_permit(number: str) -> str:
    """A Travel Permit to Taiwan (大陆居民往来台湾通行证, card) number."""
    return _match(number, _TAIWAN_PERMIT, (9,), "taiwan_travel_permit_number")


def is_valid(number: str) -> bool:
    """Whether `number` is a valid PRC passport number."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


# Registered by call, not as decorators, so the functions keep their precise types.
register(
    "cn_passport_number", validate,
    description="PRC passport number: E + 8 digits or E + letter + 7 digits, older G + 8 digits, PE/SE/DE + 7 digits",
    standard="公安部出入境管理局 passport numbering notices (domain.md §2.1)",
)
register(
    "hk_passport_number", validate_hk_passport,
    description="HKSAR passport number (K/H + 8 digits; a warning: series unverified)",
    standard="HKSAR Immigration Department passport series [unverified]",
)
register(
    "mo_passport_number", validate_mo_passport,
    description="Macao SAR passport number (MA + 7 digits; a warning: series unverified)",
    standard="澳門身份證明局 passport series [unverified]",
)
register(
    "eep_number", validate_eep,
    description="Exit-Entry Permit to HK and Macao number: C + 8 digits, or C + letter + 7 digits",
    standard="国家移民管理局 2018-12-10 notice on Exit-Entry Permit numbers",
)
register(
    "home_return_permit_number", validate_home_return_permit,
    description="Home Return Permit number: H or M and 8 digits, with or without the issue count",
    standard="公安部《港澳居民来往内地通行证号码规则》",
)
register(
    "taiwan_permit_number", validate_taiwan_permit,
    description="Travel Permit to Taiwan number (card): L + 8 digits",
    standard="国家移民管理局 大陆居民往来台湾通行证 numbering",
)
