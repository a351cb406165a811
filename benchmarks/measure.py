"""Measuring one sample: CPU and wall time, memory from ``/proc``, percentiles.

CPU time is ``time.process_time()`` of the client process only (the server runs in another
process), so it is the SDK's cost, not the server's. Memory is read from ``/proc/self/status``
(Linux); elsewhere the memory figures are ``None``.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

__all__ = [
    "Stopwatch",
    "peak_rss_bytes",
    "percentile",
    "reset_peak_rss",
    "rss_bytes",
    "spread",
]

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


class Stopwatch:
    """CPU and wall seconds spent inside a ``with`` block (after a full garbage collection)."""

    cpu: float = 0.0
    wall: float = 0.0

    def __enter__(self) -> Self:
        gc.collect()
        self._cpu = time.process_time()
        self._wall = time.perf_counter()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def _status_kib(field: str) -> int | None:
    try:
        text = _STATUS.read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return None


def rss_bytes() -> int | None:
    """The resident set size of this process now (``VmRSS``), or ``None`` off Linux."""
    kib = _status_kib("VmRSS:")
    return None if kib is None else kib * 1024


def peak_rss_bytes() -> int | None:
    """The peak resident set size since :func:`reset_peak_rss` (``VmHWM``)."""
    kib = _status_kib("VmHWM:")
    return None if kib is None else kib * 1024


def reset_peak_rss() -> bool:
    """Reset ``VmHWM`` to the current RSS (Linux >= 4.0); return whether it worked."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values``, by linear interpolation."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    """``(median, min, max)`` of per-round values."""
    return statistics.median(values), min(values), max(values)
