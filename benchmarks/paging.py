"""W3 in a fresh process: walk a number-order listing and report throughput and memory.

The harness runs ``python -m benchmarks.paging --side raw|sdk|floor --url URL --page-size 250
--walks 3`` (plus ``--no-speedups`` for an SDK without orjson) once per sample, so RSS figures
start from a clean interpreter instead of a heap that earlier workloads grew; throughput is the
fastest of the walks. The listing has whatever length the server was configured with. Prints
one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
from collections.abc import Sequence
from typing import Any

from benchmarks import sides
from benchmarks.measure import Stopwatch, peak_rss_bytes, reset_peak_rss, rss_bytes

__all__ = ["main"]


class _RssSampler:
    """Remembers the largest RSS seen at page boundaries."""

    def __init__(self) -> None:
        self.peak = 0

    def __call__(self) -> None:
        self.peak = max(self.peak, rss_bytes() or 0)


async def _walk(side: str, url: str, page_size: int, walks: int) -> dict[str, Any]:
    """Walk the listing ``walks`` times with one client: memory from the first walk (a fresh
    heap), throughput from the fastest (the one a noisy neighbour disturbed least)."""
    factory = {
        "raw": sides.raw_number_orders,
        "sdk": sides.sdk_number_orders,
        "floor": sides.floor_number_orders,
    }[side]
    timings = []
    async with factory(url, page_size) as walker:
        await walker.warm()
        sampler = _RssSampler()
        start = rss_bytes()
        hwm_reset = reset_peak_rss()
        sampler()
        with Stopwatch() as watch:
            items = await walker.walk(sampler)
        timings.append({"wall": watch.wall, "cpu": watch.cpu})
        hwm = peak_rss_bytes() if hwm_reset else None
        peak = max(sampler.peak, hwm or 0)
        for _ in range(walks - 1):
            with Stopwatch() as watch:
                await walker.walk(lambda: None)
            timings.append({"wall": watch.wall, "cpu": watch.cpu})
    best_wall = min(timing["wall"] for timing in timings)
    best_cpu = min(timing["cpu"] for timing in timings)
    return {
        "items": items,
        "walks": timings,
        "wall": best_wall,
        "cpu": best_cpu,
        "items_per_s": items / best_wall,
        "cpu_per_item": best_cpu / items,
        "rss_start": start,
        "rss_peak": peak,
        "rss_growth": None if start is None else peak - start,
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments, walk the listing once, print the sample as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.paging")
    parser.add_argument("--side", choices=("raw", "sdk", "floor"), required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--page-size", type=int, default=250)
    parser.add_argument("--walks", type=int, default=1, help="walks of the listing (best wins)")
    parser.add_argument("--no-speedups", action="store_true", help="SDK: stdlib json only")
    args = parser.parse_args(argv)
    if args.walks < 1:
        parser.error("--walks must be at least 1")
    if args.no_speedups:
        sides.block_speedups()
    # Both sides carry the SDK's modules, as in the in-process workloads: the heap the garbage
    # collector walks and the starting RSS are then the same, and only the code path differs.
    importlib.import_module("numbering_async.telnyx")
    print(json.dumps(asyncio.run(_walk(args.side, args.url, args.page_size, args.walks))))


if __name__ == "__main__":
    main()
