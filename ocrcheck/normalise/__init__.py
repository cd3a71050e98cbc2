"""Normalise the markup answers of Qwen-OCR: HTML tables, LaTeX, documents and located text."""

from __future__ import annotations

from .tables import Table, TablesResult, normalise_tables

__all__ = ["Table", "TablesResult", "normalise_tables"]
