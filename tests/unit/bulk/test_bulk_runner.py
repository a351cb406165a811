"""bulk_coverage and bulk.stream against fake sources.

Tests that involve latency, pacing or pauses run on a virtual clock (:mod:`.virtual_time`):
their instants are exact and the same on a loaded machine, and long sleeps take no time.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Iterator

import pytest

from numbering_async import (
    BulkResult,
    CoverageQuery,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
    bulk,
    bulk_coverage,
    bulk_stream,
)

from .fakes import FakeSource, npa_queries
from .virtual_time import virtual_time

Progress = tuple[int, int, "int | None"]


def other_tasks() -> set[asyncio.Task[object]]:
    """Tasks still alive besides the test's own."""
    current = asyncio.current_task()
    return {task for task in asyncio.all_tasks() if task is not current and not task.done()}


@virtual_time
async def test_results_keep_input_order_under_random_latencies() -> None:
    rng = random.Random(7)
    sources = [
        FakeSource("a", lambda q, n: rng.uniform(0, 0.003)),
        FakeSource("b", lambda q, n: rng.uniform(0, 0.003)),
    ]
    queries = npa_queries(60)

    results = await bulk_coverage(sources, queries, concurrency=8)

    assert [(r.query_index, r.provider) for r in results] == [
        (i, p) for i in range(60) for p in ("a", "b")
    ]
    assert [r.index for r in results] == list(range(120))
    assert all(r.ok and r.query is queries[r.query_index] for r in results)
    assert [r.count for r in results[:4]] == [200, 200, 201, 201]
    assert max(s.max_in_flight for s in sources) <= 8


@virtual_time
async def test_stream_yields_in_completion_order_with_input_index() -> None:
    # Later queries answer sooner, so completion order is the reverse of input order.
    source = FakeSource("a", lambda q, n: 0.001 * (210 - int(q.npa or 0)))
    queries = npa_queries(10)

    seen = [r async for r in bulk_stream(source, queries, concurrency=10)]

    assert [r.query_index for r in seen] == list(range(9, -1, -1))
    assert all(r.query is queries[r.index] for r in seen)


async def test_failures_are_reported_per_item_and_never_cancel_others() -> None:
    def a(query: CoverageQuery, call: int) -> BaseException | None:
        return NotFoundError(status=404, provider="a") if query.npa == "203" else None

    def b(query: CoverageQuery, call: int) -> BaseException | None:
        if query.npa == "205":
            return InvalidRequestError("query", "b cannot express this")
        return ServerError(status=503, provider="b") if query.npa == "209" else None

    progress: list[Progress] = []
    results = await bulk_coverage(
        [FakeSource("a", a), FakeSource("b", b)],
        npa_queries(12),
        concurrency=3,
        on_progress=lambda *p: progress.append(p),
    )

    assert len(results) == 24
    failed = {(r.query.npa, r.provider): type(r.error) for r in results if not r.ok}
    assert failed == {
        ("203", "a"): NotFoundError,
        ("205", "b"): InvalidRequestError,
        ("209", "b"): ServerError,
    }
    assert all(r.rows is None and r.count is None for r in results if not r.ok)
    assert all(r.rows and r.error is None for r in results if r.ok)
    assert progress[-1] == (24, 3, 24)
    assert [p[0] for p in progress] == list(range(1, 25))


@virtual_time
async def test_a_programming_error_stops_the_scan_and_leaks_no_task() -> None:
    def broken(query: CoverageQuery, call: int) -> BaseException | float:
        return ZeroDivisionError("bug in a source") if call == 2 else 0.001

    slow = FakeSource("slow", lambda q, n: 30.0)
    with pytest.raises(ZeroDivisionError, match="bug in a source"):
        await bulk_coverage([FakeSource("a", broken), slow], npa_queries(20), concurrency=2)

    assert other_tasks() == set()
    assert slow.in_flight == 0


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"concurrency": 0}, "concurrency"),
        ({"concurrency": 2.5}, "concurrency"),
        ({"rate": -1}, "rate"),
        ({"rate": float("inf")}, "rate"),
        ({"rate": {"nope": 1.0}}, "rate"),
        ({"rate_limit_retries": -1}, "rate_limit_retries"),
        ({"max_pause": -1}, "max_pause"),
        ({"sources": []}, "sources"),
        ({"sources": [object()]}, "sources"),
        ({"queries": 201}, "queries"),
    ],
)
async def test_bad_arguments_are_rejected_before_any_request(
    kwargs: dict[str, object], argument: str
) -> None:
    source = FakeSource("a")
    call: dict[str, object] = {"sources": [source], "queries": npa_queries(2), **kwargs}

    with pytest.raises(InvalidRequestError) as caught:
        bulk.stream(**call)  # type: ignore[arg-type]  # wrong types on purpose

    assert caught.value.argument == argument
    assert source.calls == []


