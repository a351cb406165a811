"""Turning samples into the results table (Markdown, for stdout and the README) and JSON.

Ratios are computed within each round (SDK sample over the raw sample of the same round, or
over the ideal wall time) and reported as the median with the min-max spread over rounds, so a
noisy neighbour slows both sides of a round rather than skewing the comparison.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.measure import spread
from benchmarks.workloads import IMPORTS, REPO, Sample, Side, Workload

__all__ = [
    "Result",
    "Row",
    "describe_machine",
    "machine",
    "markdown_table",
    "rows",
    "write_json",
]

MiB = 1024 * 1024
POOL_LIMIT = 100
"""The connection pool limit of both sides (aiohttp's default and ``AiohttpTransport``'s)."""
RSS_NOISE = 0.5 * MiB
"""Allowance when comparing RSS growth at 50,000 items with growth at 5,000 (page granularity)."""


@dataclass
class Result:
    """All samples of one workload."""

    workload: Workload
    samples: dict[Side, list[Sample]] = field(
        default_factory=lambda: {"raw": [], "sdk": [], "floor": []}
    )
    sdk_missing: str | None = None

    def values(self, side: Side, metric: str) -> list[float]:
        """``metric`` of every sample of ``side`` that has it."""
        return [s[metric] for s in self.samples[side] if s.get(metric) is not None]

    def paired(
        self, metric: str, base: Side = "raw", other: Side = "sdk"
    ) -> list[tuple[float, float]]:
        """``(base, other)`` values of ``metric`` for every round where both sides ran."""
        by_round = {
            side: {s["round"]: s[metric] for s in self.samples[side] if s.get(metric) is not None}
            for side in (base, other)
        }
        rounds = sorted(by_round[base].keys() & by_round[other].keys())
        return [(by_round[base][r], by_round[other][r]) for r in rounds]


@dataclass(frozen=True)
class Row:
    """One line of the results table; ``numbers`` holds the unformatted values for JSON."""

    workload: str
    metric: str
    raw: str
    sdk: str
    ratio: str
    target: str
    verdict: str
    numbers: dict[str, Any]
    floor: str = ""
    """The floor's median and its ratio to raw (W1, W3, W4 and W5: see :mod:`benchmarks.floor`)."""
    vs_floor: str = ""
    """SDK over floor, per round: median (min to max)."""


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def _fmt(value: float | None, unit: str, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    gap = "" if unit in ("", "x") else " "
    return f"{value:,.{digits}f}{gap}{unit}"


def _fmt_spread(values: Sequence[float], suffix: str = "x", digits: int = 2, sign: str = "") -> str:
    if not values:
        return "n/a"
    mid, low, high = spread(values)
    return f"{mid:{sign}.{digits}f}{suffix} ({low:{sign}.{digits}f} to {high:{sign}.{digits}f})"


def _verdict(value: float | None, passes: Callable[[float], bool] | None) -> str:
    if passes is None:
        return ""
    if value is None:
        return "n/a"
    return "ok" if passes(value) else "MISS"


def _compare(
    result: Result,
    metric: str,
    label: str,
    unit: str,
    scale: float,
    target: str = "",
    passes: Callable[[float], bool] | None = None,
) -> Row:
    """SDK vs raw on ``metric``: medians of each side and the per-round ratio."""
    raw = _median(result.values("raw", metric))
    sdk = _median(result.values("sdk", metric))
    ratios = [s / r for r, s in result.paired(metric) if r]
    ratio = _median(ratios)
    floor = _median(result.values("floor", metric))
    floor_ratios = [s / f for f, s in result.paired(metric, "floor") if f]
    floor_vs_raw = [f / r for r, f in result.paired(metric, "raw", "floor") if r]
    return Row(
        result.workload.key,
        label,
        _fmt(None if raw is None else raw * scale, unit),
        _fmt(None if sdk is None else sdk * scale, unit),
        _fmt_spread(ratios),
        target,
        _verdict(ratio, passes),
        {
            "raw": raw,
            "sdk": sdk,
            "ratio": ratio,
            "ratios": ratios,
            "floor": floor,
            "floor_ratios": floor_ratios,
            "floor_vs_raw": floor_vs_raw,
        },
        floor=(
            f"{_fmt(None if floor is None else floor * scale, unit)} = "
            f"{_fmt(_median(floor_vs_raw), 'x', 2)} raw"
            if floor_ratios
            else ""
        ),
        vs_floor=_fmt_spread(floor_ratios) if floor_ratios else "",
    )


def _ideal(result: Result, limit: float) -> Row:
    """Wall time of each side against the ideal (requests / concurrency x latency)."""

    def against(side: Side) -> list[float]:
        return [s["wall"] / s["ideal"] for s in result.samples[side]]

    raw, sdk = against("raw"), against("sdk")
    ideal = result.samples["raw"][0]["ideal"] if result.samples["raw"] else None
    wall_raw = _median(result.values("raw", "wall"))
    wall_sdk = _median(result.values("sdk", "wall"))
    return Row(
        result.workload.key,
        f"wall / ideal ({_fmt(ideal, 's', 2)})",
        f"{_fmt(wall_raw, 's', 3)} = {_fmt(_median(raw), 'x', 3)}",
        f"{_fmt(wall_sdk, 's', 3)} = {_fmt(_median(sdk), 'x', 3)}",
        _fmt_spread(sdk, digits=3),
        f"<= {limit:.2f}x ideal",
        _verdict(_median(sdk), lambda value: value <= limit),
        {"ideal": ideal, "raw": raw, "sdk": sdk, "wall_raw": wall_raw, "wall_sdk": wall_sdk},
    )


def _connections(result: Result) -> Row:
    raw = result.values("raw", "connections")
    sdk = result.values("sdk", "connections")
    worst = max(sdk) if sdk else None
    return Row(
        result.workload.key,
        "connections opened (max)",
        _fmt(max(raw) if raw else None, "", 0),
        _fmt(worst, "", 0),
        "",
        f"<= {POOL_LIMIT} (pool limit)",
        _verdict(worst, lambda value: value <= POOL_LIMIT),
        {"raw": raw, "sdk": sdk},
    )


def _rss(result: Result, target: str, passes: Callable[[float], bool]) -> Row:
    raw = _median(result.values("raw", "rss_growth"))
    sdk = _median(result.values("sdk", "rss_growth"))
    return Row(
        result.workload.key,
        "RSS growth (peak - start)",
        _fmt(None if raw is None else raw / MiB, "MiB", 2),
        _fmt(None if sdk is None else sdk / MiB, "MiB", 2),
        "",
        target,
        _verdict(sdk, passes),
        {
            "raw": raw,
            "sdk": sdk,
            "rss_peak_raw": _median(result.values("raw", "rss_peak")),
            "rss_peak_sdk": _median(result.values("sdk", "rss_peak")),
        },
    )


IMPORT_BUDGETS = {"seconds": 0.080, "seconds_telnyx": 0.030, "seconds_both": 0.080}
"""Seconds each import may take over ``import aiohttp`` (issue 14: ``TelnyxClient`` +30 ms)."""


def _import_rows(result: Result) -> list[Row]:
    rows_ = [_import_row(result, key, IMPORT_BUDGETS[key]) for key in IMPORTS]
    heavy = sorted({name for s in result.samples["sdk"] for name in s.get("heavy", [])})
    rows_.append(
        Row(
            result.workload.key,
            "optional modules imported eagerly",
            "",
            ", ".join(heavy) or "none",
            "",
            "none",
            "ok" if not heavy else "MISS",
            {"heavy": heavy},
        )
    )
    return rows_


def _import_row(result: Result, key: str, budget: float) -> Row:
    """``IMPORTS[key]`` in a fresh process against ``import aiohttp`` in another."""
    raw_by_round = {s["round"]: s["seconds"] for s in result.samples["raw"]}
    sdk_by_round = {s["round"]: s[key] for s in result.samples["sdk"] if s.get(key) is not None}
    rounds = sorted(raw_by_round.keys() & sdk_by_round.keys())
    deltas = [sdk_by_round[r] - raw_by_round[r] for r in rounds]
    delta = _median(deltas)
    raw = _median(list(raw_by_round.values()))
    sdk = _median(list(sdk_by_round.values()))
    return Row(
        result.workload.key,
        f"`{IMPORTS[key]}` (fresh process)",
        _fmt(None if raw is None else raw * 1000, "ms"),
        _fmt(None if sdk is None else sdk * 1000, "ms"),
        _fmt_spread([value * 1000 for value in deltas], " ms", 1, sign="+"),
        f"<= aiohttp + {budget * 1000:.0f} ms",
        _verdict(delta, lambda value: value <= budget),
        {"raw": raw, "sdk": sdk, "deltas": deltas},
    )


def _w3_rows(result: Result, small: Result | None) -> list[Row]:
    rows_ = [
        _compare(result, "items_per_s", "items/s", "/s", 1, ">= 0.85x raw", lambda r: r >= 0.85),
        _compare(result, "cpu_per_item", "CPU per item", "µs", 1e6),
    ]
    if small is None:
        rows_.append(_rss(result, "< 5 MiB", lambda growth: growth < 5 * MiB))
    else:
        baseline = _median(small.values("sdk", "rss_growth"))
        rows_.append(
            _rss(
                result,
                "<= growth at 5,000",
                lambda growth: baseline is not None and growth <= max(baseline, 0) + RSS_NOISE,
            )
        )
    return rows_


def rows(results: dict[str, Result]) -> list[Row]:
    """The table rows for every workload that ran, in run order."""
    out: list[Row] = []
    for key, result in results.items():
        if key in ("W1", "W5"):
            out.append(
                _compare(
                    result,
                    "cpu_per_request",
                    "CPU per request",
                    "µs",
                    1e6,
                    "<= 1.10x raw",
                    lambda r: r <= 1.1,
                )
            )
            out.append(_compare(result, "wall_per_request", "wall per request", "µs", 1e6))
        elif key == "W2":
            out.append(_ideal(result, 1.10))
            out.append(
                _compare(result, "wall", "wall", "s", 1, "<= 1.02x raw", lambda r: r <= 1.02)
            )
            out.append(_compare(result, "p50", "p50 latency", "ms", 1e3))
            out.append(_compare(result, "p99", "p99 latency", "ms", 1e3))
            out.append(_compare(result, "cpu", "client CPU", "ms", 1e3))
            out.append(_connections(result))
        elif key == "W3":
            out.extend(_w3_rows(result, None))
        elif key == "W3-50k":
            out.extend(_w3_rows(result, results.get("W3")))
        elif key == "W4":
            out.append(
                _compare(
                    result,
                    "us_per_object",
                    "CPU per object",
                    "µs",
                    1,
                    "<= 1.30x json.loads",
                    lambda r: r <= 1.3,
                )
            )
        elif key == "W6":
            out.append(_ideal(result, 1.15))
            out.append(_compare(result, "cpu", "client CPU", "ms", 1e3))
        elif key == "import":
            out.extend(_import_rows(result))
        if result.sdk_missing:
            out.append(Row(key, "SDK side skipped", "", result.sdk_missing, "", "", "n/a", {}))
        out.extend(_work_differs(result))
    return out


def _work_differs(result: Result) -> list[Row]:
    """A warning row per work counter (rows decoded, requests served) the sides disagree on."""
    out = []
    for counter in ("rows", "items", "results", "server_requests"):
        for raw, sdk in result.paired(counter):
            if raw != sdk:
                out.append(
                    Row(
                        result.workload.key,
                        f"WORK DIFFERS: {counter}",
                        f"{raw:,}",
                        f"{sdk:,}",
                        "",
                        "equal",
                        "MISS",
                        {"raw": raw, "sdk": sdk},
                    )
                )
                break
    return out


def markdown_table(table: Sequence[Row]) -> str:
    """The rows as a Markdown table (ratios: median and min-max over rounds; the floor columns
    are filled for W1, W3, W4 and W5)."""
    header = (
        "| Workload | Metric | raw aiohttp | SDK | SDK ratio, median (min-max) | Target | "
        "| floor | SDK / floor |\n"
        "| --- | --- | ---: | ---: | ---: | --- | --- | ---: | ---: |"
    )
    lines = [
        f"| {r.workload} | {r.metric} | {r.raw} | {r.sdk} | {r.ratio} | {r.target} | {r.verdict} "
        f"| {r.floor} | {r.vs_floor} |"
        for r in table
    ]
    return "\n".join([header, *lines])


def _read(path: str, prefix: str) -> str | None:
    try:
        text = Path(path).read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(prefix):
            return line.split(":", 1)[1].strip()
    return None


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit() -> str | None:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    )
    return done.stdout.strip() or None


def _memory_gib() -> float | None:
    total = _read("/proc/meminfo", "MemTotal")  # "24684092 kB"
    return None if total is None else round(int(total.split()[0]) / MiB, 1)


def machine() -> dict[str, Any]:
    """Where the numbers came from: CPU, cores, memory, OS, Python and library versions."""
    return {
        "cpu": _read("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "event_loop": "asyncio (default selector loop)",
        "packages": {
            name: _version(name) for name in ("aiohttp", "attrs", "cattrs", "yarl", "orjson")
        },
        "commit": _commit(),
    }


def describe_machine(info: dict[str, Any]) -> str:
    """One line about the machine (and the JSON library of each side), for the caption."""
    packages = ", ".join(f"{name} {version}" for name, version in info["packages"].items())
    line = (
        f"{info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB RAM, {info['os']}; "
        f"{info['python']}, {info['event_loop']}; {packages}; commit {info['commit']}"
    )
    json_ = info.get("json")
    if json_:
        line += f"\nJSON: raw side {json_['raw']}; SDK {json_['sdk']}"
    return line


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write the run (plan, machine, every raw sample, the rows) as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1, default=_jsonable) + "\n")


def _jsonable(value: Any) -> Any:
    if isinstance(value, Row):
        return asdict(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")
