"""Cross-field rules of business licences (营业执照): credit code ↔ entity type, term ↔ dates.

A credit code's first two characters say who registered the entity and what it is (GB 32100;
domain.md §1.2, §7.1): market regulation registers enterprises as `91`, individual businesses
(个体工商户) as `92` and farmers' co-operatives (农民专业合作社) as `93`; rural collective economic
organisations are registered by agriculture departments as `N1`-`N3`/`N9`. The business term
(营业期限) usually starts on the day the entity was established. Both are conventions with
exceptions (branches, conversions), so the rule files use them as warnings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ..dates import normalise_date
from ..values import LONG_TERM, ValueProblem
from ._registry import DATES, RuleParams, cross_rule
from ._util import as_date, get

if TYPE_CHECKING:
    from .._models import Finding

# (words in the printed company type, the code prefixes that type carries), first match wins:
# 个体 before the enterprise words (an individual business is no enterprise), and a collective
# 股份经济合作社 before the farmers' 专业合作社.
ENTITY_PREFIXES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("个体",), ("92",)),
    (("集体经济", "经济合作社", "经济联合社"), ("N1", "N2", "N3", "N9")),
    (("专业合作社",), ("93",)),
    (("公司", "企业", "合伙", "独资", "分支机构", "集团"), ("91",)),
)

_DATE = r"\d{4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?|[-./]\d{1,2}[-./]\d{1,2}|\d{4})"
_TERM = re.compile(rf"^(?:自\s*)?({_DATE})\s*(?:起)?\s*(?:至|到|-|—|~|～)\s*(.+?)\s*(?:止)?$")


def expected_prefixes(company_type: str) -> tuple[str, ...]:
    """The credit-code prefixes a printed company type carries; () when the type is unknown."""
    for words, prefixes in ENTITY_PREFIXES:
        if any(word in company_type for word in words):
            return prefixes
    return ()


@cross_rule(
    "credit_code_entity_type",
    fields=("code", "company_type"),
    kinds={"code": ("identifier",), "company_type": ("text",)},
    description="the credit code's authority and entity type characters agree with the printed company type",
    standard="GB 32100-2015 (characters 1-2: registration authority and entity type)",
)
def credit_code_entity_type(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """Characters 1-2 of the credit code agree with the printed company type (类型)."""
    code, company_type = get(fields, p["code"]), get(fields, p["company_type"])
    if not isinstance(code, str) or not isinstance(company_type, str) or len(code) != 18:
        return []
    prefixes = expected_prefixes(company_type)
    if not prefixes or code[:2] in prefixes:
        return []
    return [finding(p["code"], "mismatch", "entity_prefix", value=code, company_type=company_type,
                    expected=list(prefixes), found=code[:2])]


def parse_term(term: str) -> tuple[date, date | str] | None:
    """`2015年03月12日至长期` → (start, "长期"); `... 至 2035年03月11日` → (start, end).

    None when the text is not a term of that shape; `ValueProblem` when it is, but a date in it
    does not exist.
    """
    match = _TERM.match(term.strip())
    if not match:
        return None
    start = date.fromisoformat(normalise_date(match.group(1)))
    end_text = match.group(2).strip()
    if end_text in LONG_TERM or end_text.startswith("长期"):
        return start, "长期"
    if not re.fullmatch(_DATE, end_text):
        return None
    return start, date.fromisoformat(normalise_date(end_text))


@cross_rule(
    "business_term_start",
    fields=("term", "established"),
    kinds={"term": ("text",), "established": DATES},
    description="the business term starts on the date of establishment and ends after it",
    standard="《市场主体登记管理条例》 (营业期限 on the business licence)",
)
def business_term_start(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The business term starts on the established date (and, if it has an end, ends later)."""
    term, established = get(fields, p["term"]), as_date(get(fields, p["established"]))
    if not isinstance(term, str):
        return []
    try:
        parsed = parse_term(term)
    except ValueProblem as problem:
        return [finding(p["term"], problem.code, problem.variant, value=term, **problem.ctx)]
    if parsed is None:
        return []
    start, end = parsed
    out = []
    if established is not None and start != established:
        out.append(finding(p["term"], "mismatch", "term_start", value=term, start=start,
                           established_field=p["established"], established=established))
    if isinstance(end, date) and end <= start:
        out.append(finding(p["term"], "date", "term_end", value=term, end=end, start=start))
    return out
