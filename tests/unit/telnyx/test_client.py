"""The client itself: the request it builds, the raw escape hatch, the real transport."""

from __future__ import annotations

import pytest

from numbering_async import (
    NO_RETRY,
    AuthenticationError,
    MockResponse,
    RequestEvent,
)
from numbering_async.telnyx import TelnyxClient

from .helpers import KEY, Api, body_of, data, query_of
from .payloads import NUMBER_ORDER_DETAIL, RESERVATION


async def test_requests_carry_bearer_auth_and_json_headers() -> None:
    api = Api().on("POST", "/v2/number_reservations", data(RESERVATION))
    async with api.client() as telnyx:
        await telnyx.number_reservations.create(["+12015550123"])
    headers = api.requests[0].headers
    assert headers["Authorization"] == f"Bearer {KEY}"
    assert headers["Accept"] == "application/json"
    assert headers["Content-Type"] == "application/json"


async def test_key_never_shows_in_reprs_of_client_request_or_error() -> None:
    reply = MockResponse(401, json={"errors": [{"code": "10009", "detail": f"bad key {KEY}"}]})
    api = Api().on("GET", "/v2/number_orders/x", reply)
    async with api.client(retry=NO_RETRY) as telnyx:
        with pytest.raises(AuthenticationError) as caught:
            await telnyx.number_orders.retrieve("x")
        texts = [repr(telnyx), str(telnyx), repr(telnyx.number_orders), repr(api.requests[0])]
    texts += [repr(caught.value), str(caught.value), repr(caught.value.body)]
    assert all(KEY not in text for text in texts)
    assert "<redacted>" in repr(telnyx)


async def test_raw_request_returns_the_decoded_body() -> None:
    payload = {"data": [{"id": "x"}], "meta": {"total_pages": 1}}
    api = Api().on("GET", "/v2/number_orders", MockResponse(200, json=payload))
    async with api.client() as telnyx:
        result = await telnyx.request(
            "get", "/number_orders", query={"filter": {"status": "pending"}, "page": {"size": 5}}
        )
    assert result == payload
    request = api.requests[0]
    assert query_of(request) == {"filter[status]": ["pending"], "page[size]": ["5"]}
    assert request.idempotent is True


async def test_raw_post_sends_json_once() -> None:
    api = Api().on("POST", "/v2/anything", MockResponse(503, body=""))
    async with api.client() as telnyx:
        with pytest.raises(Exception, match="503"):
            await telnyx.request("POST", "/anything", json={"a": 1})
    assert len(api.requests) == 1
    assert body_of(api.requests[0]) == {"a": 1}
    assert api.requests[0].idempotent is False


async def test_idempotent_reads_are_retried_on_503() -> None:
    order = data({**NUMBER_ORDER_DETAIL, "id": "x"})
    api = Api().on("GET", "/v2/number_orders/x", MockResponse(503, body=""), order)
    async with api.client() as telnyx:
        order = await telnyx.number_orders.retrieve("x")
    assert order.id == "x"
    assert len(api.requests) == 2


async def test_timeout_is_sent_per_request_with_a_callers_transport() -> None:
    api = Api().on("GET", "/v2/number_orders/x", data(NUMBER_ORDER_DETAIL))
    async with api.client(timeout=4.5) as telnyx:
        await telnyx.number_orders.retrieve("x")
    assert api.requests[0].timeout == 4.5


async def test_event_hook_sees_each_attempt_without_the_query() -> None:
    events: list[RequestEvent] = []
    api = Api().on("GET", "/v2/available_phone_numbers", MockResponse(200, json={"data": []}))
    async with api.client(event_hook=events.append) as telnyx:
        await telnyx.available_phone_numbers.list(limit=3)
    assert [(e.provider, e.method, e.url, e.status) for e in events] == [
        ("telnyx", "GET", "https://api.telnyx.com/v2/available_phone_numbers", 200)
    ]


async def test_a_caller_transport_is_not_closed() -> None:
    api = Api()
    async with api.client():
        pass
    assert api.transport.closed is False


async def test_client_built_default_transport_is_closed_on_exit() -> None:
    telnyx = TelnyxClient(KEY)
    async with telnyx:
        pass
    assert telnyx._transport._closed is True  # type: ignore[attr-defined]


async def test_repeated_gets_each_send_their_own_query_and_timeout() -> None:
    api = Api().on("GET", "/v2/inventory_coverage", MockResponse(200, json={"data": []}))
    npas = [201 + index % 700 for index in range(300)]  # more than a client keeps
    async with api.client() as telnyx:
        for npa in [*npas, 201, 201]:
            await telnyx.inventory_coverage.list(group_by="npa", npa=npa)
        await telnyx.request("GET", "/inventory_coverage", timeout=5.0)
        await telnyx.request("GET", "/inventory_coverage", timeout=7.0)
        await telnyx.request("GET", "/inventory_coverage", timeout=5.0)
    sent = [query_of(request).get("filter[npa]") for request in api.requests[:-3]]
    assert sent == [[str(npa)] for npa in [*npas, 201, 201]]
    assert [request.timeout for request in api.requests[-3:]] == [5.0, 7.0, 5.0]
