"""When to try again: capped exponential backoff with full jitter, `Retry-After` honoured,
bounded by a number of attempts and by a total deadline. Pure functions shared by the sync and
async clients; only their sleeping differs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from .._exceptions import ApiError
from ._errors import is_retryable


@dataclass(frozen=True)
class RetryPolicy:
    """`max_attempts` counts the first try; `deadline` (seconds) bounds tries and waits together."""

    max_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 30.0
    deadline: float = 300.0

    def backoff(self, retry_index: int, rng: random.Random) -> float:
        """Full jitter (AWS Architecture Blog, 'Exponential Backoff And Jitter', 2015)."""
        ceiling = min(self.max_delay, self.base_delay * (2**retry_index))
        return rng.uniform(0.0, ceiling)


NO_RETRY = RetryPolicy(max_attempts=1)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if seconds == seconds else None  # NaN guard


def next_delay(
    policy: RetryPolicy,
    attempts: int,
    error: ApiError,
    retry_after: float | None,
    elapsed: float,
    rng: random.Random,
) -> float | None:
    """Seconds to wait before the next try, or None to give up and raise `error`."""
    if not is_retryable(error) or attempts >= policy.max_attempts:
        return None
    delay = retry_after if retry_after is not None else policy.backoff(attempts - 1, rng)
    if elapsed + delay > policy.deadline:
        return None
    return delay
