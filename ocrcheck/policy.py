"""Policies: how a KYC desk or an audit weighs what the rule files find, without copying them.

A policy file (TOML) overlays the rule files of every type, or of named types:

    name = "kyc"                      # defaults to the file's stem
    description = "..."
    min_age = 18                      # holder younger than this on `as_of` → `range` on birth_date
    masked = "error"                  # no masked values anywhere (the rule files' `allow` ends)
    fail_on_warnings = ["mismatch"]   # warnings of these codes count as errors (true: all of them)

    [codes]                           # severity by finding code
    expired = "error"

    [checks]                          # severity by check or cross-field rule name
    resident_id_region = "error"

    [types.cn_train_ticket]           # the same keys, for one type (they win over the ones above)
    masked = { id_number = "allow" }  # masking policy per field: error | allow

Which severity a finding gets: the type's `checks`, else the type's `codes`, else the policy's
`checks`, else its `codes`, else the rule file's; a warning then becomes an error when
`fail_on_warnings` names its code. A policy changes how findings weigh, not which checks run —
except `masked` (a masked value is then checked, or not) and `min_age` (one more check, `min_age`,
with its own verdict).

Every mistake (an unknown key, finding code, check, type or field; a bad severity) is a
`ConfigError` naming the file and the key, raised when the policy loads. `load_policy("kyc")`
names a shipped policy (`ocrcheck/policies/`), anything else is a path.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import checks, clock, crossfield
from ._exceptions import ConfigError
from ._messages import finding
from ._records import FINDING_CODES, Verdict
from .crossfield._util import age_on, as_date
from .doctypes import DocType, get_doctype, list_doctypes
from .kinds import kind_names

if TYPE_CHECKING:
    from ._models import Finding

SHIPPED = Path(__file__).parent / "policies"
SEVERITIES = ("error", "warning", "info")
MIN_AGE = "min_age"  # the check's name in verdicts and findings
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_TOP_KEYS = {"name", "description", "min_age", "masked", "fail_on_warnings", "codes", "checks", "types"}
_TYPE_KEYS = {"min_age", "masked", "fail_on_warnings", "codes", "checks"}


@dataclass(frozen=True)
class Overlay:
    """A policy as it applies to one document type (compiled once per type)."""

    codes: Mapping[str, str]  # the type's entries, then the policy's, merged
    checks: Mapping[str, str]
    type_codes: Mapping[str, str]
    type_checks: Mapping[str, str]
    fail_on_warnings: bool | frozenset[str]
    min_age: int | None
    masked: Mapping[str, str]  # field path → error | allow, where the policy changes it

    def severity(self, rule: str | None, code: str, base: str) -> str:
        """The severity of a finding of `code` by check or rule `rule` that the rule file made `base`."""
        found = (self.type_checks.get(rule) if rule else None) or self.type_codes.get(code)
        found = found or (self.checks.get(rule) if rule else None) or self.codes.get(code) or base
        if found == "warning" and (self.fail_on_warnings is True or (
                isinstance(self.fail_on_warnings, frozenset) and code in self.fail_on_warnings)):
            return "error"
        return found

    @property
    def weighs(self) -> bool:
        """Whether any finding's severity can change (else the findings are left as they are)."""
        return bool(self.codes or self.checks or self.type_codes or self.type_checks or self.fail_on_warnings)


@dataclass(frozen=True)
class Policy:
    name: str
    source: str  # the file, as named when loaded (a shipped one as `policies/kyc.toml`)
    description: str
    digest: str  # sha256 of its content: part of the ruleset version in results
    table: Mapping[str, Any] = field(repr=False)
    _overlays: dict[str, Overlay] = field(default_factory=dict, repr=False, compare=False)
    _doctypes: dict[int, tuple[DocType, DocType]] = field(default_factory=dict, repr=False, compare=False)

    def overlay(self, doc_type: str) -> Overlay:
        found = self._overlays.get(doc_type)
        if found is None:
            found = self._overlays[doc_type] = _overlay(self.table, doc_type)
        return found

    def doctype(self, doctype: DocType) -> DocType:
        """`doctype` with this policy's masking policy applied (the same object when unchanged)."""
        cached = self._doctypes.get(id(doctype))
        if cached is not None and cached[0] is doctype:
            return cached[1]
        masked = self.overlay(doctype.id).masked
        changed = {path: dataclasses.replace(rule, masked=masked[path])
                   for path, rule in doctype.fields.items() if path in masked and masked[path] != rule.masked}
        derived = dataclasses.replace(doctype, fields={**doctype.fields, **changed}) if changed else doctype
        self._doctypes[id(doctype)] = (doctype, derived)  # the original is kept, so its id is not reused
        return derived


