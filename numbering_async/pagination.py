"""Auto-pagination as async generators.

``client.number_orders.list(...)`` returns an :class:`AsyncPaginator`. Iterate it with
``async for`` to walk every item lazily (one page in memory at a time), call ``.pages()`` for
whole pages with their ``meta``, or ``await`` it for the first page only. The paginator knows
nothing of a provider's parameter names: a resource hands it a ``fetch(page_number, page_size)``
coroutine function, so page-bracketed (``page[number]``) and flat (``page_number``) endpoints
share it.

A listing always ends, even on a server that ignores the page number or sends no totals: an
empty page, a short page (without ``total_pages``), or a page whose first item is the previous
page's first item ends it, and a listing still going after ``max_pages`` pages raises
:class:`~numbering_async.errors.DecodeError`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Sequence
from contextlib import aclosing
from typing import Final, Generic, TypeVar

import attrs

from numbering_async._validate import check_int_range
from numbering_async.errors import DecodeError

__all__ = ["DEFAULT_MAX_PAGES", "AsyncPaginator", "Page", "PageMeta"]

T = TypeVar("T")

logger = logging.getLogger(__name__)

DEFAULT_MAX_PAGES: Final = 10_000
"""Pages a listing may take before :class:`AsyncPaginator` gives up (2.5 million items at the
largest page size): past that, the server is almost surely not honouring the page number."""


@attrs.frozen(slots=True)
class PageMeta:
    """Pagination metadata as the service reports it (any field may be missing)."""

    page_number: int | None = None
    page_size: int | None = None
    total_pages: int | None = None
    total_results: int | None = None


@attrs.frozen(slots=True)
class Page(Generic[T]):
    """One page of results."""

    items: Sequence[T]
    meta: PageMeta


FetchPage = Callable[[int, int], Awaitable[Page[T]]]


class AsyncPaginator(Generic[T]):
    """Lazy async iteration over a paginated listing.

    Iteration ends when the reported ``total_pages`` is reached (re-read on every page, so a
    total that changes during iteration is followed), when a page comes back empty, when a
    page without ``total_pages`` is short (fewer items than its page size) or reaches
    ``total_results``, when a page starts with the item the previous page started with (a
    server that ignores the page number; that page is not yielded again), or when ``limit``
    items have been yielded (without fetching a page more than needed). Pages are fetched one
    at a time, only when the iteration asks for them. A listing that has not ended after
    ``max_pages`` pages raises :class:`~numbering_async.errors.DecodeError` rather than
    walking on forever.

    ``limit`` must be >= 0, ``page_size`` and ``max_pages`` >= 1, else
    :class:`~numbering_async.errors.InvalidRequestError` is raised.
    """

    __slots__ = ("_fetch", "_limit", "_max_pages", "_page_size", "_start")

    def __init__(
        self,
        fetch: FetchPage[T],
        *,
        page_size: int,
        limit: int | None = None,
        start_page: int = 1,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        if limit is not None:
            check_int_range("limit", limit, 0)
        check_int_range("page_size", page_size, 1)
        check_int_range("max_pages", max_pages, 1)
        self._fetch = fetch
        self._page_size = page_size
        self._limit = limit
        self._start = start_page
        self._max_pages = max_pages

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """Yield whole pages, in order, until the listing (or ``limit``) is exhausted."""
        number = self._start
        remaining = self._limit
        previous: Page[T] | None = None
        while remaining is None or remaining > 0:
            if number - self._start >= self._max_pages:
                raise DecodeError(
                    f"the listing did not end after {self._max_pages:,} pages of "
                    f"{self._page_size}: the server may be ignoring the page number; "
                    "narrow the listing with filters, or pass limit="
                )
            page = await self._fetch(number, self._page_size)
            count = len(page.items)
            if not count:
                return
            if previous is not None and page.items[0] == previous.items[0]:
                logger.warning(
                    "page %d starts with the first item of page %d: the server ignores the "
                    "page number; the listing ends here",
                    number,
                    number - 1,
                )
                return
            previous = page
            page = self._trim(page, remaining)
            yield page
            if remaining is not None:
                remaining -= len(page.items)
            if self._is_last(page.meta, number, count):
                return
            number += 1

    @staticmethod
    def _trim(page: Page[T], remaining: int | None) -> Page[T]:
        if remaining is None or len(page.items) <= remaining:
            return page
        return Page(items=page.items[:remaining], meta=page.meta)

    def _is_last(self, meta: PageMeta, number: int, count: int) -> bool:
        if meta.total_pages is not None:
            return number >= meta.total_pages
        size = meta.page_size or self._page_size
        if meta.total_results is not None and number * size >= meta.total_results:
            return True
        return count < size

    async def __aiter__(self) -> AsyncIterator[T]:
        async with aclosing(self.pages()) as pages:
            async for page in pages:
                for item in page.items:
                    yield item

    async def first_page(self) -> Page[T]:
        """Fetch only the first page (at most ``limit`` items of it)."""
        return self._trim(await self._fetch(self._start, self._page_size), self._limit)

    async def to_list(self) -> list[T]:
        """Collect every item (mind ``limit`` on large listings)."""
        return [item async for item in self]

    def __await__(self) -> Generator[object, None, Page[T]]:
        return self.first_page().__await__()
