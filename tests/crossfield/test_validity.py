"""Expiry (`not_expired`) and the one clock: `as_of` in the library, `--as-of` on the command line.

No test reads the real date: the suite's clock says `SUITE_TODAY`, and every other day is given.
"""

from __future__ import annotations

import asyncio
import doctest
import json
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.iso7064 import mod_11_2

import ocrcheck
from ocrcheck import clock
from ocrcheck.cli import main
from ocrcheck.crossfield import validity
from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.crossfield.validity import last_valid_day, not_expired
from ocrcheck.doctypes import get_doctype, list_doctypes

from ..conftest import SUITE_TODAY

ROOT = Path(__file__).resolve().parent.parent.parent
RESIDENT = ROOT / "fixtures" / "cn_resident_id"


def resident(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "张三",
        "sex": "男",
        "ethnicity": "汉",
        "birth_date": "1990-03-15",
        "address": "北京市东城区景山前街4号",
        "id_number": "110101199003151233",
        "issuing_authority": "北京市公安局东城分局",
        "valid_from": "2006-07-01",
        "valid_until": "2016-07-01",
    }
    data.update(changes)
    return data


def found(result: ocrcheck.Result) -> set[tuple[str, str, str]]:
    return {(f.field, f.code, f.severity) for f in result.findings}


def expired_on(until: Any, on: date, **params: Any) -> list[tuple[str, str]]:
    fields = {"until": until, **{k: v for k, v in params.items() if k in ("start", "whole")}}
    options = {"valid_until": "until", **{k: v for k, v in params.items() if k not in ("start", "whole")}}
    with clock.judged_on(on):
        return [(f.field, f.code) for f in not_expired(fields, RuleParams("not_expired", "error", options))]


def test_doctests() -> None:
    assert doctest.testmod(validity).failed == 0


# ------------------------------------------------------------------------------ the rule


def test_the_last_day_of_validity_still_counts() -> None:
    assert expired_on("2016-07-01", date(2016, 7, 1)) == []
    assert expired_on("2016-07-01", date(2016, 7, 2)) == [("until", "expired")]


@pytest.mark.parametrize(
    ("until", "last_day"),
    [
        ("12/28", date(2028, 12, 31)),  # payment card MM/YY: through the end of the month
        ("02/28", date(2028, 2, 29)),  # a leap year's February
        ("2030年2月", date(2030, 2, 28)),  # social security card, month precision
        ("2029-06", date(2029, 6, 30)),
        ("2029", date(2029, 12, 31)),  # INE vigencia: a year
    ],
)
def test_months_and_years_run_to_their_last_day(until: str, last_day: date) -> None:
    assert last_valid_day(until) == last_day
    assert expired_on(until, last_day) == []
    assert expired_on(until, last_day + timedelta(days=1)) == [("until", "expired")]


@pytest.mark.parametrize("until", ["长期", "長期", "长期有效", "SEUMUR HIDUP", "Seumur Hidup", "LIFETIME"])
def test_no_end_never_expires(until: str) -> None:
    assert expired_on(until, date(2999, 1, 1)) == []


@pytest.mark.parametrize("until", [None, "", "soon", "13/28", 2016, "2016-02-30"])
def test_an_unreadable_end_is_not_this_rules_finding(until: Any) -> None:
    assert expired_on(until, date(2999, 1, 1)) == []


def test_text_end_read_in_the_types_date_order() -> None:
    assert expired_on("17-08-2027", date(2027, 8, 18), date_order="dmy") == [("until", "expired")]
    assert expired_on("08-17-2027", date(2027, 8, 17), date_order="mdy") == []


def test_not_yet_valid_is_a_date_finding_on_the_start() -> None:
    assert expired_on("2036-07-01", date(2016, 6, 30), valid_from="start", start="2016-07-01") == [("start", "date")]
    assert expired_on("2036-07-01", date(2016, 7, 1), valid_from="start", start="2016-07-01") == []


