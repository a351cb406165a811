"""Telling this call's purchase apart after an ambiguous failure, by its customer reference.

A customer reference is the caller's to choose and is often reused (an account id, say), so
carrying the reference is not enough: an order is this call's only if it also asks for what
this call asked for (the same numbers, block or ordering groups) and was created after the
call began. Anything else carrying the reference is reported, never returned.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping
from contextlib import aclosing
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from numbering_async import _json
from numbering_async._settle import Found
from numbering_async.errors import OutcomeUnknownError
from numbering_async.pagination import AsyncPaginator

__all__ = [
    "LOOKUP_PAGE_SIZE",
    "ReferenceFinder",
    "as_is",
    "carrying_reference",
    "idempotency_key",
]

LOOKUP_PAGE_SIZE = 250
"""Page size of lookups: the largest the API allows, so few requests are needed."""


class Referenced(Protocol):
    """What a purchase listing's items have in common."""

    @property
    def id(self) -> str | None: ...
    @property
    def customer_reference(self) -> str | None: ...
    @property
    def created_at(self) -> datetime | None: ...


R = TypeVar("R", bound=Referenced)
T = TypeVar("T")


def idempotency_key(path: str, body: Mapping[str, Any]) -> str:
    """The ``Idempotency-Key`` of a purchase: a digest of its path and body.

    The body carries the customer reference, so a caller who sends the same purchase again
    with the same reference sends the same key, and an endpoint that honours it replays the
    first answer instead of buying twice. A reused reference with another body (other
    numbers) gets another key, so it is not refused as a changed replay. The SDK itself
    relies only on the lookup by reference, which every purchase endpoint supports.
    """
    digest = hashlib.sha256(path.encode() + b"\n" + _json.dumps(_sorted(body))).hexdigest()
    return f"na-{digest}"


def _sorted(value: Any) -> Any:
    """``value`` with every mapping's keys in order, so equal bodies encode alike."""
    if isinstance(value, Mapping):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list | tuple):
        return [_sorted(item) for item in value]
    return value


async def carrying_reference(
    listing: Callable[[int], AsyncPaginator[R]], reference: str, scan_limit: int
) -> list[R]:
    """The items among the first ``scan_limit`` of ``listing(limit)`` carrying ``reference``,
    each once (a listing that shifts between pages can show an item twice)."""
    found: dict[object, R] = {}
    async with aclosing(listing(scan_limit).pages()) as pages:
        async for page in pages:
            for item in page.items:
                if item.customer_reference == reference:
                    found.setdefault(item.id or id(item), item)
    return list(found.values())


async def as_is(item: R) -> R:
    """For :class:`ReferenceFinder` when the listed item is what the purchase returns."""
    return item


def _describe(item: Referenced) -> str:
    created = item.created_at.isoformat() if item.created_at else "unknown time"
    return f"{item.id} (created {created})"


class ReferenceFinder(Generic[R, T]):
    """A :data:`~numbering_async._settle.Finder` over ``listing``.

    An item is this call's when it carries ``reference``, ``same_request(item)`` holds, it was
    created no earlier than the time the finder is given, and it was not there before the
    call (:meth:`note_earlier`); ``complete`` turns it into what the purchase returns (a
    retrieve, when the listing shows less). Two such items mean the reference was used twice
    at once for the same thing: the outcome cannot be told, and :class:`OutcomeUnknownError`
    says so.
    """

    def __init__(
        self,
        listing: Callable[[int], AsyncPaginator[R]],
        reference: str,
        scan_limit: int,
        same_request: Callable[[R], bool],
        complete: Callable[[R], Awaitable[T]],
    ) -> None:
        self._listing = listing
        self._reference = reference
        self._scan_limit = scan_limit
        self._same_request = same_request
        self._complete = complete
        self._earlier: frozenset[object] = frozenset()

    async def note_earlier(self) -> None:
        """Remember what carries the reference before the purchase is sent: none of it can
        be this call's, however close its creation time (a caller's reused reference)."""
        holders = await carrying_reference(self._listing, self._reference, self._scan_limit)
        self._earlier = frozenset(item.id for item in holders if item.id)

    async def __call__(self, since: datetime) -> Found[T]:
        holders = await carrying_reference(self._listing, self._reference, self._scan_limit)
        ours = [
            item
            for item in holders
            if item.id not in self._earlier
            and item.created_at is not None
            and item.created_at >= since
            and self._same_request(item)
        ]
        others = tuple(_describe(item) for item in holders if item not in ours)
        if len(ours) > 1:
            raise OutcomeUnknownError(
                f"{len(ours)} orders carry this reference and ask for the same thing: "
                + ", ".join(_describe(item) for item in ours),
                reference=self._reference,
            )
        return Found(await self._complete(ours[0]) if ours else None, others)
