"""Listings: one page when awaited, every item with ``async for``.

Every ``.list()`` of a client returns an :class:`AsyncPaginator`, whether the service pages the
listing or answers it in one response (a search):

- ``page = await client.number_orders.list()`` fetches the first :class:`Page`: a sequence of
  that page's items with the service's ``meta`` (``page.meta.page_number`` of
  ``page.meta.total_pages``), ``page.has_next``, and ``await page.next_page()`` for the next;
- ``async for order in client.number_orders.list()`` walks every item of every page lazily
  (one page in memory at a time);
- ``.pages()`` yields the pages themselves.

A listing answered in one response is one page: page 1 of 1, ``has_next`` false. The paginator
knows nothing of a provider's parameter names: a resource hands it a ``fetch(page_number,
page_size)`` coroutine function, so page-bracketed (``page[number]``) and flat
(``page_number``) endpoints share it.

A listing always ends, even on a server that ignores the page number or sends no totals: an
empty page, a short page (without ``total_pages``), or a page whose first item is the previous
page's first item ends it, and a listing still going after ``max_pages`` pages raises
:class:`~numbering_async.errors.DecodeError`.
"""

from __future__ import annotations

import logging
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Sequence,
)
from functools import partial
from typing import Any, Final, Generic, TypeVar, overload

import attrs

from numbering_async._frozen import maker
from numbering_async._validate import check_int_range
from numbering_async.errors import DecodeError

__all__ = ["DEFAULT_MAX_PAGES", "AsyncPaginator", "Page", "PageMeta", "one_page"]

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


_NO_META: Final = PageMeta()


@attrs.frozen(slots=True, repr=False)
class Page(Sequence[T]):
    """One page of a listing: a sequence of its items (``len``, indexing, ``for``).

    ``meta`` is the service's pagination metadata (``meta.page_number`` of
    ``meta.total_pages``). ``has_next`` says whether the listing goes on after this page, and
    ``await page.next_page()`` fetches the next one, or gives ``None`` where the listing ends
    (a next page that comes back empty, or repeats this one, ends it too). A page compares
    equal to a page with the same items and meta, never to a list: compare ``list(page)``.
    """

    items: Sequence[T]
    meta: PageMeta = _NO_META
    _next: Callable[[], Awaitable[Page[T] | None]] | None = attrs.field(
        default=None, eq=False, kw_only=True, alias="_next"
    )
    """Fetches the next page, or gives ``None`` where the listing ends; ``None`` on the last."""

    @property
    def has_next(self) -> bool:
        """Whether a page may follow this one (:meth:`next_page` fetches it)."""
        return self._next is not None

    async def next_page(self) -> Page[T] | None:
        """The next page of the listing, or ``None`` where the listing ends.

        Each call fetches it again. It raises
        :class:`~numbering_async.errors.DecodeError` when the listing has gone past its
        paginator's ``max_pages``.
        """
        return None if self._next is None else await self._next()

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __repr__(self) -> str:
        return f"Page(items={self.items!r}, meta={self.meta!r}, has_next={self.has_next})"


_page: Callable[..., Page[Any]] = maker(Page)
"""``Page(items=, meta=, _next=)`` taking the three positionally, made faster (see
:mod:`numbering_async._frozen`): the paginator builds a page per request."""

FetchPage = Callable[[int, int], Awaitable[Page[T]]]


