"""Every ``.list()`` has one shape: ``await`` it for a page, ``async for`` it for every item."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any

import pytest

from numbering_async import AsyncPaginator, Page, PageMeta
from numbering_async.telnyx import TelnyxClient, resources

from .helpers import Api, page, query_of
from .payloads import AVAILABLE_NUMBER, INVENTORY_COVERAGE, SUB_ORDER_WITH_NUMBERS

LISTING_RESOURCES = [
    cls for cls in map(vars(resources).__getitem__, resources.__all__) if hasattr(cls, "list")
]


@pytest.mark.parametrize("resource", LISTING_RESOURCES, ids=lambda cls: cls.__name__)
def test_every_list_returns_a_paginator_not_a_coroutine(resource: type) -> None:
    # A coroutine here would raise TypeError under `async for` and warn "never awaited".
    assert not inspect.iscoroutinefunction(resource.list)
    returns = typing.get_type_hints(resource.list)["return"]
    assert typing.get_origin(returns) is AsyncPaginator


def numbers(count: int) -> list[dict[str, Any]]:
    return [{**AVAILABLE_NUMBER, "phone_number": f"+1201555{n:04d}"} for n in range(count)]


Search = Callable[[TelnyxClient], AsyncPaginator[Any]]
SEARCHES: list[tuple[str, str, list[dict[str, Any]], Search]] = [
    (
        "available_phone_numbers",
        "/v2/available_phone_numbers",
        numbers(3),
        lambda tx: tx.available_phone_numbers.list(national_destination_code=201),
    ),
    (
        "inventory_coverage",
        "/v2/inventory_coverage",
        [INVENTORY_COVERAGE] * 2,
        lambda tx: tx.inventory_coverage.list("npa"),
    ),
    (
        "sub_number_orders",
        "/v2/sub_number_orders",
        [SUB_ORDER_WITH_NUMBERS],
        lambda tx: tx.sub_number_orders.list(),
    ),
]


@pytest.mark.parametrize(
    ("path", "rows", "search"), [s[1:] for s in SEARCHES], ids=[s[0] for s in SEARCHES]
)
async def test_async_for_over_a_search_gets_every_row(
    path: str, rows: list[dict[str, Any]], search: Search
) -> None:
    api = Api().on("GET", path, page(rows, total_results=len(rows)))
    async with api.client() as telnyx:
        got = [row async for row in search(telnyx)]
    assert len(got) == len(rows)
    assert len(api.requests) == 1


async def test_async_for_over_available_numbers_gives_every_number_in_order() -> None:
    api = Api().on("GET", "/v2/available_phone_numbers", page(numbers(12)))
    async with api.client() as telnyx:
        listing = telnyx.available_phone_numbers.list(national_destination_code=201, limit=20)
        got = [number.phone_number async for number in listing]
    assert got == [f"+1201555{n:04d}" for n in range(12)]


async def test_awaiting_a_search_gives_one_page_that_says_it_is_the_only_one() -> None:
    api = Api().on("GET", "/v2/available_phone_numbers", page(numbers(3), total_results=3))
    async with api.client() as telnyx:
        found = await telnyx.available_phone_numbers.list(national_destination_code=201)
        assert isinstance(found, Page)
        assert [number.phone_number for number in found] == [f"+1201555{n:04d}" for n in range(3)]
        assert found[0].phone_number == "+12015550000"
        assert found.meta == PageMeta(page_number=1, page_size=3, total_pages=1, total_results=3)
        assert not found.has_next
        assert await found.next_page() is None
    assert len(api.requests) == 1


async def test_limit_of_a_search_holds_even_if_the_server_sends_more() -> None:
    api = Api().on("GET", "/v2/available_phone_numbers", page(numbers(5)))
    async with api.client() as telnyx:
        listing = telnyx.available_phone_numbers.list(national_destination_code=201, limit=2)
        assert len(await listing) == 2
        assert len([number async for number in listing]) == 2
    assert {query_of(request)["filter[limit]"][0] for request in api.requests} == {"2"}


def order_pages(total: int, size: int) -> Api:
    """``/number_orders`` serving ``total`` orders, ``size`` per page, with full meta."""
    count = -(-total // size)
    replies = [
        page(
            [{"id": f"o-{n}"} for n in range(number * size, min(total, (number + 1) * size))],
            page_number=number + 1,
            page_size=size,
            total_pages=count,
            total_results=total,
        )
        for number in range(count)
    ]
    return Api().on("GET", "/v2/number_orders", *replies)


async def test_awaiting_a_listing_gives_page_1_of_n_and_how_to_get_the_next() -> None:
    api = order_pages(13, 5)
    async with api.client() as telnyx:
        first = await telnyx.number_orders.list(page_size=5)
        assert (first.meta.page_number, first.meta.total_pages, len(first)) == (1, 3, 5)
        assert first.has_next
        assert len(api.requests) == 1  # nothing fetched ahead
        second = await first.next_page()
        assert second is not None
        assert (second.meta.page_number, [order.id for order in second]) == (
            2,
            [f"o-{n}" for n in range(5, 10)],
        )
        third = await second.next_page()
        assert third is not None
        assert (third.meta.page_number, len(third), third.has_next) == (3, 3, False)
        assert await third.next_page() is None
    assert [query_of(request)["page[number]"][0] for request in api.requests] == ["1", "2", "3"]


async def test_async_for_over_a_listing_gives_every_item_of_every_page() -> None:
    api = order_pages(13, 5)
    async with api.client() as telnyx:
        ids = [order.id async for order in telnyx.number_orders.list(page_size=5)]
    assert ids == [f"o-{n}" for n in range(13)]
