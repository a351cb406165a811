"""AsyncPaginator: lazy page walking and every way a listing can end."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from numbering_async import (
    AsyncPaginator,
    DecodeError,
    HttpRequest,
    InvalidRequestError,
    MockResponse,
    Page,
    PageMeta,
)
from numbering_async._query import encode_query
from numbering_async.pagination import one_page

from .fakes import fake_client

MetaRule = Callable[[int], PageMeta]


class Listing:
    """A server-side listing of ``total`` integers, served ``size`` per page."""

    def __init__(self, total: int, meta: MetaRule | None = None) -> None:
        self.items = list(range(total))
        self.meta = meta
        self.fetched: list[int] = []

    async def fetch(self, number: int, size: int) -> Page[int]:
        self.fetched.append(number)
        chunk = self.items[(number - 1) * size : number * size]
        meta = self.meta(number) if self.meta is not None else PageMeta()
        return Page(items=chunk, meta=meta)


def full_meta(listing_total: int, size: int) -> MetaRule:
    pages = -(-listing_total // size)
    return lambda number: PageMeta(number, size, pages, listing_total)


async def test_walks_every_page_lazily_one_fetch_per_page() -> None:
    listing = Listing(5, full_meta(5, 2))
    iterator = AsyncPaginator(listing.fetch, page_size=2).__aiter__()
    assert listing.fetched == []
    assert await anext(iterator) == 0
    assert listing.fetched == [1]
    assert await anext(iterator) == 1
    assert listing.fetched == [1]  # no prefetch of page 2
    assert await anext(iterator) == 2
    assert listing.fetched == [1, 2]
    assert [item async for item in iterator] == [3, 4]
    assert listing.fetched == [1, 2, 3]


async def test_stops_at_total_pages_even_if_more_items_exist() -> None:
    listing = Listing(10, lambda number: PageMeta(number, 2, 2, 4))
    assert await AsyncPaginator(listing.fetch, page_size=2).to_list() == [0, 1, 2, 3]
    assert listing.fetched == [1, 2]


async def test_stops_on_an_empty_page() -> None:
    listing = Listing(4)  # full pages, no meta at all
    assert await AsyncPaginator(listing.fetch, page_size=2).to_list() == [0, 1, 2, 3]
    assert listing.fetched == [1, 2, 3]


async def test_empty_listing_yields_nothing() -> None:
    listing = Listing(0, lambda number: PageMeta(number, 2, 0, 0))
    paginator = AsyncPaginator(listing.fetch, page_size=2)
    assert [page async for page in paginator.pages()] == []
    assert listing.fetched == [1]


async def test_stops_on_a_short_page_without_meta() -> None:
    listing = Listing(5)
    assert await AsyncPaginator(listing.fetch, page_size=2).to_list() == [0, 1, 2, 3, 4]
    assert listing.fetched == [1, 2, 3]


async def test_stops_when_total_results_is_reached_without_total_pages() -> None:
    listing = Listing(10, lambda number: PageMeta(total_results=4))
    assert await AsyncPaginator(listing.fetch, page_size=2).to_list() == [0, 1, 2, 3]
    assert listing.fetched == [1, 2]


async def test_follows_a_total_that_grows_during_iteration() -> None:
    listing = Listing(6, lambda number: PageMeta(number, 2, 2 if number == 1 else 3, None))
    assert await AsyncPaginator(listing.fetch, page_size=2).to_list() == list(range(6))
    assert listing.fetched == [1, 2, 3]


async def test_follows_a_total_that_shrinks_during_iteration() -> None:
    listing = Listing(6, lambda number: PageMeta(number, 2, 3 if number == 1 else 2, None))
    assert await AsyncPaginator(listing.fetch, page_size=2).to_list() == [0, 1, 2, 3]
    assert listing.fetched == [1, 2]


async def test_shrinking_below_the_current_page_ends_on_the_empty_page() -> None:
    listing = Listing(3, lambda number: PageMeta(number, 2, 3, None))
    assert await AsyncPaginator(listing.fetch, page_size=2).to_list() == [0, 1, 2]
    assert listing.fetched == [1, 2, 3]


@pytest.mark.parametrize(
    ("limit", "expected_fetches"), [(3, [1, 2]), (4, [1, 2]), (1, [1]), (0, [])]
)
async def test_limit_yields_exactly_that_many_without_an_extra_fetch(
    limit: int, expected_fetches: list[int]
) -> None:
    listing = Listing(20, full_meta(20, 2))
    items = await AsyncPaginator(listing.fetch, page_size=2, limit=limit).to_list()
    assert items == list(range(limit))
    assert listing.fetched == expected_fetches


async def test_limit_above_the_total_yields_everything() -> None:
    listing = Listing(3, full_meta(3, 2))
    assert await AsyncPaginator(listing.fetch, page_size=2, limit=50).to_list() == [0, 1, 2]


@pytest.mark.parametrize(("name", "options"), [("limit", {"limit": -1}), ("page_size", {})])
def test_bad_limit_or_page_size_is_refused(name: str, options: dict[str, Any]) -> None:
    listing = Listing(1)
    page_size = 0 if name == "page_size" else 2
    with pytest.raises(InvalidRequestError) as info:
        AsyncPaginator(listing.fetch, page_size=page_size, **options)
    assert info.value.argument == name
    assert listing.fetched == []


async def test_pages_yield_meta() -> None:
    listing = Listing(3, full_meta(3, 2))
    pages = [page async for page in AsyncPaginator(listing.fetch, page_size=2).pages()]
    assert [list(page.items) for page in pages] == [[0, 1], [2]]
    assert [page.meta for page in pages] == [PageMeta(1, 2, 2, 3), PageMeta(2, 2, 2, 3)]


async def test_pages_are_trimmed_to_the_limit() -> None:
    listing = Listing(6, full_meta(6, 4))
    paginator = AsyncPaginator(listing.fetch, page_size=4, limit=5)
    sizes = [len(page.items) async for page in paginator.pages()]
    assert sizes == [4, 1]


async def test_await_gives_the_first_page_only() -> None:
    listing = Listing(6, full_meta(6, 4))
    page = await AsyncPaginator(listing.fetch, page_size=4)
    assert list(page.items) == [0, 1, 2, 3]
    assert page.meta.total_pages == 2
    assert listing.fetched == [1]
    assert list((await AsyncPaginator(listing.fetch, page_size=4, limit=2)).items) == [0, 1]


async def test_breaking_out_early_fetches_nothing_more() -> None:
    listing = Listing(10, full_meta(10, 2))
    async for item in AsyncPaginator(listing.fetch, page_size=2):
        if item == 2:
            break
    assert listing.fetched == [1, 2]


# -- a page: a sequence that knows the way to the next --------------------------------------


async def test_a_page_is_a_sequence_of_its_items() -> None:
    page = await AsyncPaginator(Listing(5, full_meta(5, 3)).fetch, page_size=3)
    assert isinstance(page, Sequence)
    assert (len(page), page[0], page[-1], list(page[1:])) == (3, 0, 2, [1, 2])
    assert list(page) == [0, 1, 2]
    assert 2 in page
    assert 3 not in page
    assert page.index(1) == 1
    assert list(reversed(page)) == [2, 1, 0]
    assert page != [0, 1, 2]  # a page is not a list: compare list(page)
    assert page == Page(items=[0, 1, 2], meta=PageMeta(1, 3, 2, 5))
    assert repr(page) == (
        "Page(items=[0, 1, 2], meta=PageMeta(page_number=1, page_size=3, total_pages=2, "
        "total_results=5), has_next=True)"
    )
    assert not Page(items=[])


async def test_next_page_walks_page_by_page_and_gives_none_at_the_end() -> None:
    listing = Listing(5, full_meta(5, 2))
    first = await AsyncPaginator(listing.fetch, page_size=2)
    assert (list(first), first.has_next, listing.fetched) == ([0, 1], True, [1])
    second = await first.next_page()
    assert second is not None
    assert (list(second), second.has_next, second.meta.page_number) == ([2, 3], True, 2)
    third = await second.next_page()
    assert third is not None
    assert (list(third), third.has_next) == ([4], False)
    assert await third.next_page() is None
    assert listing.fetched == [1, 2, 3]


@pytest.mark.parametrize(
    ("total", "meta", "limit"),
    [
        (3, None, None),  # a short page without totals
        (10, lambda number: PageMeta(total_pages=1), None),
        (10, lambda number: PageMeta(total_results=2), None),
        (10, None, 2),  # the limit is reached
    ],
    ids=["short", "total_pages", "total_results", "limit"],
)
async def test_a_page_after_which_iteration_ends_has_no_next(
    total: int, meta: MetaRule | None, limit: int | None
) -> None:
    listing = Listing(total, meta)
    page = await AsyncPaginator(listing.fetch, page_size=2 if total == 10 else 4, limit=limit)
    assert not page.has_next
    assert await page.next_page() is None
    assert listing.fetched == [1]


async def test_next_page_is_none_when_the_next_page_is_empty_or_repeats() -> None:
    empty = Listing(2)  # a full page, then nothing
    first = await AsyncPaginator(empty.fetch, page_size=2)
    assert first.has_next
    assert await first.next_page() is None
    assert empty.fetched == [1, 2]

    async def same_page(number: int, size: int) -> Page[int]:
        return Page(items=[7, 8], meta=PageMeta(total_pages=9))

    repeated = await AsyncPaginator(same_page, page_size=2)
    assert repeated.has_next
    assert await repeated.next_page() is None


async def test_next_page_past_max_pages_is_a_decode_error() -> None:
    page: Page[int] | None = await AsyncPaginator(Listing(10).fetch, page_size=2, max_pages=2)
    assert page is not None
    page = await page.next_page()
    assert page is not None
    assert page.has_next
    with pytest.raises(DecodeError, match="did not end after 2 pages"):
        await page.next_page()


async def test_a_limit_of_zero_awaits_to_an_empty_last_page_without_a_fetch() -> None:
    listing = Listing(4)
    page = await AsyncPaginator(listing.fetch, page_size=2, limit=0)
    assert (list(page), page.has_next, listing.fetched) == ([], False, [])


async def test_an_empty_listing_awaits_to_an_empty_last_page() -> None:
    page = await AsyncPaginator(Listing(0).fetch, page_size=2)
    assert (list(page), page.has_next) == ([], False)


# -- one_page: a listing answered in one response ------------------------------------------


def answers(items: list[int]) -> tuple[Callable[[], Any], list[int]]:
    calls: list[int] = []

    async def fetch() -> list[int]:
        calls.append(1)
        return items

    return fetch, calls


async def test_one_page_is_page_1_of_1_when_awaited() -> None:
    fetch, calls = answers([4, 5, 6])
    page = await one_page(fetch)
    assert list(page) == [4, 5, 6]
    assert page.meta == PageMeta(page_number=1, page_size=3, total_pages=1, total_results=3)
    assert not page.has_next
    assert await page.next_page() is None
    assert len(calls) == 1


async def test_one_page_gives_every_item_to_async_for_with_one_fetch() -> None:
    fetch, calls = answers([4, 5, 6])
    assert [item async for item in one_page(fetch)] == [4, 5, 6]
    assert [list(page) async for page in one_page(fetch).pages()] == [[4, 5, 6]]
    assert len(calls) == 2


async def test_one_page_keeps_at_most_limit_items() -> None:
    fetch, _ = answers([4, 5, 6])
    assert await one_page(fetch, limit=2).to_list() == [4, 5]
    assert list(await one_page(fetch, limit=2)) == [4, 5]


async def test_one_page_with_no_items_is_an_empty_last_page() -> None:
    fetch, calls = answers([])
    page = await one_page(fetch)
    assert (list(page), page.has_next, page.meta.total_pages, page.meta.total_results) == (
        [],
        False,
        1,
        0,
    )
    assert [page async for page in one_page(fetch).pages()] == []
    assert len(calls) == 2


@pytest.mark.parametrize("limit", [3, 10])
async def test_one_page_limit_at_or_over_its_length_keeps_every_item(limit: int) -> None:
    fetch, _ = answers([4, 5, 6])
    page = await one_page(fetch, limit=limit)
    assert (list(page), page.has_next, page.meta.page_size) == ([4, 5, 6], False, 3)


async def test_one_page_limit_zero_fetches_nothing() -> None:
    fetch, calls = answers([4, 5, 6])
    assert (list(await one_page(fetch, limit=0)), calls) == ([], [])


def _serve(query_style: str) -> Callable[[HttpRequest], MockResponse]:
    items = list(range(7))

    def handler(request: HttpRequest) -> MockResponse:
        query = request.url.query
        if query_style == "bracketed":
            number, size = int(query["page[number]"]), int(query["page[size]"])
        else:
            number, size = int(query["page_number"]), int(query["page_size"])
        meta = {"page_number": number, "page_size": size, "total_pages": 3, "total_results": 7}
        chunk = items[(number - 1) * size : number * size]
        return MockResponse(200, json={"data": chunk, "meta": meta})

    return handler


def _page(payload: dict[str, Any]) -> Page[int]:
    return Page(items=payload["data"], meta=PageMeta(**payload["meta"]))


@pytest.mark.parametrize("query_style", ["bracketed", "flat"])
async def test_serves_both_page_parameter_styles(query_style: str) -> None:
    client, transport = fake_client(_serve(query_style))

    async def fetch(number: int, size: int) -> Page[int]:
        if query_style == "bracketed":
            params: dict[str, Any] = {"page": {"number": number, "size": size}}
        else:
            params = {"page_number": number, "page_size": size}
        return await client._request(
            "GET", "/things", _page, query=encode_query(params), idempotent=True
        )

    async with client:
        assert await AsyncPaginator(fetch, page_size=3).to_list() == list(range(7))
    assert len(transport.requests) == 3


# -- listings that would never end: servers that ignore the page number or send no totals ------

Serve = Callable[[int, int], tuple[list[int], dict[str, int]]]
"""(page number, page size) -> (items, meta) of a scripted server."""


def _page_server(query_style: str, serve: Serve) -> Callable[[HttpRequest], MockResponse]:
    def handler(request: HttpRequest) -> MockResponse:
        query = request.url.query
        if query_style == "bracketed":
            number, size = int(query["page[number]"]), int(query["page[size]"])
        else:
            number, size = int(query["page_number"]), int(query["page_size"])
        items, meta = serve(number, size)
        return MockResponse(200, json={"data": items, "meta": meta})

    return handler


async def _walk(query_style: str, serve: Serve, **options: Any) -> tuple[list[int], int]:
    """Every item of a listing served by ``serve`` in ``query_style``, and the requests made."""
    client, transport = fake_client(_page_server(query_style, serve))

    async def fetch(number: int, size: int) -> Page[int]:
        if query_style == "bracketed":
            params: dict[str, Any] = {"page": {"number": number, "size": size}}
        else:
            params = {"page_number": number, "page_size": size}
        return await client._request(
            "GET", "/things", _page, query=encode_query(params), idempotent=True
        )

    async with client:
        items = await AsyncPaginator(fetch, page_size=3, **options).to_list()
    return items, len(transport.requests)


STYLES = pytest.mark.parametrize("query_style", ["bracketed", "flat"])


@STYLES
async def test_no_totals_ends_on_the_empty_page(query_style: str) -> None:
    def serve(number: int, size: int) -> tuple[list[int], dict[str, int]]:
        return list(range(6))[(number - 1) * size : number * size], {}

    assert await _walk(query_style, serve) == (list(range(6)), 3)


@STYLES
async def test_no_totals_ends_on_a_short_page(query_style: str) -> None:
    def serve(number: int, size: int) -> tuple[list[int], dict[str, int]]:
        return list(range(7))[(number - 1) * size : number * size], {}

    assert await _walk(query_style, serve) == (list(range(7)), 3)


@STYLES
@pytest.mark.parametrize(
    "meta", [{}, {"total_pages": 1000, "total_results": 3000}], ids=["no-totals", "totals"]
)
async def test_a_server_ignoring_the_page_number_ends_on_the_repeated_page(
    query_style: str, meta: dict[str, int]
) -> None:
    def serve(number: int, size: int) -> tuple[list[int], dict[str, int]]:
        return [10, 11, 12], meta  # page 1, whatever page was asked for

    assert await _walk(query_style, serve) == ([10, 11, 12], 2)


@STYLES
async def test_a_listing_past_max_pages_is_a_decode_error_saying_why(query_style: str) -> None:
    asked: list[int] = []

    def serve(number: int, size: int) -> tuple[list[int], dict[str, int]]:
        asked.append(number)
        return [number * size + n for n in range(size)], {}  # full, fresh pages forever

    with pytest.raises(DecodeError, match=r"did not end after 5 pages of 3.*page number"):
        await _walk(query_style, serve, max_pages=5)
    assert asked == [1, 2, 3, 4, 5]


@STYLES
async def test_max_pages_is_not_hit_by_a_listing_that_ends_in_time(query_style: str) -> None:
    def serve(number: int, size: int) -> tuple[list[int], dict[str, int]]:
        return list(range(15))[(number - 1) * size : number * size], {"total_pages": 5}

    assert await _walk(query_style, serve, max_pages=5) == (list(range(15)), 5)


def test_a_bad_max_pages_is_refused() -> None:
    with pytest.raises(InvalidRequestError) as info:
        AsyncPaginator(Listing(1).fetch, page_size=2, max_pages=0)
    assert info.value.argument == "max_pages"
