"""BaseClient._place_once: a purchase is never sent twice after an ambiguous failure."""

from __future__ import annotations

from typing import Any

import pytest

from numbering_async import (
    ConnectError,
    ConnectionLostError,
    HttpRequest,
    MockResponse,
    OutcomeUnknownError,
    RetryPolicy,
    ServerError,
    TimeoutError,
)

from .fakes import FakeClient, error_response, fake_client, identity

REFERENCE = "na-0123"
FAST = RetryPolicy(max_attempts=3, initial=0.01, jitter="none")


class OrderDesk:
    """A fake order endpoint: ``POST /orders`` fails as scripted, ``GET /orders`` looks up."""

    def __init__(self, *post_failures: Exception | MockResponse, placed_on_failure: bool) -> None:
        self.failures = list(post_failures)
        self.placed_on_failure = placed_on_failure
        self.orders: list[str] = []
        self.posts = 0
        self.lookups = 0
        self.lookup_failure: Exception | None = None

    def handle(self, request: HttpRequest) -> MockResponse:
        if request.method == "GET":
            self.lookups += 1
            if self.lookup_failure is not None:
                raise self.lookup_failure
            return MockResponse(200, json={"data": [{"ref": ref} for ref in self.orders]})
        self.posts += 1
        if self.failures:
            failure = self.failures.pop(0)
            if self.placed_on_failure:
                self.orders.append(REFERENCE)
            if isinstance(failure, Exception):
                raise failure
            return failure
        self.orders.append(REFERENCE)
        return MockResponse(201, json={"data": {"ref": REFERENCE}})


def _first(payload: Any) -> Any:
    return payload["data"][0] if payload["data"] else None


async def place(client: FakeClient, *, with_lookup: bool = True) -> Any:
    async def send() -> Any:
        payload = await client._request(
            "POST", "/orders", identity, body={"ref": REFERENCE}, idempotent=False
        )
        return payload["data"]

    async def lookup() -> Any:
        return await client._request(
            "GET", "/orders", _first, query=f"filter[ref]={REFERENCE}", idempotent=True
        )

    return await client._place_once(REFERENCE, send, lookup if with_lookup else None)


async def test_success_the_first_time(sleeps: list[float]) -> None:
    desk = OrderDesk(placed_on_failure=False)
    client, _ = fake_client(desk.handle, retry=FAST)
    assert await place(client) == {"ref": REFERENCE}
    assert (desk.posts, desk.lookups) == (1, 0)


@pytest.mark.parametrize(
    "failure", [TimeoutError("slow"), error_response(500), error_response(503)]
)
async def test_an_order_that_went_through_is_found_not_resent(
    failure: Exception | MockResponse, sleeps: list[float]
) -> None:
    desk = OrderDesk(failure, placed_on_failure=True)
    client, _ = fake_client(desk.handle, retry=FAST)
    assert await place(client) == {"ref": REFERENCE}
    assert desk.posts == 1
    assert desk.lookups == 1
    assert desk.orders == [REFERENCE]
    assert sleeps == [0.01]  # the lookup waits a moment for an in-flight write to land


@pytest.mark.parametrize(
    "failure",
    [ConnectionLostError("dropped"), error_response(500), MockResponse(200, body="<html>")],
)
async def test_an_order_that_did_not_arrive_is_resent(
    failure: Exception | MockResponse, sleeps: list[float]
) -> None:
    desk = OrderDesk(failure, placed_on_failure=False)
    client, _ = fake_client(desk.handle, retry=FAST)
    assert await place(client) == {"ref": REFERENCE}
    assert (desk.posts, desk.lookups) == (2, 1)
    assert desk.orders == [REFERENCE]


@pytest.mark.parametrize("failure", [TimeoutError("slow"), error_response(504)])
async def test_an_order_not_found_yet_after_a_timeout_is_outcome_unknown_not_resent(
    failure: Exception | MockResponse, sleeps: list[float]
) -> None:
    # The server may still be working on it: a resend could place it twice.
    desk = OrderDesk(failure, placed_on_failure=False)
    client, _ = fake_client(desk.handle, retry=FAST)
    with pytest.raises(OutcomeUnknownError) as info:
        await place(client)
    assert info.value.reference == REFERENCE
    assert info.value.cause is not None
    assert (desk.posts, desk.lookups) == (1, 1)


async def test_the_last_failure_is_raised_once_resends_run_out(sleeps: list[float]) -> None:
    desk = OrderDesk(*[error_response(500)] * 5, placed_on_failure=False)
    client, _ = fake_client(desk.handle, retry=FAST)
    with pytest.raises(ServerError):
        await place(client)
    assert (desk.posts, desk.lookups) == (3, 3)
    assert desk.orders == []


async def test_a_failing_lookup_makes_the_outcome_unknown(sleeps: list[float]) -> None:
    desk = OrderDesk(TimeoutError("slow"), placed_on_failure=True)
    desk.lookup_failure = ConnectError("lookup refused")
    client, _ = fake_client(desk.handle, retry=RetryPolicy(max_attempts=1))
    with pytest.raises(OutcomeUnknownError) as info:
        await place(client)
    assert info.value.reference == REFERENCE
    assert isinstance(info.value.cause, TimeoutError)
    assert REFERENCE in str(info.value)
    assert desk.posts == 1


async def test_without_a_lookup_the_outcome_is_unknown(sleeps: list[float]) -> None:
    desk = OrderDesk(error_response(502), placed_on_failure=True)
    client, _ = fake_client(desk.handle, retry=FAST)
    with pytest.raises(OutcomeUnknownError) as info:
        await place(client, with_lookup=False)
    assert info.value.reference == REFERENCE
    assert isinstance(info.value.cause, ServerError)
    assert desk.posts == 1


async def test_connect_errors_are_retried_by_the_pipeline_then_propagate(
    sleeps: list[float],
) -> None:
    desk = OrderDesk(*[ConnectError("refused")] * 5, placed_on_failure=False)
    client, _ = fake_client(desk.handle, retry=FAST)
    with pytest.raises(ConnectError):
        await place(client)
    assert (desk.posts, desk.lookups) == (3, 0)


async def test_a_connect_error_then_success_places_once(sleeps: list[float]) -> None:
    desk = OrderDesk(ConnectError("refused"), placed_on_failure=False)
    client, _ = fake_client(desk.handle, retry=FAST)
    assert await place(client) == {"ref": REFERENCE}
    assert (desk.posts, desk.lookups) == (2, 0)
    assert desk.orders == [REFERENCE]
