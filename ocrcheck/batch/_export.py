"""`ocrcheck export results.jsonl --csv out.csv [--xlsx out.xlsx]`: one row per document.

Columns: `source, doc_type, status, reason, findings` (each `field:code`, `; `-joined), `task,
output` when records of `batch --task` are there, then every field key in the order first seen.
The latest record of each document counts (a `failed` one retried later shows its new outcome).
Cells a spreadsheet would read as a formula get a leading `'`
(`normalise.tables.spreadsheet_safe_cell`, the one rule for every CSV we write), in XLSX too.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from .._exceptions import InputError
from ..normalise.tables import spreadsheet_safe_cell
from ._results import ResultsFile

FIXED = ("source", "doc_type", "status", "reason", "findings")
TASK_COLUMNS = ("task", "output")


def safe(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return spreadsheet_safe_cell(text)


def rows(records: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[list[str]]]:
    records = list(records)
    keys: dict[str, None] = {}
    for record in records:
        found = record.get("fields")
        for key in found if isinstance(found, Mapping) else {}:
            keys.setdefault(str(key), None)
    tasks = [c for c in TASK_COLUMNS if any(c in record for record in records)]  # `batch --task` records
    header = [*FIXED, *tasks, *keys]
    out = []
    for record in records:
        fields: Mapping[str, Any] = record["fields"] if isinstance(record.get("fields"), Mapping) else {}
        findings: list[Any] = record["findings"] if isinstance(record.get("findings"), list) else []
        joined = "; ".join(f"{f.get('field') or '(document)'}:{f.get('code')}" for f in findings
                           if isinstance(f, Mapping) and f.get("severity", "error") in ("error", "warning"))
        fixed = [record.get("source"), record.get("doc_type"), record.get("status"), record.get("reason"), joined]
        fixed += [record.get(c) for c in tasks]
        out.append([safe(v) for v in fixed] + [safe(fields.get(k)) for k in keys])
    return header, out


def latest_records(path: str) -> list[dict[str, Any]]:
    found = ResultsFile(path).read()
    if not found.latest and found.skipped_lines == 0:
        raise InputError(f"no results in {path}")
    return list(found.latest.values())


def to_csv(header: list[str], body: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(body)
    return buffer.getvalue()


def to_xlsx(header: list[str], body: list[list[str]]) -> bytes:
    try:
        from openpyxl import Workbook
    except ImportError as error:
        raise InputError("--xlsx needs openpyxl: pip install 'ocrcheck[xlsx]'") from error
    book = Workbook(write_only=True)
    sheet = book.create_sheet("results")
    sheet.append(header)
    for row in body:
        sheet.append(row)  # every cell a string: nothing is ever a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
