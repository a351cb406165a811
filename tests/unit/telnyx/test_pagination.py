"""Walking paginated listings: where iteration stops and what goes over the wire."""

from __future__ import annotations

from typing import Any

from numbering_async import HttpRequest, MockResponse

from .helpers import Api, query_of
from .payloads import INEXPLICIT_ORDER, NUMBER_ORDER_ITEM


def orders(first: int, count: int) -> list[dict[str, Any]]:
    return [{**NUMBER_ORDER_ITEM, "id": f"o-{n}"} for n in range(first, first + count)]


def pages(*replies: MockResponse) -> Api:
    return Api().on("GET", "/v2/number_orders", *replies)


def requested_pages(api: Api) -> list[str]:
    return [query_of(request)["page[number]"][0] for request in api.requests]


def reply(items: list[dict[str, Any]], **meta: int) -> MockResponse:
    return MockResponse(200, json={"data": items, "meta": meta})


async def test_walks_every_page_until_total_pages() -> None:
    api = pages(
        reply(orders(1, 2), page_number=1, page_size=2, total_pages=3, total_results=5),
        reply(orders(3, 2), page_number=2, page_size=2, total_pages=3, total_results=5),
        reply(orders(5, 1), page_number=3, page_size=2, total_pages=3, total_results=5),
    )
    async with api.client() as telnyx:
        ids = [order.id async for order in telnyx.number_orders.list(page_size=2)]
    assert ids == ["o-1", "o-2", "o-3", "o-4", "o-5"]
    assert requested_pages(api) == ["1", "2", "3"]
    assert all(query_of(r)["page[size]"] == ["2"] for r in api.requests)


async def test_stops_on_an_empty_page() -> None:
    api = pages(reply(orders(1, 2)), reply([]))
    async with api.client() as telnyx:
        ids = [order.id async for order in telnyx.number_orders.list(page_size=2)]
    assert ids == ["o-1", "o-2"]
    assert requested_pages(api) == ["1", "2"]


async def test_follows_a_total_that_grows_during_iteration() -> None:
    api = pages(
        reply(orders(1, 2), total_pages=2),
        reply(orders(3, 2), total_pages=3),
        reply(orders(5, 2), total_pages=3),
    )
    async with api.client() as telnyx:
        ids = [order.id async for order in telnyx.number_orders.list(page_size=2)]
    assert ids == [f"o-{n}" for n in range(1, 7)]
    assert requested_pages(api) == ["1", "2", "3"]


async def test_stops_when_the_total_shrinks_during_iteration() -> None:
    api = pages(reply(orders(1, 2), total_pages=5), reply(orders(3, 2), total_pages=2))
    async with api.client() as telnyx:
        ids = [order.id async for order in telnyx.number_orders.list(page_size=2)]
    assert ids == ["o-1", "o-2", "o-3", "o-4"]
    assert requested_pages(api) == ["1", "2"]


async def test_limit_stops_early_without_fetching_more_pages() -> None:
    api = pages(reply(orders(1, 2), total_pages=10), reply(orders(3, 2), total_pages=10))
    async with api.client() as telnyx:
        ids = [order.id async for order in telnyx.number_orders.list(page_size=2, limit=3)]
    assert ids == ["o-1", "o-2", "o-3"]
    assert requested_pages(api) == ["1", "2"]


async def test_pages_expose_their_meta() -> None:
    api = pages(
        reply(orders(1, 1), page_number=1, page_size=1, total_pages=2, total_results=2),
        reply(orders(2, 1), page_number=2, page_size=1, total_pages=2, total_results=2),
    )
    async with api.client() as telnyx:
        metas = [p.meta async for p in telnyx.number_orders.list(page_size=1).pages()]
    assert [(m.page_number, m.total_pages, m.total_results) for m in metas] == [
        (1, 2, 2),
        (2, 2, 2),
    ]


async def test_a_page_without_meta_ends_when_short() -> None:
    api = pages(
        MockResponse(200, json={"data": orders(1, 2)}),
        MockResponse(200, json={"data": orders(3, 1)}),
    )
    async with api.client() as telnyx:
        ids = [order.id async for order in telnyx.number_orders.list(page_size=2)]
    assert ids == ["o-1", "o-2", "o-3"]


async def test_flat_paging_of_inexplicit_orders_walks_pages() -> None:
    def answer(request: HttpRequest) -> MockResponse:
        number = int(query_of(request)["page_number"][0])
        return reply([{**INEXPLICIT_ORDER, "id": f"i-{number}"}], total_pages=2)

    api = Api().on("GET", "/v2/inexplicit_number_orders", answer)
    async with api.client() as telnyx:
        ids = [o.id async for o in telnyx.inexplicit_number_orders.list(page_size=1)]
    assert ids == ["i-1", "i-2"]
    assert [query_of(r) for r in api.requests] == [
        {"page_number": ["1"], "page_size": ["1"]},
        {"page_number": ["2"], "page_size": ["1"]},
    ]


async def test_listing_is_lazy_until_iterated() -> None:
    api = pages(reply(orders(1, 1), total_pages=1))
    async with api.client() as telnyx:
        listing = telnyx.number_orders.list()
        assert api.requests == []
        first = await listing
    assert [order.id for order in first.items] == ["o-1"]
    assert len(api.requests) == 1


async def test_r06_a_listing_whose_server_ignores_the_page_number_and_sends_no_meta_ends() -> None:
    """r06: every page[number] answered with the same full page and no meta."""
    api = pages(MockResponse(200, json={"data": orders(1, 2)}))
    async with api.client() as telnyx:
        ids = [order.id async for order in telnyx.number_orders.list(page_size=2)]
    assert ids == ["o-1", "o-2"]
    assert requested_pages(api) == ["1", "2"]


async def test_flat_paging_that_ignores_the_page_number_ends_too() -> None:
    api = Api().on(
        "GET", "/v2/inexplicit_number_orders", MockResponse(200, json={"data": orders(1, 1)})
    )
    async with api.client() as telnyx:
        ids = [o.id async for o in telnyx.inexplicit_number_orders.list(page_size=1)]
    assert ids == ["o-1"]
    assert [query_of(r)["page_number"] for r in api.requests] == [["1"], ["2"]]
