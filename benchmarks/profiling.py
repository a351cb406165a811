"""Where the SDK's time goes: cProfile of W1, W4 and W5, side by side with raw aiohttp.

``python -m benchmarks.profiling [W1 W4 W5] [--requests N]`` runs each workload's raw and SDK
side under :mod:`cProfile` (only the measured loop, after warm-up), then prints for each:

- time per call by area (the SDK's own modules one by one, cattrs/attrs generated code,
  aiohttp, yarl, json, the event loop, ...) for both sides, and the difference;
- the SDK's most expensive functions by own time, with their share of the SDK side's total.

Profiling inflates the cost of many small Python calls, so read shares, not absolute times.
The ``.pstats`` files land in ``benchmarks/results/`` for ``snakeviz`` or ``pstats``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks import sides
from benchmarks.bodies import number_orders_page_body
from benchmarks.server import CannedServer
from benchmarks.workloads import CallFactory

__all__ = ["main"]

RESULTS = Path(__file__).resolve().parent / "results"

_AREAS = (
    ("numbering_async/", None),
    ("cattrs/", "cattrs"),
    ("attr/", "attrs"),
    ("attrs/", "attrs"),
    ("aiohttp/", "aiohttp"),
    ("yarl/", "yarl"),
    ("multidict/", "multidict"),
    ("json/", "json"),
    ("asyncio/", "event loop"),
    ("selectors.py", "event loop"),
    ("enum.py", "enum"),
    ("datetime", "datetime"),
)

# (file, line, function) as pstats keys them
FuncKey = tuple[str, int, str]


def _area(key: FuncKey) -> str:
    filename, _, name = key
    if filename.startswith(("<attrs generated", "<cattrs generated")) or "generated" in filename:
        return "cattrs/attrs generated code"
    if filename == "~":
        return _builtin_area(name)
    for marker, area in _AREAS:
        if marker in filename:
            if area is None:  # one row per SDK module
                return "numbering_async/" + filename.split("numbering_async/", 1)[1]
            return area
    return "other Python"


def _builtin_area(name: str) -> str:
    if "_json" in name or "json" in name:
        return "json"
    if "select" in name or "epoll" in name or "socket" in name or "recv" in name:
        return "event loop"
    if "isinstance" in name or "getattr" in name or "hasattr" in name:
        return "builtins (isinstance, getattr)"
    return "builtins (other)"


def _by_area(stats: pstats.Stats) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    raw: dict[FuncKey, tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    for key, (_cc, _nc, tottime, _cumtime, _callers) in raw.items():
        totals[_area(key)] += tottime
    return dict(totals)


def _label(key: FuncKey) -> str:
    filename, line, name = key
    if filename == "~":
        return name
    short = filename.split("site-packages/", 1)[-1].split("numbering_async/", 1)[-1]
    if "numbering_async/" in filename:
        short = "numbering_async/" + short
    return f"{short}:{line} {name}"


def _top_functions(stats: pstats.Stats, calls: int, limit: int) -> list[tuple[str, float, float]]:
    raw: dict[FuncKey, tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values())
    ranked = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)[:limit]
    return [(_label(key), entry[2] / calls * 1e6, entry[2] / total) for key, entry in ranked]


def _sdk_cumulative(stats: pstats.Stats, calls: int, limit: int) -> list[tuple[str, float]]:
    raw: dict[FuncKey, tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    ours = [
        (key, entry[3])
        for key, entry in raw.items()
        if "numbering_async/" in key[0] or "generated" in key[0]
    ]
    ours.sort(key=lambda item: item[1], reverse=True)
    return [(_label(key), cumtime / calls * 1e6) for key, cumtime in ours[:limit]]


async def _profile_calls(factory: CallFactory, base: str, calls: int) -> cProfile.Profile:
    profiler = cProfile.Profile()
    async with factory(base) as call:
        for _ in range(50):
            await call()
        profiler.enable()
        for _ in range(calls):
            await call()
        profiler.disable()
    return profiler


def _profile_decode(decode: Callable[[bytes], Any], repeats: int) -> cProfile.Profile:
    body = number_orders_page_body(1, 1000, 1000)
    decode(body)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeats):
        decode(body)
    profiler.disable()
    return profiler


def _report(key: str, unit: str, calls: int, profiles: dict[str, cProfile.Profile]) -> None:
    stats = {side: pstats.Stats(profile) for side, profile in profiles.items()}
    for side, side_stats in stats.items():
        side_stats.dump_stats(RESULTS / f"profile-{key}-{side}.pstats")
    areas = {side: _by_area(side_stats) for side, side_stats in stats.items()}
    names = sorted(
        set(areas["raw"]) | set(areas["sdk"]),
        key=lambda area: areas["sdk"].get(area, 0) - areas["raw"].get(area, 0),
        reverse=True,
    )
    total = {side: sum(values.values()) / calls * 1e6 for side, values in areas.items()}
    raw_total, sdk_total = total["raw"], total["sdk"]
    print(f"\n## {key}: µs per {unit} by area (profiled; raw {raw_total:.1f}, SDK {sdk_total:.1f})")
    print(f"{'area':<46} {'raw':>9} {'SDK':>9} {'SDK-raw':>9} {'share of SDK':>13}")
    for area in names:
        raw = areas["raw"].get(area, 0.0) / calls * 1e6
        sdk = areas["sdk"].get(area, 0.0) / calls * 1e6
        if max(raw, sdk) < 0.05 * total["sdk"] / 100:
            continue
        print(f"{area:<46} {raw:9.1f} {sdk:9.1f} {sdk - raw:+9.1f} {sdk / total['sdk']:12.1%}")
    print(f"\n### {key}: SDK functions by own time (µs per {unit}, share of SDK total)")
    for label, micros, share in _top_functions(stats["sdk"], calls, 25):
        print(f"{micros:8.2f} {share:6.1%}  {label}")
    print(f"\n### {key}: SDK (numbering_async and generated) functions by cumulative time")
    for label, micros in _sdk_cumulative(stats["sdk"], calls, 15):
        print(f"{micros:8.2f}  {label}")


def _profile_requests(
    key: str, raw: CallFactory, sdk: CallFactory, server: CannedServer, calls: int
) -> None:
    server.configure(latency=0.0)
    profiles = {
        "raw": asyncio.run(_profile_calls(raw, server.url, calls)),
        "sdk": asyncio.run(_profile_calls(sdk, server.url, calls)),
    }
    _report(key, "request", calls, profiles)


def main(argv: Sequence[str] | None = None) -> None:
    """Profile the selected workloads and print where the SDK's time goes."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profiling")
    parser.add_argument("workloads", nargs="*", default=["W1", "W4", "W5"])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with CannedServer() as server:
        if "W1" in args.workloads:
            _profile_requests(
                "W1", sides.raw_telnyx_coverage, sides.sdk_telnyx_coverage, server, args.requests
            )
        if "W5" in args.workloads:
            _profile_requests(
                "W5",
                sides.raw_inumbering_coverage,
                sides.sdk_inumbering_coverage,
                server,
                args.requests,
            )
    if "W4" in args.workloads:
        repeats = 20
        profiles = {
            "raw": _profile_decode(json.loads, repeats),
            "sdk": _profile_decode(sides.sdk_number_orders_decoder(), repeats),
        }
        _report("W4", "object", repeats * 1000, profiles)


if __name__ == "__main__":
    main()
