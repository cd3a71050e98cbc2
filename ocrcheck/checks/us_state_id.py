"""US state driver licence and identification card numbers, by state (美国州驾照/州身份证号).

No common check digit exists (some states derive digits from the name and birth date, none
publishes a check); each state issues numbers of its own shapes, and a state's ID cards use
the same numbering as its licences. The table below is the per-state format table published
by the National Traffic Safety Institute (letters = "Alpha", digits = "Numeric"), which is the
table most DMV-record vendors cite; it covers all 50 states and DC. Printed spaces and dashes
(`D123-456-78-901-0`) are dropped first. Washington's 12-character numbers may hold `*`.

`us_state_id_number` checks a number against every state (a shape no state issues is an
error); the cross-field rule `us_state_number` checks it against the card's own `state`.
`us_state` reads the state as a USPS code or a name (`CALIFORNIA` → `CA`).

More information:

* https://ntsi.com/drivers-license-format/ (NTSI, "State Driver's License Formats"; mirrored
  at tracsflorida.org/wiki "Driver License Formats")
* AAMVA DL/ID Card Design Standard (the number is data element DAQ); domain.md §9.13
* examples: Skyhigh Security "U.S. Driver's License Numbers" data identifiers (AL 6996164,
  AZ B13654424 and 113654424, AR 999000680, CA A0002144, CT 146825129); testpattern.dev
  "U.S. Driver's License Number (Multi-State)" (CA D1234567, FL F123456789012,
  NJ N12345678901234)

>>> validate_for_state('A0002144', 'CA')
'A0002144'
>>> validate_for_state('F123-456-78-901-2', 'FL')
'F123456789012'
>>> validate_for_state('A0002144', 'NY')
'A0002144'
>>> validate_for_state('A0002144', 'FL')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate_number('A0002144')
'A0002144'
>>> validate_number('ABC-DEF')
Traceback (most recent call last):
    ...
InvalidFormat: ...
>>> validate_state('New York'), validate_state('ca')
('NY', 'CA')
>>> validate_state('QQ')
Traceback (most recent call last):
    ...
InvalidComponent: ...
"""

from __future__ import annotations

import re
import unicodedata

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from ._registry import invalid, register

# USPS code → (name, NTSI formats). `A` letters, `9` digits in the comments' shorthand.
_TABLE: dict[str, tuple[str, str]] = {
    "AL": ("ALABAMA", r"\d{1,8}"),
    "AK": ("ALASKA", r"\d{1,7}"),
    "AZ": ("ARIZONA", r"[A-Z]\d{8}|\d{9}"),
    "AR": ("ARKANSAS", r"\d{4,9}"),
    "CA": ("CALIFORNIA", r"[A-Z]\d{7}"),
    "CO": ("COLORADO", r"\d{9}|[A-Z]\d{3,6}|[A-Z]{2}\d{2,5}"),
    "CT": ("CONNECTICUT", r"\d{9}"),
    "DE": ("DELAWARE", r"\d{1,7}"),
    "DC": ("DISTRICT OF COLUMBIA", r"\d{7}|\d{9}"),
    "FL": ("FLORIDA", r"[A-Z]\d{12}"),
    "GA": ("GEORGIA", r"\d{7,9}"),
    "HI": ("HAWAII", r"[A-Z]\d{8}|\d{9}"),
    "ID": ("IDAHO", r"[A-Z]{2}\d{6}[A-Z]|\d{9}"),
    "IL": ("ILLINOIS", r"[A-Z]\d{11,12}"),
    "IN": ("INDIANA", r"[A-Z]\d{9}|\d{9,10}"),
    "IA": ("IOWA", r"\d{9}|\d{3}[A-Z]{2}\d{4}"),
    "KS": ("KANSAS", r"[A-Z]\d[A-Z]\d[A-Z]|[A-Z]\d{8}|\d{9}"),
    "KY": ("KENTUCKY", r"[A-Z]\d{8,9}|\d{9}"),
    "LA": ("LOUISIANA", r"\d{1,9}"),
    "ME": ("MAINE", r"\d{7}[A-Z]?|\d{8}"),
    "MD": ("MARYLAND", r"[A-Z]\d{12}"),
    "MA": ("MASSACHUSETTS", r"[A-Z]\d{8}|\d{9}"),
    "MI": ("MICHIGAN", r"[A-Z]\d{10}|[A-Z]\d{12}"),
    "MN": ("MINNESOTA", r"[A-Z]\d{12}"),
    "MS": ("MISSISSIPPI", r"\d{9}"),
    "MO": ("MISSOURI", r"[A-Z]\d{5,9}|[A-Z]\d{6}R|\d{8}[A-Z]{2}|\d{9}[A-Z]?"),
    "MT": ("MONTANA", r"[A-Z]\d{8}|\d{9}|\d{13,14}"),
    "NE": ("NEBRASKA", r"[A-Z]\d{6,8}"),
    "NV": ("NEVADA", r"\d{9,10}|\d{12}|X\d{8}"),
    "NH": ("NEW HAMPSHIRE", r"\d{2}[A-Z]{3}\d{5}"),
    "NJ": ("NEW JERSEY", r"[A-Z]\d{14}"),
    "NM": ("NEW MEXICO", r"\d{8,9}"),
    "NY": ("NEW YORK", r"[A-Z]\d{7}|[A-Z]\d{18}|\d{8,9}|\d{16}|[A-Z]{8}"),
    "NC": ("NORTH CAROLINA", r"\d{1,12}"),
    "ND": ("NORTH DAKOTA", r"[A-Z]{3}\d{6}|\d{9}"),
    "OH": ("OHIO", r"[A-Z]\d{4,8}|[A-Z]{2}\d{3,7}|\d{8}"),
    "OK": ("OKLAHOMA", r"[A-Z]\d{9}|\d{9}"),
    "OR": ("OREGON", r"\d{1,9}"),
    "PA": ("PENNSYLVANIA", r"\d{8}"),
    "RI": ("RHODE ISLAND", r"\d{7}|[A-Z]\d{6}"),
    "SC": ("SOUTH CAROLINA", r"\d{5,11}"),
    "SD": ("SOUTH DAKOTA", r"\d{6,10}|\d{12}"),
    "TN": ("TENNESSEE", r"\d{7,9}"),
    "TX": ("TEXAS", r"\d{7,8}"),
    "UT": ("UTAH", r"\d{4,10}"),
    "VT": ("VERMONT", r"\d{8}|\d{7}A"),
    "VA": ("VIRGINIA", r"[A-Z]\d{8,11}|\d{9}"),
    # 1-7 letters, then letters, digits or `*`, 12 characters in all.
    "WA": ("WASHINGTON", r"(?=[A-Z0-9*]{12}$)[A-Z]{1,7}[A-Z0-9*]*"),
    "WV": ("WEST VIRGINIA", r"\d{7}|[A-Z]{1,2}\d{5,6}"),
    "WI": ("WISCONSIN", r"[A-Z]\d{13}"),
    "WY": ("WYOMING", r"\d{9,10}"),
}

