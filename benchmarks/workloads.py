"""The workloads (W1-W6 and import time): how one sample of each side is taken.

A sample is one side (``raw`` or ``sdk``) doing a workload once, in its own event loop, with a
fresh client that is warmed up before the measured part starts (except where warming would hide
what is measured: W2 counts the connections a cold client opens). The harness in
:mod:`benchmarks.run` interleaves the sides round by round; :mod:`benchmarks.report` turns the
samples into ratios.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from benchmarks import sides
from benchmarks.bodies import number_orders_page_body
from benchmarks.measure import Stopwatch, percentile
from benchmarks.server import CannedServer

__all__ = ["WORKLOADS", "CallFactory", "Context", "Plan", "Side", "Workload", "interleaved"]

Side = Literal["raw", "sdk", "floor"]
"""``floor`` (W1, W3, W4 and W5): orjson and the SDK's classes filled with no checks
(:mod:`benchmarks.floor`)."""
K = TypeVar("K", bound=str)
Sample = dict[str, Any]
CallFactory = Callable[[str], AbstractAsyncContextManager[sides.Call]]

REPO = Path(__file__).resolve().parent.parent

# Modules that `import numbering_async` must not drag in (optional extras, server code).
HEAVY_MODULES = (
    "aiohttp.web",
    "click",
    "numbering_async.cli",
    "numbering_async.sandbox",
    "phonenumbers",
    "rich",
)


@dataclass(frozen=True)
class Plan:
    """How much work each workload does, and how many interleaved rounds."""

    rounds: int = 7
    w1_requests: int = 5000
    w2_requests: int = 2000
    w2_concurrency: int = 50
    w2_latency: float = 0.020
    w3_items: int = 5000
    w3_large_items: int = 50000
    w3_rounds: int = 5
    w3_large_rounds: int = 3
    w3_walks: int = 3
    """Walks of the listing per W3 sample: memory from the first, throughput from the fastest."""
    page_size: int = 250
    w4_objects: int = 1000
    w4_repeats: int = 50
    w5_requests: int = 2000
    w6_queries: int = 5000
    w6_concurrency: int = 50
    w6_latency: float = 0.050
    w6_rounds: int = 3
    import_runs: int = 15
    warmup: int = 50
    speedups: bool = True
    """Whether the SDK may use orjson (the ``speedups`` extra) when it is installed; with
    ``False`` every SDK process decodes with the standard library's ``json``."""

    @classmethod
    def full(cls) -> Plan:
        """The issue's sizes: a few minutes on two cores."""
        return cls()

    @classmethod
    def quick(cls) -> Plan:
        """Smaller counts and fewer rounds: under a minute."""
        return cls(
            rounds=3,
            w1_requests=1500,
            w3_rounds=2,
            w3_large_rounds=1,
            w3_walks=2,
            w4_repeats=20,
            w5_requests=800,
            w6_queries=1000,
            w6_rounds=2,
            import_runs=5,
            warmup=20,
        )

    def scaled(self, factor: float, rounds: int | None = None) -> Plan:
        """Every count multiplied by ``factor`` (at least 1 unit); ``rounds`` caps all rounds."""

        def count(value: int, floor: int = 1) -> int:
            return max(floor, round(value * factor))

        def capped(value: int) -> int:
            return value if rounds is None else min(value, rounds)

        return replace(
            self,
            rounds=capped(self.rounds),
            w1_requests=count(self.w1_requests),
            w2_requests=count(self.w2_requests, self.w2_concurrency),
            w3_items=count(self.w3_items, self.page_size),
            w3_large_items=count(self.w3_large_items, self.page_size),
            w3_rounds=capped(self.w3_rounds),
            w3_large_rounds=capped(self.w3_large_rounds),
            w4_repeats=count(self.w4_repeats),
            w5_requests=count(self.w5_requests),
            w6_queries=count(self.w6_queries, self.w6_concurrency),
            w6_rounds=capped(self.w6_rounds),
            import_runs=capped(self.import_runs),
            warmup=count(self.warmup),
        )

    def as_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready values."""
        return asdict(self)


@dataclass(frozen=True)
class Context:
    """What every sample can use: the running server and the plan."""

    server: CannedServer
    plan: Plan


Samples = dict[Side, Sample]
RoundFn = Callable[[Sequence[Side], Context], Samples]


@dataclass(frozen=True)
class Workload:
    """One benchmark: a key, what the SDK side needs, how many rounds, how to run a round.

    ``round`` takes the sides to run, in order, and returns one sample per side.
    """

    key: str
    title: str
    sdk_part: str
    """Which SDK part must import for the SDK side (see :func:`benchmarks.sides.sdk_missing`)."""
    rounds: Callable[[Plan], int]
    round: RoundFn
    floor: bool = False
    """Whether a round also takes a ``floor`` sample (see :mod:`benchmarks.floor`)."""


def _each_side(sample: Callable[[Side, Context], Sample]) -> RoundFn:
    """A round that takes one whole sample per side, one side after the other."""

    def round_(order: Sequence[Side], ctx: Context) -> Samples:
        return {side: sample(side, ctx) for side in order}

    return round_


def _run(coro: Coroutine[Any, Any, Sample], server: CannedServer) -> Sample:
    """Run one sample in a fresh event loop and attach the server's counters."""
    server.reset()
    sample = asyncio.run(coro)
    stats = server.stats()
    sample["server_requests"] = stats["requests"]
    sample["connections"] = stats["connections"]
    sample["peak_open"] = stats["peak_open"]
    sample["targets"] = stats["last_target"]
    return sample


