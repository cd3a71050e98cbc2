"""The page chrome of the reviewer's desk: one stylesheet, no script, a strict CSP, escaping.

Nothing from a document ever runs: every string that reaches HTML goes through `esc` (text and
attribute values alike), tables are re-rendered from parsed cells by the table normaliser, and
the Content-Security-Policy allows no script at all (the desk needs none: filters and decisions
are plain forms) and only this module's own stylesheet, pinned by its hash, so even markup that
slipped past escaping could neither run nor restyle the page.
"""

from __future__ import annotations

import base64
import hashlib
import html
from typing import Any

CSS = """
:root { font-family: system-ui, sans-serif; color: #1d232a; }
body { margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border-bottom: 1px solid #d6dbe0; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f1f4f7; }
tr.failing td { background: #fff1ef; }
td.value { font-family: ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
.code { font-family: ui-monospace, monospace; font-size: .85rem; padding: 0 .3rem; border-radius: 3px;
        background: #e8ecf0; }
.error { color: #b3261e; } .warning { color: #8a5a00; } .info { color: #42526e; }
.state-open { color: #b3261e; } .state-accept, .state-correct { color: #1b7f3b; } .state-reject { color: #6b3fa0; }
form.inline { display: inline; margin: 0; }
form.filters label { margin-right: .8rem; }
.notice { border: 1px solid #1b7f3b; background: #eef8f1; padding: .5rem .8rem; }
.conflict { border: 1px solid #b3261e; background: #fff1ef; padding: .5rem .8rem; }
img.page { max-width: 100%; border: 1px solid #d6dbe0; }
pre.raw { background: #f6f8fa; padding: .8rem; overflow: auto; max-height: 30rem; white-space: pre-wrap; }
nav a { margin-right: 1rem; }
"""

_CSS_HASH = base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()
CSP = (
    "default-src 'none'; script-src 'none'; "
    f"style-src 'sha256-{_CSS_HASH}'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
# A static report has no server behind it: nothing to post to, pictures only as data: URIs.
REPORT_CSP = CSP.replace("img-src 'self' data:", "img-src data:").replace("form-action 'self'", "form-action 'none'")


def esc(value: Any) -> str:
    """Text or attribute value, escaped; lone surrogates and control characters made visible."""
    text = value if isinstance(value, str) else str(value)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = "".join(ch if ch in "\t\n" or (ch >= " " and ch != "\x7f") else f"\\x{ord(ch):02x}" for ch in text)
    return html.escape(text, quote=True)


def page(title: str, body: str, *, csp: str = CSP) -> str:
    """A whole HTML document. The CSP is also sent as a header by the server; the meta tag keeps
    it in force for a saved report opened from disk."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{esc(csp)}\">"
        "<meta name=\"referrer\" content=\"no-referrer\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )
