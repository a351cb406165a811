"""Orders are sent once: an ambiguous failure is OutcomeUnknownError with the reference."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from numbering_async import (
    BadRequestError,
    ConnectError,
    ConnectionLostError,
    INumberingClient,
    MockResponse,
    OutcomeUnknownError,
    RetryPolicy,
    ServerError,
    TimeoutError,
)

from .helpers import Server, fail, ok

Purchase = Callable[[INumberingClient, str | None], Awaitable[Any]]


def order(client: INumberingClient, reference: str | None) -> Awaitable[Any]:
    return client.tn_order(["2015551234"], customer_order_reference=reference)


def assign(client: INumberingClient, reference: str | None) -> Awaitable[Any]:
    return client.tn_messaging_campaign(
        ["2015551234"], "C123456", customer_order_reference=reference
    )


def sent_reference(server: Server) -> str:
    body = server.body()
    reference: str = (body.get("tnOrder") or body["tnCampaign"])["customerOrderReference"]
    return reference


purchases = pytest.mark.parametrize("purchase", [order, assign], ids=["tn_order", "campaign"])

AMBIGUOUS = [
    TimeoutError("timed out waiting for the response"),
    ConnectionLostError("connection lost"),
    MockResponse(502, body="<html>Bad Gateway</html>"),
    MockResponse(500, json={"status": "Error", "statusCode": "500"}),
    fail("431", "Unable to complete the request at the moment"),
    fail("410", "DB Error"),
    MockResponse(200, body=b'{"status": "Success", "statusCode": "200", "orderId": "17'),
    MockResponse(200, body=b"<html>proxy</html>"),
    ok(),
    OSError(104, "Connection reset by peer"),  # a custom transport breaking its contract
]


@purchases
@pytest.mark.parametrize(
    "reply",
    AMBIGUOUS,
    ids=[
        "timeout",
        "lost",
        "502",
        "500",
        "431",
        "410",
        "truncated",
        "html-200",
        "no-order-id",
        "foreign-exception",
    ],
)
async def test_an_ambiguous_failure_is_outcome_unknown_after_one_post(
    purchase: Purchase, reply: Any
) -> None:
    server = Server(reply, ok(orderId="1"))
    retry = RetryPolicy(max_attempts=5, initial=0.0, max_backoff=0.0)

    with pytest.raises(OutcomeUnknownError) as caught:
        await purchase(server.client(retry=retry), "po-9")

    assert caught.value.reference == "po-9"
    assert "po-9" in str(caught.value)
    assert len(server.requests) == 1


@purchases
async def test_a_generated_reference_is_the_one_reported(purchase: Purchase) -> None:
    server = Server(TimeoutError("timed out"))

    with pytest.raises(OutcomeUnknownError) as caught:
        await purchase(server.client(), None)

    assert caught.value.reference == sent_reference(server)
    assert caught.value.reference.startswith("na-")


@purchases
async def test_a_definite_rejection_is_raised_as_it_is(purchase: Purchase) -> None:
    server = Server(fail("432", "TN Excluded"))

    with pytest.raises(BadRequestError):
        await purchase(server.client(), "po-1")

    assert len(server.requests) == 1


@purchases
async def test_a_request_that_never_left_is_sent_again(purchase: Purchase) -> None:
    server = Server(ConnectError("cannot connect"), ok(orderId=99))

    receipt = await purchase(server.client(), "po-2")

    assert (receipt.order_id, receipt.customer_order_reference) == ("99", "po-2")
    assert len(server.requests) == 2
    assert server.body(0) == server.body(1)


@purchases
async def test_a_rate_limited_order_was_not_placed_and_is_sent_again(purchase: Purchase) -> None:
    limited = MockResponse(429, body="", headers={"Retry-After": "0"})
    server = Server(limited, ok(orderId="5"))

    receipt = await purchase(server.client(), "po-3")

    assert receipt.order_id == "5"
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    "write",
    [
        lambda c: c.add_messaging_brand("B1", "n", "d"),
        lambda c: c.add_messaging_campaign("B1", "C123456", "d"),
        lambda c: c.add_gateway("203.0.113.10"),
        lambda c: c.remove_gateway(1000),
    ],
    ids=["brand", "campaign", "add-gateway", "remove-gateway"],
)
async def test_other_writes_are_never_resent_and_end_as_outcome_unknown(
    write: Callable[[INumberingClient], Awaitable[Any]],
) -> None:
    server = Server(MockResponse(503, body="busy"), ok())

    with pytest.raises(OutcomeUnknownError) as caught:
        await write(server.client())

    assert isinstance(caught.value.cause, ServerError)
    assert caught.value.reference  # the brand, campaign, gateway or route it was about
    assert caught.value.reference in str(caught.value)
    assert len(server.requests) == 1
