"""Purchases are never sent twice blindly: after an ambiguous failure they are looked up."""

from __future__ import annotations

from typing import Any

import pytest

from numbering_async import (
    BadRequestError,
    ConnectError,
    HttpRequest,
    MockResponse,
    OutcomeUnknownError,
    RetryPolicy,
    ServerError,
)
from numbering_async import errors as na_errors
from numbering_async.telnyx import OrderingGroup

from .helpers import Api, body_of, data, echo_reference, page, query_of
from .payloads import NUMBER_ORDER_DETAIL

ONE_RESEND = RetryPolicy(max_attempts=2, initial=0.0, max_backoff=0.0)
REF = "ref-42"
UNAVAILABLE = MockResponse(503, json={"errors": [{"code": "90001", "title": "Unavailable"}]})
TIMEOUT = na_errors.TimeoutError("timed out waiting for the response")


def posts(api: Api) -> list[HttpRequest]:
    return [r for r in api.requests if r.method == "POST"]


async def test_order_found_after_a_503_is_returned_without_a_second_post() -> None:
    found = {**NUMBER_ORDER_DETAIL, "id": "o-7", "customer_reference": REF}
    api = (
        Api()
        .on("POST", "/v2/number_orders", UNAVAILABLE)
        .on("GET", "/v2/number_orders", page([{"id": "o-7", "customer_reference": REF}]))
        .on("GET", "/v2/number_orders/o-7", data(found))
    )
    async with api.client(retry=ONE_RESEND) as telnyx:
        order = await telnyx.number_orders.create(["+12015550123"], customer_reference=REF)
    assert (order.id, order.customer_reference) == ("o-7", REF)
    assert len(posts(api)) == 1
    lookup = api.requests[1]
    assert query_of(lookup) == {
        "filter[customer_reference]": [REF],
        "page[number]": ["1"],
        "page[size]": ["250"],
    }


async def test_order_not_found_after_a_503_is_resent_once_with_the_same_reference() -> None:
    api = (
        Api()
        .on("POST", "/v2/number_orders", UNAVAILABLE, echo_reference({"id": "o-8"}))
        .on("GET", "/v2/number_orders", page([], total_pages=0))
    )
    async with api.client(retry=ONE_RESEND) as telnyx:
        order = await telnyx.number_orders.create(["+12015550123"])
    sent = posts(api)
    assert len(sent) == 2
    assert body_of(sent[0]) == body_of(sent[1])
    assert order.customer_reference == body_of(sent[0])["customer_reference"]
    assert [r.method for r in api.requests] == ["POST", "GET", "POST"]


async def test_failed_lookup_raises_outcome_unknown_with_the_reference() -> None:
    api = (
        Api()
        .on("POST", "/v2/number_orders", UNAVAILABLE)
        .on("GET", "/v2/number_orders", MockResponse(500, json={"errors": []}))
    )
    async with api.client(retry=ONE_RESEND) as telnyx:
        with pytest.raises(OutcomeUnknownError) as caught:
            await telnyx.number_orders.create(["+12015550123"], customer_reference=REF)
    assert caught.value.reference == REF
    assert isinstance(caught.value.cause, ServerError)
    assert len(posts(api)) == 1


async def test_lookup_that_cannot_see_the_whole_listing_is_outcome_unknown() -> None:
    strangers = [{"id": f"x-{n}", "customer_reference": "other"} for n in range(250)]
    api = (
        Api()
        .on("POST", "/v2/number_orders", TIMEOUT)
        .on(
            "GET",
            "/v2/number_orders",
            page(strangers, total_pages=2),
            page([{"id": "x-250"}], total_pages=2),
        )
    )
    async with api.client(retry=ONE_RESEND) as telnyx:
        with pytest.raises(OutcomeUnknownError) as caught:
            await telnyx.number_orders.create(["+12015550123"], customer_reference=REF)
    assert caught.value.reference == REF
    assert len(posts(api)) == 1


async def test_when_resends_are_spent_the_last_failure_is_raised() -> None:
    api = (
        Api().on("POST", "/v2/number_orders", UNAVAILABLE).on("GET", "/v2/number_orders", page([]))
    )
    async with api.client(retry=ONE_RESEND) as telnyx:
        with pytest.raises(ServerError):
            await telnyx.number_orders.create(["+12015550123"])
    assert len(posts(api)) == 2


