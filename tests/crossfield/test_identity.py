"""Cross-field rules of identity cards: resident ID number ↔ birth date and sex, validity by age;
plus the HK ID and bank card types (field checks and date order)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.iso7064 import mod_11_2

from ocrcheck import Result
from ocrcheck.crossfield import identity
from ocrcheck.crossfield._util import add_years, age_on, as_date
from ocrcheck.crossfield.identity import validity_years
from ocrcheck.pipeline import check as _check

from ..conftest import SUITE_TODAY


def check(doc_type: str, data: Any, **options: Any) -> Result:
    """Judged on the last day of the document's validity (when it is a date after the start):
    these tests are about validity lengths and dates in order, not about expiry, which
    `test_validity.py` tests. A document that ends before it starts is judged on the suite's day."""
    start, end = as_date(data.get("valid_from")), as_date(data.get("valid_until"))
    if "as_of" not in options and start is not None and end is not None and end >= start:
        options["as_of"] = end
    return _check(doc_type, data, **options)


def make_id(birth: date, sequence: str = "123", region: str = "110101") -> str:
    """A checksum-valid resident ID number (odd last sequence digit = male)."""
    body = f"{region}{birth:%Y%m%d}{sequence}"
    return body + mod_11_2.calc_check_digit(body)


CLEAN_ID = "110101199003151233"  # born 1990-03-15, male


