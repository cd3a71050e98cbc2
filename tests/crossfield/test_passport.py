"""Cross-field rules of passports: MRZ ↔ printed fields, and validity (issue + 10/5 years − 1 day)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrcheck import Result
from ocrcheck.checks.mrz import check_digit
from ocrcheck.crossfield import RuleParams, get_rule
from ocrcheck.crossfield._util import as_date
from ocrcheck.pipeline import check as _check

from ..conftest import SUITE_TODAY


def check(doc_type: str, data: Any, **options: Any) -> Result:
    """Judged on the last day of the document's validity (when it is a date after the start):
    these tests are about validity lengths and dates in order, not about expiry, which
    `test_validity.py` tests. A document that ends before it starts is judged on the suite's day."""
    start, end = as_date(data.get("issue_date")), as_date(data.get("expiry_date"))
    if "as_of" not in options and start is not None and end is not None and end >= start:
        options["as_of"] = end
    return _check(doc_type, data, **options)


def mrz_line1(surname: str, given: str, state: str = "CHN") -> str:
    return f"P<{state}{surname}<<{given}".ljust(44, "<")


def mrz_line2(number: str, nationality: str, birth: str, sex: str, expiry: str, personal: str = "") -> str:
    """A TD3 line 2 with every check digit computed (ICAO 9303 7-3-1)."""
    num, pers = number.ljust(9, "<"), personal.ljust(14, "<")
    body = (
        num + check_digit(num) + nationality + birth + check_digit(birth) + sex + expiry + check_digit(expiry)
        + pers + (check_digit(pers) if personal else "<")
    )  # fmt: skip
    return body + check_digit(body[0:10] + body[13:20] + body[21:43])


def passport(**changes: Any) -> dict[str, Any]:
    data = {
        "passport_type": "P",
        "country_code": "CHN",
        "passport_number": "EA1234567",
        "surname": "ZHANG",
        "given_names": "SAN",
        "name_cn": "张三",
        "sex": "男/M",
        "nationality": "中国/CHINESE",
        "birth_date": "15 3月/MAR 1990",
        "birth_place": "北京/BEIJING",
        "issue_date": "20 5月/MAY 2019",
        "issue_place": "北京/BEIJING",
        "expiry_date": "19 5月/MAY 2029",
        "issuing_authority": "中华人民共和国国家移民管理局",
        "mrz_line1": mrz_line1("ZHANG", "SAN"),
        "mrz_line2": mrz_line2("EA1234567", "CHN", "900315", "M", "290519"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


def pairs(result: Any) -> set[tuple[str, str]]:
    return {(f.field, f.code) for f in result.findings if f.severity in ("error", "warning")}


def test_generator_matches_the_icao_specimen() -> None:
    # Doc 9303 "Utopia" specimen (domain.md §1.3): the helper must reproduce it exactly.
    expected = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
    assert mrz_line2("L898902C3", "UTO", "740812", "F", "120415", "ZE184226B") == expected


def test_clean_passport_passes() -> None:
    result = check("cn_passport", passport())
    assert result.status == "pass", result.findings
    assert result.fields["birth_date"] == "1990-03-15"
    assert result.fields["expiry_date"] == "2029-05-19"
    assert result.fields["sex"] == "M"


def test_labels_map_to_keys() -> None:
    data = passport()
    labelled = {
        "护照号码": data.pop("passport_number"),
        "姓": data.pop("surname"),
        "Given Names": data.pop("given_names"),
        "有效期至": data.pop("expiry_date"),
        "MRZ Line 2": data.pop("mrz_line2"),
        **data,
    }
    result = check("cn_passport", labelled)
    assert result.status == "pass", result.findings


# ------------------------------------------------------------------- mrz_matches_printed


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"passport_number": "EA1234568"}, "passport_number"),
        ({"birth_date": "16 3月/MAR 1990"}, "birth_date"),
        ({"sex": "女/F"}, "sex"),
        ({"surname": "ZHENG"}, "surname"),
        ({"nationality": "日本/JAPANESE"}, "nationality"),
        ({"country_code": "JPN"}, "country_code"),
    ],
)
def test_each_disagreement_names_the_printed_field(change: dict[str, str], field: str) -> None:
    result = check("cn_passport", passport(**change))
    assert pairs(result) == {(field, "mismatch")}
    assert result.findings[0].rule == "mrz_matches_printed"


