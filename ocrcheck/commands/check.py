"""`ocrcheck check --type TYPE [--format text|json] [--review-queue PATH] [--mask-pii] [--quiet] FILE|DIR...`

A DIR is read recursively for its JSON answers (`_check_inputs`); the run ends with a summary
line on standard error (`12 documents: 9 pass, 3 review (checksum 2, date 1)`), left out with
`--quiet`. Standard output keeps one result per document.

`emit_results` is the one loop over documents (`check` and `scan --type` both use it). Its
promise: every document gets exactly one result line, whatever happens to another one.

* A FILE that cannot be read (missing, a directory, no permission, larger than `MAX_INPUT_BYTES`)
  is a result for review with an `unparseable` finding giving the OS reason.
* A bug of ocrcheck on one document is that document's `internal` finding (exception type and
  message); `--debug` adds the traceback on standard error.
* Exit 2 only when the command cannot run at all, which is decided before the first document:
  an unknown type, an unusable review queue path or key.
* A reader that goes away (`ocrcheck check ... | head -1`) does not change the verdict: the
  remaining documents are still checked and queued, and the exit status is 1 if any went to review
  (the command line's rule for every command, `ocrcheck.cli`).
* `--mask-pii` masks identity numbers in everything printed (standard output in both formats,
  error lines) as in the queue.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import clock
from .._exceptions import OcrcheckError
from .._messages import DEFAULT_LANG, finding, localise_result
from .._output import json_line, printable, result_record, text_block, write_text
from .._records import is_result, new_result, plain_results
from ..doctypes import get_doctype, list_doctypes
from ..engine import EXTRA
from ..pipeline import AUTO, check_response
from ..policy import resolve
from ._check_inputs import Tally, check_inputs
from ._lang import add_lang

if TYPE_CHECKING:
    from .._models import Result

MAX_INPUT_BYTES = 64 << 20
MAX_ERROR_TEXT = 500

# One document of a run: its name, and the call that checks it → (result, raw answer for the queue).
Document = tuple[str, Callable[[], "tuple[Result, Any]"]]


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("check", help="check service answers (or bare field objects) of one document type")
    parser.add_argument(
        "--type",
        "-t",
        required=True,
        dest="doc_type",
        help="document type id (see `ocrcheck types`), or `auto` to detect it (see `ocrcheck detect`)",
    )
    parser.add_argument(
        "--unmapped",
        choices=("keep", "extra"),
        default="keep",
        help="keys that are no field's label: kept among the fields with a warning (keep), or under "
        "fields.extra, for answers made without a schema (extra; implied by --type auto)",
    )
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    add_lang(parser)
    parser.add_argument(
        "--review-queue", "-q", metavar="PATH", help="append documents that need review to this JSONL queue"
    )
    parser.add_argument("--mask-pii", action="store_true", help="mask identity numbers in all output and the queue")
    add_judging_options(parser)
    parser.add_argument("--debug", action="store_true", help="print the traceback of an internal error")
    parser.add_argument("--quiet", action="store_true", help="no summary line on standard error at the end")
    parser.add_argument(
        "files", nargs="+", metavar="FILE",
        help="a service answer or a JSON object of fields; - reads stdin; a folder: its .json files, recursively",
    )
    parser.set_defaults(func=run)


def add_judging_options(parser: argparse.ArgumentParser) -> None:
    """The options that decide a verdict besides the rule files (`check`, `scan`, `batch`)."""
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="judge documents on this day (default today): expiry, dates in the future, two-digit years",
    )
    parser.add_argument(
        "--policy",
        metavar="NAME|FILE",
        help="overlay the rule files with a policy: a shipped one (kyc, audit) or a policy file (TOML)",
    )


def judging_options(args: argparse.Namespace) -> dict[str, Any]:
    """`--as-of` and `--policy`, read once for the whole run (a run across midnight judges every
    document on one day); a bad date or policy file is a usage error (exit 2) before any document
    is read, the latter naming the file and the key."""
    return {"as_of": clock.as_date(args.as_of) or clock.today(), "policy": resolve(args.policy)}


def read_input(name: str) -> tuple[str, Any]:
    """(source name, content): raw text, decoded later by the parser. Unreadable → OcrcheckError
    naming the file and the OS reason."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
            source = "<stdin>"
        else:
            with Path(name).open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
            source = name
    except OSError as error:
        raise OcrcheckError(f"cannot read {name}: {error.strerror or error}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise OcrcheckError(f"cannot read {name}: larger than {MAX_INPUT_BYTES} bytes")
    return source, data.decode("utf-8", errors="replace")


def _document_result(source: str, doc_type: str, code: str, variant: str, error: str) -> Result:
    found = finding("", code, variant, error=error)
    return new_result(source, doc_type, "review", {}, [found], {}, validate=True)


def _error_text(error: BaseException) -> str:
    try:
        text = str(error)
    except Exception:
        text = ""
    text = text if len(text) <= MAX_ERROR_TEXT else text[:MAX_ERROR_TEXT] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def check_file(name: str, doc_type: str, unmapped: Any = "keep", **options: Any) -> tuple[Result, Any]:
    """(result, raw content) of one FILE; an unreadable one is a result for review, not an error.
    `options` are `judging_options` (`as_of`)."""
    try:
        source, content = read_input(name)
    except OcrcheckError as error:  # missing, a directory, no permission, too large
        return _document_result(name, doc_type, "unparseable", "cannot_read", str(error)), None
    return check_response(content, doc_type, source=source, unmapped=unmapped, **options), content


def _open_queue(path: str, doc_type: str | None, mask_pii: bool) -> Any:
    """The review queue, checked before any document: an unusable path or key exits 2 up front."""
    from ..review_queue import ReviewQueue

    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise OcrcheckError(f"review queue {path} is a directory")
    if not os.path.isdir(folder):
        raise OcrcheckError(f"review queue {path}: no directory {folder}")
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise OcrcheckError(f"review queue {path} is not writable")
    if not os.path.exists(path) and not os.access(folder, os.W_OK | os.X_OK):
        raise OcrcheckError(f"review queue {path}: directory {folder} is not writable")
    pii_fields = get_doctype(doc_type).pii_fields if doc_type and doc_type != AUTO else ()
    queue = ReviewQueue(path, mask_pii=mask_pii, pii_fields=pii_fields)
    queue.key()  # resolves (or creates) the key now, so a bad key is a usage error, not a late one
    return queue


def _stderr(text: str) -> None:
    try:
        write_text(printable(text) + "\n", sys.stderr)
        sys.stderr.flush()
    except OSError:
        pass


def emit_results(
    documents: Iterable[Document | tuple[Result, Any]],
    fmt: str,
    queue_path: str | None = None,
    *,
    mask_pii: bool = False,
    doc_type: str | None = None,
    debug: bool = False,
    on_result: Callable[[Result], None] | None = None,
    lang: str = DEFAULT_LANG,
) -> int:
    """Check, print and route each document (isolated from the others); the exit status (0 or 1).

    `documents` yields `(source, call)` pairs (the call is made here, inside the isolation) or,
    for callers that already hold results, `(Result, raw)` pairs. Messages are printed and
    queued in `lang`."""
    queue = _open_queue(queue_path, doc_type, mask_pii) if queue_path else None
    status = 0
    for document in documents:
        result, raw = _run_one(document, doc_type, mask_pii, debug)
        result = localise_result(result, lang)
        try:
            line = _render(result, fmt, mask_pii)
        except Exception as error:  # printing is isolated too: the document still gets its line
            result, raw = _internal(result.source or "-", result.doc_type, error, mask_pii, debug), None
            line = _render(result, fmt, mask_pii)
        write_text(line + "\n")
        sys.stdout.flush()  # one document, one line, as it is checked
        if on_result is not None:
            on_result(result)
        if result.status != "review":
            continue
        status = 1
        if queue is not None:
            try:
                queue.append(result, raw)
            except Exception as error:  # the line is printed; say on stderr that it is not queued
                message = f"ocrcheck: {result.source or '-'} was not queued: {_error_text(error)}"
                _stderr(_scrubbed(message, ids_only=True) if mask_pii else message)
    return status


def _render(result: Result, fmt: str, mask_pii: bool) -> str:
    pii_fields = _pii_fields(result)
    record = result_record(result)
    if mask_pii:
        from .. import pii  # on first use: masking is asked for, and hmac with it

        record = pii.mask_record(record, pii_fields)
    return json_line(record) if fmt == "json" else text_block(record, pii_fields)


def _scrubbed(text: str, *, ids_only: bool) -> str:
    """`text` with what looks like an ID number (or, for a traceback, any run of digits) masked."""
    from .. import pii  # on first use: only `--mask-pii` needs it, and hmac with it

    return pii.scrub_text(text, (), pii.ID_SHAPED if ids_only else pii.DIGIT_RUN)


def _internal(source: str, doc_type: str, error: BaseException, mask_pii: bool, debug: bool) -> Result:
    if debug:
        trace = "".join(traceback.format_exception(error))
        _stderr(_scrubbed(trace, ids_only=False) if mask_pii else trace)
    return _document_result(source, doc_type, "internal", "exception", _error_text(error))


@functools.cache
def _known_types() -> frozenset[str]:
    return frozenset(list_doctypes())  # read once: listing the catalogue's files costs 1 ms a call


def _pii_fields(result: Result) -> tuple[str, ...]:
    """The type's PII fields; what did not map (`extra`) is unknown, so it counts as PII too."""
    known = get_doctype(result.doc_type).pii_fields if result.doc_type in _known_types() else ()
    return (*known, EXTRA) if EXTRA in result.fields else known


def _run_one(
    document: Document | tuple[Result, Any], doc_type: str | None, mask_pii: bool, debug: bool
) -> tuple[Result, Any]:
    first, second = document
    if is_result(first):
        return first, second
    try:
        return second()
    except Exception as error:  # an ocrcheck bug on this document: its finding, not the run's end
        return _internal(str(first), doc_type or "unknown", error, mask_pii, debug), None


def run(args: argparse.Namespace) -> int:
    doc_type: str = args.doc_type
    if doc_type != AUTO:
        get_doctype(doc_type)  # unknown type: exit 2 before reading anything
    options = judging_options(args)
    tally = Tally()
    documents = ((name, _checker(name, doc_type, args.unmapped, options)) for name in check_inputs(args.files, tally))
    # Results only printed and counted here: plain ones, made without importing pydantic, which
    # is more than half of a one-file run (`ocrcheck._records`); the queue makes its own models.
    with plain_results():
        status = emit_results(
            documents, args.format, args.review_queue, mask_pii=args.mask_pii, doc_type=doc_type, debug=args.debug,
            on_result=tally.add, lang=args.lang,
        )
    if not args.quiet:
        _stderr(tally.line())
    return status


def _checker(name: str, doc_type: str, unmapped: str, options: dict[str, Any]) -> Callable[[], tuple[Result, Any]]:
    return lambda: check_file(name, doc_type, unmapped, **options)