async def test_a_rejected_order_is_not_looked_up_or_resent() -> None:
    rejected = MockResponse(422, json={"errors": [{"code": "10015", "title": "Invalid"}]})
    api = Api().on("POST", "/v2/number_orders", rejected)
    async with api.client(retry=ONE_RESEND) as telnyx:
        with pytest.raises(BadRequestError):
            await telnyx.number_orders.create(["+12015550123"])
    assert [r.method for r in api.requests] == ["POST"]


async def test_a_connect_error_is_retried_without_a_lookup() -> None:
    api = Api().on(
        "POST",
        "/v2/number_orders",
        ConnectError("connection refused"),
        echo_reference({"id": "o-9"}),
    )
    async with api.client(retry=ONE_RESEND) as telnyx:
        order = await telnyx.number_orders.create(["+12015550123"], customer_reference=REF)
    assert order.id == "o-9"
    assert [r.method for r in api.requests] == ["POST", "POST"]


async def test_reservation_found_after_a_timeout_is_returned() -> None:
    found = {"id": "r-1", "customer_reference": REF, "status": "success"}
    api = (
        Api()
        .on("POST", "/v2/number_reservations", TIMEOUT)
        .on("GET", "/v2/number_reservations", page([found], total_pages=1))
    )
    async with api.client(retry=ONE_RESEND) as telnyx:
        reservation = await telnyx.number_reservations.create(
            ["+12015550123"], customer_reference=REF
        )
    assert (reservation.id, reservation.customer_reference) == ("r-1", REF)
    assert len(posts(api)) == 1
    assert query_of(api.requests[1])["filter[customer_reference]"] == [REF]


def _inexplicit_page(request: HttpRequest) -> MockResponse:
    number = int(query_of(request)["page_number"][0])
    if number == 1:
        items: list[dict[str, Any]] = [
            {"id": f"i-{n}", "customer_reference": "other"} for n in range(250)
        ]
        return page(items, total_pages=2)
    return page([{"id": "i-mine", "customer_reference": REF}], total_pages=2)


async def test_inexplicit_order_is_found_by_scanning_the_listing() -> None:
    api = (
        Api()
        .on("POST", "/v2/inexplicit_number_orders", UNAVAILABLE)
        .on("GET", "/v2/inexplicit_number_orders", _inexplicit_page)
    )
    group = OrderingGroup(country_iso="US", phone_number_type="local", count_requested=1)
    async with api.client(retry=ONE_RESEND) as telnyx:
        order = await telnyx.inexplicit_number_orders.create([group], customer_reference=REF)
    assert order.id == "i-mine"
    assert len(posts(api)) == 1
    assert [query_of(r).get("page_number") for r in api.requests[1:]] == [["1"], ["2"]]


async def test_inexplicit_order_absent_from_a_short_listing_is_resent() -> None:
    api = (
        Api()
        .on("POST", "/v2/inexplicit_number_orders", UNAVAILABLE, echo_reference({"id": "i-2"}))
        .on("GET", "/v2/inexplicit_number_orders", page([{"id": "i-1"}], total_pages=1))
    )
    group = OrderingGroup(country_iso="US", phone_number_type="local", count_requested=1)
    async with api.client(retry=ONE_RESEND) as telnyx:
        order = await telnyx.inexplicit_number_orders.create([group], customer_reference=REF)
    assert (order.id, order.customer_reference) == ("i-2", REF)
    assert len(posts(api)) == 2


async def test_block_order_is_looked_up_by_its_starting_number() -> None:
    mine = {"id": "b-1", "customer_reference": REF, "starting_number": "+19705555000"}
    api = (
        Api()
        .on("POST", "/v2/number_block_orders", TIMEOUT)
        .on("GET", "/v2/number_block_orders", page([{"id": "b-0"}, mine], total_pages=1))
    )
    async with api.client(retry=ONE_RESEND) as telnyx:
        order = await telnyx.number_block_orders.create("+19705555000", 10, customer_reference=REF)
    assert order.id == "b-1"
    assert len(posts(api)) == 1
    assert query_of(api.requests[1])["filter[phone_numbers.starting_number]"] == ["+19705555000"]
