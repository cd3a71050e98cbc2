"""Formulas from `formula_recognition` answers: delimiters, tokens, balance checks, Unicode.

The service writes `$$\\tilde { Q } ( x ) : = \\frac { 2 } { \\pi } \\Omega$$`: one space between
tokens, the im2markup style (normalise.md §1.3, §4.4). We strip the delimiters, tokenise, and give
the spaced form (idempotent) and a compact form for rendering. LaTeX is never executed or
compiled: it is tokenised, scanned, and parsed by pylatexenc, which reads `\\input` only when a
TeX input directory was set (we never set one). Dangerous macros are reported, not followed.

pylatexenc 2.11's limits shape the checks (normalise.md §3): tolerant mode hides unclosed braces
and environments, so its strict mode detects them; it does not pair `\\left`/`\\right`, so our
token scan does; a trailing `\\\\` is a false error in strict mode (#131), so it is removed
first; and it raises RecursionError at a few hundred levels, so nesting deeper than
`MAX_DEPTH` is a finding and pylatexenc is not called at all.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import LatexWalker, LatexWalkerError

from .._messages import finding
from .._models import Finding
from ._macros import FILES_OR_CODE, REDEFINING, macro_problems
from ._markup import markup_from_answer

# pylatexenc logs a warning for each macro it cannot render; our findings already say so, and a
# library must not print to the user's stderr through logging's last-resort handler.
logging.getLogger("pylatexenc").addHandler(logging.NullHandler())

MAX_DEPTH = 100  # braces, environments and \left groups together
MAX_LENGTH = 200_000  # characters; whole documents are about 170 KiB/s through pylatexenc
# \begin{name} and \end{name} are one token each (as im2markup prints them).
_TOKEN = re.compile(r"\\(?:begin|end)[ \t]*\{[^{}\n]{0,40}\}|\\[A-Za-z]+\*?|\\.|\\\Z|%[^\n]*|\s+|.", re.DOTALL)
_ENV = re.compile(r"\\(begin|end)[ \t]*\{([^{}]*)\}")
_TEXT_SPACE_MACROS = {"\\text", "\\mbox", "\\textrm", "\\textit", "\\textbf", "\\hbox", "\\textsf", "\\texttt"}
# Macros that read or write files, run programs or redefine the language. Never followed here.
DANGEROUS = REDEFINING | FILES_OR_CODE
KNOWN_ENVIRONMENTS = frozenset({
    "array", "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix",
    "cases", "dcases", "rcases", "aligned", "alignedat", "gathered", "split", "align", "align*",
    "alignat", "alignat*", "gather", "gather*", "equation", "equation*", "eqnarray", "eqnarray*",
    "multline", "multline*", "subarray", "CD", "darray", "tabular", "displaymath", "math",
})
_DELIMITERS = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"))
_FONT = {"\\mathrm", "\\mathbf", "\\mathit", "\\mathbb", "\\mathcal", "\\mathscr", "\\mathfrak", "\\mathsf",
         "\\mathtt", "\\textbf", "\\text", "\\boldsymbol", "\\bm", "\\operatorname", "\\displaystyle",
         "\\left", "\\right", "\\quad", "\\qquad", "\\,", "\\;", "\\:", "\\!", "\\ ", "~"}


@dataclass
class Formula:
    """One formula in every form a consumer needs, with its findings."""

    raw: str
    delimiter: str = ""
    body: str = ""
    tag: str | None = None
    tokens: list[str] = field(default_factory=list)
    unicode_text: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def spaced(self) -> str:
        """One space between tokens: the service's own style; `spaced(spaced(x)) == spaced(x)`."""
        return " ".join(self.tokens)

    @property
    def compact(self) -> str:
        """Tokens joined, with a space only where TeX needs one (after a control word, before a
        letter)."""
        out: list[str] = []
        for i, token in enumerate(self.tokens):
            out.append(token)
            following = self.tokens[i + 1] if i + 1 < len(self.tokens) else ""
            if re.fullmatch(r"\\[A-Za-z]+\*?", token) and following[:1].isalpha():
                out.append(" ")
        return "".join(out)

    @property
    def match_key(self) -> str:
        """For deduplication and fuzzy comparison only: fonts, spacing, `\\left`/`\\right` dropped,
        NFKC, lower case (OmniDocBench's idea, done on tokens so `\\leftarrow` survives)."""
        kept = [t for t in self.tokens if t not in _FONT]
        return unicodedata.normalize("NFKC", "".join(kept)).lower()

    def to_dict(self) -> dict[str, Any]:
        return {"delimiter": self.delimiter, "body": self.body, "tag": self.tag, "spaced": self.spaced,
                "compact": self.compact, "unicode_text": self.unicode_text,
                "findings": [f.model_dump(exclude_none=True) for f in self.findings]}


