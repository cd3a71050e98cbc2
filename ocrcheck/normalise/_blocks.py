"""Equations and `tabular` blocks of a LaTeX document, found in time linear in its length.

These used to be lazy regexes (`\\\\[(.+?)\\\\]`, `\\\\begin{tabular}(.*?)\\\\end{tabular}`): every
opener without a closer scanned to the end of the document, so 20,000 unclosed `\\\\[` took
seconds and 100,000 characters of them minutes. Here each closer is looked for with `str.find`
and the answer is remembered: the first `\\\\]` at or after a position is also the first one at
or after any later position up to it, and "none after p" holds for every later p, so every
closer is searched for at most once per stretch of text (`_Closers`).

What is found is what the regexes found: `$$…$$`, `\\\\[…\\\\]`, `\\\\(…\\\\)` with at least one
character inside, the display environments, and `$…$` (not after `\\\\` or `$`, no `$` inside,
the closing `$` not escaped); scanning resumes after a match, or one character on after an
opener with no closer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DISPLAY_ENVIRONMENTS = ("equation", "equation*", "align", "align*", "gather", "gather*", "multline",
                        "multline*", "eqnarray", "eqnarray*", "displaymath")
TABULAR_ENVIRONMENTS = ("tabular", "tabularx", "tabular*", "longtable", "array")
_OPENER = re.compile(
    r"\$\$|\$|\\\[|\\\(|\\begin\{(" + "|".join(re.escape(n) for n in DISPLAY_ENVIRONMENTS) + r")\}"
)
_TABULAR_OPENER = re.compile(r"\\begin\{(" + "|".join(re.escape(n) for n in TABULAR_ENVIRONMENTS) + r")\}")


@dataclass(frozen=True)
class Block:
    """One delimited block: where it starts and ends in the text, its opener and its inside."""

    start: int
    end: int
    delimiter: str  # "$$", "\\[", "\\(", "$" or the environment's name
    inner: str


class _Closers:
    """`text.find(needle, start)` for non-decreasing starts per needle, each stretch read once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[str, tuple[int, int]] = {}  # needle → (searched from, found or -1)

    def find(self, needle: str, start: int) -> int:
        searched_from, found = self.known.get(needle, (len(self.text) + 1, -1))
        if not (searched_from <= start and (found == -1 or found >= start)):
            searched_from, found = start, self.text.find(needle, start)
            self.known[needle] = (searched_from, found)
        return found


_PAIRS = {"$$": "$$", "\\[": "\\]", "\\(": "\\)"}


def equations(text: str) -> list[Block]:
    """Every equation in document order, as the former `_EQUATION` regex found them."""
    closers = _Closers(text)
    found: list[Block] = []
    position = 0
    while (match := _OPENER.search(text, position)) is not None:
        block = _closed(text, match, closers)
        if block is None:
            position = match.start() + 1
            continue
        found.append(block)
        position = block.end
    return found


def _closed(text: str, match: re.Match[str], closers: _Closers) -> Block | None:
    """The block `match` opens, or None when nothing closes it."""
    opener, at = match.group(0), match.start()
    if opener == "$":
        if at > 0 and text[at - 1] in "\\$":
            return None
        end = text.find("$", at + 1)  # the inside may hold no `$`: only the next one can close
        if end <= at + 1 or text[end - 1] == "\\":
            return None
        return Block(at, end + 1, "$", text[at + 1 : end])
    if opener in _PAIRS:
        end = closers.find(_PAIRS[opener], match.end() + 1)  # at least one character inside
        if end < 0:
            return None
        return Block(at, end + len(_PAIRS[opener]), opener, text[match.end() : end])
    name = match.group(1)
    ending = "\\end{" + name + "}"
    end = closers.find(ending, match.end())
    if end < 0:
        return None
    return Block(at, end + len(ending), name, text[match.end() : end])


def tabulars(text: str) -> list[Block]:
    """Every `tabular`-like environment, outermost first in document order, as `_TABULAR` did."""
    closers = _Closers(text)
    found: list[Block] = []
    position = 0
    while (match := _TABULAR_OPENER.search(text, position)) is not None:
        name = match.group(1)
        ending = "\\end{" + name + "}"
        end = closers.find(ending, match.end())
        if end < 0:
            position = match.start() + 1
            continue
        found.append(Block(match.start(), end + len(ending), name, text[match.end() : end]))
        position = end + len(ending)
    return found


_SPACE = re.compile(r"\s*")
_BRACE = re.compile(r"[{}]")


def without_spec(body: str) -> str:
    """A tabular body after its `[pos]{column spec}` (a spec may hold one level of braces)."""
    i = _SPACE.match(body, 0).end()  # type: ignore[union-attr]  # `\s*` always matches
    if body.startswith("[", i):
        close = body.find("]", i)
        if close < 0:
            return body
        i = _SPACE.match(body, close + 1).end()  # type: ignore[union-attr]
    if not body.startswith("{", i):
        return body
    depth = 0
    for brace in _BRACE.finditer(body, i):
        depth += 1 if brace.group(0) == "{" else -1
        if depth > 2:
            return body
        if depth == 0:
            return body[brace.end() :]
    return body
