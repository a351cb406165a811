"""Auto-pagination as async generators.

``client.number_orders.list(...)`` returns an :class:`AsyncPaginator`. Iterate it with
``async for`` to walk every item lazily (one page in memory at a time), call ``.pages()`` for
whole pages with their ``meta``, or ``await`` it for the first page only. The paginator knows
nothing of a provider's parameter names: a resource hands it a ``fetch(page_number, page_size)``
coroutine function, so page-bracketed (``page[number]``) and flat (``page_number``) endpoints
share it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Sequence
from typing import Generic, TypeVar

import attrs

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
    total that changes during iteration is followed), when a page comes back empty or short,
    or when ``limit`` items have been yielded.
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
        self._fetch = fetch
        self._page_size = page_size
        self._limit = limit
        self._start = start_page

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield whole pages, in order, until the listing (or ``limit``) is exhausted."""
        number = self._start
        remaining = self._limit
        while remaining is None or remaining > 0:
            page = await self._fetch(number, self._page_size)
            items = page.items
            if remaining is not None and len(items) > remaining:
                page = Page(items=items[:remaining], meta=page.meta)
            if not page.items:
                return
            yield page
            if remaining is not None:
                remaining -= len(page.items)
            if self._is_last(page, number, len(items)):
                return
            number += 1

    def _is_last(self, page: Page[T], number: int, count: int) -> bool:
        meta = page.meta
        if meta.total_pages is not None:
            return number >= meta.total_pages
        size = meta.page_size or self._page_size
        return count < size

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def first_page(self) -> Page[T]:
        """Fetch only the first page."""
        return await self._fetch(self._start, self._page_size)

    async def to_list(self) -> list[T]:
        """Collect every item (mind ``limit`` on large listings)."""
        return [item async for item in self]

    def __await__(self) -> Generator[object, None, Page[T]]:
        return self.first_page().__await__()
