"""Telnyx purchases are made at most once: what is resent, what is looked up, what is
returned as this call's, and the Idempotency-Key every write carries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from numbering_async import (
    BadRequestError,
    ConnectError,
    HttpRequest,
    MockResponse,
    OutcomeUnknownError,
    PoolTimeoutError,
    ServerError,
)
from numbering_async import errors as na_errors
from numbering_async._settle import poll_delays
from numbering_async.telnyx import OrderingGroup

from .helpers import SETTLE, Api, body_of, data, echo_reference, page, query_of
from .payloads import NUMBER_ORDER_DETAIL, NUMBER_ORDER_ITEM, RESERVATION

REF = "ref-42"
NUMBER = "+12015550123"
UNAVAILABLE = MockResponse(503, json={"errors": [{"code": "90001", "title": "Unavailable"}]})
TIMEOUT = na_errors.TimeoutError("timed out waiting for the response")
LOOKUPS = len(list(poll_delays(SETTLE)))
GROUP = OrderingGroup(
    country_iso="US", phone_number_type="local", count_requested=2, national_destination_code="201"
)


def now(shift: float = 0) -> str:
    return (datetime.now(UTC) + timedelta(seconds=shift)).isoformat()


def listed_order(order_id: str, numbers: list[str], created: str | None = None) -> dict[str, Any]:
    return {
        **NUMBER_ORDER_ITEM,
        "id": order_id,
        "customer_reference": REF,
        "phone_numbers": [{"id": f"{order_id}-{n}", "phone_number": n} for n in numbers],
        "phone_numbers_count": len(numbers),
        "created_at": created or now(),
    }


def held_numbers(reservation_id: str, number: str) -> dict[str, Any]:
    held = {**RESERVATION["phone_numbers"][0], "phone_number": number}
    return {
        **RESERVATION,
        "id": reservation_id,
        "customer_reference": REF,
        "phone_numbers": [held],
        "created_at": now(),
    }


def posts(api: Api) -> list[HttpRequest]:
    return [r for r in api.requests if r.method == "POST"]


async def test_an_order_found_after_a_503_is_returned_without_a_second_post() -> None:
    found = {**NUMBER_ORDER_DETAIL, "id": "o-7", "customer_reference": REF}
    api = (
        Api()
        .on("POST", "/v2/number_orders", UNAVAILABLE)
        .on("GET", "/v2/number_orders", page([]), page([listed_order("o-7", [NUMBER])]))
        .on("GET", "/v2/number_orders/o-7", data(found))
    )
    async with api.client() as telnyx:
        order = await telnyx.number_orders.create([NUMBER], customer_reference=REF)
    assert (order.id, order.customer_reference) == ("o-7", REF)
    assert len(posts(api)) == 1
    assert [r.method for r in api.requests] == ["GET", "POST", "GET", "GET"]  # listed first
    assert (
        query_of(api.requests[0])
        == query_of(api.requests[2])
        == {
            "filter[customer_reference]": [REF],
            "page[number]": ["1"],
            "page[size]": ["250"],
        }
    )


async def test_an_order_not_found_after_a_503_is_outcome_unknown_never_resent() -> None:
    api = (
        Api()
        .on("POST", "/v2/number_orders", UNAVAILABLE, echo_reference(NUMBER_ORDER_DETAIL))
        .on("GET", "/v2/number_orders", page([], total_pages=0))
    )
    async with api.client() as telnyx:
        with pytest.raises(OutcomeUnknownError) as caught:
            await telnyx.number_orders.create([NUMBER])
    sent = posts(api)
    assert len(sent) == 1
    error = caught.value
    assert error.reference == body_of(sent[0])["customer_reference"]  # the generated one
    assert error.operation == "number_orders.create"
    assert error.asked == f"numbers {NUMBER}"
    assert isinstance(error.cause, ServerError)
    assert f"client.number_orders.find_by_reference({error.reference!r})" in str(error)
    assert len(api.requests) == 1 + LOOKUPS


async def test_a_transport_raising_a_foreign_exception_never_gets_the_order_resent() -> None:
    # A caller's transport that raises OSError instead of a TransportError: the order may have
    # left, so it is looked up by its reference, found, and returned; never POSTed again.
    found = {**NUMBER_ORDER_DETAIL, "id": "o-8", "customer_reference": REF}
    api = (
        Api()
        .on("POST", "/v2/number_orders", OSError(104, "Connection reset by peer"))
        .on("GET", "/v2/number_orders", page([]), page([listed_order("o-8", [NUMBER])]))
        .on("GET", "/v2/number_orders/o-8", data(found))
    )
    async with api.client() as telnyx:
        order = await telnyx.number_orders.create([NUMBER], customer_reference=REF)
    assert order.id == "o-8"
    assert len(posts(api)) == 1


async def test_a_foreign_exception_with_no_order_found_is_outcome_unknown() -> None:
    api = (
        Api()
        .on("POST", "/v2/number_orders", RuntimeError("socket closed"))
        .on("GET", "/v2/number_orders", page([], total_pages=0))
    )
    async with api.client() as telnyx:
        with pytest.raises(OutcomeUnknownError) as caught:
            await telnyx.number_orders.create([NUMBER], customer_reference=REF)
    assert len(posts(api)) == 1
    assert isinstance(caught.value.cause, na_errors.TransportError)
    assert "RuntimeError: socket closed" in str(caught.value.cause)


async def test_an_order_committing_late_is_found_by_a_later_lookup() -> None:
    found = {**NUMBER_ORDER_DETAIL, "id": "o-9", "customer_reference": REF}
    api = (
        Api()
        .on("POST", "/v2/number_orders", na_errors.ConnectionLostError("reset"))
        .on(
            "GET",
            "/v2/number_orders",
            page([]),
            page([]),
            page([listed_order("o-9", [NUMBER])]),
        )
        .on("GET", "/v2/number_orders/o-9", data(found))
    )
    async with api.client() as telnyx:
        order = await telnyx.number_orders.create([NUMBER], customer_reference=REF)
    assert order.id == "o-9"
    assert len(posts(api)) == 1


async def test_r02_a_reused_reference_never_returns_the_earlier_order() -> None:
    # acme-42 is the caller's account id, used for every order. Order #1 holds another number;
    # order #2 (same number, an hour old) was placed before this call began.
    earlier = [
        listed_order("o-1", ["+12015550999"]),
        listed_order("o-2", [NUMBER], created=now(-3600)),
    ]
    api = (
        Api()
        .on("POST", "/v2/number_orders", UNAVAILABLE)
        .on("GET", "/v2/number_orders", page(earlier))
    )
    async with api.client() as telnyx:
        with pytest.raises(OutcomeUnknownError) as caught:
            await telnyx.number_orders.create([NUMBER], customer_reference=REF)
    text = str(caught.value)
    assert "o-1 (created" in text
    assert "o-2 (created" in text
    assert "not this call's" in text
    assert [other.split()[0] for other in caught.value.others] == ["o-1", "o-2"]
    assert len(posts(api)) == 1
    assert not any(r.url.path.endswith(("/o-1", "/o-2")) for r in api.requests)


async def test_an_order_holding_the_reference_before_the_call_is_never_this_calls() -> None:
    # The same reference, the same number, created a second before the call: only the
    # listing made before the POST tells it apart (its creation time is within clock_skew).
    earlier = listed_order("o-0", [NUMBER], created=now(-1))
    api = (
        Api()
        .on("GET", "/v2/number_orders", page([earlier]))
        .on("POST", "/v2/number_orders", UNAVAILABLE)
    )
    async with api.client() as telnyx:
        with pytest.raises(OutcomeUnknownError) as caught:
            await telnyx.number_orders.create([NUMBER], customer_reference=REF)
    assert caught.value.others[0].startswith("o-0 ")
    assert len(posts(api)) == 1


async def test_a_purchase_goes_ahead_when_the_first_listing_fails() -> None:
    api = (
        Api()
        .on("GET", "/v2/number_orders", MockResponse(500, json={"errors": []}))
        .on("POST", "/v2/number_orders", echo_reference({**NUMBER_ORDER_DETAIL, "id": "o-1"}))
    )
    async with api.client() as telnyx:
        order = await telnyx.number_orders.create([NUMBER], customer_reference=REF)
    assert order.id == "o-1"
    assert len(posts(api)) == 1


async def test_a_generated_reference_is_not_listed_first() -> None:
    api = Api().on(
        "POST", "/v2/number_orders", echo_reference({**NUMBER_ORDER_DETAIL, "id": "o-1"})
    )
    async with api.client() as telnyx:
        await telnyx.number_orders.create([NUMBER])
    assert [r.method for r in api.requests] == ["POST"]


async def test_an_order_created_within_the_clock_skew_counts_as_this_calls() -> None:
    found = {**NUMBER_ORDER_DETAIL, "id": "o-3", "customer_reference": REF}
    api = (
        Api()
        .on("POST", "/v2/number_orders", TIMEOUT)
        .on(
            "GET",
            "/v2/number_orders",
            page([]),
            page([listed_order("o-3", [NUMBER], created=now(-10))]),
        )
        .on("GET", "/v2/number_orders/o-3", data(found))
    )
    async with api.client() as telnyx:  # the server's clock is 10 s behind: within 30 s
        assert (await telnyx.number_orders.create([NUMBER], customer_reference=REF)).id == "o-3"


async def test_two_orders_matching_one_call_make_the_outcome_unknown() -> None:
    twins = [listed_order("o-4", [NUMBER]), listed_order("o-5", [NUMBER])]
    api = (
        Api()
        .on("POST", "/v2/number_orders", TIMEOUT)
        .on("GET", "/v2/number_orders", page([]), page(twins))
    )
    async with api.client() as telnyx:
        with pytest.raises(OutcomeUnknownError, match="2 orders carry this reference"):
            await telnyx.number_orders.create([NUMBER], customer_reference=REF)


async def test_a_failed_lookup_to_the_end_is_outcome_unknown_with_the_reference() -> None:
    api = (
        Api()
        .on("POST", "/v2/number_orders", UNAVAILABLE)
        .on("GET", "/v2/number_orders", MockResponse(500, json={"errors": []}))
    )
    async with api.client() as telnyx:
        with pytest.raises(OutcomeUnknownError) as caught:
            await telnyx.number_orders.create([NUMBER], customer_reference=REF)
    assert caught.value.reference == REF
    assert "the last lookup failed (ServerError 500)" in str(caught.value)
    assert len(posts(api)) == 1


async def test_a_rejected_order_is_not_looked_up_or_resent() -> None:
    rejected = MockResponse(422, json={"errors": [{"code": "10015", "title": "Invalid"}]})
    api = Api().on("POST", "/v2/number_orders", rejected)
    async with api.client() as telnyx:
        with pytest.raises(BadRequestError):
            await telnyx.number_orders.create([NUMBER])
    assert [r.method for r in api.requests] == ["POST"]


@pytest.mark.parametrize(
    "never_sent",
    [
        ConnectError("connection refused"),
        PoolTimeoutError("no free connection"),
        MockResponse(429, json={"errors": []}, headers={"Retry-After": "0"}),
    ],
    ids=["connect", "pool-wait", "429"],
)
async def test_a_request_that_surely_never_arrived_is_resent_as_the_same_request(
    never_sent: BaseException | MockResponse,
) -> None:
    placed = echo_reference({**NUMBER_ORDER_DETAIL, "id": "o-9"})
    api = (
        Api()
        .on("GET", "/v2/number_orders", page([]))
        .on("POST", "/v2/number_orders", never_sent, placed)
    )
    async with api.client() as telnyx:
        order = await telnyx.number_orders.create([NUMBER], customer_reference=REF)
    assert order.id == "o-9"
    first, second = posts(api)
    assert (first.method, second.method) == ("POST", "POST")
    assert first.body == second.body
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]


async def test_the_idempotency_key_follows_the_purchase_and_not_only_its_reference() -> None:
    api = (
        Api()
        .on("GET", "/v2/number_orders", page([]))
        .on("POST", "/v2/number_orders", echo_reference(NUMBER_ORDER_DETAIL))
    )
    async with api.client() as telnyx:
        await telnyx.number_orders.create([NUMBER], customer_reference=REF)
        await telnyx.number_orders.create([NUMBER], customer_reference=REF)
        await telnyx.number_orders.create(["+12015550124"], customer_reference=REF)
        await telnyx.number_orders.create([NUMBER])
    keys = [r.headers["Idempotency-Key"] for r in posts(api)]
    assert keys[0] == keys[1]  # the same purchase again: Telnyx may replay the first answer
    assert len({keys[0], keys[2], keys[3]}) == 3  # another body, another key (no 422)
    for key in keys:
        assert 1 <= len(key) <= 255
        assert key.replace("-", "").replace("_", "").replace(":", "").isalnum()


async def test_every_other_write_carries_a_fresh_idempotency_key_and_reads_none() -> None:
    order = {**NUMBER_ORDER_DETAIL, "id": "o-1"}
    api = (
        Api()
        .on("PATCH", "/v2/number_orders/o-1", data(order))
        .on("GET", "/v2/number_orders/o-1", data(order))
    )
    async with api.client() as telnyx:
        await telnyx.number_orders.update("o-1", customer_reference="new-ref")
        await telnyx.number_orders.update("o-1", customer_reference="new-ref")
        await telnyx.number_orders.retrieve("o-1")
    first, second, read = api.requests
    assert first.headers["Idempotency-Key"] != second.headers["Idempotency-Key"]
    assert "Idempotency-Key" not in read.headers


async def test_a_reservation_found_after_a_timeout_is_returned() -> None:
    found = held_numbers("r-1", NUMBER)
    api = (
        Api()
        .on("POST", "/v2/number_reservations", TIMEOUT)
        .on("GET", "/v2/number_reservations", page([]), page([found], total_pages=1))
    )
    async with api.client() as telnyx:
        reservation = await telnyx.number_reservations.create([NUMBER], customer_reference=REF)
    assert (reservation.id, reservation.customer_reference) == ("r-1", REF)
    assert len(posts(api)) == 1
    assert query_of(api.requests[0])["filter[customer_reference]"] == [REF]


async def test_a_reservation_of_other_numbers_is_not_this_calls() -> None:
    other = held_numbers("r-0", "+12015550999")
    api = (
        Api()
        .on("POST", "/v2/number_reservations", TIMEOUT)
        .on("GET", "/v2/number_reservations", page([other], total_pages=1))
    )
    async with api.client() as telnyx:
        with pytest.raises(OutcomeUnknownError) as caught:
            await telnyx.number_reservations.create([NUMBER], customer_reference=REF)
    assert caught.value.others[0].startswith("r-0 ")
    assert len(posts(api)) == 1


def _inexplicit_order(order_id: str, reference: str, count: str = "2") -> dict[str, Any]:
    group = {
        "country_iso": "US",
        "phone_number_type": "local",
        "count_requested": count,
        "national_destination_code": "201",
        "status": "pending",
    }
    return {
        "id": order_id,
        "customer_reference": reference,
        "ordering_groups": [group],
        "created_at": now(),
        "updated_at": now(),
    }


def _inexplicit_pages(request: HttpRequest) -> MockResponse:
    number = int(query_of(request)["page_number"][0])
    if number == 1:
        items = [_inexplicit_order(f"i-{n}", "other") for n in range(250)]
        return page(items, total_pages=2)
    return page(
        [_inexplicit_order("i-same-ref-other-count", REF, "5"), _inexplicit_order("i-mine", REF)],
        total_pages=2,
    )


async def test_an_inexplicit_order_is_found_by_scanning_the_listing_for_its_groups() -> None:
    api = (
        Api()
        .on("POST", "/v2/inexplicit_number_orders", UNAVAILABLE)
        .on("GET", "/v2/inexplicit_number_orders", page([], total_pages=1), _inexplicit_pages)
    )
    async with api.client() as telnyx:
        order = await telnyx.inexplicit_number_orders.create([GROUP], customer_reference=REF)
    assert order.id == "i-mine"
    assert len(posts(api)) == 1
    assert [query_of(r).get("page_number") for r in api.requests[2:]] == [["1"], ["2"]]


async def test_an_inexplicit_order_absent_from_the_listing_is_outcome_unknown() -> None:
    api = (
        Api()
        .on("POST", "/v2/inexplicit_number_orders", UNAVAILABLE)
        .on("GET", "/v2/inexplicit_number_orders", page([_inexplicit_order("i-1", "other")]))
    )
    async with api.client() as telnyx:
        with pytest.raises(OutcomeUnknownError) as caught:
            await telnyx.inexplicit_number_orders.create([GROUP], customer_reference=REF)
    assert caught.value.asked == "2 local numbers in US (201)"
    assert len(posts(api)) == 1


async def test_a_block_order_is_looked_up_by_its_starting_number_and_range() -> None:
    def block(order_id: str, size: int) -> dict[str, Any]:
        return {
            "id": order_id,
            "status": "pending",
            "customer_reference": REF,
            "starting_number": "+19705555000",
            "range": size,
            "phone_numbers_count": size,
            "created_at": now(),
            "updated_at": now(),
        }

    api = (
        Api()
        .on("POST", "/v2/number_block_orders", TIMEOUT)
        .on(
            "GET",
            "/v2/number_block_orders",
            page([block("b-0", 100)]),
            page([block("b-0", 100), block("b-1", 10)]),
        )
    )
    async with api.client() as telnyx:
        order = await telnyx.number_block_orders.create("+19705555000", 10, customer_reference=REF)
    assert order.id == "b-1"
    assert len(posts(api)) == 1
    assert query_of(api.requests[0])["filter[phone_numbers.starting_number]"] == ["+19705555000"]


async def test_find_by_reference_lists_what_carries_a_reference() -> None:
    api = (
        Api()
        .on("GET", "/v2/number_orders", page([listed_order("o-1", [NUMBER])], total_pages=1))
        .on("GET", "/v2/inexplicit_number_orders", _inexplicit_pages)
    )
    async with api.client() as telnyx:
        orders = await telnyx.number_orders.find_by_reference(REF)
        inexplicit = await telnyx.inexplicit_number_orders.find_by_reference(REF)
        with pytest.raises(ValueError, match="customer_reference"):
            await telnyx.number_orders.find_by_reference("  ")
    assert [order.id for order in orders] == ["o-1"]
    assert query_of(api.requests[0])["filter[customer_reference]"] == [REF]
    assert [order.id for order in inexplicit] == ["i-same-ref-other-count", "i-mine"]
