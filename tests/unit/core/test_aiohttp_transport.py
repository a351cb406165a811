"""AiohttpTransport against real servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import builtins
import gzip
import inspect
import socket
import ssl
import struct
from collections.abc import AsyncIterator

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
    ResponseTooLargeError,
    TimeoutError,
    Transport,
    TransportError,
)

from .servers import CERT, RawHandler, raw_server, read_request, response_bytes, running_app


def _app(entered: asyncio.Event | None = None) -> web.Application:
    """Endpoints for each behaviour; ``entered`` is set once a hanging handler has started."""
    release = asyncio.Event()
    entered = entered or asyncio.Event()

    async def ok(request: web.Request) -> web.Response:
        body = await request.read()
        return web.json_response(
            {"method": request.method, "echo": body.decode(), "ua": request.headers.get("X-From")},
            headers={"X-Request-Id": "req-1"},
        )

    async def slow(request: web.Request) -> web.Response:
        entered.set()
        await release.wait()
        return web.Response(text="late")

    async def drip(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        for _ in range(200):
            await response.write(b"x")
            await asyncio.sleep(0.01)
        return response

    async def big(request: web.Request) -> web.Response:
        return web.Response(body=b"x" * 2000)

    async def chunked(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(4):
            await response.write(b"y" * 600)
        return response

    async def bomb(request: web.Request) -> web.Response:
        payload = gzip.compress(b"0" * 100_000)
        return web.Response(body=payload, headers={"Content-Encoding": "gzip"})

    async def half(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": "1000"})
        await response.prepare(request)
        await response.write(b"z" * 10)
        entered.set()
        await release.wait()
        return response

    app = web.Application()
    app.router.add_route("*", "/ok", ok)
    app.router.add_get("/slow", slow)
    app.router.add_get("/drip", drip)
    app.router.add_get("/big", big)
    app.router.add_get("/chunked", chunked)
    app.router.add_get("/bomb", bomb)
    app.router.add_get("/half", half)
    return app


@pytest.fixture
def entered() -> asyncio.Event:
    return asyncio.Event()


@pytest.fixture
async def server(entered: asyncio.Event) -> AsyncIterator[URL]:
    async with running_app(_app(entered)) as base:
        yield base


@pytest.fixture
async def transport() -> AsyncIterator[AiohttpTransport]:
    owned = AiohttpTransport(read_timeout=5, total_timeout=5, max_body_size=1000)
    yield owned
    await owned.aclose()


async def test_normal_response(server: URL, transport: AiohttpTransport) -> None:
    request = HttpRequest("POST", server / "ok", body=b"hello", headers={"X-From": "sdk"})
    response = await transport.send(request)
    assert response.status == 200
    assert response.request_id == "req-1"
    assert response.headers["content-type"].startswith("application/json")
    assert response.body == b'{"method": "POST", "echo": "hello", "ua": "sdk"}'
    assert response.request is request
    assert isinstance(transport, Transport)


def test_idempotent_defaults_from_the_method() -> None:
    url = URL("https://h.test/")
    assert HttpRequest("GET", url).idempotent
    assert HttpRequest("get", url).idempotent
    assert HttpRequest("PUT", url).idempotent
    assert HttpRequest("DELETE", url).idempotent
    assert not HttpRequest("POST", url).idempotent
    assert not HttpRequest("PATCH", url).idempotent
    assert HttpRequest("POST", url, idempotent=True).idempotent
    assert not HttpRequest("GET", url, idempotent=False).idempotent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_connection_refused_is_connect_error(transport: AiohttpTransport) -> None:
    url = URL.build(scheme="http", host="127.0.0.1", port=_free_port(), path="/x")
    with pytest.raises(ConnectError) as info:
        await transport.send(HttpRequest("POST", url))
    assert info.value.request_sent is False
    assert info.value.method == "POST"


async def test_read_timeout(server: URL) -> None:
    transport = AiohttpTransport(read_timeout=0.05, total_timeout=5)
    try:
        with pytest.raises(TimeoutError) as info:
            await transport.send(HttpRequest("GET", server / "slow"))
    finally:
        await transport.aclose()
    assert isinstance(info.value, builtins.TimeoutError)
    assert info.value.request_sent is True


async def test_total_timeout_catches_a_server_that_drips(server: URL) -> None:
    transport = AiohttpTransport(read_timeout=1, total_timeout=0.1)
    try:
        with pytest.raises(TimeoutError):
            await transport.send(HttpRequest("GET", server / "drip"))
    finally:
        await transport.aclose()


async def test_per_request_timeout(server: URL, transport: AiohttpTransport) -> None:
    with pytest.raises(TimeoutError):
        await transport.send(HttpRequest("GET", server / "slow", timeout=0.05))
    response = await transport.send(HttpRequest("GET", server / "ok", timeout=0.05 * 40))
    assert response.status == 200


@pytest.mark.parametrize("path", ["big", "chunked", "bomb"])
async def test_body_over_the_limit(server: URL, transport: AiohttpTransport, path: str) -> None:
    with pytest.raises(ResponseTooLargeError) as info:
        await transport.send(HttpRequest("GET", server / path))
    assert info.value.status == 200
    # The connection was dropped, not left half-read: the next call works.
    assert (await transport.send(HttpRequest("GET", server / "ok"))).status == 200


async def test_truncated_body_is_connection_lost() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
        await read_request(reader)
        writer.write(response_bytes(b'{"data": [', length=100))
        await writer.drain()

    async with raw_server(handler) as base:
        transport = AiohttpTransport(read_timeout=5)
        try:
            with pytest.raises(ConnectionLostError):
                await transport.send(HttpRequest("GET", base / "x"))
        finally:
            await transport.aclose()


async def _hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
    await read_request(reader)


async def _half_head(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
    await read_request(reader)
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Le")
    await writer.drain()


async def _garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
    await read_request(reader)
    writer.write(b"SSH-2.0-OpenSSH\r\n\r\n")
    await writer.drain()


async def _reset(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
    await read_request(reader)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


@pytest.mark.parametrize("behaviour", [_hang_up, _half_head, _garbage, _reset])
@pytest.mark.parametrize("idempotent", [True, False])
async def test_broken_servers_raise_only_transport_errors(
    behaviour: RawHandler, idempotent: bool
) -> None:
    async with raw_server(behaviour) as base:
        transport = AiohttpTransport(read_timeout=5)
        try:
            with pytest.raises(TransportError) as info:
                await transport.send(
                    HttpRequest("POST", base / "x", body=b"{}", idempotent=idempotent)
                )
        finally:
            await transport.aclose()
    assert info.value.__cause__ is None
    assert info.value.request_sent is True


class KeepAliveThenDrop:
    """Answer the first request on connection 0, then read the next one and hang up.

    This is what a client sees when it reuses a pooled connection the server has just closed.
    """

    def __init__(self) -> None:
        self.requests: list[tuple[int, bytes]] = []

    async def __call__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, connection: int
    ) -> None:
        while True:
            self.requests.append((connection, await read_request(reader)))
            if connection == 0 and len(self.requests) == 2:
                return  # hang up without answering
            writer.write(response_bytes(b'{"ok": true}'))
            await writer.drain()


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_stale_keep_alive_is_retried_once_for_idempotent_requests(method: str) -> None:
    server = KeepAliveThenDrop()
    async with raw_server(server) as base:
        transport = AiohttpTransport(read_timeout=5)
        try:
            first = HttpRequest(method, base / "a", body=b"{}", idempotent=True)
            assert (await transport.send(first)).status == 200
            second = HttpRequest(method, base / "b", body=b"{}", idempotent=True)
            assert (await transport.send(second)).status == 200
        finally:
            await transport.aclose()
    assert [connection for connection, _ in server.requests] == [0, 0, 1]


async def test_stale_keep_alive_is_connection_lost_for_non_idempotent_requests() -> None:
    server = KeepAliveThenDrop()
    async with raw_server(server) as base:
        transport = AiohttpTransport(read_timeout=5)
        try:
            assert (await transport.send(HttpRequest("POST", base / "a", body=b"{}"))).status == 200
            with pytest.raises(ConnectionLostError) as info:
                await transport.send(HttpRequest("POST", base / "order", body=b"{}"))
        finally:
            await transport.aclose()
    assert info.value.request_sent is True
    assert len(server.requests) == 2  # never sent twice


@pytest.mark.parametrize("path", ["slow", "half"])
async def test_cancelling_a_send_releases_its_connection(
    server: URL, entered: asyncio.Event, path: str
) -> None:
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(connector=connector) as session:
        transport = AiohttpTransport(session, read_timeout=5)
        task = asyncio.create_task(transport.send(HttpRequest("GET", server / path)))
        await entered.wait()  # the request now holds the pool's only connection
        assert connector._acquired
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert not connector._acquired
        # With a pool of one, a leaked connection would block this call forever.
        async with asyncio.timeout(5):
            assert (await transport.send(HttpRequest("GET", server / "ok"))).status == 200


async def test_a_callers_session_is_used_and_never_closed(server: URL) -> None:
    async with aiohttp.ClientSession(headers={"X-From": "caller-session"}) as session:
        transport = AiohttpTransport(session)
        response = await transport.send(HttpRequest("GET", server / "ok"))
        assert b'"ua": "caller-session"' in response.body
        await transport.aclose()
        assert not session.closed


async def test_an_owned_session_is_closed_and_the_transport_refuses_more(server: URL) -> None:
    transport = AiohttpTransport()
    assert (await transport.send(HttpRequest("GET", server / "ok"))).status == 200
    await transport.aclose()
    with pytest.raises(ClientClosedError, match="closed") as caught:
        await transport.send(HttpRequest("GET", server / "ok"))
    assert isinstance(caught.value, RuntimeError)


async def test_redirects_are_not_followed() -> None:
    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound("http://127.0.0.1:9/elsewhere")

    app = web.Application()
    app.router.add_get("/r", redirect)
    async with running_app(app) as base:
        transport = AiohttpTransport()
        try:
            response = await transport.send(HttpRequest("GET", base / "r"))
        finally:
            await transport.aclose()
    assert response.status == 302
    assert response.headers["Location"] == "http://127.0.0.1:9/elsewhere"


def test_tls_checks_cannot_be_switched_off_through_the_api() -> None:
    parameters = inspect.signature(AiohttpTransport).parameters
    assert not {"verify", "verify_ssl", "ssl", "insecure"} & set(parameters)
    for bad in (False, True, "no"):
        with pytest.raises(TypeError):
            AiohttpTransport(ssl_context=bad)  # type: ignore[arg-type]


async def test_tls_certificates_are_verified() -> None:
    async with running_app(_app(), tls=True) as base:
        transport = AiohttpTransport()
        try:
            with pytest.raises(ConnectError) as info:
                await transport.send(HttpRequest("GET", base / "ok"))
            assert "certificate" in str(info.value).lower()
        finally:
            await transport.aclose()
        trusting = AiohttpTransport(ssl_context=ssl.create_default_context(cafile=CERT))
        try:
            assert (await trusting.send(HttpRequest("GET", base / "ok"))).status == 200
        finally:
            await trusting.aclose()
