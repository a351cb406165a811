"""The sandbox's clock: wall-clock time that tests can move forward."""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime

__all__ = ["Clock"]


class Clock:
    """Wall-clock time plus an offset that tests move with :meth:`advance`."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._started = time.time()

    def elapsed(self) -> float:
        """Seconds of sandbox time since it started (or was reset): wall time and advances."""
        return self.time() - self._started

    def time(self) -> float:
        """Seconds since the epoch, as the sandbox sees them."""
        return time.time() + self._offset

    def now(self) -> datetime:
        """The sandbox's current time as an aware datetime."""
        return datetime.fromtimestamp(self.time(), UTC)

    def advance(self, seconds: float) -> None:
        """Move the sandbox's time forward by ``seconds`` (``ValueError`` if negative, not
        finite, or past what a datetime holds)."""
        if not (seconds >= 0 and math.isfinite(seconds)):
            raise ValueError(f"the clock only moves forward, by finite seconds; got {seconds!r}")
        try:
            datetime.fromtimestamp(self.time() + seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"advancing by {seconds!r} seconds goes past the year 9999") from None
        self._offset += seconds

    def reset(self) -> None:
        """Back to wall-clock time, starting again."""
        self._offset = 0.0
        self._started = time.time()
