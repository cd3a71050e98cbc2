"""`ocrcheck batch --dry-run`: what a run would send and cost, with nothing sent.

Every image and PDF is preflighted (the service's limits) and its image tokens estimated with
the service's resize formula; answers already on disk (`.json`) cost nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from .._exceptions import InputError
from ..client import check_image, estimate_tokens, resolve_config
from ..doctypes import get_doctype
from ._inputs import expand


def dry_run(inputs: Iterable[str], *, doc_type: str, model: str | None, price_in: float | None,
            price_out: float | None, out: TextIO) -> int:
    get_doctype(doc_type)
    used_model = model or resolve_config("sk-dry-run").model
    documents = expand(inputs)
    tokens = refused = sent = 0
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
            out.write(f"SEND     {document.path}: about {count} image tokens\n")
    cost = ""
    if price_in is not None:
        cost = f", input cost about {tokens * price_in / 1e6:.4f} (output tokens come on top)"
    out.write(f"{len(documents)} documents: {sent} to send, {refused} refused or missing; "
              f"about {tokens} image tokens with {used_model}{cost}\n")
    return 1 if refused else 0
