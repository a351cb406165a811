"""Plain HTTP values and the transport protocol.

Everything above the transport (auth, encoding, retries, decoding) works on these immutable
values, so it can be tested without a socket. A transport turns an :class:`HttpRequest` into an
:class:`HttpResponse` and raises only :class:`~numbering_async.errors.TransportError` subclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol, runtime_checkable

import attrs
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from numbering_async._frozen import maker

__all__ = [
    "HttpRequest",
    "HttpResponse",
    "Transport",
    "fixed_headers",
    "make_response",
    "public_url",
]

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
"""Methods RFC 9110 defines as idempotent: sending them twice is harmless."""
_SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "x-api-key", "api-key", "apikey", "cookie"}
)


def _headers_repr(headers: Mapping[str, str]) -> str:
    shown = {
        name: ("<redacted>" if name.lower() in _SECRET_HEADERS else value)
        for name, value in headers.items()
    }
    return repr(shown)


def public_url(url: URL) -> str:
    """``url`` without its query string or credentials, for reprs and logs."""
    return str(url.with_query(None).with_user(None))


def fixed_headers(headers: Mapping[str, str]) -> Mapping[str, str]:
    """``headers`` as a read-only case-insensitive multidict (a copy), for requests to carry.

    aiohttp (and the sandbox) take such a mapping as it is; any other mapping is copied into
    one on every request. A client builds its fixed headers so once and shares them.
    """
    return CIMultiDictProxy(CIMultiDict(headers))


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
        default=attrs.Factory(
            lambda self: self.method.upper() in _IDEMPOTENT_METHODS, takes_self=True
        )
    )
    """Whether sending twice is harmless; transports may resend these.

    Defaults from the method (GET, HEAD, OPTIONS, TRACE, PUT, DELETE); clients set it for
    POST searches that are safe to repeat."""

    def __repr__(self) -> str:
        size = "no body" if self.body is None else f"<{len(self.body)} bytes>"
        return (
            f"HttpRequest({self.method} {public_url(self.url)}, "
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
        """The server's request id (``x-request-id``, any case), if it sent one."""
        headers = self.headers
        if isinstance(headers, CIMultiDictProxy | CIMultiDict):
            return headers.get("x-request-id") or None
        for name, value in headers.items():
            if name.lower() == "x-request-id":
                return value or None
        return None

    def __repr__(self) -> str:
        return f"HttpResponse({self.status}, <{len(self.body)} bytes>, request={self.request!r})"


make_response: Callable[[int, Mapping[str, str], bytes, HttpRequest], HttpResponse] = maker(
    HttpResponse
)
"""``HttpResponse(status, headers, body, request)``, made without the frozen ``__init__``'s
per-field calls (see :mod:`numbering_async._frozen`): what a transport builds every response
with."""


@runtime_checkable
class Transport(Protocol):
    """What a client needs from an HTTP backend.

    ``send`` returns the response whatever its status and raises only
    :class:`~numbering_async.errors.TransportError` subclasses (a client turns anything else it
    raises into a ``TransportError`` whose request counts as sent, so a purchase is looked up,
    never resent); ``aclose`` releases what the transport owns (and nothing it was given).
    """

    async def send(self, request: HttpRequest) -> HttpResponse:
        """Send ``request`` and return the response with its body read."""
        ...

    async def aclose(self) -> None:
        """Release connections the transport owns."""
        ...
