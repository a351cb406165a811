"""An in-process :class:`~numbering_async.Transport` that hands requests to a sandbox.

No sockets: the URL's host is ignored and its path routes the request. Socket-level faults
become what :class:`~numbering_async.AiohttpTransport` would raise for them: a closed
connection or a truncated body is a :class:`~numbering_async.ConnectionLostError`, a reply slower
than the request's timeout (or none at all: a hanging request) a
:class:`~numbering_async.TimeoutError`, an oversized body a
:class:`~numbering_async.ResponseTooLargeError`.
"""

from __future__ import annotations

import asyncio
import builtins
from typing import Protocol

from multidict import CIMultiDict, CIMultiDictProxy

from numbering_async import errors
from numbering_async._http import HttpRequest, HttpResponse
from numbering_async.sandbox._wire import (
    Close,
    Drip,
    Hang,
    Oversize,
    Reply,
    SandboxRequest,
    Truncate,
    hang,
)
from numbering_async.sandbox._wire import oversize_chunks as _oversize_chunks
from numbering_async.transports.aiohttp import DEFAULT_MAX_BODY

__all__ = ["Handler", "SandboxTransport"]


class Handler(Protocol):
    """What answers the transport's requests (a :class:`~numbering_async.sandbox.Sandbox`)."""

    async def handle(self, request: SandboxRequest) -> Reply:
        """Answer one request."""


class SandboxTransport:
    """Answer requests from ``sandbox`` in-process; ``max_body_size`` as the aiohttp transport."""

    def __init__(self, sandbox: Handler, *, max_body_size: int = DEFAULT_MAX_BODY) -> None:
        if max_body_size <= 0:
            raise ValueError("max_body_size must be positive")
        self.sandbox = sandbox
        self.max_body_size = max_body_size
        self.closed = False

    async def send(self, request: HttpRequest) -> HttpResponse:
        """Hand ``request`` to the sandbox and return its answer."""
        if self.closed:
            raise errors.ClientClosedError("the sandbox transport is closed; nothing was sent")
        where = str(request.url.with_query(None))
        incoming = SandboxRequest(
            method=request.method,
            path=request.url.path,
            query=tuple(request.url.query.items()),
            headers=request.headers,
            body=request.body or b"",
        )
        try:
            async with asyncio.timeout(request.timeout):
                reply = await self.sandbox.handle(incoming)
                body = await self._play(reply, request, where)
        except builtins.TimeoutError:
            raise errors.TimeoutError(
                "timed out waiting for the response", method=request.method, url=where
            ) from None
        return HttpResponse(
            status=reply.status,
            headers=CIMultiDictProxy(CIMultiDict(reply.headers)),
            body=body,
            request=request,
        )

    async def _play(self, reply: Reply, request: HttpRequest, where: str) -> bytes:
        wire = reply.wire
        if wire is None:
            return reply.body
        if isinstance(wire, Close | Truncate):
            what = "server closed the connection" if isinstance(wire, Close) else "connection lost"
            raise errors.ConnectionLostError(what, method=request.method, url=where)
        if isinstance(wire, Drip):
            await asyncio.sleep(wire.duration(len(reply.body)))
            return reply.body
        if isinstance(wire, Hang):
            await hang()
        assert isinstance(wire, Oversize)
        if wire.size > self.max_body_size:
            raise errors.ResponseTooLargeError(
                f"response body of {request.method} {where} exceeds {self.max_body_size} bytes",
                status=reply.status,
                request_id=reply.headers.get("x-request-id"),
            )
        return b"".join(_oversize_chunks(wire.size))

    async def aclose(self) -> None:
        """Nothing to release; later sends fail."""
        self.closed = True
