"""Reading the Machine Readable Zone of travel documents (ICAO Doc 9303): check digits, dates,
names, and the fields of TD3, TD2, TD1 and the one-line Exit-Entry Permit zone.

The first half of `ocrcheck.checks.mrz` (see its docstring for the method and the limits of the
7-3-1 digits): this module reads a zone into its fields and lists the check digits and dates that
fail; `mrz` turns that into the registered checks' verdicts. Nothing here is registered.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from stdnum.exceptions import InvalidFormat, InvalidLength

from .. import clock
from ._registry import invalid

_WEIGHTS = (7, 3, 1)
_ALPHABET = re.compile(r"[A-Z0-9<]*")
LETTERS = re.compile(r"[A-Z<]*")
# Fillers only at the end of a document number (ICAO pads it on the right).
_DOC_NUMBER = re.compile(r"[A-Z0-9]+<*")
# ICAO fills unknown parts of a date (day, or month and day, or all) with `<`.
_DATE = re.compile(r"\d{6}|\d{4}<<|\d{2}<{4}|<{6}")
_SPACES = re.compile(r"\s+")
_CARD_CODE = re.compile(r"C[A-Z]")  # precompiled: no re-cache look-up per document
# Look-alikes of the filler that OCR produces besides the full-width form NFKC folds.
_FILLER_LOOKALIKES = str.maketrans({"«": "<", "‹": "<", "〈": "<", "＜": "<"})


def compact(line: str) -> str:
    """Fold full-width forms and filler look-alikes, drop spaces, upper-case one line."""
    if _ALPHABET.fullmatch(line):
        return line  # already compact (every repair candidate is): nothing to fold
    text = unicodedata.normalize("NFKC", line).translate(_FILLER_LOOKALIKES)
    return _SPACES.sub("", text).upper()


def split_lines(text: str, count: int, length: int) -> list[str]:
    """Split a multi-line MRZ; also accept the lines run together (newlines lost upstream)."""
    lines = [compact(part) for part in text.splitlines() if part.strip()]
    if len(lines) == 1 and len(lines[0]) == count * length:
        lines = [lines[0][i : i + length] for i in range(0, count * length, length)]
    if len(lines) != count:
        raise invalid(InvalidFormat, "mrz_line_count", expected=count, found=len(lines))
    return lines


# Values of the MRZ alphabet (a lookup: the repair search runs this on ~1,600 candidates per line).
_VALUES = {"<": 0, **{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}}


def _value(char: str) -> int:
    if char.isdecimal():
        return int(char)  # a decimal digit outside ASCII (which `compact` folds) keeps its value
    raise invalid(InvalidFormat, "mrz_character", char=char)


# The same values by ASCII code, for `bytes.translate` (one C call for a whole field); 255 marks
# a code outside the alphabet.
_VALUE_BYTES = bytes(_VALUES.get(chr(code), 255) for code in range(256))


def check_digit(text: str) -> str:
    """The ICAO 7-3-1 check digit of `text` (digits, A-Z, `<`)."""
    values: bytes | list[int]
    if text.isascii() and 255 not in (values := text.encode("ascii").translate(_VALUE_BYTES)):
        pass  # the usual case: a field of the alphabet
    else:
        try:
            values = [_VALUES[char] for char in text]
        except KeyError:
            values = [_VALUES[char] if char in _VALUES else _value(char) for char in text]
    total = 7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])
    return str(total % 10)


def fit_line(line: str, length: int, *, paddable: bool) -> str:
    """Pad a line whose trailing fillers were dropped; refuse any other length or alphabet."""
    if len(line) < length and paddable:
        line = line.ljust(length, "<")
    if len(line) != length:
        raise invalid(InvalidLength, "mrz_line_length", expected=length, found=len(line))
    if not _ALPHABET.fullmatch(line):
        raise invalid(InvalidFormat, "mrz_alphabet")
    return line


def fit_name_line(line: str, length: int) -> str:
    return fit_line(compact(line), length, paddable=True)


def _names(field: str) -> tuple[str, str]:
    surname, _, given = field.rstrip("<").partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def _strip(field: str) -> str:
    return field.rstrip("<")


def _today(today: date | None) -> date:
    return today or clock.today()


def _ymd(text: str, century: int) -> date | None:
    try:
        return date(century + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def _parts(text: str) -> tuple[int, int, int] | None:
    """YYMMDD as numbers, read once for every century `_ymd` would try (None: it fails for all)."""
    try:
        return int(text[:2]), int(text[2:4]), int(text[4:6])
    except ValueError:
        return None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_field(text: str, name: str) -> None:
    if not _DATE.fullmatch(text):
        raise invalid(InvalidFormat, "mrz_date_form", part=name)


def birth_date(text: str, today: date | None = None) -> date | None:
    """Resolve a YYMMDD date of birth to the past; None when unknown or impossible."""
    now = _today(today)
    parts = _parts(text)
    return None if parts is None else _born(parts, now)


def _born(parts: tuple[int, int, int], now: date) -> date | None:
    year, month, day = parts
    for century in (2000, 1900):
        found = _day(century + year, month, day)
        if found is not None and found <= now:
            return found
    return None


def expiry_date(text: str, born: date | None = None, today: date | None = None) -> date | None:
    """Resolve a YYMMDD expiry: the latest century within [born, today + 20 years].

    An expired passport must still parse, so the past is allowed; only beyond twenty years
    from today is implausible.
    """
    now = _today(today)
    parts = _parts(text)
    return None if parts is None else _expires(parts, born, now)


def _expires(parts: tuple[int, int, int], born: date | None, now: date) -> date | None:
    # now.replace(year=..., day=...) spelt as a constructor call, which costs a fifth as much.
    limit = date(now.year + 20, now.month, 28 if now.month == 2 else now.day)
    year, month, day = parts
    first = None  # the latest century within the limit, when none is on or after `born`
    for century in (2100, 2000, 1900):
        found = _day(century + year, month, day)
        if found is not None and found <= limit:
            if born is None or found >= born:
                return found
            first = first or found
    return first


def _sex(char: str) -> str | None:
    if char not in "MFX<":
        raise invalid(InvalidFormat, "mrz_sex")
    return None if char == "<" else char


def _check(result: dict[str, Any], name: str, field: str, digit: str) -> None:
    if check_digit(field) != digit:
        result["failed_checks"].append(name)


def _dates(result: dict[str, Any], dob: str, expiry: str, today: date | None) -> None:
    _date_field(dob, "birth_date")
    _date_field(expiry, "expiry_date")
    today = _today(today)
    result["birth_date"] = birth_date(dob, today) if dob.isdigit() else None
    if dob.isdigit() and result["birth_date"] is None:
        result["invalid_dates"].append("birth_date")
    result["expiry_date"] = (
        expiry_date(expiry, result["birth_date"], today) if expiry.isdigit() else None
    )
    if expiry.isdigit() and result["expiry_date"] is None:
        result["invalid_dates"].append("expiry_date")


def _document_number(field: str) -> str:
    if not _DOC_NUMBER.fullmatch(field):
        raise invalid(InvalidFormat, "mrz_document_number")
    return _strip(field)


def empty_result() -> dict[str, Any]:
    return {"failed_checks": [], "invalid_dates": []}


def read_header(result: dict[str, Any], line1: str, name_start: int) -> None:
    if not LETTERS.fullmatch(line1[:5]) or line1[0] == "<":
        raise invalid(InvalidFormat, "mrz_code_state")
    result["document_code"] = _strip(line1[:2])
    result["issuing_state"] = _strip(line1[2:5])
    if name_start:
        if not LETTERS.fullmatch(line1[name_start:]):
            raise invalid(InvalidFormat, "mrz_name")
        result["surname"], result["given_names"] = _names(line1[name_start:])


def parse_long_line2(line2: str, length: int, today: date | None) -> dict[str, Any]:
    """Line 2 of TD3 (44) or TD2 (36): the layouts agree up to position 28."""
    line2 = fit_line(compact(line2), length, paddable=False)
    result = empty_result()
    number, digit, optional = line2[:9], line2[9], line2[28 : length - 1]
    if length == 36:
        number, digit, optional = _overflow_number(number, digit, optional)
    _check(result, "document_number", number, digit)
    result["document_number"] = _document_number(number)
    result["nationality"] = _strip(line2[10:13])
    if not LETTERS.fullmatch(line2[10:13]):
        raise invalid(InvalidFormat, "mrz_nationality")
    _check(result, "birth_date", line2[13:19], line2[19])
    result["sex"] = _sex(line2[20])
    _check(result, "expiry_date", line2[21:27], line2[27])
    if length == 44:
        personal, digit = line2[28:42], line2[42]
        result["personal_number"] = _strip(personal)
        # An all-filler personal number may carry `<` or `0` as its check digit.
        if not (personal == "<" * 14 and digit in "<0"):
            _check(result, "personal_number", personal, digit)
    else:
        result["optional_data"] = _strip(optional.lstrip("<"))
    composite = line2[0:10] + line2[13:20] + line2[21 : length - 1]
    _check(result, "composite", composite, line2[length - 1])
    _dates(result, line2[13:19], line2[21:27], today)
    return result


def _digit_of(values: bytes) -> str:
    """`check_digit` of a field given as its values (`_VALUE_BYTES` of a field of the alphabet)."""
    return _DIGIT_CHARS[(7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])) % 10]


_DIGIT_CHARS = "0123456789"
_NO_PERSONAL_NUMBER = "<" * 14


def td3_line2_passes(line2: str, today: date | None = None) -> bool:
    """Whether `parse_long_line2(line2, 44)` of a compact line finds nothing wrong: the same tests
    in one pass over one translation of the line, no result built (every passport's line 2 is
    checked). False sends the caller the long way, which says what is wrong."""
    if len(line2) != 44 or not _ALPHABET.fullmatch(line2):
        return False
    values = line2.encode("ascii").translate(_VALUE_BYTES)
    dob, expiry = line2[13:19], line2[21:27]
    if not (
        _digit_of(values[0:9]) == line2[9]
        and _DOC_NUMBER.fullmatch(line2[:9])
        and LETTERS.fullmatch(line2[10:13])
        and _digit_of(values[13:19]) == line2[19]
        and line2[20] in "MFX<"
        and _digit_of(values[21:27]) == line2[27]
        and (
            (line2[28:42] == _NO_PERSONAL_NUMBER and line2[42] in "<0")
            or _digit_of(values[28:42]) == line2[42]
        )
        and _digit_of(values[0:10] + values[13:20] + values[21:43]) == line2[43]
        and _DATE.fullmatch(dob)
        and _DATE.fullmatch(expiry)
    ):
        return False
    now = _today(today)
    born = _born(_digit_parts(dob), now) if dob.isdigit() else None
    if born is None and dob.isdigit():
        return False
    return not expiry.isdigit() or _expires(_digit_parts(expiry), born, now) is not None


def _digit_parts(text: str) -> tuple[int, int, int]:
    """`_parts` of six ASCII digits, by one int()."""
    number = int(text)
    return number // 10000, number // 100 % 100, number % 100


def parse_td3(line1: str, line2: str, *, today: date | None = None) -> dict[str, Any]:
    """Parse a passport MRZ; check-digit failures are listed in `failed_checks`, not raised.

    Impossible dates come back as None and are named in `invalid_dates`. Structural problems
    (length, alphabet) raise InvalidLength / InvalidFormat.
    """
    result = parse_long_line2(line2, 44, today)
    read_header(result, fit_name_line(line1, 44), 5)
    return result


def parse_td2(line1: str, line2: str, *, today: date | None = None) -> dict[str, Any]:
    """Parse a TD2 MRZ (2 × 36), like `parse_td3` (optional data instead of personal number)."""
    result = parse_long_line2(line2, 36, today)
    read_header(result, fit_name_line(line1, 36), 5)
    return result


def _overflow_number(number: str, digit: str, optional: str) -> tuple[str, str, str]:
    """A document number longer than 9 characters (TD1 and TD2, Doc 9303 Parts 5-6).

    Its check-digit position holds `<`, and the rest of the number with its check digit opens
    the optional data, ended by a filler. Returns (number, check digit, optional data left).
    """
    if digit != "<" or optional[:1] in ("", "<"):
        return number, digit, optional
    rest = optional.split("<", 1)[0]
    return number + rest[:-1], rest[-1:], optional[len(rest) :]


def td1_document_number(line1: str) -> str:
    """The whole document number of a TD1 line 1 (fit to 30), overflow included."""
    line1 = fit_line(compact(line1), 30, paddable=True)
    return _overflow_number(line1[5:14], line1[14], line1[15:30])[0].rstrip("<")


def td2_document_number(line2: str) -> str:
    """The whole document number of a TD2 line 2 (36), overflow included."""
    line2 = fit_line(compact(line2), 36, paddable=False)
    return _overflow_number(line2[0:9], line2[9], line2[28:35])[0].rstrip("<")


def parse_td1_line1(line1: str) -> dict[str, Any]:
    """TD1 line 1: document code, issuing state, document number and its check digit."""
    line1 = fit_line(compact(line1), 30, paddable=True)
    result = empty_result()
    read_header(result, line1, 0)
    number, digit, optional = _overflow_number(line1[5:14], line1[14], line1[15:30])
    _check(result, "document_number", number, digit)
    result["document_number"] = _document_number(number)
    result["optional_data"] = _strip(optional.lstrip("<"))
    return result


def parse_td1_line2(line2: str, *, today: date | None = None) -> dict[str, Any]:
    """TD1 line 2: birth, sex, expiry, nationality, optional data 2 (the composite needs line 1)."""
    line2 = fit_line(compact(line2), 30, paddable=False)
    result = empty_result()
    _check(result, "birth_date", line2[0:6], line2[6])
    result["sex"] = _sex(line2[7])
    _check(result, "expiry_date", line2[8:14], line2[14])
    if not LETTERS.fullmatch(line2[15:18]):
        raise invalid(InvalidFormat, "mrz_nationality")
    result["nationality"] = _strip(line2[15:18])
    result["optional_data_2"] = _strip(line2[18:29])
    _dates(result, line2[0:6], line2[8:14], today)
    return result


def td1_composite_ok(line1: str, line2: str) -> bool:
    """Whether the TD1 composite digit (line 2, position 30) matches lines 1 and 2."""
    line1 = fit_line(compact(line1), 30, paddable=True)
    line2 = fit_line(compact(line2), 30, paddable=False)
    return check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]) == line2[29]


def read_name_line(line: str, length: int) -> tuple[str, str]:
    line = fit_name_line(line, length)
    if not LETTERS.fullmatch(line):
        raise invalid(InvalidFormat, "mrz_name")
    return _names(line)


def parse_td1(line1: str, line2: str, line3: str, *, today: date | None = None) -> dict[str, Any]:
    """Parse an ID-card MRZ (3 × 30), like `parse_td3`."""
    first = parse_td1_line1(line1)
    second = parse_td1_line2(line2, today=today)
    result = {**first, **second, "failed_checks": first["failed_checks"] + second["failed_checks"]}
    result["invalid_dates"] = second["invalid_dates"]
    if not td1_composite_ok(line1, line2):
        result["failed_checks"].append("composite")
    result["surname"], result["given_names"] = read_name_line(line3, 30)
    return result


def parse_eep(line: str, *, today: date | None = None) -> dict[str, Any]:
    """Parse the one-line MRZ of an Exit-Entry Permit card (`CS` 港澳, `CD` 台湾) [U].

    Layout: code (2), card number (9), check, `<`, expiry YYMMDD, check, `<`, birth YYMMDD,
    check, `<`, composite over the number, expiry and birth blocks with their digits.
    """
    line = fit_line(compact(line), 30, paddable=False)
    if not _CARD_CODE.fullmatch(line[:2]) or line[12] + line[20] + line[28] != "<<<":
        raise invalid(InvalidFormat, "mrz_eep")
    result = empty_result()
    result["document_code"] = line[:2]
    result["document_number"] = _document_number(line[2:11])
    _check(result, "document_number", line[2:11], line[11])
    _check(result, "expiry_date", line[13:19], line[19])
    _check(result, "birth_date", line[21:27], line[27])
    _check(result, "composite", line[2:12] + line[13:20] + line[21:28], line[29])
    _dates(result, line[21:27], line[13:19], today)
    return result
