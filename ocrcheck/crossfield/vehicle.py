"""Cross-field rules of vehicle documents (nameplate 机动车铭牌): VIN ↔ manufacture date.

VIN position 10 codes the model year (ISO 3779, 30-year cycle; domain.md §1.5). A vehicle's
model year is its calendar year of manufacture or the next one (§3.2: models are sold ahead), so
any other year is worth a look. North American and Chinese VINs must carry a model-year code
there; elsewhere (Europe) position 10 is often not one, and then there is nothing to compare.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stdnum.exceptions import ValidationError

from .._messages import finding
from ._registry import DATES, RuleParams, cross_rule
from ._util import get

if TYPE_CHECKING:
    from .._models import Finding

# First WMI characters whose VINs must code the model year in position 10 (49 CFR 565; GB 16735).
_YEAR_CODED_REGIONS = "12345L"


def _year_of(value: Any) -> int | None:
    """The year of `YYYY-MM` (the `year_month` check's form) or of an ISO date."""
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


@cross_rule(
    "vin_model_year",
    fields=("vin", "date"),
    kinds={"vin": ("identifier",), "date": (*DATES, "year_month", "year")},
    description="VIN position 10 codes the manufacture year or the year after it",
    standard="ISO 3779; 49 CFR 565.15 (model year code)",
)
def vin_model_year(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """VIN position 10 codes the manufacture year or the year after it."""
    from ..checks.vin import model_years

    vin, year = get(fields, p["vin"]), _year_of(get(fields, p["date"]))
    if not isinstance(vin, str) or len(vin) != 17 or year is None:
        return []
    try:
        candidates = model_years(vin)
    except ValidationError:
        if vin[0] in _YEAR_CODED_REGIONS:
            return [finding(p["vin"], "mismatch", "vin_no_year_code", value=vin, char=vin[9])]
        return []
    # The cycle repeats every 30 years: compare with the candidate nearest the manufacture year.
    if year in candidates or year + 1 in candidates:
        return []
    nearest = min(candidates, key=lambda candidate: abs(candidate - year))
    return [finding(p["vin"], "mismatch", "vin_model_year", value=vin, char=vin[9], model_year=nearest, year=year,
                    next_year=year + 1)]
