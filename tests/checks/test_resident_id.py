"""GB 11643 resident ID: published vectors (domain.md §12), generated numbers, region, masks."""

from __future__ import annotations

import datetime
import doctest
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from ocrcheck.checks import InvalidDate, finding_code, get_check, resident_id

from ..conftest import SUITE_TODAY

VALID = [
    "11010519491231002X",
    "440524188001010014",
    "360426199101010071",
    "11010219840406970X",
    "34052419800101001X",
    "810000199001010019",  # Hong Kong residence permit (synthetic)
    "830000198001010034",  # Taiwan residence permit (synthetic)
]


def make_id(prefix6: str, birth: datetime.date, sequence: str) -> str:
    body = f"{prefix6}{birth:%Y%m%d}{sequence}"
    return body + resident_id.calc_check_digit(body)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(resident_id.PROVINCES)))
    county = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    birth = draw(st.dates(datetime.date(1880, 1, 1), SUITE_TODAY))
    sequence = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    return make_id(province + county, birth, sequence)


def test_doctests() -> None:
    flags = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS
    result = doctest.testmod(resident_id, optionflags=flags)
    assert result.attempted > 10
    assert result.failed == 0


@pytest.mark.parametrize("number", VALID)
def test_published_vectors_are_valid(number: str) -> None:
    assert resident_id.validate(number) == number
    assert resident_id.is_valid(number)
    assert get_check("resident_id") is resident_id.validate


@pytest.mark.parametrize(
    "number", ["440524188001010014", "440304196001010018", "810000199001010019", "830000198001010034"]
)
def test_numbers_stdnum_wrongly_rejects(number: str) -> None:
    # domain.md §0.1: the reason we do not use stdnum.cn.ric.validate.
    assert not ric.is_valid(number)
    assert resident_id.is_valid(number)


@pytest.mark.parametrize(
    ("number", "error", "code"),
    [
        ("11010219840506970X", InvalidChecksum, "checksum"),
        ("440524189001010014", InvalidChecksum, "checksum"),
        ("110105491231002", InvalidLength, "format"),  # legacy 15-digit form is refused
        ("11010519491231002X1", InvalidLength, "format"),
        ("1101051949123100X2", InvalidFormat, "format"),
        ("11010519491231002A", InvalidFormat, "format"),
        ("١١010519491231002X", InvalidFormat, "format"),  # Arabic-Indic digits are not digits here
        ("99010519491231002X", InvalidComponent, "format"),
        ("00010519491231002X", InvalidComponent, "format"),
    ],
)
def test_rejections(number: str, error: type[Exception], code: str) -> None:
    with pytest.raises(error) as raised:
        resident_id.validate(number)
    assert finding_code(raised.value) == code
    assert not resident_id.is_valid(number)


def test_impossible_dates_are_date_errors() -> None:
    for birth in ["19490230", "19491301", "19490000", "18791231"]:
        body = f"110105{birth}002"
        number = body + resident_id.calc_check_digit(body)
        with pytest.raises(InvalidDate) as raised:
            resident_id.validate(number)
        assert finding_code(raised.value) == "date"


def test_future_birth_date_is_a_date_error() -> None:
    tomorrow = SUITE_TODAY + datetime.timedelta(days=1)
    with pytest.raises(InvalidDate):
        resident_id.validate(make_id("110105", tomorrow, "001"))
    assert resident_id.is_valid(make_id("110105", SUITE_TODAY, "001"))
    assert resident_id.is_valid(make_id("110105", datetime.date(1880, 1, 1), "001"))


def test_compact_folds_full_width_and_separators() -> None:
    assert resident_id.validate("１１０１０５ １９４９-１２３１ (００２ｘ)") == "11010519491231002X"


def test_calc_check_digit_takes_the_body() -> None:
    # domain.md §0.6: stdnum.cn.ric.calc_check_digit wants 18 characters; ours wants the body.
    assert resident_id.calc_check_digit("11010519491231002") == "X"
    assert resident_id.calc_check_digit("44052418800101001") == "4"


def test_birth_date_and_sex() -> None:
    assert resident_id.get_birth_date("440524188001010014") == datetime.date(1880, 1, 1)
    assert resident_id.get_sex("440524188001010014") == "M"
    assert resident_id.get_sex("11010519491231002X") == "F"


@settings(max_examples=200)
@given(resident_ids())
def test_generated_numbers_are_valid(number: str) -> None:
    assert resident_id.validate(number) == number
    assert resident_id.get_sex(number) == ("M" if int(number[16]) % 2 else "F")


# --- resident_id_region -------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "440304196001010018",
        "440524188001010014",
        "110105194912310021",
        "810000199001010019",
        "820000199001010019",
        "830000198001010034",
        "710000199001010019",
    ],
)
def test_region_known(number: str) -> None:
    assert get_check("resident_id_region")(number) == number


@pytest.mark.parametrize("number", ["110199196001010018", "990000199001010019", "840000199001010019"])
def test_region_unknown(number: str) -> None:
    with pytest.raises(InvalidComponent):
        resident_id.validate_region(number)


def test_region_needs_six_digits() -> None:
    with pytest.raises(InvalidFormat):
        resident_id.validate_region("4405**188001010014")
    assert resident_id.validate_region("440524********0014") == "440524********0014"


