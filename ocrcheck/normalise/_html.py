"""Read model HTML safely with lxml and collect each table's rows and cell texts.

The parser is hardened: no network access, comments and processing instructions dropped,
`huge_tree` off (libxml2's limits on depth and text size stay in force); libxml2's HTML parser
never expands entities declared in a DOCTYPE, so `&xxe;` stays literal text. Nothing parsed here
is ever passed through: tables are re-rendered from the cell texts (tables.py).

libxml2 adds no `tbody` and does not wrap a stray `td` in a `tr` (normalise.md §2.3), so both are
handled here: row groups are flattened in the standard's order (thead rows, then body rows, then
the first tfoot), and a run of cells outside any `tr` becomes one implicit row, with a finding.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree, html

from ._spans import Problem, SourceCell, SourceRow

_PARSER = html.HTMLParser(
    no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, recover=True
)
_GROUPS = ("thead", "tbody", "tfoot")
_CELLS = ("td", "th")
# Block elements inside a cell start a new line; inline ones (b, span, sup) join their text.
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table")
_SKIPPED = ("caption", "colgroup", "col")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u202f\u2000-\u200a\u3000]+")
# Invisible characters a model or a PDF leaves in cells (docling's `_clean_unicode`).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_ACTIVE_TAGS = ("script", "iframe", "object", "embed", "form", "svg", "link", "meta", "base")
_ACTIVE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


@dataclass
class RawTable:
    """One `<table>` element as found: its rows, problems, and where it sits."""

    rows: list[SourceRow]
    problems: list[Problem] = field(default_factory=list)
    caption: str = ""
    parent: int | None = None  # index of the table this one is nested in
    nested: int = 0  # how many tables are nested inside this one


def parse_document(text: str) -> etree._Element | None:
    """The parsed tree of `text`, or None when there is nothing to parse."""
    if not text.strip():
        return None
    try:
        return html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def find_tables(root: etree._Element) -> list[RawTable]:
    """Every table in document order, nested ones included (each knows its parent)."""
    elements = [el for el in root.iter("table")]
    index = {el: i for i, el in enumerate(elements)}
    tables: list[RawTable] = []
    for el in elements:
        raw = _read_table(el)
        outer = next((a for a in el.iterancestors("table")), None)
        if outer is not None:
            raw.parent = index[outer]
        tables.append(raw)
    for raw in tables:
        if raw.parent is not None:
            tables[raw.parent].nested += 1
    return tables


def _read_table(table: etree._Element) -> RawTable:
    raw = RawTable(rows=[])
    heads: list[etree._Element] = []
    bodies: list[tuple[int, etree._Element]] = []
    foot: etree._Element | None = None
    _scan_unsafe(table, raw)
    loose: list[etree._Element] = []  # bare tr / cells directly under table form one row group
    order = 0
    for child in _structural_children(table, raw, "table"):
        tag = child.tag
        if tag == "thead":
            heads.append(child)
        elif tag == "tfoot" and foot is None:
            foot = child
        elif tag in ("tbody", "tfoot"):
            bodies.append((order, child))
            order += 1
        elif tag in ("tr", *_CELLS):
            loose.append(child)
    if table.text and table.text.strip():
        raw.problems.append(("", "warning", "text_in_table", {}))
    group = 0
    for head in heads:
        _add_group(raw, _structural_children(head, raw, "thead"), group, in_thead=True)
        group += 1
    if loose:
        _add_group(raw, loose, group, in_thead=False)
        group += 1
    for _, body in bodies:
        _add_group(raw, _structural_children(body, raw, body.tag), group, in_thead=False)
        group += 1
    if foot is not None:
        _add_group(raw, _structural_children(foot, raw, "tfoot"), group, in_thead=False)
    caption = table.find("caption")
    if caption is not None:
        raw.caption = cell_text(caption)
    return raw


def _structural_children(parent: etree._Element, raw: RawTable, where: str) -> list[etree._Element]:
    """Children that carry structure; an unknown wrapper (`div`, `span`) is looked through."""
    out: list[etree._Element] = []
    for child in parent:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in (*_GROUPS, "tr", *_CELLS, "table"):
            if tag == "table":
                continue  # a table directly in a table: found on its own by find_tables
            out.append(child)
        elif tag in _SKIPPED or tag == "":
            continue
        else:
            raw.problems.append(("", "warning", "unexpected_tag", {"tag": tag[:40], "where": where}))
            out.extend(_structural_children(child, raw, where))
    return out


def _add_group(raw: RawTable, children: list[etree._Element], group: int, *, in_thead: bool) -> None:
    pending: list[SourceCell] = []
    for child in children:
        if child.tag in _CELLS:
            pending.append(_source_cell(child, in_thead))
            continue
        if pending:
            _stray_row(raw, pending, group, in_thead)
            pending = []
        if child.tag == "tr":
            if child.text and child.text.strip():
                raw.problems.append((f"rows[{len(raw.rows)}]", "warning", "text_in_tr", {}))
            cells = [_source_cell(c, in_thead) for c in _structural_children(child, raw, "tr") if c.tag in _CELLS]
            raw.rows.append(SourceRow(cells, group, in_thead))
    if pending:
        _stray_row(raw, pending, group, in_thead)


def _stray_row(raw: RawTable, cells: list[SourceCell], group: int, in_thead: bool) -> None:
    raw.problems.append((f"rows[{len(raw.rows)}]", "warning", "cells_outside_tr", {}))
    raw.rows.append(SourceRow(cells, group, in_thead))


def _source_cell(el: etree._Element, in_thead: bool) -> SourceCell:
    return SourceCell(
        text=cell_text(el),
        header=el.tag == "th" or in_thead,
        rowspan=el.get("rowspan"),
        colspan=el.get("colspan"),
    )


def clean_text(text: str) -> str:
    """NFC, invisible characters removed, spaces collapsed per line, lines trimmed."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    lines = [_SPACE.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def cell_text(el: etree._Element) -> str:
    """A cell's text: `<br>` is a line break, other whitespace one space, nested tables and
    scripts left out (their text is not the cell's)."""
    parts: list[str] = []
    _collect(el, parts, top=True)
    return clean_text("".join(parts))


def _collect(el: etree._Element, parts: list[str], *, top: bool) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    skip = (tag == "table" and not top) or tag in ("script", "style", "template")
    if not skip:
        if tag == "br" or tag in _BLOCKS:
            parts.append("\n")
        if el.text:
            parts.append(el.text.replace("\n", " "))
        for child in el:
            _collect(child, parts, top=False)
        if tag in _BLOCKS:
            parts.append("\n")
    if not top and el.tail:
        parts.append(el.tail.replace("\n", " "))


def _scan_unsafe(table: etree._Element, raw: RawTable) -> None:
    """Report (not keep) active content: it never reaches the canonical HTML anyway."""
    seen: set[str] = set()
    for el in table.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _ACTIVE_TAGS:
            seen.add(f"<{tag}>")
        for name, value in el.attrib.items():
            # Style and width are mere presentation and dropped silently; handlers and script
            # URLs are an injection attempt or garbage, either way worth a reviewer's look.
            if name.lower().startswith("on") or _ACTIVE_URL.match(value.replace("\t", "").replace("\n", "")):
                seen.add(f"{name}=")
    if seen:
        raw.problems.append(("", "warning", "active_markup", {"found": sorted(seen)}))
