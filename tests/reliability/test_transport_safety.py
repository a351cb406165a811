"""Both clients: TLS always verified, http only for loopback, cancelling frees the connection."""

from __future__ import annotations

import asyncio
import inspect
import ssl
from typing import Any

import pytest
from aiohttp import web

from numbering_async import (
    AiohttpTransport,
    ConnectError,
    DecodeError,
    INumberingClient,
    InvalidRequestError,
)
from numbering_async.telnyx import TelnyxClient

from ..unit.core.servers import CERT, running_app
from .harness import KEY, World

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
