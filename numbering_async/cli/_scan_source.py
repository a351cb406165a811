"""A client as the coverage source of a scan: who waits for which ``Retry-After``."""

from __future__ import annotations

import asyncio

import attrs

from numbering_async.cli._base import Client
from numbering_async.coverage import AvailableNumber, CoverageCount, CoverageQuery
from numbering_async.errors import APIError, RateLimitError


class _ScanSource:
    """A client as a scan's coverage source: a 429 goes to the bulk runner, which pauses every
    worker of the provider; every other transient failure is retried by the client's own policy.

    Each query runs under the client's policy with ``max_retry_after=0``, so a 429 with
    ``Retry-After`` comes back at once instead of sleeping in the one request that saw it. That
    cap also gives up on a 503 with ``Retry-After`` (maintenance, overload), so such an error
    is waited for as the client's own policy would wait for it, and the query is sent again
    under that policy.
    """

    __slots__ = ("_client", "_hand_over")

    def __init__(self, client: Client) -> None:
        self._client = client
        self._hand_over = attrs.evolve(client.retry, max_retry_after=0)

    @property
    def provider(self) -> str:
        """The client's provider."""
        return self._client.provider

    async def coverage(self, query: CoverageQuery) -> list[CoverageCount]:
        """Coverage counts for ``query`` (see the class docstring for retries)."""
        try:
            with self._client.retrying(self._hand_over):
                return await self._client.coverage(query)
        except APIError as exc:
            wait = self._own_wait(exc)
            if wait is None:
                raise
            await asyncio.sleep(wait)
            return await self._client.coverage(query)

    def _own_wait(self, exc: APIError) -> float | None:
        """The ``Retry-After`` wait the client's own policy grants ``exc`` but the hand-over
        policy did not; ``None`` for a 429 and for anything the client would not retry."""
        own = self._client.retry
        wait = exc.retry_after
        if isinstance(exc, RateLimitError) or not exc.retryable or wait is None:
            return None
        if wait <= self._hand_over.max_retry_after:  # waited for already
            return None
        if own.max_attempts < 2 or not own.respect_retry_after or wait > own.max_retry_after:
            return None
        return wait

    async def search_numbers(self, query: CoverageQuery, limit: int = 10) -> list[AvailableNumber]:
        """Up to ``limit`` available numbers matching ``query``, as the client finds them."""
        return await self._client.search_numbers(query, limit)
