"""The ``{"data": ..., "meta": ...}`` envelopes Telnyx wraps every answer in.

Decoding a response structures its whole envelope in one cattrs pass; the resource then hands
out ``.data`` (and ``.meta`` for paginated listings).
"""

from __future__ import annotations

from typing import Generic, TypeVar

import attrs

from numbering_async.pagination import PageMeta

__all__ = ["CountedListing", "Data", "Listing", "ResultsMeta"]

T = TypeVar("T")

_NO_PAGE_META = PageMeta()


@attrs.frozen(kw_only=True)
class ResultsMeta:
    """Result counts of unpaginated listings (inventory coverage, available numbers)."""

    total_results: int | None = None
    best_effort_results: int | None = None


@attrs.frozen(kw_only=True)
class Data(Generic[T]):
    """A single resource: ``{"data": {...}}``."""

    data: T


@attrs.frozen(kw_only=True)
class Listing(Generic[T]):
    """A list with pagination metadata: ``{"data": [...], "meta": {page_number, ...}}``."""

    data: list[T]
    meta: PageMeta = _NO_PAGE_META


@attrs.frozen(kw_only=True)
class CountedListing(Generic[T]):
    """A list with result counts (available numbers repeat them under ``metadata``)."""

    data: list[T]
    meta: ResultsMeta | None = None
    metadata: ResultsMeta | None = None
