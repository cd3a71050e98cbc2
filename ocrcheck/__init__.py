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

__version__ = "0.1.0"

__all__ = [
    "ApiError",
    "AuthError",
    "ConfigError",
    "Extraction",
    "Finding",
    "InputError",
    "OcrcheckError",
    "RateLimited",
    "Result",
    "UnknownDocType",
    "__version__",
]
