"""`ocrcheck batch --dry-run`: what a run would send and cost, with nothing sent.

Every image and PDF is preflighted (the service's limits) and its image tokens estimated with
the service's resize formula; answers already on disk (`.json`) cost nothing. With `via="batch-api"`
the cost is half and the number of batch files is estimated (requests per file, and bytes: a
base64 image is 4/3 of the file, plus the request's prompt and schema).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from typing import TextIO

from .._exceptions import InputError
from ..client import build_request, check_image, estimate_tokens, resolve_config
from ..doctypes import get_doctype
from ._inputs import expand

LINE_OVERHEAD = 4096  # bytes of a request line besides the image: prompt, result schema, JSON


def dry_run(inputs: Iterable[str], *, doc_type: str | None, model: str | None, price_in: float | None,
            price_out: float | None, out: TextIO, via: str = "realtime", max_requests: int = 50_000,
            max_file_bytes: int = 500 << 20, task: str | None = None) -> int:
    if doc_type is not None:
        get_doctype(doc_type)
    used_model = model or resolve_config("sk-dry-run").model
    build_request(doc_type=doc_type, task=task).validate(used_model)
    documents = expand(inputs)
    tokens = refused = sent = size = 0
    for document in documents:
        if document.kind == "missing":
            out.write(f"MISSING  {document.path}: {document.reason}\n")
            refused += 1
        elif document.kind == "answer":
            out.write(f"ANSWER   {document.path}: checked directly, nothing sent\n")
        else:
            try:
                if document.kind == "image":
                    with open(document.path, "rb") as handle:
                        check_image(handle.read(), used_model, name=document.path)
                count = estimate_tokens(document.path, used_model)
            except (InputError, OSError) as error:
                out.write(f"REFUSED  {document.path}: {error}\n")
                refused += 1
                continue
            tokens += count
            sent += 1
            size += math.ceil(os.path.getsize(document.path) * 4 / 3) + LINE_OVERHEAD
            out.write(f"SEND     {document.path}: about {count} image tokens\n")
    factor = 0.5 if via == "batch-api" else 1.0
    cost = ""
    if price_in is not None:
        half = " at the Batch API's half price" if factor != 1 else ""
        cost = f", input cost about {tokens * price_in * factor / 1e6:.4f}{half} (output tokens come on top)"
    if via == "batch-api" and sent:
        files = max(math.ceil(sent / max_requests), math.ceil(size / max_file_bytes))
        out.write(f"Batch API: about {size / 1e6:.1f} MB of requests in about {files} batch file(s) "
                  f"(at most {max_requests} requests and {max_file_bytes} bytes each); PDFs count one page here\n")
    out.write(f"{len(documents)} documents: {sent} to send, {refused} refused or missing; "
              f"about {tokens} image tokens with {used_model}{cost}\n")
    return 1 if refused else 0
