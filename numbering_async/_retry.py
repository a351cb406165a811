"""Retry policy: attempts, full-jitter exponential backoff, ``Retry-After``.

The policy is pure arithmetic; the request loop in :mod:`numbering_async._client` applies it.
Only idempotent calls are retried on ambiguous failures; purchases are reconciled by their
reference instead (see :class:`~numbering_async.errors.OutcomeUnknownError`).
"""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime
from typing import Literal

import attrs

__all__ = ["NO_RETRY", "RetryPolicy"]


@attrs.frozen(slots=True)
class RetryPolicy:
    """How often and how long to wait before trying an idempotent call again.

    ``max_attempts`` counts the first try (``1`` disables retries). Backoff before attempt *n*
    (n >= 2) is ``min(max_backoff, initial * 2 ** (n - 2))``, scaled by a uniform random factor
    in [0, 1] with ``jitter="full"``. When the server sends ``Retry-After`` and
    ``respect_retry_after`` is set, that wait is used instead; a value above
    ``max_retry_after`` is not slept: the error is raised at once with ``retry_after`` set.
    """

    max_attempts: int = attrs.field(default=3, validator=attrs.validators.ge(1))
    initial: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    max_backoff: float = attrs.field(default=8.0, validator=attrs.validators.ge(0))
    jitter: Literal["full", "none"] = "full"
    respect_retry_after: bool = True
    max_retry_after: float = attrs.field(default=60.0, validator=attrs.validators.ge(0))

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before attempt number ``attempt + 1`` (``attempt`` >= 1)."""
        ceiling: float = min(self.max_backoff, self.initial * 2.0 ** max(attempt - 1, 0))
        if self.jitter == "full":
            return random.uniform(0.0, ceiling)
        return ceiling

    @staticmethod
    def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
        """``Retry-After`` as seconds (delta-seconds or an HTTP date); ``None`` if unusable."""
        if value is None:
            return None
        value = value.strip()
        if not value:
            return None
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                return None
            if when.tzinfo is None:
                return None
            seconds = when.timestamp() - (time.time() if now is None else now)
            return max(seconds, 0.0)
        if seconds != seconds or seconds < 0 or seconds == float("inf"):  # NaN, negative, inf
            return None
        return seconds


NO_RETRY = RetryPolicy(max_attempts=1)
"""A policy that never retries (handy in tests)."""
