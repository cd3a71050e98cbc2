"""The cross-field rules' shortcuts (issue 13, speed) against the long way they replace.

Each shortcut keeps the verdict and every finding of the formula it stands for; here the long
way is kept as the reference and both are run on generated values, including the odd ones
(NaN, infinities, exponents, signs, text that is no number), where even the exception a rule
raises must be the same one (the engine turns it into a `rule_failed` finding naming it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ocrcheck._messages import finding
from ocrcheck._models import Finding
from ocrcheck.crossfield._registry import RuleParams
from ocrcheck.crossfield._util import as_decimal, item_values
from ocrcheck.crossfield.invoice import CENT, HALF_CENT, _path, _places, item_amount

_FIVE = Decimal(5)


def _outcome(rule: Callable[..., list[Finding]], *args: Any) -> Any:
    """A rule's findings, or the type of the exception it raised."""
    try:
        return rule(*args)
    except Exception as error:  # the type is what is compared
        return type(error)


# Decimal strings as producers and normalisers leave them, and the odd ones a Decimal accepts.
_numbers = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**7, max_value=10**7).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**6, max_value=10**6).map(str),
    st.integers(min_value=-1000, max_value=10**6).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["0", "-0", "0.00", "1E+3", "1e-30", "NaN", "sNaN", "-Infinity", "***", "免税", "", " 5 ", "1_0"]),
    st.none(),
)


def _item_amount_long_way(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """`item_amount` as it was before the shortcut: the tolerance worked out for every line."""
    top, quantities = item_values(fields, p["quantity"])
    _, prices = item_values(fields, p["unit_price"])
    _, amounts = item_values(fields, p["amount"])
    out = []
    for index, (quantity, price, amount) in enumerate(zip(quantities, prices, amounts, strict=False)):
        q, u, a = as_decimal(quantity), as_decimal(price), as_decimal(amount)
        if q is None or u is None or a is None:
            continue
        product = q * u
        tolerance = max(CENT, abs(q) * _FIVE.scaleb(-_places(u) - 1) + HALF_CENT)
        if abs(product - a) > tolerance:
            out.append(finding(_path(top, index, p["amount"]), "mismatch", "item_amount", value=amount, quantity=q,
                               unit_price=u, product=product.quantize(CENT, ROUND_HALF_UP), amount=a,
                               tolerance=f"{tolerance.normalize():f}"))
    return out


_ITEM_AMOUNT = RuleParams("item_amount", "error", {"quantity": "items[].quantity", "unit_price": "items[].unit_price",
                                                   "amount": "items[].amount"})


def _line(quantity: Any, price: Any, amount: Any) -> dict[str, Any]:
    return {"quantity": quantity, "unit_price": price, "amount": amount}


@st.composite
def _priced_lines(draw: st.DrawFn) -> dict[str, Any]:
    """A line whose amount is the product, off by a few fen, or anything at all."""
    quantity, price = draw(_numbers), draw(_numbers)
    q, u = as_decimal(quantity), as_decimal(price)
    if q is not None and u is not None and q.is_finite() and u.is_finite() and draw(st.booleans()):
        off = Decimal(draw(st.integers(min_value=-300, max_value=300))).scaleb(-3)
        amount = str(((q * u).quantize(CENT, ROUND_HALF_UP) + off) if abs(q * u) < 10**20 else q * u)
    else:
        amount = draw(_numbers)
    return _line(quantity, price, amount)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_priced_lines(), max_size=4))
@example([_line("10", "226.548672566372", "2265.49"), _line("16.91", "340.398", "5756.12")])
@example([_line("3", "0.1", "0.31"), _line("3", "0.1", "0.29"), _line("3", "0.1", "0.3101")])
@example([_line("NaN", "1", "1"), _line("1", "1", "NaN"), _line("Infinity", "1", "1"), _line("sNaN", "1", "1")])
@example([_line("Infinity", "1", "Infinity"), _line("1E+5000000", "1E+5000000", "1")])
def test_item_amount_shortcut_is_the_long_way(items: list[dict[str, Any]]) -> None:
    fields = {"items": items}
    assert _outcome(item_amount, fields, _ITEM_AMOUNT) == _outcome(_item_amount_long_way, fields, _ITEM_AMOUNT)
