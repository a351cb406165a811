"""Retry policy: attempts, full-jitter exponential backoff, ``Retry-After``.

The policy is pure arithmetic; the request loop in :mod:`numbering_async._client` applies it.
Only idempotent calls are retried on ambiguous failures; purchases are reconciled by their
reference instead (see :class:`~numbering_async.errors.OutcomeUnknownError`).
"""

from __future__ import annotations

import math
import random
import re
import time
from email.utils import parsedate_to_datetime
from typing import Literal

import attrs

from numbering_async._validate import check_int_range
from numbering_async.errors import InvalidRequestError

__all__ = ["NO_RETRY", "RetryPolicy"]


_DELTA_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
"""RFC 9110 delta-seconds (fractions tolerated); signs, ``nan``, ``inf`` and exponents are not."""

_MAX_EXPONENT = 64
"""Doubling stops here: ``2.0 ** 1024`` would overflow, and 2**64 exceeds any sane cap."""


def _at_least_one(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    check_int_range(attribute.name, value, 1)


def _seconds(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise InvalidRequestError(attribute.name, f"expected seconds >= 0, got {value!r}")


def _jitter(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in ("full", "none"):
        raise InvalidRequestError(attribute.name, f"must be 'full' or 'none', got {value!r}")


@attrs.frozen(slots=True)
class RetryPolicy:
    """How often and how long to wait before trying an idempotent call again.

    ``max_attempts`` counts the first try (``1`` disables retries). Backoff before attempt *n*
    (n >= 2) is ``min(max_backoff, initial * 2 ** (n - 2))``, scaled by a uniform random factor
    in [0, 1] with ``jitter="full"``. When the server sends ``Retry-After`` and
    ``respect_retry_after`` is set, that wait is used instead; a value above
    ``max_retry_after`` is not slept: the error is raised at once with ``retry_after`` set.
    A bad setting raises :class:`~numbering_async.errors.InvalidRequestError` (a
    ``ValueError``) naming it.
    """

    max_attempts: int = attrs.field(default=3, validator=_at_least_one)
    initial: float = attrs.field(default=0.5, validator=_seconds)
    max_backoff: float = attrs.field(default=8.0, validator=_seconds)
    jitter: Literal["full", "none"] = attrs.field(default="full", validator=_jitter)
    respect_retry_after: bool = True
    max_retry_after: float = attrs.field(default=60.0, validator=_seconds)

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before attempt number ``attempt + 1`` (``attempt`` >= 1)."""
        exponent = min(max(attempt - 1, 0), _MAX_EXPONENT)
        ceiling: float = min(self.max_backoff, self.initial * 2.0**exponent)
        if self.jitter == "full":
            return random.uniform(0.0, ceiling)
        return ceiling

    @staticmethod
    def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
        """``Retry-After`` as seconds (delta-seconds or an HTTP date); ``None`` if unusable.

        Negative, non-finite or malformed values give ``None`` (the caller falls back to its
        backoff); a date in the past gives ``0.0``.
        """
        if value is None:
            return None
        value = value.strip()
        if _DELTA_SECONDS.fullmatch(value):
            seconds = float(value)
            return seconds if math.isfinite(seconds) else None
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
        return max(seconds, 0.0)


NO_RETRY = RetryPolicy(max_attempts=1)
"""A policy that never retries (handy in tests)."""
