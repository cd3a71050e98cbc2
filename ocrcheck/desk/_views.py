"""The desk's two views as HTML strings: the list of documents and one document.

Pure functions of the queue's data: the server and the static report render the same views
(the report with `readonly=True`, links as in-page anchors and pictures as data: URIs).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ._model import EntryView, Filters, as_dict, as_findings, flat_fields
from ._page import esc

SHORT_ID = 16


@dataclass(frozen=True)
class Links:
    """Where the views point: the server's token-prefixed URLs, or the report's anchors."""

    base: str = ""  # the server's `/<token>/`
    report: bool = False

    def doc(self, entry_id: str) -> str:
        return f"#doc-{esc(entry_id)}" if self.report else f"{self.base}doc/{esc(entry_id)}"

    def home(self) -> str:
        return "#list" if self.report else self.base


def list_view(views: Sequence[EntryView], filters: Filters, now: datetime, links: Links,
              *, all_types: Sequence[str] = (), all_codes: Sequence[str] = ()) -> str:
    shown = [v for v in views if filters.keep(v, now)]
    parts = [f"<h1 id=\"list\">Review queue: {len(shown)} of {len(views)} documents</h1>"]
    if not links.report:
        parts.append(_filter_form(filters, links, all_types, all_codes))
    rows = []
    for v in shown:
        age = v.age_days(now)
        rows.append(
            "<tr>"
            f"<td><a class=\"doc-link\" href=\"{links.doc(v.id)}\">{esc(v.id[:SHORT_ID])}</a></td>"
            f"<td>{esc(str(v.entry.get('created', ''))[:19])}</td>"
            f"<td>{'' if age is None else f'{age:.1f} d'}</td>"
            f"<td>{esc(v.doc_type)}</td>"
            f"<td class=\"state-{esc(v.state)}\">{esc(v.state)}</td>"
            f"<td>{' '.join(f'<span class=code>{esc(c)}</span>' for c in v.codes)}</td>"
            f"<td>{esc(v.entry.get('source') or '-')}</td>"
            "</tr>"
        )
    parts.append(
        "<table id=\"documents\"><thead><tr><th>id</th><th>created</th><th>age</th><th>type</th>"
        "<th>state</th><th>findings</th><th>source</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    if not shown:
        parts.append("<p id=\"empty\">No document matches these filters.</p>")
    return "\n".join(parts)


def _filter_form(filters: Filters, links: Links, types: Sequence[str], codes: Sequence[str]) -> str:
    def select(name: str, current: str, options: Sequence[str], blank: str) -> str:
        opts = [f"<option value=\"\">{esc(blank)}</option>"] + [
            f"<option value=\"{esc(o)}\"{' selected' if o == current else ''}>{esc(o)}</option>" for o in options
        ]
        return f"<select name=\"{name}\" id=\"filter-{name}\">{''.join(opts)}</select>"

    states = "".join(
        f"<option value=\"{s}\"{' selected' if s == filters.state else ''}>{s}</option>"
        for s in ("open", "decided", "all")
    )
    age = "" if filters.max_age_days is None else f"{filters.max_age_days:g}"
    return (
        f"<form class=\"filters\" method=\"get\" action=\"{links.base}\">"
        f"<label>type {select('type', filters.doc_type, types, 'any')}</label>"
        f"<label>finding {select('code', filters.code, codes, 'any')}</label>"
        f"<label>state <select name=\"state\" id=\"filter-state\">{states}</select></label>"
        f"<label>at most <input name=\"age\" id=\"filter-age\" size=\"4\" value=\"{esc(age)}\"> days old</label>"
        "<button type=\"submit\" id=\"apply-filters\">Filter</button></form>"
    )


def document_view(view: EntryView, links: Links, *, image_src: str | None, readonly: bool, notice: str = "",
                  conflict: dict[str, Any] | None = None) -> str:
    """One document, as given: the caller masks it (`masked_view`) unless PII is to be shown."""
    eid = view.id
    shown = view.entry
    findings = as_findings(shown.get("findings"))
    failing = {str(f.get("field")) for f in findings if f.get("severity", "error") == "error"}
    parts = [f"<section class=\"document\" id=\"doc-{esc(eid)}\">"]
    if not readonly:
        parts.append(f"<nav><a id=\"back\" href=\"{links.home()}\">← all documents</a></nav>")
    parts.append(f"<h1>{esc(view.doc_type)} <span class=\"code\">{esc(eid[:SHORT_ID])}</span></h1>")
    if notice:
        parts.append(f"<p class=\"notice\" id=\"notice\">{esc(notice)}</p>")
    if conflict is not None:
        parts.append(
            "<p class=\"conflict\" id=\"conflict\">Another reviewer decided this document while you had it open: "
            f"<b>{esc(conflict.get('decision'))}</b> by {esc(conflict.get('by'))} at {esc(conflict.get('created'))}. "
            "Nothing of yours was recorded; decide again if you still disagree.</p>"
        )
    parts.append(
        "<table class=\"meta\">"
        f"<tr><th>id</th><td>{esc(eid)}</td></tr>"
        f"<tr><th>source</th><td>{esc(shown.get('source') or '-')}</td></tr>"
        f"<tr><th>created</th><td>{esc(shown.get('created', ''))}</td></tr>"
        f"<tr><th>state</th><td id=\"state\" class=\"state-{esc(view.state)}\">{esc(view.state)}</td></tr>"
        "</table>"
    )
    if image_src:
        parts.append(f"<img class=\"page\" id=\"page-image\" alt=\"the document with its located text\" "
                     f"src=\"{esc(image_src)}\">")
    parts.append(_fields_table(shown, failing, links, eid, view, readonly))
    parts.append(_findings_list(findings, links, eid, view, readonly))
    parts.append(_decisions(view.decisions))
    if not readonly:
        parts.append(_decide_forms(links, eid, view))
    raw = json.dumps(shown.get("raw"), ensure_ascii=False, indent=2, default=str)
    parts.append(f"<details id=\"raw\"><summary>raw service answer</summary><pre class=\"raw\">{esc(raw)}</pre>"
                 "</details></section>")
    return "\n".join(parts)


def _seen(view: EntryView) -> str:
    latest = view.latest
    return esc(latest.get("id", "")) if latest else ""


def _hidden(view: EntryView) -> str:
    return f"<input type=\"hidden\" name=\"seen\" value=\"{_seen(view)}\">"


def _fields_table(shown: dict[str, Any], failing: set[str], links: Links, eid: str, view: EntryView,
                  readonly: bool) -> str:
    rows = []
    corrected = view.corrections
    for n, (path, value) in enumerate(flat_fields(as_dict(shown.get("fields")))):
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        if path in corrected:
            text = f"{text} → {corrected[path]} (corrected)"
        cls = " class=\"failing\"" if path in failing and path not in corrected else ""
        form = ""
        if not readonly:
            form = (
                f"<form class=\"inline correct\" method=\"post\" action=\"{links.doc(eid)}/decide\">"
                f"<input type=\"hidden\" name=\"action\" value=\"correct\">{_hidden(view)}"
                f"<input type=\"hidden\" name=\"field\" value=\"{esc(path)}\">"
                f"<input name=\"value\" id=\"correct-{n}\" aria-label=\"new value of {esc(path)}\" size=\"24\">"
                f"<button type=\"submit\" id=\"correct-{n}-submit\">Correct</button></form>"
            )
        rows.append(f"<tr{cls} data-field=\"{esc(path)}\"><th>{esc(path)}</th>"
                    f"<td class=\"value\">{esc(text)}</td><td>{form}</td></tr>")
    return ("<h2>Fields</h2><table id=\"fields\"><thead><tr><th>field</th><th>value</th><th></th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _findings_list(findings: list[dict[str, Any]], links: Links, eid: str, view: EntryView, readonly: bool) -> str:
    rows = []
    for n, f in enumerate(findings):
        severity = str(f.get("severity", "error"))
        suggestion = ""
        if f.get("suggestion"):
            suggestion = f"suggestion: <span class=\"value\">{esc(f['suggestion'])}</span>"
            if not readonly:
                # The finding's index, not its value, is posted: a masked suggestion stays masked.
                suggestion += (
                    f" <form class=\"inline\" method=\"post\" action=\"{links.doc(eid)}/decide\">"
                    f"<input type=\"hidden\" name=\"action\" value=\"apply-suggestion\">{_hidden(view)}"
                    f"<input type=\"hidden\" name=\"finding\" value=\"{n}\">"
                    f"<button type=\"submit\" id=\"apply-suggestion-{n}\">Use suggestion</button></form>"
                )
        rows.append(
            f"<tr><td class=\"{esc(severity)}\">{esc(severity)}</td>"
            f"<td><span class=code>{esc(f.get('code'))}</span></td>"
            f"<td>{esc(f.get('field') or '(document)')}</td><td>{esc(f.get('message', ''))}</td>"
            f"<td>{suggestion}</td></tr>"
        )
    return ("<h2>Findings</h2><table id=\"findings\"><thead><tr><th>severity</th><th>code</th><th>field</th>"
            f"<th>message</th><th></th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _decisions(decisions: list[dict[str, Any]]) -> str:
    if not decisions:
        return "<h2>Decisions</h2><p id=\"decisions\">none yet</p>"
    rows = []
    for d in decisions:
        corrections = as_dict(d.get("corrections"))
        fixed = "; ".join(f"{k} → {v}" for k, v in corrections.items())
        recheck = as_dict(d.get("recheck"))
        after = f" (re-checked: {recheck.get('status')})" if recheck else ""
        rows.append(
            f"<tr><td>{esc(d.get('created', ''))}</td><td class=\"state-{esc(d.get('decision'))}\">"
            f"{esc(d.get('decision'))}</td><td>{esc(d.get('by', ''))}</td>"
            f"<td>{esc(fixed + after)}</td><td>{esc(d.get('note') or '')}</td></tr>"
        )
    return ("<h2>Decisions</h2><table id=\"decisions\"><thead><tr><th>when</th><th>decision</th><th>by</th>"
            f"<th>corrections</th><th>note</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _decide_forms(links: Links, eid: str, view: EntryView) -> str:
    action = f"{links.doc(eid)}/decide"
    return (
        "<h2>Decide</h2>"
        f"<form method=\"post\" action=\"{action}\" id=\"accept-form\">{_hidden(view)}"
        "<input type=\"hidden\" name=\"action\" value=\"accept\">"
        "<label>note <input name=\"note\" id=\"accept-note\" size=\"40\"></label> "
        "<button type=\"submit\" id=\"accept\">Accept</button></form>"
        f"<form method=\"post\" action=\"{action}\" id=\"reject-form\">{_hidden(view)}"
        "<input type=\"hidden\" name=\"action\" value=\"reject\">"
        "<label>reason <input name=\"note\" id=\"reject-reason\" size=\"40\" required></label> "
        "<button type=\"submit\" id=\"reject\">Reject</button></form>"
    )
