"""What the desk shows of a queue: entries with their decisions, filtered, masked, corrected.

Queue lines are data someone else wrote: every accessor here tolerates a wrong shape (a string
where a list was expected, a finding that is not an object) and shows it as text instead of
failing, so one odd entry never takes the desk down.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .. import pii
from .._exceptions import OcrcheckError
from .._messages import DEFAULT_LANG, localise_records
from ..doctypes import get_doctype
from ..pipeline import check
from ..review_queue import QueueRead

_PATH_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d{1,4})\])?")


def as_dict(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def as_findings(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else []
    out = []
    for item in items:
        if isinstance(item, Mapping):
            out.append({str(k): v for k, v in item.items()})
        else:
            out.append({"field": "", "code": "?", "severity": "error", "message": str(item)})
    return out


@dataclass
class EntryView:
    entry: dict[str, Any]
    decisions: list[dict[str, Any]]

    @property
    def id(self) -> str:
        return str(self.entry.get("id"))

    @property
    def doc_type(self) -> str:
        return str(self.entry.get("doc_type") or "")

    @property
    def latest(self) -> dict[str, Any] | None:
        return self.decisions[-1] if self.decisions else None

    @property
    def state(self) -> str:
        latest = self.latest
        return str(latest.get("decision")) if latest else "open"

    @property
    def is_open(self) -> bool:
        """Undecided, or corrected into a document that still fails its checks."""
        latest = self.latest
        if latest is None:
            return True
        return latest.get("decision") == "correct" and as_dict(latest.get("recheck")).get("status") != "pass"

    @property
    def corrections(self) -> dict[str, Any]:
        """Every correction made so far, the later one winning per field."""
        out: dict[str, Any] = {}
        for decision in self.decisions:
            out.update(as_dict(decision.get("corrections")))
        return out

    @property
    def findings(self) -> list[dict[str, Any]]:
        return as_findings(self.entry.get("findings"))

    @property
    def codes(self) -> list[str]:
        return sorted({str(f.get("code")) for f in self.findings})

    def age_days(self, now: datetime) -> float | None:
        try:
            created = datetime.fromisoformat(str(self.entry.get("created")))
        except ValueError:
            return None
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        return (now - created).total_seconds() / 86400


def entry_views(found: QueueRead, lang: str = DEFAULT_LANG) -> list[EntryView]:
    """One view per entry with its decisions; findings' messages in `lang` (re-rendered from their
    code, variant and ctx, which the queue keeps in every language)."""
    by_entry: dict[str, list[dict[str, Any]]] = {}
    for decision in found.decisions:
        by_entry.setdefault(str(decision.get("entry")), []).append(decision)
    entries = [e for e in found.entries if "id" in e]
    if lang != DEFAULT_LANG:
        entries = [{**e, "findings": localise_records(e["findings"], lang)} if isinstance(e.get("findings"), list)
                   else e for e in entries]
    return [EntryView(e, by_entry.get(str(e.get("id")), [])) for e in entries]


@dataclass(frozen=True)
class Filters:
    doc_type: str = ""
    code: str = ""
    state: str = "open"  # open | decided | all
    max_age_days: float | None = None

    def keep(self, view: EntryView, now: datetime) -> bool:
        if self.doc_type and view.doc_type != self.doc_type:
            return False
        if self.code and self.code not in view.codes:
            return False
        if self.state == "open" and not view.is_open:
            return False
        if self.state == "decided" and view.is_open:
            return False
        if self.max_age_days is not None:
            age = view.age_days(now)
            if age is None or age > self.max_age_days:
                return False
        return True


def pii_names(doc_type: str) -> frozenset[str]:
    try:
        own = get_doctype(doc_type).pii_fields
    except OcrcheckError:
        own = ()
    return frozenset(own) | pii.DEFAULT_PII_FIELDS


def masked(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry as a reviewer without `--show-pii` sees it (the queue's own masking rule)."""
    shaped = {**entry, "fields": as_dict(entry.get("fields")), "findings": as_findings(entry.get("findings"))}
    return pii.mask_record(shaped, pii_names(str(entry.get("doc_type") or "")))


def masked_corrections(corrections: Mapping[str, Any], doc_type: str) -> dict[str, Any]:
    names = pii_names(doc_type)
    return {
        path: pii.mask_value(str(value)) if pii.is_pii_path(path, names) else pii.scrub(value, (), pii.ID_SHAPED)
        for path, value in corrections.items()
    }


def masked_view(view: EntryView) -> EntryView:
    """The entry and its decisions as a reviewer without `--show-pii` sees them."""
    decisions = []
    for decision in view.decisions:
        shown = {**decision, "note": pii.scrub(decision.get("note"), (), pii.ID_SHAPED)}
        if "corrections" in decision:
            shown["corrections"] = masked_corrections(as_dict(decision.get("corrections")), view.doc_type)
        if isinstance(decision.get("recheck"), Mapping):
            shown["recheck"] = {**decision["recheck"], "findings": masked({
                "doc_type": view.doc_type, "findings": decision["recheck"].get("findings")})["findings"]}
        decisions.append(shown)
    return EntryView(masked(view.entry), decisions)


def flat_fields(fields: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """`key` and `items[0].amount` paths with their values, in the entry's order."""
    out: list[tuple[str, Any]] = []
    for key, value in fields.items():
        if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            for i, item in enumerate(value):
                out.extend((f"{key}[{i}].{sub}", v) for sub, v in item.items())
        else:
            out.append((str(key), value))
    return out


def with_correction(fields: Mapping[str, Any], path: str, value: str) -> dict[str, Any]:
    """A copy of `fields` with the value at `path` (`key` or `list[i].key`) replaced."""
    steps = _PATH_STEP.findall(path)
    if not steps or ".".join(f"{k}[{i}]" if i else k for k, i in steps) != path:
        raise ValueError(f"not a field path: {path!r}")
    out: dict[str, Any] = {k: (list(v) if isinstance(v, list) else v) for k, v in fields.items()}
    target: Any = out
    for n, (key, index) in enumerate(steps):
        last = n == len(steps) - 1
        if index:
            items = target.get(key)
            if not isinstance(items, list) or int(index) >= len(items):
                raise ValueError(f"no field {path!r} in this document")
            items[int(index)] = dict(items[int(index)])
            if last:
                items[int(index)] = value
            target = items[int(index)]
        elif last:
            target[key] = value
        else:
            target[key] = dict(as_dict(target.get(key)))
            target = target[key]
    return out


def recheck(doc_type: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The corrected document under the same rules: status and findings (as the queue keeps them)."""
    result = check(doc_type, fields)
    return {
        "status": result.status,
        "findings": [f.model_dump(mode="json") for f in result.findings],
    }
