"""The default transport, on an :class:`aiohttp.ClientSession`.

It owns pool limits, timeouts and a maximum body size, and maps every aiohttp failure onto
:mod:`numbering_async.errors`. It knows nothing about any provider.
"""

from __future__ import annotations

import asyncio
import builtins
import logging
import ssl
from typing import Any, NoReturn

import aiohttp
from aiohttp import hdrs

from numbering_async import errors
from numbering_async._http import HttpRequest, HttpResponse, make_response, public_url
from numbering_async.errors import (
    ClientClosedError,
    ConnectError,
    ConnectionLostError,
    PoolTimeoutError,
    ResponseTooLargeError,
    TransportError,
    WrongEventLoopError,
)
from numbering_async.transports._aiohttp_progress import (
    Phase,
    PhaseTracker,
    Progress,
    TrackingConnector,
    surely_unsent,
    track,
)
from numbering_async.transports._aiohttp_session import (
    OWN_REQUEST_OPTIONS,
    check_session,
    own_session,
    request_options,
    session_loop,
    verifying_context,
)

__all__ = ["AiohttpTransport"]

logger = logging.getLogger(__name__)

DEFAULT_MAX_BODY = 32 * 1024 * 1024

_STALE = (aiohttp.ServerDisconnectedError, ConnectionResetError)
"""A pooled keep-alive connection the server had already closed (or a reset after sending)."""
_TOTALS_LIMIT = 64
"""Per-request totals whose timeouts a transport remembers at most."""