async def test_an_item_that_is_not_a_query_is_rejected_by_name() -> None:
    source = FakeSource("a")
    with pytest.raises(InvalidRequestError, match="item 1 is a str"):
        await bulk_coverage(source, [CoverageQuery(npa="201"), "973"])  # type: ignore[list-item]
    assert other_tasks() == set()


@pytest.mark.parametrize("kind", ["generator", "async generator"])
@virtual_time
async def test_input_is_consumed_lazily(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    lead, concurrency, count = 20, 4, 400
    monkeypatch.setattr(bulk, "_LEAD", lead)
    produced = 0

    def numbers() -> Iterator[CoverageQuery]:
        nonlocal produced
        for query in npa_queries(count):
            produced += 1
            yield query

    async def anumbers() -> AsyncIterator[CoverageQuery]:
        for query in numbers():
            yield query

    queries = numbers() if kind == "generator" else anumbers()
    slow, fast = FakeSource("slow", lambda q, n: 0.01), FakeSource("fast")
    done = {"slow": 0, "fast": 0}
    scan = bulk_stream([slow, fast], queries, concurrency=concurrency)
    async with contextlib.aclosing(scan) as results:
        async for result in results:
            done[result.provider] += 1
            # Read ahead of the slowest source: its queue, its workers and the one being put.
            assert produced <= done["slow"] + lead + concurrency + 1

    assert done == {"slow": count, "fast": count}
    assert produced == count


async def test_total_is_known_for_sized_input_and_at_the_end_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bulk, "_LEAD", 10)  # results come before the input is read through
    sized: list[Progress] = []
    unsized: list[Progress] = []
    await bulk_coverage([FakeSource("a")], npa_queries(50), on_progress=lambda *p: sized.append(p))
    await bulk_coverage(
        [FakeSource("a")],
        iter(npa_queries(200)),
        concurrency=4,
        on_progress=lambda *p: unsized.append(p),
    )

    assert {total for _, _, total in sized} == {50}
    assert unsized[0][2] is None
    assert unsized[-1] == (200, 0, 200)


@pytest.mark.parametrize("rate", [50.0, {"a": 50.0}])
@virtual_time
async def test_rate_limit_paces_each_provider_on_its_own(rate: float | dict[str, float]) -> None:
    a, b = FakeSource("a"), FakeSource("b")

    await bulk_coverage([a, b], npa_queries(8), concurrency=8, rate=rate)

    every_50th = [n / 50 for n in range(8)]
    assert a.started == pytest.approx(every_50th)  # one request per slot, no slot skipped
    if isinstance(rate, dict):
        assert b.started == [0.0] * 8  # b has no limit: all its requests went out at once
    else:
        assert b.started == pytest.approx(every_50th)  # its own slots, in step with a's


@virtual_time
async def test_sources_of_one_provider_share_its_rate() -> None:
    first, second = FakeSource("a"), FakeSource("a")

    await bulk_coverage([first, second], npa_queries(4), concurrency=4, rate=200.0)

    assert sorted(first.started + second.started) == pytest.approx([n / 200 for n in range(8)])


