"""A scripted Telnyx API on :class:`MockTransport`, and helpers to read what was sent."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from numbering_async import HttpRequest, MockResponse, MockTransport, RetryPolicy, SettlePolicy
from numbering_async.telnyx import TelnyxClient

KEY = "KEY0123456789abcdef_telnyx_test"
"""The API key of every test client; tests check it leaks nowhere but the auth header."""

FAST = RetryPolicy(max_attempts=3, initial=0.0, max_backoff=0.0)
"""Retries without waiting."""

SETTLE = SettlePolicy(window=0.04, first_poll=0.01, max_interval=0.01)
"""A settle window of four quick lookups (the default is 10 s)."""

UUID = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"
UUID2 = "a4b201f9-8646-4e54-a7d2-b2e403eeaf8c"

Reply = MockResponse | BaseException | Callable[[HttpRequest], MockResponse]


def data(obj: Any, status: int = 200) -> MockResponse:
    """``{"data": obj}``."""
    return MockResponse(status, json={"data": obj})


def page(items: list[Any], **meta: int) -> MockResponse:
    """A listing page ``{"data": items, "meta": meta}``."""
    return MockResponse(200, json={"data": items, "meta": meta})


def echo_reference(fields: dict[str, Any]) -> Callable[[HttpRequest], MockResponse]:
    """A reply: ``{"data": fields}`` plus the ``customer_reference`` the request carried."""

    def reply(request: HttpRequest) -> MockResponse:
        return data({**fields, "customer_reference": body_of(request)["customer_reference"]})

    return reply


class Api:
    """Answers ``(method, path)`` with its replies in turn (the last one repeats)."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], list[Reply]] = {}
        self.transport = MockTransport(self._answer)

    def on(self, method: str, path: str, *replies: Reply) -> Api:
        """Script the replies of ``method path`` (``path`` includes ``/v2``)."""
        self._routes[(method, path)] = list(replies)
        return self

    def _answer(self, request: HttpRequest) -> MockResponse:
        replies = self._routes.get((request.method, request.url.path))
        if not replies:
            raise AssertionError(f"unexpected request {request.method} {request.url.path}")
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply):
            return reply(request)
        return reply

    def client(self, **options: Any) -> TelnyxClient:
        """A client on this API (retries without waiting unless ``retry=`` is given, and
        settles over :data:`SETTLE` unless ``settle=`` is)."""
        options.setdefault("retry", FAST)
        options.setdefault("settle", SETTLE)
        return TelnyxClient(KEY, transport=self.transport, **options)

    @property
    def requests(self) -> list[HttpRequest]:
        """Every request sent so far."""
        return self.transport.requests

    def sent(self, method: str | None = None) -> tuple[str, str, dict[str, list[str]], Any]:
        """``wire()`` of the one request sent so far (of the one ``method`` request, if given:
        a purchase with the caller's reference first lists what already carries it)."""
        requests = [r for r in self.requests if method is None or r.method == method]
        assert len(requests) == 1, self.requests
        return wire(requests[0])


def query_of(request: HttpRequest) -> dict[str, list[str]]:
    """The request's query, percent-decoded (brackets may or may not be encoded)."""
    return parse_qs(request.url.raw_query_string, keep_blank_values=True, strict_parsing=False)


def body_of(request: HttpRequest) -> Any:
    """The request's JSON body, or ``None``."""
    return None if request.body is None else json.loads(request.body)


def wire(request: HttpRequest) -> tuple[str, str, dict[str, list[str]], Any]:
    """``(method, path, decoded query, JSON body)``, after checking auth and content type."""
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    if request.body is not None:
        assert request.headers["Content-Type"] == "application/json"
    return request.method, request.url.path, query_of(request), body_of(request)
