"""Keeping API keys out of httpx's and httpcore's log records.

At DEBUG, httpcore logs every step of a request, including the response headers as received
(`receive_response_headers.complete return_value=(..., [(b'x-request-id', ...)])`) and the
exception of a failed step. A server or proxy that echoes the key into a header, or an exception
that quotes the request, would put the key into whatever handler the application installed.
Keys are validated when a client is made (`check_api_key`), so header encoding can no longer
quote one; this filter is the second line: every record of those loggers has each live key
replaced by `****` before any handler sees it. A logger's filters apply only to records made on
that very logger (not to its children), hence the list of httpcore's module loggers.
"""

from __future__ import annotations

import logging
import weakref

from ._config import Secret, scrub

LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)
_live: weakref.WeakSet[Secret] = weakref.WeakSet()


class _ScrubKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        secrets = [s for s in list(_live) if s]
        if not secrets:
            return True
        text = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        scrubbed, exc_text = text, record.exc_text
        for secret in secrets:
            scrubbed = scrub(scrubbed, secret)
            exc_text = scrub(exc_text, secret) if exc_text else exc_text
        if scrubbed != text:
            record.msg, record.args = scrubbed, None
        record.exc_text = exc_text
        return True


_FILTER = _ScrubKeys()


def protect(secret: Secret) -> None:
    """Scrub `secret` from httpx/httpcore log records for as long as it is alive."""
    _live.add(secret)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
