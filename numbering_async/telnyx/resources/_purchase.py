"""Finding a purchase by its customer reference after an ambiguous failure."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import aclosing
from typing import Protocol, TypeVar

from numbering_async.errors import OutcomeUnknownError
from numbering_async.pagination import AsyncPaginator

__all__ = ["LOOKUP_PAGE_SIZE", "find_by_reference"]

LOOKUP_PAGE_SIZE = 250
"""Page size of lookups: the largest the API allows, so few requests are needed."""


class _Referenced(Protocol):
    @property
    def customer_reference(self) -> str | None: ...


R = TypeVar("R", bound=_Referenced)


async def find_by_reference(
    listing: Callable[[int], AsyncPaginator[R]], reference: str, scan_limit: int
) -> R | None:
    """The item of ``listing(limit)`` whose ``customer_reference`` is ``reference``.

    At most ``scan_limit`` items are looked at. ``None`` means the whole listing was seen
    without a match, so the purchase surely did not happen; a listing longer than
    ``scan_limit`` without a match raises :class:`OutcomeUnknownError` instead of guessing.
    """
    seen = 0
    async with aclosing(listing(scan_limit + 1).pages()) as pages:
        async for page in pages:
            for item in page.items:
                if item.customer_reference == reference:
                    return item
                seen += 1
    if seen > scan_limit:
        raise OutcomeUnknownError(
            f"no match among the first {scan_limit} items of the listing, and it has more",
            reference=reference,
        )
    return None
