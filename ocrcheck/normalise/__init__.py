"""Normalise the markup answers of Qwen-OCR: HTML tables, LaTeX, documents and located text."""

from __future__ import annotations

from ._markup import Markup, markup_from_answer
from .boxes import Word, WordsResult, normalise_words
from .document import Document, normalise_document
from .draw import draw_boxes
from .latex import Formula, normalise_formula
from .tables import Table, TablesResult, normalise_tables

__all__ = [
    "Document",
    "Formula",
    "Markup",
    "Table",
    "TablesResult",
    "Word",
    "WordsResult",
    "draw_boxes",
    "markup_from_answer",
    "normalise_document",
    "normalise_formula",
    "normalise_tables",
    "normalise_words",
]