def test_a_whole_period_gives_both_ends() -> None:
    params = {"period": "whole"}
    assert expired_on(None, date(2016, 7, 2), whole="2006.07.01-2016.07.01", **params) == [("whole", "expired")]
    assert expired_on(None, date(2006, 6, 30), whole="2006.07.01-2016.07.01", **params) == [("whole", "date")]
    assert expired_on(None, date(2099, 1, 1), whole="2010.05.05-长期", **params) == []


@given(st.dates(date(1950, 1, 1), date(2100, 12, 31)), st.integers(-4000, 4000))
def test_expired_exactly_when_the_end_is_before_the_day(end: date, offset: int) -> None:
    on = end + timedelta(days=offset)
    assert (expired_on(end.isoformat(), on) == [("until", "expired")]) is (end < on)


# ---------------------------------------------------------------- rule files and the engine


EXPIRY_FIELDS = ("expiry_date", "valid_until", "expiry_year")


@pytest.mark.parametrize("doc_type", list_doctypes())
def test_every_type_with_an_end_of_validity_checks_it(doc_type: str) -> None:
    doctype = get_doctype(doc_type)
    ends = [f for f in EXPIRY_FIELDS if f in doctype.fields]
    checked = {use.options["valid_until"] for use in doctype.cross if use.name == "not_expired"}
    assert set(ends) == checked, f"{doc_type}: the end of validity {ends} is not checked against as_of"


def test_expired_resident_id_library() -> None:
    result = ocrcheck.check("cn_resident_id", resident(), as_of=date(2024, 1, 1))
    assert result.status == "review"
    assert ("valid_until", "expired", "error") in found(result)
    assert result.meta["as_of"] == "2024-01-01"
    # The same card on a day it was valid passes; a string date works as well.
    earlier = ocrcheck.check("cn_resident_id", resident(), as_of="2016-07-01")
    assert earlier.status == "pass", earlier.findings
    assert earlier.meta["as_of"] == "2016-07-01"


def test_not_yet_valid_resident_id_is_a_date_finding() -> None:
    result = ocrcheck.check("cn_resident_id", resident(), as_of=date(2006, 6, 30))
    assert ("valid_from", "date", "error") in found(result)
    assert "expired" not in result.codes()


def test_long_term_card_never_expires() -> None:
    body = "11010119600101001"  # born 1960-01-01: 50 at issue, so 长期 (居民身份证法 第五条)
    card = resident(birth_date="1960-01-01", id_number=body + mod_11_2.calc_check_digit(body),
                    valid_from="2010-05-05", valid_until="长期")
    result = ocrcheck.check("cn_resident_id", card, as_of="2099-01-01")
    assert result.status == "pass", result.findings


def test_a_train_ticket_has_no_expiry() -> None:
    ticket = json.loads((ROOT / "fixtures" / "cn_train_ticket" / "clean.fields.json").read_text("utf-8"))
    assert ocrcheck.check("cn_train_ticket", ticket, as_of="2099-01-01").status == "pass"


def test_as_of_is_the_clock_only_during_the_check() -> None:
    ocrcheck.check("cn_resident_id", resident(), as_of=date(2001, 1, 1))
    assert clock.today() == SUITE_TODAY


def test_default_as_of_is_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "system_today", lambda: date(2016, 7, 2))
    result = ocrcheck.check("cn_resident_id", resident())
    assert result.meta["as_of"] == "2016-07-02"
    assert "expired" in result.codes()
    monkeypatch.setattr(clock, "system_today", lambda: date(2016, 7, 1))
    assert ocrcheck.check("cn_resident_id", resident()).status == "pass"


@pytest.mark.parametrize("bad", ["2024-13-01", "tomorrow", "2024/01/01", "", 20240101])
def test_bad_as_of_is_a_usage_error(bad: Any) -> None:
    with pytest.raises(ocrcheck.InputError):
        ocrcheck.check("cn_resident_id", resident(), as_of=bad)
    with pytest.raises(ocrcheck.InputError):
        ocrcheck.check_response(json.dumps(resident()), "cn_resident_id", as_of=bad)


