"""How far a request got decides its error: nothing is written before a connection is held.

A total timeout that fires while the request waits for a pooled connection is a
``PoolTimeoutError`` (repro r03), one while connecting a ``ConnectError``, and one once a
connection is held a ``TimeoutError`` that says the request may have arrived. Owned sessions
and callers' sessions alike; real servers on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiohttp import web
from aioresponses import aioresponses
from yarl import URL

from numbering_async import (
    AiohttpTransport,
    ConnectError,
    ConnectionLostError,
    HttpRequest,
    PoolTimeoutError,
    TimeoutError,
    TransportError,
)

from .servers import raw_server, running_app


class Held:
    """An app that records every request and answers ``/hold`` only once released."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self.entered = asyncio.Event()
        self.release = asyncio.Event()
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        self.seen.append((request.method, request.path))
        if request.path == "/hold":
            self.entered.set()
            await self.release.wait()
        return web.json_response({})


@asynccontextmanager
async def pool_of_one(kind: str) -> AsyncIterator[AiohttpTransport]:
    """A transport whose pool holds one connection, on its own session or a caller's."""
    if kind == "owned":
        transport = AiohttpTransport(limit=1)
        try:
            yield transport
        finally:
            await transport.aclose()
    else:
        connector = aiohttp.TCPConnector(limit=1)
        async with aiohttp.ClientSession(connector=connector) as session:
            yield AiohttpTransport(session)


@pytest.mark.parametrize("kind", ["owned", "caller"])
async def test_r03_a_write_timed_out_in_the_pool_is_pool_timeout_error_and_never_sent(
    kind: str,
) -> None:
    held = Held()
    async with running_app(held.app) as base, pool_of_one(kind) as transport:
        holder = asyncio.create_task(transport.send(HttpRequest("GET", base / "hold")))
        await held.entered.wait()  # the pool's only connection is taken
        order = HttpRequest("POST", base / "order", body=b"{}", timeout=0.05)
        try:
            with pytest.raises(PoolTimeoutError, match="pool") as caught:
                await transport.send(order)
        finally:  # the held request ends, and is awaited, whatever happened to the order
            held.release.set()
            held_status = (await holder).status
        assert held_status == 200
        assert (await transport.send(HttpRequest("POST", base / "order", body=b"{}"))).status == 200
    assert caught.value.request_sent is False
    assert isinstance(caught.value, ConnectError)
    assert held.seen == [("GET", "/hold"), ("POST", "/order")]  # the timed-out POST never came


@pytest.mark.parametrize("kind", ["owned", "caller"])
async def test_a_timeout_once_the_connection_is_held_may_have_been_sent(kind: str) -> None:
    held = Held()
    async with running_app(held.app) as base, pool_of_one(kind) as transport:
        with pytest.raises(TimeoutError) as caught:
            await transport.send(HttpRequest("POST", base / "hold", body=b"{}", timeout=0.05))
    assert type(caught.value) is TimeoutError
    assert caught.value.request_sent is True
    assert held.seen == [("POST", "/hold")]


async def _silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
    await reader.read()  # accepts the TCP connection, never answers the TLS handshake


async def test_a_timeout_during_the_tls_handshake_is_connect_error() -> None:
    async with raw_server(_silent) as base:
        transport = AiohttpTransport()
        request = HttpRequest("POST", base.with_scheme("https") / "order", body=b"{}", timeout=0.05)
        try:
            with pytest.raises(ConnectError, match="connect timed out") as caught:
                await transport.send(request)
        finally:
            await transport.aclose()
    assert type(caught.value) is ConnectError
    assert caught.value.request_sent is False


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (aiohttp.ClientOSError(), ConnectionLostError),
        (aiohttp.ClientPayloadError(), ConnectionLostError),
        (builtins.TimeoutError(), TimeoutError),
    ],
    ids=lambda value: type(value).__name__,
)
async def test_a_session_that_signals_nothing_is_treated_as_possibly_sent(
    mock_aiohttp: aioresponses, raised: BaseException, expected: type[TransportError]
) -> None:
    url = URL("https://api.example.test/orders")
    mock_aiohttp.post(url, exception=raised)  # a mocked session: no connection, no trace signal
    transport = AiohttpTransport()
    try:
        with pytest.raises(expected) as caught:
            await transport.send(HttpRequest("POST", url, body=b"{}"))
    finally:
        await transport.aclose()
    assert caught.value.request_sent is True


@pytest.mark.parametrize("kind", ["owned", "caller"])
async def test_a_request_that_waited_for_the_pool_then_timed_out_on_its_connection_may_be_sent(
    kind: str,
) -> None:
    arrived: list[str] = []
    entered, release, stop = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def handle(request: web.Request) -> web.Response:
        arrived.append(request.path)
        entered.set()
        await (release if request.path == "/first" else stop).wait()
        return web.json_response({})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    async with running_app(app) as base, pool_of_one(kind) as transport:
        first = asyncio.create_task(transport.send(HttpRequest("GET", base / "first")))
        await entered.wait()  # the pool's only connection is taken
        order = HttpRequest("POST", base / "order", body=b"{}", timeout=0.5)
        second = asyncio.create_task(transport.send(order))
        await asyncio.sleep(0.05)  # queued for the connection
        release.set()  # the first answer frees it: the order goes out on it, unanswered
        assert (await first).status == 200
        with pytest.raises(TimeoutError) as caught:
            await second
        stop.set()
    assert type(caught.value) is TimeoutError
    assert caught.value.request_sent is True
    assert arrived == ["/first", "/order"]