def test_expiry_disagreement() -> None:
    # 2029-05-20 is still a valid length (±1 day), so only the MRZ comparison speaks.
    result = check("cn_passport", passport(expiry_date="2029-05-20"))
    assert pairs(result) == {("expiry_date", "mismatch")}
    found = result.findings[0]
    assert found.variant == "mrz_expiry_date"
    assert (found.ctx["in_mrz"], found.ctx["printed_mrz"]) == ("290519", "290520")


def test_all_disagreements_are_separate_findings() -> None:
    result = check(
        "cn_passport",
        passport(passport_number="EA7654321", birth_date="1991-03-15", sex="F", surname="LI", expiry_date="2029-05-18"),
    )
    assert pairs(result) == {
        ("passport_number", "mismatch"),
        ("birth_date", "mismatch"),
        ("sex", "mismatch"),
        ("surname", "mismatch"),
        ("expiry_date", "mismatch"),
    }


def test_number_mismatch_message_does_not_print_the_number() -> None:
    result = check("cn_passport", passport(passport_number="EA1234568"))
    found = result.findings[0]
    assert found.variant == "mrz_number" and found.ctx == {"position": 9}  # where, not what
    for lang in ("en", "zh"):
        shown = check("cn_passport", passport(passport_number="EA1234568"), lang=lang).findings[0].message
        assert "EA1234567" not in shown and "EA1234568" not in shown


@pytest.mark.parametrize("surname", ["zhang", "ZHANG ", "Z HANG", "张/ZHANG"])
def test_surname_compared_folded(surname: str) -> None:
    assert check("cn_passport", passport(surname=surname)).status == "pass"


def test_compound_surname_folded() -> None:
    data = passport(surname="OU YANG", mrz_line1=mrz_line1("OUYANG", "XIAO<MING"))
    assert check("cn_passport", data).status == "pass"


def test_surname_in_hanzi_only_is_not_compared() -> None:
    assert check("cn_passport", passport(surname="张")).status == "pass"


def test_bad_check_digit_is_one_finding_on_the_line() -> None:
    line = mrz_line2("EA1234567", "CHN", "900315", "M", "290519")
    broken = line[:9] + str((int(line[9]) + 1) % 10) + line[10:]
    result = check("cn_passport", passport(mrz_line2=broken, passport_number="EA1234568"))
    # The MRZ is untrusted, so no comparison piles a mismatch on the printed number.
    assert pairs(result) == {("mrz_line2", "checksum")}


def test_mrz_nationality_other_than_chn() -> None:
    line = mrz_line2("EA1234567", "JPN", "900315", "M", "290519")
    assert pairs(check("cn_passport", passport(mrz_line2=line))) == {("nationality", "mismatch")}
    # No printed nationality: the finding lands on the MRZ line itself.
    assert pairs(check("cn_passport", passport(mrz_line2=line, nationality=...))) == {("mrz_line2", "mismatch")}


def test_mrz_issuing_state_without_printed_code() -> None:
    result = check("cn_passport", passport(mrz_line1=mrz_line1("ZHANG", "SAN", "UTO"), country_code=...))
    assert pairs(result) == {("mrz_line1", "mismatch")}


