"""The live progress line (rich, on a terminal) and the summary printed at the end of a run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TextIO

from ._run import Summary


class Progress:
    """done/total, rate, ETA, review and failure counts, retries, cached answers and tokens."""

    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.summary: Summary | None = None
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            console = Console(file=self.stream, stderr=True)
            self._bar = Bar(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                            TimeRemainingColumn(), TextColumn("{task.fields[counts]}"), console=console,
                            transient=False, refresh_per_second=4)
            self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def start(self, summary: Summary) -> None:
        self.summary = summary
        if self._bar is not None:
            self._task = self._bar.add_task("batch", total=summary.total, rate="", counts="")

    def advance(self, record: Mapping[str, Any]) -> None:
        if self._bar is None or self._task is None or self.summary is None:
            return
        s = self.summary
        task = self._bar.tasks[0]
        rate = f"{task.speed:.1f} doc/s" if task.speed else ""
        counts = (f"review {s.status.get('review', 0)}  failed {s.status.get('failed', 0)}  "
                  f"retries {s.retries}  cached {s.cached}  tokens {s.input_tokens + s.output_tokens}")
        self._bar.update(self._task, completed=s.done + s.skipped, rate=rate, counts=counts)

    def note(self, text: str) -> None:
        if self._bar is not None:
            self._bar.console.print(text)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()


def render_summary(summary: Summary) -> str:
    """A plain-text table: by status, by document type, by finding code; tokens and cost."""
    s = summary
    before = f" ({', '.join(f'{k} {v}' for k, v in sorted(s.prior.items()))})" if s.prior else ""
    lines = [f"documents {s.total}: {s.done} judged now, {s.skipped} already in the results file{before}"]
    statuses = "  ".join(f"{k} {v}" for k, v in sorted(s.status.items()))
    lines.append(f"status    {statuses or '-'}")
    if s.doc_types:
        lines.append("types     " + "  ".join(f"{k} {v}" for k, v in sorted(s.doc_types.items())))
    if s.codes:
        lines.append("findings  " + "  ".join(f"{k} {v}" for k, v in s.codes.most_common()))
    cost = f"  estimated cost {s.cost:.4f}" if s.cost is not None else "  (cost: give --price-in and --price-out)"
    if s.price_factor != 1 and s.cost is not None:
        cost += " at the Batch API's half price" if s.price_factor == 0.5 else f" at {s.price_factor:g}x the price"
    lines.append(f"tokens    in {s.input_tokens}  out {s.output_tokens}{cost}")
    lines.append(f"service   retries {s.retries}  answers from the store (not paid again) {s.cached}")
    if s.stopped:
        left = s.total - s.done - s.skipped
        lines.append(f"stopped   {s.stopped}; {left} documents not judged: run the same command again to go on")
    return "\n".join(lines)
