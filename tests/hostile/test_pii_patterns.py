"""The masking patterns (`pii.DIGIT_RUN`, `pii.ID_SHAPED`) in their fast form — one leading class,
so the regex engine skips to candidates in C — match exactly what the plain alternations match,
and `pii.mask_value`'s letters-or-digits are exactly `str.isalnum`. Generated text, deterministic
seeds, built from the shapes the patterns are about (digit runs with gaps and hyphens, HKIDs,
passport numbers) next to every kind of neighbour."""

from __future__ import annotations

import random

import pytest

from ocrcheck import pii

NEIGHBOURS = ["", " ", "  ", "\u3000", "\xa0", "-", "(", ")", "[", "]", "（", "）", "X", "x", "A", "Z", "a",
              "z", "_", "0", "7", "１", "٣", "¥", "元", "号", "\n", ":", "/", "."]


def fragment(rnd: random.Random) -> str:
    digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 20)))
    gap = rnd.choice(["", "", " ", "  ", "   ", "    ", "\u3000", "\xa0", "\u2009"])
    kind = rnd.randrange(6)
    if kind == 0:  # a run of digits, maybe spaced in groups, maybe with an X
        return gap.join(digits[i : i + 4] for i in range(0, len(digits), 4)) + rnd.choice(["", "X", "x"])
    if kind == 1:  # hyphenated groups of four (an ISO date is a short one)
        groups = ("".join(rnd.choice("0123456789") for _ in range(rnd.choice([2, 4, 4, 5]))) for _ in range(5))
        return "-".join(list(groups)[: rnd.randint(2, 5)])
    if kind == 2:  # HKID-like
        check = rnd.choice("0123456789A")
        tail = rnd.choice([f"({check})", f"[{check}]", f"（{check}）", check, f"( {check} )", f"({check}"])
        return rnd.choice(["C", "AB", "c", "XYZ"]) + gap + digits[:6].ljust(6, "1") + gap + tail
    if kind == 3:  # passport-like
        return rnd.choice(["E", "EA", "G", "K", "e", "ABC"]) + digits[: rnd.choice([6, 7, 8, 9])].ljust(7, "0")
    if kind == 4:
        return "".join(rnd.choice("0123456789") for _ in range(rnd.randint(14, 20)))
    return rnd.choice(NEIGHBOURS) * rnd.randint(1, 3)


def texts(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 5)):
            parts += [rnd.choice(NEIGHBOURS), fragment(rnd), rnd.choice(NEIGHBOURS)]
        out.append("".join(parts))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_fast_patterns_match_what_the_plain_alternations_match(seed: int) -> None:
    plain_run, plain_id = pii._plain_patterns()
    matched = 0
    for text in texts(seed, 5000):
        for fast, plain in ((pii.DIGIT_RUN, plain_run), (pii.ID_SHAPED, plain_id)):
            spans = [m.span() for m in fast.finditer(text)]
            assert spans == [m.span() for m in plain.finditer(text)], repr(text)
            matched += bool(spans)
    assert matched > 3000  # the generated text is about the shapes, not noise around them


def test_fast_patterns_open_with_one_class() -> None:
    # What makes them fast: a leading character class (the engine's prefix scan), not an alternation.
    for pattern in (pii.DIGIT_RUN, pii.ID_SHAPED):
        assert pattern.pattern.startswith("[\\dA-Z](?:")


def _mask_by_definition(text: str) -> str:
    positions = [i for i, ch in enumerate(text) if ch.isalnum()]
    keep = set(positions[: pii.KEEP_HEAD]) | set(positions[-pii.KEEP_TAIL :]) if len(positions) >= 8 else set()
    return "".join("*" if i in set(positions) - keep else ch for i, ch in enumerate(text))


def test_letters_or_digits_are_exactly_isalnum_and_masking_is_the_rule() -> None:
    assert all(chr(c).isalnum() == bool(pii._ALNUM.fullmatch(chr(c))) for c in range(0x110000))
    for text in [*texts(5, 3000), "", "abc", "1234567", "12345678", "张三李四王五赵六", "\ud800" * 9 + "12345678"]:
        assert pii.mask_value(text) == _mask_by_definition(text), repr(text)
