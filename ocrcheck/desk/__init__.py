"""The reviewer's desk: where a person decides what the checks could not.

`DeskServer` (`ocrcheck review serve`) serves the review queue on loopback behind a random token:
the open documents with filters, each document with its picture, located text and failing boxes,
its fields and findings, one-click suggestions, corrections re-checked at once, and decisions
appended to the queue through its crash-safe writer. `render_report` writes the same views as one
static, script-free HTML file; `export_records` gives the ERP one record per entry.
"""

from __future__ import annotations

from ._decide import Decision, DecisionError, decide
from ._report import export_csv, export_jsonl, export_records, render_report
from ._server import DeskServer, is_loopback

__all__ = [
    "Decision",
    "DecisionError",
    "DeskServer",
    "decide",
    "export_csv",
    "export_jsonl",
    "export_records",
    "is_loopback",
    "render_report",
]
