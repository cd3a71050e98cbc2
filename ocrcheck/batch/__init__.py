"""Audit runs: folders in, every document judged exactly once into a results file, resumable.

`run(inputs, doc_type=..., out=...)` (async) is the library form of `ocrcheck batch`; `run_sync`
wraps it for blocking code; `run_via_api` is the same run through the service's Batch API (half
price, answers within 24 hours; `ocrcheck batch --via batch-api`). See `_run` for the guarantees,
`_via_api` for the Batch API's and `_duplicates` for what counts as the same document.
`revalidate(archive, out=..., workers=N, backend="pool"|"dask"|"inline")` re-checks stored
answers with today's rules (`_revalidate`; on Dask: `ocrcheck.batch.dask`).

The names below are imported on first use (`ocrcheck._lazy`): `ocrcheck check` reads folders
with `_inputs` alone and must not pay for the HTTP client that `run` needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._lazy import lazy_attributes

if TYPE_CHECKING:
    from ._dry import dry_run
    from ._duplicates import DuplicateIndex, identity
    from ._engine import Checked, Engine, Stored
    from ._inputs import Document, Inputs, expand, iter_documents
    from ._results import ResultsFile, document_key
    from ._revalidate import check_partition, revalidate
    from ._run import Summary, run
    from ._via_api import run_via_api

_EXPORTS = {
    "._dry": ("dry_run",),
    "._duplicates": ("DuplicateIndex", "identity"),
    "._engine": ("Checked", "Engine", "Stored"),
    "._inputs": ("Document", "Inputs", "expand", "iter_documents"),
    "._results": ("ResultsFile", "document_key"),
    "._revalidate": ("check_partition", "revalidate"),
    "._run": ("Summary", "run"),
    "._via_api": ("run_via_api",),
}
__getattr__, __dir__ = lazy_attributes(__name__, globals(), _EXPORTS)


def run_sync(*args: Any, **kwargs: Any) -> Summary:
    """`run` for code without an event loop."""
    import asyncio

    from ._run import run

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
