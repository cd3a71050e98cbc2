"""Issue 13's fast passport line 2 (`td3_line2_passes`) and the date readers split for it, held
to what they were.

The references are the implementations they replaced: `validate_td3_line2` as compact, then the
verdict of `parse_long_line2`; `birth_date` and `expiry_date` as written before (`_parts` per
call, `now.replace`, a list of candidates). Every input gives the same outcome: the same value,
or the same exception class with the same finding code, variant, ctx and text. Inputs: lines
with correct check digits (random number, nationality, sex, dates, personal number), those lines
damaged (a character replaced, dropped, inserted, lower-cased, full-width), and arbitrary text,
judged on several days (29 February among them).
"""

from __future__ import annotations

from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from ocrcheck import clock
from ocrcheck.checks import _mrz_zone, mrz

from ._outcome import outcome
from .test_mrz import td3_line2

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
DAYS = [date(2025, 6, 1), date(2024, 2, 29), date(2000, 1, 1), date(2090, 12, 31), date(1999, 3, 15)]


# ------------------------------------------------------------------------ the references
def old_birth_date(text: str, today: date | None = None) -> date | None:
    now = today or clock.today()
    parts = _mrz_zone._parts(text)
    if parts is None:
        return None
    year, month, day = parts
    for century in (2000, 1900):
        found = _mrz_zone._day(century + year, month, day)
        if found is not None and found <= now:
            return found
    return None


def old_expiry_date(text: str, born: date | None = None, today: date | None = None) -> date | None:
    now = today or clock.today()
    limit = now.replace(year=now.year + 20, day=28 if now.month == 2 else now.day)
    parts = _mrz_zone._parts(text)
    if parts is None:
        return None
    year, month, day = parts
    candidates = [d for c in (2100, 2000, 1900) if (d := _mrz_zone._day(c + year, month, day)) and d <= limit]
    for found in candidates:
        if born is None or found >= born:
            return found
    return candidates[0] if candidates else None


def old_validate_td3_line2(line: str) -> str:
    line = mrz.compact(line)
    mrz._verdict(_mrz_zone.parse_long_line2(line, 44, None))
    return line


# ------------------------------------------------------------------------------ the inputs
YYMMDD = st.one_of(
    st.dates(date(1900, 1, 1), date(2099, 12, 31)).map(lambda day: f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"),
    st.builds(lambda y, m, d: f"{y:02d}{m:02d}{d:02d}", st.integers(0, 99), st.integers(0, 13), st.integers(0, 32)),
    st.sampled_from(["000229", "240229", "250229", "900315", "290519", "99<<<<", "9001<<", "<<<<<<", "9A0315"]),
)
NUMBERS = st.one_of(
    st.text(alphabet=ALPHABET[:36], min_size=1, max_size=9), st.sampled_from(["EA1234567", "E<1234567"])
)
VALID_LINES = st.builds(
    lambda number, dob, expiry, personal, nationality, sex, personal_digit: td3_line2(
        number, dob, expiry, personal, nationality=nationality, sex=sex, personal_digit=personal_digit
    ),
    NUMBERS,
    YYMMDD,
    YYMMDD,
    st.one_of(st.just(""), st.text(alphabet=ALPHABET, max_size=14)),
    st.sampled_from(["CHN", "UTO", "D<<", "C1N", "<<<"]),
    st.sampled_from(["M", "F", "X", "<", "A"]),
    st.sampled_from([None, None, None, "<", "0", "1"]),
)


@st.composite
def damaged(draw: st.DrawFn) -> str:
    line = draw(VALID_LINES)
    how = draw(st.sampled_from(["none", "none", "replace", "drop", "insert", "lower", "full_width", "space"]))
    if how == "none" or not line:
        return line
    at = draw(st.integers(0, len(line) - 1))
    char = draw(st.sampled_from([*ALPHABET, "a", "«", "Ａ", "٣", " ", "\n", "*"]))
    if how == "replace":
        return line[:at] + char + line[at + 1 :]
    if how == "drop":
        return line[:at] + line[at + 1 :]
    if how == "insert":
        return line[:at] + char + line[at:]
    if how == "lower":
        return line.lower()
    if how == "full_width":
        return line[:at] + chr(ord(line[at]) + 0xFEE0) + line[at + 1 :] if line[at] != "<" else line
    return line[:at] + " " + line[at:]


LINES = st.one_of(VALID_LINES, damaged(), st.text(alphabet=ALPHABET + "a«* ", max_size=46))


# ------------------------------------------------------------------------------ the tests
@given(LINES, st.sampled_from(DAYS))
@example("EA12345676CHN9003152M2905198<<<<<<<<<<<<<<<8", date(2025, 6, 1))
@example("L898902C36UTO7408122F1204159ZE184226B<<<<<10", date(2025, 6, 1))
@example("L898902C36UTO7408122F1204159ZE184226B<<<<<10", date(1974, 8, 11))
def test_td3_line2_is_what_it_was(line: str, day: date) -> None:
    with clock.judged_on(day):
        old = outcome(old_validate_td3_line2, line)
        assert outcome(mrz.validate_td3_line2, line) == old
        compact = mrz.compact(line)
        assert _mrz_zone.td3_line2_passes(compact) == (old[0] == "returned")


@given(VALID_LINES, st.sampled_from(DAYS))
def test_valid_lines_take_the_fast_path(line: str, day: date) -> None:
    with clock.judged_on(day):
        assert _mrz_zone.td3_line2_passes(line) == (outcome(old_validate_td3_line2, line)[0] == "returned")


@given(st.one_of(YYMMDD, st.text(alphabet="0123456789< +_-١", max_size=7)), st.sampled_from(DAYS),
       st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2099, 12, 31))))
@example("290228", date(2024, 2, 29), None)
@example("440229", date(2024, 2, 29), None)
def test_date_readers_are_what_they_were(text: str, day: date, born: date | None) -> None:
    assert _mrz_zone.birth_date(text, day) == old_birth_date(text, day)
    assert _mrz_zone.expiry_date(text, born, day) == old_expiry_date(text, born, day)
    with clock.judged_on(day):
        assert _mrz_zone.birth_date(text) == old_birth_date(text)
        assert _mrz_zone.expiry_date(text, born) == old_expiry_date(text, born)
