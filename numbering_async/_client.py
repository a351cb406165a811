"""The request pipeline both provider clients share.

A provider client subclasses :class:`BaseClient` and supplies two things: how to turn a call
into an :class:`HttpRequest` (URL, auth, body encoding) and how to turn an
:class:`HttpResponse` into a decoded payload or a typed error. Everything else lives here once:
transport ownership, the retry loop, logging, request events, decode-error wrapping and the
reconciliation of purchases after an ambiguous failure.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import ipaddress
import logging
import os
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from types import MappingProxyType, TracebackType
from typing import Any, ClassVar, Self, TypeVar

import attrs
from yarl import URL

from numbering_async import _json
from numbering_async._http import HttpRequest, HttpResponse, Transport, public_url
from numbering_async._query import build_url
from numbering_async._retry import RetryPolicy
from numbering_async._settle import DEFAULT_SETTLE, Finder, SettlePolicy, poll_delays
from numbering_async.errors import (
    SECRET_RUN,
    APIError,
    ClientClosedError,
    ClientStateError,
    DecodeError,
    InvalidRequestError,
    NumberingError,
    OutcomeUnknownError,
    RateLimitError,
    ServerError,
    TransportError,
    redact,
)

__all__ = ["BaseClient", "RequestEvent", "new_reference"]

logger = logging.getLogger("numbering_async")

T = TypeVar("T")

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})

_RETRY_OVERRIDES: ContextVar[Mapping[int, RetryPolicy]] = ContextVar(
    "numbering_async_retry_overrides", default=MappingProxyType({})
)
"""Policies set by :meth:`BaseClient.retrying` in the current context, by ``id`` of client."""

_SETTLING: ContextVar[bool] = ContextVar("numbering_async_settling", default=False)
"""Set while a purchase is in flight: its lookups may run while the client is closing."""


@attrs.frozen(slots=True)
class RequestEvent:
    """What a request/response hook sees: never the API key, headers or body."""

    provider: str
    method: str
    url: str
    """The URL without its query string."""
    attempt: int
    status: int | None
    """The HTTP status, or ``None`` when no response arrived."""
    elapsed: float
    """Seconds from sending to the full response (or failure)."""
    request_id: str | None
    error: str | None
    """The error's class name when the attempt failed."""


EventHook = Callable[[RequestEvent], None]


_SCRUBBED_FIELDS = ("body", "title", "detail", "code", "excerpt", "url", "request_id")
"""Error attributes that may echo a request or response and so are scrubbed of the key."""


def _reason(exc: BaseException) -> str:
    """``ServerError 503`` / ``TimeoutError``: what made an attempt fail, for logs."""
    status = exc.status if isinstance(exc, APIError) else None
    return type(exc).__name__ if status is None else f"{type(exc).__name__} {status}"


