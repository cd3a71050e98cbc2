"""Audit runs: folders in, every document judged exactly once into a results file, resumable.

`run(inputs, doc_type=..., out=...)` (async) is the library form of `ocrcheck batch`; `run_sync`
wraps it for blocking code. See `_run` for the guarantees and `_duplicates` for what counts as
the same document.
"""

from __future__ import annotations

import asyncio
from typing import Any

from ._dry import dry_run
from ._duplicates import DuplicateIndex, identity
from ._inputs import Document, expand
from ._results import ResultsFile, document_key
from ._run import Summary, run


def run_sync(*args: Any, **kwargs: Any) -> Summary:
    """`run` for code without an event loop."""
    return asyncio.run(run(*args, **kwargs))


__all__ = [
    "Document",
    "DuplicateIndex",
    "ResultsFile",
    "Summary",
    "document_key",
    "dry_run",
    "expand",
    "identity",
    "run",
    "run_sync",
]
