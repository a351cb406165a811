"""Auto-pagination as async generators.

``client.number_orders.list(...)`` returns an :class:`AsyncPaginator`. Iterate it with
``async for`` to walk every item lazily (one page in memory at a time), call ``.pages()`` for
whole pages with their ``meta``, or ``await`` it for the first page only. The paginator knows
nothing of a provider's parameter names: a resource hands it a ``fetch(page_number, page_size)``
coroutine function, so page-bracketed (``page[number]``) and flat (``page_number``) endpoints
share it.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Sequence
from contextlib import aclosing
from typing import Generic, TypeVar

import attrs

from numbering_async._validate import check_int_range

__all__ = ["AsyncPaginator", "Page", "PageMeta"]

T = TypeVar("T")


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
    page without ``total_pages`` is short or reaches ``total_results``, or when ``limit``
    items have been yielded (without fetching a page more than needed). Pages are fetched one
    at a time, only when the iteration asks for them.

    ``limit`` must be >= 0 and ``page_size`` >= 1, else
    :class:`~numbering_async.errors.InvalidRequestError` is raised.
    """

    __slots__ = ("_fetch", "_limit", "_page_size", "_start")

    def __init__(
        self,
        fetch: FetchPage[T],
        *,
        page_size: int,
        limit: int | None = None,
        start_page: int = 1,
    ) -> None:
        if limit is not None:
            check_int_range("limit", limit, 0)
        check_int_range("page_size", page_size, 1)
        self._fetch = fetch
        self._page_size = page_size
        self._limit = limit
        self._start = start_page

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """Yield whole pages, in order, until the listing (or ``limit``) is exhausted."""
        number = self._start
        remaining = self._limit
        while remaining is None or remaining > 0:
            page = await self._fetch(number, self._page_size)
            count = len(page.items)
            if not count:
                return
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