def test_rule_on_the_icao_specimen_directly() -> None:
    rule = get_rule("mrz_matches_printed")
    params = RuleParams(
        "mrz_matches_printed",
        "error",
        {
            "mrz_line1": "l1",
            "mrz_line2": "l2",
            "passport_number": "no",
            "birth_date": "dob",
            "expiry_date": "exp",
            "sex": "sex",
            "surname": "surname",
        },
    )
    fields = {
        "l1": "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "l2": "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
        "no": "L898902C3",
        "dob": "1974-08-12",
        "exp": "2012-04-15",
        "sex": "F",
        "surname": "Eriksson",
    }
    assert rule.func(fields, params) == []
    wrong = {**fields, "no": "L898902C8", "dob": "1974-08-21", "exp": "2013-04-15", "sex": "M", "surname": "ERIKSON"}
    assert {f.field for f in rule.func(wrong, params)} == {"no", "dob", "exp", "sex", "surname"}
    # A line of the wrong length (never trusted in practice) is ignored rather than misread.
    assert rule.func({**wrong, "l2": "L898902C36UTO"}, params) == []


# --------------------------------------------------------------------- passport_validity


def _dated(birth: date, issue: date, expiry: date, **changes: Any) -> dict[str, Any]:
    yymmdd = "%y%m%d"
    line2 = mrz_line2("EA1234567", "CHN", birth.strftime(yymmdd), "M", expiry.strftime(yymmdd))
    values = {
        "birth_date": birth.isoformat(),
        "issue_date": issue.isoformat(),
        "expiry_date": expiry.isoformat(),
        "mrz_line2": line2,
    }
    return passport(**{**values, **changes})


def _years(day: date, years: int) -> date:
    return day.replace(year=day.year + years)


@pytest.mark.parametrize(("offset", "ok"), [(-2, False), (-1, True), (0, True), (1, True), (2, False)])
def test_adult_ten_years_minus_one_day_with_tolerance(offset: int, ok: bool) -> None:
    issue = date(2019, 5, 20)
    expiry = date(2029, 5, 19) + timedelta(days=offset)
    result = check("cn_passport", _dated(date(1990, 3, 15), issue, expiry))
    assert (result.status == "pass") is ok, result.findings
    if not ok:
        assert pairs(result) == {("expiry_date", "mismatch")}
        assert result.findings[0].rule == "passport_validity"
        assert result.findings[0].ctx["expected"] == ["2029-05-19"]


def test_minor_gets_five_years() -> None:
    birth, issue = date(2015, 6, 10), date(2019, 8, 8)
    assert check("cn_passport", _dated(birth, issue, date(2024, 8, 7))).status == "pass"
    result = check("cn_passport", _dated(birth, issue, date(2029, 8, 7)))
    assert pairs(result) == {("expiry_date", "mismatch")}
    assert result.findings[0].variant == "validity_years_age"
    assert (result.findings[0].ctx["expected"], result.findings[0].ctx["age"]) == (["2024-08-07"], 4)


@pytest.mark.parametrize(("offset", "years"), [(-1, 5), (0, 10)])
def test_sixteenth_birthday_boundary(offset: int, years: int) -> None:
    birth = date(2004, 11, 30)
    issue = _years(birth, 16) + timedelta(days=offset)
    right = _years(issue, years) - timedelta(days=1)
    wrong = _years(issue, 15 - years) - timedelta(days=1)
    assert check("cn_passport", _dated(birth, issue, right)).status == "pass"
    assert pairs(check("cn_passport", _dated(birth, issue, wrong))) == {("expiry_date", "mismatch")}


def test_without_birth_date_either_length_is_accepted() -> None:
    issue = date(2019, 5, 20)
    for expiry in (date(2024, 5, 19), date(2029, 5, 19)):
        data = _dated(date(1990, 3, 15), issue, expiry)
        data["birth_date"] = "1990-02-30"  # not a date: untrusted, so the age is unknown
        assert pairs(check("cn_passport", data)) == {("birth_date", "date")}, expiry
    data = _dated(date(1990, 3, 15), issue, date(2026, 5, 19))
    data["birth_date"] = "1990-02-30"
    assert pairs(check("cn_passport", data)) == {("birth_date", "date"), ("expiry_date", "mismatch")}


