"""What a run did, counted as records come: for the progress line, the closing table and
`--summary` (a few counters, never a list of documents)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass
class Summary:
    """What a run did, for the progress line, the closing table and `--summary`."""

    total: int = 0
    skipped: int = 0  # judged by an earlier run
    prior: Counter[str] = field(default_factory=Counter)  # their statuses then
    status: Counter[str] = field(default_factory=Counter)
    doc_types: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    input_tokens: int = 0
    output_tokens: int = 0
    retries: int = 0
    cached: int = 0
    stopped: str | None = None  # why the run stopped early, if it did
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    price_in: float | None = None  # per million input tokens
    price_out: float | None = None
    price_factor: float = 1.0  # 0.5 through the Batch API (half the realtime price)
    changed: Counter[str] = field(default_factory=Counter)  # a re-validation: "pass→review" and the like

    @property
    def clean(self) -> bool:
        """Every document of the inputs passed, now or in an earlier run, and the run finished."""
        return not self.stopped and set(self.status) | set(self.prior) <= {"pass"}

    @property
    def done(self) -> int:
        return sum(self.status.values())

    @property
    def cost(self) -> float | None:
        if self.price_in is None or self.price_out is None:
            return None
        return (self.input_tokens * self.price_in + self.output_tokens * self.price_out) * self.price_factor / 1e6

    def add(self, record: Mapping[str, Any]) -> None:
        self.status[str(record.get("status"))] += 1
        self.doc_types[str(record.get("doc_type") or record.get("task"))] += 1
        for finding in record.get("findings") or []:
            if isinstance(finding, Mapping) and finding.get("severity", "error") in ("error", "warning"):
                self.codes[str(finding.get("code"))] += 1
        meta: Mapping[str, Any] = record["meta"] if isinstance(record.get("meta"), Mapping) else {}
        usage: Mapping[str, Any] = meta["usage"] if isinstance(meta.get("usage"), Mapping) else {}
        self.input_tokens += int(usage.get("input_tokens") or usage.get("prompt_tokens") or 0)
        self.output_tokens += int(usage.get("output_tokens") or usage.get("completion_tokens") or 0)
        self.retries += max(0, int(meta.get("attempts") or 1) - 1)
        self.cached += bool(meta.get("cached"))

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "skipped": self.skipped, "skipped_status": dict(self.prior), "done": self.done,
                "status": dict(self.status),
                "doc_types": dict(self.doc_types), "codes": dict(self.codes), "input_tokens": self.input_tokens,
                "output_tokens": self.output_tokens, "retries": self.retries, "cached": self.cached,
                "estimated_cost": self.cost, "price_factor": self.price_factor, "stopped": self.stopped,
                "started": self.started, **({"changed": dict(self.changed)} if self.changed else {})}
