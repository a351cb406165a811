"""A scripted iNumbering server on :class:`MockTransport`, and the key tests check never leaks."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from numbering_async import (
    HttpRequest,
    INumberingClient,
    MockResponse,
    MockTransport,
    RetryPolicy,
)

KEY = "vt_live_K3y-9f8e7d6c5b4a"
"""The API key of every test client; tests assert it appears nowhere but the request body."""

FAST = RetryPolicy(max_attempts=3, initial=0.0, max_backoff=0.0)
"""Retries without waiting."""

Reply = MockResponse | BaseException | Callable[[HttpRequest], MockResponse]


def ok(**fields: Any) -> MockResponse:
    """A 200 success body with ``fields``."""
    return MockResponse(200, json={"status": "Success", "statusCode": "200", **fields})


def fail(code: str, message: str = "", *, http: int = 200, **extra: Any) -> MockResponse:
    """An error body ``{status: Error, statusCode: code, message}`` (HTTP 200 by default)."""
    body = {"status": "Error", "statusCode": code, "message": message, **extra}
    return MockResponse(http, json=body)


class Server:
    """Answers requests with ``replies`` in turn (the last one repeats) and records them."""

    def __init__(self, *replies: Reply) -> None:
        self._replies = list(replies) or [ok()]
        self.transport = MockTransport(self._answer)

    def _answer(self, request: HttpRequest) -> MockResponse:
        reply = self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply):
            return reply(request)
        return reply

    def client(self, **options: Any) -> INumberingClient:
        """A client on this server (no real retries waiting; override with ``retry=``)."""
        options.setdefault("retry", FAST)
        return INumberingClient(KEY, transport=self.transport, **options)

    @property
    def requests(self) -> list[HttpRequest]:
        """Every request sent so far."""
        return self.transport.requests

    @property
    def paths(self) -> list[str]:
        """The URL path of every request sent so far."""
        return [request.url.path for request in self.requests]

    def body(self, index: int = -1) -> Any:
        """The decoded JSON body of request ``index`` (the last by default)."""
        raw = self.requests[index].body
        assert raw is not None
        return json.loads(raw)
