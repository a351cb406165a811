"""Checked by ``mypy --strict``, never run: the public core API keeps these static types."""

from __future__ import annotations

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
