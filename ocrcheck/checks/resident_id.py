"""Resident ID (PRC citizen identity number, 公民身份号码, GB 11643-1999).

Eighteen characters: a 6-digit address code (GB/T 2260 county of household registration), the
birth date as YYYYMMDD, a 3-digit sequence whose last digit is odd for men and even for women,
and an ISO 7064 MOD 11-2 check character (0-9 or X). Hong Kong, Macao and Taiwan residence
permits use the same scheme with address codes 810000, 820000 and 830000.

We do not use `stdnum.cn.ric.validate`: it rejects valid numbers whose county code was created
after the holder's birth year, all residence-permit numbers of holders born before 1997/1999 and
every 83xxxx number, and its `is_valid` can raise `KeyError` (domain.md §0.1). Here the checksum
comes from `stdnum.iso7064.mod_11_2`, the date is parsed here, the province is a hard check and
the county lookup is a separate, warning-level check (`resident_id_region`).

Three checks are registered: `resident_id` (the full number), `resident_id_region` (the address
code exists in stdnum's bundled GB/T 2260 table, any year) and `resident_id_masked` (numbers
printed with a run of `*`, as on train tickets).

More information:

* GB 11643-1999 公民身份号码; GB/T 2260 中华人民共和国行政区划代码
* https://en.wikipedia.org/wiki/Resident_Identity_Card
* domain.md §0.1, §1.1, §12

>>> validate('11010519491231002X')
'11010519491231002X'
>>> validate('440524188001010014')  # the standard's own example; stdnum.cn.ric rejects it
'440524188001010014'
>>> validate('11010519491231002')
Traceback (most recent call last):
    ...
InvalidLength: ...
>>> validate('1101051949123100XX')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate('99010519491231002X')
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate('110105194902300025')
Traceback (most recent call last):
    ...
InvalidDate: ...
>>> validate('11010219840506970X')
Traceback (most recent call last):
    ...
InvalidChecksum: ...
>>> get_birth_date('11010519491231002X')
datetime.date(1949, 12, 31)
>>> get_sex('11010519491231002X')
'F'
>>> calc_check_digit('11010519491231002')
'X'
>>> validate_region('440304196001010018')
'440304196001010018'
>>> validate_region('110199196001010018')
Traceback (most recent call last):
    ...
InvalidComponent: ...
>>> validate_masked('4107281991****5515')
'4107281991****5515'
>>> validate_masked('4107281991****55*5')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate_masked('4107281791****5515')
Traceback (most recent call last):
    ...
InvalidDate: ...
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import unicodedata
from functools import cache

import stdnum
from stdnum import numdb
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.iso7064 import mod_11_2

from .. import clock
from ._registry import InvalidDate, invalid, register

# Precompiled: these run on every document (a string pattern costs a re-cache look-up per call).
_REGION_SHAPE = re.compile(r"[0-9]{6}")
_PROVINCE_LINE = re.compile(r"[0-9]{2}")
_COUNTY_LINE = re.compile(r"[0-9]{4}")
_PROPS = re.compile(r'([0-9a-zA-Z-_]+)="([^"]*)"')

ALPHABET = "0123456789X"

# First two digits of GB/T 2260 province-level codes, plus 71 Taiwan, 81 Hong Kong, 82 Macao
# and 83 (Taiwan residents' residence permits).
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
})  # fmt: skip

# No one alive was born earlier; a year before this is a misread digit.
EARLIEST_BIRTH_YEAR = 1880

# Residence-permit address codes that are valid for any birth year (830000 is absent from
# stdnum's table, 810000/820000 are marked as created in 1997/1999).
_PERMIT_CODES = frozenset({"810000", "820000", "830000"})

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―()]")
_FORMAT = re.compile(r"[0-9]{17}[0-9X]")
_MASKED = re.compile(r"[0-9X]*\*+[0-9X]*")


def compact(number: str) -> str:
    """Fold full-width characters, drop spaces, dashes and parentheses, upper-case."""
    if number.isascii() and number.isalnum():
        return number.upper()  # the usual case: NFKC keeps ASCII as it is, and nothing to drop
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", number)).upper()


# ISO 7064 MOD 11-2 as one weighted sum: stdnum's `checksum` folds `check = (2 * check + c) % 11`
# over the 18 characters, which is the sum of c * 2^(17 - i), mod 11; valid when it is 1. Since
# 13 ≡ 2 (mod 11), the body's share is twice the body read as a base-13 number: one C call.


def _checksum_ok(number: str) -> bool:
    """`mod_11_2.is_valid` of a number known to match `_FORMAT` (17 digits and 0-9 or X)."""
    last = number[17]
    body = 2 * int(number[:17], 13)  # ≡ Σ digit × 2^(17 - i) (mod 11)
    return (body + (10 if last == "X" else ord(last) - 48)) % 11 == 1


def calc_check_digit(number: str) -> str:
    """Return the check character for the 17-character body (not the whole number)."""
    return mod_11_2.calc_check_digit(number[:17])


def get_birth_date(number: str) -> datetime.date:
    """Return the birth date; an impossible date raises `InvalidDate`."""
    number = compact(number)
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise invalid(InvalidDate, "birth_date_in_number") from None


def get_sex(number: str) -> str:
    """Return 'M' or 'F' from the parity of the 17th digit."""
    return "M" if int(compact(number)[16]) % 2 else "F"


def _check_birth_date(birth: datetime.date) -> None:
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise invalid(InvalidDate, "birth_year_early", year=EARLIEST_BIRTH_YEAR)
    if birth > clock.today():
        raise invalid(InvalidDate, "birth_date_future")


def validate(number: str) -> str:
    """Check the number (format, province, birth date, checksum); return its compact form."""
    number = compact(number)
    if len(number) != 18:
        raise InvalidLength()
    if not _FORMAT.fullmatch(number):
        raise InvalidFormat()
    if number[:2] not in PROVINCES:
        raise invalid(InvalidComponent, "province_code")
    try:  # `get_birth_date`, on a number already compact
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise invalid(InvalidDate, "birth_date_in_number") from None
    _check_birth_date(birth)
    if not _checksum_ok(number):
        raise InvalidChecksum()
    return number


def is_valid(number: str) -> bool:
    """Return whether the number is valid (never raises)."""
    try:
        return bool(validate(number))
    except ValueError:
        return False


def _county_known(code: str) -> bool:
    if code in _PERMIT_CODES:
        return True
    table = _county_table()
    if table is not None:
        return code in table
    parts = numdb.get("cn/loc").info(code)
    # A known code splits into province + county, the county part carrying a name.
    return len(parts) == 2 and "county" in parts[1][1]


@cache
def _county_table() -> frozenset[str] | None:
    """Every 6-digit code that `numdb.get("cn/loc")` knows as province + named county, read
    straight from python-stdnum's table; None when the file holds any line of another shape
    (numdb then answers). The table has only `PP province=…` lines and `  CCCC county=…` lines
    under them, and numdb's general reader cost more than the rest of a one-file `ocrcheck
    check` (issue 13). tests/checks/test_resident_id.py compares the two.

    Reading even the plain file costs a cold start about a tenth of its instructions, so the
    codes of the file this version of ocrcheck was made with ship beside this module
    (`CODES_FILE`, written by scripts/gbt2260_codes.py) with the SHA-256 of that file: they are
    used only for a file with that digest, and any other file is read as before."""
    try:
        data = _stdnum_table()
        return _shipped_codes(data) or _read_table(data.decode("utf-8"))
    except (OSError, ValueError):  # unreadable, or not UTF-8
        return None


def _stdnum_table() -> bytes:
    """stdnum's `cn/loc.dat`: a file beside its package, as pip installs it, else through
    importlib.resources (a zipped install; the import is 15M instructions a cold start need not pay)."""
    try:
        with open(os.path.join(os.path.dirname(stdnum.__file__ or ""), "cn", "loc.dat"), "rb") as handle:
            return handle.read()
    except OSError:
        from importlib import resources

        return (resources.files("stdnum") / "cn" / "loc.dat").read_bytes()


CODES_FILE = os.path.join(os.path.dirname(__file__), "gbt2260_codes.txt")


def _shipped_codes(data: bytes) -> frozenset[str] | None:
    """The shipped codes when `data` is the table they were read from (its SHA-256 on the first
    line of `CODES_FILE`), else None."""
    try:
        with open(CODES_FILE, encoding="ascii") as handle:
            digest, _, codes = handle.read().partition("\n")
    except (OSError, ValueError):
        return None
    if digest != "sha256 " + hashlib.sha256(data).hexdigest():
        return None
    return frozenset(codes.split())


def shipped_codes_text(data: bytes) -> str:
    """What `CODES_FILE` holds for stdnum's table `data` (scripts/gbt2260_codes.py writes it):
    the digest, then the codes `_read_lines` reads, sorted, ten to a line."""
    known = _read_lines(data.decode("utf-8"))
    if known is None:
        raise ValueError("stdnum's cn/loc.dat has lines of another shape: nothing to ship")
    codes = sorted(known)
    rows = (" ".join(codes[i:i + 10]) for i in range(0, len(codes), 10))
    return f"sha256 {hashlib.sha256(data).hexdigest()}\n" + "\n".join(rows) + "\n"


def _read_table(text: str) -> frozenset[str] | None:
    plain = _read_plain(text)
    return plain if plain is not None else _read_lines(text)


def _read_lines(text: str) -> frozenset[str] | None:
    """The table's codes, line by line as numdb splits and reads them (any file)."""
    known: set[str] = set()
    province: str | None = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        code, _, props = line.strip().partition(" ")
        if indent == 0 and _PROVINCE_LINE.fullmatch(code):
            province = code
        elif indent == 2 and province is not None and _COUNTY_LINE.fullmatch(code):
            if "county" in dict(_PROPS.findall(props)):  # as numdb reads a line's properties
                known.add(province + code)
        else:
            return None
    return frozenset(known)


# The plain file stdnum ships: lines split at "\n" only, each empty, a comment, `PP …` or
# `  CCCC …`, provinces first. For such a file `_read_lines` is a few regex passes over the
# whole text (a tenth of the cost): the county rows are those opening with their county="…"
# property, and any other county row is read as `_read_lines` reads it. Any other file is left
# to `_read_lines` (None here).
_OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # str.splitlines breaks there too
_LINE = r"(?:#.*|[0-9]{2}(?: .*)?|  [0-9]{4}(?: .*)?)"
_PLAIN_FILE = re.compile(rf"(?:{_LINE}?\n)*{_LINE}?")
_PROVINCE_FIRST = re.compile(r"(?:(?:#.*)?\n)*(?:[0-9]|\Z)")
_PROVINCE_ROWS = re.compile(r"^([0-9]{2})(?: .*)?$", re.MULTILINE)
_COUNTY_ROWS = re.compile(r'^  ([0-9]{4}) county="[^"\n]*"', re.MULTILINE)
_OTHER_COUNTY_ROWS = re.compile(r'^  [0-9]{4}(?! county="[^"\n]*").*$', re.MULTILINE)


def _read_plain(text: str) -> frozenset[str] | None:
    if any(char in text for char in _OTHER_BREAKS) or not _PLAIN_FILE.fullmatch(text):
        return None
    if not _PROVINCE_FIRST.match(text):
        return None
    known: set[str] = set()
    parts = _PROVINCE_ROWS.split(text)  # [before, province, its rows, province, its rows, ...]
    for province, rows in zip(parts[1::2], parts[2::2], strict=True):
        counties = _COUNTY_ROWS.findall(rows)
        known.update(province + county for county in counties)
        if len(counties) == rows.count("\n  "):
            continue  # every county row opens with its county (each row follows a newline)
        for line in _OTHER_COUNTY_ROWS.findall(rows):
            code, _, props = line.strip().partition(" ")
            if "county" in dict(_PROPS.findall(props)):
                known.add(province + code)
    return frozenset(known)


def validate_region(number: str) -> str:
    """Check that the 6-digit address code exists in GB/T 2260 (any year); return the number.

    Only the address code is looked at, so a masked number works as long as its first six
    characters are visible.
    """
    number = compact(number)
    code = number[:6]
    if not _REGION_SHAPE.fullmatch(code):
        raise InvalidFormat()
    if not _county_known(code):
        raise invalid(InvalidComponent, "address_code")
    return number


def _check_visible_date(number: str) -> None:
    """Check the parts of YYYYMMDD (positions 7-14) that the mask leaves visible."""
    year, month, day = number[6:10], number[10:12], number[12:14]
    if year.isdigit():
        if not EARLIEST_BIRTH_YEAR <= int(year) <= clock.today().year:
            raise invalid(InvalidDate, "birth_year")
    elif year[:2].isdigit() and year[:2] not in ("18", "19", "20"):
        raise invalid(InvalidDate, "birth_century")
    if month.isdigit() and not 1 <= int(month) <= 12:
        raise invalid(InvalidDate, "birth_month")
    if day.isdigit() and not 1 <= int(day) <= 31:
        raise invalid(InvalidDate, "birth_day")
    if month.isdigit() and day.isdigit():
        # 2000 is a leap year, so 0229 passes when the year is hidden.
        probe_year = int(year) if year.isdigit() else 2000
        try:
            birth = datetime.date(probe_year, int(month), int(day))
        except ValueError:
            raise invalid(InvalidDate, "birth_date") from None
        if year.isdigit():
            _check_birth_date(birth)


def validate_masked(number: str) -> str:
    """Check a number printed with one run of `*`: what is visible must be plausible.

    An unmasked number gets the full `validate`. The checksum cannot be verified on a masked
    number, so this check says nothing about the hidden digits.
    """
    number = compact(number)
    if "*" not in number:
        return validate(number)
    if len(number) != 18:
        raise InvalidLength()
    if not _MASKED.fullmatch(number) or "X" in number[:17]:
        raise InvalidFormat()
    province = number[:2]
    if province.isdigit():
        if province not in PROVINCES:
            raise invalid(InvalidComponent, "province_code")
    elif province[0].isdigit() and not any(p.startswith(province[0]) for p in PROVINCES):
        raise invalid(InvalidComponent, "province_code")
    _check_visible_date(number)
    return number


register(
    "resident_id", validate,
    description="PRC resident ID number: 18 characters, province, real birth date, ISO 7064 MOD 11-2 check character",
    standard="GB 11643-1999 公民身份号码; ISO 7064 MOD 11-2",
)
register(
    "resident_id_region", validate_region,
    description="the resident ID's 6-digit address code exists in GB/T 2260 (any year; a warning)",
    standard="GB/T 2260 中华人民共和国行政区划代码",
)
register(
    "resident_id_masked", validate_masked,
    description="resident ID printed with a run of *: the visible digits are plausible (province, date parts)",
    standard="GB 11643-1999 公民身份号码",
)
