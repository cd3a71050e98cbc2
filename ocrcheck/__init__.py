"""ocrcheck: make the output of Alibaba Cloud's Qwen-OCR service trustworthy."""

from __future__ import annotations

from ._exceptions import (
    ApiError,
    AuthError,
    ConfigError,
    InputError,
    OcrcheckError,
    RateLimited,
    UnknownDocType,
)
from ._models import Extraction, Finding, Result
from .client import AsyncOcrClient, OcrClient, OcrResponse, RetryPolicy, estimate_tokens
from .detection import Candidate, Detection
from .doctypes import list_doctypes, result_schema
from .normalise import draw_boxes, normalise_document, normalise_formula, normalise_tables, normalise_words
from .parse import parse_response
from .pipeline import check, check_extraction, check_response, detect
from .review_queue import QueueError, QueueRead, ReviewQueue

__version__ = "0.1.0"

__all__ = [
    "ApiError",
    "AsyncOcrClient",
    "AuthError",
    "Candidate",
    "ConfigError",
    "Detection",
    "Extraction",
    "Finding",
    "InputError",
    "OcrClient",
    "OcrResponse",
    "OcrcheckError",
    "QueueError",
    "QueueRead",
    "RateLimited",
    "Result",
    "RetryPolicy",
    "ReviewQueue",
    "UnknownDocType",
    "__version__",
    "check",
    "check_extraction",
    "check_response",
    "detect",
    "draw_boxes",
    "estimate_tokens",
    "list_doctypes",
    "normalise_document",
    "normalise_formula",
    "normalise_tables",
    "normalise_words",
    "parse_response",
    "result_schema",
]
