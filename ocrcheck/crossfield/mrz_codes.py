"""Cross-field rules of machine-readable lines not covered by `mrz_matches_printed`.

`mrz_codes`: the issuing state (TD3 line 1, positions 3-5) and nationality (line 2, positions
11-13) must be among the codes a document allows. A Macao SAR passport is issued by `CHN` but
its holders' nationality may be written `CHN` or `MAC` (PRADO CHN-AO-04003 lists it as issued to
nationals of MAC; domain.md §2.2), which a single expected code cannot express.

`eep_mrz_matches_printed`: the one-line MRZ of the Exit-Entry Permit card (往来港澳通行证, code
`CS`; layout from third-party reader code, [U] in domain.md §1.4): card number (positions 3-11),
expiry YYMMDD (14-19) and birth YYMMDD (22-27) against the printed fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._messages import finding
from ._registry import RuleParams, cross_rule
from ._util import as_date, get

if TYPE_CHECKING:
    from .._models import Finding

TD3_LENGTH, EEP_LENGTH = 44, 30


def _codes(option: Any) -> tuple[str, ...]:
    return tuple(option) if isinstance(option, (list, tuple)) else (str(option),)


@cross_rule(
    "mrz_codes",
    fields=("mrz_line1", "mrz_line2"),
    options=("issuing_states", "nationalities"),
    kinds={"mrz_line1": ("mrz",), "mrz_line2": ("mrz",)},
    description="the MRZ issuing state and nationality are the document's",
    standard="ICAO Doc 9303 Part 3 (three-letter codes)",
)
def mrz_codes(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The MRZ issuing state is one of `issuing_states`, its nationality one of `nationalities`."""
    out: list[Finding] = []
    line1, line2 = get(fields, p["mrz_line1"]), get(fields, p["mrz_line2"])
    if isinstance(line1, str) and len(line1) == TD3_LENGTH and p.get("issuing_states"):
        allowed = _codes(p["issuing_states"])
        if line1[2:5] not in allowed:
            out.append(finding(p["mrz_line1"], "mismatch", "mrz_issuing_state", value=line1, in_mrz=line1[2:5],
                               expected=list(allowed)))
    if isinstance(line2, str) and len(line2) == TD3_LENGTH and p.get("nationalities"):
        allowed = _codes(p["nationalities"])
        if line2[10:13] not in allowed:
            out.append(finding(p["mrz_line2"], "mismatch", "mrz_nationality_expected", value=line2,
                               in_mrz=line2[10:13], expected=list(allowed)))
    return out


def _compare_date(fields: Mapping[str, Any], name: str | None, variant: str, in_mrz: str) -> list[Finding]:
    printed = as_date(get(fields, name)) if name else None
    if name is None or printed is None or printed.strftime("%y%m%d") == in_mrz:
        return []
    return [finding(name, "mismatch", variant, value=get(fields, name), printed=printed,
                    printed_mrz=printed.strftime("%y%m%d"), in_mrz=in_mrz)]


@cross_rule(
    "eep_mrz_matches_printed",
    fields=("mrz_line",),
    optional_fields=("permit_number", "birth_date", "valid_until"),
    kinds={"mrz_line": ("mrz",), "permit_number": ("identifier",), "birth_date": ("date",), "valid_until": ("date",)},
    description="the Exit-Entry Permit's machine-readable line agrees with the printed number and dates",
    standard="ICAO Doc 9303 Part 3; EEP card layout [unverified]",
)
def eep_mrz_matches_printed(fields: Mapping[str, Any], p: RuleParams) -> list[Finding]:
    """The permit card's machine-readable line agrees with the printed number and dates."""
    line = get(fields, p["mrz_line"])
    if not isinstance(line, str) or len(line) != EEP_LENGTH:
        return []
    out: list[Finding] = []
    name = p.get("permit_number")
    number = get(fields, name) if name else None
    if isinstance(number, str) and number != line[2:11].rstrip("<"):
        where = next((i + 1 for i, (a, b) in enumerate(zip(number, line[2:11], strict=False)) if a != b), None)
        if where:
            out.append(finding(name, "mismatch", "mrz_number", value=number, position=where))
        else:
            out.append(finding(name, "mismatch", "mrz_number_length", value=number, printed_length=len(number),
                               mrz_length=len(line[2:11])))
    out += _compare_date(fields, p.get("valid_until"), "mrz_expiry_date", line[13:19])
    out += _compare_date(fields, p.get("birth_date"), "mrz_birth_date", line[21:27])
    return out