def test_unparseable_answers_record_as_of_too() -> None:
    result = ocrcheck.check_response("no fields here", "cn_resident_id", as_of="2020-02-02")
    assert result.status == "review" and result.meta["as_of"] == "2020-02-02"
    auto = ocrcheck.check("auto", resident(), as_of="2024-01-01")
    assert auto.doc_type == "cn_resident_id" and auto.meta["as_of"] == "2024-01-01"
    assert "expired" in auto.codes()


def test_two_digit_years_follow_as_of() -> None:
    """The century of `01/02/30` is the latest that is not after the day judged on."""
    doc = {"id_number": "1234567890123", "name": "Somchai", "birth_date": "01/02/30"}
    late = ocrcheck.check("th_id", doc, as_of="2031-01-01").fields["birth_date"]
    early = ocrcheck.check("th_id", doc, as_of="2029-01-01").fields["birth_date"]
    assert (late, early) == ("2030-02-01", "1930-02-01")


def test_each_thread_and_task_judges_on_its_own_day() -> None:
    days = [date(2010 + i, 1, 1) for i in range(8)]
    seen: dict[date, str] = {}

    def one(day: date) -> None:
        seen[day] = ocrcheck.check("cn_resident_id", resident(), as_of=day).meta["as_of"]

    threads = [threading.Thread(target=one, args=(d,)) for d in days]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {d: d.isoformat() for d in days}

    async def task(day: date) -> str:
        await asyncio.sleep(0)
        with clock.judged_on(day):
            await asyncio.sleep(0)  # another task runs here with its own day
            return clock.today().isoformat()

    async def all_of() -> list[str]:
        return list(await asyncio.gather(*(task(d) for d in days)))

    assert asyncio.run(all_of()) == [d.isoformat() for d in days]


# ---------------------------------------------------------------------------- command line


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_check_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    clean = str(RESIDENT / "clean.fields.json")  # valid 2016-07-01 to 2036-07-01
    code, out, _ = run_cli(capsys, "check", "-t", "cn_resident_id", "-f", "json", "--as-of", "2036-07-02", clean)
    doc = json.loads(out)
    assert code == 1
    assert doc["meta"]["as_of"] == "2036-07-02"
    assert {(f["field"], f["code"]) for f in doc["findings"]} == {("valid_until", "expired")}
    code, out, _ = run_cli(capsys, "check", "-t", "cn_resident_id", "-f", "json", "--as-of", "2036-07-01", clean)
    assert code == 0 and json.loads(out)["meta"]["as_of"] == "2036-07-01"


def test_cli_expired_fixture_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", "-t", "cn_resident_id", "--as-of", "2024-01-01",
                           str(RESIDENT / "expired.dashscope.json"))
    assert code == 1
    assert "expired" in out and "valid_until" in out and "2016-07-01" in out


def test_cli_default_as_of_is_one_day_for_the_whole_run(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(RESIDENT / n) for n in ("clean.fields.json", "expired.fields.json")]
    code, out, _ = run_cli(capsys, "check", "-t", "cn_resident_id", "-f", "json", *files)
    assert code == 1
    assert [json.loads(line)["meta"]["as_of"] for line in out.splitlines()] == [SUITE_TODAY.isoformat()] * 2


@pytest.mark.parametrize("command", [("check", "-t", "cn_resident_id"), ("scan", "-t", "cn_resident_id"),
                                     ("batch", "-t", "cn_resident_id", "--out", "never.jsonl")])
def test_cli_bad_as_of_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], command: tuple[str, ...],
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DASHSCOPE_API_KEY", "sk-test-not-used")
    code, out, err = run_cli(capsys, *command, "--as-of", "2024-02-30", str(RESIDENT / "clean.fields.json"))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "as_of" in err
    assert not (tmp_path / "never.jsonl").exists()
