"""What a saved scan holds: a summary, each query's answer per provider, and provenance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

import attrs

from numbering_async.coverage import CoverageCount, CoverageQuery

__all__ = [
    "Provenance",
    "ResultLike",
    "SavedFailure",
    "SavedResult",
    "SavedScan",
    "ScanSummary",
    "label_for",
]

_LABELLED_QUERIES = 3
"""How many queries a default label names before it says "and N more"."""


@attrs.frozen(slots=True)
class Provenance:
    """Where one provider's answers came from: the real service, or the sandbox (with its seed
    and market day, when known)."""

    provider: str
    sandbox: bool = False
    seed: int | None = None
    day: int | None = None

    def describe(self) -> str:
        """``telnyx`` or ``telnyx (sandbox, seed 1, day 2)``."""
        if not self.sandbox:
            return self.provider
        return f"{self.provider} ({self.origin()})"

    def origin(self) -> str:
        """``real``, or ``sandbox, seed 1, day 2``."""
        if not self.sandbox:
            return "real"
        seed = "" if self.seed is None else f", seed {self.seed}"
        day = "" if self.day is None else f", day {self.day}"
        return f"sandbox{seed}{day}"


class ResultLike(Protocol):
    """What :meth:`ScanStore.save` reads from each result: a
    :class:`~numbering_async.BulkResult` or a :class:`SavedResult`."""

    @property
    def query_index(self) -> int: ...
    @property
    def query(self) -> CoverageQuery: ...
    @property
    def provider(self) -> str: ...
    @property
    def rows(self) -> Sequence[CoverageCount] | None: ...
    @property
    def error(self) -> object | None: ...


@attrs.frozen(slots=True)
class SavedFailure:
    """A query that failed, as saved: the error's class name and message."""

    type: str
    message: str


@attrs.frozen(slots=True)
class SavedResult:
    """One query on one provider, as saved: ``rows`` or ``error``, never both."""

    query_index: int
    query: CoverageQuery
    provider: str
    rows: tuple[CoverageCount, ...] | None
    error: SavedFailure | None = None

    @property
    def ok(self) -> bool:
        """Whether the query succeeded."""
        return self.error is None

    @property
    def count(self) -> int | None:
        """Total numbers over :attr:`rows`, or ``None`` when the query failed."""
        return None if self.rows is None else sum(row.count for row in self.rows)


@attrs.frozen(slots=True)
class ScanSummary:
    """One saved scan, without its rows: what :meth:`ScanStore.list` returns."""

    id: int
    taken_at: datetime
    """When the scan finished (aware, UTC)."""
    label: str
    """What was scanned, for people (``Coverage of NJ (662 blocks)``)."""
    level: str
    """The ``--by`` level the scan was shown at (``auto``, ``block``, ``locality``, ...)."""
    queries_key: str
    """Equal for two scans of the same queries (in the same order)."""
    query_count: int
    sources: tuple[Provenance, ...]
    totals: Mapping[str, int]
    """Numbers found per provider, over the queries that succeeded."""
    failures: Mapping[str, int]
    """Failed queries per provider."""
    rows: int
    """Coverage rows saved."""

    @property
    def providers(self) -> tuple[str, ...]:
        """The providers asked, in scan order."""
        return tuple(source.provider for source in self.sources)


@attrs.frozen(slots=True)
class SavedScan:
    """A saved scan whole: its summary, its queries, and one result per (query, provider)."""

    summary: ScanSummary
    queries: tuple[CoverageQuery, ...]
    results: tuple[SavedResult, ...]
    """Query-major, like :func:`~numbering_async.bulk_coverage`'s list."""

    @property
    def id(self) -> int:
        """The scan's id (``summary.id``)."""
        return self.summary.id


def label_for(queries: Sequence[CoverageQuery]) -> str:
    """A default label: the first few queries, and how many more."""
    named = ", ".join(query.describe() for query in queries[:_LABELLED_QUERIES])
    more = len(queries) - _LABELLED_QUERIES
    return f"{named} and {more} more" if more > 0 else named
