"""Audit runs: folders in, every document judged exactly once into a results file, resumable.

`run(inputs, doc_type=..., out=...)` (async) is the library form of `ocrcheck batch`; `run_sync`
wraps it for blocking code; `run_via_api` is the same run through the service's Batch API (half
price, answers within 24 hours; `ocrcheck batch --via batch-api`). See `_run` for the guarantees,
`_via_api` for the Batch API's and `_duplicates` for what counts as the same document.
`revalidate(archive, out=..., workers=N, backend="pool"|"dask"|"inline")` re-checks stored
answers with today's rules (`_revalidate`; on Dask: `ocrcheck.batch.dask`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from ._dry import dry_run
from ._duplicates import DuplicateIndex, identity
from ._engine import Checked, Engine, Stored
from ._inputs import Document, Inputs, expand, iter_documents
from ._results import ResultsFile, document_key
from ._revalidate import check_partition, revalidate
from ._run import Summary, run
from ._via_api import run_via_api


def run_sync(*args: Any, **kwargs: Any) -> Summary:
    """`run` for code without an event loop."""
    return asyncio.run(run(*args, **kwargs))


__all__ = [
    "Checked",
    "Document",
    "DuplicateIndex",
    "Engine",
    "Inputs",
    "ResultsFile",
    "Stored",
    "Summary",
    "check_partition",
    "document_key",
    "dry_run",
    "expand",
    "identity",
    "iter_documents",
    "revalidate",
    "run",
    "run_sync",
    "run_via_api",
]
