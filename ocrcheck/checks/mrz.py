"""Machine Readable Zone (MRZ) of travel documents, ICAO Doc 9303.

TD3 (passports, 2 lines of 44), TD2 (2 lines of 36), TD1 (ID cards, 3 lines of 30), and the
one-line 30-character MRZ of the PRC Exit-Entry Permit cards (往来港澳/台湾通行证). Check digits
use the 7-3-1 method: digits keep their value, A-Z are 10-35, the filler `<` is 0; the sum of
value × weight modulo 10 is the digit.

The OCR engine upper-cases a line and removes its spaces. A name or optional-data line that is
short only because trailing fillers were dropped is padded back; a line that ends in a check
digit cannot be padded, and any line that is too long is an error.

A single substitution between two characters whose values are congruent modulo 10 (`0`, `<`,
`A`, `K`, `U` are all 0) cannot be caught by the 7-3-1 digits: `K` read for `<` in a document
number escapes every check. Names, nationality and sex are not covered by any check digit.

More information:

* ICAO Doc 9303 Part 3 (check digits, dates), Parts 4-6 (TD3, TD1, TD2 layouts)
* https://www.icao.int/publications/pages/publication.aspx?docnum=9303
* EEP layout (one line, `CS`/`CD`): third-party reader code, not an official spec [U]

>>> validate_td3_line2('L898902C36UTO7408122F1204159ZE184226B<<<<<10')
'L898902C36UTO7408122F1204159ZE184226B<<<<<10'
>>> validate_td3_line2('L898902C46UTO7408122F1204159ZE184226B<<<<<10')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: MRZ check digit wrong: document_number, composite
>>> validate_td3_line2('L898902C36UTO7408122F1204159ZE184226B<<<<<1')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: ...
>>> validate_td3_line2('L898902C36UTO74081X2F1204159ZE184226B<<<<<10')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: ...
>>> validate_td3_line2('L898902C36UTO7413128F1204159ZE184226B<<<<<10')
Traceback (most recent call last):
    ...
ocrcheck.checks._registry.InvalidDate: MRZ date impossible: birth_date
>>> validate_td3_line1('P<UTOERIKSSON<<ANNA<MARIA')
'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<'
>>> check_digit('L898902C3')
'6'
"""

from __future__ import annotations

from typing import Any

from stdnum.exceptions import InvalidChecksum, InvalidFormat

from ._mrz_zone import (
    LETTERS,
    birth_date,
    check_digit,
    compact,
    empty_result,
    expiry_date,
    fit_line,
    fit_name_line,
    parse_eep,
    parse_long_line2,
    parse_td1,
    parse_td1_line1,
    parse_td1_line2,
    parse_td2,
    parse_td3,
    read_header,
    read_name_line,
    split_lines,
    td1_composite_ok,
    td1_document_number,
    td2_document_number,
    td3_line2_passes,
)
from ._registry import InvalidDate, invalid, register

# The validators, and the zone readers they are built on (`mrz.parse_td3`, `mrz.check_digit`).
__all__ = [
    "birth_date",
    "check_digit",
    "compact",
    "expiry_date",
    "is_valid",
    "parse_eep",
    "parse_td1",
    "parse_td1_line1",
    "parse_td1_line2",
    "parse_td2",
    "parse_td3",
    "td1_composite_ok",
    "td1_document_number",
    "td2_document_number",
    "validate",
    "validate_eep",
    "validate_td1",
    "validate_td1_line1",
    "validate_td1_line2",
    "validate_td1_line3",
    "validate_td2_line1",
    "validate_td2_line2",
    "validate_td3_line1",
    "validate_td3_line2",
]


def _verdict(result: dict[str, Any]) -> None:
    # The message names the failed digits (never the value: it is an identity number).
    if result["failed_checks"]:
        raise invalid(InvalidChecksum, "mrz_check_digits", checks=result["failed_checks"])
    if result["invalid_dates"]:
        raise invalid(InvalidDate, "mrz_dates", parts=result["invalid_dates"])


def validate_td3_line1(line: str) -> str:
    """Line 1 of a passport MRZ: `P` + type character, issuing state, name; letters and `<`."""
    line = fit_name_line(line, 44)
    if line[0] != "P" or not LETTERS.fullmatch(line):
        raise invalid(InvalidFormat, "mrz_passport_line1")
    return line


def validate_td3_line2(line: str) -> str:
    """Line 2 of a passport MRZ: every check digit and both dates."""
    line = compact(line)
    if not td3_line2_passes(line):  # the usual passing line: nothing to report, no result built
        _verdict(parse_long_line2(line, 44, None))
    return line