def test_leap_day_issue() -> None:
    # Issued 2016-02-29 → anniversary 2026-02-28 → expiry 2026-02-27 (±1 day).
    birth, issue = date(1980, 1, 1), date(2016, 2, 29)
    for expiry in (date(2026, 2, 26), date(2026, 2, 27), date(2026, 2, 28)):
        assert check("cn_passport", _dated(birth, issue, expiry)).status == "pass", expiry
    assert check("cn_passport", _dated(birth, issue, date(2026, 3, 1))).status == "review"


def test_expiry_before_issue_is_a_date_finding_and_expired() -> None:
    result = check("cn_passport", _dated(date(1990, 3, 15), date(2019, 5, 20), date(2009, 5, 19)))
    assert pairs(result) == {("expiry_date", "date"), ("expiry_date", "expired")}  # 2009 is long past, too


def test_issue_before_birth() -> None:
    result = check("cn_passport", _dated(date(1990, 3, 15), date(1989, 5, 20), date(1999, 5, 19)))
    assert pairs(result) == {("issue_date", "date")}


@pytest.mark.parametrize("number", ["EA1234567", "E12345678", "G12345678", "PE1234567"])
def test_passport_number_series(number: str) -> None:
    line = mrz_line2(number, "CHN", "900315", "M", "290519")
    assert check("cn_passport", passport(passport_number=number, mrz_line2=line)).status == "pass"


def test_passport_number_with_a_letter_for_a_digit() -> None:
    result = check("cn_passport", passport(passport_number="EA1234S67"))
    assert pairs(result) == {("passport_number", "format")}  # the MRZ comparison does not pile on
    assert result.findings[0].suggestion == "EA1234567"


@settings(max_examples=150, deadline=None)
@given(
    birth=st.dates(date(1940, 1, 1), date(2015, 12, 31)),
    age_days=st.integers(1, 70 * 366),
    offset=st.integers(-4, 4),
)
def test_generated_validity(birth: date, age_days: int, offset: int) -> None:
    """Any holder, any issue day: issue + 5/10 years − 1 day (by age) ±1 passes; ±2 or more fails."""
    issue = birth + timedelta(days=age_days)
    if issue > SUITE_TODAY:
        return
    age = issue.year - birth.year - ((issue.month, issue.day) < (birth.month, birth.day))
    years = 5 if age < 16 else 10
    anniversary = (
        issue.replace(year=issue.year + years)
        if (issue.month, issue.day) != (2, 29)
        else date(issue.year + years, 2, 28)
    )
    expiry = anniversary - timedelta(days=1) + timedelta(days=offset)
    result = check("cn_passport", _dated(birth, issue, expiry))
    if abs(offset) <= 1:
        assert result.status == "pass", result.findings
    else:
        assert pairs(result) == {("expiry_date", "mismatch")}


# ------------------------------------------------------------- TD2 and TD1 against the page
# ICAO Doc 9303 Part 11 Appendix D.2 examples 1 and 3 (numbers longer than 9 characters).
D2_TD2 = ("I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<", "D23145890<UTO3407127M95071227349<<<8")
D2_TD1 = (
    "I<UTOD23145890<7349<<<<<<<<<<<",
    "3407127M9507122UTO<<<<<<<<<<<2",
    "STEVENSON<<PETER<JOHN<<<<<<<<<",
)
CARD_PARAMS = {
    "mrz_line1": "l1",
    "mrz_line2": "l2",
    "mrz_line3": "l3",
    "document_number": "no",
    "birth_date": "dob",
    "expiry_date": "exp",
    "sex": "sex",
    "surname": "surname",
    "nationality": "nat",
}
CARD_PAGE = {"no": "D23145890734", "dob": "1934-07-12", "exp": "1995-07-12", "sex": "M", "surname": "Stevenson"}


def _card(options: dict[str, Any], **fields: Any) -> list[Any]:
    rule = get_rule("mrz_matches_printed")
    return rule.func(fields, RuleParams("mrz_matches_printed", "error", {**CARD_PARAMS, **options}))


