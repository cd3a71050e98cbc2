"""`ocrcheck latex FILE [--to latex|compact|text] [--document]`: check and normalise LaTeX.

FILE is a `formula_recognition` or `document_parsing` answer (any wire format) or bare LaTeX; `-`
reads standard input. A whole document (`\\documentclass`, `\\begin{document}`) is recognised by
itself, or forced with `--document`. LaTeX is never compiled. Output goes to standard output,
findings to standard error (or into the JSON object with `--format json`). Exit status: 0 clean,
1 findings, 2 could not run.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from ..normalise import markup_from_answer, normalise_formula
from ..normalise.document import normalise_document
from .table import exit_status, read_source, report

_DOCUMENT = re.compile(r"\\documentclass|\\begin\{document\}|\\section\*?\{|\\begin\{tabular\}")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("latex", help="check a formula_recognition or document_parsing answer")
    parser.add_argument("file", metavar="FILE", help="a service answer or bare LaTeX; - reads standard input")
    parser.add_argument("--to", choices=("latex", "compact", "text"), default="latex",
                        help="latex: one space between tokens (the service's style); compact; text: Unicode")
    parser.add_argument("--document", action="store_true", help="read FILE as a whole document")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def run(args: Any) -> int:
    source, text = read_source(args.file)
    try:
        answer: Any = json.loads(text)
    except ValueError:
        answer = text
    if args.document or _DOCUMENT.search(markup_from_answer(answer).text):
        document = normalise_document(answer)
        output = document.text if args.to == "text" else document.latex
        body = {"source": source, "kind": "document", **document.to_dict()}
        findings = document.findings
    else:
        formula = normalise_formula(answer)
        output = {"latex": formula.spaced, "compact": formula.compact, "text": formula.unicode_text}[args.to]
        body = {"source": source, "kind": "formula", **formula.to_dict()}
        findings = formula.findings
    if args.format == "json":
        sys.stdout.write(json.dumps({**body, "output": output}, ensure_ascii=False) + "\n")
    else:
        if output:
            sys.stdout.write(output + "\n")
        report(source, findings)
    return exit_status(findings)
