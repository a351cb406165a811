"""Both clients: TLS always verified (a caller's session too), http only for loopback, a
caller's session keeps errors typed, a pool wait is not "may have been sent", cancelling frees
the connection."""

from __future__ import annotations

import asyncio
import inspect
import ssl
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from numbering_async import (
    NO_RETRY,
    AiohttpTransport,
    BadRequestError,
    ConnectError,
    DecodeError,
    INumberingClient,
    InvalidRequestError,
    NotFoundError,
)
from numbering_async.sandbox import Sandbox, SandboxServer
from numbering_async.telnyx import TelnyxClient

from ..unit.core.servers import CERT, running_app, throwaway_tls
from .harness import FAST, KEY, World, new_reference

pytestmark = pytest.mark.integration

CLIENTS = [TelnyxClient, INumberingClient]
Client = type[TelnyxClient] | type[INumberingClient]


async def _call(client: TelnyxClient | INumberingClient) -> Any:
    if isinstance(client, TelnyxClient):
        return await client.number_orders.retrieve("f0e1d2c3")
    return await client.tn_inventory_coverage(npa="201")


@pytest.mark.parametrize("client_class", CLIENTS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    "base_url", ["http://api.telnyx.com/v2", "http://10.0.0.8", "http://[2001:db8::1]:8080"]
)
def test_plain_http_is_refused_for_other_hosts_than_loopback(
    client_class: Client, base_url: str
) -> None:
    with pytest.raises(InvalidRequestError, match="base_url") as caught:
        client_class(api_key=KEY, base_url=base_url)
    assert KEY not in str(caught.value)
    client_class(api_key=KEY, base_url=base_url, allow_insecure_http=True)  # the explicit opt-in


@pytest.mark.parametrize("client_class", CLIENTS, ids=lambda c: c.__name__)
def test_no_client_option_switches_tls_checks_off(client_class: Client) -> None:
    options = set(inspect.signature(client_class).parameters)
    assert not {"verify", "verify_ssl", "ssl", "insecure", "ssl_context"} & options
    with pytest.raises(TypeError):
        AiohttpTransport(ssl_context=False)  # type: ignore[arg-type]


@pytest.mark.parametrize("client_class", CLIENTS, ids=lambda c: c.__name__)
async def test_a_certificate_nobody_vouches_for_is_refused(client_class: Client) -> None:
    async def anything(request: web.Request) -> web.Response:
        return web.json_response({})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", anything)
    async with running_app(app, tls=True) as base:
        async with client_class(api_key=KEY, base_url=str(base)) as client:
            with pytest.raises(ConnectError, match=r"(?i)certificate") as caught:
                await _call(client)
        assert KEY not in str(caught.value)
        trusted = AiohttpTransport(ssl_context=ssl.create_default_context(cafile=CERT))
        async with client_class(api_key=KEY, base_url=str(base), transport=trusted) as client:
            with pytest.raises(DecodeError):  # the TLS handshake passed: ``{}`` came back
                await _call(client)
        await trusted.aclose()


async def test_cancelling_a_call_releases_its_connection() -> None:
    async with World.open(limit=1, timeout=5.0) as world:
        await world.stock()
        world.sandbox.faults.add("latency", path="/v2/iNumbering/tnInventoryCoverage", delay=5.0)
        call = asyncio.create_task(world.inumbering.tn_inventory_coverage(npa="201"))
        # The sandbox has no "request received" event to wait on: poll its counter.
        while not world.sandbox.counts.route("POST", "/v2/iNumbering/tnInventoryCoverage/"):  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        assert world.connections_in_use == 1  # the pool's only connection

        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call

        assert world.connections_in_use == 0
        async with asyncio.timeout(5):  # a leaked connection would block this forever
            assert await world.telnyx.number_orders.retrieve(world.order_id)


@pytest.mark.parametrize("client_class", CLIENTS, ids=lambda c: c.__name__)
async def test_r10_a_callers_session_with_ssl_off_cannot_send_the_key_anywhere_untrusted(
    client_class: Client,
) -> None:
    server_context, trusting = throwaway_tls()
    seen: list[tuple[dict[str, str], bytes]] = []

    async def anything(request: web.Request) -> web.Response:
        seen.append((dict(request.headers), await request.read()))
        return web.json_response({})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", anything)
    async with (
        running_app(app, tls=server_context) as base,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as session,
    ):
        options: dict[str, Any] = {"api_key": KEY, "base_url": str(base), "retry": NO_RETRY}
        async with client_class(transport=AiohttpTransport(session), **options) as client:
            with pytest.raises(ConnectError, match=r"(?i)certificate"):
                await _call(client)
        assert seen == []  # neither the Authorization header nor iNumbering's apikey body
        trusted = AiohttpTransport(session, ssl_context=trusting)
        async with client_class(transport=trusted, **options) as client:
            with pytest.raises(DecodeError):  # the handshake passed: ``{}`` came back
                await _call(client)
    assert len(seen) == 1


async def test_r04_a_raise_for_status_session_keeps_api_errors_typed_and_unrepeated() -> None:
    sandbox = Sandbox(seed=1, api_key=KEY)
    async with (
        SandboxServer(sandbox) as server,
        aiohttp.ClientSession(raise_for_status=True) as session,
        TelnyxClient(
            api_key=KEY,
            base_url=server.telnyx_base_url,
            transport=AiohttpTransport(session),
            retry=FAST,
        ) as telnyx,
    ):
        with pytest.raises(NotFoundError):
            await telnyx.number_orders.retrieve("no-such-order")
        sandbox.faults.add("status", method="POST", path="/v2/number_orders", status=422)
        with pytest.raises(BadRequestError) as refused:
            await telnyx.number_orders.create(["+12012000146"], customer_reference="r04-ref")
    assert refused.value.status == 422
    requests = sandbox.counts.requests
    assert requests["GET /v2/number_orders/{number_order_id}"] == 1  # a 404 is not retried
    assert requests["POST /v2/number_orders"] == 1  # a refused purchase is not resent


async def test_r03_a_purchase_that_timed_out_waiting_for_the_pool_is_not_outcome_unknown() -> None:
    async with World.open(limit=1, timeout=0.3) as world:
        await world.stock()
        world.sandbox.faults.add("latency", method="GET", path="/v2/number_orders/*", delay=0.4)
        holder = asyncio.create_task(
            world.telnyx.request("GET", f"/number_orders/{world.order_id}", timeout=5)
        )
        # The sandbox has no "request received" event to wait on: poll its counter.
        while not world.connections_in_use:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        reference = new_reference()
        order = await world.telnyx.number_orders.create(
            [world.phone_number], customer_reference=reference
        )
        await holder
        assert order.customer_reference == reference
        assert world.sandbox.counts.orders_for(reference) == 1
