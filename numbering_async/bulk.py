"""Bulk coverage scans: many queries, several providers, bounded concurrency.

::

    from numbering_async import CoverageQuery, bulk_coverage, bulk

    queries = [CoverageQuery(npa=npa) for npa in ("201", "973", "908")]
    results = await bulk_coverage([telnyx, inumbering], queries, concurrency=32)
    for r in results:                      # one per (query, provider), query-major order
        print(r.query.describe(), r.provider, r.count if r.ok else r.error)

    async with contextlib.aclosing(bulk.stream(sources, huge_generator())) as results:
        async for r in results:            # as they finish; r.query_index: the input position
            ...

How it runs:

- One feeder task reads ``queries`` lazily (a list, any iterable or an async iterable) into a
  bounded queue per source, and a fixed pool of ``concurrency`` worker tasks per source
  pulls from it: at most ``concurrency`` requests are in flight to each source, so
  ``concurrency x len(sources)`` in all. A million queries never become a million tasks:
  the scan holds at most ``concurrency`` items in flight and 1,000 queued per source. That
  queue is how far a source may run ahead of the slowest one, so a provider that is paused
  or slow holds the others back only once it trails them by 1,000 queries.
- Every item ends as exactly one :class:`BulkResult` holding either the rows or the
  :class:`~numbering_async.errors.NumberingError` that item raised. A failing item never
  cancels the others.
- Any other exception (a bug in a source, a query that is not a :class:`CoverageQuery`, an
  input iterator that raises) is a programming error: the scan stops, its tasks are cancelled
  and the exception propagates to the caller. Results already yielded stay with the caller.
- ``rate`` limits requests per second per provider (one number for all, or a mapping
  provider -> rate): a provider's requests start at least ``1 / rate`` seconds apart.
- When a provider answers :class:`~numbering_async.errors.RateLimitError`, every worker for
  that provider waits until its ``retry_after`` (or a doubling back-off when the server gave
  none) and the item is retried, at most ``rate_limit_retries`` times; other providers keep
  going. Give clients ``RetryPolicy(max_retry_after=0)`` to hand a 429 with ``Retry-After``
  straight to this shared gate instead of sleeping in the one request that saw it; that cap
  also gives up on a 503 with ``Retry-After``, which this runner does not retry (the command
  line hands over only 429s and retries the rest under the client's own policy).
- Cancelling the scan (or an ``asyncio.timeout`` around it) cancels the in-flight requests
  and waits for every task before the cancellation propagates. A stream abandoned with
  ``break`` is cleaned up when Python finalizes it; wrap it in :func:`contextlib.aclosing` to
  clean up at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    Callable,
    Iterable,
    Mapping,
    Sequence,
    Sized,
)
from typing import TypeAlias

import attrs

from numbering_async._validate import check_int_range
from numbering_async.coverage import CoverageCount, CoverageQuery, CoverageSource
from numbering_async.errors import InvalidRequestError, NumberingError, RateLimitError

__all__ = ["BulkResult", "ProgressCallback", "bulk_coverage", "stream"]

ProgressCallback: TypeAlias = Callable[[int, int, int | None], None]
"""``on_progress(done, failed, total)``: items finished so far (failed ones included), how
many of them failed, and the number of items (queries x sources) once it is known."""

Queries: TypeAlias = Iterable[CoverageQuery] | AsyncIterable[CoverageQuery]
Rate: TypeAlias = float | Mapping[str, float] | None

_FIRST_BACKOFF = 1.0
"""Seconds a provider pauses after a 429 without ``Retry-After``; doubles on each retry."""
_LEAD = 1000
"""Queries queued per source: how far one source may run ahead of the slowest."""


@attrs.frozen(slots=True)
class BulkResult:
    """The outcome of one query on one provider: ``rows`` or ``error``, never both."""

    index: int
    """Position in the query-major output: ``query_index * len(sources) + source_index``."""
    query_index: int
    """Position of :attr:`query` in the input."""
    query: CoverageQuery
    provider: str
    rows: list[CoverageCount] | None = None
    error: NumberingError | None = None

    @property
    def ok(self) -> bool:
        """Whether the query succeeded."""
        return self.error is None

    @property
    def count(self) -> int | None:
        """Total numbers over :attr:`rows`, or ``None`` when the query failed."""
        return None if self.rows is None else sum(row.count for row in self.rows)


class _ProviderGate:
    """Admission to one provider: a pacer that keeps requests at least ``1 / rate`` seconds
    apart, and a "paused until" that every worker of the provider honours."""

    __slots__ = ("_interval", "_lock", "_next_slot", "_paused_until")

    def __init__(self, rate: float | None) -> None:
        self._interval = 0.0 if rate is None else 1.0 / rate
        self._lock = asyncio.Lock()
        self._next_slot = 0.0
        self._paused_until = 0.0

    async def admit(self) -> None:
        """Wait until the provider is not paused and, with a rate, its next slot is due."""
        loop = asyncio.get_running_loop()
        while True:
            if (wait := self._paused_until - loop.time()) > 0:
                await asyncio.sleep(wait)
                continue
            if self._interval:
                async with self._lock:  # one waiter at a time: slots follow real admissions
                    if (wait := self._next_slot - loop.time()) > 0:
                        await asyncio.sleep(wait)
                    self._next_slot = loop.time() + self._interval
            if self._paused_until <= loop.time():
                return

    def pause(self, seconds: float) -> None:
        """Hold every worker of this provider for ``seconds`` from now."""
        until = asyncio.get_running_loop().time() + seconds
        self._paused_until = max(self._paused_until, until)


@attrs.define(slots=True)
class _Fatal:
    """A programming error raised in a task, to re-raise in the consumer."""

    exc: BaseException


_Item: TypeAlias = tuple[int, CoverageQuery]
"""(query index, query); ``None`` on a queue means "no more"."""


@attrs.define(slots=True)
class _Lane:
    """One source's share of a scan: its queue of pending queries and its admission gate."""

    index: int
    source: CoverageSource
    gate: _ProviderGate
    todo: asyncio.Queue[_Item | None]


