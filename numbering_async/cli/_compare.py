"""A scan's results side by side: grouped by block, locality, NPA or state, one count per
provider, failed queries shown as unknown (or a lower bound), never as zero.

Kept apart from the command definitions and from the output formats so the shaping of
results (grouping, totals) reads on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import attrs

from numbering_async._grouping import LEVELS
from numbering_async._grouping import key_part as _key_part
from numbering_async.bulk import BulkResult
from numbering_async.coverage import CoverageCount, CoverageQuery

__all__ = ["Comparison", "ComparisonRow", "compare", "pick_level", "possible_levels"]

_FIELDS: Final = ("npa", "nxx", "locality", "state")


@attrs.define(slots=True)
class _Group:
    """Rows of one key while they are being added up."""

    shown: dict[str, str | None] = attrs.Factory(lambda: dict.fromkeys(_FIELDS))
    """Each field's value, as long as the rows agree on it."""
    mixed: set[str] = attrs.Factory(set)
    counts: dict[str, int] = attrs.Factory(dict)
    queries: set[int] = attrs.Factory(set)
    """The queries whose answers (or failures) fall in this group."""
    answered: bool = False
    """Whether any provider returned a row for it (else it is here because it was asked)."""

    def add(self, provider: str, row: CoverageCount, query_index: int) -> None:
        self.counts[provider] = self.counts.get(provider, 0) + row.count
        self.queries.add(query_index)
        self.answered = True
        for field in _FIELDS:
            self._show(field, getattr(row, field))

    def ask(self, query: CoverageQuery, query_index: int) -> None:
        """Note a query that names this group's key, whatever (if anything) came back."""
        self.queries.add(query_index)
        for field in _FIELDS:
            self._show(field, getattr(query, field))

    def _show(self, field: str, value: str | None) -> None:
        current = self.shown[field]
        if value is None or field in self.mixed:
            return
        if current is None:
            self.shown[field] = value
        elif _key_part(field, current) != _key_part(field, value):
            self.mixed.add(field)
            self.shown[field] = None
        elif current.isupper() and not value.isupper():
            self.shown[field] = value  # "Jersey City" reads better than "JERSEYCITY"


@attrs.frozen(slots=True)
class ComparisonRow:
    """One block, locality, NPA or state, with each provider's count.

    A count is ``None`` when every query of the provider for this row failed (unknown, not
    zero); a provider in :attr:`failed` with a count has at least that many (some of its
    queries for the row failed).
    """

    fields: Mapping[str, str | None]
    counts: Mapping[str, int | None]
    failed: frozenset[str] = frozenset()
    """Providers with a failed query in this row."""


@attrs.frozen(slots=True)
class Comparison:
    """A finished (or interrupted) scan grouped by :attr:`level`, one count per provider.

    Every block (or NPA, state, locality) a query asked for is a row, with or without numbers;
    where a provider's query failed, its count is unknown (or a lower bound), never zero.
    """

    providers: Sequence[str]
    level: str
    columns: Sequence[str]
    """The fields shown: the key's, and those that every answered row has one value of."""
    rows: Sequence[ComparisonRow]
    totals: Mapping[str, int]
    """Numbers each provider reported; a lower bound for a provider in :attr:`failed`."""
    covered: Mapping[str, int]
    """How many rows each provider has numbers in."""
    failures: Sequence[BulkResult]
    blocks: Mapping[str, int] | None = None
    """How many blocks each provider has numbers in, when every row names its block."""
    blocks_scanned: int = 0
    """How many distinct blocks were asked about or answered."""

    @property
    def failed(self) -> dict[str, int]:
        """Failed queries per provider (only providers with some)."""
        counts: dict[str, int] = {}
        for result in self.failures:
            counts[result.provider] = counts.get(result.provider, 0) + 1
        return counts


def possible_levels(results: Sequence[BulkResult]) -> list[str]:
    """The levels every returned row can be grouped by, finest first."""
    rows = [row for result in results for row in result.rows or ()]
    return [
        level
        for level, fields in LEVELS.items()
        if all(getattr(row, field) is not None for row in rows for field in fields)
    ]


