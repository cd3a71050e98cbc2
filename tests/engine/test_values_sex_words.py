"""Sex markers of the foreign identity cards (Indonesian, Malay, Vietnamese, Turkish, Hindi),
including bilingual `E/M`-style pairs."""

from __future__ import annotations

import pytest

from ocrcheck.values import ValueProblem, normalise_sex


@pytest.mark.parametrize(
    ("printed", "sex"),
    [
        ("LAKI-LAKI", "M"), ("Perempuan", "F"), ("LELAKI", "M"), ("Nam", "M"), ("Nữ", "F"),
        ("Nu\u031b\u0303", "F"),  # decomposed ữ (u + horn + tilde) is read like the composed one
        ("E / M", "M"), ("K/F", "F"), ("Kadın", "F"), ("पुरुष / MALE", "M"), ("महिला/FEMALE", "F"),
        ("男/M", "M"),
    ],
)  # fmt: skip
def test_foreign_sex_words(printed: str, sex: str) -> None:
    assert normalise_sex(printed) == sex
    assert normalise_sex(sex) == sex  # idempotent


@pytest.mark.parametrize("printed", ["M/F", "E/F", "LAKI", "男/F"])
def test_disagreeing_or_unknown_words(printed: str) -> None:
    with pytest.raises(ValueProblem):
        normalise_sex(printed)
