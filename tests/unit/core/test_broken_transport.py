"""A transport that breaks its contract (raises something other than a ``TransportError``, or
returns something other than a response) still ends every call in a typed error: one that
counts the request as sent, so a purchase is never resent on its account, and quotes no key."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from numbering_async import (
    NO_RETRY,
    DecodeError,
    HttpRequest,
    HttpResponse,
    MockResponse,
    RetryPolicy,
    TransportError,
)

from .fakes import KEY, FakeClient, fake_client, identity

FAST = RetryPolicy(max_attempts=3, initial=0.0, max_backoff=0.0, jitter="none")


async def get(client: FakeClient) -> Any:
    return await client._request("GET", "/numbers", identity, idempotent=True)


async def post(client: FakeClient) -> Any:
    return await client._request("POST", "/orders", identity, body={"n": 1}, idempotent=False)


def raising(exc: BaseException) -> Any:
    def handler(request: HttpRequest) -> MockResponse:
        raise exc

    return handler


@pytest.mark.parametrize(
    "exc",
    [OSError(104, "Connection reset by peer"), RuntimeError("socket closed"), ValueError("x")],
    ids=lambda e: type(e).__name__,
)
async def test_a_foreign_exception_becomes_a_transport_error_counted_as_sent(
    exc: Exception,
) -> None:
    client, transport = fake_client(raising(exc), retry=FAST)
    async with client:
        with pytest.raises(TransportError) as caught:
            await post(client)
    error = caught.value
    assert error.request_sent  # so a purchase is looked up, never resent blindly
    assert (error.method, error.url) == ("POST", "https://api.example.test/v1/orders")
    assert type(exc).__name__ in str(error)
    assert "MockTransport" in str(error)
    assert len(transport.requests) == 1  # a write that may have landed is not resent


async def test_an_idempotent_call_is_retried_like_after_any_transport_failure() -> None:
    calls: list[int] = []

    def handler(request: HttpRequest) -> MockResponse:
        calls.append(1)
        if len(calls) < 3:
            raise OSError("network is unreachable")
        return MockResponse(200, json={"ok": True})

    client, _ = fake_client(handler, retry=FAST)
    async with client:
        assert await get(client) == {"ok": True}
    assert len(calls) == 3


async def test_the_key_a_transport_quotes_is_redacted_and_the_original_not_kept() -> None:
    def handler(request: HttpRequest) -> MockResponse:
        raise RuntimeError(f"could not send {dict(request.headers)}")

    client, _ = fake_client(handler, retry=NO_RETRY)
    async with client:
        with pytest.raises(TransportError) as caught:
            await get(client)
    error = caught.value
    assert "Authorization" in str(error)  # the transport's text is there...
    assert KEY not in str(error)  # ...without the key
    assert KEY not in repr(error.args)
    # The original exception (which quotes the key) is neither the cause nor the context.
    assert error.__cause__ is None
    assert error.__context__ is None


async def test_cancellation_is_not_turned_into_an_error() -> None:
    client, _ = fake_client(raising(asyncio.CancelledError()), retry=FAST)
    async with client:
        with pytest.raises(asyncio.CancelledError):
            await get(client)


class ReturnsNothing:
    """A transport whose ``send`` returns ``None`` instead of a response."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, request: HttpRequest) -> HttpResponse:
        self.sent += 1
        return None  # type: ignore[return-value]

    async def aclose(self) -> None:
        return None


async def test_something_other_than_a_response_is_a_decode_error() -> None:
    transport = ReturnsNothing()
    client = FakeClient(
        api_key=KEY, base_url="https://api.example.test/v1", transport=transport, retry=FAST
    )
    async with client:
        with pytest.raises(DecodeError) as caught:
            await post(client)
    assert "unexpected fake response" in str(caught.value)
    assert caught.value.status is None
    assert transport.sent == 1