def _chunks(total: int, size: int) -> list[int]:
    return [min(size, total - start) for start in range(0, total, size)]


def _alternating(order: Sequence[K], index: int) -> Sequence[K]:
    return order if index % 2 == 0 else tuple(reversed(order))


@dataclass
class _Tally:
    """CPU and wall seconds one side spent over the chunks of a round."""

    cpu: float = 0.0
    wall: float = 0.0
    rows: int = 0

    def add(self, watch: Stopwatch, rows: int = 0) -> None:
        self.cpu += watch.cpu
        self.wall += watch.wall
        self.rows += rows

    def sample(self, count: int, unit: str) -> Sample:
        """Totals and per-``unit`` figures over ``count`` units (requests, objects)."""
        return {
            f"{unit}s": count,
            "rows": self.rows,
            "cpu": self.cpu,
            "wall": self.wall,
            f"cpu_per_{unit}": self.cpu / count,
            f"wall_per_{unit}": self.wall / count,
        }


# -- W1 and W5: sequential requests, CPU per request --------------------------------------

CHUNK = 250
"""Requests per chunk: within a round the sides take turns chunk by chunk."""


async def interleaved(
    factories: Mapping[K, CallFactory], order: Sequence[K], base: str, warmup: int, requests: int
) -> dict[K, Sample]:
    """Every side's client open at once, taking turns in chunks of :data:`CHUNK` requests (the
    order reversed every other chunk), so a burst of noise on the machine lands on all of them
    instead of skewing one. Returns CPU and wall time per request of each side."""
    spent = {side: _Tally() for side in order}
    async with contextlib.AsyncExitStack() as stack:
        calls = {side: await stack.enter_async_context(factories[side](base)) for side in order}
        for side in order:
            for _ in range(warmup):
                await calls[side]()
        for index, size in enumerate(_chunks(requests, CHUNK)):
            for side in _alternating(order, index):
                call, rows = calls[side], 0
                with Stopwatch() as watch:
                    for _ in range(size):
                        rows += await call()
                spent[side].add(watch, rows)
    return {side: tally.sample(requests, "request") for side, tally in spent.items()}


def _sequential_round(
    raw: CallFactory, sdk: CallFactory, floor: CallFactory, requests: Callable[[Plan], int]
) -> RoundFn:
    def round_(order: Sequence[Side], ctx: Context) -> Samples:
        ctx.server.configure(latency=0.0)
        factories: dict[Side, CallFactory] = {"raw": raw, "sdk": sdk, "floor": floor}
        plan = ctx.plan
        return asyncio.run(
            interleaved(factories, order, ctx.server.url, plan.warmup, requests(plan))
        )

    return round_


# -- W2: concurrent requests with latency, wall time --------------------------------------


async def _concurrent(call: sides.Call, requests: int, concurrency: int) -> Sample:
    latencies: list[float] = []
    pending = iter(range(requests))

    async def worker() -> int:
        rows = 0
        for _ in pending:
            started = time.perf_counter()
            rows += await call()
            latencies.append(time.perf_counter() - started)
        return rows

    with Stopwatch() as watch:
        rows = sum(await asyncio.gather(*(worker() for _ in range(concurrency))))
    return {
        "requests": requests,
        "rows": rows,
        "cpu": watch.cpu,
        "wall": watch.wall,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "latencies": latencies,
    }