PATTERNS: dict[str, re.Pattern[str]] = {code: re.compile(rx) for code, (_, rx) in _TABLE.items()}
STATE_NAMES: dict[str, str] = {code: name for code, (name, _) in _TABLE.items()}
_BY_NAME = {name.replace(" ", ""): code for code, name in STATE_NAMES.items()}
_MAX_LENGTH = 19  # New York's letter + 18 digits is the longest shape in the table


def compact(number: str) -> str:
    """Fold full-width forms, drop spaces and dashes, upper-case."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", number)).upper()


def states_for(number: str) -> list[str]:
    """The states whose formats the number fits."""
    number = compact(number)
    return [code for code, pattern in PATTERNS.items() if pattern.fullmatch(number)]


def validate_number(number: str) -> str:
    """A shape some state issues; returns the number without separators."""
    number = compact(number)
    if not 1 <= len(number) <= _MAX_LENGTH:
        raise InvalidLength()
    if not number.isascii() or not states_for(number):
        raise invalid(InvalidFormat, "us_shape")
    return number


def validate_state(state: str) -> str:
    """A USPS state code or a state's name → the two-letter code."""
    text = re.sub(r"[\s.]", "", unicodedata.normalize("NFKC", state)).upper()
    if text in STATE_NAMES:
        return text
    if text in _BY_NAME:
        return _BY_NAME[text]
    raise invalid(InvalidComponent, "us_state")


def validate_for_state(number: str, state: str) -> str:
    """The number has one of the shapes `state` issues."""
    code = validate_state(state)
    number = validate_number(number)
    if not PATTERNS[code].fullmatch(number):
        raise invalid(InvalidFormat, "us_state_shape", state=STATE_NAMES[code].title())
    return number


def is_valid(number: str) -> bool:
    """Return whether some state issues numbers of this shape (never raises)."""
    try:
        return bool(validate_number(number))
    except ValueError:
        return False


register(
    "us_state_id_number", validate_number,
    description="US driver licence or state ID number of a shape some state issues",
    standard="AAMVA DL/ID Card Design Standard (DAQ); NTSI state licence formats",
)
register(
    "us_state", validate_state,
    description="US state: a USPS code or the state's name, returned as the two-letter code",
    standard="USPS state abbreviations",
)
