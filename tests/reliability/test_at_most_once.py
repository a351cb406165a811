"""At most once over real sockets, in the situations a hostile review found (r01, r02, r07).

A backend that commits after the client heard a failure (a reset from a proxy in front, a 524
from a CDN), a reference reused across orders, and a client closed while a purchase is in
flight: each ends as the order itself or as OutcomeUnknownError with its reference, and the
sandbox never holds two orders for one reference.
"""

from __future__ import annotations

import asyncio

import pytest

from numbering_async import ClientClosedError, OutcomeUnknownError, RetryPolicy, SettlePolicy
from numbering_async.sandbox import Sandbox, SandboxServer
from numbering_async.telnyx import OrderingGroup, TelnyxClient

from .front_proxy import FrontProxy

pytestmark = pytest.mark.integration

KEY = "sk_test_at_most_once_0123"
SETTLE = SettlePolicy(window=1.5, first_poll=0.05, max_interval=0.25)
GROUP = OrderingGroup(
    country_iso="US", phone_number_type="local", count_requested=5, national_destination_code="201"
)


@pytest.mark.parametrize("kind", ["number_orders", "inexplicit_number_orders"])
@pytest.mark.parametrize("gateway_status", [None, 524], ids=["reset", "524"])
async def test_r01_a_backend_committing_after_the_client_was_dropped_sells_once(
    kind: str, gateway_status: int | None
) -> None:
    sandbox = Sandbox(seed=3, api_key=KEY)
    reference = f"r01-{kind}-{gateway_status}"
    async with SandboxServer(sandbox) as server:
        path = f"/v2/{kind}"
        # The backend takes 0.4 s to commit; the proxy drops the client after 0.05 s.
        sandbox.faults.add("latency", method="POST", path=path, delay=0.4, times=1)
        async with (
            FrontProxy(server.url, path, gateway_status=gateway_status) as proxy,
            TelnyxClient(
                api_key=KEY, base_url=f"{proxy.url}/v2", retry=RetryPolicy(), settle=SETTLE
            ) as telnyx,
        ):
            if kind == "number_orders":
                (number,) = await telnyx.available_phone_numbers.list(
                    national_destination_code=201, limit=1
                )
                order = await telnyx.number_orders.create(
                    [str(number.phone_number)], customer_reference=reference
                )
                assert [n.phone_number for n in order.phone_numbers] == [number.phone_number]
            else:
                placed = await telnyx.inexplicit_number_orders.create(
                    [GROUP], customer_reference=reference
                )
                assert placed.ordering_groups[0].count_requested == 5
            assert proxy.dropped == 1
    assert sandbox.counts.orders_for(reference) == 1
    assert sandbox.counts.route("POST", path) == 1


async def test_r01_a_commit_later_than_the_window_is_outcome_unknown_never_a_second_order() -> None:
    sandbox = Sandbox(seed=3, api_key=KEY)
    async with SandboxServer(sandbox) as server:
        path = "/v2/inexplicit_number_orders"
        sandbox.faults.add("latency", method="POST", path=path, delay=0.6, times=1)
        async with (
            FrontProxy(server.url, path) as proxy,
            TelnyxClient(
                api_key=KEY,
                base_url=f"{proxy.url}/v2",
                settle=SettlePolicy(window=0.2, first_poll=0.05),
            ) as telnyx,
        ):
            with pytest.raises(OutcomeUnknownError) as caught:
                await telnyx.inexplicit_number_orders.create([GROUP], customer_reference="late")
        # The proxy has waited for the slow upstream: the order landed, once.
        assert sandbox.counts.orders_for("late") == 1
        assert caught.value.reference == "late"
        async with TelnyxClient(api_key=KEY, base_url=server.telnyx_base_url) as telnyx:
            (found,) = await telnyx.inexplicit_number_orders.find_by_reference("late")
        assert found.customer_reference == "late"


async def test_r02_a_reused_reference_is_never_reported_as_this_purchase() -> None:
    async with (
        Sandbox(seed=1) as sandbox,
        TelnyxClient(api_key=KEY, transport=sandbox.transport(), settle=SETTLE) as telnyx,
    ):
        a, b = await telnyx.available_phone_numbers.list(national_destination_code=201, limit=2)
        first = await telnyx.number_orders.create(
            [str(a.phone_number)], customer_reference="acme-42"
        )
        sandbox.faults.add("status", method="POST", path="/v2/number_orders", status=503, times=1)
        with pytest.raises(OutcomeUnknownError) as caught:
            await telnyx.number_orders.create([str(b.phone_number)], customer_reference="acme-42")
    assert caught.value.others
    assert caught.value.others[0].startswith(f"{first.id} ")
    assert f"{first.id} (created" in str(caught.value)
    assert sandbox.counts.orders_for("acme-42") == 1  # only the first; b was never ordered


async def test_r07_closing_the_client_lets_a_purchase_in_flight_finish() -> None:
    sandbox = Sandbox(seed=1)
    async with SandboxServer(sandbox) as server:
        telnyx = TelnyxClient(api_key=KEY, base_url=server.telnyx_base_url, settle=SETTLE)
        sandbox.faults.add(
            "latency",
            method="POST",
            path="/v2/inexplicit_number_orders",
            delay=0.3,
            after=True,
            times=1,
        )
        task = asyncio.create_task(telnyx.inexplicit_number_orders.create([GROUP]))
        await asyncio.sleep(0.1)
        await telnyx.aclose()  # shutdown while the purchase is in flight: waits for it
        order = await task
        with pytest.raises(ClientClosedError):
            await telnyx.inexplicit_number_orders.create([GROUP])
    assert sandbox.counts.orders_for(str(order.customer_reference)) == 1


async def test_r07_a_purchase_outliving_the_close_grace_ends_as_outcome_unknown() -> None:
    sandbox = Sandbox(seed=1)
    async with SandboxServer(sandbox) as server:
        telnyx = TelnyxClient(
            api_key=KEY, base_url=server.telnyx_base_url, settle=SETTLE, close_grace=0.05
        )
        sandbox.faults.add(
            "latency",
            method="POST",
            path="/v2/inexplicit_number_orders",
            delay=0.5,
            after=True,
            times=1,
        )
        task = asyncio.create_task(telnyx.inexplicit_number_orders.create([GROUP]))
        await asyncio.sleep(0.1)
        await telnyx.aclose()
        with pytest.raises(OutcomeUnknownError) as caught:
            await task
        await asyncio.sleep(0.5)  # let the server finish answering into the closed socket
    error = caught.value
    assert error.reference.startswith("na-")
    assert isinstance(error.__cause__, Exception)
    assert sandbox.counts.orders_for(error.reference) == 1  # it was placed: reconcile by it
