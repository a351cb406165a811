"""Checked by ``mypy --strict``, never run: the public core API keeps these static types."""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_type

from yarl import URL

from numbering_async import (
    NO_RETRY,
    AiohttpTransport,
    AsyncPaginator,
    HttpRequest,
    HttpResponse,
    InvalidRequestError,
    MockResponse,
    MockTransport,
    OutcomeUnknownError,
    Page,
    PageMeta,
    RateLimitError,
    RetryPolicy,
    Transport,
)
from numbering_async.telnyx import (
    AvailablePhoneNumber,
    InventoryCoverage,
    NumberOrder,
    SubNumberOrder,
    TelnyxClient,
)


async def fetch_numbers(number: int, size: int) -> Page[str]:
    return Page(items=["+12015550123"], meta=PageMeta(page_number=number, page_size=size))


async def paginator_types() -> None:
    paginator = AsyncPaginator(fetch_numbers, page_size=10, limit=5)
    assert_type(paginator, AsyncPaginator[str])
    async for item in paginator:
        assert_type(item, str)
    async for page in paginator.pages():
        assert_type(page, Page[str])
        assert_type(page.meta.total_pages, int | None)
    assert_type(await paginator, Page[str])
    assert_type(await paginator.first_page(), Page[str])
    assert_type(await paginator.to_list(), list[str])


async def page_types(page: Page[str]) -> None:
    assert_type(page.items, Sequence[str])
    assert_type(page[0], str)
    assert_type(page[1:], Sequence[str])
    assert_type(len(page), int)
    assert_type(page.has_next, bool)
    assert_type(await page.next_page(), Page[str] | None)
    assert_type(page.meta.page_number, int | None)
    for item in page:
        assert_type(item, str)


async def listing_types(telnyx: TelnyxClient) -> None:
    # Searches and paginated listings have one shape: await for a Page, async for the items.
    assert_type(await telnyx.available_phone_numbers.list(), Page[AvailablePhoneNumber])
    async for number in telnyx.available_phone_numbers.list():
        assert_type(number, AvailablePhoneNumber)
    assert_type(await telnyx.inventory_coverage.list("npa"), Page[InventoryCoverage])
    async for row in telnyx.inventory_coverage.list("npa"):
        assert_type(row, InventoryCoverage)
    assert_type(await telnyx.sub_number_orders.list(), Page[SubNumberOrder])
    assert_type(await telnyx.number_orders.list(), Page[NumberOrder])
    async for order in telnyx.number_orders.list():
        assert_type(order, NumberOrder)
    async for page in telnyx.number_orders.list().pages():
        assert_type(page, Page[NumberOrder])


async def transport_types() -> None:
    transport: Transport = MockTransport(lambda request: MockResponse(200, json={}))
    response = await transport.send(HttpRequest("GET", URL("https://h.test/")))
    assert_type(response, HttpResponse)
    assert_type(response.request_id, str | None)
    assert_type(response.body, bytes)
    real: Transport = AiohttpTransport(total_timeout=5)
    await real.aclose()


def error_and_policy_types(error: RateLimitError, unknown: OutcomeUnknownError) -> None:
    assert_type(error.retry_after, float | None)
    assert_type(error.status, int)
    assert_type(unknown.reference, str)
    assert_type(InvalidRequestError("npa", "bad").argument, str)
    assert_type(RetryPolicy(max_attempts=2).backoff(1), float)
    assert_type(RetryPolicy.parse_retry_after("5"), float | None)
    assert_type(NO_RETRY, RetryPolicy)
