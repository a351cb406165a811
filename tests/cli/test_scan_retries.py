"""How a scan retries: a 429 goes to the bulk runner's shared pause, every other transient
failure (a 503 with ``Retry-After`` too) is retried by the client's own policy.

On the in-process sandbox and a virtual clock, so the waits they check take no time.
"""

from __future__ import annotations

import asyncio

import pytest

from numbering_async import (
    CoverageQuery,
    HttpRequest,
    HttpResponse,
    RateLimitError,
    ServerError,
    TelnyxClient,
    Transport,
    bulk_coverage,
)
from numbering_async.cli._scan_source import _ScanSource
from numbering_async.sandbox import Sandbox

from ..unit.bulk.virtual_time import virtual_time

KEY = "sk_test_0123456789"
COVERAGE = "/v2/inventory_coverage"
BLOCK = CoverageQuery(npa="201", nxx="200")


class Clock:
    """A transport that notes when each request went out."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.sent: list[float] = []

    async def send(self, request: HttpRequest) -> HttpResponse:
        self.sent.append(asyncio.get_running_loop().time())
        return await self.inner.send(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@virtual_time
async def test_r09_a_503_with_retry_after_is_retried_after_that_wait() -> None:
    async with Sandbox(seed=1) as sandbox:
        sandbox.faults.add("status", path=COVERAGE, status=503, retry_after=2, times=1)
        wire = Clock(sandbox.transport())
        async with TelnyxClient(KEY, transport=wire) as telnyx:
            [result] = await bulk_coverage(_ScanSource(telnyx), [BLOCK])

    assert result.ok, result.error
    assert result.count
    assert wire.sent == [0.0, pytest.approx(2.0)]


@virtual_time
async def test_a_503_asking_for_more_than_the_client_waits_fails_its_item_at_once() -> None:
    async with Sandbox(seed=1) as sandbox:
        sandbox.faults.add("status", path=COVERAGE, status=503, retry_after=600, times=1)
        wire = Clock(sandbox.transport())
        async with TelnyxClient(KEY, transport=wire) as telnyx:
            [result] = await bulk_coverage(_ScanSource(telnyx), [BLOCK])

    assert isinstance(result.error, ServerError)
    assert result.error.retry_after == 600
    assert wire.sent == [0.0]


@virtual_time
async def test_a_429_is_handed_to_the_bulk_runner_which_pauses_the_provider() -> None:
    blocks = [CoverageQuery(npa="201", nxx=str(nxx)) for nxx in range(200, 206)]
    async with Sandbox(seed=1, latency_ms=10) as sandbox:
        sandbox.faults.add("status", path=COVERAGE, status=429, retry_after=3, times=1)
        wire = Clock(sandbox.transport())
        async with TelnyxClient(KEY, transport=wire) as telnyx:
            results = await bulk_coverage(_ScanSource(telnyx), blocks, concurrency=3)

    assert all(r.ok for r in results), [r.error for r in results]
    assert wire.sent[:3] == [0.0] * 3
    # No worker sent anything more until the pause the 429 asked for was over.
    assert min(wire.sent[3:]) == pytest.approx(0.01 + 3)
    assert len(wire.sent) == len(blocks) + 1


@virtual_time
async def test_a_scan_source_raises_a_429_at_once_instead_of_sleeping_on_it() -> None:
    async with Sandbox(seed=1) as sandbox:
        sandbox.faults.add("status", path=COVERAGE, status=429, retry_after=3, times=1)
        wire = Clock(sandbox.transport())
        async with TelnyxClient(KEY, transport=wire) as telnyx:
            with pytest.raises(RateLimitError) as info:
                await _ScanSource(telnyx).coverage(BLOCK)

    assert info.value.retry_after == 3
    assert wire.sent == [0.0]