def pick_level(results: Sequence[BulkResult], *, max_rows: int | None = None) -> str:
    """The finest level every returned row can be grouped by (``"total"`` if none).

    With ``max_rows``, the finest one whose table stays within that many rows instead (or the
    coarsest possible, when none does).
    """
    possible = possible_levels(results)
    if not possible:
        return "total"
    if max_rows is None:
        return possible[0]
    rows = [row for result in results for row in result.rows or ()]
    for level in possible:
        keys = {tuple(_key_part(f, getattr(row, f)) for f in LEVELS[level]) for row in rows}
        if len(keys) <= max_rows:
            return level
    return possible[-1]


def compare(results: Sequence[BulkResult], providers: Sequence[str], level: str) -> Comparison:
    """Group ``results`` by ``level`` (a key of :data:`LEVELS`, or ``"total"``)."""
    key_fields = LEVELS.get(level, ())
    groups: dict[tuple[str, ...], _Group] = {}
    for result in results:
        asked = _key([getattr(result.query, field) for field in key_fields], key_fields)
        if asked is not None:  # a row even if nothing comes back, or the query failed
            groups.setdefault(asked, _Group()).ask(result.query, result.query_index)
        for row in result.rows or ():
            key = _key([getattr(row, field) for field in key_fields], key_fields)
            if key is not None:
                groups.setdefault(key, _Group()).add(result.provider, row, result.query_index)
    failed = {(r.query_index, r.provider) for r in results if r.error is not None}
    blocks, scanned = _blocks(results, providers)
    rows = [_row(group, providers, failed) for _, group in sorted(groups.items())]
    answered = [group for group in groups.values() if group.answered]
    shown = [
        f
        for f in _FIELDS
        if f in key_fields or (answered and all(group.shown[f] for group in answered))
    ]
    return Comparison(
        providers=providers,
        level=level,
        columns=shown,
        rows=rows,
        totals={p: sum(r.counts[p] or 0 for r in rows) for p in providers},
        covered={p: sum(1 for r in rows if r.counts[p]) for p in providers},
        failures=[r for r in results if r.error is not None],
        blocks=blocks,
        blocks_scanned=scanned,
    )


def _key(values: Sequence[str | None], fields: Sequence[str]) -> tuple[str, ...] | None:
    """The group key of ``values`` (of ``fields``), or ``None`` when one is missing."""
    known = [value for value in values if value is not None]
    if len(known) < len(fields):
        return None
    return tuple(_key_part(f, v) for f, v in zip(fields, known, strict=True))


def _row(group: _Group, providers: Sequence[str], failed: set[tuple[int, str]]) -> ComparisonRow:
    """``group`` as a row: a provider's count is unknown if it has none and a query failed."""
    failed_here = frozenset(p for p in providers if any((q, p) in failed for q in group.queries))
    counts = {p: group.counts.get(p, None if p in failed_here else 0) for p in providers}
    return ComparisonRow(fields=dict(group.shown), counts=counts, failed=failed_here)


def _blocks(
    results: Sequence[BulkResult], providers: Sequence[str]
) -> tuple[dict[str, int] | None, int]:
    """Blocks each provider has numbers in (``None`` unless every row names its block), and
    the number of distinct blocks scanned."""
    stocked: dict[str, set[tuple[str, str]]] = {p: set() for p in providers}
    scanned: set[tuple[str | None, str | None]] = set()
    every_row_a_block = True
    for result in results:
        if result.query.nxx is not None:
            scanned.add((result.query.npa, result.query.nxx))
        for row in result.rows or ():
            if row.npa is None or row.nxx is None:
                every_row_a_block = False
                continue
            scanned.add((row.npa, row.nxx))
            if row.count > 0:
                stocked[result.provider].add((row.npa, row.nxx))
    if not every_row_a_block:
        return None, len(scanned)
    return {p: len(found) for p, found in stocked.items()}, len(scanned)
