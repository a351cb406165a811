"""A sandbox server on 127.0.0.1 with both clients, and what the reliability tests look at.

:class:`World` starts a :class:`~numbering_async.sandbox.SandboxServer` on an ephemeral port,
connects a :class:`TelnyxClient` and an :class:`INumberingClient` to it through one aiohttp
session, and records every event-hook event and every error a call raised, so the tests can
scan all of it for the API key. :func:`run_call` runs one kind of call of the matrix and tells
what happened: an outcome of :mod:`tests.reliability.matrix` or the error's class name.
"""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import attrs

from numbering_async import (
    AiohttpTransport,
    INumberingClient,
    NumberingError,
    RequestEvent,
    RetryPolicy,
    SettlePolicy,
)
from numbering_async.sandbox import Sandbox, SandboxServer
from numbering_async.telnyx import TelnyxClient
from tests.leaks import KeyScan

from .matrix import (
    MAX_ATTEMPTS,
    RECONCILED,
    RESENT,
    RETRIED,
    SETTLE_WINDOW,
    TIMEOUT,
    CallKind,
)

__all__ = [
    "FAST",
    "KEY",
    "SCAN",
    "Observation",
    "World",
    "key_leaks",
    "new_reference",
    "run_call",
]

KEY = "sk_live_RELIABILITY_7f3a9c1e5b2d4860"
"""The API key of every client here; no output may contain it, whole or in part."""
SCAN = KeyScan(KEY)
"""Finds any 8 characters of :data:`KEY` in a row in what a test looks at."""
FAST = RetryPolicy(max_attempts=MAX_ATTEMPTS, initial=0.01, max_backoff=0.02)
"""Real retries with tiny waits, so the matrix runs in seconds."""

_references = itertools.count(1)


@attrs.define
class World:
    """A running sandbox server, both clients on one session, and what they emitted."""

    sandbox: Sandbox
    server: SandboxServer
    connector: aiohttp.TCPConnector
    telnyx: TelnyxClient
    inumbering: INumberingClient
    events: list[RequestEvent]
    errors: list[BaseException] = attrs.field(factory=list)
    order_id: str = ""
    """A Telnyx number order placed before any fault (for the single GET)."""
    phone_number: str = ""
    """A Telnyx number in stock, to order."""
    tn: str = ""
    """An iNumbering number in stock, to order."""

    @classmethod
    @asynccontextmanager
    async def open(
        cls, *, timeout: float = TIMEOUT, retry: RetryPolicy = FAST, limit: int = 10
    ) -> AsyncIterator[World]:
        """A fresh sandbox (which checks the key) served over HTTP, with both clients."""
        sandbox = Sandbox(seed=7, api_key=KEY, strict=True)
        events: list[RequestEvent] = []
        connector = aiohttp.TCPConnector(limit=limit)
        async with (
            SandboxServer(sandbox) as server,
            aiohttp.ClientSession(connector=connector) as session,
        ):
            transport = AiohttpTransport(session)
            options: dict[str, Any] = {
                "api_key": KEY,
                "transport": transport,
                "retry": retry,
                "timeout": timeout,
                "event_hook": events.append,
                "settle": SettlePolicy(window=SETTLE_WINDOW, first_poll=0.02, max_interval=0.1),
            }
            async with (
                TelnyxClient(base_url=server.telnyx_base_url, **options) as telnyx,
                INumberingClient(base_url=server.inumbering_base_url, **options) as inumbering,
            ):
                yield cls(sandbox, server, connector, telnyx, inumbering, events)

    async def stock(self) -> None:
        """Two Telnyx orders to list and retrieve, and a number of each provider to order."""
        first, second, spare = await self.telnyx.available_phone_numbers.list(
            national_destination_code=201, limit=3
        )
        numbers = [number.phone_number for number in (first, second, spare)]
        assert all(numbers)
        for number in numbers[:2]:
            order = await self.telnyx.number_orders.create(
                [str(number)], customer_reference=new_reference()
            )
            self.order_id = str(order.id)
        self.phone_number = str(numbers[2])
        (available,) = await self.inumbering.tn_inventory("201xxxxxxx", quantity=1)
        self.tn = available.tn

    @property
    def connections_in_use(self) -> int:
        """Connections the session holds for calls in progress.

        (aiohttp has no public count of them; ``_acquired`` is what its own tests look at.)
        """
        return len(self.connector._acquired)

    def orders_placed_twice(self) -> dict[str, int]:
        """Every reference the sandbox saw more than one order for."""
        return {
            reference: count
            for orders in self.sandbox.counts.orders.values()
            for reference, count in orders.items()
            if count > 1
        }


