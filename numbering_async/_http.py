"""Plain HTTP values and the transport protocol.

Everything above the transport (auth, encoding, retries, decoding) works on these immutable
values, so it can be tested without a socket. A transport turns an :class:`HttpRequest` into an
:class:`HttpResponse` and raises only :class:`~numbering_async.errors.TransportError` subclasses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

import attrs
from yarl import URL

__all__ = ["HttpRequest", "HttpResponse", "Transport"]

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key", "cookie"})


def _headers_repr(headers: Mapping[str, str]) -> str:
    shown = {
        name: ("<redacted>" if name.lower() in _SECRET_HEADERS else value)
        for name, value in headers.items()
    }
    return repr(shown)


@attrs.frozen(slots=True, repr=False)
class HttpRequest:
    """One HTTP request, as the transport will send it.

    ``body`` is already encoded. ``repr()`` never shows secret headers or the body (an
    iNumbering body carries the API key).
    """

    method: str
    url: URL
    headers: Mapping[str, str] = attrs.field(factory=dict)
    body: bytes | None = None
    timeout: float | None = None
    """Total time allowed for this request; ``None`` uses the transport's default."""
    idempotent: bool = attrs.field(
        default=attrs.Factory(lambda self: self.method in _SAFE_METHODS, takes_self=True)
    )
    """Whether sending twice is harmless (GETs, searches); transports may resend these."""

    def __repr__(self) -> str:
        size = "no body" if self.body is None else f"<{len(self.body)} bytes>"
        return (
            f"HttpRequest({self.method} {self.url.with_query(None)}, "
            f"headers={_headers_repr(self.headers)}, body={size})"
        )


@attrs.frozen(slots=True, repr=False)
class HttpResponse:
    """One HTTP response with its whole body read."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    request: HttpRequest

    @property
    def request_id(self) -> str | None:
        """The server's request id (``x-request-id``), if it sent one."""
        return self.headers.get("x-request-id") or self.headers.get("X-Request-Id")

    def __repr__(self) -> str:
        return f"HttpResponse({self.status}, <{len(self.body)} bytes>, request={self.request!r})"


@runtime_checkable
class Transport(Protocol):
    """What a client needs from an HTTP backend.

    ``send`` returns the response whatever its status and raises only
    :class:`~numbering_async.errors.TransportError` subclasses; ``aclose`` releases what the
    transport owns (and nothing it was given).
    """

    async def send(self, request: HttpRequest) -> HttpResponse:
        """Send ``request`` and return the response with its body read."""
        ...

    async def aclose(self) -> None:
        """Release connections the transport owns."""
        ...
