"""bulk_coverage with the real clients on the in-process sandbox, faults included.

They run on a virtual clock (:mod:`.virtual_time`), so the instants they compare are exact.
"""

from __future__ import annotations

import asyncio

import pytest

from numbering_async import (
    CoverageQuery,
    HttpRequest,
    HttpResponse,
    INumberingClient,
    RateLimitError,
    RetryPolicy,
    TelnyxClient,
    Transport,
    bulk_coverage,
)
from numbering_async.sandbox import Sandbox

from .virtual_time import virtual_time

HAND_429_TO_BULK = RetryPolicy(max_retry_after=0)
BLOCKS = [CoverageQuery(npa="201", nxx=str(nxx)) for nxx in range(200, 212)]


class Recorder:
    """A transport that notes when each request went out and when and how it was answered."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.sent: list[float] = []
        self.answered: list[tuple[float, int]] = []

    async def send(self, request: HttpRequest) -> HttpResponse:
        loop = asyncio.get_running_loop()
        self.sent.append(loop.time())
        response = await self.inner.send(request)
        self.answered.append((loop.time(), response.status))
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@virtual_time
async def test_a_sandbox_429_pauses_only_that_provider_and_the_item_is_retried() -> None:
    pause, latency = 0.3, 0.01
    async with Sandbox(seed=1, latency_ms=latency * 1000, strict=True) as sandbox:
        sandbox.faults.add(
            "status", path="/v2/inventory_coverage", status=429, times=1, retry_after=pause
        )
        telnyx_wire, inumbering_wire = Recorder(sandbox.transport()), Recorder(sandbox.transport())
        async with (
            TelnyxClient(
                "sk_test_0123456789", transport=telnyx_wire, retry=HAND_429_TO_BULK
            ) as telnyx,
            INumberingClient(
                "sk_test_0123456789", transport=inumbering_wire, retry=HAND_429_TO_BULK
            ) as inumbering,
        ):
            results = await bulk_coverage([telnyx, inumbering], BLOCKS, concurrency=3)

        telnyx_calls = sandbox.counts.route("GET", "/v2/inventory_coverage")

    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    assert telnyx_calls == len(telnyx_wire.sent) == len(BLOCKS) + 1
    [answered] = [when for when, status in telnyx_wire.answered if status == 429]
    assert answered == pytest.approx(latency)
    assert telnyx_wire.sent[:3] == [0.0] * 3  # in flight when the 429 came
    # Every later Telnyx request, the retry included, waited until the pause was over.
    assert min(telnyx_wire.sent[3:]) == pytest.approx(answered + pause)
    # iNumbering went on meanwhile: its whole scan ran during Telnyx's pause.
    assert len(inumbering_wire.sent) == len(BLOCKS)
    assert max(inumbering_wire.sent) < answered + pause


@virtual_time
async def test_a_429_that_outlasts_the_retries_is_reported_on_its_item() -> None:
    async with Sandbox(seed=1, strict=True) as sandbox:
        sandbox.faults.add("status", path="/v2/inventory_coverage", status=429, retry_after=0.01)
        async with TelnyxClient(
            "sk_test_0123456789", transport=sandbox.transport(), retry=HAND_429_TO_BULK
        ) as telnyx:
            [result] = await bulk_coverage(telnyx, BLOCKS[:1], rate_limit_retries=1)
        calls = sandbox.counts.route("GET", "/v2/inventory_coverage")

    assert isinstance(result.error, RateLimitError)
    assert result.error.retry_after == 0.01
    assert calls == 2  # the first try and one retry
