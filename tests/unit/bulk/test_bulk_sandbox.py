"""bulk_coverage with the real clients on the in-process sandbox, faults included."""

from __future__ import annotations

import asyncio

from numbering_async import (
    CoverageQuery,
    INumberingClient,
    RateLimitError,
    RequestEvent,
    RetryPolicy,
    TelnyxClient,
    bulk_coverage,
)
from numbering_async.sandbox import Sandbox

HAND_429_TO_BULK = RetryPolicy(max_retry_after=0)
BLOCKS = [CoverageQuery(npa="201", nxx=str(nxx)) for nxx in range(200, 212)]


class Timeline:
    """When each request started and ended (loop time), and what it answered."""

    def __init__(self) -> None:
        self.events: list[tuple[float, float, RequestEvent]] = []

    def __call__(self, event: RequestEvent) -> None:
        ended = asyncio.get_running_loop().time()
        self.events.append((ended - event.elapsed, ended, event))

    def of(self, provider: str) -> list[tuple[float, float, RequestEvent]]:
        return [entry for entry in self.events if entry[2].provider == provider]


async def test_a_sandbox_429_pauses_only_that_provider_and_the_item_is_retried() -> None:
    pause = 0.3
    timeline = Timeline()
    async with Sandbox(seed=1) as sandbox:
        sandbox.faults.add(
            "status", path="/v2/inventory_coverage", status=429, times=1, retry_after=pause
        )
        async with (
            TelnyxClient(
                "k", transport=sandbox.transport(), retry=HAND_429_TO_BULK, event_hook=timeline
            ) as telnyx,
            INumberingClient(
                "k", transport=sandbox.transport(), retry=HAND_429_TO_BULK, event_hook=timeline
            ) as inumbering,
        ):
            results = await bulk_coverage([telnyx, inumbering], BLOCKS, concurrency=3)

        telnyx_calls = sandbox.counts.route("GET", "/v2/inventory_coverage")

    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    assert telnyx_calls == len(BLOCKS) + 1
    [answered] = [end for _, end, event in timeline.of("telnyx") if event.status == 429]
    sent_after = [start for start, _, _ in timeline.of("telnyx") if start > answered]
    assert sent_after  # the retry and the rest of the scan
    assert min(sent_after) >= answered + pause - 0.01  # every telnyx worker waited
    assert any(answered < start < answered + pause for start, _, _ in timeline.of("inumbering"))


async def test_a_429_that_outlasts_the_retries_is_reported_on_its_item() -> None:
    async with Sandbox(seed=1) as sandbox:
        sandbox.faults.add("status", path="/v2/inventory_coverage", status=429, retry_after=0.01)
        async with TelnyxClient(
            "k", transport=sandbox.transport(), retry=HAND_429_TO_BULK
        ) as telnyx:
            [result] = await bulk_coverage(telnyx, BLOCKS[:1], rate_limit_retries=1)

    assert isinstance(result.error, RateLimitError)
    assert result.error.retry_after == 0.01
