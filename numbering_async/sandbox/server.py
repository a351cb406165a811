"""The sandbox as a real HTTP server (``aiohttp.web``), and :func:`serve` for the command line.

One port serves both APIs: Telnyx under ``/v2/...`` (base URL ``http://HOST:PORT/v2``) and
iNumbering under ``/v2/iNumbering/...`` and ``/v2.1/gateways/...`` (base URL
``http://HOST:PORT``), plus the admin routes under ``/_sandbox/``. Socket-level faults happen
on the socket: the connection really closes, a truncated body really falls short of its
``Content-Length``, a dripping body really trickles, a hanging request really gets nothing
until the client hangs up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import TracebackType
from typing import Self

from aiohttp import web
from aiohttp.abc import AbstractStreamWriter
from aiohttp.http_parser import RawRequestMessage
from aiohttp.streams import StreamReader
from aiohttp.web_protocol import RequestHandler

from numbering_async.sandbox._sandbox import Sandbox
from numbering_async.sandbox._wire import (
    Close,
    Drip,
    Hang,
    Oversize,
    Reply,
    SandboxRequest,
    Truncate,
    oversize_chunks,
)

__all__ = ["SandboxServer", "serve"]

_SHUTDOWN_TIMEOUT = 0.5
_MAX_REQUEST_BODY = 64 * 1024 * 1024


class SandboxServer:
    """Serve a :class:`Sandbox` over HTTP on ``host:port`` (``port=0``: any free port).

    ::

        async with SandboxServer(Sandbox(seed=1)) as srv:
            tx = TelnyxClient(api_key="sk_test_0123456789", base_url=srv.telnyx_base_url)
    """

    def __init__(
        self, sandbox: Sandbox | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.sandbox = sandbox if sandbox is not None else Sandbox()
        self.host = host
        self._requested_port = port
        self._runner: web.ServerRunner | None = None
        self._closing = asyncio.Event()
        """Set when closing: requests left hanging by a fault are cut off then."""
        self.port = 0
        """The bound port, once started."""

    @property
    def url(self) -> str:
        """``http://host:port``."""
        if not self.port:
            raise RuntimeError("the server is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def telnyx_base_url(self) -> str:
        """The Telnyx base URL (``.../v2``)."""
        return f"{self.url}/v2"

    @property
    def inumbering_base_url(self) -> str:
        """The iNumbering base URL (the server root)."""
        return self.url

    async def start(self) -> None:
        """Load the dataset, bind the port and start serving."""
        if self._runner is not None:
            raise RuntimeError("the server is already started")
        self.sandbox.warm()
        # A client that hangs up cancels its handler (a latency fault stops sleeping), and
        # closing does not wait for slow handlers: this is a test server.
        handler = web.Server(
            self._handle,
            handler_cancellation=True,
            access_log=None,
            request_factory=_large_request,
        )
        runner = web.ServerRunner(handler, shutdown_timeout=_SHUTDOWN_TIMEOUT)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self._requested_port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]

    async def close(self) -> None:
        """Stop serving, close every connection, then commit every write still held back.

        A request a ``late_commit`` fault left hanging is cut off at once; the writes those
        faults hold back are then committed (``sandbox.late_commits.flush()``), so they can be
        counted.
        """
        runner, self._runner = self._runner, None
        if runner is not None:
            self._closing.set()
            await runner.cleanup()
            self._closing.clear()
            self.sandbox.late_commits.flush()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        body = await request.read() if request.body_exists else b""
        reply = await self.sandbox.handle(
            SandboxRequest(
                method=request.method,
                path=request.path,
                query=tuple(request.query.items()),
                headers=request.headers,
                body=body,
            )
        )
        wire = reply.wire
        if wire is None:
            return web.Response(status=reply.status, headers=reply.headers, body=reply.body)
        if isinstance(wire, Hang):  # nothing until the client gives up or the server closes
            await self._closing.wait()
            wire = Close()
        return await _misbehave(request, reply, wire)


def _large_request(
    message: RawRequestMessage,
    payload: StreamReader,
    protocol: RequestHandler,
    writer: AbstractStreamWriter,
    task: asyncio.Task[None],
) -> web.BaseRequest:
    """A request whose body may be as large as a 100,000-number campaign assignment."""
    loop = asyncio.get_running_loop()
    return web.BaseRequest(
        message, payload, protocol, writer, task, loop, client_max_size=_MAX_REQUEST_BODY
    )


async def _misbehave(
    request: web.BaseRequest, reply: Reply, wire: Close | Truncate | Drip | Oversize
) -> web.StreamResponse:
    """Play a socket-level fault (a hang is the server's: it ends when the server closes)."""
    transport = request.transport
    if isinstance(wire, Close):
        if transport is not None:
            transport.close()
        return web.Response(status=reply.status)
    response = web.StreamResponse(status=reply.status, headers=reply.headers)
    if isinstance(wire, Truncate):
        response.content_length = wire.declared
    elif isinstance(wire, Oversize):
        response.content_length = wire.size
    else:
        response.content_length = len(reply.body)
    try:
        await response.prepare(request)
        if isinstance(wire, Truncate):
            await response.write(reply.body)
            if transport is not None:
                transport.close()
        elif isinstance(wire, Oversize):
            for chunk in oversize_chunks(wire.size):
                await response.write(chunk)
        else:
            for start in range(0, len(reply.body), wire.chunk_size):
                await response.write(reply.body[start : start + wire.chunk_size])
                await asyncio.sleep(wire.interval)
    except ConnectionError:
        pass  # the client gave up (timeout, size limit): that is the point of the fault
    return response


async def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    seed: int = 1,
    latency_ms: float = 0,
    api_key: str | None = None,
    strict: bool = False,
    ready: Callable[[str, str], None] | None = None,
) -> None:
    """Serve a fresh sandbox until cancelled.

    ``ready(telnyx_base_url, inumbering_base_url)`` is called once the port is bound and the
    dataset loaded. Cancel the task (Ctrl-C in :func:`asyncio.run`) to stop cleanly.
    ``strict`` as :class:`Sandbox`'s.
    """
    sandbox = Sandbox(seed=seed, api_key=api_key, latency_ms=latency_ms, strict=strict)
    async with SandboxServer(sandbox, host, port) as server:
        if ready is not None:
            ready(server.telnyx_base_url, server.inumbering_base_url)
        await asyncio.Event().wait()
