"""LaTeX macros that are a risk when model output is compiled or rendered, read off the tokens.

ocrcheck never compiles LaTeX, but a consumer may (pdfLaTeX, LaTeXML, KaTeX), so a reviewer
must see what would act beyond typesetting (normalise.md §3b, check F6; KaTeX's security notes
and advisories: `\\href`/`\\url`/`\\includegraphics` are its `trust`-gated commands, and
`\\includegraphics` once let JavaScript through):

* redefinitions (`\\def`, `\\newcommand`, `\\renewcommand`, …) change what every later token
  means, and are how TeX macro bombs and `maxExpand` bypasses are built: error;
* file and shell access (`\\input`, `\\include`, `\\InputIfFileExists`, `\\write18`, …): error;
* `\\href`/`\\url` to a scheme other than http, https or mailto (`javascript:`, `data:`,
  `file:`): error, since a renderer that honours links would follow it;
* `\\includegraphics` names a file a compiler or renderer would read: warning;
* `\\usepackage`/`\\RequirePackage`: in a formula a preamble command that does not belong there
  (warning); in a document a package that needs shell escape or runs code (`minted`,
  `pythontex`, `shellesc`, …, TeX FAQ "spawnprog") is a warning, any other package is info.

Each check reads at most `MAX_ARGUMENT_TOKENS` tokens of its argument, so a document of
`\\href\\href\\href…` costs time linear in its length.
"""

from __future__ import annotations

from typing import Any

REDEFINING = frozenset({
    "\\def", "\\edef", "\\gdef", "\\xdef", "\\let", "\\catcode", "\\csname", "\\scantokens",
    "\\newcommand", "\\renewcommand", "\\providecommand", "\\DeclareRobustCommand", "\\newenvironment",
    "\\renewenvironment",
})
FILES_OR_CODE = frozenset({
    "\\input", "\\include", "\\includeonly", "\\InputIfFileExists", "\\IfFileExists", "\\write",
    "\\write18", "\\immediate", "\\openout", "\\openin", "\\read", "\\directlua", "\\latelua",
    "\\special", "\\ShellEscape", "\\lstinputlisting", "\\verbatiminput",
})
URL_MACROS = frozenset({"\\href", "\\url"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
PACKAGE_MACROS = frozenset({"\\usepackage", "\\RequirePackage"})
# Packages that call external programs (through \write18) or run embedded code.
CODE_PACKAGES = frozenset({
    "minted", "pythontex", "shellesc", "bashful", "sagetex", "gnuplottex", "auto-pst-pdf",
    "luacode", "luatextra", "catchfile", "write18", "pyluatex", "latexalpha2", "markdown",
})
MAX_ARGUMENT_TOKENS = 512
Problem = tuple[str, str, dict[str, Any]]  # (severity, variant of a `latex` finding, its ctx)


def macro_problems(tokens: list[str], i: int, *, document: bool) -> list[Problem]:
    """What is wrong with the macro at `tokens[i]` (nothing for an ordinary macro)."""
    token = tokens[i]
    if token == "\\write" and tokens[i + 1 : i + 3] == ["1", "8"]:
        return [("error", "write18", {})]
    if token in REDEFINING:
        return [("error", "redefines", {"macro": token})]
    if token in FILES_OR_CODE:
        return [("error", "files_or_code", {"macro": token})]
    if token in URL_MACROS:
        target = argument(tokens, i + 1)
        scheme = _scheme(target) if target is not None else None
        if scheme is not None and scheme not in SAFE_SCHEMES:
            return [("error", "risky_url", {"macro": token, "scheme": scheme})]
        return []
    if token == "\\includegraphics":
        target = argument(tokens, i + 1)
        if target:
            return [("warning", "includegraphics_file", {"file": target[:60]})]
        return [("warning", "includegraphics", {})]
    if token in PACKAGE_MACROS:
        return _packages(token, argument(tokens, i + 1), document=document)
    return []


def argument(tokens: list[str], start: int) -> str | None:
    """The text of the first `{…}` argument at `start`, after an optional `[…]`; None if absent.

    Reads at most MAX_ARGUMENT_TOKENS tokens. Spaces are gone from math-mode tokens, which is
    what we want for a scheme (`java script:` still reads `javascript:`)."""
    end = min(len(tokens), start + MAX_ARGUMENT_TOKENS)
    i = start
    if i < end and tokens[i] == "[":
        while i < end and tokens[i] != "]":
            i += 1
        i += 1
    if i >= end or tokens[i] != "{":
        return None
    depth, parts = 0, list[str]()
    for token in tokens[i:end]:
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth == 0:
            return "".join(parts[1:])
        parts.append(token)
    return None


def _scheme(target: str) -> str | None:
    """The URL scheme in lower case (RFC 3986 §3.1: letter, then letters, digits, + - .)."""
    head, colon, _ = target.strip().partition(":")
    if not colon or not head or not head[0].isalpha():
        return None
    if not all(ch.isalnum() or ch in "+-." for ch in head):
        return None
    return head.lower()


def _packages(token: str, names: str | None, *, document: bool) -> list[Problem]:
    if not document:
        return [("warning", "preamble_in_formula", {"macro": token})]
    packages = [name.strip() for name in (names or "").split(",") if name.strip()]
    risky = [name for name in packages if name in CODE_PACKAGES]
    if risky:
        return [("warning", "risky_packages", {"macro": token, "packages": risky})]
    if not packages:
        return [("info", "no_packages", {"macro": token})]
    return [("info", "packages", {"macro": token, "packages": packages})]
