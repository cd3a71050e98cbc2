"""Issue 7, item 8: valid numbers that were rejected.

Vectors: the HK/Taiwan residence-permit specimens published by 北京市公安局 and the 2023 foreign
permanent resident ID example cited in `ocrcheck/checks/foreign_permanent_id.py` and
`hmt_residence_permit.py`; UnionPay's 8100-8171 range from the networks' BIN tables (domain.md
§6.1); generated numbers with their check characters computed by stdnum's Luhn / MOD 11-2.
"""

from __future__ import annotations

import random

import pytest
from stdnum import luhn
from stdnum.iso7064 import mod_11_2

from ocrcheck import check
from ocrcheck.checks import bank_card, hkid, person_id, tax_id

SPECIMENS = ["810000199408230021", "830000199201300022", "932682198501010017", "11010519491231002X"]


def errors(doc_type: str, fields: dict, field: str) -> list[str]:
    return [f.code for f in check(doc_type, fields).findings if f.field == field and f.severity == "error"]


def generated_foreign_ids(n: int) -> list[str]:
    rnd = random.Random(81)
    out = []
    for _ in range(n):
        issuer = f"9{rnd.choice(['11', '31', '44', '53'])}{rnd.randrange(1000):03d}"
        birth = f"{rnd.randint(1950, 2005)}0{rnd.randint(1, 9)}1{rnd.randint(0, 9)}"
        body = f"{issuer}{birth}{rnd.randrange(1000):03d}"
        out.append(body + mod_11_2.calc_check_digit(body))
    return out


@pytest.mark.parametrize("number", SPECIMENS + generated_foreign_ids(20))
@pytest.mark.parametrize("doc_type", ["cn_train_ticket", "cn_rail_eticket", "cn_ship_ticket"])
def test_every_person_id_is_accepted_on_tickets(doc_type: str, number: str) -> None:
    assert errors(doc_type, {"id_number": number}, "id_number") == []
    assert person_id.validate(number) == number
    assert tax_id.validate(number) == number  # a natural person's tax id is their ID number


@pytest.mark.parametrize("number", ["932682198501010018", "992682198501010011", "810000199408230023"])
def test_a_wrong_check_character_is_still_refused(number: str) -> None:
    assert not person_id.is_valid(number)
    assert errors("cn_train_ticket", {"id_number": number}, "id_number")


def masked(number: str, head: int, tail: int) -> str:
    return number[:head] + "*" * (18 - head - tail) + number[18 - tail :]


@pytest.mark.parametrize("number", SPECIMENS + generated_foreign_ids(10))
@pytest.mark.parametrize(("head", "tail"), [(10, 4), (6, 4), (3, 4), (1, 0)])
@pytest.mark.parametrize("doc_type", ["cn_train_ticket", "cn_rail_eticket", "cn_ship_ticket"])
def test_every_person_id_masked_as_tickets_print_it(doc_type: str, number: str, head: int, tail: int) -> None:
    shown = masked(number, head, tail)
    assert errors(doc_type, {"id_number": shown}, "id_number") == []
    assert person_id.validate_masked(shown) == shown


@pytest.mark.parametrize(
    "shown",
    [
        "9816821985****0017",  # a foreigner's card is not issued by Hong Kong (81)
        "9716821985****0017",  # nor Taiwan (71)
        "9926821985****0017",  # no province 99
        "9326821985**13**17",  # two runs of *
        "9326821713****0017",  # month 13
        "9326821875****0017",  # born before anyone alive
        "9326821985****00X7",  # X only as the check character
        "932682198****0017",  # 17 characters
        "9901051949****002X",  # the fixture's bad province (a resident ID would not start 99 either)
    ],
)
def test_implausible_masked_foreign_ids_are_refused(shown: str) -> None:
    assert not person_id.is_valid(shown.replace("*", "0")) or "*" in shown
    with pytest.raises(ValueError):
        person_id.validate_masked(shown)
    assert errors("cn_rail_eticket", {"id_number": shown}, "id_number")


def test_a_resident_card_still_takes_only_a_citizen_number() -> None:
    assert errors("cn_resident_id", {"id_number": "932682198501010017"}, "id_number")


def unionpay(prefix: str, length: int) -> str:
    body = prefix + "0" * (length - len(prefix) - 1)
    return body + luhn.calc_check_digit(body)


@pytest.mark.parametrize("prefix", ["8100", "8135", "8171"])
@pytest.mark.parametrize("length", [16, 19])
def test_unionpay_81_range(prefix: str, length: int) -> None:
    number = unionpay(prefix, length)
    assert bank_card.get_network(number) == "UnionPay"
    assert errors("bank_card", {"card_number": number}, "card_number") == []


@pytest.mark.parametrize("prefix", ["8099", "8172"])
def test_just_outside_the_81_range(prefix: str) -> None:
    assert bank_card.get_network(unionpay(prefix, 16)) is None


@pytest.mark.parametrize("written", ["C668668[9]", "C 668668 [9]", "C668668(9)", "C668668（9）"])
def test_hkid_check_character_in_brackets(written: str) -> None:
    assert hkid.validate(written) == "C668668(9)"
    assert errors("hk_id", {"id_number": written}, "id_number") == []


def test_person_id_doctests() -> None:
    import doctest

    result = doctest.testmod(person_id, optionflags=doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0
