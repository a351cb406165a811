"""A handler-based transport for tests (yours and ours).

::

    def handler(request: HttpRequest) -> MockResponse:
        assert request.url.path == "/v2/number_orders"
        return MockResponse(200, json={"data": [], "meta": {"total_pages": 0}})

    client = TelnyxClient(api_key="sk_test_0123456789", transport=MockTransport(handler))

The handler may be sync or async, may return an :class:`MockResponse` or an
:class:`~numbering_async.HttpResponse`, and may raise a
:class:`~numbering_async.errors.TransportError` to simulate a network failure. Every request is
recorded in :attr:`MockTransport.requests`.
"""

from __future__ import annotations

import inspect
import json as _json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import attrs
from multidict import CIMultiDict, CIMultiDictProxy

from numbering_async._http import HttpRequest, HttpResponse
from numbering_async.errors import ClientClosedError

__all__ = ["MockResponse", "MockTransport"]


@attrs.frozen(slots=True, init=False)
class MockResponse:
    """A canned response: give ``json=`` (encoded for you) or raw ``body=`` bytes."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def __init__(
        self,
        status: int = 200,
        *,
        json: Any = None,
        body: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        hdrs: CIMultiDict[str] = CIMultiDict(headers or {})
        if json is not None:
            raw = _json.dumps(json).encode()
            hdrs.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            raw = body.encode()
        else:
            raw = body or b""
        self.__attrs_init__(status, CIMultiDictProxy(hdrs), raw)


Handler = Callable[
    [HttpRequest], "MockResponse | HttpResponse | Awaitable[MockResponse | HttpResponse]"
]


class MockTransport:
    """Answer every request by calling ``handler``; records requests in :attr:`requests`."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self.requests: list[HttpRequest] = []
        self.closed = False

    async def send(self, request: HttpRequest) -> HttpResponse:
        """Record ``request`` and return the handler's answer.

        After :meth:`aclose` it raises :class:`~numbering_async.errors.ClientClosedError`, as
        a real transport does.
        """
        if self.closed:
            raise ClientClosedError("this MockTransport is closed")
        self.requests.append(request)
        result = self._handler(request)
        if inspect.isawaitable(result):
            result = await result
        if isinstance(result, HttpResponse):
            return result
        return HttpResponse(
            status=result.status, headers=result.headers, body=result.body, request=request
        )

    async def aclose(self) -> None:
        """Mark the transport closed (it holds no connections); later sends raise."""
        self.closed = True