class AiohttpTransport:
    """Send requests with aiohttp.

    Given a ``session``, the transport uses it and never closes it; otherwise it creates one on
    first use (inside the running loop) and closes it in :meth:`aclose`. TLS certificates are
    always verified; pass ``ssl_context`` to trust a private CA, never to switch checks off.

    A stale keep-alive connection that the server closed is retried once, transparently, for
    idempotent requests. Redirects are never followed. Every failure is mapped onto
    :mod:`numbering_async.errors`, and says whether the request may have been sent: a total
    timeout that fires while waiting for a pooled connection is a
    :class:`~numbering_async.errors.PoolTimeoutError` and one while connecting a
    :class:`~numbering_async.errors.ConnectError` (surely not sent); any other is a
    :class:`~numbering_async.errors.TimeoutError` (may have arrived). After :meth:`aclose` a
    send raises :class:`~numbering_async.errors.ClientClosedError`, and a send from another
    event loop than the session's :class:`~numbering_async.errors.WrongEventLoopError`; a
    request in flight when the transport closes ends as a ``TransportError``.

    **A caller's session** keeps every guarantee. Its settings are, one by one:

    - *overridden on every request*: the connector's ``ssl`` (``ssl=False`` or an unverified
      context; the request carries ``ssl_context`` or a default verifying context),
      ``raise_for_status``, ``auto_decompress``, ``timeout``, ``middlewares`` (none run: one
      could resend a purchase), ``max_line_size`` and ``max_field_size`` (aiohttp's defaults),
      redirects (never followed, so ``requote_redirect_url`` and redirect limits never apply);
    - *refused when the transport is built* (``InvalidRequestError`` naming the setting): a
      closed session, and ``auth=`` (it would be added to the SDK's requests);
    - *harmless, used as they are*: ``base_url`` (the SDK's URLs are absolute), default
      ``headers`` and ``cookies``/``cookie_jar`` (a header the SDK sets wins; the SDK puts no
      secret in a cookie), ``trust_env``, ``proxy`` and ``proxy_auth`` (TLS is verified end to
      end through the tunnel), ``skip_auto_headers``, ``json_serialize`` (the SDK sends encoded
      bytes), ``read_bufsize``, ``max_headers`` (a lower limit fails such an answer as
      ``ConnectionLostError``, treated as possibly sent), ``version``, the connector's pool
      limits, and the caller's own code (``request_class``, ``response_class``,
      ``trace_configs``, ``fallback_charset_resolver``), which runs as it is.

    The transport adds a stateless trace config to a caller's session's ``trace_configs`` (it
    tells a pool wait from a request in flight), and its requests pass their own
    ``trace_request_ctx`` to the session's trace configs. Its own session has no trace config:
    its connector tells the transport the same directly.
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
        self._ssl = verifying_context(ssl_context)
        self._options = OWN_REQUEST_OPTIONS if session is None else request_options(self._ssl)
        self._loop: asyncio.AbstractEventLoop | None = None
        if session is not None:
            check_session(session)
            track(session)
            self._loop = session_loop(session)
        self._session = session
        self._owns_session = session is None
        self._tracker: PhaseTracker | None = None
        """The own connector's tracker, once the session exists; ``None`` on a caller's."""
        self._limit = limit
        self._limit_per_host = limit_per_host
        self._timeout = aiohttp.ClientTimeout(
            total=total_timeout, sock_connect=connect_timeout, sock_read=read_timeout
        )
        self._totals: dict[float, aiohttp.ClientTimeout] = {}
        self._max_body = max_body_size
        self._closed = False

    def _get_session(self) -> aiohttp.ClientSession:
        """The session to send with, in the running loop; raise if none may be used."""
        if self._closed:
            raise ClientClosedError("this AiohttpTransport is closed: create a new one")
        running = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = running
        elif running is not self._loop:
            raise WrongEventLoopError(
                "this AiohttpTransport's aiohttp session belongs to another event loop than "
                "the running one: create the client (and its session) inside the event loop "
                "that uses it, e.g. in the coroutine given to asyncio.run(), not at import time"
            )
        session = self._session
        if session is None:
            connector = TrackingConnector(
                limit=self._limit, limit_per_host=self._limit_per_host, ssl=self._ssl
            )
            session = own_session(connector, self._timeout)
            self._session = session
            self._tracker = connector.tracker
        elif session.closed:
            raise ClientClosedError("the aiohttp session given to AiohttpTransport is closed")
        return session

    async def send(self, request: HttpRequest) -> HttpResponse:
        """Send ``request``; raise only :class:`~numbering_async.errors.TransportError`.

        A response body over ``max_body_size`` raises
        :class:`~numbering_async.errors.ResponseTooLargeError`. Redirects are not followed (a
        3xx comes back as it is), so a request never leaves for a host it was not sent to.
        Before anything is sent, a closed transport raises
        :class:`~numbering_async.errors.ClientClosedError` and a call from another event loop
        :class:`~numbering_async.errors.WrongEventLoopError`.
        """
        session = self._session
        if (
            session is None
            or asyncio.get_running_loop() is not self._loop
            or (not self._owns_session and session.closed)  # a caller may close theirs
        ):
            session = self._get_session()  # or raise why none may be used
        try:
            return await self._send_once(session, request)
        except _STALE as exc:
            if not request.idempotent or self._closed or session.closed:
                raise _lost(request, exc) from None
            # A pooled keep-alive connection the server had already closed: try once more.
            logger.debug(
                "%s %s: connection closed before an answer (%s); resending once",
                request.method,
                _where(request),
                type(exc).__name__,
            )
        try:
            return await self._send_once(session, request)
        except _STALE as exc:
            raise _lost(request, exc) from None

    async def _send_once(
        self, session: aiohttp.ClientSession, request: HttpRequest
    ) -> HttpResponse:
        """One exchange. Stale-connection errors are left raw for :meth:`send` to judge."""
        total = request.timeout
        timeout = (
            self._timeout if total is None else self._totals.get(total) or self._with_total(total)
        )
        tracker = self._tracker  # the own connector records the phase; else the trace config
        if tracker is not None:
            progress = None
            options = self._options
        else:
            progress = Progress()
            options = {"trace_request_ctx": progress, **self._options}
        try:
            async with session.request(
                request.method,
                request.url,
                data=request.body,
                headers=request.headers,
                timeout=timeout,
                **options,
            ) as resp:
                headers = resp.headers
                header = headers.get(hdrs.CONTENT_LENGTH)
                length = None if header is None else int(header)  # resp.content_length, inline
                if (
                    length is not None
                    and length <= self._max_body
                    and hdrs.CONTENT_ENCODING not in headers
                ):
                    body = await resp.read()
                else:
                    body = await self._read(resp, request, length)
                return make_response(resp.status, headers, body, request)
        except (*_STALE, TransportError):
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
            raise _timed_out(request, _phase(progress, tracker), exc) from None
        except asyncio.CancelledError:
            if _cancelled_by_caller():
                raise
            # Not this task's cancellation: aiohttp cancels the requests queued for a
            # connection when the session's connector closes.
            closed = aiohttp.ClientConnectionError("the session was closed")
            raise _failed(request, _phase(progress, tracker), closed) from None
        except (aiohttp.ClientError, OSError) as exc:
            raise _failed(request, _phase(progress, tracker), exc) from None
        finally:
            if tracker is not None and tracker.phases:
                tracker.forget()

    def _with_total(self, total: float) -> aiohttp.ClientTimeout:
        """The transport's timeouts with another total, remembered (per-call totals repeat)."""
        timeout = aiohttp.ClientTimeout(
            total=total, sock_connect=self._timeout.sock_connect, sock_read=self._timeout.sock_read
        )
        if len(self._totals) < _TOTALS_LIMIT:
            self._totals[total] = timeout
        return timeout

    async def _read(
        self, resp: aiohttp.ClientResponse, request: HttpRequest, length: int | None
    ) -> bytes:
        """A body :meth:`_send_once` does not read at once, within ``max_body_size``: one whose
        ``length`` (Content-Length) is unknown or over the limit, or that is compressed."""
        if length is not None and length > self._max_body:
            self._too_large(resp, request)
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
        """Close the session if this transport created it; later sends raise.

        Requests still in flight on an owned session end as a ``TransportError``.
        """
        session = self._session
        owned = session is not None and self._owns_session
        if owned and asyncio.get_running_loop() is not self._loop:
            raise WrongEventLoopError(
                "close this AiohttpTransport in the event loop that created its session"
            )
        self._closed = True
        self._session = None
        if owned:
            assert session is not None
            await session.close()