# ------------------------------------------------------------------ applying (pure, per check)


def weigh(overlay: Overlay, findings: list[Finding], verdicts: list[Verdict]) -> tuple[list[Finding], list[Verdict]]:
    """Findings and verdicts with the policy's severities (objects copied only where they change)."""
    weighed = []
    for found in findings:
        severity = overlay.severity(found.rule, found.code, found.severity)
        weighed.append(found if severity == found.severity else found.model_copy(update={"severity": severity}))
    judged = []
    for verdict in verdicts:
        code = verdict.reason if verdict.outcome == "failed" and verdict.reason else ""
        severity = overlay.severity(verdict.check, code, verdict.severity)
        judged.append(verdict if severity == verdict.severity else verdict._replace(severity=severity))  # type: ignore[arg-type]
    return weighed, judged


def min_age_check(doctype: DocType, fields: Mapping[str, Any], bad: Mapping[str, str], years: int,
                  findings: list[Finding]) -> Verdict | None:
    """The holder is at least `years` old on the day judged on; a younger one is a `range` finding
    on `birth_date` (appended to `findings`). Not due (None) for a type without a birth date."""
    path = "birth_date"
    if path not in doctype.schema.get("properties", {}):
        return None
    if path in bad:
        reason = bad[path] if bad[path] in ("missing", "masked", "illegible") else "input_failed"
        return Verdict(MIN_AGE, path, "skipped", reason)
    birth = as_date(fields.get(path))
    if birth is None:
        return Verdict(MIN_AGE, path, "skipped", "missing")
    on = clock.today()
    age = age_on(birth, on)
    if age >= years:
        return Verdict(MIN_AGE, path, "passed")
    findings.append(finding(path, "range", "min_age", value=fields.get(path), rule=MIN_AGE, age=age, on=on,
                            years=years))
    return Verdict(MIN_AGE, path, "failed", "range")


def ruleset(doctype: DocType, policy: Policy | None) -> str:
    """The version of the rules that judge a document: its type's schema and rule file (as loaded,
    `DocType.digest`) and the policy. Equal exactly when the rules are the same."""
    if policy is None:
        return doctype.digest[:16]
    return hashlib.sha256(f"{doctype.digest}:{policy.digest}".encode()).hexdigest()[:16]


# ------------------------------------------------------------------------------------ loading