class _Scan:
    """The tasks and queues of one streaming scan: a feeder, one lane of workers per source."""

    def __init__(
        self,
        sources: Sequence[CoverageSource],
        queries: Queries,
        gates: Sequence[_ProviderGate],
        concurrency: int,
        rate_limit_retries: int,
        max_pause: float,
    ) -> None:
        self.queries = queries
        self.retries = rate_limit_retries
        self.max_pause = max_pause
        self.width = len(sources)
        size = len(queries) if isinstance(queries, Sized) else None
        self.total: int | None = None if size is None else size * self.width
        self.workers = max(1, concurrency if size is None else min(concurrency, size))
        """Workers per lane."""
        self.lanes = [
            _Lane(index, source, gate, asyncio.Queue(_LEAD))
            for index, (source, gate) in enumerate(zip(sources, gates, strict=True))
        ]
        self.out: asyncio.Queue[BulkResult | _Fatal | None] = asyncio.Queue(
            self.workers * self.width
        )

    async def feed(self) -> None:
        """Put every query in every lane, then one stop mark per worker."""
        try:
            count = 0
            if isinstance(self.queries, AsyncIterable):
                async for query in self.queries:
                    await self._put(count, query)
                    count += 1
            else:
                for query in self.queries:
                    await self._put(count, query)
                    count += 1
            self.total = count * self.width
        except Exception as exc:
            await self.out.put(_Fatal(exc))
            return
        for lane in self.lanes:
            for _ in range(self.workers):
                await lane.todo.put(None)

    async def _put(self, query_index: int, query: CoverageQuery) -> None:
        if not isinstance(query, CoverageQuery):
            raise InvalidRequestError(
                "queries", f"item {query_index} is a {type(query).__name__}, not a CoverageQuery"
            )
        for lane in self.lanes:
            await lane.todo.put((query_index, query))

    async def work(self, lane: _Lane) -> None:
        """Run the lane's queries until the stop mark; report each on ``out``."""
        try:
            while (item := await lane.todo.get()) is not None:
                await self.out.put(await self._run(lane, *item))
        except Exception as exc:
            await self.out.put(_Fatal(exc))
            return
        await self.out.put(None)

    async def _run(self, lane: _Lane, query_index: int, query: CoverageQuery) -> BulkResult:
        rows: list[CoverageCount] | None = None
        error: NumberingError | None = None
        for attempt in range(self.retries + 1):
            await lane.gate.admit()
            try:
                rows = await lane.source.coverage(query)
                error = None
                break
            except RateLimitError as exc:
                error = exc
                wait = exc.retry_after
                if wait is None:
                    wait = _FIRST_BACKOFF * 2.0**attempt
                if wait > self.max_pause:
                    break
                lane.gate.pause(wait)
            except NumberingError as exc:
                error = exc
                break
        return BulkResult(
            index=query_index * self.width + lane.index,
            query_index=query_index,
            query=query,
            provider=lane.source.provider,
            rows=rows,
            error=error,
        )


def _as_sources(sources: CoverageSource | Sequence[CoverageSource]) -> Sequence[CoverageSource]:
    listed = [sources] if isinstance(sources, CoverageSource) else list(sources)
    if not listed:
        raise InvalidRequestError("sources", "give at least one coverage source")
    for source in listed:
        if not isinstance(source, CoverageSource):
            raise InvalidRequestError(
                "sources", f"{type(source).__name__} does not implement CoverageSource"
            )
    return listed


