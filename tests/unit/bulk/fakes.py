"""A fake :class:`~numbering_async.CoverageSource` for bulk tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from numbering_async import AvailableNumber, CoverageCount, CoverageQuery

Behaviour = Callable[[CoverageQuery, int], "float | BaseException | None"]
"""Given the query and the call number, a latency in seconds, an exception to raise, or None."""


class FakeSource:
    """Answers one row whose count is the query's NPA as an int; records calls and timings."""

    def __init__(self, provider: str, behaviour: Behaviour | None = None) -> None:
        self.provider = provider
        self._behaviour = behaviour
        self.calls: list[CoverageQuery] = []
        self.started: list[float] = []
        self.in_flight = 0
        self.max_in_flight = 0

    async def coverage(self, query: CoverageQuery) -> list[CoverageCount]:
        """One row per query, after the behaviour's latency or error."""
        call = len(self.calls)
        self.calls.append(query)
        self.started.append(asyncio.get_running_loop().time())
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            outcome = self._behaviour(query, call) if self._behaviour else None
            if isinstance(outcome, BaseException):
                raise outcome
            await asyncio.sleep(outcome or 0)
        finally:
            self.in_flight -= 1
        return [CoverageCount(provider=self.provider, count=int(query.npa or 0), npa=query.npa)]

    async def search_numbers(self, query: CoverageQuery, limit: int = 10) -> list[AvailableNumber]:
        """Not used by bulk scans."""
        return []


def npa_queries(count: int, first: int = 200) -> list[CoverageQuery]:
    """``count`` NPA queries (distinct up to 800)."""
    return [CoverageQuery(npa=str(first + n % 800)) for n in range(count)]