def _severity_table(value: Any, source: str, key: str, known: frozenset[str], what: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(source, key, "must be a table of name = severity")
    for name, severity in value.items():
        if name not in known:
            raise ConfigError(source, f"{key}.{name}", f"unknown {what} {name!r}")
        if severity not in SEVERITIES:
            raise ConfigError(source, f"{key}.{name}", f"severity must be one of {', '.join(SEVERITIES)}")
    return dict(value)


def _check_names() -> frozenset[str]:
    kinds = {f"kind:{kind}" for kind in kind_names()}
    return frozenset({*checks.check_names(), *crossfield.rule_names(), *kinds, MIN_AGE, "schema", "alias_conflict"})


def _validate_level(table: Mapping[str, Any], source: str, prefix: str, doc_type: str | None) -> None:
    keys = _TOP_KEYS if doc_type is None else _TYPE_KEYS
    for key in table:
        if key not in keys:
            raise ConfigError(source, f"{prefix}{key}", "unknown key")
    if "min_age" in table:
        age = table["min_age"]
        if not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 150:
            raise ConfigError(source, f"{prefix}min_age", "must be a whole number of years, 0 to 150")
    if "fail_on_warnings" in table:
        fail = table["fail_on_warnings"]
        if not isinstance(fail, bool) and not (isinstance(fail, list) and all(isinstance(c, str) for c in fail)):
            raise ConfigError(source, f"{prefix}fail_on_warnings", "must be true, false or a list of finding codes")
        for code in fail if isinstance(fail, list) else ():
            if code not in FINDING_CODES:
                raise ConfigError(source, f"{prefix}fail_on_warnings", f"unknown finding code {code!r}")
    if "codes" in table:
        _severity_table(table["codes"], source, f"{prefix}codes", frozenset(FINDING_CODES), "finding code")
    if "checks" in table:
        _severity_table(table["checks"], source, f"{prefix}checks", _check_names(), "check or rule")
    if "masked" in table:
        _validate_masked(table["masked"], source, f"{prefix}masked", doc_type)


def _validate_masked(value: Any, source: str, key: str, doc_type: str | None) -> None:
    if value in ("error", "allow") and (doc_type is not None or value == "error"):
        return
    if doc_type is None:
        raise ConfigError(source, key, "must be 'error' (per field: under [types.TYPE])")
    if not isinstance(value, dict):
        raise ConfigError(source, key, "must be 'error', 'allow' or a table of field = error|allow")
    fields = get_doctype(doc_type).fields
    for path, policy in value.items():
        if path not in fields:
            raise ConfigError(source, f"{key}.{path}", f"{doc_type} has no field rule {path!r}")
        if policy not in ("error", "allow"):
            raise ConfigError(source, f"{key}.{path}", "must be 'error' or 'allow'")


def parse_policy(table: Mapping[str, Any], source: str, default_name: str) -> Policy:
    """A policy from its parsed TOML table; `source` names the file in every error."""
    _validate_level(table, source, "", None)
    name = table.get("name", default_name)
    if not isinstance(name, str) or not _NAME.match(name):
        raise ConfigError(source, "name", "must be a short snake_case name")
    description = table.get("description", "")
    if not isinstance(description, str):
        raise ConfigError(source, "description", "must be a string")
    types = table.get("types", {})
    if not isinstance(types, dict):
        raise ConfigError(source, "types", "must be a table of [types.TYPE] tables")
    known = set(list_doctypes())
    for doc_type, sub in types.items():
        if doc_type not in known:
            raise ConfigError(source, f"types.{doc_type}", f"unknown document type {doc_type!r}")
        if not isinstance(sub, dict):
            raise ConfigError(source, f"types.{doc_type}", "must be a table")
        _validate_level(sub, source, f"types.{doc_type}.", doc_type)
    canonical = json.dumps(table, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return Policy(name=name, source=source, description=description, digest=digest, table=table)


def _overlay(table: Mapping[str, Any], doc_type: str) -> Overlay:
    sub: Mapping[str, Any] = table.get("types", {}).get(doc_type, {})
    fail = sub.get("fail_on_warnings", table.get("fail_on_warnings", False))
    masked: dict[str, str] = {}
    doctype = get_doctype(doc_type) if doc_type in list_doctypes() else None
    for level in (table.get("masked"), sub.get("masked")):
        if isinstance(level, str) and doctype is not None:
            masked.update({path: level for path in doctype.fields})
        elif isinstance(level, dict):
            masked.update(level)
    return Overlay(
        codes=dict(table.get("codes", {})),
        checks=dict(table.get("checks", {})),
        type_codes=dict(sub.get("codes", {})),
        type_checks=dict(sub.get("checks", {})),
        fail_on_warnings=fail if isinstance(fail, bool) else frozenset(fail),
        min_age=sub.get("min_age", table.get("min_age")),
        masked=masked,
    )


def shipped_policies() -> list[str]:
    return sorted(p.stem for p in SHIPPED.glob("*.toml"))


@lru_cache(maxsize=64)
def _load(path: str, shown: str, _mtime: int, _size: int) -> Policy:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ConfigError(shown, "(file)", f"cannot read the policy: {reason}") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(shown, "(syntax)", str(error)) from None
    return parse_policy(table, shown, Path(path).stem)


def load_policy(policy: str | os.PathLike[str]) -> Policy:
    """A shipped policy by name (`kyc`, `audit`) or a policy file by path; cached until it changes."""
    text = str(policy)
    if isinstance(policy, str) and _NAME.match(policy):
        if policy not in shipped_policies():
            shipped = ", ".join(shipped_policies())
            raise ConfigError(policy, "(file)", f"no shipped policy {policy!r} (shipped: {shipped}); "
                              "give a path for a policy file of your own")
        path, shown = SHIPPED / f"{policy}.toml", f"policies/{policy}.toml"
    else:
        path, shown = Path(policy), text  # shown as given: no absolute path the caller did not write
    try:
        stat = path.stat()
    except OSError as error:
        raise ConfigError(shown, "(file)", f"cannot read the policy: {error.strerror or error}") from None
    return _load(str(path), shown, stat.st_mtime_ns, stat.st_size)


def resolve(policy: Policy | str | os.PathLike[str] | None) -> Policy | None:
    """A loaded policy (None: the rule files as they are)."""
    return policy if policy is None or isinstance(policy, Policy) else load_policy(policy)