def tokenize(body: str) -> list[str]:
    """Control words, control symbols, single characters; spaces dropped except inside text-mode
    arguments, where each run becomes `~` (as im2markup); comments dropped."""
    tokens: list[str] = []
    text_depth: list[int] = []  # brace depths at which a text-mode argument opened
    depth = 0
    for token in _TOKEN.findall(body):
        if token.startswith("%"):
            continue
        env = _ENV.fullmatch(token)
        if env:
            token = f"\\{env.group(1)}{{{env.group(2).strip()}}}"
        if token.isspace() or (token == "~" and text_depth):
            # In text mode a run of spaces and ~ is one ~ token; in math mode spaces vanish.
            # Leading spaces of a text argument are dropped: `{ ~` would not survive re-spacing.
            if text_depth and tokens and tokens[-1] not in ("~", "{"):
                tokens.append("~")
            continue
        if token == "{":
            depth += 1
            if tokens and tokens[-1] in _TEXT_SPACE_MACROS:
                text_depth.append(depth)
        elif token == "}":
            if text_depth and text_depth[-1] == depth:
                text_depth.pop()
                if tokens and tokens[-1] == "~":
                    tokens.pop()
            depth -= 1
        tokens.append(token)
    return tokens


def split_delimiters(text: str) -> tuple[str, str, bool]:
    """(delimiter, body, closed): the outer math delimiters removed."""
    for opening, closing in _DELIMITERS:
        if text.startswith(opening):
            rest = text[len(opening):]
            if rest.endswith(closing) and len(rest) >= len(closing) and not rest.endswith("\\" + closing):
                return opening, rest[: len(rest) - len(closing)].strip(), True
            return opening, rest.strip(), False
    return "", text.strip(), True


def scan(tokens: list[str], *, field_name: str = "formula",
         environments: frozenset[str] | None = KNOWN_ENVIRONMENTS,
         document: bool = False) -> tuple[list[Finding], int]:
    """Balance of braces, `\\left`/`\\right` and environments; risky macros (_macros.py, which
    `document` tells whether a preamble is allowed); trailing `^`/`_`.

    Returns the findings and the deepest nesting seen (callers skip pylatexenc above MAX_DEPTH).
    """
    findings: list[Finding] = []
    stack: list[str] = []
    deepest = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        env = _ENV.fullmatch(token)
        if token in ("{", "\\left") or (env and env.group(1) == "begin"):
            name = token
            if env:
                if environments is not None and env.group(2).strip() not in environments:
                    findings.append(_latex(field_name, "unknown_environment", "warning", name=env.group(2)))
                name = "\\begin{" + env.group(2).strip() + "}"
            stack.append(name)
            deepest = max(deepest, len(stack))
            if len(stack) > MAX_DEPTH:
                findings.append(_latex(field_name, "too_deep", limit=MAX_DEPTH))
                return findings, len(stack)
        elif token in ("}", "\\right") or env:
            expected = {"}": "{", "\\right": "\\left"}.get(token, "")
            closer = "'}'" if token == "}" else token
            if env:
                expected = "\\begin{" + env.group(2).strip() + "}"
                closer = "\\end{" + env.group(2).strip() + "}"
            if not stack or stack[-1] != expected:
                if stack:
                    findings.append(_latex(field_name, "closes", closer=closer, opened=_shown(stack[-1])))
                else:
                    findings.append(_latex(field_name, "closes_nothing", closer=closer))
                if expected in stack:  # resynchronise: the inner openers were never closed
                    while stack and stack[-1] != expected:
                        findings.append(_latex(field_name, "never_closed", opened=_shown(stack.pop())))
                    stack.pop()
            else:
                stack.pop()
        elif token.startswith("\\") and (problems := macro_problems(tokens, i, document=document)):
            findings.extend(_latex(field_name, variant, severity, **ctx) for severity, variant, ctx in problems)
        elif token in ("^", "_") and (i + 1 == len(tokens) or tokens[i + 1] in ("}", "&", "\\\\", "^", "_")):
            findings.append(_latex(field_name, "no_argument", token=token))
        i += 1
    for opened in reversed(stack):
        findings.append(_latex(field_name, "never_closed", opened=_shown(opened)))
    return findings, deepest


def _shown(opener: str | None) -> str:
    return {"{": "'{'", "\\left": "\\left", "}": "'}'", "\\right": "\\right", None: "?"}.get(opener, str(opener))


