"""The sandbox's market: other buyers take numbers and providers restock, day by day.

A provider's stock (:mod:`numbering_async.sandbox._dataset`) is what it holds on day 0, when
the sandbox starts. On each later day (:data:`MARKET_DAY` seconds of sandbox time, so
``Sandbox.advance`` moves through days too) the market holds some of each stocked block:
about one block in sixteen is sold out, about three in ten have sold part of their numbers,
and the rest are back to full stock. What it holds depends only on the seed, the provider,
the block and the day: the same day of the same seed always shows the same stock, and two
days show a real difference (numbers that ran out, blocks that came back).
"""

from __future__ import annotations

import zlib
from typing import Final

__all__ = ["MARKET_DAY", "day_of", "held"]

MARKET_DAY: Final = 86_400.0
"""Seconds of sandbox time from one market day to the next."""
_SOLD_OUT: Final = 625
"""Blocks sold out on a day, per 10,000."""
_SELLING: Final = 3_000
"""Blocks with part of their numbers sold on a day, per 10,000."""


def day_of(elapsed: float) -> int:
    """The market day ``elapsed`` seconds of sandbox time after it started."""
    return max(0, int(elapsed // MARKET_DAY))


def held(seed: int, provider: str, block: str, stocked: int, day: int) -> int:
    """How many of the ``stocked`` numbers of ``block`` (its six digits) the market holds on
    ``day``: none on day 0, at most ``stocked``."""
    if day <= 0 or stocked <= 0:
        return 0
    draw = zlib.crc32(f"{seed}:{provider}:{block}:day {day}".encode())
    share = draw % 10_000
    if share < _SOLD_OUT:
        return stocked
    if share < _SOLD_OUT + _SELLING:
        return 1 + (draw // 10_000) % stocked
    return 0
