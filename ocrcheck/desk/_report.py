"""`ocrcheck review report` and `review export`: the queue for auditors and for the ERP.

The report is one self-contained HTML file (no script, pictures as data: URIs, the same views as
the desk, read-only) that an auditor can archive beside the run. The export is one record per
entry with its latest decision and the corrected fields, as JSON Lines or as a spreadsheet-safe
CSV (a cell that a spreadsheet would read as a formula is prefixed with `'`).
"""

from __future__ import annotations

import base64
import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..normalise.tables import spreadsheet_safe_cell
from ..review_queue import ReviewQueue
from ._images import ImageError, document_png, image_path
from ._model import EntryView, Filters, as_dict, entry_views, masked, masked_corrections, masked_view, with_correction
from ._page import REPORT_CSP, esc, page
from ._views import Links, document_view, list_view

EXPORT_COLUMNS = ("id", "doc_type", "source", "status", "decision", "by", "decided", "note",
                  "corrections", "recheck_status", "fields")


def render_report(queue: str | Path, *, images: str | Path | None = None, show_pii: bool = False,
                  now: datetime | None = None, lang: str = "en") -> str:
    views = entry_views(ReviewQueue(queue).read(), lang)
    now = now or datetime.now(UTC)
    links = Links(report=True)
    images_dir = Path(images) if images else None
    sections = [list_view(views, Filters(state="all"), now, links)]
    for view in views:
        shown = view if show_pii else masked_view(view)
        sections.append(document_view(shown, links, image_src=_data_uri(view, images_dir), readonly=True))
    stamp = f"<p>Written {esc(now.isoformat(timespec='seconds'))} from {esc(Path(queue).name)}.</p>"
    return page("ocrcheck review report", stamp + "\n".join(sections), csp=REPORT_CSP)


def _data_uri(view: EntryView, images: Path | None) -> str | None:
    if image_path(view, images) is None:
        return None
    try:
        png = document_png(view, images)
    except ImageError:
        return None
    return "data:image/png;base64," + base64.b64encode(png).decode()


def export_records(queue: str | Path, *, show_pii: bool = False) -> list[dict[str, Any]]:
    out = []
    for view in entry_views(ReviewQueue(queue).read()):
        entry = view.entry if show_pii else masked(view.entry)
        fields = as_dict(view.entry.get("fields"))
        corrections = view.corrections
        for path, value in corrections.items():
            try:
                fields = with_correction(fields, path, value)
            except ValueError:
                continue
        latest = view.latest or {}
        shown = fields if show_pii else masked({**view.entry, "fields": fields})["fields"]
        out.append({
            "id": view.id,
            "doc_type": view.doc_type,
            "source": entry.get("source"),
            "status": view.entry.get("status"),
            "decision": view.state,
            "by": latest.get("by"),
            "decided": latest.get("created"),
            "note": latest.get("note"),
            "corrections": corrections if show_pii else masked_corrections(corrections, view.doc_type),
            "recheck_status": as_dict(latest.get("recheck")).get("status"),
            "fields": shown,
        })
    return out


def safe_cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False) if value is not None else ""
    return spreadsheet_safe_cell(text)


def export_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for record in records:
        writer.writerow([safe_cell(record.get(c)) for c in EXPORT_COLUMNS])
    return buffer.getvalue()


def export_jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records)