def _latex(field_name: str, variant: str, severity: str = "error", **ctx: Any) -> Finding:
    return finding(field_name, "latex", variant, severity=severity, **ctx)


def strip_trailing_breaks(body: str) -> str:
    r"""`body` without its trailing run of `\\` line breaks (each may be followed by spaces).

    What `re.sub(r"(\\\\\s*)+\Z", "", body)` does, scanned from the end in linear time (the regex
    backtracks quadratically: 7 s on 30,000 characters of `\\`)."""
    end = cut = len(body)
    while True:
        while end and body[end - 1].isspace():
            end -= 1
        if end < 2 or body[end - 2 : end] != "\\\\":
            return body[:cut]
        end = cut = end - 2


def strict_parse(body: str, *, field_name: str = "formula") -> list[Finding]:
    """pylatexenc's strict parse: unclosed groups, missing macro arguments, with line:column."""
    body = strip_trailing_breaks(body)  # pylatexenc #131: a trailing \\ is a false error
    try:
        LatexWalker(body, tolerant_parsing=False).get_latex_nodes()
    except LatexWalkerError as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return [_latex(field_name, "does_not_parse", error=first)]
    except RecursionError:
        return [_latex(field_name, "parse_too_deep")]
    except Exception as error:  # pylatexenc 2.x has IndexError bugs (#99): a finding, never a crash
        return [_latex(field_name, "parser_failed", error=type(error).__name__)]
    return []


def to_unicode(body: str, *, math_mode: str = "text") -> str:
    """A Unicode preview (`\\tilde{Q}` → `Q̃`, `\\frac{2}{\\pi}` → `2/π`); lossy, for search only."""
    try:
        text = LatexNodes2Text(math_mode=math_mode, strict_latex_spaces=False).latex_to_text(squeeze_spaces(body))
    except Exception:  # RecursionError or a pylatexenc bug: no preview, the findings say why
        return ""
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())


_LONG_SPACE = re.compile(r"\s{65,}")


def squeeze_spaces(text: str) -> str:
    """Runs of more than 64 whitespace characters cut to what TeX reads them as: a paragraph
    break (two newlines or more), a newline, or one space. pylatexenc 2.11 gathers whitespace by
    string concatenation, which is quadratic: 200,000 spaces took 3.3 s, 100,000 took 0.85 s."""
    def short(run: re.Match[str]) -> str:
        newlines = run.group(0).count("\n")
        return "\n\n" if newlines >= 2 else "\n" if newlines else " "
    return _LONG_SPACE.sub(short, text)


def normalise_formula(answer: str | bytes | Mapping[str, Any], *, finish_reason: str | None = None) -> Formula:
    """A `formula_recognition` answer (raw or bare LaTeX) → Formula; problems are findings."""
    markup = markup_from_answer(answer)
    if finish_reason is not None:
        markup.finish_reason = finish_reason
    return formula_from_text(markup.text, cut=markup.cut, finish_reason=markup.finish_reason)


def formula_from_text(text: str, *, cut: bool = False, finish_reason: str | None = None,
                      field_name: str = "formula") -> Formula:
    formula = Formula(raw=text)
    if finish_reason == "length":
        formula.findings.append(finding(field_name, "truncated", "length"))
    elif cut:
        formula.findings.append(finding(field_name, "truncated", "fence_open"))
    if len(text) > MAX_LENGTH:
        formula.findings.append(_latex(field_name, "formula_too_long", limit=MAX_LENGTH))
        return formula
    delimiter, body, closed = split_delimiters(text.strip())
    formula.delimiter, formula.body = delimiter, body
    if not closed:
        formula.findings.append(finding(field_name, "truncated", "delimiter_open", delimiter=delimiter))
    tag = re.search(r"\\tag\*?\s*\{([^{}]*)\}", body)
    if tag:
        formula.tag = tag.group(1).strip()
        body = (body[: tag.start()] + body[tag.end():]).strip()
    formula.tokens = tokenize(body)
    if not formula.tokens:
        formula.findings.append(finding(field_name, "unparseable", "no_formula"))
        return formula
    problems, deepest = scan(formula.tokens, field_name=field_name)
    formula.findings.extend(problems)
    if deepest <= MAX_DEPTH and not any(f.code == "latex" and f.severity == "error" for f in problems):
        parse_problems = strict_parse(squeeze_spaces(body), field_name=field_name)
        formula.findings.extend(parse_problems)
        if not parse_problems:  # a preview of broken LaTeX is misleading (`\frac{a}` → `%s/%s`)
            formula.unicode_text = to_unicode(body)
    return formula
