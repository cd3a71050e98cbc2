"""Exceptions: for configuration, usage and transport problems only.

Anything wrong with a *document* is a Finding, never an exception.

    OcrcheckError
    ├── ConfigError          a schema or rule file is wrong (names the file and key)
    ├── UnknownDocType       no such document type
    ├── InputError           an input we refuse before spending a request (image limits, ...)
    └── ApiError             the service answered with an error (status, code, message, request_id)
        ├── AuthError        InvalidApiKey, 401/403
        └── RateLimited      429 / Throttling*, after retries ran out
"""

from __future__ import annotations


class OcrcheckError(Exception):
    """Base class of every exception ocrcheck raises on purpose."""


class ConfigError(OcrcheckError):
    """A schema or rule file is invalid. The message names the file and the key."""

    def __init__(self, path: str, key: str, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        super().__init__(f"{path}: {key}: {problem}")


class UnknownDocType(OcrcheckError, KeyError):
    def __init__(self, doc_type: str, known: list[str]) -> None:
        self.doc_type = doc_type
        self.known = known
        super().__init__(doc_type)

    def __str__(self) -> str:
        try:
            name = repr(self.doc_type)
        except ValueError:  # an integer too long to print
            name = f"<a {type(self.doc_type).__name__}>"
        name = name if len(name) <= 80 else name[:77] + "..."  # a hostile id is not echoed in full
        return f"unknown document type {name}; `ocrcheck types` lists the {len(self.known)} known ones"


class InputError(OcrcheckError, ValueError):
    """An input violates a documented limit; no request was sent."""


class ApiError(OcrcheckError):
    """The service answered with an error."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.code = code
        self.message = message
        self.request_id = request_id
        super().__init__(message)

    def __str__(self) -> str:
        parts = [f"HTTP {self.status_code}" if self.status_code else "error"]
        if self.code:
            parts.append(self.code)
        text = " ".join(parts) + f": {self.message}"
        if self.request_id:
            text += f" (request_id {self.request_id})"
        return text


class AuthError(ApiError):
    """The API key was refused (InvalidApiKey, 401, 403)."""


class RateLimited(ApiError):
    """Throttled (429) and retries ran out."""
