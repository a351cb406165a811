"""The default transport, on an :class:`aiohttp.ClientSession`.

It owns pool limits, timeouts and a maximum body size, and maps every aiohttp failure onto
:mod:`numbering_async.errors`. It knows nothing about any provider.
"""

from __future__ import annotations

import builtins
import functools
import logging
import ssl
from typing import NoReturn

import aiohttp
from aiohttp import hdrs

from numbering_async import errors
from numbering_async._http import HttpRequest, HttpResponse, public_url
from numbering_async.errors import (
    ConnectError,
    ConnectionLostError,
    ResponseTooLargeError,
    TransportError,
)

__all__ = ["AiohttpTransport"]

logger = logging.getLogger(__name__)

DEFAULT_MAX_BODY = 32 * 1024 * 1024


class AiohttpTransport:
    """Send requests with aiohttp.

    Given a ``session``, the transport uses it and never closes it; otherwise it creates one on
    first use (inside the running loop) and closes it in :meth:`aclose`. TLS certificates are
    always verified; pass ``ssl_context`` to trust a private CA, never to switch checks off.

    A stale keep-alive connection that the server closed is retried once, transparently, for
    idempotent requests. Redirects are never followed. Every failure is mapped onto
    :mod:`numbering_async.errors`; only using the transport after :meth:`aclose` (a programming
    error) raises ``RuntimeError``.
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
        if ssl_context is not None and not isinstance(ssl_context, ssl.SSLContext):
            # ssl=False would switch verification off in aiohttp; this API never allows that.
            raise TypeError(f"ssl_context must be an ssl.SSLContext, not {ssl_context!r}")
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
        """Send ``request``; raise only :class:`~numbering_async.errors.TransportError`.

        A response body over ``max_body_size`` raises
        :class:`~numbering_async.errors.ResponseTooLargeError`. Redirects are not followed (a
        3xx comes back as it is), so a request never leaves for a host it was not sent to.
        """
        try:
            return await self._send_once(request)
        except (aiohttp.ServerDisconnectedError, ConnectionResetError) as exc:
            if not request.idempotent:
                raise _lost(request, exc) from None
            # A pooled keep-alive connection the server had already closed: try once more.
            logger.debug(
                "%s %s: connection closed before an answer (%s); resending once",
                request.method,
                _where(request),
                type(exc).__name__,
            )
        try:
            return await self._send_once(request)
        except (aiohttp.ServerDisconnectedError, ConnectionResetError) as exc:
            raise _lost(request, exc) from None

    async def _send_once(self, request: HttpRequest) -> HttpResponse:
        """One exchange. Stale-connection errors are left raw for :meth:`send` to judge."""
        session = self._get_session()
        timeout = self._timeout
        if request.timeout is not None:
            timeout = _with_total(timeout, request.timeout)
        try:
            async with session.request(
                request.method,
                request.url,
                data=request.body,
                headers=request.headers,
                timeout=timeout,
                ssl=self._ssl,
                allow_redirects=False,
            ) as resp:
                body = await self._read(resp, request)
                return HttpResponse(
                    status=resp.status, headers=resp.headers, body=body, request=request
                )
        except (aiohttp.ServerDisconnectedError, ConnectionResetError, TransportError):
            raise
        except (aiohttp.ConnectionTimeoutError, aiohttp.ClientConnectorError) as exc:
            timed_out = isinstance(exc, aiohttp.ConnectionTimeoutError)
            raise ConnectError(
                f"{'connect timed out' if timed_out else 'cannot connect'}{_reason(exc)}",
                method=request.method,
                url=_where(request),
            ) from None
        except aiohttp.InvalidURL as exc:
            raise ConnectError(
                f"invalid URL{_reason(exc)}", method=request.method, url=_where(request)
            ) from None
        except builtins.TimeoutError as exc:  # aiohttp's ServerTimeoutError is one too
            raise errors.TimeoutError(
                f"timed out waiting for the response{_reason(exc)}",
                method=request.method,
                url=_where(request),
            ) from None
        except (aiohttp.ClientError, OSError) as exc:
            raise _lost(request, exc) from None

    async def _read(self, resp: aiohttp.ClientResponse, request: HttpRequest) -> bytes:
        length = resp.content_length
        if length is not None and length > self._max_body:
            self._too_large(resp, request)
        if length is not None and hdrs.CONTENT_ENCODING not in resp.headers:
            return await resp.read()
        # Unknown or compressed length: count what arrives (a small gzip can inflate to GBs).
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_any():
            size += len(chunk)
            if size > self._max_body:
                self._too_large(resp, request)
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, resp: aiohttp.ClientResponse, request: HttpRequest) -> NoReturn:
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
    return public_url(request.url)


def _lost(request: HttpRequest, exc: BaseException) -> ConnectionLostError:
    return ConnectionLostError(
        f"connection lost{_reason(exc)}", method=request.method, url=_where(request)
    )


@functools.lru_cache(maxsize=64)
def _with_total(timeout: aiohttp.ClientTimeout, total: float) -> aiohttp.ClientTimeout:
    """``timeout`` with another total, cached: per-call timeouts repeat, objects need not."""
    return aiohttp.ClientTimeout(
        total=total, sock_connect=timeout.sock_connect, sock_read=timeout.sock_read
    )


def _reason(exc: BaseException) -> str:
    text = str(exc)
    return f": {text}" if text else ""