def _w2(side: Side, ctx: Context) -> Sample:
    plan = ctx.plan
    ctx.server.configure(latency=plan.w2_latency)
    factory = sides.raw_telnyx_coverage if side == "raw" else sides.sdk_telnyx_coverage

    async def go() -> Sample:
        async with factory(ctx.server.url) as call:
            await call()  # one request: decoders warm, one connection open
            sample = await _concurrent(call, plan.w2_requests, plan.w2_concurrency)
        sample["ideal"] = plan.w2_requests / plan.w2_concurrency * plan.w2_latency
        return sample

    return _run(go(), ctx.server)


# -- W3: pagination in a fresh process, throughput and memory -----------------------------


def _w3(items: Callable[[Plan], int]) -> Callable[[Side, Context], Sample]:
    def sample(side: Side, ctx: Context) -> Sample:
        ctx.server.configure(latency=0.0, orders_total=items(ctx.plan))
        ctx.server.reset()
        command = [
            sys.executable,
            "-m",
            "benchmarks.paging",
            "--side",
            side,
            "--url",
            ctx.server.url,
            "--page-size",
            str(ctx.plan.page_size),
            "--walks",
            str(ctx.plan.w3_walks),
            *([] if ctx.plan.speedups else ["--no-speedups"]),
        ]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"W3 {side} sample failed:\n{done.stderr.strip()}")
        result: Sample = json.loads(done.stdout)
        stats = ctx.server.stats()
        result["server_requests"] = stats["requests"]
        result["connections"] = stats["connections"]
        result["targets"] = stats["last_target"]
        return result

    return sample


# -- W4: decoding without I/O -------------------------------------------------------------


def _w4(order: Sequence[Side], ctx: Context) -> Samples:
    """``json.loads`` and the SDK's decoder take turns, one 1,000-object body at a time."""
    plan = ctx.plan
    body = number_orders_page_body(1, plan.w4_objects, plan.w4_objects)
    decoders: dict[Side, Callable[[bytes], Any]] = {
        "raw": json.loads,
        "sdk": sides.sdk_number_orders_decoder() if "sdk" in order else json.loads,
    }
    if "floor" in order:
        decoders["floor"] = _floor_checked(body, decoders["sdk"])
    spent = {side: _Tally() for side in order}
    for side in order:
        for _ in range(3):
            decoders[side](body)
    for index in range(plan.w4_repeats):
        for side in _alternating(order, index):
            decode = decoders[side]
            with Stopwatch() as watch:
                decode(body)
            spent[side].add(watch)
    objects = plan.w4_objects * plan.w4_repeats
    samples = {side: tally.sample(objects, "object") for side, tally in spent.items()}
    for sample in samples.values():
        sample["us_per_object"] = sample["cpu_per_object"] * 1e6
        sample["bytes"] = len(body)
    return samples