def new_reference() -> str:
    """A customer reference unique within the test run."""
    return f"rel-{next(_references):06d}"


@attrs.frozen
class Observation:
    """What one call did: its outcome, the error it raised, the requests the sandbox got."""

    outcome: str
    error: NumberingError | None
    requests: Counter[str]
    reference: str | None


async def _list(world: World) -> None:
    orders = [order async for order in world.telnyx.number_orders.list(page_size=1)]
    assert len(orders) == 2  # both pages, whatever the fault did to one of them


async def _get(world: World) -> None:
    assert (await world.telnyx.number_orders.retrieve(world.order_id)).id == world.order_id


async def _search(world: World) -> None:
    assert await world.inumbering.tn_inventory_coverage(npa="201")


_ORDER_POST = "POST /v2/number_orders"
_ORDER_LOOKUP = "GET /v2/number_orders"
_TN_ORDER_POST = "POST /v2/iNumbering/tnOrder/"

READS: dict[str, tuple[Callable[[World], Awaitable[None]], str, int]] = {
    "list": (_list, "GET /v2/number_orders", 2),
    "get": (_get, "GET /v2/number_orders/{number_order_id}", 1),
    "search": (_search, "POST /v2/iNumbering/tnInventoryCoverage/", 1),
}
"""Each read: how to make it, the route it hits and how many requests it takes unhurt."""


async def run_call(world: World, call: CallKind) -> Observation:
    """Make one call of kind ``call`` and observe it; only ``NumberingError`` is caught."""
    before = Counter(world.sandbox.counts.requests)
    reference: str | None = None
    error: NumberingError | None = None
    try:
        if call.id in READS:
            await READS[call.id][0](world)
        elif call.id == "order":
            reference = new_reference()
            order = await world.telnyx.number_orders.create(
                [world.phone_number], customer_reference=reference
            )
            assert order.customer_reference == reference
        else:
            reference = new_reference()
            receipt = await world.inumbering.tn_order(
                [world.tn], customer_order_reference=reference
            )
            assert receipt.customer_order_reference == reference
    except NumberingError as exc:
        error = exc
        world.errors.append(exc)
    requests = Counter(world.sandbox.counts.requests)
    requests.subtract(before)
    outcome = type(error).__name__ if error is not None else _success(call, requests)
    return Observation(outcome, error, +requests, reference)


def _success(call: CallKind, requests: Counter[str]) -> str:
    """How a call that succeeded despite its fault got there."""
    if call.id in READS:
        _, route, unhurt = READS[call.id]
        return RETRIED if requests[route] > unhurt else "ok"
    posts = requests[_ORDER_POST] + requests[_TN_ORDER_POST]
    # The order carries the caller's reference, so one listing comes before the POST.
    looked_up = requests[_ORDER_LOOKUP] > (1 if call.id == "order" else 0)
    if posts == 1:
        return RECONCILED if looked_up else "ok"
    return RESENT if looked_up else RETRIED


def key_leaks(
    records: Iterable[logging.LogRecord], errors: Iterable[BaseException], events: Iterable[object]
) -> list[str]:
    """Every log line, error text or attribute and event that shows 8 characters of :data:`KEY`
    in a row (:class:`tests.leaks.KeyScan`)."""
    return [*SCAN.log_leaks(records), *SCAN.leaks(list(errors), list(events))]
