"""AiohttpTransport closed, closed mid-request, or used from another event loop.

Every case ends in a ``numbering_async`` error that says what happened, never a bare
``RuntimeError``, an aiohttp exception or a stray ``CancelledError``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web
from yarl import URL

from numbering_async import (
    AiohttpTransport,
    ClientClosedError,
    ConnectError,
    ConnectionLostError,
    HttpRequest,
    WrongEventLoopError,
)

from .servers import running_app
from .test_aiohttp_send_phases import Held


async def _queued(send: Awaitable[object]) -> asyncio.Task[object]:
    """Start ``send`` and let it reach the pool's queue (no I/O happens before it waits)."""
    task: asyncio.Task[object] = asyncio.ensure_future(send)
    for _ in range(5):
        await asyncio.sleep(0)
    assert not task.done()
    return task


async def test_closing_the_transport_ends_requests_in_flight_with_transport_errors() -> None:
    held = Held()
    async with running_app(held.app) as base:
        transport = AiohttpTransport(limit=1)
        holder = asyncio.create_task(transport.send(HttpRequest("POST", base / "hold", body=b"")))
        await held.entered.wait()
        waiting = await _queued(transport.send(HttpRequest("POST", base / "next", body=b"")))
        await transport.aclose()
        with pytest.raises(ConnectionLostError) as in_flight:
            await holder
        with pytest.raises(ConnectError) as queued:
            await waiting
        with pytest.raises(ClientClosedError):
            await transport.send(HttpRequest("GET", base / "after"))
    assert in_flight.value.request_sent is True
    assert queued.value.request_sent is False
    assert held.seen == [("POST", "/hold")]


async def test_a_callers_session_closed_under_a_queued_request_ends_it_as_not_sent() -> None:
    held = Held()
    async with running_app(held.app) as base:
        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1))
        transport = AiohttpTransport(session)
        holder = asyncio.create_task(transport.send(HttpRequest("GET", base / "hold")))
        await held.entered.wait()
        waiting = await _queued(transport.send(HttpRequest("POST", base / "next", body=b"")))
        await session.close()
        with pytest.raises(ConnectionLostError):
            await holder
        with pytest.raises(ConnectError) as queued:
            await waiting
    assert queued.value.request_sent is False


async def test_cancelling_a_queued_request_still_cancels_it() -> None:
    held = Held()
    async with running_app(held.app) as base:
        transport = AiohttpTransport(limit=1)
        holder = asyncio.create_task(transport.send(HttpRequest("GET", base / "hold")))
        await held.entered.wait()
        waiting = await _queued(transport.send(HttpRequest("GET", base / "next")))
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        held.release.set()
        assert (await holder).status == 200
        await transport.aclose()


async def test_a_closed_transport_raises_client_closed_error_with_a_callers_session() -> None:
    async with aiohttp.ClientSession() as session:
        transport = AiohttpTransport(session)
        await transport.aclose()
        with pytest.raises(ClientClosedError, match="closed"):
            await transport.send(HttpRequest("GET", URL("http://127.0.0.1:9/")))
        assert not session.closed


async def _ok(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def _serve() -> tuple[web.AppRunner, URL]:
    app = web.Application()
    app.router.add_get("/ok", _ok)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return runner, URL.build(scheme="http", host=host, port=port)


def _in_two_loops(body: Callable[[asyncio.Runner, asyncio.Runner], None]) -> None:
    with asyncio.Runner() as first, asyncio.Runner() as second:
        body(first, second)


def test_an_owned_session_used_from_another_event_loop_raises_before_sending() -> None:
    def body(first: asyncio.Runner, second: asyncio.Runner) -> None:
        server, base = first.run(_serve())
        transport = AiohttpTransport()
        request = HttpRequest("GET", base / "ok")
        assert first.run(transport.send(request)).status == 200
        with pytest.raises(WrongEventLoopError, match="another event loop"):
            second.run(transport.send(request))
        with pytest.raises(WrongEventLoopError):
            second.run(transport.aclose())
        first.run(transport.aclose())
        first.run(server.cleanup())

    _in_two_loops(body)


def test_a_callers_session_used_from_another_event_loop_raises_before_sending() -> None:
    async def make_session() -> aiohttp.ClientSession:
        return aiohttp.ClientSession()

    def body(first: asyncio.Runner, second: asyncio.Runner) -> None:
        session = first.run(make_session())
        transport = AiohttpTransport(session)
        with pytest.raises(WrongEventLoopError, match="event loop"):
            second.run(transport.send(HttpRequest("GET", URL("http://127.0.0.1:9/"))))
        second.run(transport.aclose())  # it owns nothing: closing is fine anywhere
        first.run(session.close())

    _in_two_loops(body)