# --- resident_id_masked -------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "4107281991****5515",
        "1101051949****002X",
        "110105**********2X",
        "11**************1X",
        "4**************014",
        "110105194912****2X",
    ],
)
def test_masked_plausible(number: str) -> None:
    assert get_check("resident_id_masked")(number) == number


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("4107281991****551", InvalidLength),
        ("4107281991**55**15", InvalidFormat),  # two runs
        ("41072819X1****5515", InvalidFormat),
        ("4107281991****55A5", InvalidFormat),
        ("9907281991****5515", InvalidComponent),
        ("0***************15", InvalidComponent),
        ("4107281791****5515", InvalidDate),
        ("4107281991130*5515", InvalidDate),
        ("410728199102305515", InvalidDate),  # unmasked: full validation
        ("41072816********15", InvalidDate),
        ("410728****02305515", InvalidDate),
        ("410728****12325515", InvalidDate),
    ],
)
def test_masked_implausible(number: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        resident_id.validate_masked(number)


def test_masked_future_visible_date() -> None:
    year = SUITE_TODAY.year + 1
    with pytest.raises(InvalidDate):
        resident_id.validate_masked(f"110105{year}0101**1X")


def test_masked_partial_year_and_leap_day_are_plausible() -> None:
    # A partly hidden year is judged by its century only; 0229 exists in some year.
    assert resident_id.validate_masked("410728209*****5515") == "410728209*****5515"
    with pytest.raises(InvalidDate):
        resident_id.validate_masked("410728219*****5515")
    assert resident_id.validate_masked("110105****0229001X") == "110105****0229001X"


def test_unmasked_value_gets_full_validation() -> None:
    assert resident_id.validate_masked("11010519491231002X") == "11010519491231002X"
    with pytest.raises(InvalidChecksum):
        resident_id.validate_masked("11010519491231002 1")


def test_county_table_agrees_with_numdb() -> None:
    # The direct read of stdnum's GB/T 2260 table (fast cold start) and numdb's general reader
    # must know the same codes: every code in the table, its neighbours, and a spread of others.
    from stdnum import numdb

    table = resident_id._county_table()
    assert table is not None and len(table) > 3000
    db = numdb.get("cn/loc")

    def numdb_knows(code: str) -> bool:
        parts = db.info(code)
        return len(parts) == 2 and "county" in parts[1][1]

    codes = {f"{int(code) + step:06d}" for code in table for step in (-1, 0, 1)}
    codes |= {f"{n:06d}" for n in range(0, 1_000_000, 997)}
    assert {c for c in codes if 0 <= int(c) <= 999_999 and numdb_knows(c)} == codes & table


# Issue 13: the plain file is read by whole-text regex passes; any file gives `_read_lines`'s
# answer (the line-by-line reader, as numdb splits lines), and stdnum's own file takes the fast way.
LINE_PIECES = [
    "11 province=\"北京市\"", "44 province=\"广东省\"", "# a comment", "", "   ", "\t", "  0100 county=\"市辖区\"",
    "  0101 county=\"东城区\" x=\"1\"", "  0102 name=\"x\" county=\"y\"", "  0103 xcounty=\"z\"", "  0104",
    "  0105 county=\"unterminated", "  0106  county=\"two spaces\"", "  0107 county=\"a\"\u3000", " 0108 county=\"a\"",
    "   0109 county=\"a\"", "  01x0 county=\"a\"", "123 province=\"x\"", "1 province=\"x\"", "11\tprovince=\"x\"",
    "  0110 county=\"a\"\r", "\u2028", "  0111 county=\"\"", "  0112 a=\"county=\"x\"",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=12), st.sampled_from(["\n", "\r\n", "\n\n"]), st.booleans())
def test_county_table_plain_reading_is_the_line_reading(lines: list[str], sep: str, final: bool) -> None:
    text = sep.join(lines) + (sep if final else "")
    assert resident_id._read_table(text) == resident_id._read_lines(text)
    assert resident_id._read_plain(text) in (None, resident_id._read_lines(text))


def test_stdnums_table_is_read_the_plain_way() -> None:
    from importlib import resources

    text = (resources.files("stdnum") / "cn" / "loc.dat").read_text(encoding="utf-8")
    plain = resident_id._read_plain(text)
    assert plain is not None and plain == resident_id._read_lines(text) == resident_id._county_table()


# The codes shipped beside the module: those of the installed stdnum's table, used for that
# table only (its SHA-256), and any other table read as before.
def test_the_shipped_codes_are_the_installed_tables() -> None:
    data = resident_id._stdnum_table()
    shipped = resident_id._shipped_codes(data)
    assert shipped is not None, "stdnum's cn/loc.dat changed: run scripts/gbt2260_codes.py"
    assert shipped == resident_id._read_lines(data.decode("utf-8")) == resident_id._county_table()
    assert Path(resident_id.CODES_FILE).read_text(encoding="ascii") == resident_id.shipped_codes_text(data)


def test_the_shipped_codes_are_not_used_for_another_table(monkeypatch: pytest.MonkeyPatch) -> None:
    data = resident_id._stdnum_table()
    other = data.replace(b'  0101 county="', b'  0199 county="', 1)  # one county renumbered
    assert other != data and resident_id._shipped_codes(other) is None
    monkeypatch.setattr(resident_id, "_stdnum_table", lambda: other)
    resident_id._county_table.cache_clear()
    try:
        table = resident_id._county_table()
        assert table == resident_id._read_lines(other.decode("utf-8"))
        assert table is not None and "110199" in table and "110101" not in table
    finally:
        monkeypatch.undo()
        resident_id._county_table.cache_clear()


def test_a_damaged_codes_file_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = resident_id._stdnum_table()
    for damaged in (b"", b"sha256 0000\n110101\n", b"\xff\xfe"):
        (tmp_path / "codes.txt").write_bytes(damaged)
        monkeypatch.setattr(resident_id, "CODES_FILE", str(tmp_path / "codes.txt"))
        assert resident_id._shipped_codes(data) is None
    monkeypatch.setattr(resident_id, "CODES_FILE", str(tmp_path / "absent.txt"))
    assert resident_id._shipped_codes(data) is None
