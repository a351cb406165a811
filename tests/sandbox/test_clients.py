"""Both clients against a real sandbox server: the flows, and every fault as a typed error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from numbering_async import (
    NO_RETRY,
    AuthenticationError,
    ConflictError,
    ConnectionLostError,
    INumberingClient,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    ResponseTooLargeError,
    RetryPolicy,
    ServerError,
    SettlePolicy,
    TelnyxClient,
    TimeoutError,
)
from numbering_async.sandbox import Sandbox, SandboxServer

pytestmark = pytest.mark.integration

FAST_RETRY = RetryPolicy(max_attempts=3, initial=0.0, max_backoff=0.0)
SHORT_SETTLE = SettlePolicy(window=0.3, first_poll=0.02, max_interval=0.1)


@pytest.fixture
async def telnyx(numbering_sandbox_server: SandboxServer) -> AsyncIterator[TelnyxClient]:
    """A Telnyx client of the server, over real sockets, retrying without waiting."""
    url = numbering_sandbox_server.telnyx_base_url
    async with TelnyxClient(
        api_key="sk_test_0123456789",
        base_url=url,
        retry=FAST_RETRY,
        timeout=2,
        settle=SHORT_SETTLE,
    ) as client:
        yield client


@pytest.fixture
async def inumbering(numbering_sandbox_server: SandboxServer) -> AsyncIterator[INumberingClient]:
    """An iNumbering client of the server, over real sockets, retrying without waiting."""
    url = numbering_sandbox_server.inumbering_base_url
    async with INumberingClient(
        api_key="sk_test_0123456789", base_url=url, retry=FAST_RETRY, timeout=2
    ) as client:
        yield client


async def test_telnyx_search_reserve_order_and_watch_it_complete(
    telnyx: TelnyxClient, numbering_sandbox: Sandbox
) -> None:
    found = await telnyx.available_phone_numbers.list(national_destination_code="201", limit=2)
    numbers = [number.phone_number for number in found]
    assert len(numbers) == 2
    (before,) = await telnyx.inventory_coverage.list("npa", npa=201)

    reservation = await telnyx.number_reservations.create(numbers[:1])
    assert [n.phone_number for n in reservation.phone_numbers] == numbers[:1]
    extended = await telnyx.number_reservations.extend(str(reservation.id))
    assert extended.id == reservation.id

    order = await telnyx.number_orders.create(numbers, customer_reference="cli-1")
    assert order.status == "pending"
    numbering_sandbox.advance(5)
    done = await telnyx.number_orders.retrieve(str(order.id))
    assert done.status == "success"
    assert [n.status for n in done.phone_numbers or []] == ["success", "success"]

    left = await telnyx.available_phone_numbers.list(national_destination_code="201", limit=250)
    assert not {n.phone_number for n in left} & set(numbers)
    (after,) = await telnyx.inventory_coverage.list("npa", npa=201)
    assert after.count == (before.count or 0) - 2
    subs = await telnyx.sub_number_orders.list(order_request_id=str(order.id))
    assert [sub.status for sub in subs] == ["success"]


async def test_telnyx_paginates_hundreds_of_orders(
    telnyx: TelnyxClient, numbering_sandbox: Sandbox
) -> None:
    numbers = await telnyx.available_phone_numbers.list(administrative_area="OH", limit=230)
    for start in range(0, len(numbers), 50):
        await asyncio.gather(
            *(
                telnyx.number_orders.create([n.phone_number], customer_reference=f"p{start + i}")
                for i, n in enumerate(numbers[start : start + 50])
            )
        )
    pages = [page async for page in telnyx.number_orders.list(page_size=100).pages()]
    assert [len(page.items) for page in pages] == [100, 100, 30]
    assert {page.meta.total_results for page in pages} == {230}
    assert {page.meta.total_pages for page in pages} == {3}
    references = {order.customer_reference async for order in telnyx.number_orders.list()}
    assert references == {f"p{i}" for i in range(230)}
    assert max(numbering_sandbox.counts.orders["telnyx"].values()) == 1


async def test_inumbering_search_order_brand_campaign_and_gateways(
    inumbering: INumberingClient, numbering_sandbox: Sandbox
) -> None:
    numbers = await inumbering.tn_inventory("318xxxxxxx", quantity=2)
    tns = [number.tn for number in numbers]
    gateways = await inumbering.add_gateway("8.8.8.8:5060")
    route = gateways[-1].route
    receipt = await inumbering.tn_order(tns, customer_order_reference="inum-ref")
    assert receipt.customer_order_reference == "inum-ref"
    left = await inumbering.tn_inventory("318xxxxxxx", quantity=5000)
    assert not {n.tn for n in left} & set(tns)
    assert numbering_sandbox.counts.orders_for("inum-ref") == 1

    await inumbering.add_messaging_brand("B777", "Brand", "A brand")
    with pytest.raises(ConflictError) as duplicate:
        await inumbering.add_messaging_brand("B778", "Brand", "Same name")
    assert duplicate.value.code == "470"
    with pytest.raises(NotFoundError):
        await inumbering.add_messaging_campaign("B999", "C765432", "No such brand")
    await inumbering.add_messaging_campaign("B777", "C765432", "Alerts")
    campaign = await inumbering.tn_messaging_campaign(tns, "C765432")
    assert campaign.order_id
    assert await inumbering.remove_gateway(route) == [route]
    assert [gateway.route for gateway in await inumbering.gateways()] == [1, 2, 3, 4, 5, 6, 8]


async def test_errors_and_retries_reach_the_telnyx_client_typed(
    telnyx: TelnyxClient, numbering_sandbox_server: SandboxServer, numbering_sandbox: Sandbox
) -> None:
    faults = numbering_sandbox.faults
    faults.add("status", method="GET", path="/v2/number_orders", status=503, times=2)
    assert await telnyx.number_orders.list().to_list() == []
    assert numbering_sandbox.counts.route("GET", "/v2/number_orders") == 3

    url = numbering_sandbox_server.telnyx_base_url
    async with TelnyxClient(
        api_key="sk_test_0123456789", base_url=url, retry=NO_RETRY, timeout=0.2
    ) as once:
        faults.add("status", path="/v2/number_orders", status=429, retry_after=7, times=1)
        with pytest.raises(RateLimitError) as limited:
            await once.number_orders.list(page_size=1).first_page()
        assert limited.value.retry_after == 7
        assert limited.value.code == "10011"
        for kind, error in (
            ("html", ServerError),
            ("truncate", ConnectionLostError),
            ("oversize", ResponseTooLargeError),
            ("drip", TimeoutError),
            ("latency", TimeoutError),
        ):
            faults.add(kind, path="/v2/inventory_coverage", delay=5, times=1)
            with pytest.raises(error):
                await once.inventory_coverage.list("npa", npa=201)
        assert len(await once.inventory_coverage.list("npa", npa=201)) == 1


async def test_a_lost_order_response_is_reconciled_never_bought_twice(
    telnyx: TelnyxClient, numbering_sandbox: Sandbox
) -> None:
    (number,) = await telnyx.available_phone_numbers.list(national_destination_code="212", limit=1)
    numbering_sandbox.faults.add(
        "status", method="POST", path="/v2/number_orders", status=502, after=True, times=1
    )
    order = await telnyx.number_orders.create([number.phone_number], customer_reference="once")
    assert order.customer_reference == "once"
    assert numbering_sandbox.counts.orders_for("once") == 1
    assert numbering_sandbox.counts.route("POST", "/v2/number_orders") == 1

    # Closed before any answer: the order may have arrived, so it is never sent again, even
    # though the lookups find nothing (here it truly was not placed).
    numbering_sandbox.faults.add("close", method="POST", path="/v2/number_orders", times=1)
    (other,) = await telnyx.available_phone_numbers.list(national_destination_code="212", limit=1)
    with pytest.raises(OutcomeUnknownError) as unknown:
        await telnyx.number_orders.create([other.phone_number], customer_reference="twice")
    assert unknown.value.reference == "twice"
    assert numbering_sandbox.counts.orders_for("twice") == 0
    assert numbering_sandbox.counts.route("POST", "/v2/number_orders") == 2


async def test_errors_reach_the_inumbering_client_typed(
    inumbering: INumberingClient, numbering_sandbox: Sandbox
) -> None:
    faults = numbering_sandbox.faults
    faults.add("error_body", path="/v2/iNumbering/tnInventory/", times=1)
    assert len(await inumbering.tn_inventory("201xxxxxxx", quantity=1)) == 1  # 431 is retried
    faults.add("error_body", path="/v2/iNumbering/tnInventory/", status=410, times=1)
    with pytest.raises(ServerError) as db_error:
        await inumbering.tn_inventory("201xxxxxxx", quantity=1)
    assert db_error.value.code == "410"

    (number,) = await inumbering.tn_inventory("512xxxxxxx", quantity=1)
    faults.add("close", path="/v2/iNumbering/tnOrder/", after=True, times=1)
    with pytest.raises(OutcomeUnknownError) as unknown:
        await inumbering.tn_order([number.tn], customer_order_reference="maybe")
    assert unknown.value.reference == "maybe"
    assert numbering_sandbox.counts.orders_for("maybe") == 1
    assert numbering_sandbox.counts.route("POST", "/v2/iNumbering/tnOrder/") == 1

    faults.add("latency", path="/v2/iNumbering/tnInventoryCoverage/", delay=5, times=1)
    url = str(inumbering.base_url)
    async with INumberingClient(
        api_key="sk_test_0123456789", base_url=url, retry=NO_RETRY, timeout=0.2
    ) as once:
        with pytest.raises(TimeoutError):
            await once.tn_inventory_coverage(npa="201")


async def test_a_wrong_key_is_an_authentication_error() -> None:
    async with SandboxServer(Sandbox(api_key="sk_test_right_0123", strict=True)) as server:
        async with TelnyxClient(
            api_key="sk_test_wrong_0123", base_url=server.telnyx_base_url
        ) as telnyx:
            with pytest.raises(AuthenticationError) as telnyx_error:
                await telnyx.inventory_coverage.list("npa", npa=201)
        assert telnyx_error.value.code == "10009"
        async with INumberingClient(
            api_key="sk_test_wrong_0123", base_url=server.inumbering_base_url
        ) as inum:
            with pytest.raises(AuthenticationError):
                await inum.gateways()
        async with INumberingClient(
            api_key="sk_test_right_0123", base_url=server.inumbering_base_url
        ) as inum:
            assert len(await inum.gateways()) == 7
