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
from ._lazy import TYPE_CHECKING, lazy_attributes

if TYPE_CHECKING:
    from ._models import Finding, Result
    from ._records import Extraction, Verdict
    from .client import AsyncOcrClient, OcrClient, OcrResponse, RetryPolicy, estimate_tokens
    from .detection import Candidate, Detection
    from .doctypes import list_doctypes, result_schema
    from .normalise import draw_boxes, normalise_document, normalise_formula, normalise_tables, normalise_words
    from .parse import parse_response
    from .pipeline import check, check_extraction, check_response
    from .pipeline import detect as detect
    from .policy import Policy, load_policy
    from .review_queue import QueueError, QueueRead, ReviewQueue

# The public names, imported on first use (PEP 562): `ocrcheck check` on one file needs the
# engine, not the HTTP client, the normalisers or the review queue, and a cold start pays for
# every module it imports (issue 13; `ocrcheck._lazy`).
_LAZY = {
    "._models": ("Finding", "Result"),
    "._records": ("Extraction", "Verdict"),
    ".client": ("AsyncOcrClient", "OcrClient", "OcrResponse", "RetryPolicy", "estimate_tokens"),
    ".detection": ("Candidate", "Detection"),
    ".doctypes": ("list_doctypes", "result_schema"),
    ".normalise": ("draw_boxes", "normalise_document", "normalise_formula", "normalise_tables", "normalise_words"),
    ".parse": ("parse_response",),
    ".pipeline": ("check", "check_extraction", "check_response", "detect"),
    ".policy": ("Policy", "load_policy"),
    ".review_queue": ("QueueError", "QueueRead", "ReviewQueue"),
}
__getattr__, __dir__ = lazy_attributes(__name__, globals(), _LAZY)


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
    "Policy",
    "QueueError",
    "QueueRead",
    "RateLimited",
    "Result",
    "RetryPolicy",
    "ReviewQueue",
    "UnknownDocType",
    "Verdict",
    "__version__",
    "check",
    "check_extraction",
    "check_response",
    "detect",
    "draw_boxes",
    "estimate_tokens",
    "list_doctypes",
    "load_policy",
    "normalise_document",
    "normalise_formula",
    "normalise_tables",
    "normalise_words",
    "parse_response",
    "result_schema",
]