@virtual_time
async def test_429_pauses_every_worker_of_that_provider_only() -> None:
    pause = 0.2

    def a(query: CoverageQuery, call: int) -> BaseException | float:
        if call == 0:
            return RateLimitError(status=429, provider="a", retry_after=pause)
        return 0.001

    limited, other = FakeSource("a", a), FakeSource("b", lambda q, n: 0.002)

    results = await bulk_coverage([limited, other], npa_queries(20), concurrency=4)

    assert all(r.ok for r in results)
    assert len(limited.calls) == 21  # the 429'd item was retried once
    assert limited.started[0] == 0.0
    assert min(limited.started[1:]) == pytest.approx(pause)  # no worker of a went out before
    assert all(t < pause for t in other.started)  # b finished its whole scan meanwhile


@virtual_time
async def test_a_long_pause_of_one_provider_holds_the_others_back_only_by_the_lead(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bulk, "_LEAD", 10)
    paused = FakeSource(
        "a", lambda q, n: RateLimitError(status=429, retry_after=60) if n == 0 else None
    )
    other = FakeSource("b", lambda q, n: 1.0)

    await bulk_coverage([paused, other], npa_queries(100), concurrency=2)

    assert max(paused.started[1:]) >= 60  # every worker of a waited out the minute
    during = [t for t in other.started if t < 60]
    assert len(during) == 2 + 10  # b ran ahead by what a had taken and queued, then waited


@virtual_time
async def test_429_retries_are_bounded_and_keep_the_error() -> None:
    limited = FakeSource("a", lambda q, n: RateLimitError(status=429, retry_after=0.5))

    [result] = await bulk_coverage(limited, npa_queries(1), rate_limit_retries=2)

    assert isinstance(result.error, RateLimitError)
    assert limited.started == [0.0, 0.5, 1.0]  # the item waited each retry_after out


@virtual_time
async def test_429_asking_for_more_than_max_pause_fails_at_once() -> None:
    limited = FakeSource("a", lambda q, n: RateLimitError(status=429, retry_after=120))

    [result] = await bulk_coverage(limited, npa_queries(1), max_pause=60)

    assert isinstance(result.error, RateLimitError)
    assert result.error.retry_after == 120
    assert len(limited.calls) == 1


@virtual_time
async def test_429_without_retry_after_backs_off_doubling_and_retries() -> None:
    limited = FakeSource("a", lambda q, n: RateLimitError(status=429) if n < 2 else None)

    [result] = await bulk_coverage(limited, npa_queries(1))

    assert result.ok
    first = bulk._FIRST_BACKOFF
    assert limited.started == [0.0, first, first + 2 * first]


@virtual_time
async def test_timeout_around_the_stream_keeps_what_was_yielded_and_leaks_nothing() -> None:
    source = FakeSource("a", lambda q, n: 30.0 if int(q.npa or 0) >= 203 else 0.0)
    seen: list[BulkResult] = []

    async def scan() -> None:
        async with asyncio.timeout(0.2):
            async for result in bulk_stream(source, npa_queries(10), concurrency=5):
                seen.append(result)

    with pytest.raises(TimeoutError):
        await scan()

    assert sorted(r.query_index for r in seen) == [0, 1, 2]
    assert source.in_flight == 0  # the sleeping requests were cancelled
    assert other_tasks() == set()


@virtual_time
async def test_cancelling_bulk_coverage_cancels_requests_and_leaks_nothing() -> None:
    tenth_sent = asyncio.Event()

    def slow(query: CoverageQuery, call: int) -> float:
        if call == 9:
            tenth_sent.set()
        return 30.0

    source = FakeSource("a", slow)
    scan = asyncio.create_task(bulk_coverage(source, npa_queries(100), concurrency=10))
    await tenth_sent.wait()

    scan.cancel()
    with pytest.raises(asyncio.CancelledError):
        await scan

    assert source.in_flight == 0
    assert len(source.calls) == 10
    assert other_tasks() == set()


@virtual_time
async def test_leaving_a_stream_early_with_aclosing_stops_its_tasks() -> None:
    source = FakeSource("a", lambda q, n: 0.0 if n == 0 else 30.0)
    async with contextlib.aclosing(bulk_stream(source, npa_queries(50), concurrency=4)) as rs:
        first = await anext(rs)

    assert first.query_index == 0
    assert source.in_flight == 0
    assert other_tasks() == set()