class AsyncPaginator(Generic[T]):
    """A listing: ``await`` it for its first :class:`Page`, ``async for`` it for every item.

    Iteration ends when the reported ``total_pages`` is reached (re-read on every page, so a
    total that changes during iteration is followed), when a page comes back empty, when a
    page without ``total_pages`` is short (fewer items than its page size) or reaches
    ``total_results``, when a page starts with the item the previous page started with (a
    server that ignores the page number; that page is not yielded again), or when ``limit``
    items have been yielded (without fetching a page more than needed). Pages are fetched one
    at a time, only when the iteration asks for them; each iteration starts from the first
    page again. A listing that has not ended after ``max_pages`` pages raises
    :class:`~numbering_async.errors.DecodeError` rather than walking on forever. The pages
    follow the same rules: a page's ``has_next`` is false where iteration would end after it.

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

    def __await__(self) -> Generator[object, None, Page[T]]:
        return self.first_page().__await__()

    async def first_page(self) -> Page[T]:
        """Fetch the first page (at most ``limit`` items of it; none is fetched for 0)."""
        if self._limit == 0:
            return Page(items=())
        # The first page is never past max_pages (at least 1): no need for _get's check.
        fetched = await self._fetch(self._start, self._page_size)
        return self._linked(fetched, self._start, self._limit)

    async def __aiter__(self) -> AsyncIterator[T]:
        # One generator level: the per-item cost of a walk is one yield.
        page: Page[T] | None = await self.first_page()
        while page is not None:
            for item in page.items:
                yield item
            page = await page.next_page()

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """Yield whole pages, in order, until the listing (or ``limit``) is exhausted."""
        page: Page[T] | None = await self.first_page()
        if not page:
            return
        while page is not None:
            yield page
            page = await page.next_page()

    async def to_list(self) -> list[T]:
        """Collect every item (mind ``limit`` on large listings)."""
        return [item async for item in self]

    async def _get(self, number: int) -> Page[T]:
        """Page ``number`` as fetched, unless the listing has gone past ``max_pages``."""
        if number - self._start >= self._max_pages:
            raise DecodeError(
                f"the listing did not end after {self._max_pages:,} pages of "
                f"{self._page_size}: the server may be ignoring the page number; "
                "narrow the listing with filters, or pass limit="
            )
        return await self._fetch(number, self._page_size)

    async def _following(self, number: int, remaining: int | None, previous: T) -> Page[T] | None:
        """Page ``number`` after a page whose first item was ``previous``, or ``None`` where
        the listing ends (the page is empty, or the server sent the previous page again)."""
        fetched = await self._get(number)
        if not fetched.items:
            return None
        if fetched.items[0] == previous:
            logger.warning(
                "page %d starts with the first item of page %d: the server ignores the "
                "page number; the listing ends here",
                number,
                number - 1,
            )
            return None
        return self._linked(fetched, number, remaining)

    def _linked(self, fetched: Page[T], number: int, remaining: int | None) -> Page[T]:
        """``fetched`` with at most ``remaining`` items, linked to the next page unless the
        listing ends with it."""
        items, meta = fetched.items, fetched.meta
        count = len(items)
        if remaining is not None:
            items = items[:remaining] if count > remaining else items
            remaining -= len(items)
        if not count or remaining == 0 or self._is_last(meta, number, count):
            if items is fetched.items and fetched._next is None:
                return fetched  # already the page to give
            return _page(items, meta, None)
        following = partial(self._following, number + 1, remaining, items[0])
        return _page(items, meta, following)

    def _is_last(self, meta: PageMeta, number: int, count: int) -> bool:
        if meta.total_pages is not None:
            return number >= meta.total_pages
        size = meta.page_size or self._page_size
        if meta.total_results is not None and number * size >= meta.total_results:
            return True
        return count < size


class _OneResponse(AsyncPaginator[T]):
    """A listing the service answers in one response: its first page is that response.

    It fetches in :meth:`first_page` itself rather than through a ``fetch(number, size)``
    level, so a resumed request walks one coroutine fewer.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Callable[[], Awaitable[Sequence[T]]], limit: int | None) -> None:
        if limit is not None:
            check_int_range("limit", limit, 0)
        # No ``_fetch``: the one page says it is the last, so no page follows it (and the page
        # size never decides where the listing ends).
        self._items = items
        self._page_size = 1
        self._limit = limit
        self._start = 1
        self._max_pages = 1

    async def first_page(self) -> Page[T]:
        """Fetch the listing (at most ``limit`` items of it; nothing is fetched for 0)."""
        if self._limit == 0:
            return Page(items=())
        items = await self._items()
        count = len(items)
        meta = _ONLY_PAGE_METAS.get(count)
        if meta is None:
            meta = PageMeta(1, count, 1, count)
            if count < _ONLY_PAGE_METAS_KEPT:
                _ONLY_PAGE_METAS[count] = meta
        page = _page(items, meta, None)
        # Page 1 of 1 is the last page as it is: only a limit can change it.
        return page if self._limit is None else self._linked(page, 1, self._limit)


_ONLY_PAGE_METAS: dict[int, PageMeta] = {}
"""The (immutable) meta of a one-response listing of each size: sizes repeat call after call."""
_ONLY_PAGE_METAS_KEPT = 1024
"""Sizes below which the meta is kept."""


def one_page(
    fetch: Callable[[], Awaitable[Sequence[T]]], *, limit: int | None = None
) -> AsyncPaginator[T]:
    """A listing the service answers in one response (a search), as one page: page 1 of 1.

    ``fetch()`` gets every item; ``limit`` keeps at most that many.
    """
    return _OneResponse(fetch, limit)
