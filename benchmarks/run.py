"""The command line: ``python -m benchmarks [--quick] [--only W1,W4] [--rounds N] ...``.

Starts the canned server, runs every selected workload for its rounds (raw first in even
rounds, the SDK, or the floor of W1, W3, W4 and W5, first in odd ones), prints the table and
writes every raw sample to ``benchmarks/results/<timestamp>.json`` (git-ignored) or ``--output``.
The SDK decodes with orjson when it is installed (the ``speedups`` extra); ``--no-speedups``
makes it use the standard library's ``json``, as the raw side does. The caption says which
each side used.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from benchmarks import report, sides
from benchmarks.server import CannedServer
from benchmarks.workloads import WORKLOADS, Context, Plan, Side, Workload

__all__ = ["main"]

RESULTS = Path(__file__).resolve().parent / "results"


def _selected(only: str | None) -> list[Workload]:
    if not only:
        return list(WORKLOADS)
    wanted = {key.strip() for key in only.split(",") if key.strip()}
    known = {w.key for w in WORKLOADS}
    unknown = {key for key in wanted if key not in known}
    if unknown:
        raise SystemExit(f"unknown workload(s): {', '.join(sorted(unknown))}; known: {known}")
    return [w for w in WORKLOADS if w.key in wanted or w.key.split("-")[0] in wanted]


def _order(round_: int, floor: bool) -> tuple[Side, ...]:
    order: tuple[Side, ...] = ("raw", "sdk", "floor") if floor else ("raw", "sdk")
    return order if round_ % 2 == 0 else order[::-1]


def run_workload(workload: Workload, ctx: Context, log: bool) -> report.Result:
    """Every round of ``workload``, sides interleaved (and the floor, for W1, W3, W4 and W5)."""
    result = report.Result(workload, sdk_missing=sides.sdk_missing(workload.sdk_part))
    rounds = workload.rounds(ctx.plan)
    for round_ in range(rounds):
        order = [s for s in _order(round_, workload.floor) if s == "raw" or not result.sdk_missing]
        for side, sample in workload.round(order, ctx).items():
            sample["round"] = round_
            result.samples[side].append(sample)
        if log:
            print(f"  {workload.key}: round {round_ + 1}/{rounds} done", file=sys.stderr)
    return result


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Compare the SDK with raw aiohttp against a local canned-body server.",
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds and smaller counts")
    parser.add_argument(
        "--only", help="comma-separated workloads (W1,W2,W3,W3-50k,W4,W5,W6,import)"
    )
    parser.add_argument("--rounds", type=int, help="cap the number of rounds of every workload")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply every request/item count (e.g. 0.1)"
    )
    parser.add_argument(
        "--no-speedups",
        action="store_true",
        help="the SDK decodes with the standard library's json even if orjson is installed",
    )
    parser.add_argument("--output", type=Path, help="JSON file (default: benchmarks/results/)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.scale <= 0:
        parser.error("--scale must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmarks and report."""
    args = _arguments(argv)
    base = Plan.quick() if args.quick else Plan.full()
    plan = replace(base.scaled(args.scale, args.rounds), speedups=not args.no_speedups)
    if not plan.speedups:
        sides.block_speedups()
    workloads = _selected(args.only)
    info = report.machine()
    info["json"] = {"raw": sides.RAW_JSON, "sdk": sides.sdk_json_library()}
    started = time.strftime("%Y%m%d-%H%M%S")
    results: dict[str, report.Result] = {}
    with CannedServer() as server:
        ctx = Context(server, plan)
        for workload in workloads:
            if not args.quiet:
                print(f"{workload.key}: {workload.title}", file=sys.stderr)
            results[workload.key] = run_workload(workload, ctx, not args.quiet)
    table = report.rows(results)
    print(report.markdown_table(table))
    print(f"\nMachine: {report.describe_machine(info)}")
    output = args.output or RESULTS / f"run-{started}.json"
    report.write_json(
        output,
        {
            "started": started,
            "mode": "quick" if args.quick else "full",
            "plan": plan.as_dict(),
            "machine": info,
            "workloads": {
                key: {
                    "title": result.workload.title,
                    "sdk_missing": result.sdk_missing,
                    "samples": result.samples,
                }
                for key, result in results.items()
            },
            "rows": table,
        },
    )
    print(f"Samples: {output}")