def _check_rate(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidRequestError("rate", f"expected requests per second, got {value!r}")
    if not (value > 0 and math.isfinite(value)):
        raise InvalidRequestError("rate", f"must be a positive number, got {value!r}")
    return float(value)


def _gates(sources: Sequence[CoverageSource], rate: Rate) -> list[_ProviderGate]:
    """One gate per source; sources of the same provider share theirs."""
    providers = {source.provider for source in sources}
    if rate is None:
        rates: dict[str, float | None] = {}
    elif isinstance(rate, Mapping):
        unknown = set(rate) - providers
        if unknown:
            raise InvalidRequestError(
                "rate", f"no source for provider(s) {', '.join(sorted(map(str, unknown)))}"
            )
        rates = {provider: _check_rate(value) for provider, value in rate.items()}
    else:
        every = _check_rate(rate)
        rates = dict.fromkeys(providers, every)
    shared = {provider: _ProviderGate(rates.get(provider)) for provider in providers}
    return [shared[source.provider] for source in sources]


def stream(
    sources: CoverageSource | Sequence[CoverageSource],
    queries: Queries,
    *,
    concurrency: int = 32,
    rate: Rate = None,
    on_progress: ProgressCallback | None = None,
    rate_limit_retries: int = 3,
    max_pause: float = 60.0,
) -> AsyncGenerator[BulkResult, None]:
    """Run every query on every source and yield each :class:`BulkResult` as it finishes.

    Results come in completion order; :attr:`BulkResult.query_index` gives the input position.
    ``concurrency`` is the number of worker tasks, and so of requests in flight, per source
    (each client of ``sources``): two clients at ``concurrency=16`` make up to 32 requests
    at once. ``rate`` is requests per second per provider, for every provider or as a
    mapping provider -> rate; sources of one provider share its rate.
    A 429 pauses its provider and is retried up to ``rate_limit_retries`` times, unless the
    server asks for a wait above ``max_pause`` seconds, in which case the item fails at once.
    ``on_progress(done, failed, total)`` is called before each result is yielded; ``total``
    is ``None`` until known (at once for a sequence, at the end of the input otherwise).

    Arguments are checked when this is called, before anything is sent
    (:class:`~numbering_async.errors.InvalidRequestError`). See the module docstring for
    errors, back-off and cancellation.
    """
    listed = _as_sources(sources)
    check_int_range("concurrency", concurrency, 1)
    check_int_range("rate_limit_retries", rate_limit_retries, 0)
    if isinstance(max_pause, bool) or not isinstance(max_pause, int | float) or max_pause < 0:
        raise InvalidRequestError("max_pause", f"expected seconds >= 0, got {max_pause!r}")
    if not isinstance(queries, Iterable | AsyncIterable):
        raise InvalidRequestError("queries", f"expected an iterable, got {type(queries).__name__}")
    scan = _Scan(
        listed, queries, _gates(listed, rate), concurrency, rate_limit_retries, float(max_pause)
    )
    return _results(scan, on_progress)


async def _results(
    scan: _Scan, on_progress: ProgressCallback | None
) -> AsyncGenerator[BulkResult, None]:
    tasks = [asyncio.create_task(scan.feed(), name="numbering_async.bulk.feed")]
    tasks += [
        asyncio.create_task(scan.work(lane), name=f"numbering_async.bulk.{lane.index}.{n}")
        for lane in scan.lanes
        for n in range(scan.workers)
    ]
    done = failed = 0
    running = len(tasks) - 1
    try:
        while running:
            message = await scan.out.get()
            if message is None:
                running -= 1
                continue
            if isinstance(message, _Fatal):
                raise message.exc
            done += 1
            failed += message.error is not None
            if on_progress is not None:
                on_progress(done, failed, scan.total)
            yield message
    finally:
        await _cancel_and_wait(tasks)


async def _cancel_and_wait(tasks: list[asyncio.Task[None]]) -> None:
    """Cancel ``tasks`` and wait until all have ended, even if cancelled meanwhile."""
    for task in tasks:
        task.cancel()
    interrupted = False
    while True:
        try:
            await asyncio.wait(tasks)
        except asyncio.CancelledError:
            interrupted = True
            continue
        break
    if interrupted:
        raise asyncio.CancelledError


async def bulk_coverage(
    sources: CoverageSource | Sequence[CoverageSource],
    queries: Queries,
    *,
    concurrency: int = 32,
    rate: Rate = None,
    on_progress: ProgressCallback | None = None,
    rate_limit_retries: int = 3,
    max_pause: float = 60.0,
) -> list[BulkResult]:
    """Run every query on every source; one :class:`BulkResult` per (query, source).

    The list is in input order, query-major: ``results[i * len(sources) + j]`` is query ``i``
    on source ``j``. Failed items hold their error; nothing is dropped. Takes the same
    arguments as :func:`stream`, which it collects.
    """
    found: dict[int, BulkResult] = {}
    async with contextlib.aclosing(
        stream(
            sources,
            queries,
            concurrency=concurrency,
            rate=rate,
            on_progress=on_progress,
            rate_limit_retries=rate_limit_retries,
            max_pause=max_pause,
        )
    ) as finished:
        async for result in finished:
            found[result.index] = result
    return [found[index] for index in range(len(found))]