def validate_td2_line2(line: str) -> str:
    """Line 2 of a TD2 MRZ: every check digit and both dates."""
    line = compact(line)
    _verdict(parse_long_line2(line, 36, None))
    return line


def validate_td2_line1(line: str) -> str:
    """Line 1 of a TD2 MRZ: document code (`I`, `A`, `C`, or `V` for visas), issuing state, name."""
    line = fit_name_line(line, 36)
    read_header(empty_result(), line, 5)
    return line


def validate_td1_line1(line: str) -> str:
    """Line 1 of an ID-card MRZ on its own: header and the document number's check digit."""
    line = fit_line(compact(line), 30, paddable=True)
    _verdict(parse_td1_line1(line))
    return line


def validate_td1_line2(line: str) -> str:
    """Line 2 of an ID-card MRZ on its own: birth and expiry check digits, dates, sex, nationality.

    The composite digit at its end also covers line 1: the `mrz_td1_composite` cross-field rule
    checks it when both lines are present.
    """
    line = compact(line)
    _verdict(parse_td1_line2(line))
    return line


def validate_td1_line3(line: str) -> str:
    """Line 3 of an ID-card MRZ: the name, letters and `<` (padded back to 30)."""
    read_name_line(line, 30)
    return fit_name_line(line, 30)


def validate_td1(text: str) -> str:
    """A whole ID-card MRZ, three lines joined by newlines (or run together, 90 characters)."""
    lines = split_lines(text, 3, 30)
    _verdict(parse_td1(*lines))
    return "\n".join(fit_line(line, 30, paddable=True) for line in lines)


def validate_eep(line: str) -> str:
    """The one-line MRZ of a PRC Exit-Entry Permit card."""
    line = compact(line)
    _verdict(parse_eep(line))
    return line


def validate(text: str) -> str:
    """Any MRZ block, recognised by its shape: 1×30 EEP, 3×30 TD1, 2×36 TD2, 2×44 TD3."""
    lines = [compact(part) for part in text.splitlines() if part.strip()]
    if len(lines) == 1 and len(lines[0]) == 30:
        return validate_eep(lines[0])
    if len(lines) == 3 or (len(lines) == 1 and len(lines[0]) == 90):
        return validate_td1(text)
    if len(lines) == 2 and len(lines[1]) == 36:
        return validate_td2_line1(lines[0]) + "\n" + validate_td2_line2(lines[1])
    if len(lines) == 2:
        return validate_td3_line1(lines[0]) + "\n" + validate_td3_line2(lines[1])
    raise invalid(InvalidFormat, "not_mrz")


def is_valid(text: str) -> bool:
    """Whether `text` is a valid MRZ block (see `validate`)."""
    try:
        return bool(validate(text))
    except ValueError:
        return False


# Registered by call, not as decorators, so the functions keep their precise types.
register(
    "mrz_td3_line1", validate_td3_line1,
    description="passport MRZ line 1 (TD3): P + type, issuing state, name",
    standard="ICAO Doc 9303 Part 4 (TD3)",
)
register(
    "mrz_td3_line2", validate_td3_line2,
    description="passport MRZ line 2 (TD3): number, nationality, dates, sex and every check digit",
    standard="ICAO Doc 9303 Parts 3 and 4 (TD3)",
)
register(
    "mrz_td2_line2", validate_td2_line2,
    description="TD2 line 2: every check digit and both dates",
    standard="ICAO Doc 9303 Parts 3 and 6 (TD2)",
)
register(
    "mrz_td2_line1", validate_td2_line1,
    description="TD2 line 1: document code (I, A, C or V), issuing state, name",
    standard="ICAO Doc 9303 Part 6 (TD2)",
)
register(
    "mrz_td1", validate_td1,
    description="whole ID-card machine-readable zone (TD1, 3 × 30): every check digit and date",
    standard="ICAO Doc 9303 Parts 3 and 5 (TD1)",
)
register(
    "mrz_td1_line1", validate_td1_line1,
    description="TD1 line 1: document code, issuing state, document number and its check digit",
    standard="ICAO Doc 9303 Parts 3 and 5 (TD1)",
)
register(
    "mrz_td1_line2", validate_td1_line2,
    description="TD1 line 2: birth and expiry dates with check digits, sex, nationality",
    standard="ICAO Doc 9303 Parts 3 and 5 (TD1)",
)
register(
    "mrz_td1_line3", validate_td1_line3,
    description="TD1 line 3: the name, letters and <",
    standard="ICAO Doc 9303 Part 5 (TD1)",
)
register(
    "eep_mrz", validate_eep,
    description="one-line machine-readable zone of a PRC Exit-Entry Permit card, with its check digits",
    standard="ICAO Doc 9303 Part 3 check digits; EEP layout from reader code [unverified]",
)