def _floor_checked(body: bytes, sdk: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    """The floor decoder, once checked to give the objects the SDK gives."""
    from benchmarks.floor import floor_decoder
    from numbering_async.telnyx.models import NumberOrder

    floor = floor_decoder(NumberOrder)
    if list(floor(body).items) != list(sdk(body)):
        raise RuntimeError("the floor decoder and the SDK's decode the W4 body differently")
    return floor


# -- W6: bulk scan with latency, wall time ------------------------------------------------


def _w6_npas(count: int) -> list[int]:
    codes = [npa for npa in range(201, 1000) if npa % 100 != 11]  # N11 codes are not NPAs
    return [codes[index % len(codes)] for index in range(count)]


async def _raw_scan(base: str, npas: Sequence[int], concurrency: int) -> int:
    pending = iter(npas)
    async with sides.raw_session() as session:

        async def worker() -> int:
            done = 0
            for npa in pending:
                url = sides.telnyx_coverage_url(base, npa, sides.BULK_FILTERS)
                async with session.get(url, headers=sides.BEARER) as resp:
                    await resp.json()
                done += 1
            return done

        return sum(await asyncio.gather(*(worker() for _ in range(concurrency))))


def _w6(side: Side, ctx: Context) -> Sample:
    plan = ctx.plan
    ctx.server.configure(latency=plan.w6_latency)
    npas = _w6_npas(plan.w6_queries)
    scan = _raw_scan if side == "raw" else sides.sdk_bulk_scan

    async def go() -> Sample:
        with Stopwatch() as watch:
            results = await scan(ctx.server.url, npas, plan.w6_concurrency)
        return {
            "queries": len(npas),
            "results": results,
            "cpu": watch.cpu,
            "wall": watch.wall,
            "ideal": len(npas) / plan.w6_concurrency * plan.w6_latency,
        }

    return _run(go(), ctx.server)


# -- Import time in fresh processes -------------------------------------------------------

IMPORTS = {
    "seconds": "import numbering_async",
    "seconds_telnyx": "from numbering_async import TelnyxClient",
    "seconds_both": "from numbering_async import INumberingClient, TelnyxClient",
}
"""What the SDK side times, each in its own fresh process, by sample key: the package alone
(each backend loads on first use of one of its names), and what a user of one or both clients
imports."""

PYCACHE = REPO / "benchmarks" / "results" / "pycache"
"""Where the probes keep compiled bytecode (``PYTHONPYCACHEPREFIX``), as an installed package
has it: aiohttp's is in site-packages, so without this the SDK side alone would pay for
compiling its sources (``PYTHONDONTWRITEBYTECODE`` may be set)."""

_IMPORT_PROBE = """
import json, sys, time
{block}
started = time.perf_counter()
{statement}
seconds = time.perf_counter() - started
heavy = [name for name in {heavy!r} if name in sys.modules]
print(json.dumps({{"seconds": seconds, "modules": len(sys.modules), "heavy": heavy}}))
"""

_BLOCK_SPEEDUPS = 'sys.modules["orjson"] = None  # as without the speedups extra'


def _probe(statement: str, plan: Plan) -> Sample:
    """Time ``statement`` in a fresh interpreter that reuses compiled bytecode."""
    block = "" if plan.speedups else _BLOCK_SPEEDUPS
    code = _IMPORT_PROBE.format(block=block, statement=statement, heavy=HEAVY_MODULES)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    sample: Sample = json.loads(done.stdout)
    return sample


_WARMED: set[str] = set()
"""Statements whose modules are in the bytecode cache already (in this run)."""


def _import(side: Side, ctx: Context) -> Sample:
    statements = {"seconds": "import aiohttp"} if side == "raw" else IMPORTS
    for statement in statements.values():
        if statement not in _WARMED:  # compile the sources into the cache, untimed
            _probe(statement, ctx.plan)
            _WARMED.add(statement)
    probes = {key: _probe(statement, ctx.plan) for key, statement in statements.items()}
    sample: Sample = {key: probe["seconds"] for key, probe in probes.items()}
    sample["heavy"] = sorted({name for probe in probes.values() for name in probe["heavy"]})
    sample["modules"] = probes["seconds"]["modules"]
    sample["statements"] = statements
    return sample


WORKLOADS: tuple[Workload, ...] = (
    Workload(
        "W1",
        "5,000 sequential Telnyx coverage GETs, no latency",
        "telnyx",
        lambda plan: plan.rounds,
        _sequential_round(
            sides.raw_telnyx_coverage,
            sides.sdk_telnyx_coverage,
            sides.floor_telnyx_coverage,
            lambda plan: plan.w1_requests,
        ),
        floor=True,
    ),
    Workload(
        "W2",
        "2,000 coverage GETs at concurrency 50, 20 ms latency",
        "telnyx",
        lambda plan: plan.rounds,
        _each_side(_w2),
    ),
    Workload(
        "W3",
        "iterate 5,000 number orders, 250 per page",
        "telnyx",
        lambda plan: plan.w3_rounds,
        _each_side(_w3(lambda plan: plan.w3_items)),
        floor=True,
    ),
    Workload(
        "W3-50k",
        "iterate 50,000 number orders, 250 per page",
        "telnyx",
        lambda plan: plan.w3_large_rounds,
        _each_side(_w3(lambda plan: plan.w3_large_items)),
        floor=True,
    ),
    Workload(
        "W4",
        "decode 1,000 number orders from bytes (no I/O)",
        "telnyx",
        lambda plan: plan.rounds,
        _w4,
        floor=True,
    ),
    Workload(
        "W5",
        "2,000 sequential iNumbering coverage POSTs",
        "inumbering",
        lambda plan: plan.rounds,
        _sequential_round(
            sides.raw_inumbering_coverage,
            sides.sdk_inumbering_coverage,
            sides.floor_inumbering_coverage,
            lambda plan: plan.w5_requests,
        ),
        floor=True,
    ),
    Workload(
        "W6",
        "bulk scan: 5,000 queries, concurrency 50, 50 ms latency",
        "bulk",
        lambda plan: plan.w6_rounds,
        _each_side(_w6),
    ),
    Workload(
        "import",
        "import time in a fresh process (vs import aiohttp)",
        "core",
        lambda plan: plan.import_runs,
        _each_side(_import),
    ),
)
"""Every workload, in the order they run."""