@pytest.mark.parametrize("lines", [D2_TD2, D2_TD1])
def test_card_specimens_agree_with_their_page(lines: tuple[str, ...]) -> None:
    zone = dict(zip(("l1", "l2", "l3"), lines, strict=False))
    assert _card({}, **zone, **CARD_PAGE, nat="UTO") == []
    wrong = {"no": "D23145890735", "dob": "1934-07-21", "exp": "1995-07-13", "sex": "F", "surname": "STEPHENSON"}
    found = _card({}, **zone, **wrong, nat="UTA")
    assert {f.field for f in found} == {"no", "dob", "exp", "sex", "surname", "nat"}
    # The whole overflowing number is compared, not its first nine characters.
    assert [f.field for f in _card({}, **zone, **{**CARD_PAGE, "no": "D23145890"})] == ["no"]


def test_td1_without_its_first_line_compares_what_line_2_holds() -> None:
    # Line 1 untrusted (failed its check) or absent: no number, no issuer; dates still compared.
    found = _card({}, l2=D2_TD1[1], l3=D2_TD1[2], **{**CARD_PAGE, "no": "X", "dob": "1934-07-13"})
    assert [f.field for f in found] == ["dob"]
    # Without line 3 there is no name to compare.
    assert _card({}, l1=D2_TD1[0], l2=D2_TD1[1], **{**CARD_PAGE, "surname": "OTHER"}) == []


def test_issuing_state_code_is_checked_apart_from_the_nationality() -> None:
    zone = dict(zip(("l1", "l2", "l3"), D2_TD1, strict=True))
    assert _card({"issuing_state_code": "UTO"}, **zone, **CARD_PAGE) == []
    found = _card({"issuing_state_code": "GBR"}, **zone, **CARD_PAGE)
    assert [(f.field, f.code) for f in found] == [("l1", "mismatch")]


def test_nationality_words_of_the_rule_file() -> None:
    rule = get_rule("mrz_matches_printed")
    line2 = mrz_line2("J8369854", "IND", "880412", "F", "280604")
    params = RuleParams(
        "mrz_matches_printed",
        "error",
        {"mrz_line2": "l2", "nationality": "nat", "nationality_code": "IND", "nationality_words": ["INDIAN", "भारतीय"]},
    )
    for printed in ("INDIAN", "भारतीय / INDIAN", "Indian", "IND"):
        assert rule.func({"l2": line2, "nat": printed}, params) == [], printed
    assert [f.field for f in rule.func({"l2": line2, "nat": "PAKISTANI"}, params)] == ["nat"]
    # A several-word nationality is matched whole.
    params = RuleParams(
        "mrz_matches_printed",
        "error",
        {"mrz_line2": "l2", "nationality": "nat", "nationality_code": "USA",
         "nationality_words": ["UNITED STATES OF AMERICA"]},
    )  # fmt: skip
    usa = mrz_line2("561234789", "USA", "880412", "M", "290304")
    assert rule.func({"l2": usa, "nat": "United States of America"}, params) == []
    assert rule.func({"l2": line2, "nat": "United States of America"}, params) != []


def test_td1_composite_rule() -> None:
    rule = get_rule("mrz_td1_composite")
    params = RuleParams("mrz_td1_composite", "error", {"mrz_line1": "l1", "mrz_line2": "l2"})
    assert rule.func({"l1": D2_TD1[0], "l2": D2_TD1[1]}, params) == []
    broken = D2_TD1[1][:29] + "3"
    found = rule.func({"l1": D2_TD1[0], "l2": broken}, params)
    assert [(f.field, f.code) for f in found] == [("l2", "checksum")]
    # A changed line 1 (optional data the line's own digit does not cover) breaks it too.
    assert rule.func({"l1": D2_TD1[0][:20] + "B" + D2_TD1[0][21:], "l2": D2_TD1[1]}, params) != []
    # Either line missing or untrusted: nothing to say.
    assert rule.func({"l2": broken}, params) == []
    assert rule.func({"l1": D2_TD1[0][:29], "l2": broken}, params) == []
