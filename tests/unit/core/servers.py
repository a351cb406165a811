"""Real servers on 127.0.0.1 (ephemeral ports) for transport and wire tests."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

import trustme
from aiohttp import web
from yarl import URL

DATA = Path(__file__).parent / "data"
CERT = DATA / "localhost-cert.pem"
KEY = DATA / "localhost-key.pem"


def server_tls_context() -> ssl.SSLContext:
    """The TLS context of a server holding the self-signed test certificate."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(CERT, KEY)
    return context


def throwaway_tls() -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A certificate for 127.0.0.1 from a CA made now: (server context, client trusting it).

    Nobody else trusts that CA: to a default client the server is as good as self-signed.
    """
    authority = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server)
    client = ssl.create_default_context()
    authority.configure_trust(client)
    return server, client


@contextlib.asynccontextmanager
async def running_app(
    app: web.Application, *, tls: bool | ssl.SSLContext = False
) -> AsyncIterator[URL]:
    """Serve ``app`` on 127.0.0.1 and yield its base URL; handlers are cancelled at exit.

    ``tls=True`` serves the test certificate in ``data/``; a context serves its own.
    """
    runner = web.AppRunner(app, shutdown_timeout=0.1, handler_cancellation=True)
    await runner.setup()
    context = tls if isinstance(tls, ssl.SSLContext) else server_tls_context() if tls else None
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield URL.build(scheme="https" if context else "http", host=host, port=port)
    finally:
        await runner.cleanup()


RawHandler = Callable[[asyncio.StreamReader, asyncio.StreamWriter, int], Awaitable[None]]


@contextlib.asynccontextmanager
async def raw_server(handler: RawHandler) -> AsyncIterator[URL]:
    """A TCP server that hands each connection (numbered from 0) to ``handler``.

    For faults aiohttp.web will not produce: truncated bodies, dropped keep-alive connections.
    """
    count = 0
    tasks: set[asyncio.Task[None]] = set()

    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal count
        index, count = count, count + 1
        tasks.add(asyncio.current_task())  # type: ignore[arg-type]
        try:
            await handler(reader, writer, index)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield URL.build(scheme="http", host="127.0.0.1", port=port)
    finally:
        server.close()
        await cancel_all(tasks)
        await server.wait_closed()


async def cancel_all(tasks: Iterable[asyncio.Task[Any]]) -> None:
    """Cancel ``tasks`` and wait for them all to end (their outcomes are not looked at)."""
    tasks = list(tasks)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def read_request(reader: asyncio.StreamReader) -> bytes:
    """Read one HTTP/1.1 request (head and Content-Length body); return its request line."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return head.split(b"\r\n", 1)[0]


def response_bytes(body: bytes, *, status: str = "200 OK", length: int | None = None) -> bytes:
    """A keep-alive HTTP/1.1 response; ``length`` may lie about the body's size."""
    size = len(body) if length is None else length
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
    ).encode() + body
