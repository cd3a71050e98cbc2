"""Credit cards: the printed network (logo) against the network of the number's prefix.

Uses `checks.card_network`'s table (the six credit-card networks, UnionPay's 8 series and the
Discover / UnionPay co-brand range). Co-branded cards print two marks (`银联 / VISA`) and the
co-brand range belongs to two networks: any overlap is agreement. A mark we do not recognise is
not compared. Rule files make it a warning (keys.md: network ≠ prefix's network).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ..checks.card_network import get_networks, printed_networks
from ._registry import TEXT, RuleParams, cross_rule
from ._util import get

if TYPE_CHECKING:
    from .._models import Finding


@cross_rule(
    "credit_card_network",
    fields=("card_number", "network"),
    kinds={"card_number": ("identifier",), "network": TEXT},
    description="the printed card network is the one the number's prefix belongs to",
    standard="ISO/IEC 7812-1 issuer identification numbers",
)
def credit_card_network(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    number, printed = get(fields, p["card_number"]), get(fields, p["network"])
    if not isinstance(number, str) or not isinstance(printed, str):
        return []
    marks, from_prefix = printed_networks(printed), set(get_networks(number))
    if not marks or not from_prefix or marks & from_prefix:
        return []
    return [finding(p["network"], "mismatch", "card_network", value=printed, printed=sorted(marks),
                    from_prefix=sorted(from_prefix))]
