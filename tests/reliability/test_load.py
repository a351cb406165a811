"""5,000 concurrent calls through one client, 5% of requests faulted: every result accounted for.

Some of the faults are late commits (the client hears a reset or a 503 and the order lands
later, inside or beyond the settle window), so a purchase may end in ``OutcomeUnknownError``
and still be placed; none is ever placed twice.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from typing import Any

import pytest

from numbering_async import NumberingError, OutcomeUnknownError, RetryPolicy, SettlePolicy
from numbering_async.sandbox import Sandbox, SandboxServer
from numbering_async.telnyx import NumberOrderWithPhoneNumbers, TelnyxClient

from .harness import KEY, key_leaks
from .matrix import LOAD_CALLS, LOAD_FAULT_RATE, LOAD_LATE_RATE, SETTLE_WINDOW

pytestmark = pytest.mark.integration

ORDERS = LOAD_CALLS // 25
"""How many of the calls are purchases, each with its own reference; the rest are reads."""
FAULT_MIX: dict[str, tuple[dict[str, Any], float]] = {
    "503": ({"kind": "status", "status": 503}, 0.3),
    "429": ({"kind": "status", "status": 429, "retry_after": 0.01}, 0.2),
    "close": ({"kind": "close"}, 0.2),
    "html": ({"kind": "html"}, 0.1),
    "500": ({"kind": "status", "status": 500}, 0.1),
    "error_body": ({"kind": "error_body"}, 0.1),
}
"""Each fault and its share of the injected faults; all strike before a request takes effect."""
SETTLE = SettlePolicy(window=SETTLE_WINDOW, first_poll=0.02, max_interval=0.1)
"""A short settle window: the default 10 s would be the test's whole runtime."""
LATE_MIX: dict[str, tuple[dict[str, Any], float]] = {
    "reset, inside": ({"answer": "reset", "delay": SETTLE_WINDOW / 4}, 0.4),
    "502 page, beyond": ({"answer": "html", "status": 502, "delay": 3 * SETTLE_WINDOW}, 0.3),
    "503, inside": ({"answer": "status", "status": 503, "delay": SETTLE_WINDOW / 2}, 0.3),
}
"""The late commits among the order POSTs (a :data:`LOAD_LATE_RATE` share of them): what the
client hears and when the order lands, inside or beyond the settle window."""


async def test_concurrent_calls_with_injected_faults_each_end_in_a_value_or_a_typed_error() -> None:
    sandbox = Sandbox(seed=11, api_key=KEY, strict=True)
    for spec, share in FAULT_MIX.values():
        sandbox.faults.add(**spec, path="/v2/number_orders*", probability=LOAD_FAULT_RATE * share)
    for options, share in LATE_MIX.values():
        sandbox.faults.add(
            "late_commit",
            method="POST",
            path="/v2/number_orders",
            probability=LOAD_LATE_RATE * share,
            **options,
        )
    retry = RetryPolicy(max_attempts=3, initial=0.01, max_backoff=0.05)
    async with (
        SandboxServer(sandbox) as server,
        TelnyxClient(
            api_key=KEY, base_url=server.telnyx_base_url, retry=retry, settle=SETTLE
        ) as telnyx,
    ):
        available = await telnyx.available_phone_numbers.list(
            national_destination_code=201, limit=2
        )
        numbers = [str(number.phone_number) for number in available]
        known = str((await telnyx.number_orders.create(numbers[:1])).id)
        labels = [f"load-{index:05d}" for index in range(ORDERS)]
        labels += ["read"] * (LOAD_CALLS - ORDERS)
        random.Random(5).shuffle(labels)

        def call(label: str) -> Any:
            if label == "read":
                return telnyx.number_orders.retrieve(known)
            return telnyx.number_orders.create(numbers[1:], customer_reference=label)

        results = await asyncio.gather(*map(call, labels), return_exceptions=True)

    assert [task for task in asyncio.all_tasks() if task is not asyncio.current_task()] == []
    assert len(results) == LOAD_CALLS
    outcomes = Counter(
        "ok" if isinstance(result, NumberOrderWithPhoneNumbers) else type(result).__name__
        for result in results
    )
    assert sum(outcomes.values()) == LOAD_CALLS
    errors = [result for result in results if isinstance(result, BaseException)]
    assert [error for error in errors if not isinstance(error, NumberingError)] == []
    assert key_leaks([], errors, []) == []
    assert outcomes["ok"] >= 0.97 * LOAD_CALLS  # retries and reconciliation absorb most faults
    fired = sum(fault.fired for fault in sandbox.faults)
    served = sum(sandbox.counts.requests.values())
    assert 0.5 * LOAD_FAULT_RATE < fired / served < 1.5 * LOAD_FAULT_RATE
    # The server is closed: every late commit has landed. Each purchase is the order itself
    # (placed once) or OutcomeUnknownError with its reference (placed at most once).
    late = sum(fault.fired for fault in sandbox.faults if fault.kind == "late_commit")
    assert 0.5 * LOAD_LATE_RATE < late / ORDERS < 1.5 * LOAD_LATE_RATE
    for label, result in zip(labels, results, strict=True):
        if label == "read":
            continue
        if isinstance(result, NumberOrderWithPhoneNumbers):
            assert result.customer_reference == label
            assert sandbox.counts.orders_for(label) == 1
        else:
            assert isinstance(result, OutcomeUnknownError), repr(result)
            assert result.reference == label
            assert sandbox.counts.orders_for(label) <= 1