def resident(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "张三",
        "sex": "男",
        "ethnicity": "汉",
        "birth_date": "1990-03-15",
        "address": "北京市东城区景山前街4号",
        "id_number": CLEAN_ID,
        "issuing_authority": "北京市公安局东城分局",
        "valid_from": "2016-07-01",
        "valid_until": "2036-07-01",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


def pairs(result: Any) -> set[tuple[str, str]]:
    return {(f.field, f.code) for f in result.findings if f.severity in ("error", "warning")}


def test_clean_card_passes_with_normalised_fields() -> None:
    result = check("cn_resident_id", resident(出生="1990年3月15日", birth_date=...))
    assert result.status == "pass", result.findings
    assert result.fields["birth_date"] == "1990-03-15"
    assert result.fields["sex"] == "M"


def test_id_known_vector_passes() -> None:
    # GB 11643's own example: born 1949-12-31, female (sequence 002).
    data = resident(
        id_number="11010519491231002X", birth_date="1949-12-31", sex="女", valid_from="2010-01-05", valid_until="长期"
    )
    assert check("cn_resident_id", data).status == "pass"


# ------------------------------------------------------------------ resident_id_birth_date


def test_birth_date_disagreeing_with_the_number() -> None:
    result = check("cn_resident_id", resident(birth_date="1990-03-16"))
    assert pairs(result) == {("birth_date", "mismatch")}
    finding = result.findings[0]
    assert finding.rule == "resident_id_birth_date"
    assert finding.variant == "id_birth_date"
    assert finding.ctx == {"printed": "1990-03-16", "in_number": "1990-03-15"}
    assert CLEAN_ID not in finding.message  # never the full number


def test_wrong_number_is_one_finding_not_a_cascade() -> None:
    # A bad check digit: the number is reported once; the rules that need it stay silent.
    result = check("cn_resident_id", resident(id_number=CLEAN_ID[:-1] + "4", birth_date="1990-03-16", sex="女"))
    assert pairs(result) == {("id_number", "checksum")}


# ------------------------------------------------------------------------ resident_id_sex


def test_sex_disagreeing_with_the_17th_digit() -> None:
    result = check("cn_resident_id", resident(sex="女"))
    assert pairs(result) == {("sex", "mismatch")}
    assert result.findings[0].ctx == {"printed": "F", "in_number": "M"}
    for lang in ("en", "zh"):
        assert CLEAN_ID not in check("cn_resident_id", resident(sex="女"), lang=lang).findings[0].message


def test_female_number_with_female_sex_passes() -> None:
    number = make_id(date(1990, 3, 15), "124")
    assert check("cn_resident_id", resident(id_number=number, sex="女")).status == "pass"
    assert pairs(check("cn_resident_id", resident(id_number=number, sex="男"))) == {("sex", "mismatch")}


# ----------------------------------------------------------------------- id_card_validity


@pytest.mark.parametrize(
    ("age", "years"), [(0, 5), (15, 5), (16, 10), (25, 10), (26, 20), (45, 20), (46, None), (80, None)]
)
def test_validity_table(age: int, years: int | None) -> None:
    assert validity_years(age) == years


def _card(birth: date, issued: date, until: str, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "birth_date": birth.isoformat(),
        "id_number": make_id(birth),
        "valid_from": issued.isoformat(),
        "valid_until": until,
    }
    return resident(**{**values, **changes})


def _shift(day: date, years: int) -> date:
    return day.replace(year=day.year + years)


@pytest.mark.parametrize(
    ("birthday_offset", "years"),
    [
        (-1, 5),  # the day before the 16th birthday: still 15 → 5 years
        (0, 10),  # on the 16th birthday → 10 years
    ],
)
def test_sixteenth_birthday_boundary(birthday_offset: int, years: int) -> None:
    birth = date(2000, 6, 10)
    issued = _shift(birth, 16) + timedelta(days=birthday_offset)
    good = _shift(issued, years).isoformat()
    assert check("cn_resident_id", _card(birth, issued, good)).status == "pass"
    other = 10 if years == 5 else 5
    bad = check("cn_resident_id", _card(birth, issued, _shift(issued, other).isoformat()))
    assert pairs(bad) == {("valid_until", "mismatch")}
    assert bad.findings[0].rule == "id_card_validity"
    assert bad.findings[0].variant == "id_validity_years"
    assert bad.findings[0].ctx["expected"] == _shift(issued, years).isoformat()


@pytest.mark.parametrize(("age", "years"), [(25, 10), (26, 20), (45, 20)])
def test_age_bands(age: int, years: int) -> None:
    birth = date(1970, 2, 3)
    issued = _shift(birth, age) + timedelta(days=30)
    assert check("cn_resident_id", _card(birth, issued, _shift(issued, years).isoformat())).status == "pass"
    wrong = 20 if years == 10 else 10
    assert pairs(check("cn_resident_id", _card(birth, issued, _shift(issued, wrong).isoformat()))) == {
        ("valid_until", "mismatch")
    }


def test_forty_sixth_birthday_means_long_term() -> None:
    birth = date(1960, 9, 1)
    issued = _shift(birth, 46)
    assert check("cn_resident_id", _card(birth, issued, "长期")).status == "pass"
    result = check("cn_resident_id", _card(birth, issued, _shift(issued, 20).isoformat()))
    assert pairs(result) == {("valid_until", "mismatch")}
    assert result.findings[0].variant == "id_validity_no_end" and result.findings[0].ctx["age"] == 46
    # One day before the 46th birthday the card is still a 20-year card: 长期 is wrong.
    early = issued - timedelta(days=1)
    assert check("cn_resident_id", _card(birth, early, _shift(early, 20).isoformat())).status == "pass"
    assert pairs(check("cn_resident_id", _card(birth, early, "长期"))) == {("valid_until", "mismatch")}


def test_long_term_spellings() -> None:
    birth = date(1950, 1, 1)
    for spelling in ("长期", "長期", "长期有效"):
        result = check("cn_resident_id", _card(birth, date(2010, 5, 5), spelling))
        assert result.status == "pass", (spelling, result.findings)
        assert result.fields["valid_until"] == "长期"


@pytest.mark.parametrize(("offset", "ok"), [(-2, False), (-1, True), (0, True), (1, True), (2, False)])
def test_one_day_tolerance(offset: int, ok: bool) -> None:
    birth = date(1990, 3, 15)
    issued = date(2016, 7, 1)
    until = (date(2036, 7, 1) + timedelta(days=offset)).isoformat()
    result = check("cn_resident_id", _card(birth, issued, until))
    assert (result.status == "pass") is ok, result.findings


def test_leap_day_issue() -> None:
    birth = date(1990, 3, 15)
    issued = date(2016, 2, 29)  # age 25 → 10 years → 2026-02-28 (or 03-01 within a day)
    for until in ("2026-02-28", "2026-03-01"):
        assert check("cn_resident_id", _card(birth, issued, until)).status == "pass", until
    assert check("cn_resident_id", _card(birth, issued, "2026-03-02")).status == "review"


def test_age_taken_from_the_number_when_birth_date_absent() -> None:
    birth = date(2008, 4, 1)
    issued = date(2020, 4, 2)  # age 12 → 5 years
    data = _card(birth, issued, "2025-04-02", birth_date=...)
    assert check("cn_resident_id", data).status == "review"  # birth_date is required …
    assert ("valid_until", "mismatch") not in pairs(check("cn_resident_id", data))  # … but validity agrees
    wrong = _card(birth, issued, "2030-04-02", birth_date=...)
    result = check("cn_resident_id", wrong)
    assert ("valid_until", "mismatch") in pairs(result)
    assert next(f.ctx["age_from"] for f in result.findings if f.field == "valid_until") == "id_number"


def test_validity_ignored_when_from_precedes_birth() -> None:
    # valid_from before birth: the date order rule speaks, the validity rule stays quiet.
    result = check("cn_resident_id", resident(valid_from="1989-01-01", valid_until="1994-01-01"))
    assert pairs(result) == {("valid_from", "date")}


def test_valid_until_before_valid_from() -> None:
    result = check("cn_resident_id", resident(valid_from="2016-07-01", valid_until="2006-07-01"))
    # One date finding, not a second from the validity rule; the end, 2006, is also long past.
    assert pairs(result) == {("valid_until", "date"), ("valid_until", "expired")}


# -------------------------------------------------------------------------- field policy


def test_masked_number_is_an_error_on_this_card() -> None:
    result = check("cn_resident_id", resident(id_number="1101011990****1233"))
    assert pairs(result) == {("id_number", "masked")}


def test_unknown_region_is_only_a_warning() -> None:
    number = make_id(date(1990, 3, 15), region="110199")
    result = check("cn_resident_id", resident(id_number=number))
    assert result.status == "pass"
    assert pairs(result) == {("id_number", "format")}
    assert result.findings[0].severity == "warning"


def test_one_illegible_character_gets_a_suggestion() -> None:
    result = check("cn_resident_id", resident(id_number=CLEAN_ID[:9] + "?" + CLEAN_ID[10:]))
    assert pairs(result) == {("id_number", "illegible")}
    assert result.findings[0].suggestion == CLEAN_ID


# ----------------------------------------------------------------------------------- hk_id


def hk(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "CHAN, Tai Man",
        "name_cn": "陳大文",
        "id_number": "A123456(3)",
        "birth_date": "15-09-1985",
        "sex": "M",
        "issue_date": "20-11-2018",
    }
    data.update(changes)
    return data


def test_hk_id_clean_reads_dates_day_first() -> None:
    result = check("hk_id", hk())
    assert result.status == "pass", result.findings
    assert result.fields["birth_date"] == "1985-09-15"
    assert result.fields["issue_date"] == "2018-11-20"
    assert result.fields["id_number"] == "A123456(3)"


@pytest.mark.parametrize("number", ["CA182361(1)", "D360546(A)", "TP149025(8)", "G123456(A)", "TP1490258"])
def test_hk_id_published_vectors(number: str) -> None:
    assert check("hk_id", hk(id_number=number)).status == "pass"


def test_hk_id_checksum_and_date_order() -> None:
    assert pairs(check("hk_id", hk(id_number="TP149025(3)"))) == {("id_number", "checksum")}
    assert pairs(check("hk_id", hk(issue_date="14-09-1985"))) == {("issue_date", "date")}
    assert pairs(check("hk_id", hk(issue_date="15-09-1985"))) == {("issue_date", "date")}  # strict
    assert pairs(check("hk_id", hk(birth_date="31-02-1985"))) == {("birth_date", "date")}


# ------------------------------------------------------------------------------- bank_card


def card(**changes: Any) -> dict[str, Any]:
    data = {
        "card_number": "6228 4800 1234 5678 903",
        "bank_name": "中国农业银行",
        "cardholder_name": None,
        "expiry_date": "12/28",
    }
    data.update(changes)
    return data


def test_bank_card_clean() -> None:
    result = check("bank_card", card())
    assert result.status == "pass", result.findings
    assert result.fields["card_number"] == "6228480012345678903"
    assert result.fields["expiry_date"] == "12/28"


@pytest.mark.parametrize(
    "number", ["6200000000000005", "6205500000000000004", "4111111111111111", "5555555555554444", "378282246310005"]
)
def test_bank_card_published_vectors(number: str) -> None:
    assert check("bank_card", card(card_number=number)).status == "pass"


def test_bank_card_luhn_failure_goes_to_review() -> None:
    result = check("bank_card", card(card_number="6228480012345678904"))
    assert pairs(result) == {("card_number", "checksum")}
    assert result.findings[0].variant == "unionpay_luhn"


def test_bank_card_illegible_digit_is_repaired_when_unique() -> None:
    result = check("bank_card", card(card_number="62284800123456?8903"))
    assert pairs(result) == {("card_number", "illegible")}
    assert result.findings[0].suggestion == "6228480012345678903"


@pytest.mark.parametrize(("raw", "canonical"), [("3/29", "03/29"), ("VALID THRU 06/31", "06/31"), ("1228", "12/28")])
def test_bank_card_expiry_forms(raw: str, canonical: str) -> None:
    result = check("bank_card", card(expiry_date=raw))
    assert result.status == "pass", result.findings
    assert result.fields["expiry_date"] == canonical


@pytest.mark.parametrize(("raw", "code"), [("13/28", "date"), ("00/28", "date"), ("2028-12-31", "format")])
def test_bank_card_bad_expiry(raw: str, code: str) -> None:
    assert pairs(check("bank_card", card(expiry_date=raw))) == {("expiry_date", code)}


# ------------------------------------------------------------- chinese_commercial_code_count


@pytest.mark.parametrize("codes", ["7806 1420 2494", "780614202494", "7806-1420-2494"])
def test_commercial_codes_one_per_character(codes: str) -> None:
    assert pairs(check("hk_id", hk(name_cn="黃小明", ccc=codes))) == set()


@pytest.mark.parametrize("codes", ["7806 1420", "7806 1420 2494 1111", "7806 1420 249"])
def test_commercial_code_count_differs(codes: str) -> None:
    result = check("hk_id", hk(name_cn="黃小明", ccc=codes))
    assert pairs(result) == {("ccc", "mismatch")}
    assert result.status == "pass"  # a warning in hk_id
    assert result.findings[0].severity == "warning"


def test_commercial_codes_ignored_without_hanzi() -> None:
    assert pairs(check("hk_id", hk(name_cn="CHAN", ccc="7806"))) == set()


def test_hk_symbols_keep_their_stars() -> None:
    result = check("hk_id", hk(symbols="***AZ"))
    assert result.status == "pass" and result.fields["symbols"] == "***AZ"


# ------------------------------------------------------------------------------ card_network


@pytest.mark.parametrize(
    ("number", "network"),
    [
        ("6228480012345678903", "银联 UnionPay"),
        ("6228480012345678903", "银联/VISA"),  # co-branded: one mark is enough
        ("4111111111111111", "VISA"),
        ("5555555555554444", "MasterCard 万事达"),
        ("378282246310005", "AMERICAN EXPRESS"),
        ("4111111111111111", "Platinum"),  # no known mark: not compared
    ],
)
def test_network_mark_agrees(number: str, network: str) -> None:
    assert pairs(check("bank_card", card(card_number=number, network=network))) == set()


def test_network_mark_disagrees_is_a_warning() -> None:
    result = check("bank_card", card(card_number="4111111111111111", network="银联"))
    assert pairs(result) == {("network", "mismatch")}
    assert result.status == "pass"
    assert result.findings[0].ctx == {"printed": ["UnionPay"], "from_prefix": "Visa"}


# ---------------------------------------------------------------- generated cards (hypothesis)


@settings(max_examples=150, deadline=None)
@given(
    birth=st.dates(date(1930, 1, 1), date(2015, 12, 31)),
    age_days=st.integers(0, 80 * 366),
    offset=st.integers(-4, 4),
)
def test_generated_validity(birth: date, age_days: int, offset: int) -> None:
    """For any holder and issue day: the legal end date ±1 day passes, ±2 or more fails."""
    issued = birth + timedelta(days=age_days + 1)
    if issued > SUITE_TODAY:
        return
    years = validity_years(age_on(birth, issued))
    if years is None:
        until = "长期"
        assert check("cn_resident_id", _card(birth, issued, until)).status == "pass"
        until_wrong = add_years(issued, 20).isoformat()
        assert pairs(check("cn_resident_id", _card(birth, issued, until_wrong))) == {("valid_until", "mismatch")}
        return
    until_day = add_years(issued, years) + timedelta(days=offset)
    result = check("cn_resident_id", _card(birth, issued, until_day.isoformat()))
    if abs(offset) <= 1:
        assert result.status == "pass", result.findings
    else:
        assert pairs(result) == {("valid_until", "mismatch")}


# ----------------------------------------------------------- 有效期限 as one printed value


def _whole(period: str, **changes: Any) -> dict[str, Any]:
    return resident(valid_from=..., valid_until=..., 有效期限=period, **changes)


@pytest.mark.parametrize(
    "period", ["2016.07.01-2036.07.01", "2016.07.01—2036.06.30", "2016年07月01日至2036年07月01日", "20160701-20360701"]
)
def test_whole_period_is_read(period: str) -> None:
    result = check("cn_resident_id", _whole(period))
    assert result.status == "pass", result.findings
    assert result.fields["validity_period"] == period


def test_whole_period_wrong_length_names_the_period() -> None:
    result = check("cn_resident_id", _whole("2016.07.01-2026.07.01"))
    assert pairs(result) == {("validity_period", "mismatch")}
    assert result.findings[0].ctx["expected"] == "2036-07-01"


def test_whole_period_long_term() -> None:
    data = _whole("2015.04.10-长期", id_number="32010219680203342X", birth_date="1968-02-03", sex="女")
    assert check("cn_resident_id", data).status == "pass"
    assert pairs(check("cn_resident_id", _whole("2016.07.01-长期"))) == {("validity_period", "mismatch")}


def test_whole_period_reversed_is_a_date_finding() -> None:
    reversed_period = check("cn_resident_id", _whole("2036.07.01-2016.07.01"))
    assert pairs(reversed_period) == {("validity_period", "date"), ("validity_period", "expired")}


@pytest.mark.parametrize("period", ["2016.07.01", "至长期", "2016.02.30-2026.02.28", "一六年七月"])
def test_unreadable_period_is_not_guessed(period: str) -> None:
    assert pairs(check("cn_resident_id", _whole(period))) == set()


def test_split_fields_win_over_the_whole_period() -> None:
    # Both given: the split dates (which are right) decide; the whole value is not re-read.
    assert check("cn_resident_id", resident(有效期限="2016.07.01-2026.07.01")).status == "pass"


# The Chinese characters of a name are counted by block bounds, not a regex class (a cold start's
# cost): the same count as the class, at and around every bound.
_BOUNDS = [chr(c + d) for c in (0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xF900, 0xFAFF) for d in (-1, 0, 1)]


@given(st.lists(st.sampled_from(_BOUNDS) | st.characters(), max_size=20).map("".join))
def test_hanzi_are_counted_as_the_cjk_class_counts_them(name: str) -> None:
    han = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
    assert identity._hanzi_count(name) == len(han.findall(name))
