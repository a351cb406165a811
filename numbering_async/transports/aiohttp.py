"""The default transport, on an :class:`aiohttp.ClientSession`.

It owns pool limits, timeouts and a maximum body size, and maps every aiohttp failure onto
:mod:`numbering_async.errors`. It knows nothing about any provider.
"""

from __future__ import annotations

import builtins
import ssl

import aiohttp

from numbering_async import errors
from numbering_async._http import HttpRequest, HttpResponse
from numbering_async.errors import (
    ConnectError,
    ConnectionLostError,
    ResponseTooLargeError,
    TransportError,
)

__all__ = ["AiohttpTransport"]

DEFAULT_MAX_BODY = 32 * 1024 * 1024


class AiohttpTransport:
    """Send requests with aiohttp.

    Given a ``session``, the transport uses it and never closes it; otherwise it creates one on
    first use (inside the running loop) and closes it in :meth:`aclose`. TLS certificates are
    always verified; pass ``ssl_context`` to trust a private CA, never to switch checks off.

    A stale keep-alive connection that the server closed is retried once, transparently, for
    idempotent requests.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        limit: int = 100,
        limit_per_host: int = 0,
        connect_timeout: float | None = 10.0,
        read_timeout: float | None = 30.0,
        total_timeout: float | None = 60.0,
        max_body_size: int = DEFAULT_MAX_BODY,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if max_body_size <= 0:
            raise ValueError("max_body_size must be positive")
        self._session = session
        self._owns_session = session is None
        self._limit = limit
        self._limit_per_host = limit_per_host
        self._timeout = aiohttp.ClientTimeout(
            total=total_timeout, sock_connect=connect_timeout, sock_read=read_timeout
        )
        self._max_body = max_body_size
        self._ssl: ssl.SSLContext | bool = ssl_context if ssl_context is not None else True
        self._closed = False

    def _get_session(self) -> aiohttp.ClientSession:
        session = self._session
        if session is None:
            if self._closed:
                raise RuntimeError("the transport is closed")
            connector = aiohttp.TCPConnector(
                limit=self._limit, limit_per_host=self._limit_per_host, ssl=self._ssl
            )
            session = aiohttp.ClientSession(
                connector=connector, timeout=self._timeout, auto_decompress=True
            )
            self._session = session
        return session

    async def send(self, request: HttpRequest) -> HttpResponse:
        """Send ``request``; raise only :class:`~numbering_async.errors.TransportError`."""
        try:
            return await self._send_once(request)
        except aiohttp.ServerDisconnectedError:
            if not request.idempotent:
                raise ConnectionLostError(
                    "server closed the connection", method=request.method, url=_where(request)
                ) from None
        # A pooled keep-alive connection the server had already closed: try once more.
        return await self._send_once(request)

    async def _send_once(self, request: HttpRequest) -> HttpResponse:
        session = self._get_session()
        timeout = self._timeout
        if request.timeout is not None:
            timeout = aiohttp.ClientTimeout(
                total=request.timeout,
                sock_connect=timeout.sock_connect,
                sock_read=timeout.sock_read,
            )
        try:
            async with session.request(
                request.method,
                request.url,
                data=request.body,
                headers=request.headers,
                timeout=timeout,
                ssl=self._ssl,
            ) as resp:
                body = await self._read(resp, request)
                return HttpResponse(
                    status=resp.status, headers=resp.headers, body=body, request=request
                )
        except aiohttp.ServerDisconnectedError:
            raise
        except TransportError:
            raise
        except (aiohttp.ConnectionTimeoutError, aiohttp.ClientConnectorError) as exc:
            error: TransportError = (
                ConnectError(
                    f"connect timed out: {exc}", method=request.method, url=_where(request)
                )
                if isinstance(exc, aiohttp.ConnectionTimeoutError)
                else ConnectError(
                    f"cannot connect: {exc.os_error}", method=request.method, url=_where(request)
                )
            )
            raise error from None
        except (builtins.TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise errors.TimeoutError(
                f"timed out waiting for the response{_reason(exc)}",
                method=request.method,
                url=_where(request),
            ) from None
        except (aiohttp.ClientPayloadError, aiohttp.ClientOSError, ConnectionError) as exc:
            raise ConnectionLostError(
                f"connection lost{_reason(exc)}", method=request.method, url=_where(request)
            ) from None
        except aiohttp.ClientError as exc:
            raise ConnectionLostError(
                f"HTTP error{_reason(exc)}", method=request.method, url=_where(request)
            ) from None

    async def _read(self, resp: aiohttp.ClientResponse, request: HttpRequest) -> bytes:
        length = resp.content_length
        if length is not None and length <= self._max_body:
            return await resp.read()
        if length is not None:
            self._too_large(resp, request)
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_any():
            size += len(chunk)
            if size > self._max_body:
                self._too_large(resp, request)
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, resp: aiohttp.ClientResponse, request: HttpRequest) -> None:
        resp.close()
        raise ResponseTooLargeError(
            f"response body of {request.method} {_where(request)} exceeds {self._max_body} bytes",
            status=resp.status,
            request_id=resp.headers.get("x-request-id"),
        )

    async def aclose(self) -> None:
        """Close the session if this transport created it."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None and self._owns_session:
            await session.close()


def _where(request: HttpRequest) -> str:
    return str(request.url.with_query(None))


def _reason(exc: BaseException) -> str:
    text = str(exc)
    return f": {text}" if text else ""
