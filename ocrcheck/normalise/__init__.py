"""Normalise the markup answers of Qwen-OCR: HTML tables, LaTeX, documents and located text."""

from __future__ import annotations

from ._markup import Markup, markup_from_answer
from .latex import Formula, normalise_formula
from .tables import Table, TablesResult, normalise_tables

__all__ = ["Formula", "Markup", "Table", "TablesResult", "markup_from_answer", "normalise_formula", "normalise_tables"]
