"""Retry rules over real sockets: the Retry-After cap, 408, per-block policies, DEBUG logs."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import re

import pytest

from numbering_async import (
    NO_RETRY,
    InvalidRequestError,
    OutcomeUnknownError,
    RateLimitError,
    ServerError,
)
from numbering_async.telnyx import TelnyxClient

from .harness import World, new_reference, run_call
from .matrix import CALLS, RETRIED, CallKind

pytestmark = pytest.mark.integration

ONE_ORDER = "/v2/number_orders/{number_order_id}"


@pytest.mark.parametrize("call", [c for c in CALLS if c.id in ("get", "search", "order")], ids=str)
async def test_retry_after_above_the_cap_raises_at_once_with_retry_after(
    world: World, call: CallKind
) -> None:
    await world.stock()
    world.sandbox.faults.add(
        "status", method=call.method, path=call.path, status=429, retry_after=3600
    )

    seen = await run_call(world, call)

    assert isinstance(seen.error, RateLimitError)
    assert seen.error.retry_after == 3600
    # No sleeping for an hour, no second try (an order first lists what carries its reference).
    assert sum(seen.requests.values()) == (2 if call.id == "order" else 1)


@pytest.mark.parametrize("call", [c for c in CALLS if c.id in ("get", "search")], ids=str)
async def test_408_is_retried_for_idempotent_calls(world: World, call: CallKind) -> None:
    await world.stock()
    world.sandbox.faults.add("status", method=call.method, path=call.path, status=408, times=1)

    assert (await run_call(world, call)).outcome == RETRIED


async def test_every_retry_is_logged_at_debug_with_attempt_wait_and_reason(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.stock()
    world.sandbox.faults.add(
        "status", method="GET", path="/v2/number_orders/*", status=503, times=1
    )
    # aiohttp itself resends a GET on a reused connection that drops; a search POST it leaves
    # to the transport, which resends idempotent calls once.
    world.sandbox.faults.add("close", path="/v2/iNumbering/tnInventoryCoverage", times=1)
    caplog.clear()

    await world.telnyx.number_orders.retrieve(world.order_id)
    await world.inumbering.tn_inventory_coverage(npa="201")

    retries = [r.getMessage() for r in caplog.records if "retrying in" in r.getMessage()]
    assert len(retries) == 1
    assert re.search(r"retrying in \d+\.\d+s \(attempt 2 of 2, after ServerError 503\)", retries[0])
    stale = [r for r in caplog.records if "resending once" in r.getMessage()]
    assert [r.levelno for r in stale] == [logging.DEBUG]
    assert "tnInventoryCoverage" in stale[0].getMessage()


async def test_a_purchase_settled_by_its_reference_is_logged_and_never_resent(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.stock()
    faults = world.sandbox.faults
    faults.add("status", method="POST", path="/v2/number_orders", status=500, after=True, times=1)
    placed = new_reference()
    await world.telnyx.number_orders.create([world.phone_number], customer_reference=placed)

    faults.add("status", method="POST", path="/v2/number_orders", status=500, times=1)
    missing = new_reference()
    with pytest.raises(OutcomeUnknownError):
        await world.telnyx.number_orders.create([world.phone_number], customer_reference=missing)

    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    failed = "telnyx number_orders.create failed ambiguously (ServerError 500)"
    assert sum(f"{failed}; looking for it by its reference over 0.3s" in m for m in messages) == 2
    assert any(f"{failed}, but it had gone through" in m for m in messages)
    assert any(f"{failed}, and it was not found by its reference in 0.3s" in m for m in messages)
    assert world.sandbox.counts.orders_for(placed) == 1
    assert world.sandbox.counts.orders_for(missing) == 0
    assert world.sandbox.counts.route("POST", "/v2/number_orders") == 4  # 2 stocked + 1 each


async def test_a_policy_can_be_set_for_the_calls_of_one_block(world: World) -> None:
    await world.stock()
    world.sandbox.faults.add("status", method="GET", path="/v2/number_orders/*", status=503)

    async def requests_made() -> int:
        before = world.sandbox.counts.route("GET", ONE_ORDER)
        with pytest.raises(ServerError):
            await world.telnyx.number_orders.retrieve(world.order_id)
        return world.sandbox.counts.route("GET", ONE_ORDER) - before

    with world.telnyx.retrying(NO_RETRY):
        assert await requests_made() == 1
        assert await asyncio.create_task(requests_made()) == 1  # tasks started inside inherit it
        # Other tasks sharing the client keep its own policy (2 attempts).
        assert await asyncio.create_task(requests_made(), context=contextvars.Context()) == 2
    assert await requests_made() == 2


def test_a_retry_block_refuses_what_is_not_a_policy() -> None:
    client = TelnyxClient(api_key="sk_test_0123456789")
    with pytest.raises(InvalidRequestError, match="policy"), client.retrying(3):  # type: ignore[arg-type]
        pass