def _where(request: HttpRequest) -> str:
    return public_url(request.url)


def _lost(request: HttpRequest, exc: BaseException) -> ConnectionLostError:
    return ConnectionLostError(
        f"connection lost{_reason(exc)}", method=request.method, url=_where(request)
    )


def _phase(progress: Progress | None, tracker: PhaseTracker | None) -> Phase:
    """How far the current request got, by whichever of the two recorded it."""
    if progress is not None:
        return progress.phase
    assert tracker is not None
    return tracker.phase()


def _failed(request: HttpRequest, phase: Phase, exc: BaseException) -> TransportError:
    """A connection-level failure: possibly sent unless known to be before the connection."""
    if not surely_unsent(phase):
        return _lost(request, exc)
    return ConnectError(f"cannot connect{_reason(exc)}", method=request.method, url=_where(request))


def _timed_out(request: HttpRequest, phase: Phase, exc: BaseException) -> TransportError:
    """The timeout error for how far the request got (see :class:`Phase`)."""
    where: dict[str, Any] = {"method": request.method, "url": _where(request)}
    if phase is Phase.POOL:
        return PoolTimeoutError(
            f"timed out waiting for a free connection in the pool{_reason(exc)}", **where
        )
    if phase is Phase.CONNECTING:
        return ConnectError(f"connect timed out{_reason(exc)}", **where)
    return errors.TimeoutError(f"timed out waiting for the response{_reason(exc)}", **where)


def _cancelled_by_caller() -> bool:
    task = asyncio.current_task()
    return task is None or task.cancelling() > 0


def _reason(exc: BaseException) -> str:
    text = str(exc)
    return f": {text}" if text else ""
