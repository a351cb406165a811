"""A tiny HTTP/1.1 front proxy that drops the client while the backend keeps working.

It stands for a load balancer or CDN in front of the API: the first POST to ``drop_path`` is
forwarded to the backend, and ``drop_after`` seconds later the client's side is reset (or
answered with ``gateway_status``, a 524 "origin timed out" say) while the upstream request
runs on and commits. Every other request is forwarded as it is.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp


class FrontProxy:
    """``async with FrontProxy(backend_url, "/v2/number_orders") as proxy: proxy.url``."""

    def __init__(
        self,
        backend: str,
        drop_path: str,
        *,
        drop_after: float = 0.05,
        gateway_status: int | None = None,
    ) -> None:
        self.backend = backend
        self.drop_path = drop_path
        self.drop_after = drop_after
        self.gateway_status = gateway_status
        self.dropped = 0
        self._upstream: set[asyncio.Future[Any]] = set()
        self._session: aiohttp.ClientSession | None = None
        self._server: asyncio.Server | None = None
        self.url = ""

    async def __aenter__(self) -> FrontProxy:
        self._session = aiohttp.ClientSession()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Waits for the dropped requests to finish upstream (they commit), then closes."""
        await asyncio.gather(*self._upstream, return_exceptions=True)
        assert self._server is not None
        assert self._session is not None
        self._server.close()
        await self._server.wait_closed()
        await self._session.close()

    async def _forward(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, str, bytes]:
        assert self._session is not None
        kept = {k: v for k, v in headers.items() if k.lower() not in ("host", "content-length")}
        async with self._session.request(
            method, self.backend + target, headers=kept, data=body or None
        ) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), await resp.read()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = dict(line.split(":", 1) for line in lines[1:] if line)
                headers = {k.strip(): v.strip() for k, v in headers.items()}
                length = int(
                    next((v for k, v in headers.items() if k.lower() == "content-length"), "0")
                )
                body = await reader.readexactly(length) if length else b""
                upstream = asyncio.ensure_future(self._forward(method, target, headers, body))
                if method == "POST" and target.startswith(self.drop_path) and not self.dropped:
                    self.dropped += 1
                    self._upstream.add(upstream)
                    await asyncio.sleep(self.drop_after)
                    if self.gateway_status is None:
                        writer.transport.abort()  # a reset towards the client; upstream goes on
                        return
                    page = b"<html><title>A timeout occurred</title></html>"
                    writer.write(
                        f"HTTP/1.1 {self.gateway_status} Origin Timeout\r\n"
                        f"Content-Type: text/html\r\nContent-Length: {len(page)}\r\n\r\n".encode()
                        + page
                    )
                    await writer.drain()
                    continue
                status, content_type, payload = await upstream
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\n"
                    f"Content-Length: {len(payload)}\r\n\r\n".encode()
                    + payload
                )
                await writer.drain()
        finally:
            if not writer.transport.is_closing():
                writer.close()