def new_reference(prefix: str = "na") -> str:
    """A fresh customer reference for an order (``na-<32 hex digits>``)."""
    return f"{prefix}-{uuid.uuid4().hex}"


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class BaseClient:
    """Shared machinery of :class:`TelnyxClient` and :class:`INumberingClient`.

    Not used directly. Clients are async context managers; one client is safe to share across
    many concurrent tasks. A client given a transport never closes it.
    """

    provider: ClassVar[str] = ""
    api_key_env: ClassVar[str] = ""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str,
        transport: Transport | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | None = 30.0,
        allow_insecure_http: bool = False,
        event_hook: EventHook | None = None,
        settle: SettlePolicy | None = None,
        close_grace: float = 5.0,
    ) -> None:
        self._api_key = self._check_api_key(api_key)
        if settle is not None and not isinstance(settle, SettlePolicy):
            raise InvalidRequestError("settle", f"expected a SettlePolicy, got {settle!r}")
        if isinstance(close_grace, bool) or not (
            isinstance(close_grace, int | float) and 0 <= close_grace < float("inf")
        ):
            raise InvalidRequestError(
                "close_grace", f"expected finite seconds >= 0, got {close_grace!r}"
            )
        if not isinstance(base_url, str):
            raise InvalidRequestError("base_url", f"expected a string, got {base_url!r}")
        try:
            url = URL(base_url.rstrip("/"))
        except ValueError:
            url = URL()
        if (
            url.scheme not in ("https", "http")
            or not url.host
            or url.raw_query_string
            or url.fragment
        ):
            raise InvalidRequestError(
                "base_url", f"expected an http(s) URL without query or fragment, got {base_url!r}"
            )
        if url.scheme == "http" and not allow_insecure_http and not _is_loopback(url.host):
            raise InvalidRequestError(
                "base_url",
                "plain http:// is only allowed for loopback hosts; "
                "pass allow_insecure_http=True to send the key unencrypted anyway",
            )
        self.base_url = url
        self._base = str(url)
        if transport is None:
            from numbering_async.transports.aiohttp import AiohttpTransport

            transport = AiohttpTransport(total_timeout=timeout)
            self._owns_transport = True
        else:
            self._owns_transport = False
        self._transport: Transport = transport
        self.retry = retry if retry is not None else RetryPolicy()
        self.timeout = timeout
        self.settle = settle if settle is not None else DEFAULT_SETTLE
        """How purchases that failed ambiguously are looked up (see :class:`SettlePolicy`)."""
        self.close_grace = float(close_grace)
        """Seconds :meth:`aclose` waits for purchases in flight before closing anyway."""
        self._event_hook = event_hook
        self._closed = False
        self._transport_closed = False
        self._writes_in_flight = 0
        self._writes_idle: asyncio.Event | None = None

    @classmethod
    def _check_api_key(cls, api_key: str | None) -> str:
        """The key from the argument or the environment, stripped and checked (never echoed)."""
        key = api_key if api_key is not None else os.environ.get(cls.api_key_env)
        if key is not None and not isinstance(key, str):
            raise InvalidRequestError("api_key", f"expected a string, got {type(key).__name__}")
        key = key.strip() if key else key
        if not key:
            unset = f" and ${cls.api_key_env} is not set" if cls.api_key_env else ""
            raise InvalidRequestError("api_key", f"no API key given{unset}")
        if not (key.isascii() and key.isprintable()):
            raise InvalidRequestError(
                "api_key", "contains control or non-ASCII characters (not shown)"
            )
        if len(key) < SECRET_RUN:
            # Redaction looks for runs of SECRET_RUN characters: a shorter key could not be
            # told apart from ordinary text (a host name, a word) in what it scrubs.
            raise InvalidRequestError(
                "api_key", f"is too short to be a real key (fewer than {SECRET_RUN} characters)"
            )
        return key

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client: later calls raise :class:`ClientClosedError`.

        Purchases in flight get up to :attr:`close_grace` seconds to finish (their answer, or
        their lookup by reference after an ambiguous failure). Then the transport is closed if
        the client created it; a purchase still unsettled ends with
        :class:`OutcomeUnknownError` carrying its reference, never with a resend.
        """
        self._closed = True
        if self._writes_in_flight:
            if self._writes_idle is None:  # one event for every concurrent aclose
                self._writes_idle = asyncio.Event()
            with contextlib.suppress(builtins.TimeoutError):
                await asyncio.wait_for(self._writes_idle.wait(), self.close_grace)
        if self._owns_transport and not self._transport_closed:
            self._transport_closed = True
            await self._transport.aclose()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base!r}, api_key=<redacted>)"

    @contextlib.contextmanager
    def retrying(self, policy: RetryPolicy) -> Iterator[None]:
        """Use ``policy`` instead of :attr:`retry` for this client's calls inside the block.

        The override belongs to the current task (tasks started inside the block inherit it),
        so other tasks sharing the client keep its policy::

            with telnyx.retrying(NO_RETRY):
                order = await telnyx.number_orders.retrieve(order_id)
        """
        if not isinstance(policy, RetryPolicy):
            raise InvalidRequestError("policy", f"expected a RetryPolicy, got {policy!r}")
        token = _RETRY_OVERRIDES.set(MappingProxyType({**_RETRY_OVERRIDES.get(), id(self): policy}))
        try:
            yield
        finally:
            _RETRY_OVERRIDES.reset(token)

    def _policy(self, retry: RetryPolicy | None) -> RetryPolicy:
        """``retry`` if given, else the policy of a :meth:`retrying` block, else :attr:`retry`."""
        if retry is not None:
            return retry
        return _RETRY_OVERRIDES.get().get(id(self), self.retry)

    # -- provider hooks --------------------------------------------------------------------

    def _build_request(
        self,
        method: str,
        path: str,
        query: str | None,
        body: Any,
        idempotent: bool,
        timeout: float | None,
        idempotency_key: str | None = None,
    ) -> HttpRequest:
        """Turn a call into an HTTP request (URL, auth, encoded body).

        ``body`` is what the provider encodes: a JSON mapping, a wire model, or ``None``.

        ``idempotency_key`` is a purchase's key derived from its reference; a provider whose
        API honours such a key sends it (a header), others ignore it.
        """
        raise NotImplementedError

    def _payload(self, response: HttpResponse) -> Any:
        """Decode ``response`` into JSON, or raise the typed error it stands for."""
        raise NotImplementedError

    # -- the pipeline ----------------------------------------------------------------------

    def _url(self, path: str, query: str | None = None) -> URL:
        """The base URL + ``path`` + ``?query``, the query kept exactly as encoded."""
        return build_url(self.base_url, path, query)

    def _redact(self, value: Any) -> Any:
        return redact(value, (self._api_key,))

    def _scrub(self, exc: NumberingError) -> None:
        """Remove the key from an error's message and fields, whoever built the error."""
        exc.args = tuple(self._redact(arg) for arg in exc.args)
        for name in _SCRUBBED_FIELDS:
            value = getattr(exc, name, None)
            redacted = self._redact(value)
            if redacted != value:
                setattr(exc, name, redacted)

    async def _request(
        self,
        method: str,
        path: str,
        cast: Callable[[Any], T],
        *,
        query: str | None = None,
        body: Any = None,
        idempotent: bool,
        retry: RetryPolicy | None = None,
        timeout: float | None = None,
        idempotency_key: str | None = None,
    ) -> T:
        """Send a call with retries and return ``cast(payload)``.

        Idempotent calls are retried on transport failures and retryable API errors. Other
        calls are retried only where the request surely did not take effect (connect errors,
        429). Any failure of ``cast`` becomes a :class:`DecodeError`.
        """
        if self._closed and (self._transport_closed or not _SETTLING.get()):
            raise ClientClosedError(f"the {self.provider} client is closed; nothing was sent")
        request = self._build_request(
            method, path, query, body, idempotent, timeout, idempotency_key
        )
        policy: RetryPolicy | None = None  # looked up at the first failure: most calls have none
        attempt = 0
        while True:
            attempt += 1
            try:
                broken: TransportError | None = None
                try:
                    if self._event_hook is None and not logger.isEnabledFor(logging.DEBUG):
                        response = await self._transport.send(request)  # nothing to observe
                    else:
                        response = await self._send(request, attempt)
                except NumberingError:
                    raise
                except Exception as exc:
                    # A transport that breaks its contract (raises something other than a
                    # TransportError). Redacted, and raised outside this block so that the error
                    # does not keep ``exc`` (which may quote the request) as its __context__.
                    broken = self._broken_transport(request, exc)
                if broken is not None:
                    raise broken
                return self._decode(response, cast)
            except NumberingError as exc:
                self._scrub(exc)
                if policy is None:
                    policy = self._policy(retry)
                wait = self._retry_wait(exc, policy, attempt, idempotent)
                if wait is None:
                    raise
                logger.debug(
                    "%s %s %s: retrying in %.2fs (attempt %d of %d, after %s)",
                    self.provider,
                    method,
                    public_url(request.url),
                    wait,
                    attempt + 1,
                    policy.max_attempts,
                    _reason(exc),
                )
                await asyncio.sleep(wait)

    def _broken_transport(self, request: HttpRequest, exc: Exception) -> TransportError:
        """The :class:`TransportError` for a transport that raised ``exc`` instead of one.

        Nothing says whether the request left, so it counts as sent: a purchase is then looked
        up by its reference, never resent blindly.
        """
        problem = f"{type(exc).__name__}: {self._redact(str(exc))}"[:200]
        return TransportError(
            f"the transport {type(self._transport).__name__} raised {problem}, not a "
            "TransportError; the request may have reached the server",
            method=request.method,
            url=public_url(request.url),
        )

    def _retry_wait(
        self, exc: NumberingError, policy: RetryPolicy, attempt: int, idempotent: bool
    ) -> float | None:
        """Seconds to wait before retrying after ``exc``, or ``None`` to give up.

        A call that is not idempotent is retried only when it surely did not take effect: the
        connection was never made, or the server answered 429.
        """
        if attempt >= policy.max_attempts:
            return None
        if isinstance(exc, TransportError):
            return policy.backoff(attempt) if idempotent or not exc.request_sent else None
        if not isinstance(exc, APIError) or not exc.retryable:
            return None
        if not (idempotent or isinstance(exc, RateLimitError)):
            return None
        if exc.retry_after is not None and policy.respect_retry_after:
            return exc.retry_after if exc.retry_after <= policy.max_retry_after else None
        return policy.backoff(attempt)

    async def _send(self, request: HttpRequest, attempt: int) -> HttpResponse:
        """Send ``request``, logging it at DEBUG and reporting it to the event hook."""
        debug = logger.isEnabledFor(logging.DEBUG)
        started = time.perf_counter()
        status: int | None = None
        request_id: str | None = None
        error: str | None = None
        try:
            response = await self._transport.send(request)
            status, request_id = response.status, self._redact(response.request_id)
            return response
        except BaseException as exc:
            error = type(exc).__name__
            raise
        finally:
            elapsed = time.perf_counter() - started
            where = public_url(request.url)
            if debug:
                logger.debug(
                    "%s %s %s -> %s in %.1f ms (attempt %d, request id %s)",
                    self.provider,
                    request.method,
                    where,
                    status if status is not None else error,
                    elapsed * 1000,
                    attempt,
                    request_id,
                )
            if self._event_hook is not None:
                self._emit(
                    RequestEvent(
                        provider=self.provider,
                        method=request.method,
                        url=where,
                        attempt=attempt,
                        status=status,
                        elapsed=elapsed,
                        request_id=request_id,
                        error=error,
                    )
                )

    def _emit(self, event: RequestEvent) -> None:
        """Call the event hook; a failing hook is logged, never breaks the call."""
        assert self._event_hook is not None
        try:
            self._event_hook(event)
        except Exception:
            logger.exception("%s event hook failed", self.provider)

    def _decode(self, response: HttpResponse, cast: Callable[[Any], T]) -> T:
        """``cast(payload)``, or a typed error: never a raw exception from either step.

        An :class:`APIError` without ``retry_after`` gets it from the ``Retry-After`` header.
        """
        try:
            return _json.decode(cast, self._payload, response, response.body)
        except APIError as exc:
            if exc.retry_after is None:
                exc.retry_after = RetryPolicy.parse_retry_after(response.headers.get("Retry-After"))
            raise
        except NumberingError:
            raise
        except Exception as exc:
            # Redacted before the cut; raised below, outside this block, so that the error does
            # not keep ``exc`` (which may quote the body) as its __context__.
            problem = f"{type(exc).__name__}: {self._redact(str(exc))}"[:200]
        raise DecodeError(
            f"unexpected {self.provider} response ({problem})",
            # getattr: a broken transport may have returned something not an HttpResponse.
            status=getattr(response, "status", None),
            request_id=self._redact(getattr(response, "request_id", None)),
        )

    # -- purchases -------------------------------------------------------------------------

    async def _place_once(
        self,
        send: Callable[[], Awaitable[T]],
        find: Finder[T] | None,
        *,
        reference: str,
        operation: str,
        asked: str,
        hint: str,
    ) -> T:
        """Make a write that spends money or changes an account at most once.

        ``send`` goes through the request loop, which resends only what surely never reached
        the server (a connection never made, a pool wait that timed out, a 429). Any other
        failure is raised as it is, except an ambiguous one (the request may have arrived: a
        connection lost after writing, a timeout waiting for the answer, any 5xx, an answer
        that cannot be read): then the write is settled by its ``reference`` (see
        :mod:`numbering_async._settle`) and returned only if ``find`` proves it is this
        call's; otherwise :class:`OutcomeUnknownError` tells the caller, with ``hint`` on how
        to look it up later. It is never resent.
        """
        if self._closed:  # a new purchase; its own lookups may run while the client closes
            raise ClientClosedError(f"the {self.provider} client is closed; nothing was sent")
        started = datetime.now(UTC)
        token = _SETTLING.set(True)
        self._writes_in_flight += 1
        try:
            try:
                return await send()
            except (TransportError, ServerError, DecodeError) as exc:
                if isinstance(exc, TransportError) and not exc.request_sent:
                    raise
                cause: NumberingError = exc
            except asyncio.CancelledError as exc:
                note = f"{self.provider} {operation} cancelled while in flight: it may have been "
                note += f"placed (reference {reference!r})"
                logger.warning("%s", note)
                exc.add_note(note)
                raise

            def unknown(message: str, others: tuple[str, ...] = ()) -> OutcomeUnknownError:
                error = OutcomeUnknownError(
                    message,
                    reference=reference,
                    cause=cause,
                    operation=operation,
                    asked=asked,
                    others=tuple(self._redact(list(others))),
                )
                self._scrub(error)  # ids and times in it come from the server
                return error

            failed = f"{self.provider} {operation} failed ambiguously ({_reason(cause)})"
            if find is None:
                raise unknown(
                    f"{failed}; it may or may not have been placed and cannot be looked up: "
                    f"do not resend it blindly, check your account ({hint})"
                ) from cause
            return await self._settle(find, started, failed, hint, unknown)
        finally:
            _SETTLING.reset(token)
            self._writes_in_flight -= 1
            if not self._writes_in_flight and self._writes_idle is not None:
                self._writes_idle.set()

    async def _settle(
        self,
        find: Finder[T],
        started: datetime,
        failed: str,
        hint: str,
        unknown: Callable[..., OutcomeUnknownError],
    ) -> T:
        """Poll ``find`` over the settle window; this call's write, or ``OutcomeUnknownError``.

        The window is a deadline: all the lookups together may outlast it by one request
        timeout at most (30 s when the client has none).
        """
        settle = self.settle
        logger.debug("%s; looking for it by its reference over %gs", failed, settle.window)
        since = started - timedelta(seconds=settle.clock_skew)
        others: tuple[str, ...] = ()
        lookup_failure = ""
        deadline = asyncio.timeout(settle.window + (self.timeout or 30.0))
        try:
            async with deadline:
                for delay in poll_delays(settle):
                    await asyncio.sleep(delay)
                    try:
                        found = await find(since)
                    except (ClientStateError, OutcomeUnknownError):
                        raise
                    except APIError as exc:
                        if _refused(exc):
                            raise
                        lookup_failure = f"; the last lookup failed ({_reason(exc)})"
                        continue
                    except NumberingError as exc:
                        lookup_failure = f"; the last lookup failed ({_reason(exc)})"
                        continue
                    lookup_failure = ""
                    others = found.others
                    if found.match is not None:
                        logger.debug("%s, but it had gone through: found by its reference", failed)
                        return found.match
        except builtins.TimeoutError:
            if not deadline.expired():
                raise
            lookup_failure = "; the lookups ran out of time"
        except OutcomeUnknownError as exc:
            raise unknown(f"{failed}; {exc.args[0]}") from exc
        except ClientStateError as exc:
            raise unknown(f"{failed}, and it could not be looked up ({exc})") from exc
        except APIError as exc:
            raise unknown(
                f"{failed}, and the lookup by reference was refused ({_reason(exc)})"
            ) from exc
        logger.debug("%s, and it was not found by its reference in %gs", failed, settle.window)
        held = (
            f"; the reference also names {len(others)} order(s) that are not this call's: "
            + "; ".join(others)
            if others
            else ""
        )
        raise unknown(
            f"{failed}, and no write of this call was found by its reference within the "
            f"{settle.window:g} s settle window{lookup_failure}{held}. It may still be "
            f"placed: do not resend it; look it up later ({hint})",
            others,
        )


def _refused(exc: APIError) -> bool:
    """A lookup answer that asking again will not change (a 4xx, but 404: an order just
    listed may not be retrievable yet, 408 and 429)."""
    return 400 <= exc.status < 500 and exc.status != 404 and not exc.retryable
