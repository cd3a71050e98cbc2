"""Every bundled `*.fields.json` fixture, as (doc type, path): the cases the engine's
equivalence tests (fast against plain, the engine's Result against a validated one) run over."""

from __future__ import annotations

from pathlib import Path

from ocrcheck.doctypes import list_doctypes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CASES = sorted(
    (doc_type, path)
    for doc_type in list_doctypes()
    if (FIXTURES / doc_type).is_dir()
    for path in (FIXTURES / doc_type).glob("*.fields.json")
)
CASE_IDS = [f"{doc_type}/{path.name}" for doc_type, path in CASES]
